/**
 * The edits that turn a function into an `async` one, and the cases where that would change
 * what the function is (generators, accessors, constructors cannot simply become async).
 */
import ts from 'typescript';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

export type AsyncEdits = { ok: true; splices: Splice[] } | { ok: false; reason: string };

export function makeAsync(fn: ts.FunctionLikeDeclaration, sf: ts.SourceFile): AsyncEdits {
  if (ts.isConstructorDeclaration(fn)) {
    return { ok: false, reason: 'A constructor cannot be async: move the blocking call to an async factory or to start-up.' };
  }
  if (ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
    return { ok: false, reason: 'An accessor cannot be async: turn it into an async method, or read the data once at start-up.' };
  }
  if (fn.asteriskToken) {
    return { ok: false, reason: 'Making a generator async changes what it returns: use an async generator or load the data before iterating.' };
  }
  if (!fn.body) return { ok: false, reason: 'The function has no body to rewrite.' };
  const splices: Splice[] = [];
  const isAsync = ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async;
  if (!isAsync) {
    const at = asyncInsertionPoint(fn, sf);
    if (at === undefined) return { ok: false, reason: 'The function cannot be made async here.' };
    splices.push({ start: at, end: at, text: 'async ' });
  }
  if (fn.type) {
    if (ts.isTypePredicateNode(fn.type)) return { ok: false, reason: 'A type guard cannot be async: await the data before calling it.' };
    if (!isPromiseType(fn.type)) {
      const start = fn.type.getStart(sf);
      splices.push({ start, end: fn.type.getEnd(), text: `Promise<${sf.text.slice(start, fn.type.getEnd())}>` });
    }
  }
  return { ok: true, splices };
}

function isPromiseType(type: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise';
}

/** Where `async ` goes: before `function`, before a method's name, or before an arrow's parameters. */
function asyncInsertionPoint(fn: ts.FunctionLikeDeclaration, sf: ts.SourceFile): number | undefined {
  if (ts.isArrowFunction(fn)) {
    // After decorators/modifiers, of which an arrow has none but `async`.
    return fn.getStart(sf);
  }
  if (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) {
    const keyword = fn.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
    return keyword?.getStart(sf);
  }
  if (ts.isMethodDeclaration(fn)) {
    // Modifiers such as `public static` and decorators stay in front; `async` comes last.
    return fn.name.getStart(sf);
  }
  return undefined;
}
