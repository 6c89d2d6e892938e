/**
 * Edits that size an image element: `width`/`height` with the file's intrinsic size (or
 * placeholders when it is unknown), and `loading="lazy" decoding="async"`. Attributes are
 * written the way the element's syntax writes numbers: JSX `width={640}`, HTML, Vue and
 * Svelte `width="640"`. Existing attributes with values that size nothing (`100%`, `0`, empty)
 * are replaced in place; new ones go after the last attribute.
 */
import type { Fix, TextEdit } from '../engine/finding';
import type { SourceDoc } from '../engine/source';
import { attribute, type ImageElement, type MarkupAttribute } from '../analysis/markup-elements';

export type DimensionState = 'missing' | 'ok' | 'percent' | 'zero' | 'invalid';

/** What a `width` or `height` attribute contributes to the image's box. */
export function dimensionState(attr: MarkupAttribute | undefined): DimensionState {
  if (!attr) return 'missing';
  const v = attr.value ?? (attr.expression !== undefined && /^\s*[\d.]+\s*$/.test(attr.expression) ? attr.expression.trim() : undefined);
  if (v === undefined) return attr.bare ? 'invalid' : 'ok'; // bound to an expression: some number at run time
  const t = v.trim();
  if (/^\d+(\.\d+)?%$/.test(t)) return 'percent';
  if (/^\d+(\.\d+)?(px)?$/.test(t)) return Number.parseFloat(t) === 0 ? 'zero' : 'ok';
  return 'invalid';
}

/** The numeric value of an attribute that is `ok`, when it is a literal. */
function literalNumber(attr: MarkupAttribute | undefined): number | undefined {
  const v = attr?.value ?? attr?.expression;
  return v !== undefined && /^\s*\d+(\.\d+)?(px)?\s*$/.test(v) ? Number.parseFloat(v) : undefined;
}

function formatAttr(el: ImageElement, name: string, value: string, numeric: boolean): string {
  if (el.syntax === 'jsx') return numeric ? `${name}={${value}}` : `${name}="${value}"`;
  return `${name}="${value}"`;
}

interface Plan {
  edits: TextEdit[];
  /** The attributes written, for the fix's title. */
  written: string[];
}

/**
 * Edits that give `el` the size `width`×`height` (numbers), or placeholders when `size` is
 * undefined. An existing literal width (or height) is kept and the other one follows from the
 * file's aspect ratio, since the author chose that display size. Undefined when one of them is
 * computed at run time: the other cannot be derived from it.
 */
function sizeEdits(doc: SourceDoc, el: ImageElement, size: { width: number; height: number } | undefined): Plan | undefined {
  const wAttr = attribute(el, 'width');
  const hAttr = attribute(el, 'height');
  const wState = dimensionState(wAttr);
  const hState = dimensionState(hAttr);
  let width = size?.width;
  let height = size?.height;
  if (size && wState === 'ok' && hState !== 'ok') {
    const w = literalNumber(wAttr);
    if (w === undefined) return undefined;
    height = Math.max(1, Math.round((w * size.height) / size.width));
  } else if (size && hState === 'ok' && wState !== 'ok') {
    const h = literalNumber(hAttr);
    if (h === undefined) return undefined;
    width = Math.max(1, Math.round((h * size.width) / size.height));
  }
  const edits: TextEdit[] = [];
  const appended: { text: string; snippet: string }[] = [];
  const written: string[] = [];
  let snippetIndex = 1;
  const put = (name: 'width' | 'height', attr: MarkupAttribute | undefined, state: DimensionState, value: number | undefined) => {
    if (state === 'ok') return;
    written.push(name);
    // JSX placeholders are `{0}` (still reported until filled in); markup ones are empty.
    const plain = value !== undefined ? String(value) : el.syntax === 'jsx' ? '0' : '';
    const text = formatAttr(el, name, plain, true);
    const snippet = formatAttr(el, name, `\${${snippetIndex++}:${value ?? name}}`, true);
    if (attr) edits.push({ range: doc.rangeOf(attr.start, attr.end), newText: text, snippet });
    else appended.push({ text, snippet });
  };
  put('width', wAttr, wState, width);
  put('height', hAttr, hState, height);
  if (appended.length > 0) {
    edits.push({
      range: doc.rangeOf(el.insertAt, el.insertAt),
      newText: ' ' + appended.map((a) => a.text).join(' '),
      snippet: ' ' + appended.map((a) => a.snippet).join(' '),
    });
  }
  return { edits, written };
}

/** `width="100%"` becomes the intrinsic size: keep the display width with CSS instead. */
function keepFluidWidthEdit(doc: SourceDoc, el: ImageElement): TextEdit | undefined {
  if (dimensionState(attribute(el, 'width')) !== 'percent' || attribute(el, 'style')) return undefined;
  const style = el.syntax === 'jsx' ? `style={{ width: '100%', height: 'auto' }}` : `style="width: 100%; height: auto"`;
  return { range: doc.rangeOf(el.insertAt, el.insertAt), newText: ' ' + style };
}

/**
 * The fix with the file's intrinsic size; undefined when the element keeps a computed width or
 * height that the other one would have to match.
 */
export function intrinsicSizeFix(doc: SourceDoc, el: ImageElement, size: { width: number; height: number }, fileLabel: string): Fix | undefined {
  const plan = sizeEdits(doc, el, size);
  if (!plan) return undefined;
  const fluid = keepFluidWidthEdit(doc, el);
  // The style goes after the inserted attributes at the same point: one edit, so the order is fixed.
  const merged = mergeInsertions(doc, el, plan.edits, fluid);
  const replaces = merged.some((e) => e.range.start.line !== e.range.end.line || e.range.start.character !== e.range.end.character);
  return {
    title: `${replaces ? 'Set' : 'Add'} ${plan.written.join(' and ')} from ${fileLabel} (${size.width}×${size.height})`,
    edits: merged.map(({ snippet: _unused, ...e }) => e),
    preferred: true,
  };
}

export function placeholderSizeFix(doc: SourceDoc, el: ImageElement): Fix {
  const plan = sizeEdits(doc, el, undefined)!;
  const edits = mergeInsertions(doc, el, plan.edits, keepFluidWidthEdit(doc, el));
  return { title: `Add ${plan.written.join(' and ')} placeholder${plan.written.length > 1 ? 's' : ''} (the image size is unknown)`, edits };
}

function mergeInsertions(doc: SourceDoc, el: ImageElement, edits: TextEdit[], extra: TextEdit | undefined): TextEdit[] {
  if (!extra) return edits;
  const at = doc.rangeOf(el.insertAt, el.insertAt).start;
  const same = edits.find((e) => e.range.start.line === at.line && e.range.start.character === at.character && e.range.end.line === at.line && e.range.end.character === at.character);
  if (!same) return [...edits, extra];
  return edits.map((e) => (e === same ? { ...e, newText: e.newText + extra.newText, ...(e.snippet ? { snippet: e.snippet + extra.newText } : {}) } : e));
}

export function lazyLoadingFix(doc: SourceDoc, el: ImageElement): Fix {
  const attrs = ['loading="lazy"'];
  if (!attribute(el, 'decoding')) attrs.push('decoding="async"');
  return {
    title: `Add ${attrs.join(' ')} (the image is not in the first screen)`,
    edits: [{ range: doc.rangeOf(el.insertAt, el.insertAt), newText: ' ' + attrs.join(' ') }],
  };
}
