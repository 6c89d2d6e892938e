/**
 * Data-access calls: database queries, cache round trips and HTTP/GraphQL requests, recognised by
 * the package the receiver comes from (analysis/value-origin) and the method called. The
 * catalogue is data, one row per library, so `.hotpathrc.json` can add rows (`dataAccess`).
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { isShadowed, moduleBindings, skipOuterExpressions } from './bindings';
import { packageOrigin } from './value-origin';

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
}

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
  { library: 'better-sqlite3', modules: ['better-sqlite3'], calls: ['get', 'all', 'run', 'iterate', 'exec'], unit: 'query' },
  { library: 'sqlite', modules: ['sqlite', 'sqlite3'], calls: ['get', 'all', 'run', 'each', 'exec'], unit: 'query' },
  {
    library: 'Redis',
    modules: ['ioredis', 'redis', '@redis/client', '@upstash/redis'],
    calls: [
      'get', 'set', 'mget', 'hget', 'hgetall', 'hGet', 'hGetAll', 'hset', 'hSet', 'hmget', 'hmGet', 'exists', 'del', 'expire', 'incr', 'decr',
      'sadd', 'sAdd', 'smembers', 'sMembers', 'sismember', 'sIsMember', 'zadd', 'zAdd', 'zrange', 'zRange', 'zscore', 'zScore',
      'lrange', 'lRange', 'lpush', 'lPush', 'rpush', 'rPush', 'ttl', 'getex', 'setex', 'setEx',
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
  { library: 'DataLoader', modules: ['dataloader'], calls: ['load'], unit: 'query', batchedWhenConcurrent: ['load'] },
];

/** The global `fetch`: a request whenever no local or imported `fetch` shadows it. */
const globalFetch: DataAccessEntry = { library: 'fetch', modules: [], calls: [], unit: 'request' };

export interface DataAccessCall {
  /** The outermost call of the chain: `knex('users').where(…).first()`, not `knex('users')`. */
  node: ts.CallExpression | ts.TaggedTemplateExpression;
  entry: DataAccessEntry;
  /** The method that makes it a query ('findUnique'), or the library for callable modules. */
  method: string;
  /** The callee with arguments elided, for messages: `prisma.user.findUnique`, `knex(…).where(…).first`. */
  display: string;
  /** The package the receiver came from ('ioredis', 'mysql2/promise'), when it was traced. */
  module?: string;
}

/** The catalogue row of a module: its own name or a subpath of it ('drizzle-orm/node-postgres'). */
export function entryFor(catalogue: readonly DataAccessEntry[], module: string): DataAccessEntry | undefined {
  return catalogue.find((c) => c.modules.some((m) => module === m || module.startsWith(m + '/')));
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
  /** The root itself is called: `axios(…)`, `knex('users')…`, `sql\`…\``. */
  rootCalled: boolean;
  display: string;
}

function chainOf(node: ts.CallExpression | ts.TaggedTemplateExpression): Chain | undefined {
  const names: string[] = [];
  let rootCalled = true;
  let e = skipOuterExpressions(ts.isCallExpression(node) ? node.expression : node.tag);
  const parts: string[] = [];
  for (let i = 0; i < 30; i++) {
    if (ts.isPropertyAccessExpression(e) && e.expression.kind !== ts.SyntaxKind.ThisKeyword) {
      names.unshift(e.name.text);
      parts.unshift('.' + e.name.text);
      rootCalled = false;
      e = skipOuterExpressions(e.expression);
    } else if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
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
      return { root: e, names, rootCalled, display: e.getText() + parts.join('') };
    } else {
      return undefined;
    }
  }
  return undefined;
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
  const origin = packageOrigin(project, doc, chain.root, originOptions(catalogue));
  if (!origin) return undefined;
  const entry = entryFor(catalogue, origin.module);
  if (!entry) return undefined;
  const path = [...origin.path, ...chain.names];
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
    if (entry.calls.includes(path[i]!)) return { node, entry, method: path[i]!, display: chain.display, module: origin.module };
  }
  // `axios(url)`, `knex('users').where(…)`: the module's own export called, possibly then chained.
  // Type and class names (`Knex.Transaction`) and `default` keep it the module's callable export.
  const rootIsExport = origin.path.every((n) => n === 'default' || n === 'fetch' || /^[A-Z]/.test(n));
  if (entry.callable && rootIsExport && (chain.rootCalled || chain.names.length > 0) && startsWithCall(node)) {
    return { node, entry, method: entry.library, display: chain.display, module: origin.module };
  }
  return undefined;
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

/**
 * `post.getComments()` where `post` is an element of rows a Sequelize finder returned: each call
 * is a query. Instances carry no import, so the rows' origin is what tells: `items` is the
 * collection the instance was taken from (`const posts = await Post.findAll(); for (const post of posts)`).
 */
export function sequelizeInstanceCall(
  project: Project,
  doc: SourceDoc,
  call: ts.CallExpression,
  items: ts.Expression | undefined,
  catalogue: readonly DataAccessEntry[] = builtinCatalogue,
): DataAccessCall | undefined {
  const callee = skipOuterExpressions(call.expression);
  const recv = ts.isPropertyAccessExpression(callee) ? skipOuterExpressions(callee.expression) : undefined;
  if (!recv || !ts.isIdentifier(recv) || !ts.isPropertyAccessExpression(callee) || !sequelizeMixin.test(callee.name.text) || !items) return undefined;
  let rows = skipOuterExpressions(items);
  if (ts.isIdentifier(rows)) {
    const init = initializerOf(rows);
    if (!init) return undefined;
    rows = skipOuterExpressions(init);
  }
  if (ts.isAwaitExpression(rows)) rows = skipOuterExpressions(rows.expression);
  if (!ts.isCallExpression(rows)) return undefined;
  const source = dataAccessCallOf(project, doc, rows, catalogue);
  if (source?.entry.library !== 'Sequelize' || !['findAll', 'findAndCountAll'].includes(source.method)) return undefined;
  return { node: call, entry: source.entry, method: callee.name.text, display: `${recv.text}.${callee.name.text}` };
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
