/**
 * n-plus-one on code written the way apps nobody tuned the rule on write it: index loops whose
 * bound is read once in the initializer, beans made per item and filled by assignment (RedBean),
 * a request handler that validates each item and rejects the request (a 400 is no early exit),
 * feature folders named `migration` below the request layer (a bookmark import, not a schema
 * migration), rows of `sequelize.define` models assigned after their declaration, a client
 * exported through a global with `as PrismaClient`, and CommonJS modules over a key-value store that
 * call their own exports and hand out instances made on a cache miss.
 */
import { at, ruleTester } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

const prismaApp = { 'package.json': '{ "name": "uploads", "dependencies": { "@prisma/client": "^5.1.1", "next": "^13.4.0" } }' };

// A Next.js app that keeps its client on `global` across hot reloads and exports it with a cast.
const globalPrisma = {
  ...prismaApp,
  'src/lib/prisma.ts': `import { PrismaClient } from '@prisma/client';

if (!global.prisma) global.prisma = new PrismaClient();

export default global.prisma as PrismaClient;

declare global {
  var prisma: PrismaClient;
}
`,
};

const redbeanApp = { 'package.json': '{ "name": "status", "dependencies": { "redbean-node": "^0.3.0", "socket.io": "^4.7.0" } }' };

// An Express dashboard over Sequelize, written in JavaScript with `sequelize.define` models.
const sequelizeJs = {
  'package.json': '{ "name": "dashboard", "dependencies": { "sequelize": "^6.35.0", "express": "^4.18.0" } }',
  'db.js': `const { Sequelize } = require('sequelize');
const sequelize = new Sequelize({ dialect: 'sqlite', storage: './data/db.sqlite' });
module.exports = { sequelize };
`,
  'models/App.js': `const { DataTypes } = require('sequelize');
const { sequelize } = require('../db');

const App = sequelize.define('App', {
  name: { type: DataTypes.STRING, allowNull: false },
  url: { type: DataTypes.STRING, allowNull: false },
  isPinned: { type: DataTypes.BOOLEAN, defaultValue: false },
});

module.exports = App;
`,
};

// A pad server over ueberDB, in TypeScript compiled as CommonJS: modules assign `exports.x` and call
// each other through `require`; pads are loaded on a cache miss and typed by an interface.
const padServer = {
  'package.json': '{ "name": "pads", "dependencies": { "ueberdb2": "^4.2.0", "socket.io": "^4.7.0" } }',
  'src/node/db/DB.ts': `import { Database } from 'ueberdb2';
const db = new Database('dirty', { filename: 'var/dirty.db' });
exports.get = (key: string) => db.get(key);
exports.set = (key: string, value: unknown) => db.set(key, value);
exports.getSub = (key: string, sub: string[]) => db.getSub(key, sub);
`,
  'src/node/types/PadType.ts': `export interface PadType { id: string; getHeadRevisionNumber(): number; getLastEdit(): Promise<number> }
`,
  'src/node/db/Pad.ts': `const db = require('./DB');
class Pad {
  head = -1;
  constructor(public id: string) {}
  async init() {
    const value = await db.get(\`pad:\${this.id}\`);
    if (value != null) this.head = value.head;
  }
  getHeadRevisionNumber() {
    return this.head;
  }
  async getLastEdit() {
    return await db.getSub(\`pad:\${this.id}:revs:\${this.head}\`, ['meta', 'timestamp']);
  }
}
exports.Pad = Pad;
`,
  'src/node/db/PadManager.ts': `import { PadType } from '../types/PadType';
const Pad = require('../db/Pad');
const globalPads = new Map<string, PadType>();
exports.getPad = async (id: string): Promise<PadType> => {
  let pad = globalPads.get(id);
  if (pad != null) return pad;
  pad = new Pad.Pad(id);
  await pad.init();
  globalPads.set(id, pad);
  return pad;
};
`,
};

// A Koa + Knex server whose request context is typed by interfaces: `ctx.joplin.models` is the
// model factory, declared `models: Models` on an interface the context interface holds.
const typedContext = {
  'package.json': '{ "name": "notes-server", "dependencies": { "knex": "^3.1.0", "koa": "^2.15.0" } }',
  'src/models/BaseModel.ts': `import { Knex } from 'knex';
export default abstract class BaseModel<T> {
  public constructor(protected db: Knex) {}
  protected abstract get tableName(): string;
  public async load(id: string): Promise<T | undefined> {
    return this.db(this.tableName).where({ id }).first();
  }
}
`,
  'src/models/ShareModel.ts': `import BaseModel from './BaseModel';
export interface Share { id: string; owner_id: string; folder_id: string }
export default class ShareModel extends BaseModel<Share> {
  protected get tableName() {
    return 'shares';
  }
}
`,
  'src/models/factory.ts': `import { Knex } from 'knex';
import ShareModel from './ShareModel';
export class Models {
  public constructor(private db_: Knex) {}
  public share() {
    return new ShareModel(this.db_);
  }
}
`,
  'src/utils/types.ts': `import { Models } from '../models/factory';
interface AppContextJoplin {
  models: Models;
  owner: { id: string };
}
export interface AppContext {
  joplin: AppContextJoplin;
}
`,
};

// A NestJS app whose storage service holds a driver typed by an interface; the module picks the
// S3 or local driver from the configuration.
const storageDrivers = {
  'package.json': '{ "name": "server", "dependencies": { "@nestjs/common": "^10.0.0", "@aws-sdk/client-s3": "^3.500.0", "kysely": "^0.27.0" } }',
  'src/integrations/storage/interfaces/storage-driver.interface.ts': `export interface StorageDriver {
  copy(fromFilePath: string, toFilePath: string): Promise<void>;
  delete(filePath: string): Promise<void>;
}
`,
  'src/integrations/storage/interfaces/index.ts': `export * from './storage-driver.interface';
`,
  'src/integrations/storage/drivers/s3.driver.ts': `import { CopyObjectCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { StorageDriver } from '../interfaces';
export class S3Driver implements StorageDriver {
  private readonly s3Client = new S3Client({});
  constructor(private readonly bucket: string) {}
  async copy(fromFilePath: string, toFilePath: string): Promise<void> {
    await this.s3Client.send(new CopyObjectCommand({ Bucket: this.bucket, CopySource: \`\${this.bucket}/\${fromFilePath}\`, Key: toFilePath }));
  }
  async delete(filePath: string): Promise<void> {
    await this.s3Client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: filePath }));
  }
}
`,
  'src/integrations/storage/drivers/local.driver.ts': `import { promises as fs } from 'node:fs';
import { StorageDriver } from '../interfaces';
export class LocalDriver implements StorageDriver {
  async copy(fromFilePath: string, toFilePath: string): Promise<void> {
    await fs.copyFile(fromFilePath, toFilePath);
  }
  async delete(filePath: string): Promise<void> {
    await fs.rm(filePath, { force: true });
  }
}
`,
  'src/integrations/storage/storage.service.ts': `import { Inject, Injectable } from '@nestjs/common';
import { StorageDriver } from './interfaces';
@Injectable()
export class StorageService {
  constructor(@Inject('STORAGE_DRIVER_TOKEN') private storageDriver: StorageDriver) {}
  async copy(fromFilePath: string, toFilePath: string) {
    await this.storageDriver.copy(fromFilePath, toFilePath);
  }
  async delete(filePath: string) {
    await this.storageDriver.delete(filePath);
  }
}
`,
};

// A Next.js app whose storage backend is chosen at start-up among subclasses of an abstract class
// and kept on `global`, exported with a cast to the base class.
const datasources = {
  ...prismaApp,
  'src/lib/datasources/Datasource.ts': `export abstract class Datasource {
  public name: string;
  public abstract save(file: string, data: Buffer): Promise<void>;
  public abstract delete(file: string): Promise<void>;
}
`,
  'src/lib/datasources/Local.ts': `import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Datasource } from './Datasource';
export class Local extends Datasource {
  public name = 'local';
  public constructor(public path: string) {
    super();
  }
  public async save(file: string, data: Buffer): Promise<void> {
    await writeFile(join(this.path, file), data);
  }
  public async delete(file: string): Promise<void> {
    await rm(join(this.path, file));
  }
}
`,
  'src/lib/datasources/Supabase.ts': `import { Datasource } from './Datasource';
export class Supabase extends Datasource {
  public name = 'supabase';
  public constructor(public config: { url: string; key: string; bucket: string }) {
    super();
  }
  public async save(file: string, data: Buffer): Promise<void> {
    await fetch(\`\${this.config.url}/storage/v1/object/\${this.config.bucket}/\${file}\`, { method: 'POST', body: data, headers: { Authorization: \`Bearer \${this.config.key}\` } });
  }
  public async delete(file: string): Promise<void> {
    await fetch(\`\${this.config.url}/storage/v1/object/\${this.config.bucket}/\${file}\`, { method: 'DELETE', headers: { Authorization: \`Bearer \${this.config.key}\` } });
  }
}
`,
  'src/lib/datasource.ts': `import { Datasource } from './datasources/Datasource';
import { Local } from './datasources/Local';
import { Supabase } from './datasources/Supabase';

if (!global.datasource) {
  global.datasource = process.env.DATASOURCE === 'supabase'
    ? new Supabase({ url: process.env.SUPABASE_URL!, key: process.env.SUPABASE_KEY!, bucket: 'uploads' })
    : new Local('./uploads');
}

export default global.datasource as Datasource;

declare global {
  var datasource: Datasource;
}
`,
};

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'a schema migration in a migrations folder still runs once, off the request path',
      filename: 'prisma/migrations/20240101_backfill_names.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function up(users: { id: number; first: string; last: string }[]) {
  for (const u of users) {
    await prisma.user.update({ where: { id: u.id }, data: { name: \`\${u.first} \${u.last}\` } });
  }
}`,
      files: prismaApp,
    },
    {
      name: 'a loop that returns the first row it finds is a search that ends early',
      filename: 'src/lib/slug.ts',
      code: `import prisma from './prisma';
export async function firstTaken(names: string[]) {
  for (let i = 0, n = names.length; i !== n; ++i) {
    const existing = await prisma.file.findFirst({ where: { name: names[i] } });
    if (existing) return existing;
  }
  return null;
}`,
      files: globalPrisma,
    },
    {
      name: 'parent-before-child inserts: each pass needs the row the previous one made',
      filename: 'src/lib/folders.ts',
      code: `import prisma from './prisma';
export async function makePath(segments: { name: string }[]) {
  let parentId: number | null = null;
  for (const segment of segments) {
    const folder = await prisma.folder.create({ data: { name: segment.name, parentId } });
    parentId = folder.id;
  }
  return parentId;
}`,
      files: globalPrisma,
    },
    {
      name: 'a plain object picked from a plain list is no row: its update() is the app\'s own',
      filename: 'controllers/apps/syncIcons.js',
      code: `const App = require('../../models/App');
const syncIcons = async (configs, items) => {
  const apps = await App.findAll();
  for (const item of items) {
    const config = configs.find((c) => c.name === item.name);
    await config.update({ icon: item.icon });
  }
  return apps;
};
module.exports = syncIcons;`,
      files: sequelizeJs,
    },
    {
      name: 'bare "pages" of results are batches handed on whole',
      filename: 'server/jobs/export.js',
      code: `const { R } = require('redbean-node');
async function exportAll(pages) {
  for (const page of pages) {
    await R.exec('INSERT INTO export_rows SELECT * FROM json_each(?)', [JSON.stringify(page)]);
  }
}
module.exports = exportAll;`,
      files: redbeanApp,
    },
    {
      name: 'one read of the group\'s session list, then its ids in memory',
      filename: 'src/node/db/SessionManager.ts',
      code: `const db = require('./DB');
exports.listSessionIds = async (groupID: string) => {
  const sessionObject = await db.get(\`group2sessions:\${groupID}\`);
  return Object.keys(sessionObject?.sessionIDs || {}).map((id) => id.trim());
};`,
      files: padServer,
    },
    {
      name: 'Koa: one load through the typed context, outside any loop',
      filename: 'src/routes/api/share.ts',
      code: `import { AppContext } from '../../utils/types';
export async function getShare(ctx: AppContext, ids: string[]) {
  const share = await ctx.joplin.models.share().load(ids[0]!);
  return ids.map((id) => ({ id, folder: share?.folder_id }));
}`,
      files: typedContext,
    },
    {
      name: 'NestJS: one storage delete of an upload, no loop around it',
      filename: 'src/core/attachment/attachment.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { StorageService } from '../../integrations/storage/storage.service';
@Injectable()
export class AttachmentService {
  constructor(private readonly storageService: StorageService) {}
  async remove(attachments: { filePath: string }[]) {
    const paths = attachments.map((a) => a.filePath);
    await this.storageService.delete(paths[0]!);
  }
}`,
      files: storageDrivers,
    },
  ],
  invalid: [
    {
      name: 'an index loop whose bound is read once in the initializer (`i !== L`)',
      filename: 'src/server/stats.ts',
      code: `import prisma from '../lib/prisma';
export async function getStats() {
  const byUser = await prisma.file.groupBy({ by: ['userId'], _count: { _all: true } });
  const countByUser = [];
  for (let i = 0, L = byUser.length; i !== L; ++i) {
    if (!byUser[i].userId) continue;
    const user = await prisma.user.findFirst({ where: { id: byUser[i].userId } });
    countByUser.push({ username: user?.username, count: byUser[i]._count._all });
  }
  return countByUser;
}`,
      files: globalPrisma,
      errors: [at(7, 24, { message: /^1 query per item: `prisma\.user\.findFirst` \(Prisma\) runs for each element of `byUser`/ })],
    },
    {
      name: 'a Next.js upload route that rejects a taken name with a 400 still checks every file when none is taken',
      filename: 'src/pages/api/upload.ts',
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import prisma from '../../lib/prisma';
export default async function handler(req: NextApiRequest & { files: { originalname: string }[] }, res: NextApiResponse) {
  for (let i = 0; i !== req.files.length; ++i) {
    const file = req.files[i];
    const decodedName = decodeURI(file.originalname);
    const existing = await prisma.file.findFirst({ where: { name: decodedName } });
    if (existing) return res.status(400).json({ error: \`file[\${i}]: filename already exists\` });
  }
  res.json({ ok: true });
}`,
      files: globalPrisma,
      errors: [at(7, 28, { message: /^1 query per file: `prisma\.file\.findFirst` \(Prisma\) runs for each element of `req\.files`/ })],
    },
    {
      name: 'a bookmark import under lib/api/controllers/migration/ is a request feature, not a schema migration',
      filename: 'lib/api/controllers/migration/importFromPocket.ts',
      code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export default async function importFromPocket(userId: number, collectionId: number, backup: { url: string; title: string }[]) {
  await prisma.$transaction(async () => {
    for (const link of backup) {
      await prisma.link.create({ data: { url: link.url.slice(0, 2047), name: link.title, collectionId, createdById: userId } });
    }
  });
}`,
      files: prismaApp,
      errors: [at(6, 13, { message: /^1 query per link: `prisma\.link\.create` \(Prisma\) runs for each element of `backup`/ })],
    },
    {
      name: 'RedBean: a bean dispensed per status page and filled from it by assignment, stored per item',
      filename: 'server/socket-handlers/maintenance-socket-handler.js',
      code: `const { R } = require('redbean-node');
module.exports.maintenanceSocketHandler = (socket) => {
  socket.on('addMaintenanceStatusPage', async (maintenanceID, statusPages, callback) => {
    await R.exec('DELETE FROM maintenance_status_page WHERE maintenance_id = ?', [maintenanceID]);
    for await (const statusPage of statusPages) {
      const bean = R.dispense('maintenance_status_page');
      bean.import({ status_page_id: statusPage.id, maintenance_id: maintenanceID });
      await R.store(bean);
    }
    callback({ ok: true });
  });
};`,
      files: redbeanApp,
      errors: [at(8, 13, { message: /^1 query per statusPage: `R\.store` \(RedBean\) runs for each element of `statusPages`/ })],
    },
    {
      name: 'RedBean: a bean declared in the body and assigned per group carries nothing from the previous pass',
      filename: 'server/socket-handlers/status-page-socket-handler.js',
      code: `const { R } = require('redbean-node');
module.exports.statusPageSocketHandler = (socket) => {
  socket.on('saveStatusPage', async (slug, config, publicGroupList, callback) => {
    let groupOrder = 1;
    for (const group of publicGroupList) {
      let groupBean;
      if (group.id) {
        groupBean = await R.findOne('group', ' id = ? AND public = 1 ', [group.id]);
      } else {
        groupBean = R.dispense('group');
      }
      groupBean.name = group.name;
      groupBean.weight = groupOrder++;
      await R.store(groupBean);
      await R.exec('DELETE FROM monitor_group WHERE group_id = ? ', [groupBean.id]);
    }
    callback({ ok: true });
  });
};`,
      files: redbeanApp,
      errors: [at(8, 27, { message: /^up to 3 queries per group: `R\.findOne`, `R\.store` and `R\.exec` run for each element of `publicGroupList`/ })],
    },
    {
      name: 'Sequelize in JavaScript: rows of a sequelize.define model assigned to a parameter, updated one by one',
      filename: 'controllers/apps/docker/useDocker.js',
      code: `const App = require('../../../models/App');
const useDocker = async (apps, containers, unpinStoppedApps) => {
  if (containers) {
    apps = await App.findAll({ order: [['name', 'ASC']] });
    if (unpinStoppedApps) {
      for (const app of apps) {
        await app.update({ isPinned: false });
      }
    }
  }
  return apps;
};
module.exports = useDocker;`,
      files: sequelizeJs,
      errors: [at(7, 15, { message: /^1 query per app: `app\.update` \(Sequelize\) runs for each element of `apps`/ })],
    },
    {
      name: 'Sequelize in JavaScript: a row picked from the rows for each discovered item, then updated',
      filename: 'controllers/apps/docker/useKubernetes.js',
      code: `const App = require('../../../models/App');
const useKubernetes = async (kubernetesApps) => {
  const apps = await App.findAll();
  for (const item of kubernetesApps) {
    const app = apps.find((a) => a.name === item.name);
    if (app) await app.update({ ...item, isPinned: true });
  }
};
module.exports = useKubernetes;`,
      files: sequelizeJs,
      errors: [at(6, 20, { message: /^1 query per kubernetesApp: `app\.update` \(Sequelize\) runs for each element of `kubernetesApps`/ })],
    },
    {
      name: 'Koa: a model reached through a context typed by interfaces, loaded once per share user',
      filename: 'src/routes/api/share_users.ts',
      code: `import { AppContext } from '../../utils/types';
export async function listShareUsers(ctx: AppContext, shareUsers: { id: string; share_id: string }[]) {
  const items = [];
  for (const su of shareUsers) {
    const share = await ctx.joplin.models.share().load(su.share_id);
    items.push({ id: su.id, folder_id: share?.folder_id });
  }
  return items;
}`,
      files: typedContext,
      errors: [at(5, 25, { message: /^1 query per shareUser: `ctx\.joplin\.models\.share\(\)\.load\(\)` \(Knex\) runs for each element of `shareUsers`/ })],
    },
    {
      name: 'NestJS: a storage copy per attachment through a driver typed by an interface (S3 or local)',
      filename: 'src/core/page/page.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { StorageService } from '../../integrations/storage/storage.service';
@Injectable()
export class PageService {
  constructor(private readonly storageService: StorageService, private readonly db: Kysely<{ attachments: { id: string; pageId: string; filePath: string } }>) {}
  async duplicateAttachments(pageId: string, newIds: Map<string, string>) {
    const attachments = await this.db.selectFrom('attachments').selectAll().where('pageId', '=', pageId).execute();
    for (const attachment of attachments) {
      const newPath = attachment.filePath.replace(attachment.id, newIds.get(attachment.id)!);
      await this.storageService.copy(attachment.filePath, newPath);
    }
  }
}`,
      files: storageDrivers,
      errors: [at(11, 13, { message: /^1 request per attachment: `this\.storageService\.copy\(\)` \(AWS SDK\) runs for each element of `attachments`: it calls `this\.s3Client\.send`/ })],
    },
    {
      name: 'Next.js: a storage delete per file through a backend typed by an abstract class and exported with a cast',
      filename: 'src/pages/api/user/files.ts',
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import datasource from '../../../lib/datasource';
import prisma from '../../../lib/prisma';
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const files = await prisma.file.findMany({ where: { userId: Number(req.query.id) } });
  for (let i = 0; i !== files.length; ++i) {
    await datasource.delete(files[i].name);
  }
  res.json({ deleted: files.length });
}`,
      files: { ...datasources, ...globalPrisma },
      errors: [at(7, 11, { message: /^1 request per file: `datasource\.delete\(\)` runs for each element of `files`: it calls `fetch`/ })],
    },
    {
      name: 'a CommonJS module calling its own export per session, one db.get each',
      filename: 'src/node/db/SessionManager.ts',
      code: `const db = require('./DB');
exports.getSessionInfo = async (sessionID: string) => {
  const session = await db.get(\`session:\${sessionID}\`);
  if (session == null) throw new Error('sessionID does not exist');
  return session;
};
exports.listSessionsOfGroup = async (groupID: string) => {
  const sessionObject = await db.get(\`group2sessions:\${groupID}\`);
  const sessions = sessionObject ? sessionObject.sessionIDs : null;
  for (const sessionID of Object.keys(sessions || {})) {
    sessions[sessionID] = await exports.getSessionInfo(sessionID);
  }
  return sessions;
};`,
      files: padServer,
      errors: [at(11, 33, { message: /^1 query per sessionID: `exports\.getSessionInfo\(\)` \(ueberDB\) runs for each element of `Object\.keys\(sessions \|\| \{\}\)`: it calls `db\.get`/ })],
    },
    {
      name: 'an admin pad list: each pad loaded on a cache miss and its last edit read, per pad',
      filename: 'src/node/hooks/express/adminsettings.ts',
      code: `const padManager = require('../../db/PadManager');
export const socketio = (socket: { on(event: string, fn: (q: { offset: number; limit: number }) => Promise<void>): void; emit(e: string, d: unknown): void }, padIDs: string[]) => {
  socket.on('padLoad', async (query) => {
    const results = [];
    for (const padId of padIDs.slice(query.offset, query.offset + query.limit)) {
      const pad = await padManager.getPad(padId);
      results.push({ padName: padId, lastEdited: await pad.getLastEdit(), revisionNumber: pad.getHeadRevisionNumber() });
    }
    socket.emit('results:padLoad', results);
  });
};`,
      files: padServer,
      errors: [at(6, 25, { message: /^2 queries per padId: `padManager\.getPad\(\)` and `pad\.getLastEdit\(\)` run for each element of `padIDs\.slice/ })],
    },
    {
      name: 'async map promises handed on whole to a helper all start at once: info, not a sequential warning',
      filename: 'src/node/db/AuthorLookup.ts',
      code: `const db = require('./DB');
const firstSatisfies = async <T>(promises: Promise<T>[], pred: (x: T) => boolean) => (await Promise.all(promises)).find(pred);
exports.getAuthorId = async (groupID: string, sessionIDs: string[]) => {
  const infos = sessionIDs.map(async (id) => await db.get(\`session:\${id}\`));
  const info = await firstSatisfies(infos, (si: { groupID: string } | null) => si?.groupID === groupID);
  return info;
};`,
      files: padServer,
      errors: [at(4, 52, { severity: 'info', message: /^1 query per id: `db\.get\(\)` \(ueberDB\) runs for each element of `sessionIDs` in its `map` callback, concurrently in `firstSatisfies`/ })],
    },
  ],
});
