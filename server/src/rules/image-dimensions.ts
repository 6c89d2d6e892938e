/**
 * image-dimensions: `<img>` (and next/image `<Image>` without `fill`) in JSX, HTML, Vue and
 * Svelte whose box is unknown until the image loads, so the page shifts (CLS). Elements come
 * from analysis/markup-elements, sizing by style and classes from analysis/inline-style, the
 * file behind `src` from analysis/image-sources and its intrinsic size from analysis/image-header.
 *
 * Counted as sized, as Lighthouse's unsized-images audit does when it can see it statically:
 * width and height (attribute, inline style or utility class), or either one with an
 * aspect-ratio. Stricter than Lighthouse: a `%` attribute and a 0×0 size do not count, since
 * neither gives the browser an aspect ratio.
 */
import * as path from 'node:path';
import { defineRule, type RuleContext } from '../engine/rule';
import { imageFileSize, readableImageExtensions } from '../analysis/image-header';
import { imageSourceOf, importedAsset, type ImageSource } from '../analysis/image-sources';
import { classTokensOf, inlineStyleOf, isCssSize, utilitySizing } from '../analysis/inline-style';
import { spreadProps } from '../analysis/jsx-spread-props';
import { attribute, markupFacts, type ImageElement, type MarkupAttribute, type MarkupFacts } from '../analysis/markup-elements';
import { dimensionState, intrinsicSizeFix, lazyLoadingFix, placeholderSizeFix, type DimensionState } from '../fixes/image-attributes';
import type { Fix } from '../engine/finding';

/** Files whose JSX is rendered to an image, an email or a PDF, never laid out in a page. */
const notPageMarkupFile = /(^|\/)(opengraph-image|twitter-image|icon|apple-icon)(\.[\w-]+)?\.(tsx|jsx|js|ts)$/;
const notPageMarkupImport = /from\s+['"](next\/og|@vercel\/og|satori|@react-email\/[\w-]+|react-email|@react-pdf\/renderer)['"]/;

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
    return /<img\b/.test(doc.text) || (/<[A-Z]\w*/.test(doc.text) && /['"]next\/(legacy\/|future\/)?image['"]/.test(doc.text));
  },
  check(ctx) {
    if (notPageMarkupFile.test(ctx.doc.path) || (ctx.doc.isScript && notPageMarkupImport.test(ctx.doc.text))) return;
    const facts = markupFacts(ctx.project, ctx.doc);
    const isPage = ctx.doc.kind === 'html' || pageFile.test(ctx.doc.path);
    facts.images.forEach((el, i) => checkImage(ctx, facts, el, isPage && i === 0));
  },
});

type Verdict = { sized: true } | { sized: false; problem: string };

function checkImage(ctx: RuleContext, facts: MarkupFacts, written: ImageElement, firstOnPage: boolean): void {
  const el = withSpreadProps(written);
  // Unknown props may carry width and height: stay silent rather than guess.
  if (!el) return;
  const verdict = judge(ctx, facts, el);
  if (verdict.sized) return;
  const { doc, project } = ctx;
  const source = imageSourceOf(project, doc, el, facts);
  if (source.kind === 'inline-svg') return; // not a network image: nothing to wait for
  const label = el.isNextImage ? `<${el.tag}>` : '<img>';
  const fixes: Fix[] = [];
  let sizeNote: string;
  const size = source.kind === 'file' ? readSize(ctx, source) : undefined;
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
    message: `\`${label}\` ${verdict.problem}: the page shifts when it loads (${sizeNote})`,
    fixes,
    explanation: explain(el, verdict.problem, sizeNote, inPicture),
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

function readSize(ctx: RuleContext, source: Extract<ImageSource, { kind: 'file' }>) {
  const ext = path.posix.extname(source.path).toLowerCase();
  if (!readableImageExtensions.has(ext)) return { ok: false as const, reason: `Hotpath does not read the size of ${ext || 'extension-less'} files` };
  return imageFileSize(ctx.project, source.path);
}

/** Whether the element's box is known before the image loads, or why not. */
function judge(ctx: RuleContext, facts: MarkupFacts, el: ImageElement): Verdict {
  if (el.ancestors.includes('noscript') || el.ancestors.includes('svg')) return { sized: true };
  if (el.isNextImage && attribute(el, 'fill') && attribute(el, 'fill')!.expression !== 'false') return { sized: true };
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
  const cssW = isCssSize(style.props.get('width')) || utility.width;
  const cssH = isCssSize(style.props.get('height')) || utility.height;
  const aspect = isCssSize(style.props.get('aspect-ratio')) || utility.aspect;
  const hasW = w === 'ok' || cssW;
  const hasH = h === 'ok' || cssH;
  if ((hasW && hasH) || ((hasW || hasH) && aspect)) return { sized: true };
  return { sized: false, problem: problemOf(el, w, h) };
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

function problemOf(el: ImageElement, w: DimensionState, h: DimensionState): string {
  const attr = (name: string) => {
    const a = attribute(el, name)!;
    return a.value !== undefined ? `${a.name}="${a.value}"` : a.expression !== undefined ? `${a.name}={${a.expression}}` : a.name;
  };
  if (w === 'zero' || h === 'zero') {
    return el.isNextImage ? 'has `width` and `height` of 0, which pass next/image\'s check but reserve no space' : 'has a `width` or `height` of 0, which reserves no space';
  }
  if (w === 'percent' || h === 'percent') return `has \`${attr(w === 'percent' ? 'width' : 'height')}\`, which gives it no aspect ratio`;
  if (w === 'invalid' || h === 'invalid') return `has \`${attr(w === 'invalid' ? 'width' : 'height')}\`, which is not a number of pixels`;
  if (w === 'missing' && h === 'missing') return el.isNextImage ? 'has no `width` and `height` (and no `fill`)' : 'has no `width` and `height`';
  return w === 'missing' ? 'has `height` but no `width`' : 'has `width` but no `height`';
}

function explain(el: ImageElement, problem: string, sizeNote: string, inPicture: boolean): string {
  const lines = [
    `This image ${problem}. Until it loads the browser does not know how much room it takes, so the content below it moves when it arrives: a layout shift, counted in Cumulative Layout Shift (CLS).`,
    '',
    'Set `width` and `height` to the image file\'s own (intrinsic) size, not its display size: browsers turn them into an `aspect-ratio`, and CSS such as `width: 100%; height: auto` still scales the image.',
    '',
    `Here ${sizeNote}.`,
  ];
  if (el.isNextImage) lines.push('', '`next/image` requires `width` and `height` unless the `src` is a static import or the image uses `fill` inside a positioned parent.');
  if (inPicture) lines.push('', 'Inside `<picture>`, the `<img>` carries the dimensions. If the `<source>`s have other aspect ratios (art direction), set `width`/`height` on each `<source>` or an `aspect-ratio` per media query.');
  lines.push('', 'Icons sized by a CSS class can be listed in the `hotpath.sizedImageClasses` setting.');
  return lines.join('\n');
}
