/**
 * Code that runs once per process although a request reaches it: a value cached after its first
 * computation (`if (cached) return cached; cached = readFileSync(…)`, `tpl ??= …`, a Map cache),
 * a "loaded"/"ready" flag, a lazy singleton, a memoised function (`@memoize`, `memoize(() => …)`,
 * `once(…)`). A blocking call there costs the first request only: it is start-up work done late,
 * not a per-request cost, so sync-in-handler neither reports nor follows such calls.
 */
import ts from 'typescript';
import { isMemoisedInit } from './blocking-apis';
import { bindingNameDeclares, skipOuterExpressions } from './bindings';

/** Names of wrappers and decorators that run a function once, or once per argument. */
const memoisers = /^(memoize|memoizee|memoizeOne|memoizeWith|memoise|mem|moize|once|onceAsync|lazy|cache|cached|Memoize|Memoise|Once|Cache|Cached|Lazy)$/;

const onceAnswers = new WeakMap<ts.Node, boolean>();

/** Whether `call`, written inside `fn`, runs only the first time (or first time per key) `fn` is called. */
export function runsOncePerProcess(call: ts.Node, fn: ts.FunctionLikeDeclaration | undefined): boolean {
  // Asked once per call and function a search enters; a tree's nodes are dropped with it.
  let answer = onceAnswers.get(call);
  if (answer === undefined) {
    answer = computeRunsOnce(call, fn);
    onceAnswers.set(call, answer);
  }
  return answer;
}

function computeRunsOnce(call: ts.Node, fn: ts.FunctionLikeDeclaration | undefined): boolean {
  if (ts.isCallExpression(call) && isMemoisedInit(call) && (!fn || assignsOuterState(call, fn))) return true;
  for (let n: ts.Node = call; n.parent && n !== fn; n = n.parent) {
    // `if (!loaded) { …; loaded = true }`, `if (!cache.has(k)) { cache.set(k, read(k)) }`
    const p = n.parent;
    if (ts.isIfStatement(p) && p.thenStatement === n && fn && guardsFirstRun(p.expression, p.thenStatement, fn)) return true;
    // `if (cache[k]) { return cache[k]; } else { …; cache[k] = v }`
    if (ts.isIfStatement(p) && p.elseStatement === n && fn && returnsCached(p, fn)) return true;
    // `if (!fs.existsSync(dir)) fs.mkdirSync(dir)`: the folder exists after the first time.
    if (ts.isIfStatement(p) && p.thenStatement === n && createsWhatItTests(p.expression, call)) return true;
    if (isFunctionLike(p) && isMemoised(p)) return true;
  }
  if (!fn) return false;
  if (isMemoised(fn)) return true;
  return afterEarlyReturnGuard(call, fn);
}

/** The assignment a memoised call feeds (`cache ??= …`, `cache = …`) writes state outside `fn`. */
function assignsOuterState(call: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  for (let n: ts.Node | undefined = call.parent; n && n !== fn; n = n.parent) {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      return outerState(n.left, fn) !== undefined;
    }
  }
  return false;
}

const existence = /^(existsSync|pathExistsSync)$/;
const creation = /^(mkdirSync|mkdirpSync|ensureDirSync|mkdirsSync|writeFileSync|copyFileSync|outputFileSync)$/;

/** `!existsSync(x)` guarding a call that creates `x`. */
function createsWhatItTests(cond: ts.Expression, call: ts.Node): boolean {
  const c = skipOuterExpressions(cond);
  if (!ts.isPrefixUnaryExpression(c) || c.operator !== ts.SyntaxKind.ExclamationToken) return false;
  const test = skipOuterExpressions(c.operand);
  if (!ts.isCallExpression(test) || !ts.isCallExpression(call)) return false;
  const name = (e: ts.Expression) => (ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : '');
  const tested = test.arguments[0]?.getText();
  const made = name(call.expression);
  // `copyFileSync(skeleton, configFile)` creates its second argument.
  const created = made === 'copyFileSync' ? call.arguments[1] : call.arguments[0];
  return existence.test(name(test.expression)) && creation.test(made) && tested !== undefined && created?.getText() === tested;
}

function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isGetAccessor(n);
}

/** `memoize(() => …)`, `_.once(function () { … })`, a method decorated `@memoize()` / `@Memoize`. */
function isMemoised(fn: ts.FunctionLikeDeclaration): boolean {
  let up: ts.Node = fn;
  while (up.parent && (ts.isParenthesizedExpression(up.parent) || ts.isAsExpression(up.parent))) up = up.parent;
  if (up.parent && ts.isCallExpression(up.parent) && up.parent.arguments.includes(up as ts.Expression) && memoiserName(up.parent.expression)) return true;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn)) {
    for (const d of ts.getDecorators(fn) ?? []) {
      const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
      if (memoiserName(e)) return true;
    }
  }
  return false;
}

function memoiserName(e: ts.Expression): boolean {
  e = skipOuterExpressions(e);
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  return name !== undefined && memoisers.test(name);
}

/**
 * The state a guard tests, as text (`loaded`, `this.cache`, `templates`), when it lives outside
 * `fn` (a module variable, a property): a local variable is fresh on every call.
 */
function outerState(e: ts.Expression, fn: ts.FunctionLikeDeclaration): string | undefined {
  e = skipOuterExpressions(e);
  if (ts.isIdentifier(e)) return declaredWithin(e.text, fn) ? undefined : e.text;
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    let root: ts.Expression = e;
    let depth = 0;
    for (; ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root); depth++) root = skipOuterExpressions(root.expression);
    if (root.kind === ts.SyntaxKind.ThisKeyword) return e.getText();
    if (ts.isIdentifier(root) && !declaredWithin(root.text, fn)) return e.getText();
    // `node.help[lang]`: a cache the caller's long-lived object carries (a container on it, not
    // one of its fields), unless that object is the request being handled.
    if (ts.isIdentifier(root) && depth >= 2 && !perRequest.test(root.text) && fn.parameters.some((p) => bindingNameDeclares(p.name, root.text))) return e.getText();
  }
  return undefined;
}

/** Parameter names of the objects a framework makes for each request. */
const perRequest = /^(req|request|res|response|reply|ctx|context)$/;

const localNames = new WeakMap<ts.FunctionLikeDeclaration, Set<string>>();

function declaredWithin(name: string, fn: ts.FunctionLikeDeclaration): boolean {
  if (fn.parameters.some((p) => bindingNameDeclares(p.name, name))) return true;
  let names = localNames.get(fn);
  if (!names) {
    const found = new Set<string>();
    const addBinding = (b: ts.BindingName): void => {
      if (ts.isIdentifier(b)) found.add(b.text);
      else for (const e of b.elements) if (!ts.isOmittedExpression(e)) addBinding(e.name);
    };
    const visit = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n)) addBinding(n.name);
      ts.forEachChild(n, visit);
    };
    if (fn.body) visit(fn.body);
    localNames.set(fn, (names = found));
  }
  return names.has(name);
}

/**
 * What a condition tests: `state` set (`cached`, `cached != null`, `cache.has(k)`, `cache[k]`,
 * `cache.get(k)`) or unset (`!cached`, `cached === undefined`, `!cache.has(k)`). The state is the
 * variable or the Map holding the cache.
 */
function testedState(cond: ts.Expression, fn: ts.FunctionLikeDeclaration): { state: string; set: boolean } | undefined {
  const c = skipOuterExpressions(cond);
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = testedState(c.operand, fn);
    return inner && { state: inner.state, set: !inner.set };
  }
  if (ts.isBinaryExpression(c)) {
    const k = c.operatorToken.kind;
    const empty = (e: ts.Expression) => e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined') || e.kind === ts.SyntaxKind.FalseKeyword;
    const side = empty(c.right) ? c.left : empty(c.left) ? c.right : undefined;
    if (side) {
      const state = outerState(side, fn);
      if (!state) return undefined;
      if (k === ts.SyntaxKind.EqualsEqualsEqualsToken || k === ts.SyntaxKind.EqualsEqualsToken) return { state, set: false };
      if (k === ts.SyntaxKind.ExclamationEqualsEqualsToken || k === ts.SyntaxKind.ExclamationEqualsToken) return { state, set: true };
    }
    // `cached && cached.version === v`: the first operand decides whether anything is cached.
    if (k === ts.SyntaxKind.AmpersandAmpersandToken) return testedState(c.left, fn);
    return undefined;
  }
  if (ts.isCallExpression(c) && ts.isPropertyAccessExpression(c.expression) && /^(has|get)$/.test(c.expression.name.text)) {
    const state = outerState(c.expression.expression, fn);
    return state ? { state, set: true } : undefined;
  }
  const state = outerState(c, fn);
  return state ? { state, set: true } : undefined;
}

/** Whether `scope` writes `state`: `state = …`, `state ??= …`, `state.set(…)`, `state[k] = …`, `state.x = …`. */
function writes(scope: ts.Node, state: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = skipOuterExpressions(n.left);
      const t = left.getText();
      const owner = ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left) ? left.expression.getText() : undefined;
      if (t === state || owner === state) found = true;
    } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^(set|add)$/.test(n.expression.name.text) && n.expression.expression.getText() === state) {
      found = true;
    }
    if (!found) ts.forEachChild(n, visit);
  };
  visit(scope);
  return found;
}

/** Whether `scope` assigns `state` a falsy value again (`busy = false`, `cache = null`). */
function resets(scope: ts.Node, state: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && skipOuterExpressions(n.left).getText() === state) {
      const r = skipOuterExpressions(n.right);
      if (r.kind === ts.SyntaxKind.FalseKeyword || r.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(r) && r.text === 'undefined')) found = true;
    }
    if (!found) ts.forEachChild(n, visit);
  };
  visit(scope);
  return found;
}

/**
 * `if (!loaded) { …call…; loaded = true }`: the branch runs while the state is unset, and sets it.
 * In a conjunction (`if (theme && !themeLoaded)`) every operand must hold, so one such test is enough.
 */
function guardsFirstRun(cond: ts.Expression, branch: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  return conjuncts(cond).some((c) => {
    const t = testedState(c, fn);
    return !!t && !t.set && (writes(branch, t.state) || (!!fn.body && writes(fn.body, t.state)));
  });
}

/** The operands of `a && b && c`, or the condition itself. */
function conjuncts(cond: ts.Expression): ts.Expression[] {
  const c = skipOuterExpressions(cond);
  if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return [...conjuncts(c.left), ...conjuncts(c.right)];
  return [c];
}

/** An `if` that returns when its state is set (`if (cache[k]) return cache[k];`), with the function writing that state and never resetting it. */
function returnsCached(s: ts.IfStatement, fn: ts.FunctionLikeDeclaration): boolean {
  const then = ts.isBlock(s.thenStatement) ? s.thenStatement.statements[s.thenStatement.statements.length - 1] : s.thenStatement;
  if (!then || !ts.isReturnStatement(then) || !fn.body) return false;
  const t = testedState(s.expression, fn);
  return !!t && t.set && writes(fn.body, t.state) && !resets(fn.body, t.state);
}

/**
 * `if (cached) return cached;` (or `if (loaded) return;`, `if (cache.has(k)) return cache.get(k)`)
 * before the call, in the function's own statements, with the function writing that state.
 */
function afterEarlyReturnGuard(call: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return false;
  for (const s of body.statements) {
    if (s.pos >= call.pos) break;
    // `if (busy) return; busy = true; … busy = false`: a lock, taken again by the next request.
    if (ts.isIfStatement(s) && !s.elseStatement && returnsCached(s, fn)) return true;
  }
  return false;
}
