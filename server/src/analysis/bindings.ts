/**
 * What a name refers to in terms of modules: `fs` in `import * as fs from 'node:fs'`, `sh` in
 * `const { execSync: sh } = require('child_process')`, `read` in `const read = fs.readFileSync`.
 * Rules resolve calls through this instead of guessing from names, so `Effect.runSync` or a local
 * function called `readFileSync` are never taken for Node's APIs.
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { nodesOfKindWhere } from './tree-nodes';

/** A module and a path of property names inside it; `path: []` is the module object itself. */
export interface ModuleRef {
  /** The specifier, `node:` prefix removed: 'fs', 'child_process', 'bcrypt', './lib/views'. */
  module: string;
  path: string[];
  /**
   * Set when the name came from a default import of a non-relative specifier (`import x from
   * '@/lib/x'`): `path` then starts at the module object, as for packages, but a workspace file
   * behind a path alias has a real default export, which the call graph looks up.
   */
  defaultImport?: true;
}

/** Local name → the module value it was bound to, for every import and require-derived variable. */
export type ModuleBindings = ReadonlyMap<string, ModuleRef>;

export function normalizeModule(specifier: string): string {
  if (generatedPrismaClient.test(specifier)) return '@prisma/client';
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/**
 * A Prisma client generated to the folder the schema's `output` names (`output = "../src/generated/prisma"`,
 * imported as `@/generated/prisma/client` or `../generated/prisma`): the same client as `@prisma/client`,
 * in a folder that is git-ignored, so nothing else could tell what it is.
 */
const generatedPrismaClient = /(^|\/)generated\/prisma(\/client|\/index)?(\.[cm]?[jt]s)?$/;

/** Relative or absolute specifiers name workspace files; the rest are packages or built-ins. */
export function isWorkspaceModule(module: string): boolean {
  return module.startsWith('.') || module.startsWith('/');
}

/** Strip wrappers that do not change the value: parentheses, `as`, `!`, `satisfies`, `<T>x`. */
export function skipOuterExpressions(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e) ||
    ts.isSatisfiesExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}

/** The specifier of `require('x')`, else undefined. */
export function requireSpecifier(e: ts.Expression): string | undefined {
  e = skipOuterExpressions(e);
  if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'require') return undefined;
  const arg = e.arguments[0];
  return e.arguments.length === 1 && arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
}

export function propertyNameText(name: ts.PropertyName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** `exports.x` / `module.exports.x` → 'x'; `module.exports` → ''; anything else undefined. */
export function commonJsTarget(left: ts.Expression): string | undefined {
  const text = (e: ts.Expression) => (ts.isIdentifier(e) ? e.text : undefined);
  const isModuleExports = (e: ts.Expression) => ts.isPropertyAccessExpression(e) && text(e.expression) === 'module' && e.name.text === 'exports';
  if (isModuleExports(left)) return '';
  if (ts.isPropertyAccessExpression(left) && (text(left.expression) === 'exports' || isModuleExports(left.expression))) return left.name.text;
  return undefined;
}

/** The file's bindings, computed once per version of the file. */
export function moduleBindings(project: Project, doc: SourceDoc): ModuleBindings {
  return project.memo(doc, 'analysis:bindings', computeBindings);
}

export function computeBindings(doc: SourceDoc): ModuleBindings {
  const bindings = new Map<string, ModuleRef>();
  // Nodes inside an import are never the declarations looked for here, so the flat list (which
  // holds them) finds what a walk that skips imports found, in the same order.
  const kinds = [ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.ImportEqualsDeclaration, ts.SyntaxKind.VariableDeclaration];
  for (const n of nodesOfKindWhere(doc.sourceFile, 'bindings:declarations', kinds, mayBind)) {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && n.importClause) {
      const module = normalizeModule(n.moduleSpecifier.text);
      const clause = n.importClause;
      // A default import of a package or built-in is its CommonJS module object (esModuleInterop);
      // a workspace file's default export is its own export.
      if (clause.name) bindings.set(clause.name.text, isWorkspaceModule(module) ? { module, path: ['default'] } : { module, path: [], defaultImport: true });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, { module, path: [] });
      else if (named) {
        for (const el of named.elements) {
          const imported = el.propertyName ? propertyNameText(el.propertyName) : el.name.text;
          if (imported !== undefined) bindings.set(el.name.text, { module, path: imported === 'default' && !isWorkspaceModule(module) ? [] : [imported] });
        }
      }
      continue;
    }
    if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) {
      bindings.set(n.name.text, { module: normalizeModule(n.moduleReference.expression.text), path: [] });
      continue;
    }
    if (ts.isVariableDeclaration(n) && n.initializer) {
      // Document order matters: `const { readFileSync } = fs` needs `fs` bound first.
      const ref = resolveModuleRef(bindings, n.initializer, false);
      if (ref) bindPattern(n.name, ref, bindings);
    }
  }
  return bindings;
}

/**
 * Imports, and variables initialised with something `resolveModuleRef` can resolve: a name, a
 * member chain on one, or `require('x')`. Its own syntax only (a per-statement test).
 */
function mayBind(n: ts.Node): boolean {
  if (!ts.isVariableDeclaration(n)) return true;
  if (!n.initializer) return false;
  let e = skipOuterExpressions(n.initializer);
  while (ts.isPropertyAccessExpression(e) || (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))) e = skipOuterExpressions(e.expression);
  return ts.isIdentifier(e) || requireSpecifier(e) !== undefined;
}

function bindPattern(name: ts.BindingName, ref: ModuleRef, bindings: Map<string, ModuleRef>): void {
  if (ts.isIdentifier(name)) {
    if (!bindings.has(name.text)) bindings.set(name.text, ref);
    return;
  }
  if (!ts.isObjectBindingPattern(name)) return;
  for (const el of name.elements) {
    if (el.dotDotDotToken) continue;
    const key = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
    if (key !== undefined) bindPattern(el.name, { ...ref, path: [...ref.path, key] }, bindings);
  }
}

/**
 * The module value an expression denotes: `fs.readFileSync` → fs / [readFileSync],
 * `require('fs').readFileSync` → the same, `svc.load` (namespace import) → ./svc / [load].
 * Identifiers declared again in an inner scope (a parameter `fs`, a local `readFileSync`) do not count.
 */
export function resolveModuleRef(bindings: ModuleBindings, expr: ts.Expression, checkShadowing = true): ModuleRef | undefined {
  const e = skipOuterExpressions(expr);
  if (ts.isIdentifier(e)) {
    const ref = bindings.get(e.text);
    return ref && !(checkShadowing && isShadowed(e)) ? ref : undefined;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const inner = resolveModuleRef(bindings, e.expression, checkShadowing);
    return inner && { ...inner, path: [...inner.path, e.name.text] };
  }
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    const inner = resolveModuleRef(bindings, e.expression, checkShadowing);
    return inner && { ...inner, path: [...inner.path, e.argumentExpression.text] };
  }
  const spec = requireSpecifier(e);
  return spec === undefined ? undefined : { module: normalizeModule(spec), path: [] };
}

/**
 * Whether `id` is declared in a function or block between its use and the module scope, by
 * something that is not itself an alias of a module binding (`const fs = require('fs')` inside
 * a function is a binding, `const fs = makeFakeFs()` or a parameter `fs` shadows one).
 */
export function isShadowed(id: ts.Identifier): boolean {
  const name = id.text;
  for (let n: ts.Node | undefined = id.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isFunctionLike(n) && n.parameters.some((p) => bindingNameDeclares(p.name, name))) return true;
    if ((ts.isBlock(n) || ts.isModuleBlock(n)) && shadowingNames(n.statements).has(name)) return true;
  }
  return false;
}

/**
 * The names a block declares in a way that hides a module binding (functions, classes, variables
 * not initialised with an alias), once per block: every module-bound identifier of a large
 * module used to scan the statements of each block around it.
 */
const shadowing = new WeakMap<readonly ts.Statement[], Set<string>>();

function shadowingNames(statements: readonly ts.Statement[]): Set<string> {
  let names = shadowing.get(statements);
  if (names) return names;
  const found = new Set<string>();
  const add = (b: ts.BindingName): void => {
    if (ts.isIdentifier(b)) found.add(b.text);
    else for (const el of b.elements) if (!ts.isOmittedExpression(el)) add(el.name);
  };
  for (const s of statements) {
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) found.add(s.name.text);
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (!isAliasInitializer(d.initializer)) add(d.name);
    }
  }
  shadowing.set(statements, found);
  names = found;
  return names;
}

function isAliasInitializer(init: ts.Expression | undefined): boolean {
  if (!init) return false;
  const e = skipOuterExpressions(init);
  return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || requireSpecifier(e) !== undefined;
}

export function bindingNameDeclares(name: ts.BindingName, text: string): boolean {
  if (ts.isIdentifier(name)) return name.text === text;
  return name.elements.some((el) => !ts.isOmittedExpression(el) && bindingNameDeclares(el.name, text));
}
