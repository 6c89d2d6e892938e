/**
 * Iterations around a node: the loops and per-item callbacks (`forEach`, `map`, `reduce` …) a call
 * runs in, which names hold the current item, and whether a call depends on that item. Used by
 * n-plus-one; nothing here knows about databases.
 */
import ts from 'typescript';
import { propertyNameText, skipOuterExpressions } from './bindings';

export type IterationKind = 'for' | 'for-of' | 'for-in' | 'for-await' | 'while' | 'callback';

export interface Iteration {
  kind: IterationKind;
  /** The loop statement, or the callback function. */
  node: ts.Node;
  /** The part that runs once per item: the loop body, or the callback's body. */
  body: ts.Node;
  /** What is iterated: `orders` in `for (const o of orders)` / `orders.map(…)` / `i < orders.length`. */
  collection?: ts.Expression;
  /** The iteration method for callbacks: 'map', 'forEach', 'reduce' … */
  method?: string;
  /** Names bound to the current item (or its index). */
  items: Set<string>;
  /** Callbacks that run all items at once (map/forEach/flatMap/filter): their calls overlap. */
  concurrent: boolean;
  /** A `map` whose promises go to `Promise.all` / `allSettled` (directly or through a variable), or to Prisma's batch `$transaction([…])`. */
  inPromiseAll: boolean;
  /** What gathers them when `inPromiseAll`: 'Promise.all' (or allSettled …) or '$transaction'. */
  gatheredBy?: string;
}

const itemFirst = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
const itemSecond = new Set(['reduce', 'reduceRight']);
/** Methods whose callbacks start every item without waiting for the previous one. */
const concurrentMethods = new Set(['forEach', 'map', 'flatMap', 'filter']);
/** Queue consumption inside a `while`: `const job = queue.shift()`. */
const takeMethods = new Set(['shift', 'pop', 'dequeue', 'poll']);

function isFunctionExpr(n: ts.Node): n is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(n) || ts.isFunctionExpression(n);
}

/**
 * The iterations around `node` inside its function, innermost first. The walk crosses callbacks
 * handed to other calls (`$transaction(async (tx) => …)` runs per outer item too) and stops at
 * any other function boundary.
 */
export function iterationsAround(node: ts.Node): Iteration[] {
  const out: Iteration[] = [];
  let child: ts.Node = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (ts.isForStatement(p)) {
      if (child === p.statement || child === p.condition || child === p.incrementor) {
        const it = forLoop(p);
        if (it) out.push(it);
      }
    } else if (ts.isForOfStatement(p) || ts.isForInStatement(p)) {
      if (child === p.statement) out.push(forOfLoop(p));
    } else if (ts.isWhileStatement(p) || ts.isDoStatement(p)) {
      if (child === p.statement) {
        const it = whileLoop(p);
        if (it) out.push(it);
      }
    } else if (isFunctionExpr(p)) {
      const call = p.parent;
      if (!call || !ts.isCallExpression(call) || !call.arguments.includes(p)) break;
      // `router.get(route.path, handler)` in a loop registers handlers; they run per request, not per item.
      if (registersForLater(call)) break;
      const it = callbackIteration(call, p) ?? libraryIteration(call, p);
      if (it) out.push(it);
    } else if (ts.isFunctionLike(p) || ts.isClassLike(p) || ts.isSourceFile(p)) {
      break;
    }
  }
  return out;
}

/**
 * Whether `iterationsAround(node)` can find anything: a loop, or a callback handed to a call
 * that does not register it for later, around the node inside its function. The same walk
 * without building iterations, and it reads only the node's ancestors: a cheap test a caller
 * can keep per top-level statement (analysis/tree-nodes `nodesOfKindWhere`).
 */
export function mayIterate(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) return true;
    if (isFunctionExpr(p)) {
      const call = p.parent;
      return !!call && ts.isCallExpression(call) && call.arguments.includes(p) && !registersForLater(call);
    }
    if (ts.isFunctionLike(p) || ts.isClassLike(p) || ts.isSourceFile(p)) return false;
  }
  return false;
}

/** Routes, event listeners, timers, schedulers: the callback runs later, not once per item now. */
const registrations = /^(get|post|put|patch|delete|del|all|head|options|use|route|on|once|addListener|addEventListener|prependListener|subscribe|setTimeout|setInterval|setImmediate|nextTick|queueMicrotask|register|handle|command|action|task|job|process|schedule|cron|define|listen|hook|addHook|watch|useEffect|useCallback|useMemo|useQuery)$/;

function registersForLater(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return registrations.test(name);
}

function declaredNames(name: ts.BindingName, into: Set<string>): Set<string> {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) declaredNames(el.name, into);
  return into;
}

function forOfLoop(p: ts.ForOfStatement | ts.ForInStatement): Iteration {
  const items = new Set<string>();
  const init = p.initializer;
  if (ts.isVariableDeclarationList(init)) for (const d of init.declarations) declaredNames(d.name, items);
  else if (ts.isIdentifier(init)) items.add(init.text);
  const kind: IterationKind = ts.isForInStatement(p) ? 'for-in' : p.awaitModifier ? 'for-await' : 'for-of';
  return { kind, node: p, body: p.statement, collection: p.expression, items, concurrent: false, inPromiseAll: false };
}

/** `for (let i = 0; i < orders.length; i++)`: the index is the item. */
function forLoop(p: ts.ForStatement): Iteration | undefined {
  const items = new Set<string>();
  if (p.initializer && ts.isVariableDeclarationList(p.initializer)) for (const d of p.initializer.declarations) declaredNames(d.name, items);
  else if (p.initializer && ts.isBinaryExpression(p.initializer) && ts.isIdentifier(p.initializer.left)) items.add(p.initializer.left.text);
  let collection: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (!collection && ts.isPropertyAccessExpression(n) && (n.name.text === 'length' || n.name.text === 'size')) collection = n.expression;
    ts.forEachChild(n, visit);
  };
  if (p.condition) visit(p.condition);
  // `for (let i = 0, n = rows.length; i !== n; ++i)`: the bound is read once, in the initializer.
  if (!collection && p.initializer && ts.isVariableDeclarationList(p.initializer)) for (const d of p.initializer.declarations) if (d.initializer && p.condition && ts.isIdentifier(d.name) && readsIn(p.condition).has(d.name.text)) visit(d.initializer);
  // A counter without a collection (`attempt < 5`, `page <= pages`) is a retry or a page loop, not items.
  if (items.size === 0 || !collection) return undefined;
  return { kind: 'for', node: p, body: p.statement, collection, items, concurrent: false, inPromiseAll: false };
}

/** `i += 1000`, `i += batchSize`, `i = i + chunk`: a counter that moves a batch at a time. */
function stepsByMoreThanOne(inc: ts.Expression): boolean {
  const e = skipOuterExpressions(inc);
  if (!ts.isBinaryExpression(e)) return false;
  const step =
    e.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken
      ? e.right
      : e.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isBinaryExpression(skipOuterExpressions(e.right)) && (skipOuterExpressions(e.right) as ts.BinaryExpression).operatorToken.kind === ts.SyntaxKind.PlusToken
        ? (skipOuterExpressions(e.right) as ts.BinaryExpression).right
        : undefined;
  if (!step) return false;
  // A literal step of a few (`i += 2` over key/value pairs) still handles an item or two per pass.
  const s = skipOuterExpressions(step);
  return ts.isNumericLiteral(s) ? Number(s.text) >= 10 : true;
}

/**
 * Per loop node: the answer depends on the loop's own body only, and every call inside the loop
 * asks again; without this a large while loop was walked once per call in it (lodash's sources:
 * over a second of a full scan).
 */
const whileLoops = new WeakMap<ts.WhileStatement | ts.DoStatement, Iteration | null>();

/** A `while`/`do` loop counts when it takes items off a queue: `const job = queue.shift()`. */
function whileLoop(p: ts.WhileStatement | ts.DoStatement): Iteration | undefined {
  let it = whileLoops.get(p);
  if (it === undefined) {
    it = queueLoop(p) ?? null;
    whileLoops.set(p, it);
  }
  return it ?? undefined;
}

function queueLoop(p: ts.WhileStatement | ts.DoStatement): Iteration | undefined {
  const items = new Set<string>();
  let collection: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (isFunctionExpr(n) || ts.isFunctionDeclaration(n)) return;
    if (ts.isVariableDeclaration(n) && n.initializer) {
      const init = skipOuterExpressions(n.initializer);
      if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && takeMethods.has(init.expression.name.text)) {
        declaredNames(n.name, items);
        collection ??= init.expression.expression;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(p.statement);
  if (items.size === 0) return undefined;
  return { kind: 'while', node: p, body: p.statement, ...(collection ? { collection } : {}), items, concurrent: false, inPromiseAll: false };
}

function callbackIteration(call: ts.CallExpression, fn: ts.ArrowFunction | ts.FunctionExpression): Iteration | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || call.arguments[0] !== fn) return undefined;
  const method = callee.name.text;
  const index = itemFirst.has(method) ? 0 : itemSecond.has(method) ? 1 : -1;
  if (index < 0) return undefined;
  const items = new Set<string>();
  const param = fn.parameters[index];
  if (param) declaredNames(param.name, items);
  // The index parameter counts too: `ids.map((_, i) => load(ids[i]))`.
  const indexParam = fn.parameters[index + 1];
  if (indexParam) declaredNames(indexParam.name, items);
  if (items.size === 0) return undefined;
  return {
    kind: 'callback',
    node: fn,
    body: fn.body,
    collection: callee.expression,
    method,
    items,
    concurrent: concurrentMethods.has(method),
    ...gathered(method === 'map' || method === 'flatMap' ? (feedsPromiseAll(call) ?? (isAsync(fn) ? handedOnWhole(call) : undefined)) : undefined),
  };
}

/**
 * `domains.forEach(cache.removeDomain)`, `Promise.all(items.map(present))`: a named function handed
 * to a per-item method runs once per element, with the element as its first argument. The
 * iteration's node is the method call; its body is the reference (what runs per item is the
 * function it names, which the caller resolves).
 */
export function referenceCallbackIteration(call: ts.CallExpression): Iteration | undefined {
  const mapper = call.arguments.length >= 2 ? skipOuterExpressions(mapperArgument(call)!) : undefined;
  if (mapper && (ts.isIdentifier(mapper) || ts.isPropertyAccessExpression(mapper)) && libraryIteratorName(call)) return libraryIteration(call, mapper);
  const callee = skipOuterExpressions(call.expression);
  const ref = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  if (!ts.isPropertyAccessExpression(callee) || !ref || !(ts.isIdentifier(ref) || ts.isPropertyAccessExpression(ref))) return undefined;
  const method = callee.name.text;
  // Only the methods that run the function for its effect or its result per element; a predicate
  // handed to `filter` / `find` is a test, not work per item.
  if (!concurrentMethods.has(method) || method === 'filter') return undefined;
  return {
    kind: 'callback',
    node: call,
    body: ref,
    collection: callee.expression,
    method,
    items: new Set(),
    concurrent: true,
    ...gathered(method === 'map' || method === 'flatMap' ? feedsPromiseAll(call) : undefined),
  };
}

/**
 * Iteration helpers of libraries, called with the collection first and the function last:
 * async (`async.eachLimit(uids, 3, fn)`), bluebird (`Promise.map(items, fn)`), lodash
 * (`_.forEach(rows, fn)`), p-map (`pMap(ids, fn)`). Those that wait for each call before the
 * next (`eachSeries`, `mapSeries`, bluebird's `each`) are sequential; the others overlap and
 * gather their calls as `Promise.all` does (lodash's `forEach` and `map` only start them).
 */
const libraryIterators: Record<string, 'sequential' | 'gathered' | 'started'> = {
  eachSeries: 'sequential', mapSeries: 'sequential', forEachSeries: 'sequential', eachOfSeries: 'sequential', concatSeries: 'sequential',
  each: 'gathered', eachLimit: 'gathered', forEachLimit: 'gathered', map: 'gathered', mapLimit: 'gathered', eachOf: 'gathered', concat: 'gathered',
  pMap: 'gathered', forEach: 'started', flatMap: 'started',
};
const libraryObjects = /^(async|Promise|Bluebird|P|bluebird|_|lodash)$/;

/** Text a file must hold to call one of those helpers (`pMap(`, `async.eachLimit(`): a quick test before parsing. */
export const libraryIterationText = /\bpMap\s*\(|\b(async|Promise|Bluebird|P|bluebird|_|lodash)\.(each|map|forEach|concat|flatMap)\w*\s*\(/;

/** `async.eachLimit(uids, 3, fn)` → its iteration over `uids`, for `fn` (the last argument). */
function libraryIteration(call: ts.CallExpression, fn: ts.ArrowFunction | ts.FunctionExpression | ts.Identifier | ts.PropertyAccessExpression): Iteration | undefined {
  const name = libraryIteratorName(call);
  if (!name || call.arguments.length < 2 || skipOuterExpressions(mapperArgument(call)!) !== fn) return undefined;
  const method = name.slice(name.lastIndexOf('.') + 1);
  // bluebird's `Promise.each` waits for each call, async's `each` does not; lodash only starts them.
  const how = /^(_|lodash)\./.test(name) ? 'started' : /^(Promise|Bluebird|P|bluebird)\.each$/.test(name) ? 'sequential' : libraryIterators[method]!;
  const items = new Set<string>();
  const param = isFunctionExpr(fn) ? fn.parameters[0] : undefined;
  if (param) declaredNames(param.name, items);
  if (isFunctionExpr(fn) && items.size === 0) return undefined;
  return {
    kind: 'callback',
    node: isFunctionExpr(fn) ? fn : call,
    body: isFunctionExpr(fn) ? fn.body : fn,
    collection: call.arguments[0],
    method: name,
    items,
    concurrent: how !== 'sequential',
    ...gathered(how === 'gathered' ? name : how === 'started' && (method === 'map' || method === 'flatMap') ? feedsPromiseAll(call) : undefined),
  };
}

/**
 * The function an iteration helper calls per item: its last argument, or the one before an options
 * object (`pMap(items, fn, { concurrency: 5 })`, bluebird's `Promise.map(items, fn, { concurrency })`).
 */
function mapperArgument(call: ts.CallExpression): ts.Expression | undefined {
  const args = call.arguments;
  const last = args[args.length - 1];
  return last && ts.isObjectLiteralExpression(skipOuterExpressions(last)) && args.length >= 3 ? args[args.length - 2] : last;
}

/** `async.eachLimit`, `Promise.map`, `_.forEach`, `pMap`: the helper's name when the call is one. */
function libraryIteratorName(call: ts.CallExpression): string | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return callee.text === 'pMap' ? 'pMap' : undefined;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || !libraryObjects.test(callee.expression.text)) return undefined;
  const method = callee.name.text;
  if (!(method in libraryIterators) || method === 'pMap') return undefined;
  // `Promise.all` / `Promise.race` are not iterators; of `Promise`, only bluebird's map/each/mapSeries are.
  if (/^(Promise|Bluebird|P|bluebird)$/.test(callee.expression.text) && !/^(map|each|mapSeries)$/.test(method)) return undefined;
  if (/^(_|lodash)$/.test(callee.expression.text) && !/^(map|forEach|each|flatMap)$/.test(method)) return undefined;
  return `${callee.expression.text}.${method}`;
}

const promiseCombinators = new Set(['all', 'allSettled', 'any', 'race']);

function gathered(by: string | undefined): Pick<Iteration, 'inPromiseAll' | 'gatheredBy'> {
  return by ? { inPromiseAll: true, gatheredBy: by } : { inPromiseAll: false };
}

/**
 * `Promise.all(…)` and its siblings, or Prisma's batch transaction `prisma.$transaction([…])`
 * (its queries are sent together and run in one transaction): what gathers a map's promises.
 */
function combinatorName(call: ts.Node): string | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const c = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(c)) return undefined;
  if (ts.isIdentifier(c.expression) && c.expression.text === 'Promise' && promiseCombinators.has(c.name.text)) return `Promise.${c.name.text}`;
  return c.name.text === '$transaction' ? '$transaction' : undefined;
}

/**
 * `Promise.all(xs.map(…))`, `Promise.all([...xs.map(…)])`, `Promise.all(post.media?.map(…) || [])`,
 * or `const ps = xs.map(…); await Promise.all(ps)`: the gatherer's name.
 */
function feedsPromiseAll(mapCall: ts.CallExpression): string | undefined {
  let n: ts.Node = mapCall;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isSpreadElement(n.parent) || ts.isArrayLiteralExpression(n.parent) || ts.isAsExpression(n.parent) || isFallbackOperand(n))) n = n.parent;
  const direct = n.parent && combinatorName(n.parent);
  if (direct) return direct;
  if (n.parent && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) {
    const name = n.parent.name.text;
    const scope = ts.findAncestor(n.parent, (x) => ts.isBlock(x) || ts.isSourceFile(x));
    return scope && gathererOf(scope, name);
  }
  return undefined;
}

function isAsync(fn: ts.FunctionLikeDeclaration): boolean {
  return ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

/**
 * `const ps = ids.map(async (id) => …); await firstSatisfies(ps, isMatch)`: an async callback's
 * promises all start as `map` runs, and the array is handed on whole; the name of the call it is
 * handed to.
 */
function handedOnWhole(mapCall: ts.CallExpression): string | undefined {
  let n: ts.Node = mapCall;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent))) n = n.parent;
  if (!n.parent || !ts.isVariableDeclaration(n.parent) || !ts.isIdentifier(n.parent.name)) return undefined;
  const name = n.parent.name.text;
  const scope = ts.findAncestor(n.parent, (x) => ts.isBlock(x) || ts.isSourceFile(x));
  let found: string | undefined;
  const visit = (x: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(x) && x.arguments.some((a) => ts.isIdentifier(skipOuterExpressions(a)) && (skipOuterExpressions(a) as ts.Identifier).text === name)) {
      const callee = skipOuterExpressions(x.expression);
      found = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    }
    ts.forEachChild(x, visit);
  };
  if (scope) visit(scope);
  return found;
}

/** `xs?.map(…) || []`, `xs?.map(…) ?? []`, `cond ? xs.map(…) : []`: the array the map makes, or another in its place. */
function isFallbackOperand(n: ts.Node): boolean {
  const p = n.parent;
  if (ts.isConditionalExpression(p)) return n !== p.condition;
  return ts.isBinaryExpression(p) && (p.operatorToken.kind === ts.SyntaxKind.BarBarToken || p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken);
}

/** The combinator in `scope` handed the array `name` (`await Promise.all(ps)`), by its name. */
function gathererOf(scope: ts.Node, name: string): string | undefined {
  let found: string | undefined;
  const visit = (x: ts.Node): void => {
    if (found) return;
    const by = combinatorName(x);
    if (by && (x as ts.CallExpression).arguments.some((a) => ts.isIdentifier(skipOuterExpressions(a)) && (skipOuterExpressions(a) as ts.Identifier).text === name)) found = by;
    ts.forEachChild(x, visit);
  };
  visit(scope);
  return found;
}

/**
 * `updates.push(updateConnection(edge))` in a loop, then `await Promise.all(updates)`: each
 * promise is started and kept, and the combinator waits for all of them together, as
 * `Promise.all(items.map(…))` does. The gatherer's name, found in the block declaring the array.
 */
export function pushedForGathering(call: ts.Node): string | undefined {
  const push = call.parent;
  if (!push || !ts.isCallExpression(push) || !push.arguments.includes(call as ts.Expression)) return undefined;
  const callee = skipOuterExpressions(push.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'push') return undefined;
  const array = skipOuterExpressions(callee.expression);
  if (!ts.isIdentifier(array)) return undefined;
  for (let scope: ts.Node | undefined = push.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    const declares = scope.statements.some((st) => ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === array.text));
    if (declares) return gathererOf(scope, array.text);
  }
  return undefined;
}

/** Identifiers read in an expression (property names and object keys are not reads). */
export function readsIn(n: ts.Node, into: Set<string> = new Set()): Set<string> {
  const visit = (x: ts.Node): void => {
    if (ts.isIdentifier(x)) {
      const p = x.parent;
      const isName =
        (p && ts.isPropertyAccessExpression(p) && p.name === x) ||
        (p && ts.isPropertyAssignment(p) && p.name === x) ||
        (p && (ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === x);
      if (!isName) into.add(x.text);
      return;
    }
    if (ts.isShorthandPropertyAssignment(x)) {
      into.add(x.name.text);
      return;
    }
    ts.forEachChild(x, visit);
  };
  visit(n);
  return into;
}

/**
 * Names that carry the current item inside an iteration's body: the item itself and every local
 * declared from an expression that reads one of them (`const id = order.customerId`).
 */
export function itemDerivedNames(it: Iteration): ReadonlySet<string> {
  // Asked for every call in the body: computed once per body (a node the incremental parser
  // keeps has the same text, so the answer holds across edits elsewhere) and items.
  const items = [...it.items].join('\0');
  const known = derivedNames.get(it.body);
  if (known?.items === items) return known.names;
  const names = computeItemDerivedNames(it);
  derivedNames.set(it.body, { items, names });
  return names;
}

const derivedNames = new WeakMap<ts.Node, { items: string; names: ReadonlySet<string> }>();

function computeItemDerivedNames(it: Iteration): Set<string> {
  const tainted = new Set(it.items);
  /** Names and the expression whose value they take: declarations, and `bean.monitorId = monitor.id` (a field filled from the item). */
  const flows: { names: Set<string>; from: ts.Node }[] = [];
  /** Names declared in the body: values made once per item. */
  const madeHere = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n)) declaredNames(n.name, madeHere);
    if (ts.isVariableDeclaration(n) && n.initializer) flows.push({ names: declaredNames(n.name, new Set()), from: n.initializer });
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && (ts.isPropertyAccessExpression(n.left) || ts.isElementAccessExpression(n.left))) {
      let root: ts.Expression = n.left;
      while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
      if (ts.isIdentifier(root)) flows.push({ names: new Set([root.text]), from: n.right });
    }
    // `let groupBean; if (group.id) groupBean = await R.findOne('group', 'id = ?', [group.id]); else …`.
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left)) flows.push({ names: new Set([n.left.text]), from: n.right });
    // `query.where('slot.id = :id', { id })` as a statement, on a query builder made in this body: the
    // builder is filled from the item (a list declared outside the loop, `batch.push(item)`, is not).
    if (ts.isExpressionStatement(n) && ts.isCallExpression(skipOuterExpressions(n.expression))) {
      let root: ts.Expression = skipOuterExpressions(n.expression);
      while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root)) root = skipOuterExpressions(root.expression);
      if (ts.isIdentifier(root) && root !== skipOuterExpressions((n.expression as ts.CallExpression).expression)) pending.push({ root: root.text, from: n.expression });
    }
    ts.forEachChild(n, visit);
  };
  const pending: { root: string; from: ts.Node }[] = [];
  visit(it.body);
  for (const p of pending) if (madeHere.has(p.root)) flows.push({ names: new Set([p.root]), from: p.from });
  for (let round = 0; round < 3; round++) {
    let grew = false;
    for (const d of flows) {
      const reads = readsIn(d.from);
      if ([...reads].some((r) => tainted.has(r))) {
        const before = tainted.size;
        for (const name of d.names) tainted.add(name);
        if (tainted.size > before) grew = true;
      }
    }
    if (!grew) break;
  }
  return tainted;
}

/** Whether `expr` reads any of `names`. */
export function readsAny(expr: ts.Node, names: ReadonlySet<string>): boolean {
  for (const r of readsIn(expr)) if (names.has(r)) return true;
  return false;
}

/** The arguments of every call in a chain: `knex('users').where({ id }).first()`. */
export function chainArguments(node: ts.Expression): ts.Node[] {
  const out: ts.Node[] = [];
  let e: ts.Expression = node;
  for (let i = 0; i < 30; i++) {
    e = skipOuterExpressions(e);
    if (ts.isCallExpression(e)) {
      out.push(...e.arguments);
      e = e.expression;
    } else if (ts.isTaggedTemplateExpression(e)) {
      out.push(e.template);
      e = e.tag;
    } else if (ts.isPropertyAccessExpression(e)) {
      e = e.expression;
    } else if (ts.isElementAccessExpression(e)) {
      out.push(e.argumentExpression);
      e = e.expression;
    } else {
      // The receiver itself: `post.getComments()` depends on `post`.
      out.push(e);
      break;
    }
  }
  return out;
}

/** A literal array of at most `max` items (`['a', 'b']`), directly or through a `const`. */
export function isSmallLiteralCollection(collection: ts.Expression | undefined, max = 3): boolean {
  if (!collection) return false;
  let e = skipOuterExpressions(collection);
  if (ts.isIdentifier(e)) {
    const decl = constInitializer(e);
    if (!decl) return false;
    const init = skipOuterExpressions(decl);
    // `const created = []; … created.push(post)`: a list filled as the code runs is as long as its input.
    if (ts.isArrayLiteralExpression(init) && isFilledLater(e)) return false;
    e = init;
  }
  // Object.keys({ a, b }) / Object.entries(CONST)
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'Object') {
    const arg = e.arguments[0] && skipOuterExpressions(e.arguments[0]);
    const obj = arg && ts.isIdentifier(arg) ? constInitializer(arg) : arg;
    return !!obj && ts.isObjectLiteralExpression(skipOuterExpressions(obj)) && (skipOuterExpressions(obj) as ts.ObjectLiteralExpression).properties.length <= max;
  }
  if (!ts.isArrayLiteralExpression(e) || e.elements.some(ts.isSpreadElement)) return false;
  // A fixed set of constants (`['Error', 'Finished', 'Running', 'Waiting']`): as many calls on every
  // run, whatever the data holds, so no N grows with the tables.
  return e.elements.length <= (e.elements.every(isConstantElement) ? Math.max(max, fixedSetMax) : max);
}

/** Constants a list can name: how long a loop over them runs is written in the code. */
const fixedSetMax = 8;

function isConstantElement(el: ts.Expression): boolean {
  const e = skipOuterExpressions(el);
  return ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword;
}

const fillingMethods = new Set(['push', 'unshift', 'splice']);

/** Whether the array an identifier names gets elements added (`name.push(…)`) in its function or module. */
function isFilledLater(id: ts.Identifier): boolean {
  const scope = ts.findAncestor(id.parent, (n) => ts.isFunctionLike(n) || ts.isSourceFile(n));
  let filled = false;
  const visit = (n: ts.Node): void => {
    if (filled) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && fillingMethods.has(n.expression.name.text)) {
      const target = skipOuterExpressions(n.expression.expression);
      if (ts.isIdentifier(target) && target.text === id.text) filled = true;
    }
    ts.forEachChild(n, visit);
  };
  if (scope) ts.forEachChild(scope, visit);
  return filled;
}

/** The initializer of the `const` (or, with `anyKind`, `let`/`var`) an identifier names in an enclosing block. */
export function constInitializer(id: ts.Identifier, anyKind = false): ts.Expression | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isBlock(n) || ts.isSourceFile(n)) {
      for (const s of n.statements) {
        if (!ts.isVariableStatement(s) || (!anyKind && !(s.declarationList.flags & ts.NodeFlags.Const))) continue;
        for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === id.text) return d.initializer;
      }
    }
  }
  return undefined;
}

/** `in: ids`, `$in: ids`, `In(ids)`, `whereIn('id', ids)`, `inArray(col, ids)`: the item is already a batch. */
export function usedAsBatch(args: ts.Node[], names: ReadonlySet<string>): boolean {
  let batch = false;
  const visit = (n: ts.Node): void => {
    if (batch) return;
    if (ts.isIdentifier(n) && names.has(n.text)) {
      let p = n.parent;
      while (p && (ts.isPropertyAccessExpression(p) || ts.isNonNullExpression(p) || ts.isParenthesizedExpression(p))) p = p.parent;
      if (p && ts.isPropertyAssignment(p)) {
        const key = ts.isComputedPropertyName(p.name) ? p.name.expression.getText() : propertyNameText(p.name);
        if (key && /^(\$?in|notIn|\$nin|hasSome|hasEvery|Op\.in|Op\.notIn)$/.test(key)) batch = true;
      }
      if (p && ts.isCallExpression(p)) {
        const callee = skipOuterExpressions(p.expression);
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        if (/^(In|whereIn|whereNotIn|orWhereIn|inArray|notInArray|findByIds|loadMany|mget|mGet|hmget|hmGet)$/.test(name)) batch = true;
      }
    }
    ts.forEachChild(n, visit);
  };
  for (const a of args) visit(a);
  return batch;
}

/**
 * `chunk(users, 100)`, `_.chunk(…)`, `batches`, `pages`, a counter stepping a batch at a time: loops over groups, not items. A name like
 * `groups` alone is not enough: user groups and teams are items like any other rows.
 */
export function isBatchedCollection(it: Iteration, args: readonly ts.Node[] = []): boolean {
  // `for (let i = 0; i < ids.length; i += batchSize)`: each pass takes a slice of the collection.
  if (ts.isForStatement(it.node) && it.node.incrementor && stepsByMoreThanOne(it.node.incrementor)) return true;
  const c = it.collection && skipOuterExpressions(it.collection);
  // `const chunkedIds = this.chunkArray(ids, 500); for (const chunk of chunkedIds)`: the call that made the collection.
  const init = c && ts.isIdentifier(c) ? constInitializer(c) : undefined;
  const made = init ? skipOuterExpressions(init) : c;
  if (made && ts.isCallExpression(made)) {
    const callee = skipOuterExpressions(made.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (/chunk|batch|partition|splitEvery|inGroupsOf|paginate/i.test(name)) return true;
  }
  // By name alone, unless the call reads a field of the item: `page.id` is a wiki page or a CMS
  // page (a record), where a page of results would be handed on whole.
  if (args.some((a) => readsItemField(a, it.items))) return false;
  const lastName = c && (ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : '');
  // `statusPages`, `landingPages` name records of a kind of page; only a bare `pages` may be pages of results.
  if (lastName && /^(chunks|batches|pages)$|Chunks$|Batches$/.test(lastName)) return true;
  return [...it.items].some((n) => /^(chunk|batch|page|slice)$|Chunk$|Batch$/.test(n));
}

/** Members an array has: reading one of a batch (`page.length`) does not make it a record. */
const arrayMembers = new Set(['length', 'map', 'filter', 'forEach', 'slice', 'flatMap', 'reduce', 'some', 'every', 'find', 'includes', 'join', 'at', 'entries', 'keys', 'values']);

/** Whether `n` reads a property of an item (`page.id`, `page.title`) other than an array member. */
function readsItemField(n: ts.Node, items: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (x: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(x) && ts.isIdentifier(x.expression) && items.has(x.expression.text) && !arrayMembers.has(x.name.text)) found = true;
    else ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

/**
 * The loop ends early on a result: the call is returned from inside the loop, or its value (or a
 * value computed from it) is or feeds the test of an `if` that returns or breaks (first mirror that answers, first
 * free slot, the first account whose token opens the file). Throwing on a
 * missing row is not an early exit: the loop still queries every item when all is well.
 */
export function exitsOnResult(it: Iteration, call: ts.Node): boolean {
  if (it.kind === 'callback') return false;
  let n: ts.Node = call;
  // The names the result is kept in: `const row = await …`, or `record = await …` into a variable declared before.
  let holder: Set<string> | undefined;
  for (let p = call.parent; p && p !== it.body; n = p, p = p.parent) {
    if (ts.isReturnStatement(p)) return true;
    if (ts.isVariableDeclaration(p) && p.initializer === n) holder = declaredNames(p.name, new Set());
    if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(p.left)) holder = new Set([p.left.text]);
    if (ts.isFunctionLike(p)) return false;
    // `if (!(await isReady(item))) return pending;`: the result is the exit test itself.
    if (ts.isIfStatement(p) && p.expression === n) return exitTests(it).includes(p.expression);
    if (!ts.isExpression(p) && !ts.isVariableDeclaration(p) && !ts.isVariableDeclarationList(p)) break;
  }
  if (returnsRightAfter(it, call)) return true;
  if (!holder) return false;
  const tests = exitTests(it);
  if (tests.length === 0) return false;
  // What the result flows into counts too: `const token = await refresh(account); const res = await
  // fetch(url, { headers: auth(token) }); if (res.ok) return …` tries accounts until one answers.
  const result = computeItemDerivedNames({ ...it, items: holder });
  return tests.some((t) => readsAny(t, result));
}

const loopExitTests = new WeakMap<ts.Node, ts.Expression[]>();

/**
 * The conditions on which a loop ends early, once per loop: `if` tests whose branch returns or
 * breaks (not to pass an error on), and a `while` loop's own condition. Most loops have none, and
 * then no result needs tracing.
 */
function exitTests(it: Iteration): ts.Expression[] {
  let tests = loopExitTests.get(it.body);
  if (tests) return tests;
  const found: ts.Expression[] = [];
  const visit = (x: ts.Node): void => {
    if (x !== it.body && ts.isFunctionLike(x)) return;
    if (ts.isIfStatement(x) && leavesLoop(x.thenStatement) && !passesFailureOn(x)) found.push(x.expression);
    ts.forEachChild(x, visit);
  };
  visit(it.body);
  if (ts.isWhileStatement(it.node) || ts.isDoStatement(it.node)) found.push(it.node.expression);
  loopExitTests.set(it.body, (tests = found));
  return tests;
}

/**
 * `await em.removeAndFlush(slot); return slot;`, `if (stock < wanted) { await loadStock(line); return
 * new InsufficientStock(…); }`: a block holding the call ends by leaving the loop (return, throw,
 * break), so the loop makes the call at most once, whatever the result.
 */
function returnsRightAfter(it: Iteration, call: ts.Node): boolean {
  for (let n: ts.Node = call, p = call.parent; p && n !== it.body; n = p, p = p.parent) {
    if (ts.isFunctionLike(p)) return false;
    const list = ts.isBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) ? p.statements : undefined;
    const last = list?.[list.length - 1];
    if (!last || last === n) continue;
    if (ts.isReturnStatement(last) || ts.isThrowStatement(last) || (ts.isBreakStatement(last) && !last.label && breakTarget(last) === it.node)) return true;
  }
  return false;
}

/** The loop or switch an unlabelled `break` leaves. */
function breakTarget(b: ts.BreakStatement): ts.Node | undefined {
  return ts.findAncestor(b.parent, (x) => ts.isIterationStatement(x, false) || ts.isSwitchStatement(x) || ts.isFunctionLike(x));
}

/** Tests that say a result failed (`E.isLeft(r)`, `r.error`, `!res.ok`), and returns that pass an error on (`return E.left(…)`). */
const failureTest = /\b(isLeft|isErr|isError|isFailure|isFailed)\b|\.(error|err|errors)\b|!\s*[\w.]+\.(ok|success)\b/;
const failureReturn = /^return\s+(await\s+)?([\w.]*\b(left|err|Err|failure|fail|error))\s*\(|^return\s+new\s+[\w.]*(Error|Exception|Failure)\s*[(<]|^return\s+(false|true)\s*;?$/;

/**
 * `if (E.isLeft(result)) return E.left(result.left)`, `if (stock < wanted) { …; return new
 * InsufficientStockError(…); }`: the loop leaves only when a call failed, passing the failure on
 * as a return value instead of throwing it. When all is well it still runs every item, as a loop
 * that throws does: not an early exit on the result. So is an all/any check (`if (!(await
 * canAccess(channel))) return false`, `if (await isOwner(user, noteId)) return true`): in the usual
 * case it asks about every item, and one query over all of them would answer it.
 */
function passesFailureOn(x: ts.IfStatement): boolean {
  if (failureTest.test(x.expression.getText())) return true;
  const then = ts.isBlock(x.thenStatement) ? x.thenStatement.statements[x.thenStatement.statements.length - 1] : x.thenStatement;
  if (!then || !ts.isReturnStatement(then)) return false;
  const text = then.getText();
  return failureReturn.test(text) || errorResponse.test(text);
}

/**
 * `return res.badRequest(\`file[\${i}]: filename already exists\`)`, `return res.status(409).json(…)`,
 * `return NextResponse.json({ … }, { status: 400 })`: a request handler rejecting the request, as
 * a throw would. A loop validating each item still queries every item when the request is good.
 */
const errorResponse = /^return\s+(await\s+)?[\w.]*\b(res|reply|response|ctx)\.(status|code)\(\s*4\d\d\b|^return\s+(await\s+)?[\w.]*\b(res|reply|response)\.(badRequest|notFound|forbidden|unauthorized|conflict|unprocessable\w*|sendStatus\(\s*4\d\d)\b|\bstatus:\s*4\d\d\b/;

function leavesLoop(s: ts.Node): boolean {
  let found = false;
  const visit = (x: ts.Node): void => {
    if (found || ts.isFunctionLike(x) || ts.isIterationStatement(x, false)) return;
    if (ts.isReturnStatement(x) || (ts.isBreakStatement(x) && !x.label)) found = true;
    ts.forEachChild(x, visit);
  };
  visit(s);
  return found;
}

/**
 * Each iteration needs the previous one's result: a variable declared outside the loop, read by
 * the call, is reassigned inside the loop from a result awaited there (cursor pagination,
 * parent-before-child inserts that pass the new row's id on).
 */
export function dependsOnPreviousIteration(it: Iteration, args: ts.Node[]): boolean {
  const awaitedInLoop = new Set<string>();
  const carried = new Map<string, ts.Expression[]>();
  // What the loop's own variables are computed from: `const q = { id: oldRow[ref] }` reads `oldRow`.
  const derivedFrom = new Map<string, ts.Expression>();
  // `let groupBean;` in the body starts afresh on every pass: nothing of the previous one is carried in it.
  const declaredInBody = new Set<string>();
  const visit = (x: ts.Node): void => {
    if (ts.isVariableDeclaration(x)) declaredNames(x.name, declaredInBody);
    if (ts.isVariableDeclaration(x) && x.initializer && ts.isIdentifier(x.name)) derivedFrom.set(x.name.text, x.initializer);
    if (ts.isVariableDeclaration(x) && x.initializer && containsAwait(x.initializer)) declaredNames(x.name, awaitedInLoop);
    if (ts.isBinaryExpression(x) && isAssignment(x.operatorToken.kind) && ts.isIdentifier(x.left)) {
      const list = carried.get(x.left.text) ?? [];
      list.push(x.right);
      carried.set(x.left.text, list);
    }
    ts.forEachChild(x, visit);
  };
  visit(it.body);
  if (carried.size === 0) return false;
  const reads = new Set<string>();
  for (const a of args) readsIn(a, reads);
  // Through the loop's variables, a few steps: the argument may be built from the carried value.
  for (let step = 0; step < 3; step++) {
    const before = reads.size;
    for (const name of [...reads]) {
      const init = derivedFrom.get(name);
      if (init) readsIn(init, reads);
    }
    if (reads.size === before) break;
  }
  for (const [name, rhss] of carried) {
    if (!reads.has(name) || it.items.has(name) || declaredInBody.has(name)) continue;
    if (rhss.some((r) => containsAwait(r) || readsAny(r, awaitedInLoop))) return true;
  }
  return false;
}

function containsAwait(n: ts.Node): boolean {
  let found = false;
  const visit = (x: ts.Node): void => {
    if (found || ts.isFunctionLike(x)) return;
    if (ts.isAwaitExpression(x)) found = true;
    ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

function isAssignment(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

/**
 * A loop inside a transaction callback that the user marked with a comment saying why it runs one
 * by one (`// in order: each step needs the previous row`, `// sequential: avoids a deadlock`).
 * A comment that only names the step (`// 5. Loop over all noteIds from category 3b`) marks nothing.
 */
const orderReason = /\b(in order|order(ed|ing)?|sequential(ly)?|one (at a time|by one|after another)|serial(ly|i[sz]ed)?|must|lock(s|ed|ing)?|constraint|deadlocks?)\b/i;

/**
 * Outside a transaction the comment must say the loop is serial on purpose (`// serial to avoid
 * overloading`, `// one at a time to keep memory flat`); a word like "order" or "must" there is
 * more often about the data than about the loop.
 */
const serialReason = /\b(serial(ly)?|sequential(ly)?|one (at a time|by one|after another)|(avoid|not to) (overload|overwhelm|flood|hammer)\w*|rate.?limit\w*|throttl\w*)\b/i;

export function isMarkedSerialLoop(it: Iteration, sourceText: string): boolean {
  if (it.kind === 'callback') return false;
  const inTransaction = ts.findAncestor(it.node.parent, (x) => {
    if (!ts.isCallExpression(x)) return false;
    const c = skipOuterExpressions(x.expression);
    const name = ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? c.text : '';
    return /transaction/i.test(name);
  });
  const reason = inTransaction ? orderReason : serialReason;
  return (ts.getLeadingCommentRanges(sourceText, it.node.getFullStart()) ?? []).some((c) => reason.test(sourceText.slice(c.pos, c.end)));
}
