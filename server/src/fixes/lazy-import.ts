/**
 * Move a heavy static import out of the initial bundle, offered (never preferred: it changes when
 * the code loads):
 *
 * - used only inside event handlers (`onClick={…}`, `addEventListener(…, fn)`, `handleX`
 *   functions): each handler becomes async and loads the module with `await import('x')`;
 * - a React component used only as a JSX element: `const X = lazy(() => import('x'))`, each
 *   element wrapped in `<Suspense fallback={null}>`.
 *
 * Anything else (a use at module top level or during render, a type use) gets no fix.
 */
import ts from 'typescript';
import type { Fix, TextEdit } from '../engine/finding';
import type { SourceDoc } from '../engine/source';
import { referencesTo, type PackageImport } from '../analysis/package-imports';
import { propertyNameText } from '../analysis/bindings';
import { detectStyle, endStatement } from './file-style';
import { collectImports, freeName, takenNames } from './module-bindings';

export type LazyFixResult = { fix: Fix } | { reason: string };

interface Imported {
  /** `default` or the exported name. */
  exported: string;
  local: ts.Identifier;
}

export function lazyImportFix(doc: SourceDoc, imp: PackageImport): LazyFixResult {
  const stmt = imp.node;
  if (!ts.isImportDeclaration(stmt) || !stmt.importClause || stmt.importClause.isTypeOnly) return { reason: 'not a static import' };
  const clause = stmt.importClause;
  if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) return { reason: 'a namespace import' };
  const sf = doc.sourceFile;
  const imported: Imported[] = [];
  if (clause.name) imported.push({ exported: 'default', local: clause.name });
  if (clause.namedBindings) {
    for (const el of clause.namedBindings.elements) {
      if (el.isTypeOnly) return { reason: 'type imports from the same module' };
      imported.push({ exported: propertyNameText(el.propertyName ?? el.name) ?? el.name.text, local: el.name });
    }
  }
  if (imported.length === 0) return { reason: 'nothing is imported' };
  const refs = imported.map((i) => ({ i, refs: referencesTo(i.local, sf) }));
  if (refs.some((r) => r.refs.length === 0)) return { reason: 'an imported name is unused' };

  const handlerEdits = viaHandlers(doc, stmt, refs);
  if ('fix' in handlerEdits) return handlerEdits;
  const lazyEdits = viaReactLazy(doc, stmt, refs);
  if ('fix' in lazyEdits) return lazyEdits;
  return { reason: `${handlerEdits.reason}; ${lazyEdits.reason}` };
}

/** The event handler a reference sits in, if its only way to run is an event. */
function enclosingHandler(ref: ts.Node): ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | undefined {
  for (let n: ts.Node | undefined = ref.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n)) {
      const p = n.parent;
      // onClick={() => …}
      if (p && ts.isJsxExpression(p) && ts.isJsxAttribute(p.parent) && /^on[A-Z]/.test(p.parent.name.getText())) return n;
      // el.addEventListener('click', () => …)
      if (p && ts.isCallExpression(p) && p.arguments.includes(n as ts.Expression) && ts.isPropertyAccessExpression(p.expression) && p.expression.name.text === 'addEventListener') return n;
      // function handleExport() {…} / const onSave = () => …
      const name = ts.isFunctionDeclaration(n) ? n.name?.text : p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) ? p.name.text : undefined;
      if (name && /^(handle|on)[A-Z]/.test(name)) return n;
      // A callback inside a handler (rows.map(r => …)) runs when the handler does: keep looking.

    }
  }
  return undefined;
}

function viaHandlers(doc: SourceDoc, stmt: ts.ImportDeclaration, refs: { i: Imported; refs: ts.Identifier[] }[]): LazyFixResult {
  const sf = doc.sourceFile;
  const style = detectStyle(sf);
  const semi = endStatement(style);
  const handlers = new Map<ts.Node, ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration>();
  for (const { refs: rs } of refs) {
    for (const r of rs) {
      const h = enclosingHandler(r);
      if (!h) return { reason: `'${r.text}' is used outside an event handler` };
      if (h.asteriskToken) return { reason: 'a generator handler' };
      handlers.set(h, h);
    }
  }
  const spec = `${style.quote}${(stmt.moduleSpecifier as ts.StringLiteral).text}${style.quote}`;
  const pattern = `{ ${refs.map(({ i }) => (i.exported === i.local.text ? i.local.text : `${i.exported}: ${i.local.text}`)).join(', ')} }`;
  const load = `const ${pattern} = await import(${spec})${semi}`;
  const edits: TextEdit[] = [{ range: doc.rangeOf(stmt.getStart(sf), lineEnd(sf, stmt.getEnd())), newText: '' }];
  for (const h of handlers.values()) {
    const isAsync = (ts.getCombinedModifierFlags(h) & ts.ModifierFlags.Async) !== 0;
    if (!isAsync) {
      // Before `function`, not before `export`: `export async function`, never `async export`.
      const keyword = ts.isArrowFunction(h) ? undefined : h.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
      const at = (keyword ?? h).getStart(sf);
      edits.push({ range: doc.rangeOf(at, at), newText: 'async ' });
    }
    const body = h.body;
    if (!body) return { reason: 'a handler without a body' };
    if (ts.isBlock(body)) {
      const indent = indentOf(sf, body.statements[0] ?? body) + (body.statements.length === 0 ? '  ' : '');
      const at = body.getStart(sf) + 1;
      edits.push({ range: doc.rangeOf(at, at), newText: `${style.eol}${indent}${load}` });
    } else {
      const indent = indentOf(sf, h);
      edits.push({ range: doc.rangeOf(body.getStart(sf), body.getEnd()), newText: `{${style.eol}${indent}  ${load}${style.eol}${indent}  ${body.getText(sf)}${semi}${style.eol}${indent}}` });
    }
  }
  const n = handlers.size;
  return { fix: { title: `Load '${(stmt.moduleSpecifier as ts.StringLiteral).text}' when the event fires (import() in ${n === 1 ? 'the handler' : `${n} handlers`})`, edits, preferred: false } };
}

function viaReactLazy(doc: SourceDoc, stmt: ts.ImportDeclaration, refs: { i: Imported; refs: ts.Identifier[] }[]): LazyFixResult {
  const sf = doc.sourceFile;
  if (refs.length !== 1) return { reason: 'React.lazy takes one component per import' };
  const { i, refs: rs } = refs[0]!;
  if (!/^[A-Z]/.test(i.local.text)) return { reason: 'not a component name' };
  const elements: (ts.JsxElement | ts.JsxSelfClosingElement)[] = [];
  for (const r of rs) {
    const p = r.parent;
    if (ts.isJsxSelfClosingElement(p) && p.tagName === r) elements.push(p);
    else if (ts.isJsxOpeningElement(p) && p.tagName === r) elements.push(p.parent);
    else if (ts.isJsxClosingElement(p)) continue;
    else return { reason: `'${r.text}' is used as a value, not only as a JSX element` };
  }
  const style = detectStyle(sf);
  const semi = endStatement(style);
  const q = style.quote;
  const imports = collectImports(sf);
  const react = imports.find((m) => m.module === 'react');
  const taken = takenNames(sf);
  const edits: TextEdit[] = [];
  let prefix = '';
  let lazy: string;
  let suspense: string;
  if (react?.namespace) {
    lazy = `${react.namespace}.lazy`;
    suspense = `${react.namespace}.Suspense`;
  } else {
    lazy = react?.named.get('lazy') ?? freeName(taken, 'lazy');
    suspense = react?.named.get('Suspense') ?? freeName(taken, 'Suspense');
    const missing = [...(react?.named.has('lazy') ? [] : ['lazy']), ...(react?.named.has('Suspense') ? [] : ['Suspense'])];
    if (missing.length > 0) {
      if (react?.list && ts.isNamedImports(react.list)) {
        const last = react.list.elements[react.list.elements.length - 1];
        if (last) edits.push({ range: doc.rangeOf(last.getEnd(), last.getEnd()), newText: `, ${missing.join(', ')}` });
        else return { reason: 'an empty react import list' };
      } else {
        prefix = `import { ${missing.join(', ')} } from ${q}react${q}${semi}${style.eol}`;
      }
    }
  }
  const spec = `${q}${(stmt.moduleSpecifier as ts.StringLiteral).text}${q}`;
  const loader = i.exported === 'default' ? `import(${spec})` : `import(${spec}).then((m) => ({ default: m.${i.exported} }))`;
  edits.push({ range: doc.rangeOf(stmt.getStart(sf), stmt.getEnd()), newText: `${prefix}const ${i.local.text} = ${lazy}(() => ${loader})${semi}` });
  for (const el of elements) {
    edits.push({ range: doc.rangeOf(el.getStart(sf), el.getStart(sf)), newText: `<${suspense} fallback={null}>` });
    edits.push({ range: doc.rangeOf(el.getEnd(), el.getEnd()), newText: `</${suspense}>` });
  }
  return { fix: { title: `Load <${i.local.text}> lazily (React.lazy and Suspense)`, edits, preferred: false } };
}

function lineEnd(sf: ts.SourceFile, pos: number): number {
  const text = sf.text;
  let end = pos;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return end;
}

function indentOf(sf: ts.SourceFile, node: ts.Node): string {
  const start = node.getStart(sf);
  const lineStart = sf.text.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t]*/.exec(sf.text.slice(lineStart, start))![0];
}
