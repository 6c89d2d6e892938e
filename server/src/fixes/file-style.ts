/**
 * How a file writes its code, so lines a fix inserts look like the author's own: quote
 * character, semicolons, line ending and whether Node built-ins carry the `node:` prefix.
 */
import ts from 'typescript';
import { nodesOfKind } from '../analysis/tree-nodes';

export interface FileStyle {
  quote: "'" | '"';
  semicolon: boolean;
  eol: '\n' | '\r\n';
  /** Write built-in modules as `node:fs` rather than `fs`. */
  nodePrefix: boolean;
}

/**
 * Per tree, since a tree never changes and every fix of a file asks again: without this, a file
 * with ten findings was walked ten times per keystroke.
 */
const styles = new WeakMap<ts.SourceFile, FileStyle>();

export function detectStyle(sf: ts.SourceFile): FileStyle {
  let style = styles.get(sf);
  if (!style) {
    style = computeStyle(sf);
    styles.set(sf, style);
  }
  return { ...style };
}

function computeStyle(sf: ts.SourceFile): FileStyle {
  const text = sf.text;
  let single = 0;
  let double = 0;
  let withSemi = 0;
  let withoutSemi = 0;
  let prefixed = 0;
  let bare = 0;
  const countString = (node: ts.Node) => {
    const first = text[node.getStart(sf)];
    if (first === "'") single++;
    else if (first === '"') double++;
  };
  for (const stmt of sf.statements) {
    // Statements that can end in `;` tell the file's habit; blocks and declarations cannot.
    if (ts.isImportDeclaration(stmt) || ts.isVariableStatement(stmt) || ts.isExpressionStatement(stmt) || ts.isExportAssignment(stmt)) {
      if (text[stmt.getEnd() - 1] === ';') withSemi++;
      else withoutSemi++;
    }
  }
  for (const node of nodesOfKind(sf, ts.SyntaxKind.StringLiteral)) {
    if (ts.isStringLiteral(node)) {
      countString(node);
      const spec = node.text;
      const isModuleSpecifier =
        ts.isImportDeclaration(node.parent) || (ts.isCallExpression(node.parent) && ts.isIdentifier(node.parent.expression) && node.parent.expression.text === 'require');
      if (isModuleSpecifier) {
        if (spec.startsWith('node:')) prefixed++;
        else if (builtinModules.has(spec.split('/')[0] ?? spec)) bare++;
      }
    }
  }
  return {
    quote: double > single ? '"' : "'",
    // An empty file says nothing; most style guides use semicolons.
    semicolon: withSemi >= withoutSemi,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    // Files that import no built-in yet get the modern spelling.
    nodePrefix: prefixed > 0 || bare === 0,
  };
}

/** The built-ins a fix may import from, and their neighbours an author may have imported. */
const builtinModules = new Set([
  'fs',
  'child_process',
  'crypto',
  'zlib',
  'util',
  'path',
  'http',
  'https',
  'os',
  'stream',
  'url',
  'events',
  'buffer',
  'net',
  'http2',
  'worker_threads',
  'assert',
  'querystring',
]);

/** A module specifier as this file would write it: `node:` prefix and quote character. */
export function moduleLiteral(style: FileStyle, builtin: string): string {
  const spec = style.nodePrefix ? `node:${builtin}` : builtin;
  return `${style.quote}${spec}${style.quote}`;
}

export function endStatement(style: FileStyle): string {
  return style.semicolon ? ';' : '';
}
