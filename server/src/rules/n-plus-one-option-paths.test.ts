/**
 * n-plus-one through helpers whose query depends on an optional parameter: a query that runs only
 * when the caller opts in is not followed (most loops call without the option), but the default
 * path (the `else` of `if (options.channelId != null)`, the body of `if (!options.skipCheck)`, the
 * right of `options.cached ?? …`) runs on every call and is. Likewise a query in the factory of a
 * keyed cache lookup (`requestCache.get(ctx, key, async () => …)`) runs once per key, not per call.
 * The main table is n-plus-one.test.ts.
 */
import { at, ruleTester } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

// A NestJS wrapper around TypeORM as apps write it: find by id, or within a channel when asked.
const connection = {
  'src/connection/transactional-connection.ts': `import { Injectable } from '@nestjs/common';
import { DataSource, FindOneOptions, ObjectLiteral, ObjectType, Repository } from 'typeorm';
export interface GetEntityOptions {
  channelId?: string;
  cached?: ObjectLiteral;
  skipCheck?: boolean;
}
@Injectable()
export class TransactionalConnection {
  constructor(private readonly dataSource: DataSource) {}
  getRepository<T extends ObjectLiteral>(target: ObjectType<T>): Repository<T> {
    return this.dataSource.getRepository(target);
  }
  async getEntityOrThrow<T extends ObjectLiteral>(target: ObjectType<T>, id: string, options: GetEntityOptions = {}): Promise<T> {
    let entity: T | null;
    if (options.channelId != null) {
      entity = await this.getRepository(target).createQueryBuilder('e').leftJoin('e.channels', 'c').where('e.id = :id', { id }).andWhere('c.id = :channelId', { channelId: options.channelId }).getOne();
    } else {
      entity = await this.getRepository(target).findOne({ where: { id } } as FindOneOptions<T>);
    }
    if (!entity) throw new Error(\`\${target.name} \${id} not found\`);
    return entity;
  }
  async getInChannel<T extends ObjectLiteral>(target: ObjectType<T>, id: string, options: GetEntityOptions = {}): Promise<T | null> {
    if (options.channelId) {
      return this.getRepository(target).createQueryBuilder('e').leftJoin('e.channels', 'c').where('e.id = :id', { id }).getOne();
    }
    return null;
  }
  async resolve<T extends ObjectLiteral>(target: ObjectType<T>, id: string, options: GetEntityOptions = {}): Promise<T | null> {
    return (options.cached as T | undefined) ?? (await this.getRepository(target).findOne({ where: { id } } as FindOneOptions<T>));
  }
  async assertExists<T extends ObjectLiteral>(target: ObjectType<T>, id: string, options: GetEntityOptions = {}): Promise<void> {
    if (!options.skipCheck) {
      const count = await this.getRepository(target).count({ where: { id } } as FindOneOptions<T>);
      if (count === 0) throw new Error('missing');
    }
  }
}
`,
  'src/entity/order-line.entity.ts': `export class OrderLine {\n  id!: string;\n  quantity!: number;\n}\n`,
};

// A permission helper that loads the active user once per request through a request-scoped cache.
const permissions = {
  ...connection,
  'src/cache/request-cache.ts': `export class RequestCache {
  private store = new WeakMap<object, Map<string, unknown>>();
  async get<T>(ctx: object, key: string, factory: () => Promise<T>): Promise<T> {
    let m = this.store.get(ctx);
    if (!m) this.store.set(ctx, (m = new Map()));
    if (!m.has(key)) m.set(key, await factory());
    return m.get(key) as T;
  }
}
`,
  'src/service/role.service.ts': `import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '../connection/transactional-connection';
import { RequestCache } from '../cache/request-cache';
import { OrderLine } from '../entity/order-line.entity';
@Injectable()
export class RoleService {
  constructor(private readonly connection: TransactionalConnection, private readonly requestCache: RequestCache) {}
  async canAccess(ctx: { userId: string }, channelId: string): Promise<boolean> {
    const line = await this.requestCache.get(ctx, \`active-user:\${ctx.userId}\`, async () => this.connection.getEntityOrThrow(OrderLine, ctx.userId));
    return line.id === channelId;
  }
}
`,
};

const service = (body: string) => `import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '../connection/transactional-connection';
import { OrderLine } from '../entity/order-line.entity';
@Injectable()
export class FulfillmentService {
  constructor(private readonly connection: TransactionalConnection) {}
  async check(lines: { orderLineId: string; quantity: number }[]) {
${body}
  }
}
`;

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'a helper that queries only when asked for a channel, called without one',
      filename: 'src/service/fulfillment.service.ts',
      code: service(`    for (const line of lines) {
      const found = await this.connection.getInChannel(OrderLine, line.orderLineId);
      if (found) found.quantity = line.quantity;
    }`),
      files: connection,
    },
    {
      name: "a permission check per channel whose user query sits in a request cache's factory: once per request",
      filename: 'src/service/channel.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { RoleService } from './role.service';
@Injectable()
export class ChannelService {
  constructor(private readonly roleService: RoleService) {}
  async permitted(ctx: { userId: string }, channelIds: string[]) {
    const out: string[] = [];
    for (const id of channelIds) if (await this.roleService.canAccess(ctx, id)) out.push(id);
    return out;
  }
}
`,
      files: permissions,
    },
    {
      name: 'a loop over the chunks a helper made: one query per 500 ids',
      filename: 'src/service/cleanup.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '../connection/transactional-connection';
import { OrderLine } from '../entity/order-line.entity';
@Injectable()
export class CleanupService {
  constructor(private readonly connection: TransactionalConnection) {}
  async removeLines(ids: string[]) {
    const chunkedDeleteIds = this.chunkArray(ids, 500);
    for (const chunkedDeleteId of chunkedDeleteIds) {
      await this.connection.getRepository(OrderLine).delete(chunkedDeleteId);
    }
  }
  private chunkArray<T>(items: T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
  }
}
`,
      files: connection,
    },
  ],
  invalid: [
    {
      name: 'getEntityOrThrow per line: without a channel id the else branch runs findOne on every call',
      filename: 'src/service/fulfillment.service.ts',
      code: service(`    for (const line of lines) {
      const orderLine = await this.connection.getEntityOrThrow(OrderLine, line.orderLineId);
      if (orderLine.quantity < line.quantity) throw new Error('over-fulfilled');
    }`),
      files: connection,
      errors: [at(9, 31, { severity: 'warning', message: /getEntityOrThrow.*findOne/ })],
    },
    {
      name: 'a cached value handed in only sometimes: the fallback query runs by default',
      filename: 'src/service/fulfillment.service.ts',
      code: service(`    return Promise.all(lines.map((line) => this.connection.resolve(OrderLine, line.orderLineId)));`),
      files: connection,
      errors: [at(8, 44, { severity: 'info', message: /resolve.*findOne/ })],
    },
    {
      name: 'a check that runs unless the caller skips it',
      filename: 'src/service/fulfillment.service.ts',
      code: service(`    for (const line of lines) {
      await this.connection.assertExists(OrderLine, line.orderLineId);
    }`),
      files: connection,
      errors: [at(9, 13, { severity: 'warning', message: /assertExists.*count/ })],
    },
    {
      name: 'a cache keyed by the item: each line misses, one query per line',
      filename: 'src/service/fulfillment.service.ts',
      code: service(`    const cache = new Map<string, OrderLine>();
    for (const line of lines) {
      const found = cache.get(line.orderLineId) ?? (await this.connection.getRepository(OrderLine).findOne({ where: { id: line.orderLineId } }));
      if (found) cache.set(found.id, found);
    }`),
      files: connection,
      errors: [at(10, 59, { severity: 'warning', message: /findOne/ })],
    },
    {
      name: 'a node-style completion callback of a lookup runs after every call: its query is per item',
      filename: 'src/profiles.js',
      code: `const { Pool } = require('pg');
const pool = new Pool();
const store = require('./store');
function loadProfile(id, done) {
  store.get(\`profile:\${id}\`, (err, cached) => {
    if (err) return done(err);
    pool.query('SELECT * FROM profiles WHERE user_id = $1', [id]).then((r) => done(null, cached || r.rows[0]), done);
  });
}
module.exports = function loadAll(ids, done) {
  ids.forEach((id) => loadProfile(id, done));
};
`,
      files: { 'src/store.js': `const entries = new Map();\nexports.get = (key, cb) => setImmediate(() => cb(null, entries.get(key)));\n` },
      errors: [at(11, 23, { message: /loadProfile.*pool\.query/ })],
    },
  ],
});
