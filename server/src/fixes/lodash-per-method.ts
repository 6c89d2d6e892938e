/**
 * Whole-lodash imports rewritten to per-method modules, uses included:
 *
 *   import _ from 'lodash';            →  import debounce from 'lodash/debounce';
 *   _.debounce(save, 300); _.get(o, p)     import get from 'lodash/get';
 *                                          debounce(save, 300); get(o, p)
 *
 * `import { debounce } from 'lodash'` and `const _ = require('lodash')` likewise; for
 * `lodash-es` the object import becomes named imports (`import { debounce, get } from 'lodash-es'`),
 * which tree-shake. No fix when the object is used as a value (`_(xs).map`, `_.chain`, passed to a
 * function): per-method modules cannot rebuild that, and a half-rewrite would not compile.
 */
import ts from 'typescript';
import type { Fix, TextEdit } from '../engine/finding';
import type { SourceDoc } from '../engine/source';
import { referencesTo } from '../analysis/package-imports';
import { propertyNameText } from '../analysis/bindings';
import { detectStyle, endStatement } from './file-style';
import { freeName, takenNames } from './module-bindings';

/** Lodash members that are not standalone functions, or need the whole library behind them. */
const notPerMethod = new Set(['chain', 'mixin', 'runInContext', 'noConflict', 'templateSettings', 'VERSION', 'prototype', 'wrapperValue', 'value', 'valueOf', 'toJSON', 'commit', 'next', 'plant']);

export interface LodashFixInput {
  doc: SourceDoc;
  /** The import declaration, or the variable statement holding `require('lodash')`. */
  statement: ts.ImportDeclaration | ts.VariableStatement;
  target: 'lodash' | 'lodash-es';
  /** Whether `lodash/<method>` exists; the rule checks the installed package. */
  hasMethod?: (method: string) => boolean;
}

export type LodashFixResult = { fix: Fix } | { reason: string };

interface Binding {
  /** Method name in lodash. */
  method: string;
  /** Local name the file already uses (named imports), or undefined to pick one. */
  local?: string;
}

export function lodashPerMethodFix(input: LodashFixInput): LodashFixResult {
  const { doc, statement, target } = input;
  const sf = doc.sourceFile;
  const style = detectStyle(sf);
  const semi = endStatement(style);
  const q = style.quote;
  const edits: TextEdit[] = [];
  const bindings: Binding[] = [];
  const typeOnly: string[] = [];
  let objectName: ts.Identifier | undefined;
  let isRequire = false;

  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) return { reason: 'nothing to rewrite' };
    if (clause.name) objectName = clause.name;
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) {
      if (objectName) return { reason: 'both a default and a namespace binding' };
      objectName = nb.name;
    } else if (nb) {
      for (const el of nb.elements) {
        const imported = propertyNameText(el.propertyName ?? el.name);
        if (imported === undefined) return { reason: 'an import name that is not an identifier' };
        if (el.isTypeOnly) typeOnly.push(el.getText(sf).replace(/^type\s+/, ''));
        else bindings.push({ method: imported, local: el.name.text });
      }
    }
  } else {
    isRequire = true;
    const decls = statement.declarationList.declarations;
    const decl = decls[0];
    if (decls.length !== 1 || !decl) return { reason: 'several declarations in one statement' };
    if (ts.isIdentifier(decl.name)) objectName = decl.name;
    else if (ts.isObjectBindingPattern(decl.name)) {
      for (const el of decl.name.elements) {
        const key = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        if (el.dotDotDotToken || key === undefined || !ts.isIdentifier(el.name) || el.initializer) return { reason: 'a destructuring pattern the fix cannot split' };
        bindings.push({ method: key, local: el.name.text });
      }
    } else return { reason: 'a destructuring pattern the fix cannot split' };
  }

  // Every use of the object must be `_.method`, so each can become a plain call.
  const memberUses: { node: ts.PropertyAccessExpression | ts.ElementAccessExpression; method: string }[] = [];
  if (objectName) {
    for (const ref of referencesTo(objectName, sf)) {
      const p = ref.parent;
      if (ts.isPropertyAccessExpression(p) && p.expression === ref) memberUses.push({ node: p, method: p.name.text });
      else if (ts.isElementAccessExpression(p) && p.expression === ref && ts.isStringLiteralLike(p.argumentExpression)) memberUses.push({ node: p, method: p.argumentExpression.text });
      else {
        const line = sf.getLineAndCharacterOfPosition(ref.getStart(sf)).line + 1;
        return { reason: `'${objectName.text}' is used as a value on line ${line} (a call, a chain or an argument), which per-method imports cannot replace` };
      }
      const assigned = ts.isBinaryExpression(p.parent) && p.parent.left === p && p.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      if (assigned) return { reason: `'${objectName.text}' is modified (mixin or assignment)` };
    }
  }
  for (const m of [...bindings.map((b) => b.method), ...memberUses.map((u) => u.method)]) {
    if (notPerMethod.has(m) || !/^[a-zA-Z]\w*$/.test(m) || (input.hasMethod && !input.hasMethod(m))) {
      return { reason: `'${m}' has no per-method module (${target === 'lodash' ? `lodash/${m}` : `lodash-es export ${m}`})` };
    }
  }

  // One local name per method: the existing one, else the method's own name if free.
  const taken = takenNames(sf);
  if (objectName) taken.delete(objectName.text);
  const localOf = new Map<string, string>();
  for (const b of bindings) if (b.local && !localOf.has(b.method)) localOf.set(b.method, b.local);
  for (const u of memberUses) {
    if (localOf.has(u.method)) continue;
    const local = freeName(taken, u.method, `lodash${u.method[0]!.toUpperCase()}${u.method.slice(1)}`);
    taken.add(local);
    localOf.set(u.method, local);
  }
  // Named imports that alias the same method twice (`{ get, get as pick }`) keep both names.
  const extraAliases = bindings.filter((b) => b.local && localOf.get(b.method) !== b.local);
  if (localOf.size === 0 && typeOnly.length === 0) return { reason: 'no lodash method is used' };

  const methods = [...localOf.keys()].sort();
  const lines: string[] = [];
  if (target === 'lodash-es') {
    const specs = methods.map((m) => (localOf.get(m) === m ? m : `${m} as ${localOf.get(m)}`));
    for (const a of extraAliases) specs.push(`${a.method} as ${a.local}`);
    if (isRequire) lines.push(`const { ${specs.map((s) => s.replace(' as ', ': ')).join(', ')} } = require(${q}lodash-es${q})${semi}`);
    else lines.push(`import { ${specs.join(', ')} } from ${q}lodash-es${q}${semi}`);
  } else {
    for (const m of methods) lines.push(moduleLine(localOf.get(m)!, m));
    for (const a of extraAliases) lines.push(moduleLine(a.local!, a.method));
  }
  if (typeOnly.length > 0) lines.push(`import type { ${typeOnly.join(', ')} } from ${q}${target}${q}${semi}`);

  edits.push({ range: doc.rangeOf(statement.getStart(sf), statement.getEnd()), newText: lines.join(style.eol) });
  for (const u of memberUses) edits.push({ range: doc.rangeOf(u.node.getStart(sf), u.node.getEnd()), newText: localOf.get(u.method)! });

  const title =
    target === 'lodash'
      ? `Import ${methods.length === 1 ? `'lodash/${methods[0]}'` : `${methods.length} lodash methods`} per method${memberUses.length ? ' and rewrite their uses' : ''}`
      : `Import ${methods.length === 1 ? `'${methods[0]}'` : `${methods.length} methods`} by name from 'lodash-es'`;
  return { fix: { title, edits, preferred: true } };

  function moduleLine(local: string, method: string): string {
    const spec = `${q}lodash/${method}${q}`;
    return isRequire ? `const ${local} = require(${spec})${semi}` : `import ${local} from ${spec}${semi}`;
  }
}
