/**
 * Image elements of a file, with every attribute's source range, in one shape for all the
 * markup Hotpath reads: JSX/TSX through the TypeScript AST, and HTML, Vue single-file
 * components and Svelte components through htmlparser2 (a tolerant tokenizer that reports
 * start/end offsets, so edits land on the exact text; a hand-written tag scanner would get
 * comments, raw-text elements and unquoted values wrong).
 *
 * Vue and Svelte `<script>` blocks are parsed with TypeScript for their imports, so an
 * `import hero from './hero.png'` bound into the template can be followed to the file.
 */
import ts from 'typescript';
import type * as HtmlParser2 from 'htmlparser2' with { 'resolution-mode': 'import' };
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { nodesOfKind } from './tree-nodes';

export type MarkupSyntax = 'jsx' | 'html' | 'vue' | 'svelte';

export interface MarkupAttribute {
  /** As written: `width`, `:width`, `v-bind:width`, `className`, `style:width`. */
  name: string;
  /** What it sets: `width` for all three width spellings, `class` for `className`, `style:width` stays. */
  key: string;
  /** The whole attribute. */
  start: number;
  end: number;
  /** A literal value: `"640"`, `{640}`, `{'640'}`; undefined when bound to an expression or absent. */
  value?: string;
  /** The source of a bound expression: JSX `{expr}`, Vue `:x="expr"`, Svelte `x={expr}`. */
  expression?: string;
  /** The bound expression's node (JSX only). */
  node?: ts.Expression;
  /** Written with no value at all (`hidden`, `fill`). */
  bare: boolean;
}

export interface ImageElement {
  syntax: MarkupSyntax;
  /** `img`, or the local name of next/image's component or of a library's image component. */
  tag: string;
  isNextImage: boolean;
  /**
   * A component library's image that renders an `<img>` with the props it is given and sizes it
   * by its own style props: Mantine's `<Image w h>` (`@mantine/core`).
   */
  library?: 'mantine';
  /** The opening tag (`<img … />` or `<img …>`). */
  start: number;
  end: number;
  /** Where a new attribute goes: after the last attribute, or after the tag name. */
  insertAt: number;
  attributes: MarkupAttribute[];
  /** `{...props}`, Vue `v-bind="obj"`, Svelte `{...$$restProps}`. */
  spreads: { text: string; node?: ts.Expression }[];
  /** Names of the enclosing elements, nearest first, lower-cased. */
  ancestors: string[];
  /**
   * The enclosing elements of the same component with their attributes, nearest first (one per
   * entry of `ancestors`), for stylesheet selectors such as `.navbar-logo img`. `tag` is as
   * written: `div`, or a component such as `ImageListItem`.
   */
  ancestorNodes: MarkupNode[];
}

/** An element around an image: enough to match it against CSS selectors. */
export interface MarkupNode {
  tag: string;
  attributes: MarkupAttribute[];
}

export interface MarkupFacts {
  images: ImageElement[];
  /**
   * Default and namespace imports of the file's scripts: local name → module specifier. In
   * Vue and Svelte files only scripts that import an asset are parsed for them.
   */
  imports: Map<string, string>;
}

// htmlparser2 ships only ES modules and this code base type-checks as CommonJS (module node16):
// the types come through an import-mode type import, the value through require, which esbuild
// bundles and Node 20 and tsx load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Parser } = require('htmlparser2') as typeof HtmlParser2;

const nextImageModules = new Set(['next/image', 'next/legacy/image', 'next/future/image']);

/** Local names of Mantine's `Image` (`import { Image } from '@mantine/core'`, `Image as MImage`). */
function mantineImages(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || st.moduleSpecifier.text !== '@mantine/core') continue;
    const nb = st.importClause?.namedBindings;
    if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) if ((el.propertyName ?? el.name).text === 'Image' && !el.isTypeOnly) out.add(el.name.text);
  }
  return out;
}

export function markupFacts(project: Project, doc: SourceDoc): MarkupFacts {
  return project.memo(doc, 'analysis:markup-images', computeMarkupFacts);
}

export function computeMarkupFacts(doc: SourceDoc): MarkupFacts {
  return factsOf(doc, false);
}

/**
 * Where the file renders other components (`<Logo />`, `<app-header>`): each use's tag as
 * written with its enclosing elements, nearest first, so a stylesheet selector can follow an
 * image past its own component's root into the markup around the component.
 */
export function componentUses(project: Project, doc: SourceDoc): ComponentUse[] {
  return project.memo(doc, 'analysis:markup-component-uses', (d) => factsOf(d, true).uses ?? []);
}

export interface ComponentUse {
  tag: string;
  ancestorNodes: MarkupNode[];
}

/** A component's tag rather than an HTML element: `Logo`, `Nav.Item`, `app-header`, `motion.div` excluded. */
const componentTag = /^(?:[A-Z][\w$]*(?:\.[\w$]+)*|[a-z][\w]*(?:-[\w]+)+)$/;

function factsOf(doc: SourceDoc, withUses: boolean): MarkupFacts & { uses?: ComponentUse[] } {
  if (doc.isScript) {
    const inline = angularInlineTemplate(doc);
    return inline === undefined ? jsxFacts(doc, withUses) : htmlFacts(doc, 'html', withUses, inline);
  }
  if (doc.kind === 'html' || doc.kind === 'vue' || doc.kind === 'svelte') return htmlFacts(doc, doc.kind, withUses);
  return { images: [], imports: new Map() };
}

/**
 * An Angular component's inline `template: \`…\`` (a `.ts` file, which holds no JSX): the file's
 * text with everything but the template blanked out (same length, so offsets index the file and
 * edits land in the template), or undefined when the file has none.
 */
export function angularInlineTemplate(doc: SourceDoc): string | undefined {
  if (!/\.[cm]?ts$/.test(doc.path) || !doc.text.includes('@Component') || !doc.text.includes('template')) return undefined;
  const m = /@Component\s*\(\s*\{[^]*?\btemplate\s*:\s*`/.exec(doc.text);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  let end = start;
  while (end < doc.text.length && doc.text[end] !== '`') end += doc.text[end] === '\\' ? 2 : 1;
  return doc.text.slice(0, start).replace(/[^\n]/g, ' ') + doc.text.slice(start, end) + doc.text.slice(end).replace(/[^\n]/g, ' ');
}

export function attribute(el: Pick<ImageElement, 'attributes'>, key: string): MarkupAttribute | undefined {
  return el.attributes.find((a) => a.key === key);
}

// ---------------------------------------------------------------------------------------------
// JSX

function importsOf(sf: ts.SourceFile): Map<string, string> {
  const imports = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.importClause || st.importClause.isTypeOnly) continue;
    const spec = st.moduleSpecifier.text;
    if (st.importClause.name) imports.set(st.importClause.name.text, spec);
    const nb = st.importClause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) imports.set(nb.name.text, spec);
    if (nb && ts.isNamedImports(nb)) {
      // `import { default as Image } from 'next/image'`
      for (const el of nb.elements) if ((el.propertyName ?? el.name).text === 'default') imports.set(el.name.text, spec);
    }
  }
  return imports;
}

function jsxFacts(doc: SourceDoc, withUses: boolean): MarkupFacts & { uses?: ComponentUse[] } {
  const sf = doc.sourceFile;
  const imports = importsOf(sf);
  const mantine = doc.text.includes('@mantine/core') ? mantineImages(sf) : new Set<string>();
  const images: ImageElement[] = [];
  const uses: ComponentUse[] = [];
  for (const node of nodesOfKind(sf, ts.SyntaxKind.JsxSelfClosingElement, ts.SyntaxKind.JsxOpeningElement)) {
    if (ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node)) {
      if (withUses) {
        const tag = node.tagName.getText(sf);
        if (componentTag.test(tag)) uses.push({ tag, ancestorNodes: jsxAncestors(sf, node).ancestorNodes });
        continue;
      }
      const el = jsxImage(sf, node, imports, mantine);
      if (el) images.push(el);
    }
  }
  return { images, imports, uses };
}

function jsxImage(sf: ts.SourceFile, node: ts.JsxSelfClosingElement | ts.JsxOpeningElement, imports: Map<string, string>, mantine: ReadonlySet<string>): ImageElement | undefined {
  const tag = node.tagName.getText(sf);
  const isNextImage = ts.isIdentifier(node.tagName) && nextImageModules.has(imports.get(tag) ?? '');
  const library = ts.isIdentifier(node.tagName) && mantine.has(tag) ? ('mantine' as const) : undefined;
  if (tag !== 'img' && !isNextImage && !library) return undefined;
  const { attributes, spreads } = jsxAttributes(sf, node);
  const last = node.attributes.properties[node.attributes.properties.length - 1];
  const { ancestors, ancestorNodes } = jsxAncestors(sf, node);
  return {
    syntax: 'jsx',
    tag,
    isNextImage,
    ...(library ? { library } : {}),
    start: node.getStart(sf),
    end: node.getEnd(),
    insertAt: last ? last.getEnd() : node.tagName.getEnd() + (node.typeArguments ? node.typeArguments.end - node.tagName.getEnd() : 0),
    attributes,
    spreads,
    ancestors,
    ancestorNodes,
  };
}

/** The JSX elements enclosing `node`, nearest first. */
function jsxAncestors(sf: ts.SourceFile, node: ts.JsxSelfClosingElement | ts.JsxOpeningElement): { ancestors: string[]; ancestorNodes: MarkupNode[] } {
  const ancestors: string[] = [];
  const ancestorNodes: MarkupNode[] = [];
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isJsxElement(p) && p.openingElement !== node) {
      const name = p.openingElement.tagName.getText(sf);
      ancestors.push(name.toLowerCase());
      ancestorNodes.push({ tag: name, attributes: jsxAttributes(sf, p.openingElement).attributes });
    }
    // `const props = { className: 'visual-card', children: <img … /> }; <Link {...props} />`: the
    // element the props object is spread into encloses the image, with the object's className.
    const wrapper = ts.isPropertyAssignment(p) && p.name.getText(sf) === 'children' && ts.isObjectLiteralExpression(p.parent) ? spreadInto(sf, p.parent) : undefined;
    if (wrapper) {
      ancestors.push(wrapper.tag.toLowerCase());
      ancestorNodes.push(wrapper);
    }
  }
  return { ancestors, ancestorNodes };
}

/** The element a props object (`const props = { … }`) is spread into in the same function, with the object's own attributes. */
function spreadInto(sf: ts.SourceFile, props: ts.ObjectLiteralExpression): MarkupNode | undefined {
  const decl = props.parent;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
  const name = decl.name.text;
  let scope: ts.Node = decl;
  while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  let target: ts.JsxOpeningLikeElement | undefined;
  const find = (n: ts.Node): void => {
    if (target) return;
    if (ts.isJsxSpreadAttribute(n) && ts.isIdentifier(n.expression) && n.expression.text === name) target = n.parent.parent;
    else ts.forEachChild(n, find);
  };
  find(scope);
  if (!target) return undefined;
  const attributes: MarkupAttribute[] = [];
  for (const q of props.properties) {
    if (!ts.isPropertyAssignment(q) || !['className', 'class', 'id'].includes(q.name.getText(sf))) continue;
    const key = q.name.getText(sf) === 'id' ? 'id' : 'class';
    const literal = ts.isStringLiteralLike(q.initializer) ? q.initializer.text : undefined;
    attributes.push({ name: q.name.getText(sf), key, start: q.getStart(sf), end: q.getEnd(), ...(literal !== undefined ? { value: literal } : { expression: q.initializer.getText(sf), node: q.initializer }), bare: false });
  }
  return { tag: target.tagName.getText(sf), attributes };
}

function jsxAttributes(sf: ts.SourceFile, node: ts.JsxSelfClosingElement | ts.JsxOpeningElement): { attributes: MarkupAttribute[]; spreads: ImageElement['spreads'] } {
  const attributes: MarkupAttribute[] = [];
  const spreads: ImageElement['spreads'] = [];
  for (const prop of node.attributes.properties) {
    if (ts.isJsxSpreadAttribute(prop)) {
      spreads.push({ text: prop.expression.getText(sf), node: prop.expression });
      continue;
    }
    const name = prop.name.getText(sf);
    const attr: MarkupAttribute = { name, key: name === 'className' ? 'class' : name, start: prop.getStart(sf), end: prop.getEnd(), bare: !prop.initializer };
    const init = prop.initializer;
    if (init && ts.isStringLiteral(init)) attr.value = init.text;
    else if (init && ts.isJsxExpression(init) && init.expression) {
      const e = init.expression;
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) attr.value = e.text;
      else if (ts.isNumericLiteral(e)) attr.value = e.text;
      else {
        attr.expression = e.getText(sf);
        attr.node = e;
      }
    }
    attributes.push(attr);
  }
  return { attributes, spreads };
}

// ---------------------------------------------------------------------------------------------
// HTML, Vue, Svelte

const assetImport = /\bimport\b[^;]*?['"][^'"]+\.(png|apng|jpe?g|jfif|gif|webp|avif|svg|bmp|ico|tiff?)([?#][^'"]*)?['"]/i;

/** Names whose content is not markup of the page's own layout. */
const rawScriptTags = new Set(['script', 'style']);

function htmlFacts(doc: SourceDoc, syntax: 'html' | 'vue' | 'svelte', withUses: boolean, masked?: string): MarkupFacts & { uses?: ComponentUse[] } {
  const text = doc.text;
  // Svelte's `{expr}` may hold spaces, quotes and `>`: hide them from the tokenizer (same
  // length, so offsets still index the real text); an Angular inline template is scanned alone.
  const scanned = masked ?? (syntax === 'svelte' ? maskBraces(text) : text);
  const images: ImageElement[] = [];
  const uses: ComponentUse[] = [];
  const outlets = new Map<string, MarkupNode[]>();
  const stack: string[] = [];
  /** The open elements as written, with their raw attributes (parsed only for an image's ancestors). */
  const openElements: { tag: string; raw: RawAttribute[] }[] = [];
  const scriptRanges: { start: number; end: number }[] = [];
  let attrs: RawAttribute[] = [];
  let openTagName = '';
  let openTagStart = 0;
  let scriptStart = -1;
  const parser: HtmlParser2.Parser = new Parser(
    {
      onopentagname(name) {
        openTagName = name;
        openTagStart = parser.startIndex;
        attrs = [];
      },
      onattribute(name) {
        attrs.push({ name, start: parser.startIndex, end: parser.endIndex });
      },
      onopentag(name) {
        const end = parser.endIndex + 1;
        const around = () => openElements.map((o) => ({ tag: o.tag, attributes: htmlAttributes(text, syntax, o.tag, 0, o.raw).attributes })).reverse();
        if (withUses) {
          if (componentTag.test(openTagName) && !stack.some((s) => rawScriptTags.has(s))) uses.push({ tag: openTagName, ancestorNodes: around() });
        } else if (name.toLowerCase() === 'img' && !stack.some((s) => rawScriptTags.has(s))) {
          images.push(htmlImage(text, syntax, openTagName, openTagStart, end, attrs, [...stack].reverse(), around()));
        }
        if (syntax === 'html' && !withUses) {
          // Angular `<ng-container [ngTemplateOutlet]="ref">` renders `<ng-template #ref>` here.
          const outlet = attrs.map((a) => /^(?:\[ngTemplateOutlet\]|\*ngTemplateOutlet)\s*=\s*["']\s*([\w$]+)/.exec(text.slice(a.start, a.end))?.[1]).find(Boolean);
          if (outlet && !outlets.has(outlet)) outlets.set(outlet, [{ tag: openTagName, attributes: htmlAttributes(text, syntax, openTagName, 0, attrs).attributes }, ...around()]);
        }
        if (name.toLowerCase() === 'script') scriptStart = end;
        stack.push(name.toLowerCase());
        openElements.push({ tag: openTagName, raw: attrs });
      },
      onclosetag(name) {
        const lower = name.toLowerCase();
        if (lower === 'script' && scriptStart >= 0) {
          scriptRanges.push({ start: scriptStart, end: parser.startIndex });
          scriptStart = -1;
        }
        const i = stack.lastIndexOf(lower);
        if (i >= 0) {
          stack.length = i;
          openElements.length = i;
        }
      },
    },
    { lowerCaseTags: false, lowerCaseAttributeNames: false, recognizeSelfClosing: syntax !== 'html', decodeEntities: true },
  );
  parser.end(scanned);
  if (outlets.size > 0) for (const img of images) throughTemplateOutlet(img, outlets);
  const imports = new Map<string, string>();
  for (const r of scriptRanges) {
    const script = text.slice(r.start, r.end);
    // Parsing a long <script setup> costs more than the whole template: only when an asset is imported.
    if (images.length === 0 || !assetImport.test(script)) continue;
    const sf = ts.createSourceFile(`${doc.path}.script.ts`, script, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    for (const [k, v] of importsOf(sf)) imports.set(k, v);
  }
  return { images, imports, uses };
}

type RawAttribute = { name: string; start: number; end: number };

/**
 * An image inside `<ng-template #ref>` is laid out where an outlet renders `ref`: its enclosing
 * elements go on with the outlet's (the first outlet of that template in the file).
 */
function throughTemplateOutlet(img: ImageElement, outlets: Map<string, MarkupNode[]>): void {
  const k = img.ancestorNodes.findIndex((n) => n.tag === 'ng-template');
  const ref = k < 0 ? undefined : img.ancestorNodes[k]!.attributes.find((a) => a.name.startsWith('#'))?.name.slice(1);
  const around = ref !== undefined ? outlets.get(ref) : undefined;
  if (!around) return;
  img.ancestorNodes = [...img.ancestorNodes.slice(0, k + 1), ...around];
  img.ancestors = [...img.ancestors.slice(0, k + 1), ...around.map((n) => n.tag.toLowerCase())];
}

function htmlImage(
  text: string,
  syntax: 'html' | 'vue' | 'svelte',
  tag: string,
  start: number,
  end: number,
  raw: RawAttribute[],
  ancestors: string[],
  ancestorNodes: MarkupNode[],
): ImageElement {
  const { attributes, spreads, insertAt } = htmlAttributes(text, syntax, tag, start, raw);
  return { syntax, tag, isNextImage: false, start, end, insertAt, attributes, spreads, ancestors, ancestorNodes };
}

/** Angular bindings that set a plain attribute, a class list or a style: `[width]`, `[attr.width]`, `[ngClass]`, `[style.width.px]`. */
function angularBinding(name: string): string | undefined {
  const m = /^\[(?:attr\.)?([\w.-]+)\]$/.exec(name);
  if (!m) return undefined;
  const target = m[1]!;
  if (target === 'ngClass' || target === 'className') return 'class';
  if (target === 'ngStyle') return 'style';
  const style = /^style\.([\w-]+)(\.\w+)?$/.exec(target);
  if (style) return `style:${style[1]}`;
  return target.includes('.') ? undefined : target;
}

function htmlAttributes(
  text: string,
  syntax: 'html' | 'vue' | 'svelte',
  tag: string,
  start: number,
  raw: RawAttribute[],
): { attributes: MarkupAttribute[]; spreads: ImageElement['spreads']; insertAt: number } {
  const attributes: MarkupAttribute[] = [];
  const spreads: ImageElement['spreads'] = [];
  let insertAt = start + 1 + tag.length;
  for (const r of raw) {
    let source = text.slice(r.start, r.end).trimEnd();
    // An unquoted value right before `/>` swallows the slash.
    if (source.endsWith('/') && text[r.start + source.length] === '>') source = source.slice(0, -1);
    const attrEnd = r.start + source.length;
    insertAt = Math.max(insertAt, attrEnd);
    const eq = source.indexOf('=');
    const name = eq < 0 ? source : source.slice(0, eq).trim();
    let rawValue = eq < 0 ? undefined : source.slice(eq + 1).trim();
    const quoted = rawValue !== undefined && /^(["']).*\1$/s.test(rawValue);
    if (quoted) rawValue = rawValue!.slice(1, -1);
    if (syntax === 'svelte' && /^\{\s*\.\.\./.test(name)) {
      spreads.push({ text: name.replace(/^\{\s*\.\.\.|\}$/g, '').trim() });
      continue;
    }
    if (syntax === 'vue' && (name === 'v-bind' || name === ':')) {
      spreads.push({ text: rawValue ?? '' });
      continue;
    }
    const attr: MarkupAttribute = { name, key: name, start: r.start, end: attrEnd, bare: rawValue === undefined };
    const bound = syntax === 'html' ? angularBinding(name) : undefined;
    if (syntax === 'vue' && (name.startsWith(':') || name.startsWith('v-bind:'))) {
      attr.key = name.replace(/^(v-bind)?:/, '').replace(/\.(prop|attr|camel)$/, '');
      attr.expression = rawValue ?? '';
    } else if (bound !== undefined) {
      attr.key = bound;
      if (bound.startsWith('style:')) attr.value = '?'; // some size, bound at run time
      else attr.expression = rawValue ?? '';
    } else if (syntax === 'svelte' && name.startsWith('{') && name.endsWith('}')) {
      // `{width}` shorthand is `width={width}`.
      attr.key = name.slice(1, -1).trim();
      attr.expression = attr.key;
      attr.bare = false;
    } else if (syntax === 'svelte' && rawValue !== undefined && /^\{[\s\S]*\}$/.test(rawValue)) {
      attr.expression = rawValue.slice(1, -1).trim();
    } else if (rawValue !== undefined) {
      attr.value = decodeBasicEntities(rawValue);
    }
    attributes.push(attr);
  }
  return { attributes, spreads, insertAt };
}

/** Replace everything inside `{…}` (outside `<script>`/`<style>`) with underscores. */
function maskBraces(text: string): string {
  const out = text.split('');
  let depth = 0;
  let raw: string | undefined;
  for (let i = 0; i < text.length; i++) {
    if (depth === 0) {
      const m = /^<(\/?)(script|style)\b/i.exec(text.slice(i, i + 8));
      if (m) raw = m[1] ? undefined : m[2]!.toLowerCase();
      if (raw) continue;
    }
    const c = text[i];
    if (c === '{') {
      depth++;
      if (depth > 1) out[i] = '_';
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth > 0) out[i] = '_';
    } else if (depth > 0 && c !== '\n') out[i] = '_';
  }
  return out.join('');
}

function decodeBasicEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" })[e]!);
}
