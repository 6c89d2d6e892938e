/**
 * A Next.js page's data functions (`getServerSideProps`, `getStaticProps`, `getStaticPaths`) run
 * on the server only: Next removes them from the page's client bundle, then every top-level
 * binding and import that only they used (its SSG transform), so a page that imports Prisma, a
 * Notion client or a data-access module for `getStaticProps` ships none of it to the browser.
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { importClauseBindings, isValueReference, referencesTo } from './package-imports';

const dataFunctions = new Set(['getServerSideProps', 'getStaticProps', 'getStaticPaths']);

/** A file of a Next.js `pages/` folder (API routes aside) whose text names a data function: the only ones worth parsing. */
export function mayHaveDataFunctions(doc: SourceDoc): boolean {
  return /\/pages\//.test(doc.path) && !/\/pages\/api\//.test(doc.path) && /\bget(?:ServerSideProps|StaticProps|StaticPaths)\b/.test(doc.text);
}

/** `serverOnlySpecifiers` of `doc`, kept per version of it; undefined for a file that cannot have data functions. */
export function serverOnlySpecifiersOf(project: Project, doc: SourceDoc): ReadonlySet<string> | undefined {
  return mayHaveDataFunctions(doc) ? project.memo(doc, 'next-data-functions', serverOnlySpecifiers) : undefined;
}

/**
 * The module specifiers of a page that only its data functions use (directly, or through
 * top-level helpers only they call): every import and `export … from` naming them is removed from
 * the client bundle. In TypeScript, uses in types do not count (the compiler erases them).
 * Only `serverOnlySpecifiersOf` calls it, for a file `mayHaveDataFunctions` accepted.
 */
function serverOnlySpecifiers(doc: SourceDoc): Set<string> {
  const out = new Set<string>();
  const sf = doc.sourceFile;
  const typesErased = /\.[cm]?tsx?$/.test(doc.path);
  const removed = new Set<ts.Statement>();
  const declared = new Map<ts.Statement, ts.Identifier[]>();
  for (const s of sf.statements) {
    const names = declaredNames(s);
    if (names.length === 0) continue;
    if (names.every((n) => dataFunctions.has(n.text))) removed.add(s);
    else if (!isExported(s)) declared.set(s, names);
  }
  if (removed.size === 0 && !sf.statements.some((s) => ts.isExportDeclaration(s) && reExportsOnlyData(s))) return out;
  const outside = (id: ts.Identifier) => referencesTo(id, sf).some((r) => (!typesErased || isValueReference(r)) && !removed.has(topStatement(r, sf)));
  // A helper only removed code uses is removed in turn (it may use other helpers).
  for (let changed = true; changed; ) {
    changed = false;
    for (const [s, names] of declared) {
      if (removed.has(s) || names.some((n) => referencesTo(n, sf).length === 0 || outside(n))) continue;
      removed.add(s);
      changed = true;
    }
  }
  const kept = new Set<string>();
  const dropped = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      const clause = s.importClause;
      const ids = clause ? importClauseBindings(clause) : [];
      // A side-effect import, or one whose binding a kept statement uses, stays.
      (clause && (clause.isTypeOnly || ids.length > 0) && !ids.some(outside) ? dropped : kept).add(s.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(s) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
      (reExportsOnlyData(s) || s.isTypeOnly ? dropped : kept).add(s.moduleSpecifier.text);
    }
  }
  for (const m of dropped) if (!kept.has(m)) out.add(m);
  return out;
}

function declaredNames(s: ts.Statement): ts.Identifier[] {
  if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) return [s.name];
  if (!ts.isVariableStatement(s)) return [];
  const out: ts.Identifier[] = [];
  const add = (b: ts.BindingName): void => {
    if (ts.isIdentifier(b)) out.push(b);
    else for (const el of b.elements) if (!ts.isOmittedExpression(el)) add(el.name);
  };
  for (const d of s.declarationList.declarations) add(d.name);
  return out;
}

function isExported(s: ts.Statement): boolean {
  return ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** `export { getStaticProps, getStaticPaths } from './index'`: a page borrowing another's data functions. */
function reExportsOnlyData(s: ts.ExportDeclaration): boolean {
  const clause = s.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((el) => el.isTypeOnly || dataFunctions.has(el.name.text));
}

function topStatement(n: ts.Node, sf: ts.SourceFile): ts.Statement {
  let s = n;
  while (s.parent && s.parent !== sf) s = s.parent;
  return s as ts.Statement;
}
