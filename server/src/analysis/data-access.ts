/**
 * Data-access calls: database queries, cache round trips and HTTP/GraphQL requests, recognised by
 * the package the receiver comes from (analysis/value-origin) and the method called. The
 * catalogue is data, one row per library, so `.hotpathrc.json` can add rows (`dataAccess`).
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { isShadowed, moduleBindings, skipOuterExpressions } from './bindings';
import { packageRoot } from './file-roles';
import { readManifest } from './installed-packages';
import { chainOrigin, packageOrigin } from './value-origin';

export type CostUnit = 'query' | 'request' | 'round trip';

export interface DataAccessEntry {
  /** Shown in messages: 'Prisma', 'TypeORM', 'axios'. */
  library: string;
  /** Packages whose values make the calls; a subpath matches too ('drizzle-orm' covers 'drizzle-orm/node-postgres'). */
  modules: string[];
  /** Methods that issue a query or a request when called anywhere in a chain on such a value. */
  calls: string[];
  /** The module's export is itself called to issue one: `axios(url)`, `got(url)`, `knex('users')`. */
  callable?: boolean;
  unit: CostUnit;
  /** The calls block and return their result (better-sqlite3): a call nobody awaits still runs one after another. */
  synchronous?: boolean;
  /**
   * Calls the library batches by itself when they are issued in the same tick, so
   * `Promise.all(ids.map(id => …))` is one round trip: Prisma's `findUnique`, DataLoader's `load`.
   */
  batchedWhenConcurrent?: string[];
  /**
   * Methods that return a command queue (`redis.pipeline()`, `multi()`, a MongoDB bulk op):
   * calls on the queue only add commands, and the one round trip is its `flush` method
   * (`exec`, `execute`). Filling a pipeline in a loop is the batched form, not an N+1.
   */
  queues?: { methods: string[]; flush: string[] };
  /**
   * Calls that only build a query (Knex `.where()`, Objection `.query()`): the query runs when the
   * chain is executed — awaited, `.then`, returned or handed on — not when a clause is added
   * (`qb.where(…)` in a `forEach` is one query after the loop). A chain ending in one of `calls`
   * that is not listed here executes by itself (`.first()`, `.insert()`).
   */
  builds?: string[];
  /**
   * Methods of a model instance (a row the library returned, `this` in a model's instance method)
   * that query: `integration.save()`, `membership.destroy()`.
   */
  instanceCalls?: string[];
  /**
   * Exports whose result is a model class (`mongoose.model('Post', schema)`): `instanceCalls` on
   * what it makes (`const post = new Post(body); await post.save()`) query too.
   */
  modelFactories?: string[];
  /**
   * For libraries whose method names are also array or map methods (`find`, `count`): the
   * properties a client is reached through (`dataSource.manager`). An ambiguous method on any
   * other lowercase property of a library value (`metadata.relations.find(…)`) is
   * `Array.prototype.find`, not a query.
   */
  clients?: string[];
  /**
   * Method names no other library uses (Objection's `$relatedQuery`): a call of one counts on
   * any receiver in a package that depends on the library, for apps whose models are reached
   * through a global or a dynamic `require` no trace can follow (`WIKI.models.users`).
   */
  distinctCalls?: string[];
  /**
   * Methods whose result is the library's own builder (`Model.query()` in Objection): a method of
   * `calls` chained on one (`WIKI.models.tags.query().insert(tag)`) counts like a distinct call.
   */
  distinctAfter?: string[];
  /** Properties of a model class or instance holding the library's connection: `this.sequelize.query(…)`. */
  connections?: string[];
  /**
   * Relation decorators whose property, typed `Promise<…>`, is loaded on first read (TypeORM's lazy
   * relations): `await edit.author` is one query, unless the row was loaded with the relation joined.
   */
  lazyRelations?: string[];
}

/** Method names that arrays, maps and sets have too. */
const containerMethods = new Set(['find', 'filter', 'map', 'some', 'every', 'forEach', 'includes', 'reduce', 'get', 'set', 'has', 'delete', 'count', 'values', 'keys', 'entries']);

const httpVerbs = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

export const builtinCatalogue: readonly DataAccessEntry[] = [
  {
    library: 'Prisma',
    modules: ['@prisma/client', '.prisma/client'],
    calls: [
      'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy',
      'create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany',
      '$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe',
    ],
    unit: 'query',
    batchedWhenConcurrent: ['findUnique', 'findUniqueOrThrow'],
  },
  {
    library: 'Sequelize',
    modules: ['sequelize', 'sequelize-typescript'],
    calls: [
      'findByPk', 'findOne', 'findAll', 'findAndCountAll', 'findOrCreate', 'findCreateFind', 'count', 'max', 'min', 'sum',
      'create', 'bulkCreate', 'update', 'destroy', 'upsert', 'increment', 'decrement', 'query',
    ],
    unit: 'query',
    instanceCalls: [
      'save', 'destroy', 'update', 'reload', 'increment', 'decrement', 'restore',
      '$get', '$set', '$add', '$remove', '$count', '$create', '$has',
    ],
    connections: ['sequelize'],
  },
  {
    library: 'TypeORM',
    modules: ['typeorm'],
    calls: [
      'find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'findAndCountBy', 'findByIds',
      'count', 'countBy', 'exist', 'exists', 'existsBy', 'sum', 'average', 'minimum', 'maximum', 'save', 'insert', 'update',
      'upsert', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'increment', 'decrement', 'preload', 'query',
      'getOne', 'getOneOrFail', 'getMany', 'getManyAndCount', 'getRawOne', 'getRawMany', 'getCount', 'getExists', 'execute', 'stream',
    ],
    unit: 'query',
    instanceCalls: ['save', 'remove', 'softRemove', 'recover', 'reload'],
    lazyRelations: ['ManyToOne', 'OneToMany', 'OneToOne', 'ManyToMany'],
    clients: [
      'manager', 'connection', 'dataSource', 'repository', 'queryRunner', 'getRepository', 'getManager', 'getConnection',
      'getMongoRepository', 'getTreeRepository', 'getCustomRepository', 'createQueryBuilder', 'transaction',
    ],
  },
  {
    // `em.persist(x)` only marks an entity: the unit of work writes at `flush()`, so persist is no call here.
    library: 'MikroORM',
    modules: ['@mikro-orm/core', '@mikro-orm/knex', '@mikro-orm/postgresql', '@mikro-orm/mysql', '@mikro-orm/mariadb', '@mikro-orm/sqlite', '@mikro-orm/better-sqlite', '@mikro-orm/libsql', '@mikro-orm/mssql', '@mikro-orm/mongodb', '@mikro-orm/nestjs'],
    calls: [
      'find', 'findOne', 'findOneOrFail', 'findAll', 'findAndCount', 'findByCursor', 'count', 'nativeInsert', 'nativeUpdate',
      'nativeDelete', 'insert', 'insertMany', 'upsert', 'upsertMany', 'flush', 'persistAndFlush', 'removeAndFlush', 'populate',
      'refresh', 'execute', 'aggregate',
    ],
    unit: 'query',
    clients: ['em', 'getEntityManager', 'getRepository', 'fork', 'getConnection'],
  },
  {
    library: 'Mongoose',
    modules: ['mongoose'],
    calls: [
      'find', 'findOne', 'findById', 'findByIdAndUpdate', 'findByIdAndDelete', 'findByIdAndRemove', 'findOneAndUpdate',
      'findOneAndDelete', 'findOneAndReplace', 'countDocuments', 'estimatedDocumentCount', 'exists', 'distinct', 'aggregate',
      'create', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne', 'bulkWrite', 'populate',
    ],
    unit: 'query',
    instanceCalls: ['save', 'deleteOne', 'updateOne', 'populate', 'remove'],
    modelFactories: ['model'],
    clients: ['collection', 'db'],
  },
  {
    library: 'MongoDB',
    modules: ['mongodb'],
    calls: [
      'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'countDocuments', 'distinct', 'aggregate',
      'insertOne', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne', 'bulkWrite',
    ],
    unit: 'query',
    queues: { methods: ['initializeOrderedBulkOp', 'initializeUnorderedBulkOp'], flush: ['execute'] },
  },
  {
    library: 'Drizzle',
    modules: ['drizzle-orm'],
    calls: ['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute', 'findFirst', 'findMany'],
    unit: 'query',
  },
  {
    library: 'Knex',
    modules: ['knex'],
    calls: ['select', 'where', 'whereIn', 'first', 'insert', 'update', 'del', 'delete', 'raw', 'count', 'pluck', 'increment', 'decrement', 'from'],
    callable: true,
    unit: 'query',
    builds: ['select', 'where', 'whereIn', 'from', 'Knex'],
  },
  {
    // Kysely: \`selectFrom/insertInto/updateTable/deleteFrom\` and their clauses only build; the query
    // runs at \`execute…\` (its builders are not thenable, so awaiting one runs nothing).
    library: 'Kysely',
    modules: ['kysely'],
    calls: ['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow', 'stream'],
    unit: 'query',
  },
  {
    // Objection models: `Model.query()` and `$relatedQuery()` build; the query runs when the builder is awaited.
    library: 'Objection',
    modules: ['objection'],
    calls: [
      'query', '$query', '$relatedQuery', 'relatedQuery', 'findById', 'findByIds', 'findOne', 'insert', 'insertGraph', 'upsertGraph',
      'patch', 'patchAndFetchById', 'update', 'updateAndFetchById', 'delete', 'deleteById', 'relate', 'unrelate', 'first', 'count',
      'where', 'whereIn', 'select',
    ],
    unit: 'query',
    distinctCalls: ['$relatedQuery', '$query', '$fetchGraph'],
    distinctAfter: ['query'],
    builds: ['query', '$query', '$relatedQuery', 'relatedQuery', 'findById', 'findByIds', 'findOne', 'insert', 'insertGraph', 'upsertGraph',
      'patch', 'patchAndFetchById', 'update', 'updateAndFetchById', 'delete', 'deleteById', 'relate', 'unrelate', 'first', 'count', 'where', 'whereIn', 'select'],
  },
  {
    // redbean-node's `R`: reads and writes go to the database; `dispense` only makes a bean in memory.
    library: 'RedBean',
    modules: ['redbean-node'],
    calls: ['store', 'storeAll', 'load', 'find', 'findOne', 'findAll', 'getAll', 'getRow', 'getCol', 'getCell', 'exec', 'trash', 'trashAll', 'count'],
    unit: 'query',
  },
  { library: 'pg', modules: ['pg', 'pg-pool', '@vercel/postgres'], calls: ['query'], unit: 'query' },
  {
    library: 'pg-promise',
    modules: ['pg-promise'],
    calls: ['one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'none', 'result', 'query', 'map', 'each'],
    unit: 'query',
  },
  { library: 'postgres', modules: ['postgres'], calls: [], callable: true, unit: 'query' },
  { library: 'mysql', modules: ['mysql', 'mysql2'], calls: ['query', 'execute'], unit: 'query' },
  { library: 'better-sqlite3', modules: ['better-sqlite3'], calls: ['get', 'all', 'run', 'iterate', 'exec'], unit: 'query', synchronous: true },
  { library: 'sqlite', modules: ['sqlite', 'sqlite3'], calls: ['get', 'all', 'run', 'each', 'exec'], unit: 'query' },
  {
    // ueberDB: a key-value layer over many databases (dirty, sqlite, postgres, redis…); each call is one round trip.
    library: 'ueberDB',
    modules: ['ueberdb2', 'ueberdb'],
    calls: ['get', 'set', 'remove', 'findKeys', 'findKeysSync', 'getSub', 'setSub', 'flush'],
    unit: 'query',
  },
  {
    library: 'Redis',
    modules: ['ioredis', 'redis', '@redis/client', '@upstash/redis'],
    calls: [
      'get', 'set', 'mget', 'hget', 'hgetall', 'hGet', 'hGetAll', 'hset', 'hSet', 'hmget', 'hmGet', 'exists', 'del', 'expire', 'incr', 'decr',
      'sadd', 'sAdd', 'smembers', 'sMembers', 'sismember', 'sIsMember', 'zadd', 'zAdd', 'zrange', 'zRange', 'zscore', 'zScore',
      'lrange', 'lRange', 'lpush', 'lPush', 'rpush', 'rPush', 'ttl', 'getex', 'setex', 'setEx',
      // The rest of the everyday commands (one round trip each, as above).
      'incrby', 'incrBy', 'hincrby', 'hIncrBy', 'hdel', 'hDel', 'hexists', 'hExists', 'hkeys', 'hKeys', 'hvals', 'hVals',
      'srem', 'sRem', 'scard', 'sCard', 'zrem', 'zRem', 'zcard', 'zCard', 'zcount', 'zCount', 'zincrby', 'zIncrBy',
      'zrevrange', 'zrangebyscore', 'zRangeByScore', 'zrevrangebyscore', 'zrank', 'zRank', 'zrevrank', 'lrem', 'lRem', 'ltrim', 'lTrim',
      'setnx', 'setNX', 'getdel', 'getDel', 'expireat', 'expireAt', 'pexpire', 'pExpire',
    ],
    unit: 'round trip',
    queues: { methods: ['pipeline', 'multi', 'batch'], flush: ['exec', 'execAsync', 'execAsPipeline'] },
  },
  { library: 'axios', modules: ['axios'], calls: httpVerbs, callable: true, unit: 'request' },
  { library: 'got', modules: ['got'], calls: httpVerbs, callable: true, unit: 'request' },
  { library: 'ky', modules: ['ky'], calls: httpVerbs, callable: true, unit: 'request' },
  { library: 'superagent', modules: ['superagent'], calls: [...httpVerbs, 'del'], callable: true, unit: 'request' },
  { library: 'fetch', modules: ['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'isomorphic-unfetch'], calls: [], callable: true, unit: 'request' },
  { library: 'undici', modules: ['undici'], calls: ['fetch', 'request'], unit: 'request' },
  { library: 'graphql-request', modules: ['graphql-request'], calls: ['request', 'rawRequest', 'gql_request'], unit: 'request' },
  { library: 'Apollo Client', modules: ['@apollo/client'], calls: ['query', 'mutate'], unit: 'request' },
  { library: 'urql', modules: ['urql', '@urql/core'], calls: ['query', 'mutation'], unit: 'request' },
  {
    // AWS SDK clients: v3's `client.send(new GetObjectCommand(…))`, v2's named methods.
    library: 'AWS SDK',
    modules: ['@aws-sdk', 'aws-sdk'],
    calls: ['send', 'getObject', 'putObject', 'headObject', 'deleteObject', 'copyObject', 'upload', 'getItem', 'putItem', 'updateItem', 'deleteItem', 'sendMessage', 'publish'],
    unit: 'request',
  },
  { library: 'nodemailer', modules: ['nodemailer'], calls: ['sendMail'], unit: 'request' },
  {
    // Job queues: each `add` is a round trip to Redis; `addBulk` queues many in one.
    library: 'Bull',
    modules: ['bull', 'bullmq', 'bee-queue'],
    calls: ['add'],
    unit: 'round trip',
  },
  { library: 'DataLoader', modules: ['dataloader'], calls: ['load'], unit: 'query', batchedWhenConcurrent: ['load'] },
];

/** The global `fetch`: a request whenever no local or imported `fetch` shadows it. */
const globalFetch: DataAccessEntry = { library: 'fetch', modules: [], calls: [], unit: 'request' };

export interface DataAccessCall {
  /**
   * The outermost call of the chain: `knex('users').where(…).first()`, not `knex('users')`; or the
   * read of a lazy relation (`edit.author`, see `DataAccessEntry.lazyRelations`).
   */
  node: ts.CallExpression | ts.TaggedTemplateExpression | ts.PropertyAccessExpression;
  entry: DataAccessEntry;
  /** The method that makes it a query ('findUnique'), or the library for callable modules. */
  method: string;
  /** The callee with arguments elided, for messages: `prisma.user.findUnique`, `knex(…).where(…).first`. */
  display: string;
  /** The package the receiver came from ('ioredis', 'mysql2/promise'), when it was traced. */
  module?: string;
}

/**
 * The rows found per catalogue and module: every specifier of every file an import-closure walk
 * meets, and the origin of every call in a loop, is looked up (a search of some 30 rows each).
 */
const entriesByModule = new WeakMap<readonly DataAccessEntry[], Map<string, DataAccessEntry | undefined>>();

/** The catalogue row of a module: its own name or a subpath of it ('drizzle-orm/node-postgres'). */
export function entryFor(catalogue: readonly DataAccessEntry[], module: string): DataAccessEntry | undefined {
  let known = entriesByModule.get(catalogue);
  if (!known) entriesByModule.set(catalogue, (known = new Map()));
  if (known.has(module)) return known.get(module);
  const entry = catalogue.find((c) => c.modules.some((m) => module === m || module.startsWith(m + '/')));
  known.set(module, entry);
  return entry;
}

export function originOptions(catalogue: readonly DataAccessEntry[]) {
  return {
    returnsData: (module: string, method: string) => entryFor(catalogue, module)?.calls.includes(method) ?? false,
  };
}

/** Whether `node` is an inner link of a longer chain (`knex('t')` in `knex('t').where(…)`). */
function isInnerLink(node: ts.Expression): boolean {
  let p = node.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p))) p = p.parent;
  if (!p || !(ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) || !p.parent) return false;
  // `fetch(url).then(…)`: the promise's own methods do not continue the query, the call is the query.
  if (ts.isPropertyAccessExpression(p) && promiseMethods.has(p.name.text)) return false;
  return ts.isCallExpression(p.parent) || ts.isTaggedTemplateExpression(p.parent);
}

const promiseMethods = new Set(['then', 'catch', 'finally']);

function isPromiseMethodCall(node: ts.CallExpression | ts.TaggedTemplateExpression): boolean {
  const callee = skipOuterExpressions(ts.isCallExpression(node) ? node.expression : node.tag);
  return ts.isPropertyAccessExpression(callee) && promiseMethods.has(callee.name.text);
}

interface Chain {
  root: ts.Expression;
  names: string[];
  /** Per name of `names`: whether the chain calls it (`getRepository(User)`) rather than reads it (`relations`). */
  called: boolean[];
  /** The call of the root itself, when the chain starts with one: `taskQueue()` in `taskQueue().add(…)`. */
  rootCall?: ts.CallExpression;
  /** The root itself is called: `axios(…)`, `knex('users')…`, `sql\`…\``. */
  rootCalled: boolean;
  display: string;
}

function chainOf(node: ts.CallExpression | ts.TaggedTemplateExpression): Chain | undefined {
  const names: string[] = [];
  const called: boolean[] = [];
  let rootCalled = true;
  let e = skipOuterExpressions(ts.isCallExpression(node) ? node.expression : node.tag);
  const parts: string[] = [];
  for (let i = 0; i < 30; i++) {
    const isCalled = !!e.parent && (ts.isCallExpression(e.parent) || ts.isTaggedTemplateExpression(e.parent)) && skipOuterExpressions(ts.isCallExpression(e.parent) ? e.parent.expression : e.parent.tag) === e;
    if (ts.isPropertyAccessExpression(e) && e.expression.kind !== ts.SyntaxKind.ThisKeyword) {
      called.unshift(isCalled);
      names.unshift(e.name.text);
      parts.unshift('.' + e.name.text);
      rootCalled = false;
      e = skipOuterExpressions(e.expression);
    } else if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
      called.unshift(isCalled);
      names.unshift(e.argumentExpression.text);
      parts.unshift(`[${e.argumentExpression.getText()}]`);
      rootCalled = false;
      e = skipOuterExpressions(e.expression);
    } else if (ts.isCallExpression(e)) {
      parts.unshift('(…)');
      rootCalled = true;
      e = skipOuterExpressions(e.expression);
    } else if (ts.isTaggedTemplateExpression(e)) {
      parts.unshift('`…`');
      rootCalled = true;
      e = skipOuterExpressions(e.tag);
    } else if (ts.isIdentifier(e) || (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword)) {
      let p: ts.Node = e.parent;
      while (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p)) p = p.parent;
      const rootCall = ts.isCallExpression(p) && skipOuterExpressions(p.expression) === e && p !== node ? p : undefined;
      return { root: e, names, called, rootCalled, display: e.getText() + parts.join(''), ...(rootCall ? { rootCall } : {}) };
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** `root.method(…)` when a chain goes on after it (`this.connection.getRepository(…).findOne`): that first call. */
function firstLinkCall(chain: Chain): ts.CallExpression | undefined {
  if (chain.names.length < 2 || !chain.called[0]) return undefined;
  let access: ts.Node = chain.root.parent;
  while (ts.isParenthesizedExpression(access) || ts.isNonNullExpression(access)) access = access.parent;
  const call = ts.isPropertyAccessExpression(access) ? access.parent : undefined;
  return call && ts.isCallExpression(call) && skipOuterExpressions(call.expression) === access ? call : undefined;
}

/** The data-access call `node` makes, or undefined (also for inner links of a chain). */
export function dataAccessCallOf(
  project: Project,
  doc: SourceDoc,
  node: ts.CallExpression | ts.TaggedTemplateExpression,
  catalogue: readonly DataAccessEntry[] = builtinCatalogue,
): DataAccessCall | undefined {
  if (isInnerLink(node) || isPromiseMethodCall(node)) return undefined;
  const chain = chainOf(node);
  if (!chain) return undefined;
  if (ts.isIdentifier(chain.root) && chain.root.text === 'fetch' && chain.names.length === 0 && ts.isCallExpression(node)) {
    if (!isShadowed(chain.root) && !moduleBindings(project, doc).has('fetch') && !hasLocalFetch(doc)) return { node, entry: globalFetch, method: 'fetch', display: 'fetch' };
  }
  // `taskQueue().add(…)`: when the root names no client, the client may be what calling it returns.
  // `this.users.model.user.findMany()`: a workspace object's member may hold the client.
  const rooted = chainOrigin(project, doc, chain.root, chain.names, chain.called, originOptions(catalogue));
  let origin = rooted?.origin ?? (chain.rootCall ? packageOrigin(project, doc, chain.rootCall, originOptions(catalogue)) : undefined);
  let local = rooted?.consumed ? { ...chain, names: chain.names.slice(rooted.consumed), called: chain.called.slice(rooted.consumed) } : chain;
  // `this.connection.getRepository(ctx, User).findOne(…)`: the root is a workspace service, and the
  // client is what its method returns (a NestJS wrapper around TypeORM's DataSource).
  const link = origin ? undefined : firstLinkCall(chain);
  if (link) {
    origin = packageOrigin(project, doc, link, originOptions(catalogue));
    local = { ...chain, names: chain.names.slice(1), called: chain.called.slice(1) };
  }
  if (!origin) return distinctCallOf(project, doc, node, chain, catalogue);
  const entry = entryFor(catalogue, origin.module);
  if (!entry) return undefined;
  const path = [...origin.path, ...local.names];
  if (entry.queues) {
    let queued = path.length - 1;
    while (queued >= 0 && !entry.queues.methods.includes(path[queued]!)) queued--;
    if (queued >= 0) {
      // Commands on a pipeline are queued; only its flush goes to the server.
      const flush = path.slice(queued + 1).find((n) => entry.queues!.flush.includes(n));
      return flush ? { node, entry, method: flush, display: chain.display, module: origin.module } : undefined;
    }
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const method = path[i]!;
    if (!entry.calls.includes(method)) continue;
    if (entry.clients && containerMethods.has(method) && !reachedThroughClient(entry, path, i, origin.path.length, local)) return undefined;
    if (entry.builds?.includes(method) && !isExecuted(node)) return undefined;
    return { node, entry, method, display: chain.display, module: origin.module };
  }
  // `new Post(body).save()`: an instance of a model the library made.
  const last = path[path.length - 1];
  if (last !== undefined && path.length >= 2 && entry.modelFactories?.includes(path[path.length - 2]!) && entry.instanceCalls?.includes(last)) {
    return { node, entry, method: last, display: chain.display, module: origin.module };
  }
  // `axios(url)`, `knex('users').where(…)`: the module's own export called, possibly then chained.
  // Type and class names (`Knex.Transaction`) and `default` keep it the module's callable export.
  const rootIsExport = origin.path.every((n) => n === 'default' || n === 'fetch' || /^[A-Z]/.test(n));
  if (entry.callable && rootIsExport && (chain.rootCalled || chain.names.length > 0) && startsWithCall(node)) {
    if (entry.builds?.includes(entry.library) && !isExecuted(node)) return undefined;
    return { node, entry, method: entry.library, display: chain.display, module: origin.module };
  }
  return undefined;
}

/** `user.$relatedQuery('groups').relate(id)` on an untraced receiver, in a package depending on Objection. */
function distinctCallOf(project: Project, doc: SourceDoc, node: ts.CallExpression | ts.TaggedTemplateExpression, chain: Chain, catalogue: readonly DataAccessEntry[]): DataAccessCall | undefined {
  const entry = catalogue.find((e) => e.distinctCalls?.some((m) => chain.names.includes(m)) || e.distinctAfter?.some((m) => chainsOn(chain, m, e.calls)));
  if (!entry || !entry.modules.some((m) => dependsOn(project, doc.path, m))) return undefined;
  for (let i = chain.names.length - 1; i >= 0; i--) {
    const method = chain.names[i]!;
    if (!entry.calls.includes(method)) continue;
    if (entry.builds?.includes(method) && !isExecuted(node)) return undefined;
    return { node, entry, method, display: chain.display };
  }
  return undefined;
}

/** `….query().insert(…)`: `after` is called and one of `calls` is called on its result. */
function chainsOn(chain: Chain, after: string, calls: readonly string[]): boolean {
  for (let i = 0; i < chain.names.length - 1; i++) {
    if (chain.names[i] === after && chain.called[i] && chain.called[i + 1] && calls.includes(chain.names[i + 1]!)) return true;
  }
  return false;
}

/** SQL that changes the schema or maintains the database rather than reading or writing rows. */
const schemaStatement = /^\s*(create|drop|alter|truncate|vacuum|analyze|reindex|refresh\s+materialized|grant|revoke|comment\s+on|cluster)\b/i;

/**
 * `sequelize.query(\`DROP TABLE "${name}"\`)`, `knex.raw('VACUUM ANALYZE ' + t)`: one statement per
 * table or index is maintenance, not a lookup per row, and there is no batched form to suggest.
 */
export function isSchemaStatement(call: DataAccessCall['node']): boolean {
  if (ts.isPropertyAccessExpression(call)) return false;
  let sql = ts.isTaggedTemplateExpression(call) ? call.template : call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  // `'VACUUM ANALYZE ' + table`: the statement starts where the concatenation does.
  while (sql && ts.isBinaryExpression(sql) && sql.operatorToken.kind === ts.SyntaxKind.PlusToken) sql = skipOuterExpressions(sql.left);
  if (!sql) return false;
  const head = ts.isStringLiteralLike(sql) ? sql.text : ts.isTemplateExpression(sql) ? sql.head.text : undefined;
  return head !== undefined && schemaStatement.test(head);
}

/** Whether the package holding `file` lists `module` among its dependencies. */
function dependsOn(project: Project, file: string, module: string): boolean {
  const root = packageRoot(project, file);
  const manifest = readManifest(project, `${root === '/' ? '' : root}/package.json`);
  return !!manifest && (module in manifest.dependencies || module in manifest.peerDependencies);
}

/** A file whose text calls a distinct method of a catalogue library (`.$relatedQuery(`), before parsing. */
export function mentionsDistinctCall(text: string, catalogue: readonly DataAccessEntry[]): boolean {
  return catalogue.some((e) => e.distinctCalls?.some((m) => text.includes(`.${m}(`)) || e.distinctAfter?.some((m) => text.includes(`.${m}().`)));
}

/**
 * `find` at `path[i]` is the library's own method when what it is called on is the library's
 * value itself, a class or type it exports (`Repository`, `User extends BaseEntity`), a client
 * property (`dataSource.manager`) or a method's result (`getRepository(User)`); a lowercase
 * property of such a value (`metadata.relations`) holds plain data.
 */
function reachedThroughClient(entry: DataAccessEntry, path: string[], i: number, traced: number, chain: Chain): boolean {
  if (i === 0) return true;
  const prev = path[i - 1]!;
  if (/^[A-Z]/.test(prev) || entry.clients!.includes(prev)) return true;
  // Names of the local chain know whether they were called: `qb.getRepo(x).find()` is a client's
  // result, when the method says it hands out a client; `storage.filterColumns(x).find(…)` is an array.
  const local = i - 1 - traced;
  return local >= 0 && chain.called[local] === true && clientGetter.test(prev);
}

/** Methods that hand out a client by name: `getRepo`, `getRepository`, `createQueryBuilder`, `tenantDb`, `withTransaction`. */
const clientGetter = /(repo|repository|manager|connection|client|datasource|builder|db|database|collection|model|transaction|tx|em|pool)$/i;

/**
 * Whether a builder chain is executed where it stands: awaited, `.then`-ed, returned, yielded,
 * or gathered for `Promise.all`. A chain that is only stored or used as a statement adds clauses.
 */
export function isExecuted(node: ts.Node): boolean {
  let n: ts.Node = node;
  let p = n.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p))) {
    n = p;
    p = p.parent;
  }
  if (!p) return false;
  if (ts.isAwaitExpression(p) || ts.isReturnStatement(p) || ts.isYieldExpression(p) || ts.isArrayLiteralExpression(p) || ts.isSpreadElement(p)) return true;
  // `async (id) => db('t').where({ id })` returns a promise of the rows; a plain arrow's builder
  // runs only if what receives it awaits it (`Promise.all(ids.map(…))`), not when stored or unioned.
  if (ts.isArrowFunction(p) && p.body === n) {
    if (p.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return true;
    const mapCall = p.parent;
    return !!mapCall && ts.isCallExpression(mapCall) && isExecuted(mapCall);
  }
  if (ts.isPropertyAccessExpression(p) && promiseMethods.has(p.name.text)) return true;
  if (ts.isCallExpression(p) && p.arguments.includes(n as ts.Expression)) {
    const callee = skipOuterExpressions(p.expression);
    return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise';
  }
  return false;
}

/** The innermost link of the chain is a call of the root (`knex('t')…`), not a property read. */
function startsWithCall(node: ts.CallExpression | ts.TaggedTemplateExpression): boolean {
  let e: ts.Expression = node;
  let lastWasCall = false;
  for (let i = 0; i < 30; i++) {
    e = skipOuterExpressions(e);
    if (ts.isCallExpression(e)) {
      lastWasCall = true;
      e = e.expression;
    } else if (ts.isTaggedTemplateExpression(e)) {
      lastWasCall = true;
      e = e.tag;
    } else if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return lastWasCall;
      lastWasCall = false;
      e = e.expression;
    } else return lastWasCall;
  }
  return false;
}

/** Sequelize association mixins on a model instance: `post.getComments()`, `user.countPosts()`. */
const sequelizeMixin = /^(get|count|has|set|add|create|remove)[A-Z]\w*$/;

/** Finders whose result is a list of rows, and those whose result is one row. */
const manyRowFinders = new Set(['findAll', 'findAndCountAll', 'find', 'findBy', 'findMany']);
const oneRowFinders = new Set(['findByPk', 'findOne', 'findById', 'findOneBy', 'findFirst']);

/** Array methods that pick elements of a list: `apps.find((a) => a.name === item.name)` is one of the rows. */
const pickers = new Set(['find', 'findLast', 'at']);

/**
 * `post.getComments()`, `app.update({ … })`, `doc.save()` where `post` is a row a finder of an ORM
 * with model instances returned: each call is a query. Instances carry no import, so the rows'
 * origin is what tells: `items` is the collection the instance was taken from (`const posts =
 * await Post.findAll(); for (const post of posts)`); without it, what the receiver was set from
 * (`const app = apps.find((a) => a.name === item.name)`, `const user = await User.findOne(…)`).
 * A list or row may be assigned after its declaration (`apps = await App.findAll()` on a
 * parameter), as JavaScript apps without classes write it (`App = sequelize.define(…)`).
 */
export function rowInstanceCall(
  project: Project,
  doc: SourceDoc,
  call: ts.CallExpression,
  items: ts.Expression | undefined,
  catalogue: readonly DataAccessEntry[] = builtinCatalogue,
): DataAccessCall | undefined {
  const callee = skipOuterExpressions(call.expression);
  const recv = ts.isPropertyAccessExpression(callee) ? skipOuterExpressions(callee.expression) : undefined;
  if (!recv || !ts.isIdentifier(recv) || !ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  // A row picked by name (no loop's collection) is looked for only on a method a row has: mixin names (`getX`) are everywhere.
  if (!catalogue.some((e) => e.instanceCalls?.includes(method)) && (!items || !sequelizeMixin.test(method))) return undefined;
  const source = items ? rowsQuery(project, doc, items, catalogue, 0) : rowQuery(project, doc, recv, catalogue);
  if (!source) return undefined;
  const queries = source.entry.instanceCalls?.includes(method) || (source.entry.library === 'Sequelize' && sequelizeMixin.test(method));
  return queries ? { node: call, entry: source.entry, method, display: `${recv.text}.${method}` } : undefined;
}

/** The finder whose list of rows `expr` holds, following names through their declarations and assignments. */
function rowsQuery(project: Project, doc: SourceDoc, expr: ts.Expression, catalogue: readonly DataAccessEntry[], depth: number): DataAccessCall | undefined {
  if (depth > 3) return undefined;
  let e = skipOuterExpressions(expr);
  if (ts.isIdentifier(e)) {
    for (const v of valuesOf(e)) {
      const found = rowsQuery(project, doc, v, catalogue, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
  return ts.isCallExpression(e) ? finderCall(project, doc, e, manyRowFinders, catalogue) : undefined;
}

/** The finder whose row the name `id` holds: `await User.findOne(…)`, or one picked from a list of rows. */
function rowQuery(project: Project, doc: SourceDoc, id: ts.Identifier, catalogue: readonly DataAccessEntry[]): DataAccessCall | undefined {
  for (const v of valuesOf(id)) {
    let e = skipOuterExpressions(v);
    if (ts.isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
    if (!ts.isCallExpression(e)) continue;
    const callee = skipOuterExpressions(e.expression);
    const found = ts.isPropertyAccessExpression(callee) && pickers.has(callee.name.text) ? rowsQuery(project, doc, callee.expression, catalogue, 0) : finderCall(project, doc, e, oneRowFinders, catalogue);
    if (found) return found;
  }
  return undefined;
}

function finderCall(project: Project, doc: SourceDoc, call: ts.CallExpression, finders: Set<string>, catalogue: readonly DataAccessEntry[]): DataAccessCall | undefined {
  const a = dataAccessCallOf(project, doc, call, catalogue);
  return a?.entry.instanceCalls && finders.has(a.method) ? a : undefined;
}

/**
 * The values a local name is given: its declaration's initializer and each plain assignment to it
 * in the function around it (`let rows; … rows = await App.findAll()`, or to a parameter).
 */
export function valuesOf(id: ts.Identifier): ts.Expression[] {
  const out: ts.Expression[] = [];
  const init = initializerOf(id);
  if (init) out.push(init);
  const scope = ts.findAncestor(id.parent, (n) => ts.isFunctionLike(n) || ts.isSourceFile(n));
  const body = scope && (ts.isSourceFile(scope) ? scope : (scope as ts.FunctionLikeDeclaration).body);
  if (!body) return out;
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && n.left.text === id.text) out.push(n.right);
    ts.forEachChild(n, visit);
  };
  visit(body);
  return out;
}

function initializerOf(id: ts.Identifier): ts.Expression | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isBlock(n) || ts.isSourceFile(n)) {
      for (const s of n.statements) {
        if (!ts.isVariableStatement(s)) continue;
        for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === id.text) return d.initializer;
      }
    }
  }
  return undefined;
}

/** A top-level `function fetch` or `const fetch = …` in the file replaces the global. */
function hasLocalFetch(doc: SourceDoc): boolean {
  return doc.sourceFile.statements.some(
    (s) =>
      (ts.isFunctionDeclaration(s) && s.name?.text === 'fetch') ||
      (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === 'fetch')),
  );
}
