/**
 * Queries that run only when an object arrives without a field loaded: a GraphQL field resolver
 * that returns the parent's own relation when the list query joined it, and asks the database
 * only when it did not (`if (order.payments) return order.payments; return this.payments.forOrder(…)`).
 * The author has already written the batched path (load it with the list); the query is the
 * fallback for a parent loaded alone. Used by n-plus-one for resolvers and the helper they hand
 * the parent to; nothing here knows about databases.
 */
import ts from 'typescript';
import { skipOuterExpressions } from './bindings';

type Presence = 'present' | 'absent';

/** Ids say which row to load, not that it is loaded: `if (post.authorId) return users.load(post.authorId)` is the query itself. */
const idLike = /^(id|ids|_id|uuid|key)$|(Id|Ids|_id|_ids|Key|Uuid)$/;

/**
 * Whether `call` inside `fn` runs only when a field of one of `roots` is missing: it sits in the
 * branch taken when the field is absent (`if (!entity.assets) { … }`, the `else` of
 * `if (product.facetValues?.[0]) …`, `order.customer ?? …`), or after `if (order.payments) return
 * order.payments;`. A test of the field that returns something else (`if (user.isAdmin) return []`)
 * is a branch like any other.
 */
export function runsOnlyWhenUnloaded(call: ts.Node, fn: ts.FunctionLikeDeclaration, roots: ReadonlySet<string>): boolean {
  if (roots.size === 0 || !fn.body) return false;
  const aliases = fieldAliases(fn.body, roots);
  const fieldOf = (e: ts.Expression) => loadedField(e, roots, aliases);
  // Callbacks on the way (`cache.get(key, () => load(order.id))`) run with the function: the caller checks that.
  for (let n: ts.Node = call, p = call.parent; p && n !== fn.body && n !== fn; n = p, p = p.parent) {
    if (ts.isIfStatement(p) && n !== p.expression) {
      const test = presence(p.expression, fieldOf);
      if (test && n === p.thenStatement && test.presence === 'absent') return true;
      if (test && n === p.elseStatement && test.presence === 'present' && readsField(p.thenStatement, test.field, fieldOf)) return true;
    } else if (ts.isConditionalExpression(p) && n !== p.condition) {
      const test = presence(p.condition, fieldOf);
      if (test && n === p.whenTrue && test.presence === 'absent') return true;
      if (test && n === p.whenFalse && test.presence === 'present' && readsField(p.whenTrue, test.field, fieldOf)) return true;
    } else if (ts.isBinaryExpression(p) && n === p.right && (p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      if (fieldOf(p.left)) return true;
    } else if (ts.isBlock(p) || ts.isSourceFile(p)) {
      // `if (order.payments) return order.payments;` before the call's statement.
      for (const s of p.statements) {
        if (s === n) break;
        if (!ts.isIfStatement(s) || s.elseStatement) continue;
        const test = presence(s.expression, fieldOf);
        const ret = returnOf(s.thenStatement);
        if (test?.presence === 'present' && ret?.expression && readsField(ret.expression, test.field, fieldOf)) return true;
      }
    }
  }
  return false;
}

/** `let assets = entity.assets;`: local names that hold a field of a root, by the field's text. */
function fieldAliases(body: ts.Node, roots: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      const field = loadedField(n.initializer, roots, out);
      if (field) out.set(n.name.text, field);
    }
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return out;
}

/**
 * `order.payments`, `entity[fieldName]`, `product.facetValues?.[0]?.channels`, `x.assets?.length`:
 * the first field read of a root (its text, `order.payments`), unless it is an id; or a local alias of one.
 */
function loadedField(e: ts.Expression, roots: ReadonlySet<string>, aliases: ReadonlyMap<string, string>): string | undefined {
  let x = skipOuterExpressions(e);
  if (ts.isIdentifier(x)) return aliases.get(x.text);
  let first: ts.PropertyAccessExpression | ts.ElementAccessExpression | undefined;
  while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) {
    first = x;
    x = skipOuterExpressions(x.expression);
  }
  if (!first || !ts.isIdentifier(x) || !roots.has(x.text)) return aliases.get(ts.isIdentifier(x) ? x.text : '');
  if (ts.isPropertyAccessExpression(first)) return idLike.test(first.name.text) ? undefined : `${x.text}.${first.name.text}`;
  const key = first.argumentExpression;
  if (ts.isStringLiteralLike(key)) return idLike.test(key.text) ? undefined : `${x.text}.${key.text}`;
  return `${x.text}[${key.getText()}]`;
}

/** Whether a test says a field is there (`order.payments`, `x.f !== undefined`) or missing (`!x.f`, `x.f == null`). */
function presence(cond: ts.Expression, fieldOf: (e: ts.Expression) => string | undefined): { presence: Presence; field: string } | undefined {
  const c = skipOuterExpressions(cond);
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = presence(c.operand, fieldOf);
    return inner && { field: inner.field, presence: inner.presence === 'present' ? 'absent' : 'present' };
  }
  if (ts.isBinaryExpression(c)) {
    const op = c.operatorToken.kind;
    const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!equal && !unequal) return undefined;
    const side = isNothing(c.right) ? c.left : isNothing(c.left) ? c.right : undefined;
    const field = side && fieldOf(side);
    return field ? { field, presence: equal ? 'absent' : 'present' } : undefined;
  }
  // `Array.isArray(zone.members)`: loaded as a list.
  if (ts.isCallExpression(c) && c.arguments.length === 1 && /^Array\.isArray$/.test(c.expression.getText())) {
    const field = fieldOf(c.arguments[0]!);
    return field ? { field, presence: 'present' } : undefined;
  }
  const field = fieldOf(c);
  return field ? { field, presence: 'present' } : undefined;
}

/** `null`, `undefined`: what a test compares with to ask whether a value is there. */
export function isNothing(e: ts.Expression): boolean {
  const x = skipOuterExpressions(e);
  return x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined');
}

/** Whether `n` reads the same field (`return order.payments`, `facetValues = product.facetValues`). */
function readsField(n: ts.Node, field: string, fieldOf: (e: ts.Expression) => string | undefined): boolean {
  let found = false;
  const visit = (x: ts.Node): void => {
    if (found || ts.isFunctionLike(x)) return;
    if (ts.isExpression(x) && fieldOf(x) === field) found = true;
    else ts.forEachChild(x, visit);
  };
  visit(n);
  return found;
}

function returnOf(s: ts.Statement): ts.ReturnStatement | undefined {
  if (ts.isReturnStatement(s)) return s;
  return ts.isBlock(s) && s.statements.length === 1 && ts.isReturnStatement(s.statements[0]!) ? s.statements[0] : undefined;
}
