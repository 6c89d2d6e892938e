/**
 * Inline styles and class lists of a markup element, read statically: the CSS properties that
 * decide whether an image has a box before it loads (width, height, aspect-ratio) or takes no
 * part in layout (display, position). Values that are expressions stay unknown.
 */
import ts from 'typescript';
import { attribute, type ImageElement } from './markup-elements';

export interface InlineStyle {
  /** Lower-case, kebab-case property → value as written. */
  props: Map<string, string>;
  /** The style is (partly) computed, so a property may be set that we cannot see. */
  unknown: boolean;
}

/** `auto` and the CSS-wide keywords leave the size to the image. */
export function isCssSize(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase().replace(/\s*!important$/, '');
  return v !== '' && !['auto', 'initial', 'unset', 'inherit', 'revert', 'revert-layer', 'none', 'fit-content', 'max-content', 'min-content'].includes(v);
}

export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()).toLowerCase();
}

/** `width: 64px; height: 64px` → declarations. */
export function parseCssDeclarations(text: string, into: Map<string, string>): void {
  for (const decl of text.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const name = decl.slice(0, colon).trim().toLowerCase();
    const value = decl.slice(colon + 1).trim();
    if (name) into.set(name, value);
  }
}

/** An object literal of style properties, as JSX `style={{…}}` or Vue `:style="{…}"` write it. */
function readStyleObject(e: ts.Expression, into: Map<string, string>): boolean {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  if (!ts.isObjectLiteralExpression(e)) return false;
  let complete = true;
  for (const p of e.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) {
      complete = false; // a spread may set anything
      continue;
    }
    const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
    if (name === undefined) {
      complete = false;
      continue;
    }
    const init = ts.isPropertyAssignment(p) ? p.initializer : undefined;
    let value = '?'; // computed: some value, unknown which
    if (init && (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init))) value = init.text;
    else if (init && ts.isNumericLiteral(init)) value = init.text === '0' ? '0' : `${init.text}px`;
    into.set(kebab(name), value);
  }
  return complete;
}

function parseExpression(text: string): ts.Expression | undefined {
  const sf = ts.createSourceFile('/style.ts', `(${text})`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const st = sf.statements[0];
  return st && ts.isExpressionStatement(st) ? st.expression : undefined;
}

export function inlineStyleOf(el: Pick<ImageElement, 'attributes'>): InlineStyle {
  const props = new Map<string, string>();
  let unknown = false;
  const style = attribute(el, 'style');
  if (style?.value !== undefined) parseCssDeclarations(style.value, props);
  else if (style?.expression !== undefined) {
    const e = style.node ?? parseExpression(style.expression);
    if (!e || !readStyleObject(e, props)) unknown = true;
  }
  // Svelte `style:width="64px"` / `style:width={w}` and Vue's bound `:style` beside a static one.
  for (const a of el.attributes) {
    if (a.key.startsWith('style:')) props.set(a.key.slice(6).toLowerCase(), a.value ?? '?');
  }
  return { props, unknown };
}

/**
 * The class names of an element: a static `class`/`className`, plus every string literal of a
 * computed one (`cn('w-8 h-8', active && 'ring')`, Vue `:class="['w-8', …]"`).
 */
export function classTokensOf(el: Pick<ImageElement, 'attributes'>): { tokens: string[]; computed: boolean } {
  const tokens: string[] = [];
  let computed = false;
  for (const a of el.attributes) {
    if (a.key !== 'class') {
      // Svelte `class:hidden={x}` toggles a class; only a static `class:name` always applies.
      continue;
    }
    if (a.value !== undefined) tokens.push(...a.value.split(/\s+/).filter(Boolean));
    else if (a.expression !== undefined) {
      computed = true;
      const e = a.node ?? parseExpression(a.expression);
      const visit = (n: ts.Node): void => {
        if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) tokens.push(...n.text.split(/\s+/).filter(Boolean));
        else if (ts.isTemplateExpression(n)) {
          tokens.push(...n.head.text.split(/\s+/).filter(Boolean));
          for (const s of n.templateSpans) tokens.push(...s.literal.text.split(/\s+/).filter(Boolean));
          ts.forEachChild(n, visit);
        } else ts.forEachChild(n, visit);
      };
      if (e) visit(e);
    }
  }
  return { tokens, computed };
}

/** Utility classes (Tailwind, UnoCSS, Windi) that set a size for every screen width. */
export function utilitySizing(tokens: readonly string[]): { width: boolean; height: boolean; aspect: boolean; hidden: boolean; outOfFlow: boolean } {
  const plain = tokens.filter((t) => !t.includes(':')); // `md:w-8` applies to some screens only
  const size = (t: string, prefix: string) => t.startsWith(prefix) && !/-(auto|fit|min|max)$/.test(t);
  return {
    width: plain.some((t) => size(t, 'w-') || size(t, 'size-')),
    height: plain.some((t) => size(t, 'h-') || size(t, 'size-')),
    aspect: plain.some((t) => t.startsWith('aspect-') && t !== 'aspect-auto'),
    hidden: plain.includes('hidden') && !tokens.some((t) => /:(block|inline|inline-block|flex|inline-flex|grid|table|contents)$/.test(t)),
    outOfFlow: plain.includes('absolute') || plain.includes('fixed'),
  };
}
