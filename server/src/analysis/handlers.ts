/**
 * Request handler detection, from registration sites rather than shapes: Express/Router, Koa,
 * Fastify, Hapi, Hono, NestJS controllers, tRPC procedures, Next.js API routes, route handlers
 * and server actions, Remix / React Router route modules' `loader` and `action`,
 * `http.createServer`, and AWS Lambda exports. A `(req, res)` shape alone is only trusted for
 * `x.use(fn)`, where the receiver is unknown.
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { moduleBindings, propertyNameText, resolveModuleRef, skipOuterExpressions, type ModuleBindings } from './bindings';
import { functionName, resolveFunction, type FunctionRef } from './call-graph';
import { nodesOfKind, nodesOfKindWhere } from './tree-nodes';

export type Framework = 'express' | 'koa' | 'fastify' | 'hapi' | 'nest' | 'next' | 'remix' | 'trpc' | 'node-http' | 'lambda';

export interface HandlerSite {
  framework: Framework;
  /** For messages: 'GET /users', 'middleware app.use', 'server action createPost'. */
  label: string;
  /** The function, when it is written here (inline, or a declaration in this file found by name). */
  fn?: ts.FunctionLikeDeclaration;
  /** The expression naming the handler when it is a reference (`listUsers`, `controller.list`). */
  ref?: ts.Expression;
  /** A call that returns the handler: `app.get('/video', getVideo())`, `validate(schema)`. */
  factory?: ts.CallExpression;
  /**
   * The condition a route is registered under when it exists only in development or tests
   * (`if (isDev)`, `if (process.env.NODE_ENV !== 'production')`): not a production request path.
   */
  devOnly?: string;
}

const devFlag = /\b(isDev|isDevelopment|isDevMode|devMode|dev|development|isTest|isTesting|isE2E|e2e|isE2ETestMode|testMode|isCI)\b|NODE_ENV\s*[!=]==?\s*['"](development|dev|test)['"]/i;
const prodFlag = /\b(isProd|isProduction|production)\b/i;

/** The `if` condition that keeps a registration out of production, when there is one. */
export function devOnlyCondition(n: ts.Node): string | undefined {
  for (let c: ts.Node = n; c.parent && !ts.isSourceFile(c.parent); c = c.parent) {
    const p = c.parent;
    if (!ts.isIfStatement(p) || c === p.expression) continue;
    const cond = p.expression.getText();
    const negated = /^!\s*\(?/.test(cond) || /!==?\s*['"]production['"]/.test(cond);
    if (c === p.thenStatement && (devFlag.test(cond) || (negated && prodFlag.test(cond)))) return cond;
    if (c === p.elseStatement && prodFlag.test(cond) && !negated) return `!(${cond})`;
  }
  return undefined;
}

/**
 * Text that every handler file holds, tested before anything is parsed. `.get(` alone would
 * pass most files (Map#get, searchParams.get, Promise.all), so a route call must either have a
 * literal path, or sit in a file that names a server framework or has a (req…)/(ctx…) function.
 */
const literalRoute = /\.(get|post|put|patch|delete|del|all|head|options|use|route)\s*\(\s*['"`/]/;
const looseRoute = /\.(get|post|put|patch|delete|del|all|head|options|use|route|register|param|addHook)\s*\(/;
const serverContext = /\b(express|koa|fastify|hapi|Router|restify|polka|hono)\b|\(\s*(req|request|ctx|context)\s*[,:)]/;
const otherHandlers = /(next-auth|@auth\/core)\/providers\/|\.use\(\s*(['"][\w-]+['"]\s*,\s*)?new\s+[\w.]*Strategy\b|create(Secure)?Server|@Controller|use server|\bhandler\b|\.context\.onerror\s*=|\.on\(\s*['"]request['"]|\b(export\s+(async\s+)?(function|const|let|var)|as)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|loader|action)\b/;
/** A tRPC procedure: `publicProcedure.input(…).query(…)`, `t.procedure.mutation(…)`. */
const rpcCall = /\.(query|mutation|subscription)\s*\(/;
const procedureName = /rocedure\b/;

/** Whether a file's text may register or export request handlers (a cheap test before parsing). */
export function mayHoldHandlers(text: string): boolean {
  return (
    literalRoute.test(text) ||
    otherHandlers.test(text) ||
    (looseRoute.test(text) && serverContext.test(text)) ||
    (rpcCall.test(text) && procedureName.test(text))
  );
}

const mayHold = new WeakMap<SourceDoc, boolean>();

/**
 * `mayHoldHandlers` of one version of a document, tested once: sync-in-handler's prefilter and
 * the handler index (analysis/blocking-reach) both ask it of every file of a scan.
 */
export function docMayHoldHandlers(doc: SourceDoc): boolean {
  let answer = mayHold.get(doc);
  if (answer === undefined) mayHold.set(doc, (answer = mayHoldHandlers(doc.text)));
  return answer;
}

/**
 * The workspace functions a handler site runs: the function written there, the one a reference
 * names (in this file or another), or those a factory call returns.
 */
export function handlerFunctions(project: Project, doc: SourceDoc, h: HandlerSite): FunctionRef[] {
  if (h.fn) return [{ doc, fn: h.fn, name: functionName(h.fn) }];
  if (h.ref) {
    const target = resolveFunction(project, doc, h.ref);
    return target ? [target] : [];
  }
  if (!h.factory) return [];
  const factory = resolveFunction(project, doc, h.factory.expression);
  return factory ? returnedFunctions(project, factory) : [];
}

/** The functions a factory returns: `return (req, res) => …`, `=> async (req, res) => …`, `return handler`. */
function returnedFunctions(project: Project, factory: FunctionRef): FunctionRef[] {
  const body = factory.fn.body;
  if (!body) return [];
  const returned: ts.Expression[] = [];
  if (!ts.isBlock(body)) returned.push(body);
  else {
    const visit = (n: ts.Node): void => {
      if (ts.isReturnStatement(n) && n.expression) returned.push(n.expression);
      // A nested function's returns are its own.
      else if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
    };
    visit(body);
  }
  const out: FunctionRef[] = [];
  for (const e of returned) {
    const inner = skipOuterExpressions(e);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) out.push({ doc: factory.doc, fn: inner, name: `${factory.name}()` });
    else if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) {
      const ref = resolveFunction(project, factory.doc, inner);
      if (ref) out.push(ref);
    }
  }
  return out;
}

const routeMethods = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use']);
/** The other methods `registrationHandlers` reads handlers from: hooks, params, events, route objects. */
const otherRegistrations = new Set(['addHook', 'param', 'on', 'route']);
const createsServer = /^create(Secure)?Server$/;
/** Packages whose default export or named factories create apps and routers. */
const serverModules = new Set(['express', 'koa', 'koa-router', '@koa/router', 'fastify', '@hapi/hapi', 'hapi', 'restify', 'polka', 'hono']);
const httpModules = new Set(['http', 'https', 'http2']);
/** Packages and built-ins whose `.get(url, cb)` sends a request rather than registering a route. */
const clientModules = new Set(['http', 'https', 'http2', 'axios', 'got', 'superagent', 'supertest', 'request', 'needle', 'undici', 'node-fetch', 'ky']);
/** Fastify hooks that run during a request. */
const requestHooks = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onError']);
/** tRPC: the procedure kinds, and the builder calls a procedure goes through before them. */
const rpcMethods = new Set(['query', 'mutation', 'subscription']);
const procedureBuilders = new Set(['input', 'output', 'use', 'meta', 'concat', 'unstable_concat']);
const nestMethods = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head']);
const nextRouteExports = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** Request handlers registered or exported by a file, memoised per version. */
export function findHandlers(project: Project, doc: SourceDoc): readonly HandlerSite[] {
  return project.memo(doc, 'analysis:handlers', () => computeHandlers(doc, moduleBindings(project, doc)));
}

export function computeHandlers(doc: SourceDoc, bindings: ModuleBindings): HandlerSite[] {
  const sf = doc.sourceFile;
  const out: HandlerSite[] = [];
  const apps = knownApps(sf, bindings);
  // Functions matter only as server actions: without the directive's text, none is one.
  const actions = doc.text.includes('use server');
  const candidates = actions ? nodesOfKind(sf, ...siteKinds, ...functionKinds) : nodesOfKindWhere(sf, 'handlers:sites', siteKinds, maySite);
  for (const n of candidates) {
    if (ts.isCallExpression(n)) {
      const before = out.length;
      registrationHandlers(n, apps, bindings, out);
      const devOnly = out.length > before ? devOnlyCondition(n) : undefined;
      if (devOnly) for (let i = before; i < out.length; i++) out[i]!.devOnly = devOnly;
    }
    else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) koaContextHandler(n, apps, out);
    else if (ts.isClassDeclaration(n)) nestHandlers(n, out);
    else if (isFunctionLike(n) && hasUseServerDirective(n)) out.push({ framework: 'next', label: `server action ${nameOf(n)}`, fn: n });
  }
  exportedHandlers(doc, out);
  return out;
}

const siteKinds = [ts.SyntaxKind.CallExpression, ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.ClassDeclaration];
const functionKinds = [ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration];

/**
 * Whether a call, assignment or class may be a registration site, from its own syntax only (a
 * per-statement test, see analysis/tree-nodes `nodesOfKindWhere`): the methods and assignments
 * the checks below look at, classes with decorators. A plain call `f(x)` stays in: its callee
 * may be an alias of `createServer`, which only the bindings tell.
 */
function maySite(n: ts.Node): boolean {
  if (ts.isCallExpression(n)) {
    const callee = skipOuterExpressions(n.expression);
    if (ts.isIdentifier(callee)) return true;
    if (ts.isPropertyAccessExpression(callee)) {
      const m = callee.name.text;
      return routeMethods.has(m) || otherRegistrations.has(m) || rpcMethods.has(m) || createsServer.test(m);
    }
    if (ts.isElementAccessExpression(callee)) return !ts.isStringLiteralLike(callee.argumentExpression) || createsServer.test(callee.argumentExpression.text);
    return false;
  }
  if (ts.isBinaryExpression(n)) {
    const left = skipOuterExpressions(n.left);
    return n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) && left.name.text === 'onerror';
  }
  return ts.isClassDeclaration(n) && (ts.getDecorators(n)?.length ?? 0) > 0;
}

/** A declaration, parameter or call `knownApps` may take an app name from (its own syntax only). */
function mayNameApp(n: ts.Node): boolean {
  if (ts.isVariableDeclaration(n)) {
    if (!ts.isIdentifier(n.name) || !n.initializer) return false;
    let e = skipOuterExpressions(n.initializer);
    if (ts.isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
    return ts.isCallExpression(e) || ts.isNewExpression(e);
  }
  if (ts.isParameter(n)) return ts.isIdentifier(n.name) && !!n.type && ts.isTypeReferenceNode(n.type);
  return ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'register';
}

function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n);
}

function nameOf(fn: ts.FunctionLikeDeclaration): string {
  if (fn.name) return propertyNameText(fn.name as ts.PropertyName) ?? '(anonymous)';
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return '(anonymous)';
}

/** Names bound to apps and routers: `const app = express()`, `new Koa()`, `express.Router()`, fastify plugin instances. */
function knownApps(sf: ts.SourceFile, bindings: ModuleBindings): Set<string> {
  const apps = new Set<string>();
  for (const n of nodesOfKindWhere(sf, 'handlers:app-names', [ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.Parameter, ts.SyntaxKind.CallExpression], mayNameApp)) {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && createsApp(n.initializer, bindings)) apps.add(n.name.text);
    // `export default function onerror(app: Koa)`, `(router: express.Router) => …`: set-up functions that receive the app.
    if (ts.isParameter(n) && ts.isIdentifier(n.name) && n.type && isServerType(n.type, bindings)) apps.add(n.name.text);
    // `fastify.register(async (instance) => { instance.get(…) })`
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'register') {
      for (const a of n.arguments) {
        const f = skipOuterExpressions(a);
        if ((ts.isArrowFunction(f) || ts.isFunctionExpression(f)) && f.parameters[0] && ts.isIdentifier(f.parameters[0].name)) apps.add(f.parameters[0].name.text);
      }
    }
  }
  return apps;
}

/** Types of apps and routers (not of contexts or requests, whose `.get(…)` reads a header). */
const appTypeNames = new Set(['Application', 'Express', 'Router', 'FastifyInstance', 'Server', 'Hono']);

/** `Koa`, `express.Application`, `Router` (koa-router), `FastifyInstance`: a type for an app or router. */
function isServerType(type: ts.TypeNode, bindings: ModuleBindings): boolean {
  if (!ts.isTypeReferenceNode(type)) return false;
  const names: string[] = [];
  let name: ts.EntityName = type.typeName;
  for (; ts.isQualifiedName(name); name = name.left) names.unshift(name.right.text);
  const ref = bindings.get(name.text);
  if (ref === undefined || !serverModules.has(ref.module)) return false;
  const path = [...ref.path, ...names].filter((p) => p !== 'default');
  // The module itself (`import Koa from 'koa'`; `import Router from 'koa-router'`) is the app or router class.
  return path.length === 0 || appTypeNames.has(path[path.length - 1]!);
}

function createsApp(init: ts.Expression, bindings: ModuleBindings): boolean {
  let e = skipOuterExpressions(init);
  if (ts.isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
  if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return false;
  const callee = skipOuterExpressions(e.expression);
  // `express()`, `express.Router()`, `new Koa()`, `Fastify()`, `require('express')()`, `Hapi.server()`.
  const ref = resolveModuleRef(bindings, callee);
  return ref !== undefined && serverModules.has(ref.module);
}

function isRoutePath(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  e = skipOuterExpressions(e);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text.startsWith('/') || e.text === '*';
  if (ts.isTemplateExpression(e)) return e.head.text.startsWith('/') || e.head.text === '';
  if (ts.isRegularExpressionLiteral(e)) return true;
  if (ts.isArrayLiteralExpression(e)) return e.elements.length > 0 && e.elements.every((x) => isRoutePath(x));
  return false;
}

function pathText(e: ts.Expression): string {
  e = skipOuterExpressions(e);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  return e.getText();
}

/** `(req, res[, next])` or `(ctx, next)`: how middleware looks when the receiver is unknown. */
function hasHandlerParameters(fn: ts.FunctionLikeDeclaration): boolean {
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  const [a = '', b = ''] = names;
  if (/^(req|request)$/.test(a) && /^(res|response|reply)$/.test(b)) return true;
  return /^(ctx|context)$/.test(a) && b === 'next';
}

function receiverName(e: ts.Expression): string | undefined {
  e = skipOuterExpressions(e);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** `app.route('/x').get(a).post(b)`: the path of the chain's `.route()` call. */
function chainedRoutePath(receiver: ts.Expression): ts.Expression | undefined {
  let e = skipOuterExpressions(receiver);
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const name = e.expression.name.text;
    if (name === 'route' && isRoutePath(e.arguments[0])) return e.arguments[0];
    if (!routeMethods.has(name)) return undefined;
    e = skipOuterExpressions(e.expression.expression);
  }
  return undefined;
}

function registrationHandlers(call: ts.CallExpression, apps: Set<string>, bindings: ModuleBindings, out: HandlerSite[]): void {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee) && authProviderCallbacks(call, callee, bindings, out)) return;
  // http.createServer(cb), https.createServer(opts, cb), http2.createSecureServer(opts, cb), createServer(cb)
  // A member call names its member: only createServer calls are resolved (most calls of a module are not).
  const member = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
  const ref = member === undefined || createsServer.test(member) ? resolveModuleRef(bindings, callee) : undefined;
  if (ref && httpModules.has(ref.module) && ref.path.length === 1 && createsServer.test(ref.path[0]!)) {
    for (const a of call.arguments) pushHandlerArg(a, 'node-http', `${ref.module}.${ref.path[0]} request`, out, false);
    return;
  }
  if (!ts.isPropertyAccessExpression(callee)) return;
  const method = callee.name.text;
  if (rpcMethods.has(method)) {
    if (isProcedure(callee.expression)) for (const a of call.arguments) pushHandlerArg(a, 'trpc', `tRPC ${method} ${procedureLabel(call)}`, out, false);
    return;
  }
  if (!routeMethods.has(method) && !otherRegistrations.has(method)) return;
  const receiver = callee.expression;
  const recv = receiverName(receiver);
  if (method === 'use' && passportStrategy(call, receiver, bindings, out)) return;
  const knownReceiver = recv !== undefined && apps.has(recv);
  // HTTP clients share the verbs: `http.get('/health', cb)`, `axios.get(…)`, `$.get('/api', cb)`.
  const receiverModule = resolveModuleRef(bindings, receiver)?.module;
  if ((receiverModule && clientModules.has(receiverModule)) || recv === '$' || recv === 'jQuery') return;
  if (method === 'addHook' && isStringArg(call.arguments[0]) && requestHooks.has(stringArg(call.arguments[0]))) {
    for (const a of call.arguments.slice(1)) pushHandlerArg(a, 'fastify', `${stringArg(call.arguments[0])} hook`, out, false);
    return;
  }
  if (method === 'param' && knownReceiver) {
    // Express `app.param('id', (req, res, next, id) => …)` runs for every request that has the parameter.
    for (const a of call.arguments.slice(1)) pushHandlerArg(a, 'express', `${recv}.param(${pathText(call.arguments[0]!)})`, out, false);
    return;
  }
  if (method === 'on' && isStringArg(call.arguments[0], 'request')) {
    const cb = call.arguments[1];
    if (cb) pushHandlerArg(cb, 'node-http', "'request' event", out, false);
    return;
  }
  if (method === 'route') {
    const first = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
    if (!first) return;
    const routes = ts.isArrayLiteralExpression(first) ? first.elements : [first];
    for (const r of routes) {
      const obj = skipOuterExpressions(r);
      if (ts.isObjectLiteralExpression(obj)) routeObjectHandler(obj, knownReceiver, out);
    }
    return;
  }
  if (!routeMethods.has(method)) return;
  const verb = method === 'del' ? 'DELETE' : method.toUpperCase();
  const [first, ...rest] = call.arguments;
  const chained = chainedRoutePath(receiver);
  if (chained) {
    for (const a of call.arguments) pushHandlerArg(a, 'express', `${verb} ${pathText(chained)}`, out, false);
    return;
  }
  if (first && isRoutePath(first)) {
    // A path plus at least one function-valued argument: `map.get(key)` and `app.get('env')` have neither.
    const label = method === 'use' ? `middleware ${recv ?? 'app'}.use(${pathText(first)})` : `${verb} ${pathText(first)}`;
    const framework: Framework = recv === 'fastify' || recv === 'instance' ? 'fastify' : 'express';
    for (const a of rest) pushHandlerArg(a, framework, label, out, false);
    return;
  }
  if (method !== 'use' && knownReceiver && first && rest.length > 0) {
    // `router.get(ROUTES.users, handler)` on a known router: the path is a variable.
    for (const a of rest) pushHandlerArg(a, 'express', `${verb} ${first.getText()}`, out, false);
    return;
  }
  if (method === 'use' && first) {
    // `app.use(fn)`: trust it on a known app, or when the function looks like middleware.
    for (const a of call.arguments) pushHandlerArg(a, 'express', `middleware ${recv ?? 'app'}.use`, out, !knownReceiver);
  }
}

/**
 * Passport: `passport.use([name,] new LocalStrategy([options,] verify))`. Passport calls the
 * strategy's verify function for every request that authenticates with it (each login POST, each
 * API call with a bearer token), so it is a handler. The receiver is the `passport` module, or a
 * value named so (`module.exports = function (passport) { passport.use(…) }`).
 */
function passportStrategy(call: ts.CallExpression, receiver: ts.Expression, bindings: ModuleBindings, out: HandlerSite[]): boolean {
  const last = call.arguments[call.arguments.length - 1];
  const made = last && skipOuterExpressions(last);
  if (!made || !ts.isNewExpression(made) || !strategyClass.test(made.expression.getText())) return false;
  if (resolveModuleRef(bindings, receiver)?.module !== 'passport' && receiverName(receiver) !== 'passport') return false;
  const name = call.arguments.length > 1 && isStringArg(call.arguments[0]) ? `'${call.arguments[0].text}'` : made.expression.getText();
  const verify = made.arguments?.[made.arguments.length - 1];
  if (verify) pushHandlerArg(verify, 'express', `passport strategy ${name}`, out, false);
  return true;
}

/** next-auth / Auth.js provider modules: `next-auth/providers/credentials`, `@auth/core/providers/email`. */
const authProviderModule = /^(next-auth|@auth\/core)\/providers\/[\w-]+$/;
/** The provider options Auth.js calls while it handles a sign-in request. */
const authProviderHooks = new Set(['authorize', 'sendVerificationRequest']);

/**
 * next-auth / Auth.js: `CredentialsProvider({ authorize })` and `EmailProvider({ sendVerificationRequest })`.
 * Auth.js calls `authorize` for every credentials sign-in and `sendVerificationRequest` for every
 * email sign-in request, inside its route handler, so each is a handler of its own.
 */
function authProviderCallbacks(call: ts.CallExpression, callee: ts.Identifier, bindings: ModuleBindings, out: HandlerSite[]): boolean {
  const ref = resolveModuleRef(bindings, callee);
  if (!ref || !authProviderModule.test(ref.module)) return false;
  const options = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return true;
  const provider = ref.module.slice(ref.module.lastIndexOf('/') + 1);
  for (const p of options.properties) {
    const name = p.name && propertyNameText(p.name);
    if (!name || !authProviderHooks.has(name)) continue;
    const label = `next-auth ${provider} ${name}`;
    if (ts.isMethodDeclaration(p)) out.push({ framework: 'next', label, fn: p });
    else if (ts.isPropertyAssignment(p)) pushHandlerArg(p.initializer, 'next', label, out, false);
    else if (ts.isShorthandPropertyAssignment(p)) pushHandlerArg(p.name, 'next', label, out, false);
  }
  return true;
}

/** `LocalStrategy`, `JwtStrategy`, `GoogleStrategy`, `passportLocal.Strategy`: passport's naming of strategy classes. */
const strategyClass = /(^|\.)\w*Strategy$/;

/**
 * Whether a receiver is a tRPC procedure builder: `publicProcedure`, `t.procedure`,
 * `authenticatedProcedure.input(schema).output(schema)`. tRPC's own convention names them so (the
 * builder is `t.procedure`); a client's `trpc.post.byId.query({ id })` is named after its route.
 */
function isProcedure(receiver: ts.Expression): boolean {
  let e = skipOuterExpressions(receiver);
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && procedureBuilders.has(e.expression.name.text)) e = skipOuterExpressions(e.expression.expression);
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  return name !== undefined && /procedure$/i.test(name);
}

/** The name a procedure is known by: its key in a router object, or the variable it is kept in. */
function procedureLabel(call: ts.CallExpression): string {
  const p = call.parent;
  if (p && (ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p)) && p.name && !ts.isObjectBindingPattern(p.name) && !ts.isArrayBindingPattern(p.name)) {
    return propertyNameText(p.name) ?? p.name.getText();
  }
  return '(procedure)';
}

/**
 * Koa `app.context.onerror = function (err) { … }`: Koa calls it for every request that fails,
 * with `this` the request's context, so whatever it reaches runs inside a request.
 */
function koaContextHandler(assign: ts.BinaryExpression, apps: Set<string>, out: HandlerSite[]): void {
  const left = skipOuterExpressions(assign.left);
  if (!ts.isPropertyAccessExpression(left) || left.name.text !== 'onerror') return;
  const owner = skipOuterExpressions(left.expression);
  if (!ts.isPropertyAccessExpression(owner) || owner.name.text !== 'context') return;
  const app = receiverName(owner.expression);
  if (app === undefined || !apps.has(app)) return;
  pushHandlerArg(assign.right, 'koa', `${app}.context.onerror`, out, false);
}

function isStringArg(e: ts.Expression | undefined, text?: string): e is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return !!e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && (text === undefined || e.text === text);
}

function stringArg(e: ts.Expression | undefined): string {
  return e && isStringArg(e) ? e.text : '';
}

/** Fastify `route({ method, url, handler })` and Hapi `route({ method, path, handler | options: { handler } })`. */
function routeObjectHandler(obj: ts.ObjectLiteralExpression, knownReceiver: boolean, out: HandlerSite[]): void {
  const prop = (o: ts.ObjectLiteralExpression, name: string) => o.properties.find((p) => p.name && propertyNameText(p.name) === name);
  const valueOfProp = (p: ts.ObjectLiteralElementLike | undefined): ts.Expression | undefined => {
    if (!p) return undefined;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
    return undefined;
  };
  const method = valueOfProp(prop(obj, 'method'));
  const url = valueOfProp(prop(obj, 'url')) ?? valueOfProp(prop(obj, 'path'));
  if (!knownReceiver && !isRoutePath(url)) return;
  const verb = method ? (ts.isStringLiteralLike(method) ? method.text.toUpperCase() : skipOuterExpressions(method).getText()) : 'ROUTE';
  const label = `${verb} ${url ? pathText(url) : ''}`.trim();
  const framework: Framework = prop(obj, 'url') ? 'fastify' : 'hapi';
  let handlerProp = prop(obj, 'handler');
  for (const nested of ['options', 'config']) {
    if (handlerProp) break;
    const inner = valueOfProp(prop(obj, nested));
    if (inner && ts.isObjectLiteralExpression(skipOuterExpressions(inner))) handlerProp = prop(skipOuterExpressions(inner) as ts.ObjectLiteralExpression, 'handler');
  }
  if (!handlerProp) return;
  if (ts.isMethodDeclaration(handlerProp)) out.push({ framework, label, fn: handlerProp });
  else {
    const v = valueOfProp(handlerProp);
    if (v) pushHandlerArg(v, framework, label, out, false);
  }
}

/**
 * Record the handler(s) an argument holds: an inline function, a reference, an array of them,
 * an options object with `handler`, or a wrapper call such as `asyncHandler(async (req, res) => …)`.
 */
function pushHandlerArg(arg: ts.Expression, framework: Framework, label: string, out: HandlerSite[], requireShape: boolean): void {
  const e = skipOuterExpressions(arg);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
    if (!requireShape || hasHandlerParameters(e)) out.push({ framework, label, fn: e });
  } else if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    if (!requireShape) out.push({ framework, label, ref: e });
  } else if (ts.isArrayLiteralExpression(e)) {
    for (const x of e.elements) pushHandlerArg(x, framework, label, out, requireShape);
  } else if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (!p.name || propertyNameText(p.name) !== 'handler') continue;
      if (ts.isMethodDeclaration(p)) out.push({ framework, label, fn: p });
      else if (ts.isPropertyAssignment(p)) pushHandlerArg(p.initializer, framework, label, out, requireShape);
      else if (ts.isShorthandPropertyAssignment(p)) pushHandlerArg(p.name, framework, label, out, requireShape);
    }
  } else if (ts.isCallExpression(e)) {
    // Wrappers: `asyncHandler(async (req, res) => …)`, `withAuth(handler)`, `middy(base)`.
    let wrapped = false;
    for (const a of e.arguments) {
      const inner = skipOuterExpressions(a);
      if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) {
        pushHandlerArg(inner, framework, label, out, requireShape);
        wrapped = true;
      }
    }
    // Otherwise a factory: `getVideo()`, `validate('body')` return the function that runs per request.
    if (!wrapped && !requireShape) out.push({ framework, label, factory: e });
  }
}

function decoratorCall(d: ts.Decorator): { name: string; args: readonly ts.Expression[] } | undefined {
  const e = d.expression;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression)) return { name: e.expression.text, args: e.arguments };
  if (ts.isIdentifier(e)) return { name: e.text, args: [] };
  return undefined;
}

/** NestJS: `@Get(':id')` methods of an `@Controller('users')` class. */
function nestHandlers(cls: ts.ClassDeclaration, out: HandlerSite[]): void {
  const decorators = ts.getDecorators(cls) ?? [];
  const controller = decorators.map(decoratorCall).find((d) => d?.name === 'Controller');
  if (!controller) return;
  const prefixArg = controller.args[0];
  const prefix = prefixArg && ts.isStringLiteralLike(prefixArg) ? prefixArg.text : '';
  for (const m of cls.members) {
    if (!ts.isMethodDeclaration(m) || !m.body) continue;
    for (const d of ts.getDecorators(m) ?? []) {
      const dc = decoratorCall(d);
      if (!dc || !nestMethods.has(dc.name)) continue;
      const sub = dc.args[0] && ts.isStringLiteralLike(dc.args[0]) ? dc.args[0].text : '';
      const route = '/' + [prefix, sub].map((s) => s.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
      out.push({ framework: 'nest', label: `${dc.name.toUpperCase()} ${route} (${cls.name?.text ?? 'controller'}.${nameOf(m)})`, fn: m });
    }
  }
}

function hasUseServerDirective(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  return !!body && ts.isBlock(body) && directives(body.statements).includes('use server');
}

function directives(statements: readonly ts.Statement[]): string[] {
  const out: string[] = [];
  for (const s of statements) {
    if (!ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression)) break;
    out.push(s.expression.text);
  }
  return out;
}

function hasExport(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

function hasDefault(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
}

/**
 * The URL of a Remix / React Router route module, from its file under `app/routes/` (flat routes
 * and remix-flat-routes folders): `api+/health.ts` → `/api/health`, `users.$id.tsx` → `/users/:id`;
 * `_index`, `route` and pathless `_layout` segments name no part of the URL.
 */
function routeModulePath(file: string): string {
  const segments = file
    .replace(/\.[cm]?[jt]sx?$/, '')
    .split(/[/.]/)
    .map((s) => s.replace(/\+$/, '').replace(/_$/, ''))
    .filter((s) => s !== '' && s !== 'route' && s !== 'index' && !s.startsWith('_') && !/^\(.*\)$/.test(s));
  return '/' + segments.map((s) => (s === '$' ? '*' : s.replace(/^\$/, ':'))).join('/');
}

/**
 * Handlers that a file is by virtue of its path or exports: Next.js routes and actions, Remix /
 * React Router route modules (`loader` answers GET, `action` the other methods, on the server), Lambda.
 */
function exportedHandlers(doc: SourceDoc, out: HandlerSite[]): void {
  const sf = doc.sourceFile;
  const p = doc.path;
  const apiRoute = /\/pages\/api\/(.+)\.[cm]?[jt]sx?$/.exec(p);
  const appRoute = /\/app\/(?:(.*)\/)?route\.[cm]?[jt]sx?$/.exec(p);
  const routeModule = /\/app\/routes\/(.+)$/.exec(p);
  const serverActions = directives(sf.statements).includes('use server');
  for (const s of sf.statements) {
    for (const { name, value } of exportsOf(s)) {
      let label: string | undefined;
      let framework: Framework = 'next';
      if (apiRoute && name === 'default') label = `API route /api/${apiRoute[1]!.replace(/\/index$|^index$/, '')}`.replace(/\/$/, '');
      else if (appRoute && nextRouteExports.has(name)) label = `${name} /${appRoute[1] ?? ''}`;
      else if (routeModule && (name === 'loader' || name === 'action')) {
        label = `${name} ${routeModulePath(routeModule[1]!)}`;
        framework = 'remix';
      } else if (serverActions && name !== 'default' && !/^[A-Z]/.test(name)) label = `server action ${name}`;
      else if (name === 'handler' && !apiRoute) {
        label = 'Lambda handler';
        framework = 'lambda';
      }
      if (label === undefined) continue;
      if (ts.isFunctionDeclaration(value)) out.push({ framework, label, fn: value });
      else pushHandlerArg(value, framework, label, out, false);
    }
  }
}

/** Exported values of one top-level statement, ESM or CommonJS. */
function exportsOf(s: ts.Statement): { name: string; value: ts.Expression | ts.FunctionDeclaration }[] {
  if (ts.isFunctionDeclaration(s) && hasExport(s) && s.body) {
    return [{ name: hasDefault(s) ? 'default' : s.name?.text ?? '', value: s }];
  }
  if (ts.isVariableStatement(s) && hasExport(s)) {
    return s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) && d.initializer ? [{ name: d.name.text, value: d.initializer }] : []));
  }
  if (ts.isExportAssignment(s) && !s.isExportEquals) return [{ name: 'default', value: s.expression }];
  if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = s.expression.left;
    if (ts.isPropertyAccessExpression(left)) {
      const obj = left.expression;
      const isExports = ts.isIdentifier(obj) && obj.text === 'exports';
      const isModuleExports = ts.isPropertyAccessExpression(obj) && ts.isIdentifier(obj.expression) && obj.expression.text === 'module' && obj.name.text === 'exports';
      if (isExports || isModuleExports) return [{ name: left.name.text, value: s.expression.right }];
    }
  }
  return [];
}
