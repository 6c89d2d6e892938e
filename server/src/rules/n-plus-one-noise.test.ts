/**
 * n-plus-one where the code itself says a loop is no N+1 a user would want to hear about: its
 * file runs from a terminal or at set-up (migrations under a `{"type": "commonjs"}` package.json,
 * an oclif CLI's commands, test fixtures), the loop walks a fixed set of constants, the helper is
 * told to answer from memory (`{ cached: true }`), the per-item call only scopes a callback
 * (`db.runWithTenant(tenant, f)`), or the file is an administrator's (info).
 */
import { at, ruleTester } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

const prismaLib = `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient();
`;

// A CommonJS app whose db module picks its driver from the configuration at run time.
const configuredDb = {
  'package.json': '{ "name": "builder", "dependencies": { "pg": "^8.11.0" } }',
  'src/db/connect.js': "module.exports.getConnectObject = () => ({ db_driver: process.env.DB_DRIVER });\n",
  'src/db/index.js': `const { getConnectObject } = require('./connect');
const connectObj = getConnectObject();
module.exports = connectObj.db_driver ? require(connectObj.db_driver) : require('./postgres');
`,
  'src/db/postgres.js': `const { Pool } = require('pg');
const pool = new Pool();
module.exports.select = async (table, where) => (await pool.query('select * from "' + table + '" where id = $1', [where.id])).rows;
module.exports.deleteWhere = async (table, where) => pool.query('delete from "' + table + '" where id = $1', [where.id]);
module.exports.runWithTenant = async (tenant, fn) => fn();
`,
};

// A model class that keeps its rows in memory once loaded, and answers from there when asked to.
const cachedViews = {
  'src/lib/prisma.ts': prismaLib,
  'src/models/state.ts': 'export const state = { views: [] as { id: number; tableId: number; name: string }[] };\n',
  'src/models/view.ts': `import { prisma } from '../lib/prisma';
import { state } from './state';

export class View {
  static async find(where: { tableId: number }, opts: { cached?: boolean; orderBy?: string } = {}) {
    if (opts.cached) return state.views.filter((v) => v.tableId === where.tableId);
    return prisma.view.findMany({ where, orderBy: { name: 'asc' } });
  }

  static async linksTo(table: { id: number }) {
    const views = await View.find({ tableId: table.id }, { orderBy: 'name', cached: true });
    return views.map((v) => v.name);
  }
}
`,
};

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'a migration in a folder whose package.json only sets the module type',
      filename: 'src/migrations/202102091312.js',
      code: `const db = require('../db');
const migrate = async () => {
  const tables = await db.select('_sc_tables', {});
  for (const table of tables) {
    await db.deleteWhere('_sc_fields', { id: table.id });
  }
};
module.exports = { migrate };`,
      files: { ...configuredDb, 'src/migrations/package.json': '{ "type": "commonjs" }' },
    },
    {
      name: "an oclif CLI's command, from the folder its package.json names",
      filename: 'packages/cli/src/commands/reset-tenants.js',
      code: `const { Command } = require('@oclif/core');
const { prisma } = require('@acme/data/prisma');
class ResetTenantsCommand extends Command {
  async run() {
    const tenants = await prisma.tenant.findMany();
    for (const tenant of tenants) {
      await prisma.session.deleteMany({ where: { tenantId: tenant.id } });
    }
  }
}
module.exports = ResetTenantsCommand;`,
      files: {
        'package.json': '{ "name": "acme", "private": true, "workspaces": ["packages/*"] }',
        'packages/cli/package.json': '{ "name": "@acme/cli", "bin": { "acme": "./bin/acme" }, "oclif": { "commands": "./src/commands", "bin": "acme" } }',
        'packages/data/package.json': '{ "name": "@acme/data", "dependencies": { "@prisma/client": "^5.0.0" } }',
        'packages/data/prisma.ts': prismaLib,
      },
    },
    {
      name: 'test fixtures creating their rows one by one',
      filename: 'src/db/fixtures.ts',
      code: `import { prisma } from '../lib/prisma';
export async function loadFixtures() {
  const pages = [{ name: 'home', title: 'Home' }, { name: 'about', title: 'About' }, { name: 'pricing', title: 'Pricing' }, { name: 'faq', title: 'FAQ' }];
  for (const page of pages) {
    await prisma.page.create({ data: page });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      name: 'a fixed set of four statuses: four queries on every run, whatever the tables hold',
      filename: 'src/models/workflow_run.ts',
      code: `import { prisma } from '../lib/prisma';
export async function pruneRuns(olderThan: Date) {
  for (const status of ['Error', 'Finished', 'Running', 'Waiting'] as const) {
    await prisma.workflowRun.deleteMany({ where: { status, startedAt: { lt: olderThan } } });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      name: 'a helper told to answer from memory ({ cached: true }) returns before its query',
      filename: 'src/routes/views.ts',
      code: `import { Router } from 'express';
import { prisma } from '../lib/prisma';
import { View } from '../models/view';
export const router = Router();
router.get('/tables/links', async (req, res) => {
  const tables = await prisma.table.findMany();
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const views = await View.find({ tableId: table.id }, { cached: true });
    out[table.name] = views.map((v) => v.name);
  }
  res.json(out);
});`,
      files: cachedViews,
    },
    {
      name: 'the same through a helper of the model that asks for the cached rows',
      filename: 'src/routes/links.ts',
      code: `import { Router } from 'express';
import { prisma } from '../lib/prisma';
import { View } from '../models/view';
export const router = Router();
router.get('/tables/link-targets', async (req, res) => {
  const tables = await prisma.table.findMany();
  res.json(await Promise.all(tables.map(async (table) => ({ table: table.name, views: await View.linksTo(table) }))));
});`,
      files: cachedViews,
    },
    {
      name: 'a per-tenant scope handed the callback parameter its helper runs: the queries are in the callback',
      filename: 'src/tenants.js',
      code: `const db = require('./db');
const eachTenant = async (tenants, f) => {
  if (tenants.length === 0) return await f();
  for (const tenant of tenants) await db.runWithTenant(tenant, f);
};
module.exports = { eachTenant };`,
      files: configuredDb,
    },
    {
      name: 'the same with the callback typed as a function',
      filename: 'src/tenants.ts',
      code: `import db from './db';
export const eachTenant = async (tenants: string[], f: () => Promise<void>): Promise<void> => {
  for (const tenant of tenants) await db.runWithTenant(tenant, f);
};`,
      files: configuredDb,
    },
  ],
  invalid: [
    {
      name: 'requests pushed to an array and awaited with Promise.all: info, they overlap',
      filename: 'src/components/WorkflowEditor.jsx',
      code: `export async function saveRemovedEdges(removed, csrfToken) {
  const updates = [];
  removed.forEach((edge) => {
    updates.push(
      fetch(\`/api/workflow/steps/\${edge.target}/connection\`, { method: 'POST', headers: { 'CSRF-Token': csrfToken }, body: JSON.stringify({ next: null }) }),
    );
  });
  await Promise.all(updates);
}`,
      errors: [at(5, 7, { severity: 'info', message: /^1 request per edge: `fetch` runs for each element of `removed` in its `forEach` callback, kept and awaited together in `Promise\.all`, but still N requests$/ })],
    },
    {
      name: 'queries pushed in a for … of loop and gathered with Promise.allSettled: info',
      filename: 'src/jobs/expire.ts',
      code: `import { prisma } from '../lib/prisma';
export async function expireSessions(users: { id: string }[]) {
  const pending: Promise<unknown>[] = [];
  for (const user of users) {
    pending.push(prisma.session.deleteMany({ where: { userId: user.id, expiresAt: { lt: new Date() } } }));
  }
  return Promise.allSettled(pending);
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 18, { severity: 'info', message: /kept and awaited together in `Promise\.allSettled`, but still N queries$/ })],
    },
    {
      name: 'results pushed after awaiting each query stay a warning',
      filename: 'src/jobs/report.ts',
      code: `import { prisma } from '../lib/prisma';
export async function countPosts(users: { id: string }[]) {
  const counts: number[] = [];
  for (const user of users) {
    counts.push(await prisma.post.count({ where: { authorId: user.id } }));
  }
  return Promise.all(counts);
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 23, { severity: 'warning', message: /^1 query per user: `prisma\.post\.count` \(Prisma\) runs for each element of `users`$/ })],
    },
    {
      name: 'without the option the same helper queries per table',
      filename: 'src/routes/views.ts',
      code: `import { Router } from 'express';
import { prisma } from '../lib/prisma';
import { View } from '../models/view';
export const router = Router();
router.get('/tables/views', async (req, res) => {
  const tables = await prisma.table.findMany();
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const views = await View.find({ tableId: table.id }, { orderBy: 'name' });
    out[table.name] = views.map((v) => v.name);
  }
  res.json(out);
});`,
      files: cachedViews,
      errors: [at(9, 25, { severity: 'warning', message: /^1 query per table: `View\.find\(\)` \(Prisma\) runs for each element of `tables`: it calls `prisma\.view\.findMany`/ })],
    },
    {
      name: 'a commands folder without an oclif manifest is app code (a chat bot runs its commands per message)',
      filename: 'src/commands/purge.js',
      code: `const { prisma } = require('../lib/prisma');
module.exports = {
  name: 'purge',
  async execute(message) {
    const members = await prisma.member.findMany({ where: { guildId: message.guildId } });
    for (const member of members) {
      await prisma.warning.deleteMany({ where: { memberId: member.id } });
    }
  },
};`,
      files: { 'package.json': '{ "name": "guild-bot", "dependencies": { "@prisma/client": "^5.0.0" } }', 'src/lib/prisma.ts': prismaLib },
      errors: [at(7, 13, { severity: 'warning', message: /^1 query per member: `prisma\.warning\.deleteMany`/ })],
    },
    {
      name: "an admin routes file resetting every user's settings: info, an administrator's action",
      filename: 'src/routes/admin.ts',
      code: `import { Router } from 'express';
import { prisma } from '../lib/prisma';
export const router = Router();
router.post('/admin/reset-settings', async (req, res) => {
  const users = await prisma.user.findMany({ select: { id: true } });
  for (const user of users) {
    await prisma.setting.deleteMany({ where: { userId: user.id } });
  }
  res.sendStatus(204);
});`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(7, 11, { severity: 'info', message: /; it is admin code, run on an administrator's action, so it may be fine$/ })],
    },
    {
      name: 'a package of admin models restoring a backup: info',
      filename: 'packages/acme-admin-models/models/backup.ts',
      code: `import { prisma } from '../lib/prisma';
export async function restoreFiles(rows: { id: number; location: string }[]) {
  for (const row of rows) {
    await prisma.file.upsert({ where: { id: row.id }, create: row, update: row });
  }
}`,
      files: { 'packages/acme-admin-models/package.json': '{ "name": "@acme/admin-models" }', 'packages/acme-admin-models/lib/prisma.ts': prismaLib },
      errors: [at(4, 11, { severity: 'info', message: /; it is admin code, run on an administrator's action, so it may be fine$/ })],
    },
  ],
});
