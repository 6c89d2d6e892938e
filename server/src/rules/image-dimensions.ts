/**
 * image-dimensions: `<img>` (and next/image `<Image>` without `fill`) in JSX, HTML, Vue and
 * Svelte whose box is unknown until the image loads, so the page shifts (CLS). Elements come
 * from analysis/markup-elements, sizing by style and classes from analysis/inline-style, by
 * the app's stylesheets from analysis/applied-styles, the
 * file behind `src` from analysis/image-sources and its intrinsic size from analysis/image-header.
 *
 * Counted as sized, as Lighthouse's unsized-images audit does when it can see it statically:
 * width and height (attribute, inline style, utility class or stylesheet), or either one with an
 * aspect-ratio. Stricter than Lighthouse: a `%` attribute and a 0×0 size do not count, since
 * neither gives the browser an aspect ratio.
 */
import * as path from 'node:path';
import ts from 'typescript';
import { defineRule, type RuleContext } from '../engine/rule';
import { imageFileSize, readableImageExtensions } from '../analysis/image-header';
import { imageSourceOf, importedAsset, type ImageSource } from '../analysis/image-sources';
import { elementStyles, type AppliedStyle } from '../analysis/applied-styles';
import { isTestCode, packageRoot } from '../analysis/file-roles';
import { classTokensOf, inlineStyleOf, isCssSize, utilitySizing } from '../analysis/inline-style';
import { spreadProps } from '../analysis/jsx-spread-props';
import { attribute, markupFacts, type ImageElement, type MarkupAttribute, type MarkupFacts } from '../analysis/markup-elements';
import { dimensionState, intrinsicSizeFix, lazyLoadingFix, placeholderSizeFix, type DimensionState } from '../fixes/image-attributes';
import type { Fix } from '../engine/finding';

/** Files whose JSX is rendered to an image, an email or a PDF, never laid out in a page. */
const notPageMarkupFile = /(^|\/)(opengraph-image|twitter-image|icon|apple-icon)(\.[\w-]+)?\.(tsx|jsx|js|ts)$/;
const notPageMarkupImport = /from\s+['"](next\/og|@vercel\/og|satori|@react-email\/[\w-]+|react-email|@react-pdf\/renderer|mjml|mjml-react|@faire\/mjml-react|@luma-team\/mjml-react|jsx-email|@jsx-email\/[\w-]+)['"]/;
/**
 * E-mail templates: mail clients lay out a message once it is fully loaded, so an image there
 * shifts nothing a reader sees. HTML is known by a folder of e-mails or by Outlook's conditional
 * comments and VML namespace; scripts (whose `emails/` folder may as well be a webmail screen)
 * only by a folder of templates: `email-templates/`, `emails/templates/`, `templates/emails/`,
 * `mailers/`, a server's `emails/`, or a monorepo package `packages/emails`.
 */
const emailHtmlFolder = /(^|\/)(e-?mails?|mails?|mailers?|(e-?mail|mail)[-_]?templates?)\//i;
const emailScriptFolder = /(^|\/)((e-?mail|mail)[-_]?templates?|mailers?|e-?mails?\/(templates?|layouts?)|templates\/e-?mails?|server\/(.*\/)?e-?mails?|packages\/e-?mails?)\//i;
/** Outlook's conditional comments, VML namespace, `mso-` properties and Outlook.com's `.ExternalClass`: only e-mail HTML has them. */
const emailHtml = /<!--\[if (gte |lt |lte )?mso|urn:schemas-microsoft-com:(vml|office)|[\s;{"']mso-[a-z-]+\s*:|\.ExternalClass\b/i;

function isEmailTemplate(doc: { path: string; text: string; kind: string; isScript: boolean }): boolean {
  if (doc.kind === 'html') return emailHtmlFolder.test(doc.path) || emailHtml.test(doc.text);
  return doc.isScript && emailScriptFolder.test(doc.path);
}

/** Files that render a whole page or layout: their first image is likely in the first screen. */
const pageFile = /(^|\/)(app\/(.*\/)?(page|layout)\.[jt]sx?|pages\/.*|routes\/.*|views\/.*|\+page\.svelte|\+layout\.svelte|App\.(vue|svelte|[jt]sx?)|index\.(html?|[jt]sx|vue|svelte))$/;

export const imageDimensions = defineRule({
  meta: {
    id: 'image-dimensions',
    description: 'Images without width and height, which shift the page when they load (layout shift, CLS)',
    defaultSeverity: 'warning',
    fixable: true,
    fixAllTitle: 'Add dimensions to all images in this file',
  },
  mayApply(doc) {
    if (doc.kind === 'other') return false;
    if (doc.kind === 'html' || doc.kind === 'vue' || doc.kind === 'svelte') return /<img\b/i.test(doc.text);
    return /<img\b/.test(doc.text) || (/<[A-Z]\w*/.test(doc.text) && /['"](next\/(legacy\/|future\/)?image|@mantine\/core)['"]/.test(doc.text));
  },
  check(ctx) {
      // Test files render markup into a test DOM (a mocked next/image is an `<img>`), never a page.
    if (notPageMarkupFile.test(ctx.doc.path) || (ctx.doc.isScript && notPageMarkupImport.test(ctx.doc.text)) || isEmailTemplate(ctx.doc) || isTestCode(ctx.doc.path, packageRoot(ctx.project, ctx.doc.path))) return;
    const facts = markupFacts(ctx.project, ctx.doc);
    const isPage = ctx.doc.kind === 'html' || pageFile.test(ctx.doc.path);
    facts.images.forEach((el, i) => checkImage(ctx, facts, el, isPage && i === 0));
  },
});

/**
 * `heightOnly`: the height is set and only the width is unknown, so the box's height is reserved
 * and only what sits beside the image on its line moves sideways when it loads. Lighthouse still
 * counts it unsized; it is reported as information. `frame`: the element around the image has a
 * fixed width and height (`h-12 w-12`), so only what is inside that box can move: information too.
 */
type Verdict = { sized: true } | { sized: false; problem: string; heightOnly: boolean; frame?: string; brokenSheets?: { file: string; error: string }[] };

function checkImage(ctx: RuleContext, facts: MarkupFacts, written: ImageElement, firstOnPage: boolean): void {
  const el = withSpreadProps(written);
  // Unknown props may carry width and height: stay silent rather than guess.
  if (!el) return;
  const verdict = judge(ctx, facts, el);
  if (verdict.sized) return;
  const { doc, project } = ctx;
  const source = imageSourceOf(project, doc, el, facts);
  if (source.kind === 'inline') return; // a `data:` URI: not a network image, nothing to wait for
  if (source.kind === 'file' && inlinedByBuild(ctx, source)) return;
  const label = el.isNextImage || el.library ? `<${el.tag}>` : '<img>';
  const fixes: Fix[] = [];
  let sizeNote: string;
  const size = source.kind === 'file' ? readSize(ctx, source) : undefined;
  // A 1×1 spacer or tracking pixel takes (next to) no room whether or not it is sized.
  if (size?.ok && size.size.width <= 1 && size.size.height <= 1) return;
  const intrinsic = size?.ok && source.kind === 'file' ? intrinsicSizeFix(doc, el, size.size, path.posix.basename(source.path)) : undefined;
  if (size?.ok && source.kind === 'file') {
    const file = path.posix.basename(source.path);
    sizeNote = `${file} is ${size.size.width}×${size.size.height}${size.size.rotated ? ' after its EXIF rotation' : ''}`;
    // A computed width or height cannot be matched by a fixed other one: the user completes it.
    fixes.push(intrinsic ?? placeholderSizeFix(doc, el));
  } else {
    fixes.push(placeholderSizeFix(doc, el));
    const reason = size && !size.ok ? size.reason : source.kind === 'unknown' ? source.reason : 'the image file could not be read';
    sizeNote = `its size is unknown: ${reason}`;
  }
  if (!el.isNextImage && !firstOnPage && !attribute(el, 'loading') && !attribute(el, 'fetchpriority')) fixes.push(lazyLoadingFix(doc, el));
  const inPicture = el.ancestors[0] === 'picture';
  ctx.report({
    range: doc.rangeOf(el.start, el.start + 1 + el.tag.length),
    severity: verdict.heightOnly || verdict.frame ? 'info' : undefined,
    message: verdict.heightOnly
      ? `\`${label}\` ${verdict.problem}: only its width is unknown, so what sits beside it on its line moves sideways when it loads (${sizeNote})`
      : verdict.frame
        ? `\`${label}\` ${verdict.problem}, but the box around it is fixed (${verdict.frame}): only what is inside that box moves when it loads (${sizeNote})`
        : `\`${label}\` ${verdict.problem}: the page shifts when it loads (${sizeNote})`,
    fixes,
    explanation: explain(el, verdict, sizeNote, inPicture),
  });
}

/** Props that always stand in the way of a verdict when a spread passes them with unknown values. */
const spreadBlocksVerdict = ['style', 'className', 'class', 'hidden', 'fill'];

/**
 * The element with the width/height a props spread is known to pass added as computed
 * attributes; undefined when a spread may pass anything (then the rule says nothing).
 */
function withSpreadProps(el: ImageElement): ImageElement | undefined {
  if (el.spreads.length === 0) return el;
  const added: MarkupAttribute[] = [];
  for (const s of el.spreads) {
    if (!s.node) return undefined; // Vue v-bind="obj", Svelte {...$$restProps}
    const props = spreadProps(s.node);
    if (!props.complete && !(props.names.has('width') && props.names.has('height'))) return undefined;
    if (spreadBlocksVerdict.some((n) => props.names.has(n))) return undefined;
    for (const key of ['width', 'height']) {
      if (props.names.has(key) && !attribute(el, key)) added.push({ name: key, key, start: el.insertAt, end: el.insertAt, expression: `${s.text}.${key}`, bare: false });
    }
  }
  return added.length === 0 ? el : { ...el, attributes: [...el.attributes, ...added] };
}

/**
 * Whether a library image's style prop sets a CSS property (Mantine `w={60}`, `h="100%"`, a
 * responsive `w={{ base: 32, md: 40 }}`, a bound `h={size}`; not `w="auto"`); undefined when
 * the element has no such prop.
 */
function libraryStyleProp(el: ImageElement, prop: string): boolean | undefined {
  const name = el.library === 'mantine' ? ({ width: 'w', height: 'h' } as Record<string, string>)[prop] : undefined;
  const a = name ? attribute(el, name) : undefined;
  if (!a) return undefined;
  if (a.value !== undefined) return isCssSize(a.value);
  // A responsive object sets the size on every screen only from its `base`.
  if (a.node && ts.isObjectLiteralExpression(a.node)) return a.node.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'base');
  return a.expression !== undefined;
}

/**
 * A component library that sizes the image it wraps:
 * - an `AspectRatio` box (Chakra UI, Mantine, MUI Joy, Radix `AspectRatio.Root` and shadcn/ui's
 *   wrapper of it) reserves its box from its `ratio` and stretches its child over it;
 * - MUI's `ImageListItem` fills its cell with the image (`width: 100%; height: 100%`), and the
 *   cell's height is the `ImageList`'s fixed `rowHeight` (unless it is `auto` or the list is a
 *   masonry, whose rows follow the images).
 */
function sizedByLibraryParent(el: ImageElement): boolean {
  const parent = el.ancestorNodes[0];
  if (parent && /^(AspectRatio|AspectRatio\.Root|AspectRatioPrimitive\.Root)$/.test(parent.tag)) return true;
  const item = el.ancestorNodes.findIndex((n) => n.tag === 'ImageListItem');
  if (item < 0) return false;
  const list = el.ancestorNodes.slice(item + 1).find((n) => n.tag === 'ImageList');
  if (!list) return false;
  const rowHeight = attribute(list, 'rowHeight');
  const variant = attribute(list, 'variant')?.value;
  return rowHeight !== undefined && rowHeight.value !== 'auto' && variant !== 'masonry';
}

/**
 * An imported SVG small enough for Vite to inline as a `data:` URI (its `assetsInlineLimit`,
 * 4 kB by default, unless the config sets it): the browser has it with the page, as Lighthouse,
 * which skips non-network SVGs, treats it.
 */
function inlinedByBuild(ctx: RuleContext, source: Extract<ImageSource, { kind: 'file' }>): boolean {
  if (!source.imported || !source.path.toLowerCase().endsWith('.svg')) return false;
  const size = ctx.project.stat(source.path)?.size;
  if (size === undefined || size >= 4096) return false;
  const root = packageRoot(ctx.project, ctx.doc.path);
  const base = root === '/' ? '' : root;
  const config = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs'].map((f) => `${base}/${f}`).find((f) => ctx.project.stat(f)?.isFile);
  const text = config ? ctx.project.getDoc(config)?.text : undefined;
  return text !== undefined && !/assetsInlineLimit/.test(text);
}

function readSize(ctx: RuleContext, source: Extract<ImageSource, { kind: 'file' }>) {
  const ext = path.posix.extname(source.path).toLowerCase();
  if (!readableImageExtensions.has(ext)) return { ok: false as const, reason: `Hotpath does not read the size of ${ext || 'extension-less'} files` };
  return imageFileSize(ctx.project, source.path);
}

/** Whether the element's box is known before the image loads, or why not. */
function judge(ctx: RuleContext, facts: MarkupFacts, el: ImageElement): Verdict {
  // `<noscript>` and `<object>` fallback content is shown only when the script or object fails.
  if (el.ancestors.includes('noscript') || el.ancestors.includes('svg') || el.ancestors.includes('object')) return { sized: true };
  if (el.isNextImage && attribute(el, 'fill') && attribute(el, 'fill')!.expression !== 'false') return { sized: true };
  // The legacy `layout="fill"` (next/legacy/image, and next/image's compatibility mapping) is `fill`.
  if (el.isNextImage && attribute(el, 'layout')?.value === 'fill') return { sized: true };
  const hidden = attribute(el, 'hidden');
  if (hidden && hidden.value !== 'false' && hidden.expression !== 'false') return { sized: true };
  const style = inlineStyleOf(el);
  if (style.unknown) return { sized: true };
  const display = style.props.get('display')?.trim().toLowerCase();
  const position = style.props.get('position')?.trim().toLowerCase();
  if (display === 'none' || position === 'absolute' || position === 'fixed') return { sized: true };
  const classes = classTokensOf(el);
  const utility = utilitySizing(classes.tokens);
  if (utility.hidden || utility.outOfFlow) return { sized: true };
  const sizedClasses = sizedImageClasses(ctx);
  if (classes.tokens.some((t) => sizedClasses.includes(t))) return { sized: true };

  const w = dimensionState(attribute(el, 'width'));
  const h = dimensionState(attribute(el, 'height'));
  // next/image reads width and height from a statically imported file.
  if (el.isNextImage && w === 'missing' && h === 'missing' && isStaticImport(el, facts)) return { sized: true };
  if (sizedByLibraryParent(el)) return { sized: true };
  const inline = (prop: string, utilitySets: boolean) => (style.props.has(prop) ? isCssSize(style.props.get(prop)) : (libraryStyleProp(el, prop) ?? (utilitySets ? true : undefined)));
  const own = { width: inline('width', utility.width), height: inline('height', utility.height), aspect: inline('aspect-ratio', utility.aspect) };
  // A percentage attribute is a presentational hint, the same as that CSS property (which a
  // stylesheet overrides): `width="100%" height="100%"` fills a box, `width="100%"` alone does not.
  const isSized = (css: { width?: boolean; height?: boolean; aspect?: boolean }, sheetsRead: boolean) => {
    const hasW = w === 'ok' || css.width === true || (sheetsRead && w === 'percent' && css.width === undefined);
    const hasH = h === 'ok' || css.height === true || (sheetsRead && h === 'percent' && css.height === undefined);
    return (hasW && hasH) || ((hasW || hasH) && css.aspect === true);
  };
  if (isSized(own, false)) return { sized: true };
  const fromSheet = (sheets: AppliedStyle['declarations'], prop: string) => (sheets.has(prop) ? isCssSize(sheets.get(prop)!.value) : undefined);
  /** Sized once these stylesheet declarations cascade under the inline style. */
  const sizedWith = (sheets: AppliedStyle['declarations']) => {
    const sheetPosition = sheets.get('position')?.value.trim().toLowerCase();
    if (position === undefined && (sheetPosition === 'absolute' || sheetPosition === 'fixed')) return true;
    if (display === undefined && !utility.hidden && sheets.get('display')?.value.trim().toLowerCase() === 'none') return true;
    return isSized({ width: own.width ?? fromSheet(sheets, 'width'), height: own.height ?? fromSheet(sheets, 'height'), aspect: own.aspect ?? fromSheet(sheets, 'aspect-ratio') }, true);
  };
  // The stylesheets that reach the element, as the browser cascades them under the inline style.
  const styles = elementStyles(ctx.project, ctx.doc, el, facts.imports);
  const applied = styles.own;
  if (sizedWith(applied.declarations)) return { sized: true };
  // The markup around the component where it is rendered, with those components' sheets:
  // sized when it is sized at every place found.
  const atSites = styles.atRenderSites();
  if (atSites.length > 0 && atSites.every(sizedWith)) return { sized: true };
  // The page's own design comes from a remote sheet Hotpath cannot read: an image it can select
  // by a class (its own or its container's) may be sized there. Lighthouse, too, counts an image
  // whose CSS it could not gather as sized rather than guess.
  if (applied.unreadSheets.length > 0 && (classes.tokens.length > 0 || el.ancestorNodes.some((n) => attribute(n, 'class')))) return { sized: true };
  // Which sides CSS sets: in the image's own file, or at every place its component is rendered.
  const cssSets = (prop: 'width' | 'height') => {
    const at = (sheets: AppliedStyle['declarations']) => (own[prop] ?? fromSheet(sheets, prop)) === true;
    return at(applied.declarations) || (atSites.length > 0 && atSites.every(at));
  };
  const heightOnly = w !== 'ok' && w !== 'percent' && w !== 'zero' && !cssSets('width') && (h === 'ok' || (h !== 'zero' && cssSets('height')));
  const widthOnly = h === 'missing' && w === 'missing' && cssSets('width') && !cssSets('height');
  return { sized: false, problem: problemOf(el, w, h, heightOnly, widthOnly), heightOnly, frame: heightOnly ? undefined : fixedFrame(el), brokenSheets: applied.brokenSheets };
}

/**
 * `hotpath.sizedImageClasses` from the editor plus `sizedImageClasses` of the nearest
 * `.hotpathrc.json`, read through the project so the command line sees it too and an edit of
 * the file re-runs the analysis (engine/config reports a malformed value).
 */
function sizedImageClasses(ctx: RuleContext): readonly string[] {
  const fromSettings = ctx.settings.sizedImageClasses ?? [];
  let dir = path.posix.dirname(ctx.doc.path);
  for (let i = 0; i < 40; i++) {
    const candidate = `${dir === '/' ? '' : dir}/.hotpathrc.json`;
    if (ctx.project.stat(candidate)?.isFile) {
      const rc = ctx.project.getDoc(candidate);
      const fromRc = rc ? ctx.project.memo(rc, 'image-dimensions:sized-classes', readRcClasses) : [];
      return fromRc.length === 0 ? fromSettings : [...fromSettings, ...fromRc];
    }
    const parent = path.posix.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return fromSettings;
}

function readRcClasses(rc: { text: string }): string[] {
  try {
    const raw = JSON.parse(rc.text.replace(/^\uFEFF/, '')) as { sizedImageClasses?: unknown };
    return Array.isArray(raw?.sizedImageClasses) ? raw.sizedImageClasses.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

function isStaticImport(el: ImageElement, facts: MarkupFacts): boolean {
  const src = attribute(el, 'src');
  return src?.expression !== undefined && importedAsset(src.expression, facts) !== undefined && !src.expression.endsWith('.src');
}

/** Why the image is unsized: its attributes, or which side its CSS (style, classes, sheets, a library's style props) leaves open. */
function problemOf(el: ImageElement, w: DimensionState, h: DimensionState, heightOnly: boolean, widthOnly: boolean): string {
  const attr = (name: string) => {
    const a = attribute(el, name)!;
    return a.value !== undefined ? `${a.name}="${a.value}"` : a.expression !== undefined ? `${a.name}={${a.expression}}` : a.name;
  };
  if (w === 'zero' || h === 'zero') {
    return el.isNextImage ? 'has `width` and `height` of 0, which pass next/image\'s check but reserve no space' : 'has a `width` or `height` of 0, which reserves no space';
  }
  if (heightOnly && h !== 'ok') return 'has a height from its style or classes but no width';
  if (widthOnly) return 'has a width from its style or classes but no height';
  if (w === 'percent' || h === 'percent') return `has \`${attr(w === 'percent' ? 'width' : 'height')}\`, which gives it no aspect ratio`;
  if (w === 'invalid' || h === 'invalid') return `has \`${attr(w === 'invalid' ? 'width' : 'height')}\`, which is not a number of pixels`;
  if (w === 'missing' && h === 'missing') return el.isNextImage ? 'has no `width` and `height` (and no `fill`)' : 'has no `width` and `height`';
  return w === 'missing' ? 'has `height` but no `width`' : 'has `width` but no `height`';
}

/** A fixed length: a number with an absolute or font unit, or a Tailwind spacing step / arbitrary length. */
const fixedLength = /^\d+(\.\d+)?(px|rem|em)$/;
const fixedUtility = (t: string, side: 'w' | 'h') => new RegExp(`^(${side}|size)-(\\d+(\\.\\d+)?|px|\\[\\d+(\\.\\d+)?(px|rem|em)\\])$`).test(t);

/**
 * The sizing of the image's parent element when it has a fixed width and height (`h-12 w-12`,
 * `size-8`, `style="width: 48px; height: 48px"`): an image without a size inside it moves only
 * what is inside that box. Percentages, `full` and `auto` depend on more than the parent.
 */
function fixedFrame(el: ImageElement): string | undefined {
  const parent = el.ancestorNodes[0];
  if (!parent) return undefined;
  const tokens = classTokensOf(parent).tokens.filter((t) => !t.includes(':'));
  const w = tokens.find((t) => fixedUtility(t, 'w'));
  const h = tokens.find((t) => fixedUtility(t, 'h'));
  if (w && h) return w === h ? `\`${w}\`` : `\`${w} ${h}\``;
  const style = inlineStyleOf(parent);
  const sw = style.props.get('width')?.trim();
  const sh = style.props.get('height')?.trim();
  if (sw && sh && fixedLength.test(sw) && fixedLength.test(sh)) return `\`width: ${sw}; height: ${sh}\``;
  return undefined;
}

function explain(el: ImageElement, verdict: Extract<Verdict, { sized: false }>, sizeNote: string, inPicture: boolean): string {
  const lines = verdict.frame
    ? [`This image ${verdict.problem}, but the element around it has a fixed size (${verdict.frame}): until the image loads it takes no room inside that box, and only what is inside the box can move when it arrives; the rest of the page stays put. Lighthouse's unsized-images audit still counts the image unsized, so it is reported as information.`]
    : verdict.heightOnly
      ? [`This image ${verdict.problem}. Its height is reserved, so the content below it stays put; until it loads its width is 0, and what sits beside it on its line moves sideways when it arrives. That is a small layout shift, which may be fine (a logo or badge alone on its line moves nothing else), but Lighthouse's unsized-images audit still counts the image unsized, so it is reported as information.`]
      : [`This image ${verdict.problem}. Until it loads the browser does not know how much room it takes, so the content below it moves when it arrives: a layout shift, counted in Cumulative Layout Shift (CLS).`];
  lines.push(
    '',
    'Set `width` and `height` to the image file\'s own (intrinsic) size, not its display size: browsers turn them into an `aspect-ratio`, and CSS such as `width: 100%; height: auto` still scales the image.',
    '',
    `Here ${sizeNote}.`,
  );
  if (el.isNextImage) lines.push('', '`next/image` requires `width` and `height` unless the `src` is a static import or the image uses `fill` inside a positioned parent.');
  if (inPicture) lines.push('', 'Inside `<picture>`, the `<img>` carries the dimensions. If the `<source>`s have other aspect ratios (art direction), set `width`/`height` on each `<source>` or an `aspect-ratio` per media query.');
  for (const b of verdict.brokenSheets ?? []) lines.push('', `The stylesheet ${path.posix.basename(b.file)} could not be read (${b.error}), so sizes it sets are not seen.`);
  lines.push('', 'Icons sized by a CSS class can be listed in the `hotpath.sizedImageClasses` setting.');
  return lines.join('\n');
}
