/**
 * Project-local data-access modules: a module of the workspace that picks its database driver at
 * run time (`const primaryDB = require(`./${databaseName}`)`, a `db` folder with redis.js,
 * mongo.js and postgres.js beside it; `require(connectObj.db_driver)` beside a static import of the
 * default driver) and is imported everywhere as `db`. No trace reaches a package through a dynamic
 * `require`, so such a module is recognised by its shape: it requires a module by a computed name
 * or assigns its exports by computed names (a wrapper of a key-value store's methods), and its
 * static imports reach a data-access package. Every awaited
 * method call on it (`await db.getObjects(keys)`) is a query, except one handed a function
 * (`db.withTransaction(async () => …)`), which only scopes the queries that function makes.
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { moduleBindings, skipOuterExpressions } from './bindings';
import { resolveFunction } from './call-graph';
import { isExecuted, type DataAccessCall, type DataAccessEntry } from './data-access';
import { mayReachDataAccess } from './import-closure';
import { resolveWorkspaceImport } from './module-resolution';

/**
 * `require(`./${name}`)`, `require('./' + name)`, `import(`./${name}`)`, and a driver package
 * named by the configuration (`require(connectObj.db_driver)`, `require(driverName)`).
 */
const dynamicDriverRequire = /\b(?:require|import)\s*\(\s*(?:`\.\.?\/[^`]*\$\{|['"]\.\.?\/[^'"]*['"]\s*\+|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\))/;

/** The catalogue row findings on such a module carry. */
const moduleEntry = (rel: string): DataAccessEntry => ({ library: `${rel}, a data-access module`, modules: [], calls: [], unit: 'query' });

/** `await db.getObjects(keys)` where `db` is imported from a project-local data-access module. */
export function dataAccessModuleCall(project: Project, doc: SourceDoc, call: ts.CallExpression, catalogue: readonly DataAccessEntry[]): DataAccessCall | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const recv = skipOuterExpressions(callee.expression);
  if (!ts.isIdentifier(recv) || !isExecuted(call)) return undefined;
  const ref = moduleBindings(project, doc).get(recv.text);
  if (!ref || ref.path.some((p) => p !== 'default')) return undefined;
  const target = resolveWorkspaceImport(project, doc.path, ref.module);
  const module = target ? project.getDoc(target) : undefined;
  if (!module || !isDataAccessModule(project, module, catalogue)) return undefined;
  // `db.withTransaction(async () => …)`, `db.runWithTenant(id, fn)`: a scope for the queries the
  // function makes (followed where they are), not a query of its own. Asked last: it may walk the
  // caller's body, and most calls are on no data-access module at all.
  if (call.arguments.some((a) => handsOverFunction(project, doc, a))) return undefined;
  return { node: call, entry: moduleEntry(ref.module), method: callee.name.text, display: `${recv.text}.${callee.name.text}` };
}

/**
 * `for (const fn of ['get', 'set', 'remove']) exports[fn] = promisify(db[fn].bind(db))`: a module that
 * re-exports a client's methods under computed names (ueberDB wrappers do), which no trace can read.
 */
const computedExports = /\b(?:module\.)?exports\s*\[\s*[A-Za-z_$][\w$]*\s*\]\s*=/;

/** A function written in place (`async () => …`) or named (`const fn = async () => …; db.runWithTenant(t, fn)`). */
function handsOverFunction(project: Project, doc: SourceDoc, arg: ts.Expression): boolean {
  const a = skipOuterExpressions(arg);
  if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) return true;
  // The name must hold the function itself: `const keys = members.map((m) => …)` resolves to the
  // callback it wraps, but holds an array.
  const ref = ts.isIdentifier(a) ? resolveFunction(project, doc, a) : undefined;
  return (ref !== undefined && !ts.isCallExpression(ref.fn.parent)) || (ts.isIdentifier(a) && functionParameter(a));
}

/**
 * A parameter that holds a function: typed as one (`f: () => Promise<void>`) or called in its own
 * function (`if (!ten) return await f();`), as helpers that run a callback per tenant take it.
 */
function functionParameter(id: ts.Identifier): boolean {
  for (let fn = ts.findAncestor(id.parent, ts.isFunctionLike); fn; fn = ts.findAncestor(fn.parent, ts.isFunctionLike)) {
    const param = fn.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
    if (!param) continue;
    if (param.type && ts.isFunctionTypeNode(param.type)) return true;
    let called = false;
    const visit = (n: ts.Node): void => {
      if (called) return;
      if (ts.isCallExpression(n) && ts.isIdentifier(skipOuterExpressions(n.expression)) && (skipOuterExpressions(n.expression) as ts.Identifier).text === id.text) called = true;
      else ts.forEachChild(n, visit);
    };
    if ('body' in fn && fn.body) visit(fn.body);
    return called;
  }
  return false;
}

function isDataAccessModule(project: Project, module: SourceDoc, catalogue: readonly DataAccessEntry[]): boolean {
  return (dynamicDriverRequire.test(module.text) || computedExports.test(module.text)) && mayReachDataAccess(project, module, catalogue);
}
