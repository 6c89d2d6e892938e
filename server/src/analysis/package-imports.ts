/**
 * Every place a file pulls a package in, with what exactly it takes: the named bindings of a
 * static import, the members a namespace or default object is used for, whole-module requires,
 * side-effect imports and lazy `import()` calls. Bundle-size rules measure exactly this, so an
 * `import { debounce } from 'lodash-es'` costs one function and `import 'x'` only its side effects.
 */
import ts from 'typescript';
import type { SourceDoc } from '../engine/source';
import { isShadowed, propertyNameText, requireSpecifier, skipOuterExpressions } from './bindings';
import { nodesOfKindWhere, statementFacts, type StatementNodes } from './tree-nodes';

export type ImportForm =
  /** `import a, { b } from 'x'`, `export { b } from 'x'`. */
  | 'static'
  /** `import 'x'`: only what the module does when loaded. */
  | 'side-effect'
  /** `require('x')`: the whole module object. */
  | 'require'
  /** `import('x')`, `React.lazy(() => import('x'))`: a separate, deferred chunk. */
  | 'dynamic';

/**
 * What an import takes from the module. `whole` means nothing can be shaken off: `export *`,
 * a namespace object passed around as a value, a require kept as an object.
 */
export interface ImportedNames {
  named: string[];
  /** The default export (for CommonJS packages: the module object itself). */
  default: boolean;
  /** Members read off a namespace import (`_.get`): tree-shaken like named imports. */
  members: string[];
  whole: boolean;
}

export interface PackageImport {
  specifier: string;
  form: ImportForm;
  names: ImportedNames;
  /** The statement (or call) to point at. */
  node: ts.Node;
  /** The string literal naming the module. */
  specifierNode: ts.StringLiteralLike;
  /** The local name of a default or namespace binding (`_` in `import _ from 'lodash'`). */
  objectBinding?: ts.Identifier;
}

const emptyNames = (): ImportedNames => ({ named: [], default: false, members: [], whole: false });

/** Relative, absolute and built-in modules are not packages a bundle pays for here. */
export function isPackageSpecifier(specifier: string): boolean {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z]+:/i.test(specifier)) return false;
  // Bundler-specific prefixes and queries: `virtual:`, `~icons/…`, `x?raw`.
  if (specifier.startsWith('~') || specifier.startsWith('#') || specifier.includes('?')) return false;
  return true;
}

/** Spaces and comments between a keyword and what follows it. */
const gap = String.raw`(?:\s|/\*[^]*?\*/|//[^\n]*\n)*`;
/** `from 'x'`, `import 'x'`, `import('x')`, `require('x')`: every place an import names a module. */
const specifierAfterKeyword = new RegExp(String.raw`\b(?:from|import|require)${gap}\(?${gap}(['"\`])([^'"\`\n]*)\1`, 'g');

const specifierLists = new WeakMap<SourceDoc, string[]>();

/**
 * The module specifiers a file's text may import, read without parsing, once per version (the
 * heavy-import prefilter, its budget bound and the import-closure walk all ask). It errs on the
 * side of more: a match in a comment or a string counts. Specifiers written with escapes come out
 * as written.
 */
export function specifiersOf(doc: SourceDoc): string[] {
  let list = specifierLists.get(doc);
  if (!list) {
    list = Array.from(doc.text.matchAll(specifierAfterKeyword), (m) => m[2]!);
    specifierLists.set(doc, list);
  }
  return list;
}

/** Of `specifiersOf`, those that may name a package: package specifiers, and any written with escapes. */
export function packageSpecifiersOf(doc: SourceDoc): string[] {
  return specifiersOf(doc).filter((s) => s.includes('\\') || isPackageSpecifier(s));
}

/**
 * Whether a file's text may import a package: heavy-import parses only the files where it does
 * (most files of a library import only their own modules).
 */
export function mayImportPackage(doc: SourceDoc): boolean {
  return packageSpecifiersOf(doc).length > 0;
}

/** The imports of packages in a file, in document order. Type-only imports are left out: they cost nothing. */
export function packageImports(doc: SourceDoc): PackageImport[] {
  const sf = doc.sourceFile;
  const out: PackageImport[] = [];
  // Nodes inside imports and exports hold no import() or require() call, so the flat list (which
  // holds them) finds what a walk that skips them found, in the same order.
  const kinds = [ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.ExportDeclaration, ts.SyntaxKind.ImportEqualsDeclaration, ts.SyntaxKind.CallExpression];
  for (const n of nodesOfKindWhere(sf, 'package-imports:sites', kinds, mayImport)) {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const imp = fromImportDeclaration(n, n.moduleSpecifier, sf, /\.[cm]?tsx?$/.test(doc.path) && !/\.(?:vue|svelte)\.tsx$/.test(doc.path));
      if (imp) out.push(imp);
      continue;
    }
    if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier) && !n.isTypeOnly) {
      const names = emptyNames();
      if (!n.exportClause) names.whole = true;
      else if (ts.isNamespaceExport(n.exportClause)) names.whole = true;
      else {
        for (const el of n.exportClause.elements) {
          if (el.isTypeOnly) continue;
          const name = propertyNameText(el.propertyName ?? el.name);
          if (name === 'default') names.default = true;
          else if (name !== undefined) names.named.push(name);
        }
        if (names.named.length === 0 && !names.default) continue;
      }
      if (isPackageSpecifier(n.moduleSpecifier.text)) out.push({ specifier: n.moduleSpecifier.text, form: 'static', names, node: n, specifierNode: n.moduleSpecifier });
      continue;
    }
    if (ts.isImportEqualsDeclaration(n) && !n.isTypeOnly && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) {
      const lit = n.moduleReference.expression;
      if (isPackageSpecifier(lit.text)) out.push({ specifier: lit.text, form: 'require', names: { ...emptyNames(), ...objectUse(n.name, sf) }, node: n, specifierNode: lit, objectBinding: n.name });
      continue;
    }
    if (ts.isCallExpression(n)) {
      if (n.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const arg = n.arguments[0];
        if (arg && ts.isStringLiteralLike(arg) && isPackageSpecifier(arg.text)) {
          out.push({ specifier: arg.text, form: 'dynamic', names: { ...emptyNames(), whole: true }, node: n, specifierNode: arg });
        }
      } else {
        const spec = requireSpecifier(n);
        if (spec !== undefined && isPackageSpecifier(spec) && !isShadowedRequire(n)) out.push(fromRequire(n, spec, sf));
      }
    }
  }
  return out;
}

/** Declarations, `import()` and `require('x')` calls: its own syntax only (a per-statement test). */
function mayImport(n: ts.Node): boolean {
  return !ts.isCallExpression(n) || n.expression.kind === ts.SyntaxKind.ImportKeyword || requireSpecifier(n) !== undefined;
}

function isShadowedRequire(call: ts.CallExpression): boolean {
  return ts.isIdentifier(call.expression) && isShadowed(call.expression);
}

/**
 * `elides`: a TypeScript file, whose compiler (tsc, esbuild, SWC, Babel) drops every import binding
 * no value refers to, and the whole declaration when none is left (`verbatimModuleSyntax`, which
 * keeps them, makes such an import a compile error): `import { User } from 'next-auth'` used only
 * in types bundles nothing.
 */
function fromImportDeclaration(n: ts.ImportDeclaration, lit: ts.StringLiteral, sf: ts.SourceFile, elides: boolean): PackageImport | undefined {
  if (!isPackageSpecifier(lit.text)) return undefined;
  const clause = n.importClause;
  if (!clause) return { specifier: lit.text, form: 'side-effect', names: emptyNames(), node: n, specifierNode: lit };
  if (clause.isTypeOnly) return undefined;
  // A Vue or Svelte script block's bindings are also used by its template: only .ts files are read so.
  if (elides && !importsAValue(clause, sf)) return undefined;
  const kept = (id: ts.Identifier) => !elides || usedAsValue(id, sf);
  const names = emptyNames();
  let objectBinding: ts.Identifier | undefined;
  if (clause.name && kept(clause.name)) {
    // The default export is one value, whatever is read off it later: for CommonJS packages it is
    // the whole module object, for ESM ones whatever the package exports as default.
    objectBinding = clause.name;
    names.default = true;
  }
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings) && kept(bindings.name)) {
    objectBinding = bindings.name;
    const use = objectUse(bindings.name, sf);
    names.members.push(...use.members);
    if (use.whole) names.whole = true;
    if (use.default) names.default = true;
  } else if (bindings && ts.isNamedImports(bindings)) {
    const values = bindings.elements.filter((el) => !el.isTypeOnly && kept(el.name));
    // `import { type A, type B } from 'x'` is erased like `import type`.
    if (values.length === 0 && !clause.name) return undefined;
    for (const el of values) {
      const name = propertyNameText(el.propertyName ?? el.name);
      if (name === 'default') names.default = true;
      else if (name !== undefined) names.named.push(name);
    }
  }
  return { specifier: lit.text, form: 'static', names, node: n, specifierNode: lit, ...(objectBinding ? { objectBinding } : {}) };
}

function fromRequire(call: ts.CallExpression, spec: string, sf: ts.SourceFile): PackageImport {
  const lit = call.arguments[0] as ts.StringLiteralLike;
  let parent = call.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent))) parent = parent.parent;
  const names = emptyNames();
  let node: ts.Node = call;
  let objectBinding: ts.Identifier | undefined;
  if (parent && ts.isVariableDeclaration(parent) && parent.initializer && skipOuterExpressions(parent.initializer) === call) {
    node = parent.parent?.parent && ts.isVariableStatement(parent.parent.parent) ? parent.parent.parent : parent;
    if (ts.isIdentifier(parent.name)) {
      objectBinding = parent.name;
      const use = objectUse(parent.name, sf);
      names.members = use.members;
      names.whole = use.whole;
    } else if (ts.isObjectBindingPattern(parent.name)) {
      for (const el of parent.name.elements) {
        const key = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        if (el.dotDotDotToken || key === undefined) names.whole = true;
        else names.named.push(key);
      }
    } else names.whole = true;
  } else if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === call) {
    // `require('lodash').debounce`
    names.named.push(parent.name.text);
  } else {
    names.whole = true;
  }
  return { specifier: spec, form: 'require', names, node, specifierNode: lit, ...(objectBinding ? { objectBinding } : {}) };
}

/**
 * How a module object bound to `name` is used: the members read with `name.x` / `name['x']`,
 * or `whole` when it escapes (passed to a function, spread, indexed by a variable, called).
 */
export function objectUse(name: ts.Identifier, sf: ts.SourceFile): { members: string[]; whole: boolean; default: boolean } {
  const members = new Set<string>();
  let whole = false;
  let usesDefault = false;
  for (const ref of referencesTo(name, sf)) {
    const parent = ref.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === ref) {
      if (parent.name.text === 'default') usesDefault = true;
      else members.add(parent.name.text);
    } else if (ts.isElementAccessExpression(parent) && parent.expression === ref && ts.isStringLiteralLike(parent.argumentExpression)) {
      members.add(parent.argumentExpression.text);
    } else if (ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent) || isInType(ref)) {
      // `_.DebouncedFunc` in a type position is erased.
      continue;
    } else {
      whole = true;
    }
  }
  return { members: [...members].sort(), whole, default: usesDefault };
}

/** Whether any binding of an import clause is referred to as a value (see `fromImportDeclaration`). */
function importsAValue(clause: ts.ImportClause, sf: ts.SourceFile): boolean {
  return importClauseBindings(clause).some((id) => usedAsValue(id, sf));
}

/** The local names an import clause binds, `type` specifiers left out. */
export function importClauseBindings(clause: ts.ImportClause): ts.Identifier[] {
  const b = clause.namedBindings;
  return [...(clause.name ? [clause.name] : []), ...(b && ts.isNamespaceImport(b) ? [b.name] : b ? b.elements.filter((el) => !el.isTypeOnly).map((el) => el.name) : [])];
}

/** A binding some reference uses as a value (see `isValueReference`). */
export function usedAsValue(name: ts.Identifier, sf: ts.SourceFile): boolean {
  return referencesTo(name, sf).some(isValueReference);
}

/** A reference the compiled JavaScript keeps: not in a type (`typeof X`, `X.Y` as a type name, `implements X`). */
export function isValueReference(ref: ts.Identifier): boolean {
  return !ts.isQualifiedName(ref.parent) && (!isInType(ref) || inClassExtends(ref));
}

/** `class A extends B` (a value, though its node is typed as a type node), unlike `interface A extends B` or `implements B`. */
function inClassExtends(ref: ts.Node): boolean {
  for (let p: ts.Node | undefined = ref.parent; p && !ts.isStatement(p); p = p.parent) {
    if (ts.isExpressionWithTypeArguments(p) && ts.isHeritageClause(p.parent)) {
      return p.parent.token === ts.SyntaxKind.ExtendsKeyword && (ts.isClassDeclaration(p.parent.parent) || ts.isClassExpression(p.parent.parent));
    }
  }
  return false;
}

function isInType(n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n.parent; p && !ts.isStatement(p); p = p.parent) {
    if (ts.isTypeNode(p)) return true;
    if (ts.isExpression(p) && !ts.isTypeNode(p)) return false;
  }
  return false;
}

/** Identifiers in `sf` that refer to the module binding `name` (not shadowed, not the declaration itself). */
export function referencesTo(name: ts.Identifier, sf: ts.SourceFile): ts.Identifier[] {
  return identifiersNamed(sf, name.text).filter((n) => n !== name && isReference(n) && !isShadowed(n));
}

/**
 * The identifiers of a tree with this text, in source order. Indexed per top-level statement
 * (analysis/tree-nodes `statementFacts`), so an edit indexes only the statements it changed.
 */
export function identifiersNamed(sf: ts.SourceFile, text: string): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  for (const byText of statementFacts(sf, 'identifiers-by-text', identifiersByText)) {
    const found = byText.get(text);
    if (found) for (const id of found) out.push(id);
  }
  return out;
}

function identifiersByText(statement: StatementNodes): Map<string, ts.Identifier[]> {
  const found = new Map<string, ts.Identifier[]>();
  for (const n of statement.ofKind(ts.SyntaxKind.Identifier)) {
    if (!ts.isIdentifier(n)) continue;
    const list = found.get(n.text);
    if (list) list.push(n);
    else found.set(n.text, [n]);
  }
  return found;
}

/** Whether an identifier is a value or type reference, not a property name or a declaration's name. */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && (p as ts.PropertyAccessExpression).name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p)) && p.name === id) return false;
  if ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === id) return false;
  if (ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isImportSpecifier(p)) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isBindingElement(p)) && p.name === id) return false;
  if (ts.isJsxAttribute(p) && p.name === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

/** `lodash/debounce` → `lodash`, `@mui/icons-material/Add` → `@mui/icons-material`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** A stable, short description of what is imported, used in cache keys and probes. */
export function namesKey(form: ImportForm, names: ImportedNames): string {
  if (form === 'side-effect') return 'side-effect';
  // Bundlers keep a required module whole: `require('x').a` still ships all of x.
  if (form === 'require') return 'require';
  if (names.whole) return form === 'dynamic' ? 'dynamic:*' : '*';
  const parts = [...new Set([...names.named, ...names.members])].sort();
  return `${names.default ? 'default;' : ''}${parts.join(',')}`;
}
