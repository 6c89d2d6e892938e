/**
 * Sequential awaits in a `for … of` loop → `await Promise.all(Array.from(items, async (item) => …))`,
 * offered only when the iterations are independent: the body leaves the loop nowhere (no
 * `break`, `continue`, `return`), and writes nothing that outlives one iteration (no assignment
 * to, and no mutating method call on, a variable declared outside the loop). SonarJS calls a
 * blind rewrite unsafe; these checks are what makes this one safe.
 *
 * `Array.from` rather than `.map`: the loop may iterate a Set, a Map or a generator, and
 * `Array.from(iterable, fn)` accepts them all with the same element type.
 */
import ts from 'typescript';
import type { Fix } from '../engine/finding';
import type { SourceDoc } from '../engine/source';
import { skipOuterExpressions } from '../analysis/bindings';
import type { Iteration } from '../analysis/loops';
import { detectStyle } from './file-style';

const mutators = new Set(['push', 'unshift', 'pop', 'shift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear', 'append', 'write', 'emit', 'assign']);

export function concurrentLoopFix(doc: SourceDoc, it: Iteration): Fix | undefined {
  if (it.kind !== 'for-of' || !ts.isForOfStatement(it.node) || it.node.awaitModifier) return undefined;
  const loop = it.node;
  const sf = doc.sourceFile;
  const init = loop.initializer;
  if (!ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const fn = ts.findAncestor(loop.parent, ts.isFunctionLike);
  if (!fn || !(ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async)) return undefined;
  if (!ts.isBlock(loop.parent) && !ts.isSourceFile(loop.parent)) return undefined;
  if (ts.isLabeledStatement(loop.parent)) return undefined;
  if (!independent(loop)) return undefined;

  const style = detectStyle(sf);
  const semi = style.semicolon ? ';' : '';
  const param = init.declarations[0]!.name.getText(sf);
  const body = ts.isBlock(loop.statement) ? loop.statement.getText(sf) : `{ ${loop.statement.getText(sf)} }`;
  const text = `await Promise.all(Array.from(${loop.expression.getText(sf)}, async (${param}) => ${body}))${semi}`;
  return {
    title: 'Run the iterations concurrently with `Promise.all`',
    edits: [{ range: doc.rangeOf(loop.getStart(sf), loop.getEnd()), newText: text }],
  };
}

/** No exits from the loop and no writes to state declared outside it. */
function independent(loop: ts.ForOfStatement): boolean {
  const inside = new Set<string>();
  const collect = (n: ts.Node): void => {
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) && ts.isIdentifier(n.name)) inside.add(n.name.text);
    if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name) inside.add(n.name.text);
    ts.forEachChild(n, collect);
  };
  collect(loop.initializer);
  collect(loop.statement);
  const outer = (target: ts.Expression): boolean => {
    let e = skipOuterExpressions(target);
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      // Writing a property of the item itself stays within its iteration.
      e = skipOuterExpressions(e.expression);
    }
    if (e.kind === ts.SyntaxKind.ThisKeyword) return true;
    return ts.isIdentifier(e) ? !inside.has(e.text) : true;
  };
  let ok = true;
  // `depth` counts loops and switches (a bare `break` leaves those), `loops` counts loops only
  // (a bare `continue` inside a switch still continues this loop); functions end both.
  const visit = (n: ts.Node, depth: number, loops: number): void => {
    if (!ok) return;
    if (ts.isReturnStatement(n) || ts.isYieldExpression(n)) {
      if (depth < 1000) ok = false;
    } else if (ts.isBreakStatement(n) && (n.label || depth === 0)) {
      ok = false;
    } else if (ts.isContinueStatement(n) && (n.label || loops === 0)) {
      ok = false;
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      if (outer(n.left)) ok = false;
    } else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) {
      if (outer(n.operand)) ok = false;
    } else if (ts.isDeleteExpression(n)) {
      if (outer(n.expression)) ok = false;
    } else if (ts.isCallExpression(n)) {
      const c = skipOuterExpressions(n.expression);
      if (ts.isPropertyAccessExpression(c) && mutators.has(c.name.text) && outer(c.expression)) ok = false;
    }
    const fnBoundary = ts.isFunctionLike(n);
    const isLoop = ts.isIterationStatement(n, false);
    const d = fnBoundary ? depth + 1000 : isLoop || ts.isSwitchStatement(n) ? depth + 1 : depth;
    const l = fnBoundary ? loops + 1000 : isLoop ? loops + 1 : loops;
    ts.forEachChild(n, (c) => visit(c, d, l));
  };
  visit(loop.statement, 0, 0);
  return ok;
}
