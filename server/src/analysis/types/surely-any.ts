/**
 * Which expressions the type service's small programs can only type as `any`, told from syntax:
 * a value that flows from a package import (packages stay unresolved there), from a global the
 * mini lib declares `any` (`Object.values(…)`, `JSON.parse(…)`), or from a call, `new`, member
 * read or `await` of such a value. A question about one can get no class for an answer, so the
 * service builds no program for it: on outline, six of the nine files that asked built a program
 * (some 100 files each, bound and checked) for no answer at all.
 *
 * Only certain cases count; anything else (a parameter, `let`, a cast, a workspace import, a
 * name declared elsewhere in the program) is left to the checker.
 */
import ts from 'typescript';
import type { Project } from '../../engine/project';
import type { SourceDoc } from '../../engine/source';
import { resolveWorkspaceImport } from '../module-resolution';
import { miniLib } from './mini-lib';

/**
 * The mini lib's globals declared `any`. Not `require`, `module` and `exports`: in JavaScript
 * files TypeScript resolves `require('./x')` and types `module.exports` itself.
 */
const anyGlobals: ReadonlySet<string> = new Set(
  [...miniLib.matchAll(/^declare var (\w+): any;$/gm)].map((m) => m[1]!).filter((name) => !['require', 'module', 'exports'].includes(name)),
);

/**
 * Whether the checker types `expr` as `any` in a program built from `doc` the way the type
 * service builds it (imports resolved by `resolveWorkspaceImport`; a target without a script
 * extension stays unresolved, see `extensionOf`).
 */
export function surelyAny(project: Project, doc: SourceDoc, expr: ts.Expression, isScriptFile: (file: string) => boolean, depth = 0): boolean {
  if (depth > 12) return false;
  const next = (e: ts.Expression) => surelyAny(project, doc, e, isScriptFile, depth + 1);
  if (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isAwaitExpression(expr)) return next(expr.expression);
  if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) return next(expr.expression);
  if (ts.isNewExpression(expr)) return next(expr.expression);
  if (ts.isCallExpression(expr)) {
    // `await import('jsdom')`: a package's module object.
    if (expr.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const spec = expr.arguments[0];
      return !!spec && ts.isStringLiteralLike(spec) && !resolvesInProgram(project, doc, spec.text, isScriptFile);
    }
    return next(expr.expression);
  }
  if (ts.isIdentifier(expr)) {
    const decl = declarationOf(expr);
    if (decl === undefined) return anyGlobals.has(expr.text);
    if (decl === 'other') return false;
    if (ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isNamespaceImport(decl)) {
      const from = ts.findAncestor(decl, ts.isImportDeclaration)?.moduleSpecifier;
      return !!from && ts.isStringLiteralLike(from) && !resolvesInProgram(project, doc, from.text, isScriptFile);
    }
    // `const x = …` (a declared type, `let` and `var` are the checker's to read).
    if (decl.type || !(decl.parent.flags & ts.NodeFlags.Const)) return false;
    const loop = decl.parent.parent;
    // A JSDoc `@type` declares a type in JavaScript.
    if (doc.text.slice(loop.pos, loop.getStart()).includes('@type')) return false;
    // `for (const x of xs)`: an element of `any` is `any`.
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return ts.isForOfStatement(loop) && next(loop.expression);
    // `const { JSDOM } = await import('jsdom')`: any part of `any` is `any`.
    return !!decl.initializer && next(decl.initializer);
  }
  return false;
}

function resolvesInProgram(project: Project, doc: SourceDoc, specifier: string, isScriptFile: (file: string) => boolean): boolean {
  const target = resolveWorkspaceImport(project, doc.path, specifier);
  return !!target && isScriptFile(target);
}

type Declaration = ts.VariableDeclaration | ts.ImportSpecifier | ts.ImportClause | ts.NamespaceImport;

/**
 * The declaration `id` refers to in its file: a variable or an import; `'other'` for anything
 * else (a parameter, function, class, enum, catch variable, a `var` a nested block may hoist)
 * and undefined when the file declares no such name.
 */
function declarationOf(id: ts.Identifier): Declaration | 'other' | undefined {
  const name = id.text;
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) {
      if (n.parameters.some((p) => declares(p.name, name))) return 'other';
      if (ts.isFunctionExpression(n) && n.name?.text === name) return 'other';
      // A `var` anywhere in the body is hoisted to it; the walk up sees only statement lists.
      if ('body' in n && n.body && hoistedVar(name).test(n.body.getText())) return 'other';
    } else if (ts.isCatchClause(n)) {
      if (n.variableDeclaration && declares(n.variableDeclaration.name, name)) return 'other';
    } else if ((ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isForStatement(n)) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      const d = n.initializer.declarations.find((d) => declares(d.name, name));
      if (d) return d;
    } else if (ts.isClassLike(n) && n.name?.text === name) {
      return 'other';
    } else if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) {
      for (const s of n.statements) {
        const found = declaredIn(s, name);
        if (found) return found;
      }
      if (ts.isSourceFile(n) && hoistedVar(name).test(n.text)) return 'other';
    }
  }
  return undefined;
}

/** A `var` declaring `name`, roughly (a false match only leaves the question to the checker). */
function hoistedVar(name: string): RegExp {
  return new RegExp(`\\bvar\\b[^;]*(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
}

function declaredIn(s: ts.Statement, name: string): Declaration | 'other' | undefined {
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.find((d) => declares(d.name, name));
  if (ts.isImportDeclaration(s)) {
    const c = s.importClause;
    if (!c) return undefined;
    if (c.name?.text === name) return c;
    const b = c.namedBindings;
    if (b && ts.isNamespaceImport(b)) return b.name.text === name ? b : undefined;
    return b?.elements.find((e) => e.name.text === name);
  }
  if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s) || ts.isImportEqualsDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name && ts.isIdentifier(s.name) && s.name.text === name) return 'other';
  return undefined;
}

function declares(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((e) => !ts.isOmittedExpression(e) && declares(e.name, name));
}
