/**
 * The n-plus-one quick fixes, applied through the rule and checked three ways: the text must be
 * exactly the expected rewrite, it must parse, and it must type-check against the libraries'
 * real type definitions (sequelize, typeorm, mongoose, @types/pg installed as dev dependencies;
 * Prisma through a hand-written client declaration, see __fixtures__/prisma-client.d.ts.txt).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nPlusOne } from '../rules/n-plus-one';
import { applyEdits } from '../testing/apply-fix';
import { assertParses, ruleFixes, runRule } from '../testing/rule-tester';
import { typecheck } from '../testing/typecheck';

const prismaTypes = fs.readFileSync(path.join(__dirname, '__fixtures__/prisma-client.d.ts.txt'), 'utf8');

interface FixCase {
  name: string;
  code: string;
  /** The fix's title, then the whole file after applying it. */
  title: string;
  output: string;
  /** Extra files for the type-check (models, entities). */
  files?: Record<string, string>;
  compilerOptions?: Parameters<typeof typecheck>[1];
}

function fixed(code: string, title: string, files?: Record<string, string>): string {
  const { findings } = runRule(nPlusOne, { code, ...(files ? { files } : {}) });
  assert.equal(findings.length, 1, `expected one finding, got ${findings.map((f) => f.message).join('\n')}`);
  const fix = ruleFixes(findings[0]!).find((f) => f.title === title);
  assert.ok(fix, `no fix titled ${title}; fixes: ${ruleFixes(findings[0]!).map((f) => f.title).join(' | ')}`);
  return applyEdits(code, fix.edits);
}

function check(c: FixCase): void {
  const output = fixed(c.code, c.title, c.files);
  assert.equal(output, c.output);
  assertParses(output, 'src/server.ts');
  assert.deepEqual(typecheck({ 'src/server.ts': output, ...c.files }, c.compilerOptions ?? { module: 'commonjs' }), []);
  // The original compiles too, so the check above is about the rewrite, not the fixture.
  assert.deepEqual(typecheck({ 'src/server.ts': c.code, ...c.files }, c.compilerOptions ?? { module: 'commonjs' }), []);
}

const sequelizeModel = `import { DataTypes, Model, Sequelize, type InferAttributes, type InferCreationAttributes } from 'sequelize';
export const sequelize = new Sequelize('postgres://localhost/app');
export class Customer extends Model<InferAttributes<Customer>, InferCreationAttributes<Customer>> {
  declare id: number;
  declare email: string;
}
Customer.init({ id: { type: DataTypes.INTEGER, primaryKey: true }, email: DataTypes.STRING }, { sequelize });
`;

const typeormEntity = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity()
export class Customer {
  @PrimaryGeneratedColumn() id!: number;
  @Column() email!: string;
}
`;

const batchCases: FixCase[] = [
  {
    name: 'Prisma findUnique in for…of → findMany with in, and a Map',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function withCustomers(orders: { id: number; customerId: number }[]) {
  const out = [];
  for (const order of orders) {
    const customer = await prisma.customer.findUnique({ where: { id: order.customerId } });
    out.push({ ...order, email: customer?.email });
  }
  return out;
}
`,
    title: 'Batch into one `prisma.customer.findMany` before the loop and look rows up in a Map',
    output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function withCustomers(orders: { id: number; customerId: number }[]) {
  const out = [];
  const customerById = new Map((await prisma.customer.findMany({ where: { id: { in: orders.map((order) => order.customerId) } } })).map((row) => [row.id, row] as const));
  for (const order of orders) {
    const customer = customerById.get(order.customerId) ?? null;
    out.push({ ...order, email: customer?.email });
  }
  return out;
}
`,
    files: { 'prisma.d.ts': prismaTypes },
  },
  {
    name: 'Prisma findFirst with include, in a forEach callback, used inside an expression',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function emails(orders: { customerId: number }[], sink: (e: string) => void) {
  orders.forEach(async (o) => {
    sink((await prisma.customer.findFirst({ where: { id: o.customerId }, include: { orders: true } }))?.email ?? '');
  });
}
`,
    title: 'Batch into one `prisma.customer.findMany` before the loop and look rows up in a Map',
    output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function emails(orders: { customerId: number }[], sink: (e: string) => void) {
  const customerById = new Map((await prisma.customer.findMany({ where: { id: { in: orders.map((o) => o.customerId) } }, include: { orders: true } })).map((row) => [row.id, row] as const));
  orders.forEach(async (o) => {
    sink((customerById.get(o.customerId) ?? null)?.email ?? '');
  });
}
`,
    files: { 'prisma.d.ts': prismaTypes },
  },
  {
    name: 'Prisma findMany per order (one-to-many) → one findMany, rows grouped by the key',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function totals(customers: { id: number }[]) {
  const out: number[] = [];
  for (const customer of customers) {
    const orders = await prisma.order.findMany({ where: { customerId: customer.id } });
    out.push(orders.reduce((sum, o) => sum + o.total, 0));
  }
  return out;
}
`,
    title: 'Batch into one `prisma.order.findMany` before the loop and group rows by `customerId` in a Map',
    output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function totals(customers: { id: number }[]) {
  const out: number[] = [];
  const orderRows = await prisma.order.findMany({ where: { customerId: { in: customers.map((customer) => customer.id) } } });
  const ordersByCustomerId = new Map<(typeof orderRows)[number]['customerId'], typeof orderRows>();
  for (const row of orderRows) {
    const list = ordersByCustomerId.get(row.customerId);
    if (list) list.push(row);
    else ordersByCustomerId.set(row.customerId, [row]);
  }
  for (const customer of customers) {
    const orders = ordersByCustomerId.get(customer.id) ?? [];
    out.push(orders.reduce((sum, o) => sum + o.total, 0));
  }
  return out;
}
`,
    files: { 'prisma.d.ts': prismaTypes },
  },
  {
    name: 'Sequelize findByPk → findAll({ where: { id } })',
    code: `import { Customer } from './models';
export async function emails(orders: { customerId: number }[]) {
  const out: string[] = [];
  for (const order of orders) {
    const customer = await Customer.findByPk(order.customerId);
    if (customer) out.push(customer.email);
  }
  return out;
}
`,
    title: 'Batch into one `Customer.findAll` before the loop and look rows up in a Map',
    output: `import { Customer } from './models';
export async function emails(orders: { customerId: number }[]) {
  const out: string[] = [];
  const customerById = new Map((await Customer.findAll({ where: { id: orders.map((order) => order.customerId) } })).map((row) => [row.id, row] as const));
  for (const order of orders) {
    const customer = customerById.get(order.customerId) ?? null;
    if (customer) out.push(customer.email);
  }
  return out;
}
`,
    files: { 'src/models.ts': sequelizeModel },
  },
  {
    name: 'TypeORM findOneBy on an injected repository → findBy with In, added to the typeorm import',
    code: `import { Repository } from 'typeorm';
import { Customer } from './customer.entity';
export class OrdersService {
  constructor(private readonly customers: Repository<Customer>) {}
  async emails(orders: { customerId: number }[]) {
    const out: (string | undefined)[] = [];
    for (const order of orders) {
      const customer = await this.customers.findOneBy({ id: order.customerId });
      out.push(customer?.email);
    }
    return out;
  }
}
`,
    title: 'Batch into one `this.customers.findBy` with `In()` before the loop and look rows up in a Map',
    output: `import { Repository, In } from 'typeorm';
import { Customer } from './customer.entity';
export class OrdersService {
  constructor(private readonly customers: Repository<Customer>) {}
  async emails(orders: { customerId: number }[]) {
    const out: (string | undefined)[] = [];
    const customerById = new Map((await this.customers.findBy({ id: In(orders.map((order) => order.customerId)) })).map((row) => [row.id, row] as const));
    for (const order of orders) {
      const customer = customerById.get(order.customerId) ?? null;
      out.push(customer?.email);
    }
    return out;
  }
}
`,
    files: { 'src/customer.entity.ts': typeormEntity },
    compilerOptions: { module: 'commonjs', compilerOptions: { experimentalDecorators: true, strictPropertyInitialization: false } },
  },
  {
    name: 'TypeORM findOne({ where, relations }) → find with In',
    code: `import { DataSource } from 'typeorm';
import { Customer } from './customer.entity';
export async function emails(ds: DataSource, ids: number[]) {
  const out: (string | undefined)[] = [];
  for (const id of ids) {
    const c = await ds.getRepository(Customer).findOne({ where: { id }, relations: {} });
    out.push(c?.email);
  }
  return out;
}
`,
    title: 'Batch into one `ds.getRepository(Customer).find` with `In()` before the loop and look rows up in a Map',
    output: `import { DataSource, In } from 'typeorm';
import { Customer } from './customer.entity';
export async function emails(ds: DataSource, ids: number[]) {
  const out: (string | undefined)[] = [];
  const customerById = new Map((await ds.getRepository(Customer).find({ where: { id: In(ids.map((id) => id)) }, relations: {} })).map((row) => [row.id, row] as const));
  for (const id of ids) {
    const c = customerById.get(id) ?? null;
    out.push(c?.email);
  }
  return out;
}
`,
    files: { 'src/customer.entity.ts': typeormEntity },
    compilerOptions: { module: 'commonjs', compilerOptions: { experimentalDecorators: true, strictPropertyInitialization: false } },
  },
  {
    name: 'Mongoose findById → find({ _id: { $in } }) keyed by the id string',
    code: `import { Schema, model } from 'mongoose';
interface ICustomer { email: string }
const Customer = model<ICustomer>('Customer', new Schema<ICustomer>({ email: String }));
export async function emails(orders: { customerId: string }[]) {
  const out: (string | undefined)[] = [];
  for (const order of orders) {
    const customer = await Customer.findById(order.customerId);
    out.push(customer?.email);
  }
  return out;
}
`,
    title: 'Batch into one `Customer.find` with `$in` before the loop and look documents up in a Map',
    output: `import { Schema, model } from 'mongoose';
interface ICustomer { email: string }
const Customer = model<ICustomer>('Customer', new Schema<ICustomer>({ email: String }));
export async function emails(orders: { customerId: string }[]) {
  const out: (string | undefined)[] = [];
  const customerById = new Map((await Customer.find({ _id: { $in: orders.map((order) => order.customerId) } })).map((row) => [String(row._id), row] as const));
  for (const order of orders) {
    const customer = customerById.get(String(order.customerId)) ?? null;
    out.push(customer?.email);
  }
  return out;
}
`,
  },
  {
    name: 'pg literal SQL: WHERE id = $1 → = ANY($1), rows grouped by the column',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function itemsPerOrder(orders: { id: number }[]) {
  const out = [];
  for (const order of orders) {
    const { rows } = await pool.query('SELECT * FROM order_items i WHERE i.order_id = $1 ORDER BY i.id', [order.id]);
    out.push({ order, items: rows });
  }
  return out;
}
`,
    title: 'Batch into one query with `= ANY($1)` before the loop and look rows up in a Map',
    output: `import { Pool } from 'pg';
const pool = new Pool();
export async function itemsPerOrder(orders: { id: number }[]) {
  const out = [];
  const rowsByOrder_id = new Map<unknown, any[]>();
  for (const row of (await pool.query('SELECT * FROM order_items i WHERE i.order_id = ANY($1) ORDER BY i.id', [orders.map((order) => order.id)])).rows) {
    const list = rowsByOrder_id.get(row.order_id);
    if (list) list.push(row);
    else rowsByOrder_id.set(row.order_id, [row]);
  }
  for (const order of orders) {
    const { rows } = { rows: rowsByOrder_id.get(order.id) ?? [] };
    out.push({ order, items: rows });
  }
  return out;
}
`,
  },
  {
    name: 'mysql2 literal SQL: WHERE sku = ? → IN (?), read as const [rows]',
    code: `import mysql from 'mysql2/promise';
export async function prices(pool: mysql.Pool, skus: string[]) {
  const out = [];
  for (const sku of skus) {
    const [rows] = await pool.query('SELECT sku, price FROM products WHERE sku = ?', [sku]);
    out.push(rows);
  }
  return out;
}
`,
    title: 'Batch into one query with `IN (?)` before the loop and look rows up in a Map',
    output: `import mysql from 'mysql2/promise';
export async function prices(pool: mysql.Pool, skus: string[]) {
  const out = [];
  const rowsBySku = new Map<unknown, any[]>();
  for (const row of (await pool.query('SELECT sku, price FROM products WHERE sku IN (?)', [skus.map((sku) => sku)]))[0] as any[]) {
    const list = rowsBySku.get(row.sku);
    if (list) list.push(row);
    else rowsBySku.set(row.sku, [row]);
  }
  for (const sku of skus) {
    const [rows] = [rowsBySku.get(sku) ?? []];
    out.push(rows);
  }
  return out;
}
`,
  },
  {
    name: 'ioredis GET per key → one MGET, values paired with their keys',
    code: `import Redis from 'ioredis';
const redis = new Redis();
export async function sessions(userIds: string[]) {
  const out: (string | null)[] = [];
  for (const id of userIds) {
    const session = await redis.get(\`session:\${id}\`);
    out.push(session);
  }
  return out;
}
`,
    title: 'Read all keys with one `redis.mget` before the loop',
    output: `import Redis from 'ioredis';
const redis = new Redis();
export async function sessions(userIds: string[]) {
  const out: (string | null)[] = [];
  const valueKeys = userIds.map((id) => \`session:\${id}\`);
  const valueByKey = new Map((await redis.mget(valueKeys)).map((value, i) => [valueKeys[i], value] as const));
  for (const id of userIds) {
    const session = valueByKey.get(\`session:\${id}\`) ?? null;
    out.push(session);
  }
  return out;
}
`,
  },
  {
    // One loop, one finding: the second query's batch fix is offered on the loop's finding too.
    name: 'two Prisma lookups per invoice: one finding, and the second lookup batched by its own fix',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function invoiceLines(invoices: { customerId: number; lastOrderId: number }[]) {
  const lines: string[] = [];
  for (const invoice of invoices) {
    const customer = await prisma.customer.findUnique({ where: { id: invoice.customerId } });
    const order = await prisma.order.findUnique({ where: { id: invoice.lastOrderId } });
    lines.push(\`\${customer?.email}: \${order?.total}\`);
  }
  return lines;
}
`,
    title: 'Batch into one `prisma.order.findMany` before the loop and look rows up in a Map',
    output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function invoiceLines(invoices: { customerId: number; lastOrderId: number }[]) {
  const lines: string[] = [];
  const orderById = new Map((await prisma.order.findMany({ where: { id: { in: invoices.map((invoice) => invoice.lastOrderId) } } })).map((row) => [row.id, row] as const));
  for (const invoice of invoices) {
    const customer = await prisma.customer.findUnique({ where: { id: invoice.customerId } });
    const order = orderById.get(invoice.lastOrderId) ?? null;
    lines.push(\`\${customer?.email}: \${order?.total}\`);
  }
  return lines;
}
`,
    files: { 'prisma.d.ts': prismaTypes },
  },
];

describe('n-plus-one fix: batch query and Map lookup', () => {
  for (const c of batchCases) it(c.name, () => check(c));

  it('writes plain JavaScript in .js files (no type arguments or casts)', () => {
    const code = `const { Pool } = require('pg');\nconst pool = new Pool();\nexports.itemsPerOrder = async function (orders) {\n  const out = [];\n  for (const order of orders) {\n    const { rows } = await pool.query('SELECT * FROM items WHERE order_id = $1', [order.id]);\n    out.push(rows);\n  }\n  return out;\n};\n`;
    const { findings } = runRule(nPlusOne, { code, filename: 'src/orders.js' });
    assert.equal(findings.length, 1);
    const fix = ruleFixes(findings[0]!)[0];
    assert.ok(fix);
    const output = applyEdits(code, fix.edits);
    assert.match(output, /const rowsByOrder_id = new Map\(\);/);
    assertParses(output, 'src/orders.js');
    assert.deepEqual(typecheck({ 'src/orders.js': output }, { module: 'commonjs', compilerOptions: { noImplicitAny: false } }), []);
  });

  it('offers no batch when the key is computed inside the loop by a call', () => {
    const code = `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function f(users: { email: string }[]) {\n  for (const u of users) {\n    const key = u.email.toLowerCase();\n    await pool.query('SELECT 1 FROM bans WHERE email = $1', [key]);\n  }\n}\n`;
    const { findings } = runRule(nPlusOne, { code });
    assert.equal(findings.length, 1);
    assert.ok(!ruleFixes(findings[0]!).some((f) => f.title.startsWith('Batch')));
  });

  it('offers no batch when the SQL result is used beyond .rows', () => {
    const code = `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function f(ids: number[]) {\n  let n = 0;\n  for (const id of ids) n += (await pool.query('DELETE FROM t WHERE id = $1', [id])).rowCount ?? 0;\n  return n;\n}\n`;
    const { findings } = runRule(nPlusOne, { code });
    assert.equal(findings.length, 1);
    assert.deepEqual(ruleFixes(findings[0]!).map((f) => f.title), []);
  });

  it('offers no batch for a query with more than one condition', () => {
    const code = `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport async function f(orders: { customerId: number }[]) {\n  for (const o of orders) await prisma.order.findFirst({ where: { customerId: o.customerId, total: 0 } });\n}\n`;
    const { findings } = runRule(nPlusOne, { code });
    assert.equal(findings.length, 1);
    assert.ok(!ruleFixes(findings[0]!).some((f) => f.title.startsWith('Batch')));
  });
});

const concurrentCases: FixCase[] = [
  {
    name: 'independent updates → Promise.all over Array.from',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function close(orders: { id: number; total: number }[]) {
  for (const order of orders) {
    await prisma.order.update({ where: { id: order.id }, data: { total: order.total } });
  }
}
`,
    title: 'Run the iterations concurrently with `Promise.all`',
    output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function close(orders: { id: number; total: number }[]) {
  await Promise.all(Array.from(orders, async (order) => {
    await prisma.order.update({ where: { id: order.id }, data: { total: order.total } });
  }));
}
`,
    files: { 'prisma.d.ts': prismaTypes },
  },
  {
    name: 'HTTP requests over a Set, writing only to the item',
    code: `import axios from 'axios';
export async function refresh(hooks: Set<{ url: string; status?: number }>) {
  for (const hook of hooks) {
    const res = await axios.head(hook.url);
    hook.status = res.status;
  }
}
`,
    title: 'Run the iterations concurrently with `Promise.all`',
    output: `import axios from 'axios';
export async function refresh(hooks: Set<{ url: string; status?: number }>) {
  await Promise.all(Array.from(hooks, async (hook) => {
    const res = await axios.head(hook.url);
    hook.status = res.status;
  }));
}
`,
  },
];

describe('n-plus-one fix: concurrent iterations', () => {
  for (const c of concurrentCases) it(c.name, () => check(c));

  const noConcurrentFix = (name: string, code: string) =>
    it(name, () => {
      const { findings } = runRule(nPlusOne, { code });
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      assert.ok(!ruleFixes(findings[0]!).some((f) => f.title.includes('Promise.all')), ruleFixes(findings[0]!).map((f) => f.title).join(' | '));
    });
  noConcurrentFix('not when iterations push to a shared array', `import axios from 'axios';\nexport async function f(ids: string[]) {\n  const out = [];\n  for (const id of ids) out.push(await axios.get('/u/' + id));\n  return out;\n}\n`);
  noConcurrentFix('not when iterations add to a shared total', `import axios from 'axios';\nexport async function f(ids: string[]) {\n  let total = 0;\n  for (const id of ids) total += (await axios.get('/n/' + id)).data;\n  return total;\n}\n`);
  noConcurrentFix('not when the loop can continue early', `import axios from 'axios';\nexport async function f(ids: string[]) {\n  for (const id of ids) {\n    switch (id) {\n      case '': continue;\n    }\n    await axios.delete('/u/' + id);\n  }\n}\n`);
  noConcurrentFix('not in a function that is not async', `import axios from 'axios';\nexport function f(ids: string[]) {\n  for (const id of ids) void axios.delete('/u/' + id);\n}\n`);
});

const dataLoaderCases: FixCase[] = [
  {
    name: 'Apollo resolver map, one-to-one lookup → a per-request DataLoader, context parameters added',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const resolvers = {
  Order: {
    customer: (order: { customerId: number }) => prisma.customer.findFirst({ where: { id: order.customerId } }),
  },
};
`,
    title: 'Load `Order.customer` through a per-request DataLoader (one query per batch)',
    output: `import { PrismaClient } from '@prisma/client';
import DataLoader from 'dataloader';

// Batches the \`Order.customer\` lookups GraphQL makes for every Order of a list into one query;
// one loader per request context, so its cache never outlives a request.
const orderCustomerLoaders = new WeakMap<object, ReturnType<typeof createOrderCustomerLoader>>();
function createOrderCustomerLoader() {
  return new DataLoader(async (keys: readonly ({ customerId: number })['customerId'][]) => {
    const byKey = new Map((await prisma.customer.findMany({ where: { id: { in: [...keys] } } })).map((row) => [row.id, row] as const));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}
function orderCustomerLoader(ctx: object) {
  let loader = orderCustomerLoaders.get(ctx);
  if (!loader) orderCustomerLoaders.set(ctx, (loader = createOrderCustomerLoader()));
  return loader;
}
const prisma = new PrismaClient();
export const resolvers = {
  Order: {
    customer: (order: { customerId: number }, _args: unknown, ctx: object) => orderCustomerLoader(ctx).load(order.customerId),
  },
};
`,
    files: { 'prisma.d.ts': prismaTypes },
  },
  {
    name: 'one-to-many lookup with the context already a parameter, destructured parent',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
type Ctx = { userId?: number };
export const resolvers = {
  Customer: {
    orders: ({ id }: { id: number }, _args: unknown, context: Ctx) => prisma.order.findMany({ where: { customerId: id } }),
  },
};
`,
    title: 'Load `Customer.orders` through a per-request DataLoader (one query per batch)',
    output: `import { PrismaClient } from '@prisma/client';
import DataLoader from 'dataloader';

// Batches the \`Customer.orders\` lookups GraphQL makes for every Customer of a list into one query;
// one loader per request context, so its cache never outlives a request.
const customerOrdersLoaders = new WeakMap<object, ReturnType<typeof createCustomerOrdersLoader>>();
function createCustomerOrdersLoader() {
  return new DataLoader(async (keys: readonly ({ id: number })['id'][]) => {
    const rows = await prisma.order.findMany({ where: { customerId: { in: [...keys] } } });
    const byKey = new Map<(typeof rows)[number]['customerId'], typeof rows>();
    for (const row of rows) {
      const list = byKey.get(row.customerId);
      if (list) list.push(row);
      else byKey.set(row.customerId, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
function customerOrdersLoader(ctx: object) {
  let loader = customerOrdersLoaders.get(ctx);
  if (!loader) customerOrdersLoaders.set(ctx, (loader = createCustomerOrdersLoader()));
  return loader;
}
const prisma = new PrismaClient();
type Ctx = { userId?: number };
export const resolvers = {
  Customer: {
    orders: ({ id }: { id: number }, _args: unknown, context: Ctx) => customerOrdersLoader(context).load(id),
  },
};
`,
    files: { 'prisma.d.ts': prismaTypes },
  },
];

describe('n-plus-one fix: DataLoader for GraphQL field resolvers', () => {
  for (const c of dataLoaderCases) it(c.name, () => check(c));
});
