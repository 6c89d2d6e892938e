/**
 * What a file imports (ESM `import` and CommonJS `require` at the top level), and how to get
 * a name into scope with the fewest edits: reuse a binding, add a name to an existing import
 * list, or add an import line in the file's own module style.
 */
import ts from 'typescript';
import { identifiersNamed } from '../analysis/package-imports';
import { normalizeModule, requireSpecifier } from '../analysis/bindings';

export interface ModuleImport {
  /** Module specifier without the `node:` prefix, e.g. 'fs', 'fs/promises', 'bcrypt'. */
  module: string;
  style: 'esm' | 'cjs';
  /** Undefined for an import a fix is adding: it is not in the file yet. */
  statement?: ts.Statement;
  /** A binding for the whole module object: `import * as fs`, `import fs from`, `const fs = require(…)`. */
  namespace?: string;
  /** Imported name → local name. */
  named: Map<string, string>;
  /** Where more names can be added: `{ a, b }` of an import or of a destructured require. */
  list?: ts.NamedImports | ts.ObjectBindingPattern;
}

/** `require('x')` as a normalized module name (`node:` prefix removed), else undefined. */
function requiredModule(expr: ts.Expression | undefined): string | undefined {
  const spec = expr && requireSpecifier(expr);
  return spec === undefined ? undefined : normalizeModule(spec);
}

/** The file's top-level imports and requires, in source order. */
export function collectImports(sf: ts.SourceFile): ModuleImport[] {
  const out: ModuleImport[] = [];
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const clause = stmt.importClause;
      const imp: ModuleImport = { module: normalizeModule(stmt.moduleSpecifier.text), style: 'esm', statement: stmt, named: new Map() };
      out.push(imp);
      // `import type` brings no value into scope.
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) imp.namespace = clause.name.text;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imp.namespace = bindings.name.text;
      if (bindings && ts.isNamedImports(bindings)) {
        imp.list = bindings;
        for (const el of bindings.elements) {
          if (!el.isTypeOnly) imp.named.set((el.propertyName ?? el.name).text, el.name.text);
        }
      }
    } else if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference)) {
      const spec = stmt.moduleReference.expression;
      if (ts.isStringLiteral(spec) && !stmt.isTypeOnly) {
        out.push({ module: normalizeModule(spec.text), style: 'esm', statement: stmt, namespace: stmt.name.text, named: new Map() });
      }
    } else if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        const imp = fromRequireDeclaration(stmt, decl);
        if (imp) out.push(imp);
      }
    }
  }
  return out;
}

function fromRequireDeclaration(stmt: ts.VariableStatement, decl: ts.VariableDeclaration): ModuleImport | undefined {
  const init = decl.initializer;
  let module = requiredModule(init);
  let member: string | undefined;
  if (!module && init && ts.isPropertyAccessExpression(init)) {
    // `require('fs').promises` is fs/promises; `require('child_process').execSync` one name.
    const base = requiredModule(init.expression);
    if (base === 'fs' && init.name.text === 'promises') module = 'fs/promises';
    else if (base) {
      module = base;
      member = init.name.text;
    }
  }
  if (!module) return undefined;
  const imp: ModuleImport = { module, style: 'cjs', statement: stmt, named: new Map() };
  if (ts.isIdentifier(decl.name)) {
    if (member) imp.named.set(member, decl.name.text);
    else imp.namespace = decl.name.text;
  } else if (ts.isObjectBindingPattern(decl.name) && !member) {
    imp.list = decl.name;
    for (const el of decl.name.elements) {
      if (el.dotDotDotToken || !ts.isIdentifier(el.name)) continue;
      const prop = el.propertyName ?? el.name;
      if (ts.isIdentifier(prop) || ts.isStringLiteral(prop)) imp.named.set(prop.text, el.name.text);
    }
  }
  return imp;
}

/** How `name` of `module` is reachable at the top level of the file, if it is. */
export function existingBinding(imports: readonly ModuleImport[], module: string, name: string): string | undefined {
  for (const imp of imports) {
    if (imp.module !== module) continue;
    const local = imp.named.get(name);
    if (local) return local;
  }
  for (const imp of imports) {
    if (imp.module === module && imp.namespace) return `${imp.namespace}.${name}`;
  }
  if (module === 'fs/promises') {
    // `import { promises as fsp } from 'fs'` and `fs.promises` are the same module object.
    for (const imp of imports) {
      if (imp.module !== 'fs') continue;
      const local = imp.named.get('promises');
      if (local) return `${local}.${name}`;
    }
  }
  return undefined;
}

/**
 * Names that a new binding must not reuse: every identifier the file declares or refers to,
 * except property names, which live in another namespace. Each caller gets its own set (fixes
 * add the names they introduce).
 */
export function takenNames(sf: ts.SourceFile): TakenNames {
  return new TakenNames(sf);
}

/**
 * Answers a name at a time from the tree's identifier index: fixes ask about a few names each,
 * and building (then copying, per fix) the set of every name of a 3,000-line module cost more
 * than the rest of its fixes.
 */
export class TakenNames {
  private readonly added = new Set<string>();
  private readonly released = new Set<string>();

  constructor(private readonly sf: ts.SourceFile) {}

  has(name: string): boolean {
    if (this.added.has(name)) return true;
    return !this.released.has(name) && usedInFile(this.sf, name);
  }

  add(name: string): this {
    this.added.add(name);
    this.released.delete(name);
    return this;
  }

  /** The fix removes the file's binding of `name` (a rewritten import): it is free again. */
  delete(name: string): void {
    this.added.delete(name);
    this.released.add(name);
  }
}

/** Per tree (trees never change): names already looked up. */
const usedNames = new WeakMap<ts.SourceFile, Map<string, boolean>>();

function usedInFile(sf: ts.SourceFile, name: string): boolean {
  let known = usedNames.get(sf);
  if (!known) usedNames.set(sf, (known = new Map()));
  let used = known.get(name);
  if (used === undefined) {
    used = identifiersNamed(sf, name).some((id) => !isPropertyNameOnly(id));
    known.set(name, used);
  }
  return used;
}

function isPropertyNameOnly(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if (ts.isQualifiedName(p) && p.right === id) return true;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p)) && p.name === id) return true;
  return false;
}

/** The first of `candidates` not yet taken, else the first with a counter. */
export function freeName(taken: { has(name: string): boolean }, ...candidates: string[]): string {
  for (const c of candidates) if (!taken.has(c)) return c;
  const base = candidates[candidates.length - 1] ?? 'value';
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** Whether the file is an ES module (imports) or CommonJS (requires, or `.cjs`/`.cts`). */
export function moduleStyleOf(sf: ts.SourceFile, imports: readonly ModuleImport[]): 'esm' | 'cjs' {
  if (imports.some((i) => i.style === 'esm')) return 'esm';
  if (imports.some((i) => i.style === 'cjs')) return 'cjs';
  if (/\.c[jt]s$/.test(sf.fileName)) return 'cjs';
  if (/\.m[jt]s$|\.tsx?$/.test(sf.fileName)) return 'esm';
  return /\b(module\.exports|exports\.\w+)\s*=/.test(sf.text) ? 'cjs' : 'esm';
}

/**
 * Where new import lines and top-level declarations go: after the last import (ESM) or the
 * last top-level require (CommonJS). `after` says whether the text goes after that statement
 * (prefixed by a line break) or before the first statement (followed by one).
 */
export function insertionAnchor(sf: ts.SourceFile, imports: readonly ModuleImport[], style: 'esm' | 'cjs'): { offset: number; after: boolean } {
  const same = imports.filter((i) => i.style === style && i.statement);
  const last = same[same.length - 1]?.statement;
  if (last) return { offset: last.getEnd(), after: true };
  // Keep 'use strict' and other directives first.
  const first = sf.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
  if (first) return { offset: first.getStart(sf), after: false };
  return { offset: sf.getEnd(), after: true };
}
