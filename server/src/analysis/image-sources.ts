/**
 * Where an image's `src` points: a workspace file (a static path resolved against the file,
 * the package's `public/` and `static/` folders and tsconfig path aliases, or an imported
 * asset), or nothing we can read, with the reason in words for the user.
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { packageRoot } from './file-roles';
import { attribute, type ImageElement, type MarkupFacts } from './markup-elements';
import { resolveWorkspaceImport } from './module-resolution';

export type ImageSource =
  | { kind: 'file'; path: string; /** How the source names it, for messages. */ display: string; imported: boolean }
  /** A `data:` URI: nothing to fetch, so nothing to wait for. */
  | { kind: 'inline' }
  | { kind: 'unknown'; reason: string };

const imageExtension = /\.(png|apng|jpe?g|jfif|gif|webp|avif|svg|bmp|ico|tiff?)$/i;

export function isImageSpecifier(spec: string): boolean {
  return imageExtension.test(spec.replace(/[?#].*$/, ''));
}

export function imageSourceOf(project: Project, doc: SourceDoc, el: ImageElement, facts: MarkupFacts): ImageSource {
  const src = attribute(el, 'src');
  if (!src && el.spreads.length > 0) return { kind: 'unknown', reason: `its \`src\` is passed in \`{...${shorten(el.spreads[0]!.text)}}\`` };
  if (!src || src.bare) return { kind: 'unknown', reason: 'it has no `src`' };
  if (src.value !== undefined) return staticSource(project, doc, src.value);
  const expr = (src.expression ?? '').trim();
  const imported = importedAsset(expr, facts);
  if (imported) {
    const file = resolveWorkspaceImport(project, doc.path, imported);
    if (file) return { kind: 'file', path: file, display: imported, imported: true };
    return { kind: 'unknown', reason: `the imported asset \`${imported}\` was not found in the workspace` };
  }
  const literal = stringLiteral(expr);
  if (literal !== undefined) return staticSource(project, doc, literal);
  if (makesDataUrl(doc, expr) || namedDataUrl(expr)) return { kind: 'inline' };
  return { kind: 'unknown', reason: `its \`src\` is computed at run time (\`${shorten(expr)}\`)` };
}

/** `hero` or `hero.src` where `hero` is a default import of an image file. */
export function importedAsset(expr: string, facts: MarkupFacts): string | undefined {
  const m = /^([A-Za-z_$][\w$]*)(\.src)?$/.exec(expr.trim());
  const spec = m ? facts.imports.get(m[1]!) : undefined;
  return spec !== undefined && isImageSpecifier(spec) ? spec : undefined;
}

/**
 * A value whose name says it is a `data:` URI (`signatureImageAsBase64`, `qrCodeDataUrl`,
 * `` `${avatarDataURI}` ``): as an `src` it can only work as one, since bare base64 is no URL.
 */
function namedDataUrl(expr: string): boolean {
  const inner = /^`\$\{([^`]*)\}`$/.exec(expr)?.[1] ?? expr;
  const last = /([A-Za-z_$][\w$]*)\s*!?\s*$/.exec(inner)?.[1];
  return last !== undefined && /(base64|data_?ur[il])$/i.test(last);
}

/** `canvas.toDataURL()`, dicebear's `createAvatar(…).toDataUri()`: a `data:` URI made in the page. */
const dataUrlCall = /\.(?:toDataUR[LI]|toDataUri)\s*\([^()]*\)\s*$/;

/**
 * Whether `src={expr}` is a `data:` URI made in the page: the call itself, or a `const` of the
 * same file whose value is that call (directly, or what a `useMemo`/`computed` callback returns).
 */
function makesDataUrl(doc: SourceDoc, expr: string): boolean {
  if (dataUrlCall.test(expr)) return true;
  if (!/^[A-Za-z_$][\w$]*$/.test(expr) || !doc.isScript || !/\.toDataUR[LI]|\.toDataUri/.test(doc.text)) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === expr && n.initializer) found = dataUrlValue(n.initializer);
    else ts.forEachChild(n, visit);
  };
  visit(doc.sourceFile);
  return found;
}

function dataUrlValue(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && /^toDataUR[LI]$|^toDataUri$/.test(e.expression.name.text)) return true;
  // useMemo(() => …, deps), computed(() => …): what the callback returns.
  if (ts.isCallExpression(e) && e.arguments[0] && (ts.isArrowFunction(e.arguments[0]) || ts.isFunctionExpression(e.arguments[0]))) {
    const body = e.arguments[0].body;
    if (!ts.isBlock(body)) return dataUrlValue(body);
    const returns = body.statements.filter(ts.isReturnStatement);
    return returns.length > 0 && returns.every((r) => r.expression !== undefined && dataUrlValue(r.expression));
  }
  return false;
}

function stringLiteral(expr: string): string | undefined {
  const sf = ts.createSourceFile('/src.ts', `(${expr})`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const st = sf.statements[0];
  let e = st && ts.isExpressionStatement(st) ? st.expression : undefined;
  while (e && ts.isParenthesizedExpression(e)) e = e.expression;
  return e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;
}

function staticSource(project: Project, doc: SourceDoc, raw: string): ImageSource {
  const value = raw.trim();
  if (/^data:/i.test(value)) return { kind: 'inline' };
  if (/^([a-z][a-z0-9+.-]*:)?\/\//i.test(value)) return { kind: 'unknown', reason: `its \`src\` is a remote URL (${shorten(value)}); Hotpath reads only workspace files` };
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value === '') return { kind: 'unknown', reason: `its \`src\` (${shorten(value) || 'empty'}) is not a file path` };
  if (/\{\{|\$\{|<%|\{%/.test(value)) return { kind: 'unknown', reason: `its \`src\` is filled in by a template (${shorten(value)})` };
  let p = value.replace(/[?#].*$/, '');
  try {
    p = decodeURI(p);
  } catch {
    // keep the raw text: a stray % is not a reason to fail
  }
  const dir = path.posix.dirname(doc.path);
  const root = packageRoot(project, doc.path) || dir;
  const candidates: string[] = [];
  if (p.startsWith('/')) {
    // Root-relative URLs are served from the bundler's public folder (Next, Vite, CRA: public/; SvelteKit: static/).
    candidates.push(`${root}/public${p}`, `${root}/static${p}`, `${root}${p}`);
    if (doc.kind === 'html') candidates.push(path.posix.join(dir, p));
  } else {
    const alias = p.startsWith('.') ? undefined : resolveWorkspaceImport(project, doc.path, p);
    if (alias) candidates.push(alias);
    candidates.push(path.posix.resolve(dir, p));
    if (!p.startsWith('.')) candidates.push(`${root}/public/${p}`, `${root}/static/${p}`);
  }
  for (const c of candidates) {
    if (project.stat(c)?.isFile) return { kind: 'file', path: c, display: value, imported: false };
  }
  // Depend on where the file would be, so creating it there re-runs the analysis.
  for (const c of candidates) project.readBytes(c, 0);
  return { kind: 'unknown', reason: `its \`src\` (${shorten(value)}) was not found in the workspace` };
}

function shorten(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}
