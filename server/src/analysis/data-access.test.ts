import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataAccessCallOf } from './data-access';
import { onlyCall, workspace } from './test-helpers';

/** `library.method` for the one call to `callee` in src/main.ts, or undefined when it is not data access. */
function recognise(files: Record<string, string>, callee: string): string | undefined {
  const w = workspace(files);
  const doc = w.doc('src/main.ts');
  const a = dataAccessCallOf(w.project, doc, onlyCall(doc, callee));
  return a && `${a.entry.library}.${a.method}`;
}

describe('data-access catalogue: recognised by library, not by method name', () => {
  it('follows clients made from imports, requires, factories and connections', () => {
    assert.equal(recognise({ 'src/main.ts': `import { PrismaClient } from '@prisma/client';\nconst p = new PrismaClient();\np.user.findMany();` }, 'p.user.findMany'), 'Prisma.findMany');
    assert.equal(recognise({ 'src/main.ts': `const { Pool } = require('pg');\nconst pool = new Pool();\nasync function f() { const c = await pool.connect(); c.query('x'); }` }, 'c.query'), 'pg.query');
    assert.equal(recognise({ 'src/main.ts': `import mysql from 'mysql2/promise';\nconst db = mysql.createPool({});\ndb.execute('x');` }, 'db.execute'), 'mysql.execute');
    assert.equal(recognise({ 'src/main.ts': `import knex from 'knex';\nconst db = knex({});\ndb('users').where({ id: 1 }).first();` }, "db('users').where({ id: 1 }).first"), 'Knex.first');
    assert.equal(recognise({ 'src/main.ts': `import axios from 'axios';\nconst api = axios.create({ baseURL: '/api' });\napi.get('/me');` }, 'api.get'), 'axios.get');
    assert.equal(recognise({ 'src/main.ts': `fetch('/api/me');` }, 'fetch'), 'fetch.fetch');
  });

  it('follows exports across files: ESM, CommonJS, default and path aliases', () => {
    const files = {
      'tsconfig.json': `{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }`,
      'src/db.ts': `import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();\n`,
      'src/models/user.js': `const mongoose = require('mongoose');\nmodule.exports = mongoose.model('User', new mongoose.Schema({}));\n`,
      'src/main.ts': `import { db } from '@/db';\nimport User from './models/user';\ndb.post.count();\nUser.findById('1');\n`,
    };
    assert.equal(recognise(files, 'db.post.count'), 'Prisma.count');
    assert.equal(recognise(files, 'User.findById'), 'Mongoose.findById');
  });

  it('follows a client made inside a memoising wrapper and exported from a workspace package (documenso)', () => {
    const files = {
      'package.json': `{ "name": "root", "workspaces": ["packages/*"] }`,
      'packages/prisma/package.json': `{ "name": "@acme/prisma", "main": "./index.ts" }`,
      'packages/prisma/remember.ts': `export function remember<T>(name: string, getValue: () => T): T { return getValue(); }\n`,
      'packages/prisma/index.ts': `import { PrismaClient } from '@prisma/client';
import { remember } from './remember';
const prisma = remember('prisma', () => new PrismaClient({}));
export const prismaWithReplicas = remember('prismaWithReplicas', () => {
  if (!process.env.REPLICA_URLS) {
    return prisma;
  }
  return prisma.$extends({}) as unknown as typeof prisma;
});
export { prismaWithReplicas as prisma };
`,
      'packages/lib/package.json': `{ "name": "@acme/lib" }`,
      'src/main.ts': `import { prisma } from '@acme/prisma';\nasync function f(items: { id: string }[]) { for (const item of items) await prisma.field.findMany({ where: { itemId: item.id } }); }\n`,
    };
    assert.equal(recognise(files, 'prisma.field.findMany'), 'Prisma.findMany');
  });

  it("follows the Next.js singleton from Prisma's docs (dub)", () => {
    const files = {
      'src/lib/prisma.ts': `import { PrismaClient } from '@prisma/client';
const prismaClientSingleton = () => new PrismaClient({ omit: { user: { passwordHash: true } } });
declare global { var prisma: ReturnType<typeof prismaClientSingleton> | undefined; }
export const prisma = global.prisma ?? prismaClientSingleton();
if (process.env.NODE_ENV !== 'production') global.prisma = prisma;
`,
      'src/main.ts': `import { prisma } from './lib/prisma';\nprisma.link.findMany();\n`,
    };
    assert.equal(recognise(files, 'prisma.link.findMany'), 'Prisma.findMany');
    const declared = { ...files, 'src/lib/prisma.ts': `import { PrismaClient } from '@prisma/client';\nfunction makeClient() {\n  const url = process.env.DATABASE_URL;\n  return new PrismaClient({ datasourceUrl: url });\n}\nexport const prisma = makeClient();\n` };
    assert.equal(recognise(declared, 'prisma.link.findMany'), 'Prisma.findMany');
  });

  it('does not take a wrapper around a query for a client', () => {
    const files = {
      'src/main.ts': `import { PrismaClient } from '@prisma/client';\nconst p = new PrismaClient();\nconst users = retry(() => p.user.findMany());\nusers.find((u) => u);\n`,
    };
    assert.equal(recognise(files, 'users.find'), undefined);
  });

  it('follows NestJS injection by type and class heritage', () => {
    const files = {
      'src/main.ts': `import { Repository } from 'typeorm';\nimport { Model } from 'sequelize';\nclass Post extends Model {}\nclass S {\n  constructor(private users: Repository<object>) {}\n  run() { this.users.findOneBy({}); Post.findAll(); }\n}\n`,
    };
    assert.equal(recognise(files, 'this.users.findOneBy'), 'TypeORM.findOneBy');
    assert.equal(recognise(files, 'Post.findAll'), 'Sequelize.findAll');
  });

  it('does not take look-alikes for queries', () => {
    assert.equal(recognise({ 'src/main.ts': `const cache = new Map();\ncache.get('k');` }, 'cache.get'), undefined);
    assert.equal(recognise({ 'src/main.ts': `import { PrismaClient } from '@prisma/client';\nconst p = new PrismaClient();\nasync function f() { const rows = await p.user.findMany(); rows.find((r) => r); }` }, 'rows.find'), undefined);
    assert.equal(recognise({ 'src/main.ts': `class User { static findById(id: string) { return id; } }\nUser.findById('1');` }, 'User.findById'), undefined);
    assert.equal(recognise({ 'src/main.ts': `import axios from 'axios';\naxios.isAxiosError(new Error());` }, 'axios.isAxiosError'), undefined);
    assert.equal(recognise({ 'src/main.ts': `function f(fetch: (u: string) => void) { fetch('/x'); }` }, 'fetch'), undefined);
    assert.equal(recognise({ 'src/main.ts': `import { eq } from 'drizzle-orm';\neq(1, 2);` }, 'eq'), undefined);
    assert.equal(recognise({ 'src/main.ts': `import { PrismaClient } from '@prisma/client';\nconst p = new PrismaClient();\np.user.findMany().then((r) => r);` }, 'p.user.findMany().then'), undefined, 'the promise method is not a second query');
    assert.equal(recognise({ 'src/main.ts': `import knex from 'knex';\nconst db = knex({});\ndb('users').where({ id: 1 }).first();` }, "db('users').where"), undefined, 'inner links of a chain are not separate queries');
  });
});
