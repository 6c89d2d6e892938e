/**
 * n-plus-one through the app's own model layer: Knex model classes handed out by a factory
 * (`this.models().user().load(id)`), Kysely repositories injected into NestJS services, plain
 * model classes whose rows come from a static finder (`await Tag.findOne(…)`) over a project `db`
 * module that picks its driver at run time, and key-value stores (ueberDB) wrapped by the app.
 */
import { at, ruleTester } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

// A Knex app that keeps one model class per table over a shared base class, and a factory that
// hands the models out (the way joplin-server and similar Koa/Knex services are written).
const knexModels = {
  'package.json': '{ "name": "notes-server", "dependencies": { "knex": "^3.1.0", "koa": "^2.15.0" } }',
  'src/db.ts': `import { Knex } from 'knex';
export type DbConnection = Knex;
export interface User { id: string; email: string }
export interface Share { id: string; owner_id: string; item_id: string }
`,
  'src/models/BaseModel.ts': `import { DbConnection } from '../db';
import type { Models } from './factory';

export default abstract class BaseModel<T> {
  public constructor(protected db_: DbConnection, private modelFactory_: () => Models) {}

  protected abstract get tableName(): string;

  protected get db(): DbConnection {
    return this.db_;
  }

  protected models(): Models {
    return this.modelFactory_();
  }

  public async load(id: string): Promise<T | undefined> {
    return this.db(this.tableName).where({ id }).first();
  }

  public async delete(id: string): Promise<void> {
    await this.db(this.tableName).where({ id }).delete();
  }
}
`,
  'src/models/UserModel.ts': `import BaseModel from './BaseModel';
import { User } from '../db';

export default class UserModel extends BaseModel<User> {
  protected get tableName() {
    return 'users';
  }

  public async loadByEmail(email: string): Promise<User | undefined> {
    return this.db(this.tableName).where({ email }).first();
  }
}
`,
  'src/models/ShareModel.ts': `import BaseModel from './BaseModel';
import { Share } from '../db';

export default class ShareModel extends BaseModel<Share> {
  protected get tableName() {
    return 'shares';
  }

  public async ownersOf(shares: Share[]) {
    const owners = [];
    for (const share of shares) {
      owners.push(await this.models().user().load(share.owner_id));
    }
    return owners;
  }

  public async byIds(ids: string[]): Promise<Share[]> {
    return this.db(this.tableName).whereIn('id', ids);
  }
}
`,
  'src/models/factory.ts': `import { DbConnection } from '../db';
import UserModel from './UserModel';
import ShareModel from './ShareModel';

export class Models {
  public constructor(private db_: DbConnection) {}

  public user() {
    return new UserModel(this.db_, () => this);
  }

  public share(): ShareModel {
    return new ShareModel(this.db_, () => this);
  }
}

export default function newModelFactory(db: DbConnection): Models {
  return new Models(db);
}
`,
};

// Kysely repositories injected into NestJS services (docmost- and immich-style).
const kyselyRepos = {
  'package.json': '{ "name": "wiki-server", "dependencies": { "@nestjs/common": "^10.0.0", "kysely": "^0.27.0", "nestjs-kysely": "^1.0.0" } }',
  'src/database/types.ts': `export interface DB {\n  users: { id: string; name: string; workspaceId: string };\n  pages: { id: string; title: string; creatorId: string };\n}\n`,
  'src/database/repos/user.repo.ts': `import { Injectable } from '@nestjs/common';
import { InjectKysely } from 'nestjs-kysely';
import { Kysely } from 'kysely';
import { DB } from '../types';

@Injectable()
export class UserRepo {
  constructor(@InjectKysely() private readonly db: Kysely<DB>) {}

  async findById(userId: string, workspaceId: string) {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .where('workspaceId', '=', workspaceId)
      .executeTakeFirst();
  }

  async findByIds(userIds: string[]) {
    if (userIds.length === 0) return [];
    return this.db.selectFrom('users').selectAll().where('id', 'in', userIds).execute();
  }
}
`,
};

/** The first lines of a NestJS class that holds an injected Kysely (8 lines, so findings keep their lines). */
const kyselyClassHead = (cls: string, types: string) => `import { Injectable } from '@nestjs/common';
import { InjectKysely } from 'nestjs-kysely';
import { Kysely } from 'kysely';
import { DB } from '${types}';

@Injectable()
export class ${cls} {
  constructor(@InjectKysely() private readonly db: Kysely<DB>) {}
`;

// A project \`db\` module that loads the driver configured at run time; model classes over it.
const runtimeDriverDb = {
  'package.json': '{ "name": "builder", "private": true, "workspaces": ["packages/*"] }',
  'packages/postgres/package.json': '{ "name": "@builder/postgres", "dependencies": { "pg": "^8.11.0" } }',
  'packages/postgres/postgres.ts': `import { Pool } from 'pg';
let pool: Pool;
export const init = (connect: () => { url: string }) => {
  pool = new Pool({ connectionString: connect().url });
};
export const select = async (table: string, where: Record<string, unknown>) => {
  const keys = Object.keys(where);
  const sql = 'select * from "' + table + '"' + (keys.length ? ' where ' + keys.map((k, i) => '"' + k + '" = $' + (i + 1)).join(' and ') : '');
  return (await pool.query(sql, Object.values(where))).rows;
};
export const selectAny = async (table: string, wheres: Record<string, unknown>[]) => (await Promise.all(wheres.map((w) => select(table, w)))).flat();
export const selectMaybeOne = async (table: string, where: Record<string, unknown>) => (await select(table, where))[0] ?? null;
export const insert = async (table: string, row: Record<string, unknown>) => {
  const keys = Object.keys(row);
  await pool.query('insert into "' + table + '" (' + keys.join(',') + ') values (' + keys.map((_, i) => '$' + (i + 1)).join(',') + ')', Object.values(row));
};
export const update = async (table: string, row: Record<string, unknown>, id: number) => {
  await pool.query('update "' + table + '" set name = $1 where id = $2', [row.name, id]);
};
export const withTransaction = async <T>(fn: () => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } finally {
    client.release();
  }
};
export const runWithTenant = async <T>(tenant: string, fn: () => Promise<T>): Promise<T> => fn();
export const deleteWhere = async (table: string, where: Record<string, unknown>) => {
  await pool.query('delete from "' + table + '" where id = $1', [where.id]);
};
`,
  'packages/data/package.json': '{ "name": "@builder/data", "dependencies": { "@builder/postgres": "*" } }',
  'packages/data/db/index.ts': `import { createRequire } from 'module';
import * as postgres from '@builder/postgres/postgres';
import { getConnectObject } from './connect';
const require = createRequire(import.meta.url);

const connectObj = getConnectObject();
const driver: any = connectObj.db_driver ? require(connectObj.db_driver) : postgres;
driver.init(getConnectObject);

const db: typeof postgres = { ...driver };
export default db;
`,
  'packages/data/db/connect.ts': `export const getConnectObject = () => ({ url: process.env.DATABASE_URL ?? '', db_driver: process.env.DB_DRIVER });\n`,
  'packages/data/models/tag_entry.ts': `import db from '../db';

export default class TagEntry {
  constructor(public tag_id: number, public table_id?: number) {}

  static async create(cfg: { tag_id: number; table_id?: number }): Promise<TagEntry> {
    await db.insert('_tag_entries', cfg);
    return new TagEntry(cfg.tag_id, cfg.table_id);
  }
}
`,
  'packages/data/models/tag.ts': `import db from '../db';
import TagEntry from './tag_entry';

export default class Tag {
  constructor(public id: number, public name: string) {}

  static async findOne(where: { id?: number; name?: string }): Promise<Tag | null> {
    const row = await db.selectMaybeOne('_tags', where);
    return row ? new Tag(row.id, row.name) : null;
  }

  static async rename(id: number, name: string): Promise<void> {
    await db.withTransaction(async () => {
      await db.update('_tags', { name }, id);
    });
  }

  static async find(): Promise<Tag[]> {
    return (await db.select('_tags', {})).map((r: any) => new Tag(r.id, r.name));
  }

  async addEntry(entry: { table_id?: number }): Promise<void> {
    await TagEntry.create({ tag_id: this.id, ...entry });
  }

  async delete(): Promise<void> {
    await db.deleteWhere('_tags', { id: this.id });
  }
}
`,
};

// A pad server over ueberDB: the store is opened in one module, which hands its methods out under
// computed names (promisified), and is imported everywhere as \`db\`.
const ueberDbApp = {
  'package.json': '{ "name": "pad-server", "dependencies": { "ueberdb2": "^4.2.0", "express": "^4.19.0" } }',
  'src/node/db/DB.js': `'use strict';
const ueberDB = require('ueberdb2');
const settings = require('../utils/Settings');

exports.db = null;

exports.init = async () => {
  exports.db = new ueberDB.Database(settings.dbType, settings.dbSettings);
  await exports.db.init();
  for (const fn of ['get', 'set', 'findKeys', 'getSub', 'setSub', 'remove']) {
    const f = exports.db[fn];
    exports[fn] = async (...args) => await f.call(exports.db, ...args);
  }
};
`,
  'src/node/utils/Settings.js': `exports.dbType = 'dirty';\nexports.dbSettings = { filename: 'var/dirty.db' };\n`,
};

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'ueberDB: one findKeys for the whole prefix, then values already in memory',
      filename: 'src/node/db/AuthorManager.js',
      code: `const db = require('./DB');
exports.listAuthors = async (cache) => {
  const keys = await db.findKeys('globalAuthor:*', null);
  return keys.map((key) => cache.get(key));
};`,
      files: ueberDbApp,
    },
    {
      name: 'a Knex transaction loop whose comment says why it runs in order',
      filename: 'src/lists/lists.service.ts',
      code: `import { Knex } from 'knex';
export class ListsService {
  constructor(private readonly knex: Knex) {}
  async reorder(ids: number[]) {
    await this.knex.transaction(async (trx) => {
      // one at a time: the unique (list_id, position) index rejects a swap done in one statement
      for (const [position, id] of ids.entries()) {
        await trx('items').where({ id }).update({ position });
      }
    });
  }
}`,
      files: { 'package.json': '{ "name": "backend", "dependencies": { "knex": "^3.1.0" } }' },
    },
    {
      name: 'Knex model: clauses added per filter, one query after the loop',
      filename: 'src/models/ItemModel.ts',
      code: `import BaseModel from './BaseModel';
export default class ItemModel extends BaseModel<{ id: string }> {
  protected get tableName() {
    return 'items';
  }
  public async search(filters: { column: string; value: string }[]) {
    const query = this.db(this.tableName).select('id');
    filters.forEach((f) => {
      query.where(f.column, f.value);
    });
    return query;
  }
}`,
      files: knexModels,
    },
    {
      name: 'Knex model factory: one batched byIds for all the shares',
      filename: 'src/services/ShareService.ts',
      code: `import { Models } from '../models/factory';
export class ShareService {
  constructor(private models: Models) {}
  async load(groups: { shareIds: string[] }[]) {
    const ids = groups.flatMap((g) => g.shareIds);
    return this.models.share().byIds(ids);
  }
}`,
      files: knexModels,
    },
    {
      name: 'Kysely: builders made per item and executed once (a union of one query)',
      filename: 'src/database/repos/page.repo.ts',
      code: `${kyselyClassHead('PageRepo', '../types')}
  async titles(filters: string[]) {
    let query = this.db.selectFrom('pages').select(['id', 'title']);
    for (const f of filters) {
      query = query.where('title', 'like', '%' + f + '%');
    }
    return query.execute();
  }
}`,
      files: kyselyRepos,
    },
    {
      name: 'Kysely repository: one findByIds for the page creators',
      filename: 'src/core/page/page.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { UserRepo } from '../../database/repos/user.repo';

@Injectable()
export class PageService {
  constructor(private readonly userRepo: UserRepo) {}

  async withCreators(pages: { id: string; creatorId: string }[]) {
    const users = await this.userRepo.findByIds(pages.map((p) => p.creatorId));
    const byId = new Map(users.map((u) => [u.id, u]));
    return pages.map((p) => ({ ...p, creator: byId.get(p.creatorId) }));
  }
}`,
      files: kyselyRepos,
    },
    {
      name: 'a data-access module call handed a function (here by name) only scopes it: per tenant, the function queries nothing',
      filename: 'packages/server/tenants.ts',
      code: `import db from '@builder/data/db';
export async function warmAll(tenants: string[], cache: Map<string, number>) {
  for (const tenant of tenants) {
    const warm = async () => {
      cache.set(tenant, Date.now());
    };
    await db.runWithTenant(tenant, warm);
  }
}`,
      files: runtimeDriverDb,
    },
    {
      name: 'following a key path: each lookup is keyed by a value the previous row holds',
      filename: 'packages/server/routes/paths.ts',
      code: `import db from '@builder/data/db';
export async function follow(start: Record<string, any>, path: string[]) {
  let row = start;
  for (const key of path) {
    const where = { id: row[key] };
    row = await db.selectMaybeOne('_rows', where);
    if (!row) break;
  }
  return row;
}`,
      files: runtimeDriverDb,
    },
    {
      name: 'a model method that queries nothing, called per tag',
      filename: 'packages/server/routes/tags.ts',
      code: `import Tag from '@builder/data/models/tag';
export async function labels(ids: number[]) {
  const tags = await Tag.find();
  return tags.filter((t) => ids.includes(t.id)).map((t) => t.name.toUpperCase());
}`,
      files: runtimeDriverDb,
    },
  ],
  invalid: [
    {
      name: 'ueberDB through the app\'s DB wrapper: one get per pad id of a group',
      filename: 'src/node/db/GroupManager.js',
      code: `const db = require('./DB');
exports.listPads = async (groupId) => {
  const pads = await db.get(\`group:\${groupId}\`);
  const out = [];
  for (const padId of Object.keys(pads || {})) {
    out.push(await db.get(\`pad:\${padId}\`));
  }
  return out;
};`,
      files: ueberDbApp,
      errors: [at(6, 20, { message: /^1 query per padId: `db\.get` \(\.\/DB, a data-access module\) runs for each element of `Object\.keys\(pads \|\| \{\}\)`/ })],
    },
    {
      name: 'ueberDB used directly: setSub per author in a Promise.all',
      filename: 'src/node/db/Authors.ts',
      code: `import { Database } from 'ueberdb2';
const store = new Database('dirty', { filename: 'var/dirty.db' });
export const touchAll = async (authorIds: string[]) => {
  await Promise.all(authorIds.map((id) => store.setSub(\`globalAuthor:\${id}\`, ['timestamp'], Date.now())));
};`,
      files: ueberDbApp,
      errors: [at(4, 43, { severity: 'info', message: /^1 query per authorId: `store\.setSub` \(ueberDB\)/ })],
    },
    {
      name: 'a Knex transaction loop under a comment that only names the step is still one query per note',
      filename: 'src/revisions/revisions.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { Knex } from 'knex';
import { InjectConnection } from 'nest-knexjs';

@Injectable()
export class RevisionsService {
  constructor(@InjectConnection() private readonly knex: Knex) {}

  async pruneOld(noteIds: number[], before: string) {
    await this.knex.transaction(async (trx) => {
      // 2. Delete the old revisions of every note found in step 1
      for (const noteId of noteIds) {
        await trx('revision').where('note_id', noteId).andWhere('created_at', '<', before).delete();
      }
    });
  }
}`,
      files: { 'package.json': '{ "name": "backend", "dependencies": { "@nestjs/common": "^10.0.0", "knex": "^3.1.0", "nest-knexjs": "^0.0.26" } }' },
      errors: [at(13, 15, { message: /^1 query per noteId: `trx\(…\)\.where\(…\)\.andWhere\(…\)\.delete` \(Knex\)/ })],
    },
    {
      name: 'Knex model factory: this.models().user().load(id) per share',
      filename: 'src/models/ShareModel.ts',
      code: knexModels['src/models/ShareModel.ts'],
      files: knexModels,
      errors: [at(12, 25, { message: /^1 query per share: `this\.models\(\)\.user\(\)\.load\(\)` \(Knex\) runs for each element of `shares`: it calls `this\.db\(…\)\.where\(…\)\.first` \(src\/models\/BaseModel\.ts:18\)/ })],
    },
    {
      name: 'Knex model factory injected into a service: models.user().loadByEmail per invite, and models.share().delete in Promise.all',
      filename: 'src/services/InviteService.ts',
      code: `import { Models } from '../models/factory';
export class InviteService {
  constructor(private models: Models) {}
  async resolve(emails: string[]) {
    const users = [];
    for (const email of emails) {
      users.push(await this.models.user().loadByEmail(email));
    }
    return users;
  }
  async revoke(shareIds: string[]) {
    await Promise.all(shareIds.map((id) => this.models.share().delete(id)));
  }
}`,
      files: knexModels,
      errors: [
        at(7, 24, { message: /^1 query per email: `this\.models\.user\(\)\.loadByEmail\(\)` \(Knex\)/ }),
        at(12, 44, { severity: 'info', message: /^1 query per shareId: `this\.models\.share\(\)\.delete\(\)` \(Knex\) runs for each element of `shareIds` in its `map` callback, concurrently/ }),
      ],
    },
    {
      name: 'Kysely repository injected into a NestJS service: findById per member',
      filename: 'src/core/space/space.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { UserRepo } from '../../database/repos/user.repo';

@Injectable()
export class SpaceService {
  constructor(private readonly userRepo: UserRepo) {}

  async members(memberIds: string[], workspaceId: string) {
    const members = [];
    for (const id of memberIds) {
      const user = await this.userRepo.findById(id, workspaceId);
      if (user) members.push(user);
    }
    return members;
  }
}`,
      files: kyselyRepos,
      errors: [at(11, 26, { message: /^1 query per memberId: `this\.userRepo\.findById\(\)` \(Kysely\) runs for each element of `memberIds`: it calls `this\.db\.selectFrom\(…\)\.selectAll\(…\)\.where\(…\)\.where\(…\)\.executeTakeFirst` \(src\/database\/repos\/user\.repo\.ts:11\)/ })],
    },
    {
      name: 'a wiki\'s pages are records, not pages of results: one Kysely update per page',
      filename: 'src/core/page/page.service.ts',
      code: `${kyselyClassHead('PageService', '../../database/types')}
  async moveToSpace(pages: { id: string }[], spaceId: string) {
    for (const page of pages) {
      await this.db.updateTable('pages').set({ spaceId }).where('id', '=', page.id).execute();
    }
  }
}`,
      files: kyselyRepos,
      errors: [at(12, 13, { message: /^1 query per page: `this\.db\.updateTable\(…\)\.set\(…\)\.where\(…\)\.execute` \(Kysely\) runs for each element of `pages`/ })],
    },
    {
      name: 'Kysely: an executed query per item inside the repository itself',
      filename: 'src/database/repos/page.repo.ts',
      code: `${kyselyClassHead('PageRepo', '../types')}
  async retitle(changes: { id: string; title: string }[]) {
    for (const change of changes) {
      await this.db.updateTable('pages').set({ title: change.title }).where('id', '=', change.id).execute();
    }
  }
}`,
      files: kyselyRepos,
      errors: [at(12, 13, { message: /^1 query per change: `this\.db\.updateTable\(…\)\.set\(…\)\.where\(…\)\.execute` \(Kysely\)/ })],
    },
    {
      name: 'a row from a static finder of a plain model class: tag.addEntry per selected id, over a db module that loads its driver at run time',
      filename: 'packages/server/routes/tag_entries.ts',
      code: `import Tag from '@builder/data/models/tag';
export async function addEntries(tagId: number, ids: number[]) {
  const tag = (await Tag.findOne({ id: tagId }))!;
  for (const id of ids) {
    await tag.addEntry({ table_id: id });
  }
}`,
      files: runtimeDriverDb,
      errors: [at(5, 11, { message: /^1 query per id: `tag\.addEntry\(\)` \(\.\.\/db, a data-access module\) runs for each element of `ids`/ })],
    },
    {
      name: 'a model method whose query runs in a transaction callback of the db module: one per rename',
      filename: 'packages/server/routes/tags.ts',
      code: `import Tag from '@builder/data/models/tag';
export async function renameAll(renames: { id: number; name: string }[]) {
  for (const r of renames) await Tag.rename(r.id, r.name);
}`,
      files: runtimeDriverDb,
      errors: [at(3, 34, { message: /^1 query per rename: `Tag\.rename\(\)` \(\.\.\/db, a data-access module\) runs for each element of `renames`: it calls `db\.update`/ })],
    },
    {
      name: 'a db-module call handed an array made by map (not a function) is a query: one per list',
      filename: 'packages/server/settings.ts',
      code: `import db from '@builder/data/db';
export async function loadLists(lists: string[]) {
  const out: Record<string, unknown[]> = {};
  await Promise.all(lists.map(async (list) => {
    const rows = await db.select('_list_members', { list });
    const where = rows.map((r: any) => ({ key: r.key }));
    out[list] = await db.selectAny('_settings', where);
  }));
  return out;
}`,
      files: runtimeDriverDb,
      errors: [at(5, 24, { severity: 'info', message: /^2 queries per list: `db\.select` and `db\.selectAny` run for each element of `lists`/ })],
    },
    {
      name: 'rows of a static finder that declares Promise<Tag[]>: delete per tag',
      filename: 'packages/server/routes/tags.ts',
      code: `import Tag from '@builder/data/models/tag';
export async function removeAll() {
  const tags = await Tag.find();
  for (const tag of tags) await tag.delete();
}`,
      files: runtimeDriverDb,
      errors: [at(4, 33, { message: /^1 query per tag: `tag\.delete\(\)`/ })],
    },
  ],
});
