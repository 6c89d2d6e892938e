/**
 * n-plus-one on receivers that are known only from their class or their type (model instances,
 * model statics reached through `this`, rows of workspace functions), on query builders, on
 * library values that merely hold arrays, and on the smaller data-access libraries: job queues,
 * redbean-node, Objection. The main table is n-plus-one.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../engine/fix-selection';
import { at, assertParses, ruleFixes, ruleTester, runRule } from '../testing/rule-tester';
import { typecheck } from '../testing/typecheck';
import { nPlusOne } from './n-plus-one';

// Models the way sequelize-typescript apps declare them: a workspace base class between the
// model and the library, with helpers that call `this.create` / `this.destroy`.
const baseModel = `import { Model } from 'sequelize-typescript';
export class BaseModel extends Model {
  static async createWithCtx(ctx: { userId: string }, values: Record<string, unknown>) {
    return this.create({ ...values, createdById: ctx.userId });
  }
  async destroyWithCtx(ctx: { userId: string }) {
    await this.destroy();
  }
}
`;
const groupModel = `import { Table } from 'sequelize-typescript';
import { BaseModel } from './base/BaseModel';
@Table
export class Group extends BaseModel {
  declare id: string;
  declare name: string;
  url() {
    return '/groups/' + this.id;
  }
  async childIds(): Promise<string[]> {
    const children = await Group.findAll({ where: { parentId: this.id } });
    return children.map((c) => c.id);
  }
}
`;
const modelsIndex = `export { Group } from './Group';\nexport { GroupUser } from './GroupUser';\n`;
const groupUserModel = `import { BaseModel } from './base/BaseModel';\nexport class GroupUser extends BaseModel {\n  declare userId: string;\n}\n`;
const models = {
  'src/models/base/BaseModel.ts': baseModel,
  'src/models/Group.ts': groupModel,
  'src/models/GroupUser.ts': groupUserModel,
  'src/models/index.ts': modelsIndex,
};

const cacheModule = {
  'package.json': '{ "name": "shortener", "dependencies": { "ioredis": "^5.0.0", "knex": "^3.0.0" } }',
  'server/cache.js': `const Redis = require('ioredis');
let client;
if (process.env.REDIS_URL) {
  client = new Redis(process.env.REDIS_URL);
}
const key = { link: (address) => 'l:' + address };
const remove = {
  link: (link) => {
    if (!link) return;
    return client.del(key.link(link.address));
  },
};
module.exports = { client, key, remove };
`,
  'server/serializers.js': `module.exports.linkHtml = (link) => ({ id: link.id, href: '/' + link.address });\n`,
};
// A presenter handed by name to map: it queries once per row it presents.
const presenterFiles = {
  'src/presenters/group.ts': `import { GroupUser } from '../models';
export async function presentGroup(group: { id: string; name: string }) {
  const memberCount = await GroupUser.count({ where: { groupId: group.id } });
  return { id: group.id, name: group.name, memberCount };
}
`,
  'src/models.ts': `import { Model } from 'sequelize';\nexport class GroupUser extends Model {}\n`,
};

// Model properties whose read does I/O: an attachment's contents fetched from S3 by a getter, and a
// member count kept by a decorator whose property descriptor counts the rows (cached in Redis).
const getterModels = {
  'src/storage.ts': `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export async function getFileBuffer(key: string) {
  const res = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}
`,
  'src/models/Attachment.ts': `import { Model } from 'sequelize-typescript';
import { getFileBuffer } from '../storage';
export class Attachment extends Model {
  declare key: string;
  get isPrivate() {
    return this.key.startsWith('private/');
  }
  get buffer() {
    return getFileBuffer(this.key);
  }
}
`,
  'src/models/decorators/CounterCache.ts': `import Redis from 'ioredis';
const redis = new Redis();
export function CounterCache(as: string) {
  return function (target: object, _key: string) {
    return {
      get(this: { id: string }) {
        return redis.get(\`count:\${as}:\${this.id}\`).then(Number);
      },
    } as any;
  };
}
`,
  'src/models/Group.ts': `import { Model } from 'sequelize-typescript';
import { CounterCache } from './decorators/CounterCache';
export class Group extends Model {
  declare id: string;
  declare name: string;
  @CounterCache('members')
  memberCount: Promise<number>;
}
`,
  'src/helpers/AttachmentHelper.ts': `import type { Attachment } from '../models/Attachment';
export class AttachmentHelper {
  static async readBuffer(attachment: Attachment): Promise<Buffer> {
    try {
      return await attachment.buffer;
    } catch {
      return Buffer.alloc(0);
    }
  }
}
`,
  'src/presenters/group.ts': `import type { Group } from '../models/Group';
export default async function presentGroup(group: Group) {
  return { id: group.id, name: group.name, memberCount: await group.memberCount };
}
`,
};

// File storage the way apps switch backends: an abstract base whose shared method calls an abstract
// one, implemented by a local and an S3 subclass; the configured one is exported typed as the base.
const storageBackends = {
  'src/storage/BaseStorage.ts': `export default abstract class BaseStorage {
  public abstract getFileStream(key: string): Promise<NodeJS.ReadableStream | null>;
  public async getFileBuffer(key: string): Promise<Buffer> {
    const stream = await this.getFileStream(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream ?? []) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks);
  }
}
`,
  'src/storage/LocalStorage.ts': `import fs from 'node:fs';
import BaseStorage from './BaseStorage';
export default class LocalStorage extends BaseStorage {
  public async getFileStream(key: string) {
    return fs.createReadStream(\`/var/files/\${key}\`);
  }
}
`,
  'src/storage/S3Storage.ts': `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import BaseStorage from './BaseStorage';
const client = new S3Client({});
export default class S3Storage extends BaseStorage {
  public async getFileStream(key: string) {
    const res = await client.send(new GetObjectCommand({ Bucket: 'files', Key: key }));
    return res.Body as NodeJS.ReadableStream;
  }
}
`,
  'src/storage/index.ts': `import type BaseStorage from './BaseStorage';
import LocalStorage from './LocalStorage';
import S3Storage from './S3Storage';
const storage: BaseStorage = process.env.FILE_STORAGE === 'local' ? new LocalStorage() : new S3Storage();
export default storage;
`,
  'src/models/Attachment.ts': `import { Model } from 'sequelize-typescript';
import FileStorage from '../storage';
export class Attachment extends Model {
  declare key: string;
  get buffer() {
    return FileStorage.getFileBuffer(this.key);
  }
}
`,
};

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'a getter that only computes (attachment.isPrivate) read per item through a helper',
      code: `import type { Attachment } from './models/Attachment';
async function visibility(attachment: Attachment) {
  return { key: attachment.key, private: await attachment.isPrivate };
}
export async function list(attachments: Attachment[]) {
  for (const attachment of attachments) await visibility(attachment);
}`,
      files: getterModels,
    },
    {
      name: 'a getter that only computes (attachment.isPrivate), awaited in the loop itself',
      code: `import type { Attachment } from './models/Attachment';
export async function privateKeys(attachments: Attachment[]) {
  const keys: string[] = [];
  for (const attachment of attachments) if (await attachment.isPrivate) keys.push(attachment.key);
  return keys;
}`,
      files: getterModels,
    },
    {
      name: 'a storage getter read once, on an object the loop does not iterate',
      code: `import type { Attachment } from './models/Attachment';
export async function stamp(logo: Attachment, pages: { id: string }[]) {
  const out: { id: string; logo: Buffer }[] = [];
  for (const page of pages) out.push({ id: page.id, logo: await logo.buffer });
  return out;
}`,
      files: getterModels,
    },
    {
      name: 'an abstract method whose only implementations compute (no storage behind it), per item',
      code: `abstract class Formatter {
  abstract format(value: number): string;
  async render(value: number) {
    return \`<b>\${this.format(value)}</b>\`;
  }
}
class Currency extends Formatter {
  format(value: number) {
    return value.toFixed(2);
  }
}
const formatter: Formatter = new Currency();
export async function table(prices: number[]) {
  const rows: string[] = [];
  for (const price of prices) rows.push(await formatter.render(price));
  return rows;
}`,
    },
    {
      name: 'a counter-cache getter a presenter reads only when the caller opts in, per group without the option',
      code: `import type { Group } from './models/Group';
async function present(group: Group, options: { includeCount?: boolean } = {}) {
  const out: Record<string, unknown> = { id: group.id };
  if (options.includeCount) out.memberCount = await group.memberCount;
  return out;
}
export async function list(groups: Group[]) {
  const out = [];
  for (const group of groups) out.push(await present(group));
  return out;
}`,
      files: getterModels,
    },
    {
      name: 'a workspace method of a model instance that does not query',
      code: `import { Group } from './models';
export async function links(ids: string[]) {
  const groups = await Group.findAll({ where: { id: ids } });
  return groups.map((group) => group.url());
}`,
      files: models,
    },
    {
      name: 'Knex clauses added in a forEach: the query runs once, after the loop',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function search(filters: { column: string; value: string }[]) {
  const query = db('documents');
  filters.forEach((f) => {
    query.where(f.column, f.value);
  });
  return await query;
}`,
    },
    {
      name: 'Knex builder stored per item and run together in one union',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function latest(ids: number[]) {
  const parts = ids.map((id) => db('events').where({ id }).select('*'));
  return db.unionAll(parts);
}`,
    },
    {
      name: "Array.prototype.find on a TypeORM value's array property is not a query",
      code: `import { EntityMetadata } from 'typeorm';
export function relationsOf(metadata: EntityMetadata, names: string[]) {
  return names.map((name) => metadata.relations.find((r) => r.propertyName === name));
}`,
    },
    {
      name: 'a job scheduled per item inside a cron callback registered in the loop runs later, not per item now',
      code: `import cron from 'node-cron';
import { prisma } from './lib/prisma';
export function scheduleReports(reports: { id: string; spec: string }[]) {
  for (const report of reports) {
    cron.schedule(report.spec, async () => {
      await prisma.report.update({ where: { id: report.id }, data: { lastRunAt: new Date() } });
    });
  }
}`,
      files: { 'src/lib/prisma.ts': `import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n` },
    },
    {
      name: 'inserting chunks of rows: the loop is over batches',
      code: `import knex from 'knex';
import chunk from 'lodash/chunk';
const db = knex({ client: 'pg' });
export async function rebuild(rows: { id: number; path: string }[]) {
  for (const rowsChunk of chunk(rows, 100)) {
    await db.table('pageTree').insert(rowsChunk);
  }
}`,
    },
  ],
  invalid: [
    {
      name: "a helper awaiting a model getter that reads storage (await attachment.buffer), per attachment of an export",
      filename: 'src/routes/documents.ts',
      code: `import { AttachmentHelper } from '../helpers/AttachmentHelper';
import type { Attachment } from '../models/Attachment';
export async function exportAttachments(attachments: Attachment[]) {
  const files: Buffer[] = [];
  for (const attachment of attachments) {
    files.push(await AttachmentHelper.readBuffer(attachment));
  }
  return files;
}`,
      files: getterModels,
      errors: [
        at(6, 22, {
          severity: 'warning',
          message: /^1 request per attachment: `AttachmentHelper\.readBuffer\(\)` \(AWS SDK\) runs for each element of `attachments`: it calls `s3\.send` \(src\/storage\.ts:4\)$/,
          // The chain: the getter read in the helper, the getter's call, the request.
          related: [
            { file: 'src/helpers/AttachmentHelper.ts', line: 5 },
            { file: 'src/models/Attachment.ts', line: 9 },
            { file: 'src/storage.ts', line: 4 },
          ],
        }),
      ],
    },
    {
      name: 'a presenter awaiting a property whose decorator returns a getter (a counter cache), per group',
      filename: 'src/routes/groups.ts',
      code: `import presentGroup from '../presenters/group';
import type { Group } from '../models/Group';
export async function list(groups: Group[]) {
  const out = [];
  for (const group of groups) out.push(await presentGroup(group));
  return out;
}`,
      files: getterModels,
      errors: [at(5, 46, { severity: 'warning', message: /^1 round trip per group: `presentGroup\(\)` \(Redis\) runs for each element of `groups`: it calls `redis\.get` \(src\/models\/decorators\/CounterCache\.ts:7\)$/ })],
    },
    {
      name: 'a storage getter awaited in the loop body itself (const buffer = await attachment.buffer), per attachment of a zip export',
      filename: 'src/routes/export.ts',
      code: `import JSZip from 'jszip';
import type { Attachment } from '../models/Attachment';
export async function zipAttachments(zip: JSZip, attachments: Attachment[]) {
  for (const attachment of attachments) {
    const buffer = await attachment.buffer;
    zip.file(attachment.key, buffer);
  }
}`,
      files: getterModels,
      errors: [
        at(5, 26, {
          severity: 'warning',
          message: /^1 request per attachment: `attachment\.buffer` \(AWS SDK\) runs for each element of `attachments`: it calls `s3\.send` \(src\/storage\.ts:4\)$/,
          // The getter's call, then the request.
          related: [
            { file: 'src/models/Attachment.ts', line: 9 },
            { file: 'src/storage.ts', line: 4 },
          ],
        }),
      ],
    },
    {
      name: 'a counter-cache getter awaited per group in a map callback under Promise.all',
      filename: 'src/presenters/groups.ts',
      code: `import type { Group } from '../models/Group';
export async function counts(groups: Group[]) {
  return Promise.all(groups.map(async (group) => ({ id: group.id, members: await group.memberCount })));
}`,
      files: getterModels,
      errors: [at(3, 82, { message: /^1 round trip per group: `group\.memberCount` \(Redis\) runs for each element of `groups` in its `map` callback.*: it calls `redis\.get`/ })],
    },
    {
      name: "a storage read per attachment through the configured backend's implementation of an abstract method (S3Storage.getFileStream)",
      filename: 'src/routes/export.ts',
      code: `import type { Attachment } from '../models/Attachment';
export async function exportBuffers(attachments: Attachment[]) {
  const out: Buffer[] = [];
  for (const attachment of attachments) {
    const buffer = await attachment.buffer;
    out.push(buffer);
  }
  return out;
}`,
      files: storageBackends,
      errors: [
        at(5, 26, {
          message: /^1 request per attachment: `attachment\.buffer` \(AWS SDK\) runs for each element of `attachments`: it calls `client\.send` \(src\/storage\/S3Storage\.ts:6\)$/,
          // The getter, the base class's method, the abstract call it makes, the subclass's request.
          related: [
            { file: 'src/models/Attachment.ts', line: 6 },
            { file: 'src/storage/BaseStorage.ts', line: 4 },
            { file: 'src/storage/S3Storage.ts', line: 6 },
          ],
        }),
      ],
    },
    {
      name: 'an S3 client made lazily by a private method typed Promise<{ sdk; client: S3Client }>, destructured per call, per key',
      filename: 'src/storage/S3Storage.ts',
      code: `import type * as AwsS3 from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
export default class S3Storage {
  private s3Promise?: Promise<{ sdk: typeof AwsS3; client: S3Client }>;
  public async deleteFiles(keys: string[]) {
    for (const key of keys) {
      const { sdk, client } = await this.getS3();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: 'files', Key: key }));
    }
  }
  private getS3(): Promise<{ sdk: typeof AwsS3; client: S3Client }> {
    this.s3Promise ??= (async () => {
      const sdk = await import('@aws-sdk/client-s3');
      return { sdk, client: new sdk.S3Client({}) };
    })();
    return this.s3Promise;
  }
}`,
      errors: [at(8, 13, { message: /^1 request per key: `client\.send` \(AWS SDK\) runs for each element of `keys`/ })],
    },
    {
      name: 'an instance from an earlier finder, updated per item (sequelize-typescript)',
      code: `import { Group } from './models';
export async function rename(external: { groupId: string; name: string }[]) {
  for (const eg of external) {
    const group = await Group.findByPk(eg.groupId);
    if (group) await group.update({ name: eg.name });
  }
}`,
      files: models,
      // One loop, one finding: the update is a related location with its own message.
      errors: [
        at(4, 25, {
          message: 'up to 2 queries per eg: `Group.findByPk` and `group.update` run for each element of `external`',
          related: [{ file: 'src/server.ts', line: 5 }],
        }),
      ],
    },
    {
      name: 'rows grouped with lodash groupBy, then each row of each group saved (a notification task)',
      filename: 'src/queues/tasks/NotifyMembersTask.ts',
      code: `import groupBy from 'lodash/groupBy';
import { GroupUser } from '../../models';
export async function notify(groupIds: string[]) {
  const memberships = await GroupUser.findAll({ where: { groupId: groupIds } });
  for (const members of Object.values(groupBy(memberships, 'groupId'))) {
    for (const membership of members) {
      membership.userId = membership.userId.trim();
      await membership.save();
    }
  }
}`,
      files: models,
      errors: [at(8, 13, { message: /^1 query per member: `membership\.save` \(Sequelize\) runs for each element of `members`/ })],
    },
    {
      name: '[row] of findOrCreate, saved per item',
      code: `import { Group } from './models';
export async function upsert(names: string[]) {
  for (const name of names) {
    const [group] = await Group.findOrCreate({ where: { name } });
    group.name = name.trim();
    await group.save();
  }
}`,
      files: models,
      errors: [at(4, 27, { message: '2 queries per name: `Group.findOrCreate` and `group.save` run for each element of `names`', related: [{ file: 'src/server.ts', line: 6 }] })],
    },
    {
      name: 'a typed parameter: destroying each membership',
      code: `import type { GroupUser } from './models';
export async function prune(memberships: GroupUser[]) {
  for (const membership of memberships) {
    await membership.destroy();
  }
}`,
      files: models,
      errors: [at(4, 11, { message: /^1 query per membership: `membership\.destroy` \(Sequelize\)/ })],
    },
    {
      name: "a model's own helper that calls this.destroy, per item",
      code: `import { GroupUser } from './models';
export async function leave(ctx: { userId: string }, memberships: GroupUser[]) {
  await Promise.all(memberships.map((m) => m.destroyWithCtx(ctx)));
}`,
      files: models,
      errors: [
        at(3, 44, {
          severity: 'info',
          message: /^1 query per membership: `m\.destroyWithCtx\(\)` \(Sequelize\) runs for each element of `memberships` in its `map` callback, concurrently in `Promise\.all`, but still N queries: it calls `this\.destroy` \(src\/models\/base\/BaseModel\.ts:7\)/,
        }),
      ],
    },
    {
      name: 'rows of a findAll, filtered, each destroyed through the base model helper',
      code: `import { GroupUser } from './models';
export async function removeMissing(ctx: { userId: string }, keep: string[]) {
  const existing = await GroupUser.findAll();
  const removed = existing.filter((m) => !keep.includes(m.userId));
  await Promise.all(removed.map((m) => m.destroyWithCtx(ctx)));
}`,
      files: models,
      errors: [at(5, 40, { severity: 'info', message: /^1 query per item: `m\.destroyWithCtx\(\)` \(Sequelize\)/ })],
    },
    {
      name: 'a static helper inherited from the base model that calls this.create',
      code: `import { GroupUser } from './models';
export async function addAll(ctx: { userId: string }, userIds: string[]) {
  for (const userId of userIds) {
    await GroupUser.createWithCtx(ctx, { userId });
  }
}`,
      files: models,
      errors: [at(4, 11, { message: /^1 query per userId: `GroupUser\.createWithCtx\(\)` \(Sequelize\) runs for each element of `userIds`: it calls `this\.create` \(src\/models\/base\/BaseModel\.ts:4\)/ })],
    },
    {
      name: 'a workspace instance method that queries, on rows of an earlier findAll',
      code: `import { Group } from './models';
export async function tree(parentId: string) {
  const groups = await Group.findAll({ where: { parentId } });
  const out: string[] = [];
  for (const group of groups) out.push(...(await group.childIds()));
  return out;
}`,
      files: models,
      errors: [at(5, 50, { message: /^1 query per group: `group\.childIds\(\)` \(Sequelize\) runs for each element of `groups`: it calls `Group\.findAll`/ })],
    },
    {
      name: "rows from a workspace function's declared return type: only the type checker knows their class",
      code: `import { loadGroups } from './groups';
export async function rename(parentId: string) {
  const groups = await loadGroups(parentId);
  for (const group of groups) {
    group.name = group.name.trim();
    await group.save();
  }
}`,
      files: { ...models, 'src/groups.ts': `import { Group } from './models';\nexport async function loadGroups(parentId: string): Promise<Group[]> {\n  return Group.findAll({ where: { parentId } });\n}\n` },
      errors: [at(6, 11, { message: /^1 query per group: `group\.save` \(Sequelize\)/ })],
    },
    {
      name: 'a TypeORM entity extending BaseEntity, saved per item',
      code: `import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity()
export class Tag extends BaseEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column() name!: string;
}
export async function renameAll(tags: Tag[]) {
  for (const tag of tags) {
    tag.name = tag.name.toLowerCase();
    await tag.save();
  }
}`,
      errors: [at(10, 11, { message: /^1 query per tag: `tag\.save` \(TypeORM\)/ })],
    },
    {
      name: 'an awaited Knex chain per item is a query',
      code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function owners(docs: { ownerId: number }[]) {
  const out = [];
  for (const doc of docs) out.push(await db('users').where({ id: doc.ownerId }));
  return out;
}`,
      errors: [at(5, 42, { message: /^1 query per doc: `db\(…\)\.where` \(Knex\)/ })],
    },
    {
      name: "TypeORM's manager.find per item is still a query",
      code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function authors(posts: { authorId: number }[]) {
  for (const post of posts) await dataSource.manager.find('User', { where: { id: post.authorId } });
}`,
      errors: [at(4, 35, { message: /`dataSource\.manager\.find` \(TypeORM\)/ })],
    },
    {
      name: 'a Bull job added per item: one Redis round trip each (addBulk takes them all)',
      code: `import Queue from 'bull';
const emails = new Queue('emails');
export async function notify(users: { email: string }[]) {
  for (const user of users) {
    await emails.add({ to: user.email });
  }
}`,
      errors: [at(5, 11, { message: /^1 round trip per user: `emails\.add` \(Bull\)/ })],
    },
    {
      name: 'a task wrapper whose schedule() adds a BullMQ job, per attachment',
      code: `import { DeleteAttachmentTask } from './tasks';
export async function purge(attachmentIds: string[]) {
  await Promise.all(attachmentIds.map((attachmentId) => new DeleteAttachmentTask().schedule({ attachmentId })));
}`,
      files: {
        'src/tasks.ts': `import { Queue } from 'bullmq';
const queue = new Queue('tasks');
export class BaseTask<T> {
  schedule(props: T) {
    return queue.add(this.constructor.name, props);
  }
}
export class DeleteAttachmentTask extends BaseTask<{ attachmentId: string }> {}
`,
      },
      errors: [at(3, 57, { severity: 'info', message: /`new DeleteAttachmentTask\(\)\.schedule\(\)` \(Bull\).*: it calls `queue\.add`/ })],
    },
    {
      name: 'a job added per item to a queue made lazily on first use (let cached; cached = createQueue(…))',
      code: `import { taskQueue } from './queues';
export async function purge(attachmentIds: string[]) {
  for (const attachmentId of attachmentIds) {
    await taskQueue().add('DeleteAttachment', { attachmentId });
  }
}`,
      files: {
        'src/queues.ts': `import Queue from 'bull';
function createQueue(name: string) {
  const queue = new Queue(name);
  return queue;
}
let cachedTaskQueue: ReturnType<typeof createQueue> | undefined;
export function taskQueue() {
  if (!cachedTaskQueue) cachedTaskQueue = createQueue('tasks');
  return cachedTaskQueue;
}
`,
      },
      errors: [at(4, 11, { message: /^1 round trip per attachmentId: `taskQueue\(…\)\.add` \(Bull\)/ })],
    },
    {
      name: "redbean-node's R.store per item",
      code: `const { R } = require('redbean-node');
async function saveMonitors(maintenanceId, monitors) {
  for (const monitor of monitors) {
    const bean = R.dispense('monitor_maintenance');
    bean.maintenance_id = maintenanceId;
    bean.monitor_id = monitor.id;
    await R.store(bean);
  }
}
module.exports = { saveMonitors };`,
      filename: 'server/maintenance.js',
      errors: [at(7, 11, { message: /^1 query per monitor: `R\.store` \(RedBean\)/ })],
    },
    {
      name: "Objection's $relatedQuery().relate() awaited per tag",
      code: `import { Model } from 'objection';
export class Page extends Model {
  static tableName = 'pages';
}
export async function tagPage(page: Page, tagIds: number[]) {
  for (const tagId of tagIds) {
    await page.$relatedQuery('tags').relate(tagId);
  }
}`,
      errors: [at(7, 11, { message: /^1 query per tagId: `page\.\$relatedQuery\(…\)\.relate` \(Objection\)/ })],
    },
    {
      name: "one webhook POST per configured channel: each goes to its own address, so info",
      code: `import axios from 'axios';
export async function notifyAll(channels: { webhookUrl: string }[], text: string) {
  for (const channel of channels) {
    await axios.post(channel.webhookUrl, { text });
  }
}`,
      errors: [at(4, 11, { severity: 'info', message: /each goes to its own address \(`channel\.webhookUrl`\), so there may be nothing to batch$/ })],
    },
    {
      name: 'one request per item to the same API stays a warning',
      code: `export async function loadAll(ids: string[]) {
  const out = [];
  for (const id of ids) {
    const url = \`/api/items/\${id}\`;
    out.push(await fetch(url));
  }
  return out;
}`,
      errors: [at(5, 20, { severity: 'warning' })],
    },
  ],
});

describe('n-plus-one through a getter: the chain it reports', () => {
  it('names the getter read as a step (reads `attachment.buffer`), then the getter\'s call, then the request', () => {
    const code = `import { AttachmentHelper } from './helpers/AttachmentHelper';
import type { Attachment } from './models/Attachment';
export async function exportAll(attachments: Attachment[]) {
  for (const attachment of attachments) await AttachmentHelper.readBuffer(attachment);
}
`;
    const { findings } = runRule(nPlusOne, { code, files: getterModels });
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    assert.deepEqual(
      findings[0]!.related.map((r) => r.message),
      ['reads `attachment.buffer`', 'calls `getFileBuffer()`', 'request: `s3.send` (AWS SDK)'],
    );
  });
});

describe('n-plus-one on model instances: the quick fix', () => {
  it('runs the saves concurrently and the result still type-checks against sequelize', () => {
    const files = {
      'src/models.ts': `import { DataTypes, Model, Sequelize } from 'sequelize';
export const sequelize = new Sequelize('postgres://localhost/app');
export class Customer extends Model {
  declare id: number;
  declare email: string;
}
Customer.init({ id: { type: DataTypes.INTEGER, primaryKey: true }, email: DataTypes.STRING }, { sequelize });
`,
    };
    const code = `import { Customer } from './models';
export async function normalise(customers: Customer[]) {
  for (const customer of customers) {
    customer.email = customer.email.toLowerCase();
    await customer.save();
  }
}
`;
    const { findings } = runRule(nPlusOne, { code, files });
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    const fix = ruleFixes(findings[0]!).find((f) => f.title.includes('Promise.all'));
    assert.ok(fix, `fixes: ${ruleFixes(findings[0]!).map((f) => f.title).join(' | ')}`);
    const output = applyEdits(code, fix.edits);
    assert.match(output, /Promise\.all\(/);
    assertParses(output, 'src/server.ts');
    assert.deepEqual(typecheck({ 'src/server.ts': output, ...files }, { module: 'commonjs' }), []);
    assert.deepEqual(typecheck({ 'src/server.ts': code, ...files }, { module: 'commonjs' }), []);
  });
});

const objectionApp = `const { Model } = require('objection');
class User extends Model {
  static get tableName() {
    return 'users';
  }
  static async updateGroups(id, groupIds) {
    const usr = await WIKI.models.users.query().findById(id);
    for (const grp of groupIds) {
      await usr.$relatedQuery('groups').relate(grp);
    }
  }
}
module.exports = User;`;

// A CommonJS app whose `db` module picks its driver at run time, and whose modules are built from mixins.
const dbModule = {
  'src/database/index.js': "const nconf = require('nconf');\nconst primaryDB = require(`./${nconf.get('database')}`);\nprimaryDB.initSessionStore = async function () {\n  return require('./redis').createSessionStore();\n};\nmodule.exports = primaryDB;\n",
  'src/database/redis.js': "const { createClient } = require('redis');\nconst redisModule = module.exports;\nredisModule.client = createClient();\nrequire('./redis/hash')(redisModule);\n",
  'src/database/redis/hash.js': 'module.exports = function (module) {\n  module.getObject = async function (key) {\n    return await module.client.hGetAll(key);\n  };\n};\n',
  'src/topics/index.js': "const Topics = module.exports;\nrequire('./data')(Topics);\n",
  'src/topics/data.js': "const db = require('../database');\nmodule.exports = function (Topics) {\n  Topics.getTopicsFields = async function (tids) {\n    return await db.getObjects(tids.map((tid) => `topic:${tid}`));\n  };\n  Topics.getTopicFields = async function (tid) {\n    const topics = await Topics.getTopicsFields([tid]);\n    return topics[0];\n  };\n};\n",
};

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'a synchronous helper of the db module is no query',
      code: "const db = require('../database');\nmodule.exports = function (rows) {\n  rows.forEach((row) => db.parseIntFields(row, ['uid'], []));\n};\n",
      filename: 'src/api/rows.js',
      files: dbModule,
    },
    {
      name: "a method named like Objection's in a package that does not depend on it",
      code: objectionApp.replace("const { Model } = require('objection');\n", "const { Model } = require('./model');\n"),
      filename: 'server/models/users.js',
      files: { 'package.json': '{ "name": "app", "dependencies": { "knex": "^2.0.0" } }', 'server/models/model.js': 'module.exports = { Model: class {} };\n' },
    },
    {
      name: "Objection's query() builder filled in a loop and run once",
      filename: 'server/models/pages.js',
      code: `const { Model } = require('objection');
module.exports = class Page extends Model {
  static async search(filters) {
    const q = WIKI.models.pages.query();
    for (const f of filters) q.where(f.column, f.value);
    return await q;
  }
};`,
      files: { 'package.json': '{ "name": "wiki", "dependencies": { "objection": "^2.2.0" } }' },
    },
    {
      name: 'lodash and async helpers over rows with no query',
      filename: 'src/api/rows.js',
      code: `const _ = require('lodash');
const async = require('async');
const db = require('../database');
module.exports = async function (rows) {
  const ids = _.map(rows, (r) => r.id);
  await async.eachSeries(rows, async (row) => { row.name = String(row.name).trim(); });
  return db.getObjects(ids.map((id) => 'row:' + id));
};`,
      files: dbModule,
    },
    {
      name: 'a pure serializer handed by name to map',
      filename: 'server/handlers/links.js',
      code: `const knex = require('knex')({ client: 'pg' });
const { linkHtml } = require('../serializers');
module.exports.list = async function (req, res) {
  const links = await knex('links').where({ user_id: req.user.id });
  res.json(links.map(linkHtml));
};`,
      files: cacheModule,
    },
    {
      name: 'a cache helper handed by name to forEach over a short literal list of keys',
      filename: 'server/queries/warmup.js',
      code: `const cache = require('../cache');
module.exports.reset = function () {
  [{ address: 'home' }, { address: 'about' }].forEach(cache.remove.link);
};`,
      files: cacheModule,
    },
    {
      name: 'a helper handed by name to forEach over batches',
      filename: 'server/queries/purge.js',
      code: `const cache = require('../cache');
const chunk = (xs, n) => { const out = []; for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n)); return out; };
module.exports.purge = function (links) {
  chunk(links, 100).forEach(cache.remove.link);
};`,
      files: cacheModule,
    },
  ],
  invalid: [
    {
      name: 'an awaited call per item on a project-local db module that picks its driver at run time',
      code: "const db = require('../database');\nmodule.exports.sessions = async function (sids) {\n  const out = [];\n  for (const sid of sids) out.push(await db.getObject(`session:${sid}`));\n  return out;\n};\n",
      filename: 'src/api/users.js',
      files: dbModule,
      errors: [at(4, 42, { message: /^1 query per sid: `db\.getObject` \(\.\.\/database, a data-access module\) runs for each element of `sids`$/ })],
    },
    {
      // Prisma 6's `prisma-client` generator writes the client where schema.prisma's `output` says
      // (git-ignored); the app wraps it in a default-exported object.
      name: 'a Prisma client generated to src/generated/prisma, reached through export default { client }: upsert by hand per key',
      filename: 'src/queries/sql/sessions/saveSessionData.ts',
      code: `import prisma from '@/lib/prisma';
export async function relationalQuery(rows: { sessionId: string; dataKey: string; stringValue: string }[]) {
  const { client } = prisma;
  for (const data of rows) {
    const { sessionId, dataKey, ...props } = data;
    const updated = await client.sessionData.updateMany({ where: { sessionId, dataKey }, data: { ...props } });
    if (updated.count === 0) {
      await client.sessionData.create({ data });
    }
  }
}`,
      files: {
        'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }',
        'prisma/schema.prisma': 'generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}\n',
        'src/lib/prisma.ts': `import { PrismaClient } from '@/generated/prisma/client';
const PRISMA = 'prisma';
function getClient() {
  const client = new PrismaClient({ errorFormat: 'pretty' });
  if (process.env.NODE_ENV !== 'production') (globalThis as any)[PRISMA] = client;
  return client;
}
const client = ((globalThis as any)[PRISMA] || getClient()) as ReturnType<typeof getClient>;
async function transaction(input: any) {
  return client.$transaction(input);
}
export default { client, transaction };
`,
      },
      errors: [at(6, 27, { message: 'up to 2 queries per row: `client.sessionData.updateMany` and `client.sessionData.create` run for each element of `rows`' })],
    },
    {
      name: 'a Next.js route: a Redis wrapper class held in a typed const of a default-exported object, read per team',
      filename: 'src/app/api/auth/verify/route.ts',
      code: `import { fetchTeam } from '@/lib/load';
export async function POST(request: Request) {
  const teams: { id: string }[] = await request.json();
  const withAccounts = await Promise.all(
    teams.map(async (team) => {
      const account = await fetchTeam(team.id);
      return { ...team, isPro: account?.isPro ?? false };
    }),
  );
  return Response.json(withAccounts);
}`,
      files: {
        'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }',
        'src/lib/redis.ts': `import { createClient, type RedisClientType } from 'redis';
class AppRedisClient {
  client: RedisClientType;
  constructor(url: string) {
    this.client = createClient({ url }) as RedisClientType;
  }
  async get(key: string) {
    const data = await this.client.get(key);
    return data ? JSON.parse(data) : null;
  }
}
const REDIS = Symbol.for('redis');
function getClient() {
  const redis = new AppRedisClient(process.env.REDIS_URL!);
  (globalThis as any)[REDIS] = redis;
  return redis;
}
const client: AppRedisClient = (globalThis as any)[REDIS] || getClient();
const enabled = !!process.env.REDIS_URL;
export default { client, enabled };
`,
        'src/lib/load.ts': "import redis from '@/lib/redis';\nexport async function fetchTeam(teamId: string) {\n  return redis.client.get(`team:${teamId}`);\n}\n",
      },
      errors: [
        at(6, 29, {
          severity: 'info',
          related: [
            { file: 'src/lib/load.ts', line: 3 },
            { file: 'src/lib/redis.ts', line: 8 },
          ],
          message: /^1 round trip per team: `fetchTeam\(\)` \(Redis\) runs for each element of `teams` in its `map` callback, concurrently in `Promise\.all`, but still N round trips: it calls `this\.client\.get`/,
        }),
      ],
    },
    {
      // One loop, one finding: a Problems-panel entry per loop, counting its round trips per item.
      name: 'four awaited calls per tid in one loop body (a scheduled publish job): one finding that counts them',
      filename: 'src/topics/scheduled.js',
      code: `const db = require('../database');
const topics = require('./index');
module.exports.publish = async function (tids) {
  for (const tid of tids) {
    const topic = await topics.getTopicFields(tid);
    await db.sortedSetRemove('topics:scheduled', tid);
    await db.setObjectField('topic:' + tid, 'scheduled', 0);
    await db.sortedSetAdd('cid:' + topic.cid + ':tids', Date.now(), tid);
  }
};`,
      files: dbModule,
      errors: [
        at(5, 25, {
          severity: 'warning',
          message: '4 queries per tid: `topics.getTopicFields()`, `db.sortedSetRemove`, `db.setObjectField` and 1 more run for each element of `tids`',
          // The helper's chain (two steps into data.js), then each other call with its own message.
          related: [
            { file: 'src/topics/data.js', line: 7 },
            { file: 'src/topics/data.js', line: 4 },
            { file: 'src/topics/scheduled.js', line: 6 },
            { file: 'src/topics/scheduled.js', line: 7 },
            { file: 'src/topics/scheduled.js', line: 8 },
          ],
        }),
      ],
    },
    {
      name: 'two passes over the same topics in one function (restore, then last-post time): one finding',
      filename: 'src/topics/scheduled.js',
      code: `const db = require('../database');
async function publish(topicsData) {
  await Promise.all(topicsData.map((t) => db.hset('topic:' + t.tid, 'deleted', 0)));
  await Promise.all(topicsData.map((t) => db.zadd('topics:recent', Date.now(), t.tid)));
  await Promise.all(topicsData.map(({ uid }) => db.incrby('user:' + uid + ':topiccount', 1)));
}
module.exports = { publish };`,
      files: dbModule,
      errors: [
        at(3, 43, {
          severity: 'info',
          message: '3 queries per item: `db.hset`, `db.zadd` and `db.incrby` run for each element of `topicsData` in its `map` callback (in 3 passes), concurrently in `Promise.all`, but still 3N queries',
          related: [
            { file: 'src/topics/scheduled.js', line: 4 },
            { file: 'src/topics/scheduled.js', line: 5 },
          ],
        }),
      ],
    },
    {
      name: 'a call nobody awaits, then an awaited one: the finding sits on the awaited call (the warning)',
      filename: 'src/user/notify.js',
      code: `const db = require('../database');
module.exports.markRead = async function (uids, nid) {
  for (const uid of uids) {
    db.incrObjectField('user:' + uid, 'reads').catch(() => {});
    await db.sortedSetRemove('uid:' + uid + ':notifications:unread', nid);
  }
};`,
      files: dbModule,
      errors: [
        at(5, 11, {
          severity: 'warning',
          message: '2 queries per uid: `db.incrObjectField` and `db.sortedSetRemove` run for each element of `uids`',
          related: [{ file: 'src/user/notify.js', line: 4 }],
        }),
      ],
    },
    {
      name: 'two queries per item in Promise.all(map): one info finding, 2N queries',
      filename: 'src/api/posts.js',
      code: `const db = require('../database');
module.exports.summaries = async function (pids) {
  return Promise.all(pids.map(async (pid) => {
    const post = await db.getObject('post:' + pid);
    const votes = await db.sortedSetCard('pid:' + pid + ':upvote');
    return { ...post, votes };
  }));
};`,
      files: dbModule,
      errors: [
        at(4, 24, {
          severity: 'info',
          message: '2 queries per pid: `db.getObject` and `db.sortedSetCard` run for each element of `pids` in its `map` callback, concurrently in `Promise.all`, but still 2N queries',
        }),
      ],
    },
    {
      name: 'a method a mixin adds to a CommonJS module, calling another mixed-in method that queries',
      code: "const topics = require('../topics');\nmodule.exports.titles = async function (tids) {\n  return Promise.all(tids.map(async (tid) => (await topics.getTopicFields(tid)).title));\n};\n",
      filename: 'src/api/helpers.js',
      files: dbModule,
      errors: [at(3, 53, { severity: 'info', message: /^1 query per tid: `topics\.getTopicFields\(\)` \(\.\.\/database, a data-access module\) .*it calls `db\.getObjects` \(src\/topics\/data\.js:4\)$/ })],
    },
    {
      name: "Objection's $relatedQuery on a row reached through a global (WIKI.models), in a package depending on objection",
      code: objectionApp,
      filename: 'server/models/users.js',
      files: { 'package.json': '{ "name": "wiki", "dependencies": { "objection": "^2.2.0", "knex": "^0.21.0" } }' },
      errors: [at(9, 13, { message: /^1 query per groupId: `usr\.\$relatedQuery\(…\)\.relate` \(Objection\) runs for each element of `groupIds`/ })],
    },
    {
      name: "Objection's Model.query().insert() per new tag, on a model reached through a global, in a package depending on objection",
      filename: 'server/models/tags.js',
      code: `const { Model } = require('objection');
module.exports = class Tag extends Model {
  static async associateTags({ tags }) {
    const existing = await WIKI.models.tags.query().whereIn('tag', tags);
    const created = [];
    for (const tag of tags.filter((t) => !existing.some((e) => e.tag === t))) {
      created.push(await WIKI.models.tags.query().insert({ tag, title: tag }));
    }
    return created;
  }
};`,
      files: { 'package.json': '{ "name": "wiki", "dependencies": { "objection": "^2.2.0", "knex": "^0.21.0" } }' },
      errors: [at(7, 26, { message: /^1 query per tag: `WIKI\.models\.tags\.query\(…\)\.insert` \(Objection\) runs for each element of/ })],
    },
    {
      name: 'module definitions synced to the database at start-up (refresh…FromDisk): info, once per process',
      filename: 'server/models/editors.js',
      code: `const { Model } = require('objection');
module.exports = class Editor extends Model {
  static async refreshEditorsFromDisk(definitions) {
    for (const def of definitions) {
      await WIKI.models.editors.query().patch({ config: def.defaults }).where('key', def.key);
    }
  }
};`,
      files: { 'package.json': '{ "name": "wiki", "dependencies": { "objection": "^2.2.0" } }' },
      errors: [at(5, 13, { severity: 'info', message: /; it runs at start-up \(`refreshEditorsFromDisk`\), once per process, so it may be fine$/ })],
    },
    {
      name: 'a NestJS onModuleInit hook that upserts one row per configured item: info',
      filename: 'src/benchmarks/benchmarks.service.ts',
      code: `import { Injectable, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class BenchmarksService implements OnModuleInit {
  private readonly prisma = new PrismaClient();
  async onModuleInit() {
    const symbols = (process.env.BENCHMARKS ?? '').split(',');
    for (const symbol of symbols) {
      await this.prisma.benchmark.upsert({ where: { symbol }, create: { symbol }, update: {} });
    }
  }
}`,
      errors: [at(9, 13, { severity: 'info', message: /it runs at start-up \(`onModuleInit`\)/ })],
    },
    {
      name: 'a login callback registered in init() runs per login, not at start-up: still a warning',
      filename: 'server/modules/authentication/oidc/authentication.js',
      code: `const { Strategy } = require('passport-openidconnect');
module.exports = {
  init(passport, conf) {
    passport.use('oidc', new Strategy(conf, async (profile, cb) => {
      const user = await WIKI.models.users.query().findById(profile.id);
      for (const groupId of profile.groups) {
        await user.$relatedQuery('groups').relate(groupId);
      }
      cb(null, user);
    }));
  },
};`,
      files: { 'package.json': '{ "name": "wiki", "dependencies": { "objection": "^2.2.0" } }' },
      errors: [at(7, 15, { severity: 'warning', message: /^1 query per group: `user\.\$relatedQuery\(…\)\.relate` \(Objection\) runs for each element of `profile\.groups`$/ })],
    },
    {
      name: 'an S3 read per attachment through the AWS SDK v3 client',
      code: `import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export async function buffers(attachments: { key: string }[]) {
  const out = [];
  for (const attachment of attachments) {
    out.push(await s3.send(new GetObjectCommand({ Bucket: 'files', Key: attachment.key })));
  }
  return out;
}`,
      errors: [at(6, 20, { message: /^1 request per attachment: `s3\.send` \(AWS SDK\)/ })],
    },
    {
      name: "a model's association, read off rows of an earlier query, by its declared type",
      code: `import { Team } from './models/Team';
export async function prune(ctx: { userId: string }) {
  const teams = await Team.findAll();
  for (const team of teams) {
    const membership = team.memberships?.[0];
    if (membership) await membership.destroyWithCtx(ctx);
  }
}`,
      files: {
        ...models,
        'src/models/Team.ts': `import { HasMany } from 'sequelize-typescript';
import { BaseModel } from './base/BaseModel';
import { GroupUser } from './GroupUser';
export class Team extends BaseModel {
  @HasMany(() => GroupUser)
  memberships: GroupUser[];
}
`,
      },
      errors: [at(6, 27, { message: /^1 query per team: `membership\.destroyWithCtx\(\)` \(Sequelize\) runs for each element of `teams`: it calls `this\.destroy`/ })],
    },
    {
      name: "a client made by a workspace function whose declared return type names it",
      code: `import { sequelize } from './storage/database';
export async function counts(attachmentIds: string[]) {
  return Promise.all(attachmentIds.map(async (id) => sequelize.query('SELECT count(*) FROM documents WHERE text LIKE :id', { replacements: { id } })));
}`,
      files: {
        'src/storage/database.ts': `import { Sequelize } from 'sequelize-typescript';
export function createDatabaseInstance(url: string, readOnly = false): Sequelize {
  let instance;
  if (readOnly) instance = new Sequelize(url, { pool: { max: 2 } });
  else instance = new Sequelize(url);
  return instance;
}
export const sequelize = createDatabaseInstance(process.env.DATABASE_URL ?? '');
`,
      },
      errors: [at(3, 54, { severity: 'info', message: /^1 query per attachmentId: `sequelize\.query` \(Sequelize\)/ })],
    },
    {
      name: "a model method held in a property that queries through the model's connection (this.sequelize)",
      code: `import { Doc } from './models/Doc';
export async function expand(ids: string[]) {
  const out: string[][] = [];
  for (const id of ids) {
    const doc = await Doc.findByPk(id, { rejectOnEmpty: true });
    out.push(await doc.childIds());
  }
  return out;
}`,
      files: {
        ...models,
        'src/models/Doc.ts': `import { BaseModel } from './base/BaseModel';
export class Doc extends BaseModel {
  declare id: string;
  childIds = async (): Promise<string[]> => {
    const rows = await this.sequelize!.query('SELECT id FROM docs WHERE "parentId" = :id', { replacements: { id: this.id } });
    return rows.map((r: any) => r.id);
  };
}
`,
      },
      errors: [
        at(5, 23, {
          message: '2 queries per id: `Doc.findByPk` and `doc.childIds()` run for each element of `ids`',
          // The helper call, then the query it reaches.
          related: [
            { file: 'src/server.ts', line: 6 },
            { file: 'src/models/Doc.ts', line: 5 },
          ],
        }),
      ],
    },
    {
      name: 'one mail per user: each to its own recipient, so info',
      code: `import nodemailer from 'nodemailer';
const transport = nodemailer.createTransport({});
export async function invite(users: { email: string }[]) {
  for (const user of users) {
    await transport.sendMail({ to: user.email, subject: 'Welcome' });
  }
}`,
      errors: [at(5, 11, { severity: 'info', message: /each goes to its own address \(`user\.email`\)/ })],
    },
    {
      name: 'a helper whose query runs in a function it hands by name to sequelize.transaction',
      filename: 'src/commands/subscriptions.ts',
      code: `import { Subscription } from '../models';
import { sequelize } from '../storage/database';
export const subscribeUser = async (userId: string, documentId: string, options: { transaction?: unknown } = {}) => {
  const run = (transaction: unknown) => Subscription.findOrCreate({ where: { userId, documentId }, transaction });
  if (options.transaction) {
    await run(options.transaction);
    return;
  }
  await sequelize.transaction(run);
};
export async function subscribeAll(userIds: string[], documentId: string) {
  for (const userId of userIds) {
    await subscribeUser(userId, documentId);
  }
}`,
      files: {
        'src/models.ts': `import { Model } from 'sequelize';\nexport class Subscription extends Model {}\n`,
        'src/storage/database.ts': `import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize('postgres://localhost/app');\n`,
      },
      errors: [at(13, 11, { related: [{ file: 'src/commands/subscriptions.ts', line: 9 }, { file: 'src/commands/subscriptions.ts', line: 4 }], message: /^1 query per userId: `subscribeUser\(\)` \(Sequelize\) .* it calls `Subscription\.findOrCreate`/ })],
    },
    {
      name: 'a list that starts empty and is filled in the handler is no small literal list',
      filename: 'src/routes/posts.js',
      code: `const Post = require('../models/Post');
module.exports.bulk = async function (req, res) {
  const created = [];
  for (const p of req.body.posts) created.push(p);
  const authors = await Promise.all(created.map((c) => Post.findById(c._id)));
  res.json({ authors });
};`,
      files: { 'src/models/Post.js': "const mongoose = require('mongoose');\nmodule.exports = mongoose.model('Post', new mongoose.Schema({ title: String }));\n" },
      errors: [at(5, 56, { severity: 'info', message: /^1 query per item: `Post\.findById` \(Mongoose\) runs for each element of `created`/ })],
    },
    {
      name: 'a Mongoose document made with new Model(…) and saved once per posted item',
      filename: 'src/routes/posts.js',
      code: `const Post = require('../models/Post');
module.exports.bulk = async function (req, res) {
  const created = [];
  for (const body of req.body.posts) {
    const post = new Post(body);
    await post.save();
    created.push(post);
  }
  res.json(created);
};`,
      files: { 'src/models/Post.js': "const mongoose = require('mongoose');\nmodule.exports = mongoose.model('Post', new mongoose.Schema({ title: String }));\n" },
      errors: [at(6, 11, { message: /^1 query per post: `post\.save` \(Mongoose\) runs for each element of `req\.body\.posts`/ })],
    },
    {
      name: 'iteration helpers of async, bluebird and lodash: sequential ones warn, gathering ones are info',
      filename: 'src/notifications.js',
      code: `const async = require('async');
const Promise = require('bluebird');
const _ = require('lodash');
const db = require('./database');
module.exports.push = async function (uids, nid) {
  await async.eachLimit(uids, 3, async (uid) => {
    await db.sortedSetAdd('uid:' + uid + ':notifications', Date.now(), nid);
  });
  await async.eachSeries(uids, async (uid) => {
    await db.getObject('user:' + uid);
  });
  await Promise.map(uids, (uid) => db.getObject('settings:' + uid));
  _.forEach(uids, async (uid) => {
    await db.delete('cache:' + uid);
  });
  return async.map(uids, db.getUserFields);
};`,
      files: dbModule,
      errors: [
        at(7, 11, { severity: 'info', message: /^1 query per uid: `db\.sortedSetAdd` \(\.\/database, a data-access module\) runs for each element of `uids` in its `async\.eachLimit` callback, concurrently in `async\.eachLimit`, but still N queries/ }),
        at(10, 11, { severity: 'warning', message: /in its `async\.eachSeries` callback$/ }),
        at(12, 36, { severity: 'info', message: /concurrently in `Promise\.map`/ }),
        at(14, 11, { severity: 'warning', message: /in its `_\.forEach` callback$/ }),
      ],
    },
    {
      name: 'a function handed by name to async.map',
      filename: 'src/user/invite.js',
      code: `const async = require('async');
const db = require('../database');
async function getInvites(uid) {
  return db.getObject('invitation:uid:' + uid);
}
module.exports.getAllInvites = async function (uids) {
  return async.map(uids, getInvites);
};`,
      files: dbModule,
      errors: [at(7, 10, { severity: 'info', message: /^1 query per uid: `getInvites\(\)` \(\.\.\/database, a data-access module\) runs for each element of `uids` in its `async\.map` callback, concurrently in `async\.map`, but still N queries: it calls `db\.getObject`/ })],
    },
    {
      name: 'a Redis helper handed by name to forEach: one DEL per removed row',
      filename: 'server/queries/link.queries.js',
      code: `const cache = require('../cache');
const knex = require('knex')({ client: 'pg' });
async function batchRemove(match) {
  const links = await knex('links').where(match);
  await knex('links').where(match).delete();
  links.forEach(cache.remove.link);
}
module.exports = { batchRemove };`,
      files: cacheModule,
      errors: [at(6, 3, { related: [{ file: 'server/cache.js', line: 10 }], message: '1 round trip per link: `cache.remove.link()` (Redis) runs for each element of `links` in its `forEach` callback: it calls `client.del` (server/cache.js:10)' })],
    },
    {
      name: 'a presenter handed by name to map in Promise.all, counting members per group',
      filename: 'src/routes/groups.ts',
      code: `import { presentGroup } from '../presenters/group';
export async function list(groups: { id: string; name: string }[]) {
  return { data: await Promise.all(groups.map(presentGroup)) };
}`,
      files: presenterFiles,
      errors: [at(3, 36, { severity: 'info', related: [{ file: 'src/presenters/group.ts', line: 3 }], message: /^1 query per group: `presentGroup\(\)` \(Sequelize\) runs for each element of `groups` in its `map` callback, concurrently in `Promise\.all`, but still N queries: it calls `GroupUser\.count`/ })],
    },
  ],
});
