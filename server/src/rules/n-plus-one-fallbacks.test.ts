/**
 * n-plus-one where a per-item call reaches a query that does not run per item:
 * - GraphQL field resolvers that return the parent's relation when the list query loaded it, and
 *   query only as a fallback (directly or in the helper they hand the parent to);
 * - envelope types (`SearchResponse`, `…Payload`) whose fields resolve once per operation;
 * - array methods on the results of an ORM's metadata calls (`filterColumns(…).find(…)`);
 * - a call in a block that leaves the loop (at most once);
 * - a loader memoised under a key the item does not fill (once per request);
 * - a counter loop that steps a batch at a time, a loop whose comment says it is serial on purpose;
 * and the cases next to them that are still one query per item.
 */
import { at, ruleTester } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

// A NestJS wrapper around TypeORM's DataSource, with the usual options object whose `channelId`
// picks another query; most callers pass no options and take the `else`.
const connection = {
  'src/connection/transactional-connection.ts': `import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { RequestContext } from '../api/request-context';
export interface GetEntityOptions {
  channelId?: string;
  relations?: string[];
}
@Injectable()
export class TransactionalConnection {
  constructor(private readonly dataSource: DataSource) {}
  getRepository<Entity extends ObjectLiteral>(ctx: RequestContext | undefined, target: EntityTarget<Entity>): Repository<Entity> {
    return ctx?.transactionManager ? ctx.transactionManager.getRepository(target) : this.dataSource.getRepository(target);
  }
  async getEntityOrThrow<T extends ObjectLiteral>(ctx: RequestContext, target: EntityTarget<T>, id: string, options: GetEntityOptions = {}): Promise<T> {
    let entity: T | null;
    if (options.channelId != null) {
      entity = await this.findOneInChannel(ctx, target, id, options.channelId);
    } else {
      entity = await this.getRepository(ctx, target).findOne({ where: { id } as any, relations: options.relations });
    }
    if (!entity) throw new Error(\`No entity with id \${id}\`);
    return entity;
  }
  private async findOneInChannel<T extends ObjectLiteral>(ctx: RequestContext, target: EntityTarget<T>, id: string, channelId: string): Promise<T | null> {
    return this.getRepository(ctx, target).createQueryBuilder('e').leftJoin('e.channels', 'c').where('e.id = :id', { id }).andWhere('c.id = :channelId', { channelId }).getOne();
  }
}
`,
  'src/api/request-context.ts': `import { EntityManager } from 'typeorm';
export class RequestContext {
  transactionManager?: EntityManager;
  activeUserId?: string;
  channelId!: string;
}
`,
  'src/cache/request-context-cache.service.ts': `import { Injectable } from '@nestjs/common';
import { RequestContext } from '../api/request-context';
@Injectable()
export class RequestContextCacheService {
  private readonly caches = new WeakMap<RequestContext, Map<string, unknown>>();
  async get<T>(ctx: RequestContext, key: string, load: () => Promise<T>): Promise<T> {
    const cache = this.caches.get(ctx) ?? new Map<string, unknown>();
    this.caches.set(ctx, cache);
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key) as Promise<T>;
  }
}
`,
  'src/entity/order.entity.ts': `export class Payment {\n  id!: string;\n  amount!: number;\n}\nexport class Order {\n  id!: string;\n  customerId?: string;\n  payments?: Payment[];\n  translations?: { languageCode: string; name: string }[];\n  name?: string;\n}\n`,
  'src/entity/user.entity.ts': `export class User {\n  id!: string;\n  roles!: { channels: { id: string; permissions: string[] }[] }[];\n}\n`,
  'src/entity/stock-level.entity.ts': `export class StockLevel {\n  id!: string;\n  stockLocationId!: string;\n  stockOnHand!: number;\n}\n`,
  'src/service/payment.service.ts': `import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '../connection/transactional-connection';
import { RequestContext } from '../api/request-context';
import { Payment } from '../entity/order.entity';
@Injectable()
export class PaymentService {
  constructor(private readonly connection: TransactionalConnection) {}
  getOrderPayments(ctx: RequestContext, orderId: string) {
    return this.connection.getRepository(ctx, Payment).find({ where: { order: { id: orderId } } as any });
  }
}
`,
  // Fills an entity's translated fields, asking the database only when the entity came without them.
  'src/service/locale-string-hydrator.ts': `import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '../connection/transactional-connection';
import { RequestContext } from '../api/request-context';
import { Order } from '../entity/order.entity';
@Injectable()
export class LocaleStringHydrator {
  constructor(private readonly connection: TransactionalConnection) {}
  async hydrateField(ctx: RequestContext, entity: Order, field: 'name'): Promise<string | undefined> {
    if (entity[field]) {
      return entity[field];
    }
    await this.hydrate(ctx, entity);
    return entity[field];
  }
  private async hydrate(ctx: RequestContext, entity: Order) {
    const loaded = await this.connection.getRepository(ctx, Order).findOne({ where: { id: entity.id }, relations: ['translations'] });
    Object.assign(entity, loaded);
  }
}
`,
};

const orderResolver = (body: string, type = 'Order') => `import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../decorators/request-context.decorator';
import { RequestContext } from '../request-context';
import { Order } from '../../entity/order.entity';
import { PaymentService } from '../../service/payment.service';
import { LocaleStringHydrator } from '../../service/locale-string-hydrator';
import { TransactionalConnection } from '../../connection/transactional-connection';
@Resolver('${type}')
export class OrderEntityResolver {
  constructor(private paymentService: PaymentService, private hydrator: LocaleStringHydrator, private connection: TransactionalConnection) {}
  @ResolveField()
${body}
}
`;

// A permission service whose helpers read the active user's permissions once per request.
const permissionService = (loop: string, lookup: string) => `import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '../connection/transactional-connection';
import { RequestContextCacheService } from '../cache/request-context-cache.service';
import { RequestContext } from '../api/request-context';
import { User } from '../entity/user.entity';
@Injectable()
export class RoleService {
  constructor(private readonly connection: TransactionalConnection, private readonly requestCache: RequestContextCacheService) {}
  async userHasAllPermissions(ctx: RequestContext, channelIds: string[], permission: string) {
${loop}
    return true;
  }
  async hasPermissionOnChannel(ctx: RequestContext, channelId: string, permission: string): Promise<boolean> {
    const permissions = await this.permissionsOnChannel(ctx, channelId);
    return permissions.includes(permission);
  }
  private async permissionsOnChannel(ctx: RequestContext, channelId: string): Promise<string[]> {
${lookup}
  }
}
`;
const permissionLoop = `    for (const channelId of channelIds) {
      if (!(await this.hasPermissionOnChannel(ctx, channelId, permission))) return false;
    }`;

// A NestJS service over the wrapper, as the app's stock and cache services are written.
const stockService = (name: string, body: string, up = '..', more: { imports?: string; deps?: string } = {}) => `import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '${up}/connection/transactional-connection';
import { RequestContext } from '${up}/api/request-context';
import { StockLevel } from '${up}/entity/stock-level.entity';${more.imports ? `\n${more.imports}` : ''}
@Injectable()
export class ${name} {
  constructor(private readonly connection: TransactionalConnection${more.deps ? `, ${more.deps}` : ''}) {}
${body}
}`;

// An export job over Sequelize models (an Outline-style app with `@server/*` paths): the attachments of each collection.
const exportTask = (comment: string) => `import { Collection, Attachment } from '@server/models';
export default class ExportJSONTask {
  public async exportCollections(collections: Collection[]) {
    const archived: string[] = [];
    ${comment}
    for (const collection of collections) {
      const attachments = await Attachment.findAll({ where: { collectionId: collection.id } });
      archived.push(...attachments.map((a) => a.key));
    }
    return archived;
  }
}`;
const sequelizeModels = { 'server/models/index.ts': "export { default as Collection } from './Collection';\nexport { default as Attachment } from './Attachment';\n", 'server/models/Collection.ts': "import { Model } from 'sequelize-typescript';\nexport default class Collection extends Model {\n  declare id: string;\n}\n", 'server/models/Attachment.ts': "import { Model } from 'sequelize-typescript';\nexport default class Attachment extends Model {\n  declare key: string;\n  declare collectionId: string;\n}\n", 'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@server/*": ["server/*"] } } }' };

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'a resolver that returns the relation the list query loaded, and queries only when it is missing',
      filename: 'src/api/resolvers/order-entity.resolver.ts',
      code: orderResolver(`  async payments(@Ctx() ctx: RequestContext, @Parent() order: Order) {
    if (order.payments) {
      return order.payments;
    }
    return this.paymentService.getOrderPayments(ctx, order.id);
  }`),
      files: connection,
    },
    {
      name: 'the fallback in the else branch of a test that the relation is loaded as a list',
      filename: 'src/api/resolvers/order-entity.resolver.ts',
      code: orderResolver(`  async payments(@Ctx() ctx: RequestContext, @Parent() order: Order) {
    let payments;
    if (Array.isArray(order.payments)) {
      payments = order.payments;
    } else {
      payments = await this.paymentService.getOrderPayments(ctx, order.id);
    }
    return payments.filter((p) => p.amount > 0);
  }`),
      files: connection,
    },
    {
      name: 'a helper handed the parent returns its field when loaded and queries only when it is not',
      filename: 'src/api/resolvers/order-entity.resolver.ts',
      code: orderResolver(`  name(@Ctx() ctx: RequestContext, @Parent() order: Order) {
    return this.hydrator.hydrateField(ctx, order, 'name');
  }`),
      files: connection,
    },
    {
      name: 'a field of an envelope type resolves once per search, not per element',
      filename: 'src/api/resolvers/search-response.resolver.ts',
      code: orderResolver(`  async payments(@Ctx() ctx: RequestContext, @Parent() response: { orderId: string }) {
    return this.paymentService.getOrderPayments(ctx, response.orderId);
  }`, 'SearchResponse'),
      files: connection,
    },
    {
      name: "TypeORM's metadata storage: filterColumns(…).find(…) is an array search, per entity class at start-up",
      filename: 'src/config/custom-fields.ts',
      code: `import { getMetadataArgsStorage } from 'typeorm';
export function entitiesWithCustomFields(entities: Function[]): Function[] {
  const storage = getMetadataArgsStorage();
  const out: Function[] = [];
  for (const entity of entities) {
    const hasCustomFields = !!storage.filterEmbeddeds(entity).find((c) => c.propertyName === 'customFields');
    const isTranslation = storage.filterColumns(entity).some((c) => c.propertyName === 'languageCode');
    if (hasCustomFields && !isTranslation) out.push(entity);
  }
  return out;
}`,
    },
    {
      name: 'a stock lookup in the block that returns the error for the first short line runs at most once',
      filename: 'src/service/fulfillment.service.ts',
      code: stockService('FulfillmentService', `  async ensureSufficientStock(ctx: RequestContext, lines: { variantId: string; quantity: number; fulfillable: number }[]) {
    for (const line of lines) {
      if (line.fulfillable < line.quantity) {
        const level = await this.connection.getRepository(ctx, StockLevel).findOne({ where: { id: line.variantId } });
        const name = line.variantId.toUpperCase();
        return { name, errorCode: 'INSUFFICIENT_STOCK', stockOnHand: level?.stockOnHand ?? 0 };
      }
    }
  }`),
      files: connection,
    },
    {
      name: "a helper per channel reads the active user's permissions, cached for the request under the user's key",
      filename: 'src/service/role.service.ts',
      code: permissionService(
        permissionLoop,
        `    const user = await this.requestCache.get(ctx, \`permissions(\${ctx.activeUserId})\`, () =>
      this.connection.getRepository(ctx, User).findOneOrFail({ where: { id: ctx.activeUserId }, relations: ['roles', 'roles.channels'] }),
    );
    return user.roles.flatMap((r) => r.channels).find((c) => c.id === channelId)?.permissions ?? [];`,
      ),
      files: connection,
    },
    {
      name: 'a counter loop that steps a batch at a time deletes each slice in one query',
      filename: 'src/plugin/cache/sql-cache-strategy.ts',
      code: stockService('SqlCacheStrategy', `  async invalidate(ctx: RequestContext, itemIds: string[]) {
    const batchSize = 1000;
    for (let i = 0; i < itemIds.length; i += batchSize) {
      const batch = itemIds.slice(i, i + batchSize);
      await this.connection.getRepository(ctx, StockLevel).delete(batch);
    }
  }`, '../..'),
      files: connection,
    },
    {
      name: 'an export job whose loop says it is serial on purpose (a comment right above it)',
      filename: 'server/queues/tasks/ExportJSONTask.ts',
      code: exportTask('// serial to avoid overloading the database, slow and steady wins the race'),
      files: sequelizeModels,
    },
    {
      name: 'accounts tried in turn until one opens the file: the token feeds the request whose answer ends the loop',
      filename: 'src/routes/unfurl.ts',
      code: `import express from 'express';
const router = express.Router();
router.get('/unfurl', async (req, res) => {
  const accounts: { tokenUrl: string; apiUrl: string }[] = req.body.accounts;
  for (const account of accounts) {
    const token = await fetch(\`\${account.tokenUrl}/refresh\`, { method: 'POST' }).then((r) => r.text());
    const file = await fetch(\`\${account.apiUrl}/files/\${req.query.key}\`, { headers: { Authorization: \`Bearer \${token}\` } });
    if (file.status === 200) {
      return res.json(await file.json());
    }
  }
  res.status(404).end();
});
export default router;`,
    },
  ],
  invalid: [
    {
      name: 'a stock check per line that returns an error object for the first short line still checks every line when all is well',
      filename: 'src/service/fulfillment.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '../connection/transactional-connection';
import { RequestContext } from '../api/request-context';
import { StockLevel } from '../entity/stock-level.entity';
export class InsufficientStockError {
  constructor(readonly input: { variantId: string; stockOnHand: number }) {}
}
@Injectable()
export class FulfillmentService {
  constructor(private readonly connection: TransactionalConnection) {}
  async ensureSufficientStock(ctx: RequestContext, lines: { variantId: string; quantity: number }[]) {
    for (const line of lines) {
      const level = await this.connection.getRepository(ctx, StockLevel).findOne({ where: { id: line.variantId } });
      if (!level || level.stockOnHand < line.quantity) {
        const stockOnHand = level?.stockOnHand ?? 0;
        return new InsufficientStockError({ variantId: line.variantId, stockOnHand });
      }
    }
  }
}`,
      files: connection,
      errors: [at(13, 27, { message: /^1 query per line: `this\.connection\.getRepository\(…\)\.findOne` \(TypeORM\) runs for each element of `lines`$/ })],
    },
    {
      name: 'a comment that only says what the loop does marks nothing outside a transaction',
      filename: 'server/queues/tasks/ExportJSONTask.ts',
      code: exportTask('// the order of the collections in the archive follows the sidebar'),
      files: sequelizeModels,
      errors: [at(7, 33, { message: /^1 query per collection: `Attachment\.findAll` \(Sequelize\) runs for each element of `collections`$/ })],
    },
    {
      name: 'a loader cached under the key of a destructured line still loads once per line',
      filename: 'src/service/stock.service.ts',
      code: stockService(
        'StockService',
        `  async available(ctx: RequestContext, lines: { stockLevelId: string; quantity: number }[]) {
    let total = 0;
    for (const line of lines) total += await this.levelOf(ctx, line);
    return total;
  }
  private async levelOf(ctx: RequestContext, { stockLevelId }: { stockLevelId: string }) {
    const level = await this.requestCache.get(ctx, \`level(\${stockLevelId})\`, () => this.connection.getRepository(ctx, StockLevel).findOne({ where: { id: stockLevelId } }));
    return level?.stockOnHand ?? 0;
  }`,
        '..',
        { imports: "import { RequestContextCacheService } from '../cache/request-context-cache.service';", deps: 'private readonly requestCache: RequestContextCacheService' },
      ),
      files: connection,
      errors: [at(11, 46, { message: /^1 query per line: `this\.levelOf\(\)` \(TypeORM\) runs for each element of `lines`/ })],
    },
    {
      name: "a loop over the relation custom fields the app's configuration declares: info, as long as the configuration",
      filename: 'src/service/custom-field-relation.service.ts',
      code: stockService(
        'CustomFieldRelationService',
        `  async updateRelations(ctx: RequestContext, entityName: string, input: Record<string, string>) {
    const relationFields = this.configService.customFields[entityName].filter((f) => f.type === 'relation');
    for (const field of relationFields) {
      const related = await this.connection.getRepository(ctx, field.entity).findOne({ where: { id: input[field.name] } });
      if (related) input[field.name] = related.id;
    }
  }`,
        '..',
        { imports: "import { ConfigService } from '../config/config.service';", deps: 'private readonly configService: ConfigService' },
      ),
      files: { ...connection, 'src/config/config.service.ts': "export class ConfigService {\n  customFields: Record<string, { name: string; type: string; entity: string }[]> = {};\n}\n" },
      errors: [at(12, 29, { severity: 'info', message: /; the list holds only what the configuration declares \(`this\.configService\.customFields\[entityName\]`\), so it may be fine$/ })],
    },
    {
      name: 'a counter loop over key/value pairs (i += 2) still writes once per pair',
      filename: 'src/plugin/cache/sql-cache-strategy.ts',
      code: stockService('SqlCacheStrategy', `  async restore(ctx: RequestContext, pairs: (string | number)[]) {
    for (let i = 0; i < pairs.length; i += 2) {
      await this.connection.getRepository(ctx, StockLevel).update({ id: String(pairs[i]) }, { stockOnHand: Number(pairs[i + 1]) });
    }
  }`, '../..'),
      files: connection,
      errors: [at(10, 13, { message: /^1 query per pair: `this\.connection\.getRepository\(…\)\.update` \(TypeORM\) runs for each element of `pairs`$/ })],
    },
    {
      name: 'a resolver that tests only the id before querying: the query is the per-parent path',
      filename: 'src/api/resolvers/order-entity.resolver.ts',
      code: orderResolver(`  async customer(@Ctx() ctx: RequestContext, @Parent() order: Order) {
    if (order.customerId) {
      return this.connection.getRepository(ctx, Order).findOne({ where: { id: order.customerId } });
    }
  }`),
      files: connection,
      errors: [at(14, 14, { message: /^1 query per Order: `this\.connection\.getRepository\(…\)\.findOne` \(TypeORM\) runs in the `Order\.customer` resolver/ })],
    },
    {
      name: 'a resolver that returns something else on a flag still queries for every other parent',
      filename: 'src/api/resolvers/order-entity.resolver.ts',
      code: orderResolver(`  async payments(@Ctx() ctx: RequestContext, @Parent() order: Order & { archived?: boolean }) {
    if (order.archived) {
      return [];
    }
    return this.paymentService.getOrderPayments(ctx, order.id);
  }`),
      files: connection,
      errors: [at(16, 12, { message: /^1 query per Order: `this\.paymentService\.getOrderPayments\(\)` \(TypeORM\) runs in the `Order\.payments` resolver/ })],
    },
    {
      name: "getEntityOrThrow per line: the wrapper's default path (no channelId option) is its findOne",
      filename: 'src/service/stock.service.ts',
      code: stockService('StockService', `  async release(ctx: RequestContext, lines: { stockLevelId: string; quantity: number }[]) {
    for (const line of lines) {
      const level = await this.connection.getEntityOrThrow(ctx, StockLevel, line.stockLevelId);
      level.stockOnHand += line.quantity;
    }
  }`),
      files: connection,
      errors: [at(10, 27, { message: /^1 query per line: `this\.connection\.getEntityOrThrow\(\)` \(TypeORM\) runs for each element of `lines`: it calls `this\.getRepository\(…\)\.findOne`/ })],
    },
    {
      name: 'a stock save in a branch that only skips to the next line still runs per line',
      filename: 'src/service/fulfillment.service.ts',
      code: stockService('FulfillmentService', `  async restock(ctx: RequestContext, levels: StockLevel[]) {
    for (const level of levels) {
      if (level.stockOnHand < 0) {
        await this.connection.getRepository(ctx, StockLevel).save({ ...level, stockOnHand: 0 });
        continue;
      }
    }
  }`),
      files: connection,
      errors: [at(11, 15, { message: /^1 query per level: `this\.connection\.getRepository\(…\)\.save` \(TypeORM\) runs for each element of `levels`/ })],
    },
    {
      name: 'a loader cached under a key that reads the channel still loads once per channel',
      filename: 'src/service/role.service.ts',
      code: permissionService(
        permissionLoop,
        `    const user = await this.requestCache.get(ctx, \`permissions(\${ctx.activeUserId}, \${channelId})\`, () =>
      this.connection.getRepository(ctx, User).findOneOrFail({ where: { id: ctx.activeUserId }, relations: ['roles', 'roles.channels'] }),
    );
    return user.roles.flatMap((r) => r.channels).find((c) => c.id === channelId)?.permissions ?? [];`,
      ),
      files: connection,
      errors: [at(11, 19, { message: /^1 query per channelId: `this\.hasPermissionOnChannel\(\)` \(TypeORM\) runs for each element of `channelIds`/ })],
    },
  ],
});
