import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { at, ruleTester, runRule } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

/** A finding at 1-based line and column, with anything else the case checks. */

// Workspace files several cases share, written the way apps set their clients up.
const prismaLib = `import { PrismaClient } from '@prisma/client';
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
export default prisma;
`;
const pgPool = `const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nmodule.exports = pool;\n`;
const typeormDataSource = `import { DataSource } from 'typeorm';\nimport { User } from './entity/User';\nexport const AppDataSource = new DataSource({ type: 'postgres', entities: [User] });\n`;
const sequelizePost = `import { DataTypes, Model } from 'sequelize';
import { sequelize } from '../db';
export class Post extends Model {}
Post.init({ title: DataTypes.STRING }, { sequelize });
`;
const mongooseUser = `const mongoose = require('mongoose');
const userSchema = new mongoose.Schema({ name: String, teamId: String });
module.exports = mongoose.model('User', userSchema);
`;

ruleTester(nPlusOne, {
  valid: [
    // ---- schema and maintenance statements: one per table, nothing to batch ----
    {
      name: 'DROP TABLE per leftover working table (Sequelize raw query)',
      code: `import { QueryTypes, Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');
export async function dropStaleTables(cutoff: string) {
  const tables = await sequelize.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE tablename LIKE 'work_%'", { type: QueryTypes.SELECT });
  for (const { tablename } of tables) {
    if (tablename.slice(5) < cutoff) await sequelize.query(\`DROP TABLE IF EXISTS "\${tablename}" CASCADE\`);
  }
}`,
    },
    {
      name: 'VACUUM per table with pg',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function vacuum(tables: string[]) {
  for (const t of tables) await pool.query('VACUUM ANALYZE ' + t);
}`,
    },
    // ---- sequential on purpose: retry and backoff ----
    `export async function fetchWithRetry(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((r) => setTimeout(r, 2 ** attempt * 100));
    }
  }
  throw new Error('unreachable: ' + url);
}`,
    `import axios from 'axios';
export async function pollJob(id: string) {
  let tries = 0;
  while (tries++ < 10) {
    const { data } = await axios.get(\`/jobs/\${id}\`);
    if (data.done) return data;
  }
}`,
    // ---- cursor pagination: the next call needs the previous result ----
    `import { prisma } from './db';
export async function allPosts() {
  const out = [];
  let cursor: number | undefined;
  do {
    const page = await prisma.post.findMany({ take: 100, ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}) });
    out.push(...page);
    cursor = page.at(-1)?.id;
  } while (cursor);
  return out;
}`,
    `import { Octokit } from '@octokit/rest';
import axios from 'axios';
export async function allIssues(repos: string[]) {
  let url: string | null = '/issues?per_page=100';
  const out = [];
  while (url) {
    const res = await axios.get(url);
    out.push(...res.data);
    url = res.headers.link?.match(/<([^>]+)>; rel="next"/)?.[1] ?? null;
  }
  return out;
}`,
    {
      name: 'offset pagination that stops on an empty page',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function exportAll(tables: string[]) {
  for (const table of tables) {
    let offset = 0;
    for (;;) {
      const { rows } = await pool.query(\`SELECT * FROM \${table} LIMIT 500 OFFSET $1\`, [offset]);
      if (rows.length === 0) break;
      offset += rows.length;
    }
  }
}`,
      filename: 'src/jobs/export.ts',
    },
    // ---- early exit on the first hit ----
    `export async function firstHealthy(mirrors: string[]) {
  for (const url of mirrors) {
    const res = await fetch(url + '/health');
    if (res.ok) return url;
  }
  return undefined;
}`,
    `import { prisma } from './db';
export async function firstFreeSlug(candidates: string[]) {
  for (const slug of candidates) {
    const taken = await prisma.page.findFirst({ where: { slug } });
    if (!taken) return slug;
  }
  throw new Error('no free slug');
}`,
    `import got from 'got';
export async function download(urls: string[]) {
  for (const u of urls) {
    try {
      return await got(u).buffer();
    } catch {
      continue;
    }
  }
}`,
    // ---- already batched: the loop is over chunks ----
    `import { prisma } from './db';
import chunk from 'lodash/chunk';
export async function deactivate(allIds: number[]) {
  for (const ids of chunk(allIds, 500)) {
    await prisma.user.updateMany({ where: { id: { in: ids } }, data: { active: false } });
  }
}`,
    `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function archive(groups: number[][]) {
  for (const group of groups) {
    await db('orders').whereIn('id', group).update({ archived: true });
  }
}`,
    `import { In, Repository } from 'typeorm';
import { User } from './user.entity';
export async function touch(repo: Repository<User>, pages: number[][]) {
  for (const p of pages) await repo.update({ id: In(p) }, { touchedAt: new Date() });
}`,
    // ---- literal lists of at most three items ----
    `import Redis from 'ioredis';
const redis = new Redis();
export async function logout(userId: string) {
  for (const prefix of ['sessions', 'tokens', 'carts']) {
    await redis.del(\`\${prefix}:\${userId}\`);
  }
}`,
    // ---- pipelines and bulk operations: filling the queue in a loop is the batched form (dub) ----
    {
      name: 'an Upstash pipeline filled in forEach, executed once',
      code: `import { Redis } from '@upstash/redis';
const redis = new Redis({ url: process.env.UPSTASH_URL!, token: process.env.UPSTASH_TOKEN! });
export async function cacheLinks(links: { domain: string; key: string; url: string }[]) {
  const pipeline = redis.pipeline();
  links.forEach((link) => {
    pipeline.set(\`\${link.domain}:\${link.key}\`, link.url, { ex: 3600 });
  });
  return await pipeline.exec();
}`,
    },
    `import Redis from 'ioredis';
const redis = new Redis();
export async function expireAll(keys: string[]) {
  const tx = redis.multi();
  for (const key of keys) tx.expire(key, 60).del(\`lock:\${key}\`);
  await tx.exec();
}`,
    `import { MongoClient } from 'mongodb';
const users = new MongoClient(process.env.MONGO_URL!).db().collection('users');
export async function deactivate(ids: string[]) {
  const bulk = users.initializeUnorderedBulkOp();
  for (const id of ids) bulk.find({ _id: id }).updateOne({ $set: { active: false } });
  await bulk.execute();
}`,
    `import { prisma } from './db';
const ROLES = ['admin', 'editor'] as const;
export async function countRoles() {
  const out: Record<string, number> = {};
  for (const role of ROLES) out[role] = await prisma.user.count({ where: { role } });
  return out;
}`,
    `import { Pool } from 'pg';
const pool = new Pool();
export async function stats() {
  return Promise.all(Object.keys({ users: 1, orders: 1 }).map((t) => pool.query(\`SELECT count(*) FROM \${t}\`)));
}`,
    // ---- batched by the library: Prisma findUnique and DataLoader in the same tick ----
    {
      code: `import { prisma } from './lib/prisma';
export async function withAuthors(posts: { authorId: number }[]) {
  return Promise.all(posts.map((p) => prisma.user.findUnique({ where: { id: p.authorId } })));
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      code: `import DataLoader from 'dataloader';
import { prisma } from './lib/prisma';
const userLoader = new DataLoader(async (ids: readonly number[]) => {
  const users = await prisma.user.findMany({ where: { id: { in: [...ids] } } });
  return ids.map((id) => users.find((u) => u.id === id) ?? null);
});
export async function authors(posts: { authorId: number }[]) {
  return Promise.all(posts.map((p) => userLoader.load(p.authorId)));
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      name: 'findUnique from forEach callbacks is batched too',
      code: `import { prisma } from './lib/prisma';
export function warm(ids: number[]) {
  ids.forEach((id) => void prisma.user.findUnique({ where: { id } }));
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    // ---- streaming iteration and awaits that are not data access ----
    `import { createReadStream, createWriteStream } from 'node:fs';
export async function copyLines(src: string, dst: string) {
  const out = createWriteStream(dst);
  for await (const chunk of createReadStream(src)) {
    await new Promise((r) => out.write(chunk, r));
  }
}`,
    `import { Mutex } from 'async-mutex';
const mutex = new Mutex();
export async function process(jobs: { id: string; run(): Promise<void> }[]) {
  for (const job of jobs) {
    const release = await mutex.acquire();
    try { await job.run(); } finally { release(); }
  }
}`,
    `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function drip(messages: string[], send: (m: string) => void) {
  for (const m of messages) {
    send(m);
    await sleep(50);
  }
}`,
    {
      name: 'a Map, an array and a local cache that share method names with clients',
      code: `import User from './models/user';
const cache = new Map<string, string>();
export async function names(ids: string[]) {
  const users = await User.find({ _id: { $in: ids } });
  return ids.map((id) => cache.get(id) ?? users.find((u: { id: string }) => u.id === id)?.name);
}`,
      files: { 'src/models/user.js': mongooseUser },
    },
    `async function fetch(key: string) {
  return key.toUpperCase();
}
export async function upper(keys: string[]) {
  const out = [];
  for (const k of keys) out.push(await fetch(k));
  return out;
}`,
    `import axios from 'axios';
export function classify(errors: unknown[]) {
  return errors.map((e) => (axios.isAxiosError(e) ? e.response?.status : 0));
}`,
    // ---- ordered, dependent writes: each row needs the id of the one before ----
    `import { prisma } from './db';
export async function createPath(names: string[]) {
  let parentId: number | null = null;
  for (const name of names) {
    const folder = await prisma.folder.create({ data: { name, parentId } });
    parentId = folder.id;
  }
  return parentId;
}`,
    // ---- a transaction loop the author marked as sequential ----
    `import { prisma } from './db';
export async function reorder(ids: number[]) {
  await prisma.$transaction(async (tx) => {
    // In order: the unique (listId, position) constraint rejects a swap done concurrently.
    for (const [position, id] of ids.entries()) {
      await tx.item.update({ where: { id }, data: { position } });
    }
  });
}`,
    // ---- a query that does not depend on the item is a hoist, not an N+1 ----
    `import { prisma } from './db';
export async function price(items: { amount: number }[]) {
  const out = [];
  for (const item of items) {
    const settings = await prisma.settings.findFirst();
    out.push(item.amount * (settings?.vat ?? 1));
  }
  return out;
}`,
    // ---- one query, then work in memory ----
    `import { prisma } from './db';
export async function byAuthor(posts: { authorId: number }[]) {
  const authors = await prisma.user.findMany({ where: { id: { in: posts.map((p) => p.authorId) } } });
  const byId = new Map(authors.map((a) => [a.id, a]));
  return posts.map((p) => ({ ...p, author: byId.get(p.authorId) }));
}`,
    // ---- counter loops without a collection: retries and page numbers ----
    `export async function pages(total: number) {
  const out = [];
  for (let page = 1; page <= total; page++) out.push(await (await fetch(\`/api/items?page=\${page}\`)).json());
  return out;
}`,
    // ---- a workspace "repository" that keeps data in memory ----
    {
      code: `import { usersRepo } from './repo';
export async function load(ids: string[]) {
  const out = [];
  for (const id of ids) out.push(await usersRepo.findOne(id));
  return out;
}`,
      files: { 'src/repo.ts': `const rows = new Map<string, { id: string }>();\nexport const usersRepo = {\n  async findOne(id: string) {\n    return rows.get(id);\n  },\n};\n` },
    },
    {
      name: 'a helper that only creates a closure doing the request',
      code: `import { actionFor } from './actions';
export const menu = (roles: string[]) => roles.map((role) => actionFor(role));`,
      files: { 'src/actions.ts': `export function actionFor(role: string) {\n  return { title: role, perform: () => fetch('/api/roles/' + role, { method: 'POST' }) };\n}\n` },
    },
    {
      name: 'a helper that queries only when the caller passes an option',
      code: `import { toJSON } from './present';
export async function presentAll(docs: { id: string; body: string }[]) {
  const out = [];
  for (const doc of docs) out.push(await toJSON(doc));
  return out;
}`,
      files: {
        'src/present.ts': `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function toJSON(doc: { id: string; body: string }, options?: { signedUrls?: boolean }) {\n  if (options?.signedUrls) {\n    const { rows } = await pool.query('SELECT url FROM attachments WHERE doc = $1', [doc.id]);\n    return { ...doc, rows };\n  }\n  return doc;\n}\n`,
      },
    },
    // ---- GraphQL: batched resolvers, root fields, lookups not keyed by the parent ----
    {
      name: 'Post.author with Prisma findUnique: batched by Prisma in the same tick',
      code: `import { prisma } from './lib/prisma';
export const resolvers = {
  Query: { posts: () => prisma.post.findMany({ take: 20 }) },
  Post: { author: (parent: { authorId: number }) => prisma.user.findUnique({ where: { id: parent.authorId } }) },
};`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      name: 'Post.author through a DataLoader from the context or the module',
      code: `import DataLoader from 'dataloader';
import { prisma } from './lib/prisma';
const userLoader = new DataLoader(async (ids: readonly number[]) => prisma.user.findMany({ where: { id: { in: [...ids] } } }));
export const resolvers = {
  Post: {
    author: (post: { authorId: number }) => userLoader.load(post.authorId),
    editor: (post: { editorId: number }, _args: unknown, ctx: { loaders: { user: DataLoader<number, unknown> } }) => ctx.loaders.user.load(post.editorId),
  },
};`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      name: 'a field resolver whose query does not read the parent',
      code: `import { prisma } from './lib/prisma';
export const resolvers = {
  Query: { me: (_: unknown, __: unknown, ctx: { userId: number }) => prisma.user.findFirst({ where: { id: ctx.userId } }) },
  Post: { site: () => prisma.site.findFirst() },
};`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      name: 'the same company client without a dataAccess row is unknown, so not reported',
      code: `import { DbClient } from '@acme/db-client';
const db = new DbClient();
export async function profiles(ids: string[]) {
  const out = [];
  for (const id of ids) out.push(await db.fetchOne('profiles', id));
  return out;
}`,
      files: { '.hotpathrc.json': '{ "rules": { "n-plus-one": "warning" }, "dataAccess": [{ "module": "@acme/db-client", "calls": [] }] }' },
    },
    {
      name: 'a getter on plain objects that did not come from a Sequelize finder',
      code: `export async function labels(widgets: { getLabel(): Promise<string> }[]) {
  const out = [];
  for (const w of widgets) out.push(await w.getLabel());
  return out;
}`,
    },
    {
      name: 'handlers registered in a loop run per request, not per item',
      code: `import express from 'express';
import { prisma } from './lib/prisma';
const app = express();
const models = ['user', 'post', 'comment', 'tag'] as const;
for (const model of models) {
  app.get(\`/api/\${model}/count\`, async (req, res) => res.json(await prisma.audit.count({ where: { model } })));
}
for (const queue of ['mail', 'sms', 'push', 'web']) {
  setInterval(() => void prisma.job.deleteMany({ where: { queue, done: true } }), 60_000);
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    // ---- scripts, seeds, migrations and tests are allowed to be sequential ----
    { filename: 'prisma/seed.ts', code: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nconst users = [{ email: 'a@x' }, { email: 'b@x' }, { email: 'c@x' }, { email: 'd@x' }];\nasync function main() {\n  for (const u of users) await prisma.user.upsert({ where: { email: u.email }, update: {}, create: u });\n}\nmain();` },
    { filename: 'src/migrations/1700000000000-backfill.ts', code: `import { MigrationInterface, QueryRunner } from 'typeorm';\nexport class Backfill1700000000000 implements MigrationInterface {\n  async up(q: QueryRunner) {\n    const rows = await q.query('SELECT id FROM users');\n    for (const r of rows) await q.query('UPDATE users SET slug = id WHERE id = $1', [r.id]);\n  }\n  async down() {}\n}` },
    { filename: 'scripts/reindex.ts', code: `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function run(ids: number[]) {\n  for (const id of ids) await pool.query('REINDEX INDEX $1', [id]);\n}` },
    { filename: 'src/users.test.ts', code: `import { prisma } from './db';\nexport async function cleanup(ids: number[]) {\n  for (const id of ids) await prisma.user.delete({ where: { id } });\n}` },
  ],
  invalid: [
    {
      name: 'a raw SELECT per row is still a query per row, whatever the DDL exclusion',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function owners(ids: number[]) {
  const out = [];
  for (const id of ids) out.push(await pool.query(\`SELECT * FROM owners WHERE id = \${id}\`));
  return out;
}`,
      errors: [at(5, 40, { message: /^1 query per id: `pool\.query` \(pg\)/ })],
    },
    // ---- Express + Prisma ----
    {
      code: `import express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = express();
app.get('/orders', async (req, res) => {
  const orders = await prisma.order.findMany({ where: { userId: req.user.id } });
  for (const order of orders) {
    (order as any).items = await prisma.orderItem.findMany({ where: { orderId: order.id } });
  }
  res.json(orders);
});`,
      errors: [at(8, 34, { severity: 'warning', message: '1 query per order: `prisma.orderItem.findMany` (Prisma) runs for each element of `orders`', related: [] })],
    },
    {
      name: 'monorepo: the client comes from a workspace package, made inside a memoising wrapper (documenso)',
      code: `import { prisma } from '@acme/prisma';
export async function detectFields(envelope: { items: { id: string }[] }) {
  const all = [];
  for (const item of envelope.items) {
    const existing = await prisma.field.findMany({ where: { envelopeItemId: item.id } });
    all.push(...existing);
  }
  return all;
}`,
      filename: 'packages/lib/server-only/detect-fields.ts',
      files: {
        'package.json': '{ "name": "acme", "workspaces": ["apps/*", "packages/*"] }',
        'packages/lib/package.json': '{ "name": "@acme/lib" }',
        'packages/prisma/package.json': '{ "name": "@acme/prisma", "main": "./index.ts" }',
        'packages/prisma/remember.ts': `export function remember<T>(name: string, make: () => T): T {\n  const g = globalThis as any;\n  return (g[name] ??= make());\n}\n`,
        'packages/prisma/index.ts': `import { PrismaClient } from '@prisma/client';\nimport { remember } from './remember';\nconst prisma = remember('prisma', () => new PrismaClient());\nexport { prisma };\n`,
      },
      errors: [at(5, 28, { message: '1 query per item: `prisma.field.findMany` (Prisma) runs for each element of `envelope.items`' })],
    },
    {
      name: 'prisma imported from a lib module, forEach callback',
      code: `import { Router } from 'express';
import prisma from '../lib/prisma';
export const router = Router();
router.post('/invoices/send', async (req, res) => {
  const invoices: { id: number; customerId: number }[] = req.body.invoices;
  invoices.forEach(async (invoice) => {
    const customer = await prisma.customer.findFirst({ where: { id: invoice.customerId } });
    console.log(customer?.email);
  });
  res.sendStatus(202);
});`,
      filename: 'src/routes/invoices.ts',
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(7, 28, { message: '1 query per invoice: `prisma.customer.findFirst` (Prisma) runs for each element of `invoices` in its `forEach` callback' })],
    },
    {
      name: "Prisma's batch $transaction over map: one batch, reported as info (dub)",
      code: `import { prisma } from './lib/prisma';
export async function rank(updates: { programId: string; marketplaceRanking: number }[]) {
  await prisma.$transaction(
    updates.map(({ programId, marketplaceRanking }) => prisma.program.update({ where: { id: programId }, data: { marketplaceRanking } })),
  );
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 56, { severity: 'info', message: '1 query per update: `prisma.program.update` (Prisma) runs for each element of `updates` in its `map` callback, batched in one `$transaction`, but still N queries' })],
    },
    {
      name: 'Promise.all over map: concurrent, reported as info',
      code: `import { prisma } from './lib/prisma';
export async function ordersWithTotals(orders: { id: number }[]) {
  return Promise.all(
    orders.map(async (o) => ({ ...o, total: await prisma.orderItem.aggregate({ where: { orderId: o.id }, _sum: { price: true } }) })),
  );
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 51, { severity: 'info', message: '1 query per order: `prisma.orderItem.aggregate` (Prisma) runs for each element of `orders` in its `map` callback, concurrently in `Promise.all`, but still N queries' })],
    },
    {
      name: 'promises collected first, then Promise.allSettled',
      code: `import { prisma } from './lib/prisma';
export async function refresh(users: { id: number }[]) {
  const jobs = users.map((u) => prisma.session.deleteMany({ where: { userId: u.id } }));
  await Promise.allSettled(jobs);
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(3, 33, { severity: 'info' })],
    },
    {
      name: 'findUnique awaited one at a time is not batched',
      code: `import { prisma } from './lib/prisma';
export async function authors(posts: { authorId: number }[]) {
  const out = [];
  for (const post of posts) out.push(await prisma.user.findUnique({ where: { id: post.authorId } }));
  return out;
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 44, { message: '1 query per post: `prisma.user.findUnique` (Prisma) runs for each element of `posts`; awaited one at a time, so Prisma cannot batch them' })],
    },
    {
      name: 'index loop over an array',
      code: `import { prisma } from './lib/prisma';
export async function counts(users: { id: number }[]) {
  const out: number[] = [];
  for (let i = 0; i < users.length; i++) {
    out[i] = await prisma.post.count({ where: { authorId: users[i]!.id } });
  }
  return out;
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 20, { message: '1 query per user: `prisma.post.count` (Prisma) runs for each element of `users`' })],
    },
    {
      name: 'reduce with an async accumulator',
      code: `import { prisma } from './lib/prisma';
export async function totalStock(skus: string[]) {
  return skus.reduce(async (acc, sku) => (await acc) + ((await prisma.stock.findFirst({ where: { sku } }))?.qty ?? 0), Promise.resolve(0));
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(3, 64, { message: '1 query per sku: `prisma.stock.findFirst` (Prisma) runs for each element of `skus` in its `reduce` callback' })],
    },
    {
      name: 'raw SQL through $queryRaw, through a derived variable',
      code: `import { prisma } from './lib/prisma';
export async function balances(accounts: { ownerId: string }[]) {
  const out = [];
  for (const account of accounts) {
    const owner = account.ownerId;
    out.push(await prisma.$queryRaw\`SELECT sum(amount) FROM ledger WHERE owner = \${owner}\`);
  }
  return out;
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(6, 20, { message: '1 query per account: `prisma.$queryRaw` (Prisma) runs for each element of `accounts`' })],
    },
    {
      name: 'nested loops: reported against the loop whose item the call reads',
      code: `import { prisma } from './lib/prisma';
export async function grants(users: { id: number }[], roles: string[]) {
  for (const user of users) {
    for (const role of roles) {
      await prisma.grant.create({ data: { userId: user.id, role } });
    }
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 13, { message: '1 query per role: `prisma.grant.create` (Prisma) runs for each element of `roles`' })],
    },
    {
      name: 'writes in an unmarked transaction loop',
      code: `import { prisma } from './lib/prisma';
export async function restock(lines: { sku: string; qty: number }[]) {
  await prisma.$transaction(async (tx) => {
    for (const line of lines) {
      await tx.stock.update({ where: { sku: line.sku }, data: { qty: { increment: line.qty } } });
    }
  });
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 13, { message: '1 query per line: `tx.stock.update` (Prisma) runs for each element of `lines`' })],
    },
    {
      name: 'a work queue drained with shift()',
      code: `import { prisma } from './lib/prisma';
export async function drain(queue: { userId: number }[]) {
  while (queue.length > 0) {
    const job = queue.shift()!;
    await prisma.notification.create({ data: { userId: job.userId } });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 11, { message: '1 query per job: `prisma.notification.create` (Prisma) runs for each item taken from `queue`' })],
    },
    {
      // The loop's answer is kept per loop node: every call in it must still get it.
      name: 'a work queue with two queries per job, and a helper call in between: one finding names both queries',
      code: `import { prisma } from './lib/prisma';
export async function drain(queue: { userId: number }[]) {
  while (queue.length > 0) {
    const job = queue.shift()!;
    const user = await prisma.user.findFirst({ where: { id: job.userId } });
    console.log(user);
    await prisma.notification.create({ data: { userId: job.userId } });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [
        at(5, 24, {
          message: '2 queries per job: `prisma.user.findFirst` and `prisma.notification.create` run for each item taken from `queue`',
          related: [{ file: 'src/server.ts', line: 7 }],
        }),
      ],
    },
    {
      name: 'for await over a stream of rows, one lookup per row',
      code: `import { Pool } from 'pg';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
const pool = new Pool();
export async function importCsv(file: string) {
  for await (const record of createReadStream(file).pipe(parse())) {
    await pool.query('UPDATE products SET price = $2 WHERE sku = $1', [record.sku, record.price]);
  }
}`,
      errors: [at(7, 11, { message: /^1 query per record: `pool\.query` \(pg\) runs for each element of `createReadStream/ })],
    },
    {
      name: 'for…in over the keys of a lookup object',
      code: `import { prisma } from './lib/prisma';
export async function rename(labels: Record<string, string>) {
  for (const id in labels) {
    await prisma.tag.update({ where: { id }, data: { label: labels[id] } });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 11, { message: '1 query per id: `prisma.tag.update` (Prisma) runs for each key of `labels`' })],
    },
    {
      name: 'do…while draining a queue with pop()',
      code: `import axios from 'axios';
export async function flush(pending: string[]) {
  do {
    const url = pending.pop();
    if (url) await axios.post(url, { ping: true });
  } while (pending.length);
}`,
      // Each queued URL is its own destination: reported, but as info (nothing to batch into).
      errors: [at(5, 20, { severity: 'info', message: '1 request per url: `axios.post` runs for each item taken from `pending`; each goes to its own address (`url`), so there may be nothing to batch' })],
    },
    {
      name: 'flatMap and filter callbacks',
      code: `import { prisma } from './lib/prisma';
export async function tagsOf(posts: { id: number }[]) {
  const lists = await Promise.all(posts.flatMap((p) => [prisma.tag.findMany({ where: { postId: p.id } })]));
  const active = posts.filter(async (p) => (await prisma.flag.count({ where: { postId: p.id } })) === 0);
  return { lists, active };
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [
        at(3, 57, { severity: 'info', message: /^1 query per post: `prisma\.tag\.findMany` \(Prisma\) runs for each element of `posts` in its `flatMap` callback, concurrently in `Promise\.all`/ }),
        at(4, 51, { severity: 'warning', message: '1 query per post: `prisma.flag.count` (Prisma) runs for each element of `posts` in its `filter` callback' }),
      ],
    },
    // ---- NestJS + TypeORM ----
    {
      name: 'injected repository in a NestJS service',
      filename: 'src/orders/orders.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Customer } from './customer.entity';
@Injectable()
export class OrdersService {
  constructor(@InjectRepository(Customer) private readonly customers: Repository<Customer>) {}
  async withCustomers(orders: { customerId: number }[]) {
    const out = [];
    for (const order of orders) {
      out.push({ ...order, customer: await this.customers.findOneBy({ id: order.customerId }) });
    }
    return out;
  }
}`,
      errors: [at(11, 44, { message: '1 query per order: `this.customers.findOneBy` (TypeORM) runs for each element of `orders`' })],
    },
    {
      name: 'a DataSource from another file, getRepository chain',
      code: `import { AppDataSource } from './data-source';
import { User } from './entity/User';
export async function managers(teams: { managerId: number }[]) {
  return Promise.all(teams.map((t) => AppDataSource.getRepository(User).findOne({ where: { id: t.managerId } })));
}`,
      files: { 'src/data-source.ts': typeormDataSource },
      errors: [at(4, 39, { severity: 'info', message: /^1 query per team: `AppDataSource\.getRepository\(…\)\.findOne` \(TypeORM\)/ })],
    },
    {
      name: 'a query builder ending in getOne',
      code: `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
@Injectable()
export class ReportsService {
  constructor(private dataSource: DataSource) {}
  async latest(accountIds: number[]) {
    const out = [];
    for (const accountId of accountIds) {
      out.push(await this.dataSource.createQueryBuilder().select('r').from('report', 'r').where('r.accountId = :accountId', { accountId }).orderBy('r.createdAt', 'DESC').getOne());
    }
    return out;
  }
}`,
      errors: [at(9, 22, { message: /^1 query per accountId: `this\.dataSource\.createQueryBuilder\(…\)\.select\(…\)\.from\(…\)\.where\(…\)\.orderBy\(…\)\.getOne` \(TypeORM\)/ })],
    },
    {
      name: 'EntityManager inside a transaction callback',
      code: `import { DataSource } from 'typeorm';
export async function settle(ds: DataSource, invoices: { id: number }[]) {
  await ds.transaction(async (manager) => {
    for (const inv of invoices) {
      await manager.update('invoice', { id: inv.id }, { paid: true });
    }
  });
}`,
      errors: [at(5, 13, { message: '1 query per invoice: `manager.update` (TypeORM) runs for each element of `invoices`' })],
    },
    // ---- Koa + Sequelize ----
    {
      name: 'Sequelize model class from another file, Koa router',
      filename: 'src/routes/posts.ts',
      code: `import Router from '@koa/router';
import { Post } from '../models/post';
const router = new Router();
router.get('/feed', async (ctx) => {
  const ids: number[] = ctx.state.user.followedPostIds;
  const posts = [];
  for (const id of ids) posts.push(await Post.findByPk(id));
  ctx.body = posts;
});
export default router;`,
      files: { 'src/models/post.ts': sequelizePost, 'src/db.ts': `import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize(process.env.DATABASE_URL!);\n` },
      errors: [at(7, 42, { message: '1 query per id: `Post.findByPk` (Sequelize) runs for each element of `ids`' })],
    },
    {
      name: 'sequelize-typescript model, count per post in Promise.all',
      filename: 'src/routes/posts.ts',
      code: `import Router from 'koa-router';
import Comment from '../models/Comment';
import Post from '../models/Post';
const router = new Router();
router.get('/posts', async (ctx) => {
  const posts = await Post.findAll();
  ctx.body = await Promise.all(posts.map(async (post) => ({ post, comments: await Comment.count({ where: { postId: post.id } }) })));
});`,
      files: {
        'src/models/Comment.ts': `import { Column, Model, Table } from 'sequelize-typescript';\n@Table\nexport default class Comment extends Model {\n  @Column postId!: number;\n}\n`,
        'src/models/Post.ts': `import { Model, Table } from 'sequelize-typescript';\n@Table\nexport default class Post extends Model {}\n`,
      },
      errors: [at(7, 83, { severity: 'info', message: /^1 query per post: `Comment\.count` \(Sequelize\)/ })],
    },
    {
      name: 'CommonJS models index with sequelize.define',
      filename: 'src/controllers/teams.js',
      code: `const { User } = require('../models');
exports.members = async (ctx) => {
  const team = ctx.state.team;
  ctx.body = [];
  for (const memberId of team.memberIds) {
    ctx.body.push(await User.findOne({ where: { id: memberId } }));
  }
};`,
      files: {
        'src/models/index.js': `const { Sequelize, DataTypes } = require('sequelize');\nconst sequelize = new Sequelize(process.env.DB);\nconst User = sequelize.define('User', { name: DataTypes.STRING });\nmodule.exports = { sequelize, User };\n`,
      },
      errors: [at(6, 25, { message: '1 query per memberId: `User.findOne` (Sequelize) runs for each element of `team.memberIds`' })],
    },
    {
      name: 'Sequelize association getter on each row a finder returned',
      code: `import { Post } from './models/post';
export async function withComments() {
  const posts = await Post.findAll({ limit: 20 });
  const out = [];
  for (const post of posts) out.push({ post, comments: await (post as any).getComments() });
  return out;
}`,
      files: { 'src/models/post.ts': sequelizePost, 'src/db.ts': `import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize(process.env.DATABASE_URL!);\n` },
      errors: [at(5, 62, { message: '1 query per post: `post.getComments` (Sequelize) runs for each element of `posts`' })],
    },
    // ---- Mongoose ----
    {
      name: 'a model exported with module.exports, default-imported',
      code: `import express from 'express';
import User from './models/user';
const app = express();
app.get('/teams/:id/members', async (req, res) => {
  const memberIds: string[] = req.body.memberIds;
  const members = [];
  for (const memberId of memberIds) members.push(await User.findById(memberId).lean());
  res.json(members);
});`,
      files: { 'src/models/user.js': mongooseUser },
      errors: [at(7, 56, { message: '1 query per memberId: `User.findById(…).lean` (Mongoose) runs for each element of `memberIds`' })],
    },
    {
      name: 'mongoose.model in the same file, map in Promise.all',
      code: `import mongoose, { Schema } from 'mongoose';
const Comment = mongoose.model('Comment', new Schema({ postId: String }));
export async function commentCounts(posts: { _id: string }[]) {
  return Promise.all(posts.map((p) => Comment.countDocuments({ postId: p._id })));
}`,
      errors: [at(4, 39, { severity: 'info', message: /^1 query per post: `Comment\.countDocuments` \(Mongoose\)/ })],
    },
    {
      name: 'NestJS @InjectModel',
      code: `import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Cat } from './cat.schema';
@Injectable()
export class CatsService {
  constructor(@InjectModel(Cat.name) private catModel: Model<Cat>) {}
  async owners(ownerIds: string[]) {
    const result = [];
    for (const ownerId of ownerIds) result.push(await this.catModel.find({ ownerId }).exec());
    return result;
  }
}`,
      errors: [at(10, 55, { message: '1 query per ownerId: `this.catModel.find(…).exec` (Mongoose) runs for each element of `ownerIds`' })],
    },
    // ---- raw pg, mysql2, knex, drizzle, redis ----
    {
      name: 'pg pool from a CommonJS module',
      filename: 'src/routes/users.js',
      code: `const pool = require('../db');
module.exports = async function listUsers(req, res) {
  const users = [];
  for (const id of req.body.ids) {
    const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
    users.push(rows[0]);
  }
  res.json(users);
};`,
      files: { 'src/db.js': pgPool },
      errors: [at(5, 28, { message: '1 query per id: `pool.query` (pg) runs for each element of `req.body.ids`' })],
    },
    {
      name: 'a pg client checked out of the pool',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function tagAll(postIds: number[], tag: string) {
  const client = await pool.connect();
  try {
    for (const postId of postIds) await client.query('INSERT INTO post_tags (post_id, tag) VALUES ($1, $2)', [postId, tag]);
  } finally {
    client.release();
  }
}`,
      errors: [at(6, 41, { message: '1 query per postId: `client.query` (pg) runs for each element of `postIds`' })],
    },
    {
      code: `import mysql from 'mysql2/promise';
const conn = await mysql.createConnection({ host: 'db' });
export async function prices(skus: string[]) {
  const out = [];
  for (const sku of skus) {
    const [rows] = await conn.execute('SELECT price FROM products WHERE sku = ?', [sku]);
    out.push(rows);
  }
  return out;
}`,
      filename: 'src/prices.mts',
      errors: [at(6, 26, { message: '1 query per sku: `conn.execute` (mysql) runs for each element of `skus`' })],
    },
    {
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
export async function owners(pets: { ownerId: number }[]) {
  const out = [];
  for (const pet of pets) out.push(await db('users').where({ id: pet.ownerId }).first());
  return out;
}`,
      errors: [at(5, 42, { message: "1 query per pet: `db(…).where(…).first` (Knex) runs for each element of `pets`" })],
    },
    {
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { users } from './schema';
const db = drizzle(process.env.DATABASE_URL!);
export async function profiles(ids: number[]) {
  const out = [];
  for (const id of ids) out.push(await db.select().from(users).where(eq(users.id, id)));
  return out;
}`,
      errors: [at(7, 40, { message: '1 query per id: `db.select(…).from(…).where` (Drizzle) runs for each element of `ids`' })],
    },
    {
      code: `import { db } from './db';
export async function firstPosts(authors: { id: number }[]) {
  return Promise.all(authors.map((a) => db.query.posts.findFirst({ where: (p, { eq }) => eq(p.authorId, a.id) })));
}`,
      files: { 'src/db.ts': `import { drizzle } from 'drizzle-orm/postgres-js';\nimport postgres from 'postgres';\nexport const db = drizzle(postgres(process.env.DATABASE_URL!));\n` },
      errors: [at(3, 41, { severity: 'info', message: /^1 query per author: `db\.query\.posts\.findFirst` \(Drizzle\)/ })],
    },
    {
      code: `import Redis from 'ioredis';
const redis = new Redis(process.env.REDIS_URL!);
export async function sessions(userIds: string[]) {
  const out: (string | null)[] = [];
  for (const id of userIds) out.push(await redis.get(\`session:\${id}\`));
  return out;
}`,
      errors: [at(5, 44, { message: '1 round trip per userId: `redis.get` (Redis) runs for each element of `userIds`' })],
    },
    {
      code: `import { createClient } from 'redis';
const client = createClient();
export async function carts(users: { id: string }[]) {
  for (const u of users) await client.hGetAll(\`cart:\${u.id}\`);
}`,
      errors: [at(4, 32, { message: '1 round trip per user: `client.hGetAll` (Redis) runs for each element of `users`' })],
    },
    {
      name: 'a transaction made and executed per item is one round trip per item',
      code: `import Redis from 'ioredis';
const redis = new Redis();
export async function touch(users: { id: string }[]) {
  for (const u of users) {
    await redis.multi().set(\`seen:\${u.id}\`, Date.now()).expire(\`seen:\${u.id}\`, 60).exec();
  }
}`,
      errors: [at(5, 11, { message: /^1 round trip per user: `redis\.multi\(…\)\.set\(…\)\.expire\(…\)\.exec` \(Redis\) runs for each element of `users`/ })],
    },
    // ---- HTTP clients ----
    {
      code: `export async function avatars(users: { avatarUrl: string }[]) {
  const out = [];
  for (const user of users) out.push(await fetch(user.avatarUrl).then((r) => r.blob()));
  return out;
}`,
      errors: [at(3, 44, { severity: 'info', message: '1 request per user: `fetch` runs for each element of `users`; each goes to its own address (`user.avatarUrl`), so there may be nothing to batch' })],
    },
    {
      code: `import axios from 'axios';
export async function rates(currencies: string[]) {
  const out: Record<string, number> = {};
  for (const c of currencies) out[c] = (await axios.get(\`https://api.example.com/rates/\${c}\`)).data.rate;
  return out;
}`,
      errors: [at(4, 47, { message: '1 request per currency: `axios.get` runs for each element of `currencies`' })],
    },
    {
      code: `import got from 'got';
export async function statuses(services: { url: string }[]) {
  return Promise.all(services.map(async (s) => (await got(s.url + '/status')).statusCode));
}`,
      errors: [at(3, 55, { severity: 'info', message: '1 request per service: `got` runs for each element of `services` in its `map` callback, concurrently in `Promise.all`, but still N requests' })],
    },
    // ---- DataLoader awaited in sequence ----
    {
      code: `import DataLoader from 'dataloader';
import { prisma } from './lib/prisma';
const userLoader = new DataLoader(async (ids: readonly number[]) => prisma.user.findMany({ where: { id: { in: [...ids] } } }));
export async function authors(posts: { authorId: number }[]) {
  const out = [];
  for (const p of posts) out.push(await userLoader.load(p.authorId));
  return out;
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(6, 41, { message: '1 query per post: `userLoader.load` (DataLoader) runs for each element of `posts`; awaited one at a time, so DataLoader cannot batch them' })],
    },
    // ---- Next.js server components and route handlers ----
    {
      name: 'server component awaiting a query per post',
      filename: 'app/blog/page.tsx',
      code: `import { prisma } from '@/lib/prisma';
export default async function BlogPage() {
  const posts = await prisma.post.findMany({ take: 20 });
  const cards = [];
  for (const post of posts) {
    const author = await prisma.user.findFirst({ where: { id: post.authorId } });
    cards.push(<article key={post.id}>{post.title} by {author?.name}</article>);
  }
  return <main>{cards}</main>;
}`,
      files: { 'lib/prisma.ts': prismaLib, 'tsconfig.json': `{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }` },
      errors: [at(6, 26, { message: '1 query per post: `prisma.user.findFirst` (Prisma) runs for each element of `posts`' })],
    },
    {
      name: 'route handler with Promise.all in JSX-free code',
      filename: 'app/api/cart/route.ts',
      code: `import { NextResponse } from 'next/server';
import { db } from '@/lib/db';
export async function GET() {
  const items = await db.cartItem.findMany();
  const products = await Promise.all(items.map((i) => db.product.findFirst({ where: { id: i.productId } })));
  return NextResponse.json(products);
}`,
      files: { 'lib/db.ts': `import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();\n`, 'tsconfig.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }` },
      errors: [at(5, 55, { severity: 'info' })],
    },
    // ---- across functions and files ----
    {
      name: 'a helper in the same file',
      code: `import { prisma } from './lib/prisma';
async function loadAuthor(id: number) {
  return prisma.user.findFirst({ where: { id } });
}
export async function feed(posts: { authorId: number }[]) {
  const out = [];
  for (const post of posts) out.push({ post, author: await loadAuthor(post.authorId) });
  return out;
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [
        at(7, 60, {
          message: '1 query per post: `loadAuthor()` (Prisma) runs for each element of `posts`: it calls `prisma.user.findFirst` (src/server.ts:3)',
          related: [{ file: 'src/server.ts', line: 3 }],
        }),
      ],
    },
    {
      name: 'a helper whose query is guarded by a required parameter still runs per item',
      code: `import { Pool } from 'pg';
const pool = new Pool();
async function attachments(doc: { id: string }, withFiles: boolean) {
  return withFiles ? (await pool.query('SELECT * FROM files WHERE doc = $1', [doc.id])).rows : [];
}
export async function all(docs: { id: string }[]) {
  for (const doc of docs) await attachments(doc, true);
}`,
      errors: [at(7, 33, { related: [{ file: 'src/server.ts', line: 4 }] })],
    },
    {
      name: 'three calls deep across files: route → service → repository → query',
      filename: 'src/routes/orders.ts',
      code: `import { Router } from 'express';
import { enrichOrder } from '../services/orders';
export const router = Router();
router.get('/orders', async (req, res) => {
  const orders: { id: number; customerId: number }[] = req.body.orders;
  for (const order of orders) await enrichOrder(order);
  res.json(orders);
});`,
      files: {
        'src/services/orders.ts': `import { findCustomer } from '../repositories/customers';\nexport async function enrichOrder(order: { customerId: number }) {\n  return { ...order, customer: await findCustomer(order.customerId) };\n}\n`,
        'src/repositories/customers.ts': `import { query } from '../lib/db';\nexport function findCustomer(id: number) {\n  return query('SELECT * FROM customers WHERE id = $1', [id]);\n}\n`,
        'src/lib/db.ts': `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function query(text: string, params: unknown[]) {\n  const { rows } = await pool.query(text, params);\n  return rows;\n}\n`,
      },
      errors: [
        at(6, 37, {
          message: '1 query per order: `enrichOrder()` (pg) runs for each element of `orders`: it calls `pool.query` (src/lib/db.ts:4)',
          related: [
            { file: 'src/services/orders.ts', line: 3 },
            { file: 'src/repositories/customers.ts', line: 3 },
            { file: 'src/lib/db.ts', line: 4 },
          ],
        }),
      ],
    },
    {
      name: 'NestJS controller loop over an injected service that uses a repository',
      filename: 'src/users/users.controller.ts',
      code: `import { Body, Controller, Post } from '@nestjs/common';
import { UsersService } from './users.service';
@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}
  @Post('lookup')
  async lookup(@Body() ids: number[]) {
    return Promise.all(ids.map((id) => this.usersService.findOne(id)));
  }
}`,
      files: {
        'src/users/users.service.ts': `import { Injectable } from '@nestjs/common';\nimport { InjectRepository } from '@nestjs/typeorm';\nimport { Repository } from 'typeorm';\nimport { User } from './user.entity';\n@Injectable()\nexport class UsersService {\n  constructor(@InjectRepository(User) private usersRepository: Repository<User>) {}\n  findOne(id: number) {\n    return this.usersRepository.findOneBy({ id });\n  }\n}\n`,
      },
      errors: [at(8, 40, { severity: 'info', related: [{ file: 'src/users/users.service.ts', line: 9 }], message: /^1 query per id: `this\.usersService\.findOne\(\)` \(TypeORM\) .* it calls `this\.usersRepository\.findOneBy` \(src\/users\/users\.service\.ts:9\)$/ })],
    },
    {
      name: 'Nx monorepo: a NestJS service reached through a tsconfig.base.json alias, querying through a PrismaService that extends PrismaClient',
      filename: 'apps/api/src/app/watchlist/watchlist.service.ts',
      code: `import { MarketDataService } from '@acme/api/services/market-data/market-data.service';
import { PrismaService } from '@acme/api/services/prisma/prisma.service';
import { Injectable } from '@nestjs/common';
@Injectable()
export class WatchlistService {
  public constructor(private readonly marketDataService: MarketDataService, private readonly prismaService: PrismaService) {}
  public async refresh(items: { dataSource: string; symbol: string }[]) {
    for (const { dataSource, symbol } of items) {
      await this.marketDataService.getMax({ dataSource, symbol });
      await this.prismaService.symbolProfile.update({ data: { isActive: true }, where: { dataSource_symbol: { dataSource, symbol } } });
    }
  }
}`,
      files: {
        'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@acme/api/*": ["apps/api/src/*"] } } }',
        'apps/api/tsconfig.json': '{ "extends": "../../tsconfig.base.json" }',
        'apps/api/src/services/prisma/prisma.service.ts': `import { Injectable, OnModuleInit } from '@nestjs/common';\nimport { PrismaClient } from '@prisma/client';\n@Injectable()\nexport class PrismaService extends PrismaClient implements OnModuleInit {\n  async onModuleInit() {\n    await this.$connect();\n  }\n}\n`,
        'apps/api/src/services/market-data/market-data.service.ts': `import { PrismaService } from '@acme/api/services/prisma/prisma.service';\nimport { Injectable } from '@nestjs/common';\n@Injectable()\nexport class MarketDataService {\n  public constructor(private readonly prismaService: PrismaService) {}\n  public getMax({ dataSource, symbol }: { dataSource: string; symbol: string }) {\n    return this.prismaService.marketData.findFirst({ orderBy: [{ marketPrice: 'desc' }], where: { dataSource, symbol } });\n  }\n}\n`,
      },
      errors: [
        at(9, 13, {
          related: [
            { file: 'apps/api/src/services/market-data/market-data.service.ts', line: 7 },
            { file: 'apps/api/src/app/watchlist/watchlist.service.ts', line: 10 },
          ],
          message: '2 queries per item: `this.marketDataService.getMax()` and `this.prismaService.symbolProfile.update` run for each element of `items`',
        }),
      ],
    },
    {
      name: 'NestJS + sequelize-typescript: a model injected with @InjectModel(User) and typed typeof User',
      filename: 'src/users/users.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/sequelize';
import { User } from './user.model';
@Injectable()
export class UsersService {
  constructor(@InjectModel(User) private userModel: typeof User) {}
  async findMany(ids: string[]) {
    const out = [];
    for (const id of ids) out.push(await this.userModel.findOne({ where: { id } }));
    return out;
  }
}`,
      files: { 'src/users/user.model.ts': `import { Column, Model, Table } from 'sequelize-typescript';\n@Table\nexport class User extends Model {\n  @Column\n  firstName: string;\n}\n` },
      errors: [at(9, 42, { message: '1 query per id: `this.userModel.findOne` (Sequelize) runs for each element of `ids`' })],
    },
    {
      name: 'a constructor-injected Knex behind a workspace type alias, and a transaction behind an interface extending Knex.Transaction',
      filename: 'src/services/orders.ts',
      code: `import type { Db, Tx } from '../db';
export class OrderService {
  constructor(private db: Db) {}
  async totals(ids: number[]) {
    const out = [];
    for (const id of ids) out.push(await this.db('orders').where({ id }).first());
    return out;
  }
  async remove(trx: Tx, ids: number[]) {
    for (const id of ids) await trx('orders').where({ id }).del();
  }
}`,
      files: { 'src/db/index.ts': `import knex, { Knex } from 'knex';\nexport type Db = Knex;\nexport interface Tx extends Knex.Transaction {}\nexport const db: Db = knex({ client: 'pg' });\n` },
      errors: [
        at(6, 42, { message: '1 query per id: `this.db(…).where(…).first` (Knex) runs for each element of `ids`' }),
        at(10, 33, { message: '1 query per id: `trx(…).where(…).del` (Knex) runs for each element of `ids`' }),
      ],
    },
    {
      name: 'a cache delete per link nobody awaits: the calls overlap, so info',
      code: `import Redis from 'ioredis';
const redis = new Redis();
export function forget(links: { address: string }[]) {
  for (const link of links) {
    redis.del('l:' + link.address).catch(() => undefined);
  }
}`,
      errors: [at(5, 5, { severity: 'info', message: '1 round trip per link: `redis.del` (Redis) runs for each element of `links`, not awaited, so they overlap, but still N round trips' })],
    },
    {
      name: 'better-sqlite3 runs a statement per row even when its result is dropped: still a warning',
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
const insert = db.prepare('INSERT INTO tags (name) VALUES (?)');
export function saveTags(names: string[]) {
  for (const name of names) insert.run(name);
}`,
      errors: [at(5, 29, { severity: 'warning', message: '1 query per name: `insert.run` (better-sqlite3) runs for each element of `names`' })],
    },
    {
      name: 'four conversions per order through one helper that queries: one finding, at the first',
      filename: 'src/activities.service.ts',
      code: `import { convertAtDate } from './rates';
export async function activities(orders: { fee: number; price: number; date: Date; currency: string }[]) {
  return Promise.all(
    orders.map(async (order) => {
      const [fee, price] = await Promise.all([
        convertAtDate(order.fee, order.currency, order.date),
        convertAtDate(order.price, order.currency, order.date),
      ]);
      return { ...order, fee, price };
    }),
  );
}`,
      files: {
        'src/rates.ts': `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport async function convertAtDate(value: number, currency: string, date: Date) {\n  const rate = await prisma.marketData.findFirst({ where: { symbol: currency, date } });\n  return value * (rate?.marketPrice ?? 1);\n}\n`,
      },
      errors: [at(6, 9, { severity: 'info', related: [{ file: 'src/rates.ts', line: 4 }, { file: 'src/activities.service.ts', line: 7 }], message: /^1 query per order: `convertAtDate\(\)` \(Prisma\) runs for each element of `orders`/ })],
    },
    // ---- the catalogue extended in .hotpathrc.json ----
    {
      name: 'a company data client declared in .hotpathrc.json "dataAccess"',
      code: `import { DbClient } from '@acme/db-client';
const db = new DbClient();
export async function profiles(ids: string[]) {
  const out = [];
  for (const id of ids) out.push(await db.fetchOne('profiles', id));
  return out;
}`,
      files: { '.hotpathrc.json': JSON.stringify({ dataAccess: [{ module: '@acme/db-client', calls: ['fetchOne', 'fetchMany'], library: 'Acme DB' }] }) },
      errors: [at(5, 40, { message: '1 query per id: `db.fetchOne` (Acme DB) runs for each element of `ids`' })],
    },
    // ---- GraphQL field resolvers: one lookup per parent ----
    {
      name: 'Apollo resolver map: User.posts with findMany per user',
      filename: 'src/graphql/resolvers.ts',
      code: `import { prisma } from '../lib/prisma';
export const resolvers = {
  Query: { users: () => prisma.user.findMany() },
  User: {
    posts: (parent: { id: number }) => prisma.post.findMany({ where: { authorId: parent.id } }),
  },
};`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 40, { message: '1 query per User: `prisma.post.findMany` (Prisma) runs in the `User.posts` resolver, once for each User of a list; batch it with a DataLoader' })],
    },
    {
      name: 'a resolver map passed to ApolloServer, destructured parent, raw pg',
      code: `import { ApolloServer } from '@apollo/server';
import { Pool } from 'pg';
const pool = new Pool();
const server = new ApolloServer({
  typeDefs: \`type Post { id: ID! author: User }\`,
  resolvers: {
    Post: {
      async author({ authorId }: { authorId: number }) {
        return (await pool.query('SELECT * FROM users WHERE id = $1', [authorId])).rows[0];
      },
    },
  },
});
export default server;`,
      errors: [at(9, 23, { message: '1 query per Post: `pool.query` (pg) runs in the `Post.author` resolver, once for each Post of a list; batch it with a DataLoader' })],
    },
    {
      name: 'NestJS @ResolveField with @Parent, through a service to a TypeORM repository',
      filename: 'src/posts/posts.resolver.ts',
      code: `import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Post } from './post.model';
import { UsersService } from '../users/users.service';
@Resolver(() => Post)
export class PostsResolver {
  constructor(private readonly usersService: UsersService) {}
  @ResolveField()
  author(@Parent() post: Post) {
    return this.usersService.findOne(post.authorId);
  }
}`,
      files: {
        'src/users/users.service.ts': `import { Injectable } from '@nestjs/common';\nimport { InjectRepository } from '@nestjs/typeorm';\nimport { Repository } from 'typeorm';\nimport { User } from './user.entity';\n@Injectable()\nexport class UsersService {\n  constructor(@InjectRepository(User) private users: Repository<User>) {}\n  findOne(id: number) {\n    return this.users.findOneBy({ id });\n  }\n}\n`,
      },
      errors: [
        at(9, 12, {
          related: [{ file: 'src/users/users.service.ts', line: 9 }],
          message: '1 query per Post: `this.usersService.findOne()` (TypeORM) runs in the `Post.author` resolver, once for each Post of a list: it calls `this.users.findOneBy` (src/users/users.service.ts:9); batch it with a DataLoader',
        }),
      ],
    },
    {
      name: 'TypeGraphQL @FieldResolver with @Root and a Mongoose model',
      code: `import { FieldResolver, Resolver, Root } from 'type-graphql';
import mongoose from 'mongoose';
const Author = mongoose.model('Author', new mongoose.Schema({ name: String }));
@Resolver(() => Book)
export class BookResolver {
  @FieldResolver()
  async author(@Root() book: { authorId: string }) {
    return Author.findById(book.authorId);
  }
}
class Book {}`,
      errors: [at(8, 12, { message: /^1 query per Book: `Author\.findById` \(Mongoose\) runs in the `Book\.author` resolver/ })],
    },
  ],
});

describe('n-plus-one meta', () => {
  const meta = nPlusOne.meta;
  const docsPath = path.resolve(__dirname, '../../..', meta.docsPath);

  it('has a docs page that states its id, description, severity, suppression and setting', () => {
    const docs = fs.readFileSync(docsPath, 'utf8');
    assert.match(docs, new RegExp(`^# ${meta.id}\\b`, 'm'));
    assert.ok(docs.includes(meta.description), 'docs quote the description');
    assert.ok(docs.includes(`"${meta.defaultSeverity}"`), 'docs name the default severity');
    assert.ok(docs.includes(`hotpath-ignore-next-line ${meta.id}`), 'docs show suppression');
    assert.ok(docs.includes(`hotpath.rules["${meta.id}"]`), 'docs show the setting');
  });

  it('skips files without loops, and tests, scripts and seeds, before parsing them', () => {
    const doc = { isScript: true, path: '/w/src/math.ts', text: 'export const add = (a: number, b: number) => a + b;\n' };
    assert.equal(nPlusOne.mayApply?.(doc as never), false);
    assert.equal(nPlusOne.mayApply?.({ ...doc, text: 'for (const x of xs) await db.find(x);' } as never), true);
    assert.equal(nPlusOne.mayApply?.({ ...doc, path: '/w/src/math.test.ts', text: 'for (const x of xs) await db.find(x);' } as never), false);
    assert.equal(nPlusOne.mayApply?.({ ...doc, path: '/w/prisma/seed.ts', text: 'for (const x of xs) await db.find(x);' } as never), false);
  });

  it('explains the call chain on hover', () => {
    const { findings } = runRule(nPlusOne, {
      code: `import { Pool } from 'pg';\nconst pool = new Pool();\nasync function load(id: number) {\n  return pool.query('SELECT 1 WHERE $1', [id]);\n}\nexport async function all(ids: number[]) {\n  for (const id of ids) await load(id);\n}\n`,
    });
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0]!.explanation,
      [
        '**N+1: one pg query per element.** Each query waits for the previous one: with 2 ms per round trip, 500 elements of `ids` cost a second before anything else happens.',
        '',
        'Call chain:',
        '1. `for … of ids` (src/server.ts:7)',
        '2. `load()` (src/server.ts:7)',
        '3. `pool.query` (src/server.ts:4)',
        '',
        '**Fix:** rewrite the query to take all keys at once (`WHERE id = ANY($1)` / `IN (…)`), then look rows up in a `Map`.',
      ].join('\n'),
    );
  });
});
