/**
 * A call whose options make the callee return before its work: `View.find(where, { cached: true })`
 * where `find` starts with `if (selectopts.cached) return getState().views.filter(…)`. The query
 * after that return never runs for this call, so a search for per-item queries does not enter it.
 */
import ts from 'typescript';
import { skipOuterExpressions } from './bindings';

/** Whether `call` hands `callee` an option its first statements test to return early. */
export function returnsBeforeWork(call: ts.CallExpression, callee: ts.FunctionLikeDeclaration): boolean {
  const body = callee.body;
  if (!body || !ts.isBlock(body)) return false;
  for (const stmt of body.statements) {
    const option = ts.isIfStatement(stmt) && returns(stmt.thenStatement) ? testedOption(stmt.expression) : undefined;
    if (option) {
      const index = callee.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === option.param);
      if (index >= 0 && passesTrue(call.arguments[index], option.prop)) return true;
    }
    // Only the leading guards count: work done before them runs whatever the options say.
    if (containsCall(stmt)) return false;
  }
  return false;
}

/** `opts.cached`, `opts?.cached`: a parameter's property tested as the whole condition. */
function testedOption(cond: ts.Expression): { param: string; prop: string } | undefined {
  const e = skipOuterExpressions(cond);
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  const obj = skipOuterExpressions(e.expression);
  return ts.isIdentifier(obj) ? { param: obj.text, prop: e.name.text } : undefined;
}

/** The branch ends in a `return` (directly or as a block's last statement). */
function returns(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s)) return true;
  return ts.isBlock(s) && s.statements.length > 0 && ts.isReturnStatement(s.statements[s.statements.length - 1]!);
}

/** `{ …, cached: true }` written at the call. */
function passesTrue(arg: ts.Expression | undefined, prop: string): boolean {
  const obj = arg && skipOuterExpressions(arg);
  if (!obj || !ts.isObjectLiteralExpression(obj)) return false;
  return obj.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText() === prop && skipOuterExpressions(p.initializer).kind === ts.SyntaxKind.TrueKeyword);
}

function containsCall(n: ts.Node): boolean {
  let found = false;
  const visit = (c: ts.Node): void => {
    if (found || ts.isFunctionLike(c)) return;
    if (ts.isCallExpression(c) || ts.isAwaitExpression(c)) found = true;
    else ts.forEachChild(c, visit);
  };
  visit(n);
  return found;
}
