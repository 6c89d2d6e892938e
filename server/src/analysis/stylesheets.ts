/**
 * Stylesheets read for the properties that decide whether an image has a box before it loads:
 * CSS, SCSS and LESS through postcss and its SCSS/LESS syntaxes (nesting, `&`, comments, `//`
 * lines, variables), selectors through postcss-selector-parser. Nothing is evaluated: a value
 * such as `$size` or `@w` counts as some length, which is all the sizing question needs.
 *
 * A parsed sheet is a flat list of rules with their full selectors (nesting resolved) and the few
 * declarations that matter. `stylesheetOf` caches it per file version.
 */
import type * as Postcss from 'postcss';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { utilitySizing } from './inline-style';

// CommonJS packages, required so that esbuild bundles them and the type-check stays CommonJS.
/* eslint-disable @typescript-eslint/no-require-imports */
const postcssScss = require('postcss-scss') as Postcss.Syntax;
const postcssLess = require('postcss-less') as Postcss.Syntax;
const selectorParser = require('postcss-selector-parser') as typeof import('postcss-selector-parser');
/* eslint-enable @typescript-eslint/no-require-imports */

export type SheetSyntax = 'css' | 'scss' | 'less';

/** One compound selector (`img.logo#x`): what an element must have to match it. */
export interface Compound {
  /** Lower-case element name; undefined for none or `*`. */
  tag?: string;
  /** Class names; in a CSS module they are the module's own, except those in `globalClasses`. */
  classes: string[];
  /** Classes written inside `:global(…)`. */
  globalClasses: string[];
  ids: string[];
  /**
   * Matches only in some states or never the element itself (`:hover`, `::before`, an attribute
   * test we do not evaluate, a sibling combinator): such a rule is not taken as sizing the image.
   */
  conditional: boolean;
  /** Written as Angular's `:host` or `:host-context(…)`: the component's own element or (context) an ancestor of it, outside its template. */
  host?: true;
}

export interface ComplexSelector {
  /** Rightmost (the element itself) first. */
  compounds: Compound[];
  /** `combinators[i]` joins `compounds[i]` to `compounds[i + 1]`: ' ' (descendant) or '>'. */
  combinators: string[];
  /** [ids, classes + attributes + pseudo-classes, elements], compared in that order. */
  specificity: [number, number, number];
  /**
   * Written to reach into child components from a scoped sheet (`::ng-deep`, `:deep()`,
   * `::v-deep`, `>>>`, `/deep/`, Svelte `:global()`): the only rules of an Angular, Vue scoped
   * or Svelte component's sheet that apply to another component's elements.
   */
  deep: boolean;
}

export interface Declaration {
  value: string;
  important: boolean;
}

export interface StyleRule {
  selectors: ComplexSelector[];
  /** Lower-case property (logical sizes as their horizontal-writing physical ones) → value. */
  declarations: Map<string, Declaration>;
  /** 1-based line in the sheet, for messages and tests. */
  line: number;
}

export interface Stylesheet {
  rules: StyleRule[];
  /**
   * The rules' selectors by what their rightmost compound requires: `.class`, `#id`, a tag
   * name, or `*` for none of these, so an element is compared only with rules that may match it.
   */
  byKey: Map<string, { rule: StyleRule; selector: ComplexSelector; order: number }[]>;
  /** `@import` / `@use` / `@forward` targets as written, for following a global sheet's partials. */
  imports: string[];
  /** Why the sheet could not be read; its rules are then empty. */
  error?: string;
  /** The mixins the sheet defines, for sheets that `@use`/`@import` it and call them. */
  mixins: MixinDefinitions;
  /** Calls of mixins the sheet does not define (another sheet may: see `callMixins`). */
  calls: MixinCallSite[];
}

/** The mixins a sheet defines: sizes each sets, and the bodies of those that emit rules. */
export interface MixinDefinitions {
  sizes: MixinSizes;
  bodies: Record<string, Postcss.Container>;
}

/** A mixin call inside a rule, by the rule's full selectors. */
export interface MixinCallSite {
  name: string;
  selectors: string[];
  node: Postcss.AtRule;
}

/** The properties read; `block-size`/`inline-size` are height/width in horizontal writing. */
const readProperties = new Map([
  ['width', 'width'],
  ['height', 'height'],
  ['inline-size', 'width'],
  ['block-size', 'height'],
  ['aspect-ratio', 'aspect-ratio'],
  ['position', 'position'],
  ['display', 'display'],
]);

export function sheetSyntaxOf(pathOrLang: string): SheetSyntax | undefined {
  const m = /(?:^|\.)(css|scss|less|pcss|postcss)$/i.exec(pathOrLang);
  if (!m) return undefined;
  const ext = m[1]!.toLowerCase();
  return ext === 'scss' ? 'scss' : ext === 'less' ? 'less' : 'css';
}

/** The parsed sheet of a stylesheet file (by its extension), once per version. */
export function stylesheetOf(project: Project, doc: SourceDoc): Stylesheet {
  return project.memo(doc, 'analysis:stylesheet', (d) => parseStylesheet(d.text, sheetSyntaxOf(d.path) ?? 'css'));
}

export function parseStylesheet(text: string, syntax: SheetSyntax): Stylesheet {
  let root: Postcss.Root;
  try {
    // Plain CSS goes through the SCSS parser too: it is a superset that also accepts `//` comments.
    root = (syntax === 'less' ? postcssLess : postcssScss).parse!(text) as Postcss.Root;
  } catch (e) {
    return { rules: [], byKey: new Map(), imports: [], error: e instanceof Error ? e.message.split('\n')[0] : String(e), mixins: { sizes: {}, bodies: {} }, calls: [] };
  }
  const rules: StyleRule[] = [];
  const imports: string[] = [];
  const calls: MixinCallSite[] = [];
  const defined = mixinDefinitions(root);
  visit(root, [''], rules, imports, { sizes: { ...knownSizeMixins, ...defined.sizes }, bodies: defined.bodies, depth: 0, calls });
  return { rules, byKey: indexRules(rules), imports, mixins: defined, calls };
}

/**
 * The rules that calls of mixins defined in other sheets (`@use 'mixins'` … `@include
 * thumb(40px)`) add, given those sheets' definitions; empty when none of them is defined there.
 */
export function callMixins(calls: readonly MixinCallSite[], defs: MixinDefinitions): StyleRule[] {
  const rules: StyleRule[] = [];
  const mixins: Mixins = { sizes: defs.sizes, bodies: defs.bodies, depth: 1 };
  for (const call of calls) {
    if (!(call.name in defs.sizes)) continue;
    const declarations = new Map(mixinCall(call.node, mixins));
    if (declarations.size > 0) addRule(rules, call.selectors, declarations, call.node);
    const body = defs.bodies[call.name];
    if (body) visit(body, call.selectors, rules, [], mixins);
  }
  return rules;
}

/** A sheet with more rules (after its own, so they win ties as they come later in the sheet). */
export function withRules(sheet: Stylesheet, more: StyleRule[]): Stylesheet {
  const rules = [...sheet.rules, ...more];
  return { ...sheet, rules, byKey: indexRules(rules) };
}

function indexRules(rules: StyleRule[]): Stylesheet['byKey'] {
  const byKey: Stylesheet['byKey'] = new Map();
  rules.forEach((rule, order) => {
    for (const selector of rule.selectors) {
      const c = selector.compounds[0]!;
      if (c.conditional) continue;
      const key = c.ids[0] !== undefined ? `#${c.ids[0]}` : c.classes[0] !== undefined ? `.${c.classes[0]}` : c.globalClasses[0] !== undefined ? `.${c.globalClasses[0]}` : (c.tag ?? '*');
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push({ rule, selector, order });
    }
  });
  return byKey;
}

/** Mixin name → the sizing properties its body sets. */
type MixinSizes = Record<string, string[]>;

/**
 * The sheet's mixins: the sizes each sets on the rule that includes it, and the bodies of those
 * that also emit nested rules (`@mixin avatar { .image-container img { … } }`), which an
 * `@include` inside a rule expands under that rule's selector, as Sass and LESS compile it.
 */
interface Mixins {
  sizes: MixinSizes;
  bodies: Record<string, Postcss.Container>;
  /** How deep in mixin expansions the walk is, against a mixin that includes itself. */
  depth: number;
  /** Where calls of mixins not defined here are collected. */
  calls?: MixinCallSite[];
}

/**
 * Size mixins of the common libraries, called as LESS `.size(20px; 20px)` / `.square(20px)`
 * (Bootstrap 3) or SCSS `@include size(20px)` / `@include square(20px)` (Bootstrap 4, Bourbon,
 * Compass): their definitions are usually in `node_modules`, which is not read.
 */
const knownSizeMixins: MixinSizes = { size: ['width', 'height'], square: ['width', 'height'] };

/** Mixins defined in the sheet itself (LESS `.avatar(@s) { … }`, SCSS `@mixin avatar($s) { … }`) and what they size. */
function mixinDefinitions(root: Postcss.Root): { sizes: MixinSizes; bodies: Record<string, Postcss.Container> } {
  const sizes: MixinSizes = {};
  const bodies: Record<string, Postcss.Container> = {};
  const sets = (body: Postcss.Container) => (body.nodes ?? []).flatMap((n) => (n.type === 'decl' && readProperties.has(n.prop.toLowerCase()) ? [readProperties.get(n.prop.toLowerCase())!] : []));
  const define = (name: string, body: Postcss.Container) => {
    sizes[name] = sets(body);
    if ((body.nodes ?? []).some((n) => n.type === 'rule' || (n.type === 'atrule' && n.nodes))) bodies[name] = body;
  };
  root.walk((n) => {
    if (n.type === 'rule') {
      const m = /^\s*\.([\w-]+)\s*\(/.exec(n.selector);
      if (m) define(m[1]!, n);
    } else if (n.type === 'atrule' && n.name === 'mixin') {
      const m = /^\s*([\w-]+)/.exec(n.params);
      if (m && n.nodes) define(m[1]!, n);
    }
  });
  return { sizes, bodies };
}

/** The mixin an at-rule calls, SCSS `@include name(…)` or LESS `.name(…);`: its name, arguments and the call's text. */
function parseMixinCall(node: Postcss.AtRule): { name: string; args: string; text: string } | undefined {
  const isLess = (node as { mixin?: boolean }).mixin === true;
  if (!isLess && node.name !== 'include') return undefined;
  const text = isLess ? `${node.name}${node.params}` : node.params;
  const m = /^\s*\.?([\w-]+)\s*(\(([\s\S]*)\))?/.exec(text);
  return m ? { name: m[1]!, args: m[3] ?? '', text } : undefined;
}

/** The sizing declarations of a mixin call (`.size(20px)`, `@include avatar(32px)`), when the mixin is known. */
function mixinCall(node: Postcss.AtRule, mixins: Mixins): [string, Declaration][] {
  const call = parseMixinCall(node);
  const props = call ? mixins.sizes[call.name] : undefined;
  // `.size(auto; 20px)` leaves a dimension to the image: not counted.
  if (!call || !props || /\bauto\b/.test(call.args)) return [];
  const important = (node as { important?: boolean }).important === true || /!important/.test(call.text);
  return props.map((p) => [p, { value: `${call.name}()`, important }]);
}

/** Walk a container, with the selectors its rules are nested in (`['']` at the top). */
function visit(container: Postcss.Container, outer: string[], rules: StyleRule[], imports: string[], mixins: Mixins): void {
  container.each((node) => {
    if (node.type === 'atrule') {
      const name = node.name.toLowerCase();
      if (name === 'import' || name === 'use' || name === 'forward') {
        for (const m of node.params.matchAll(/(?:url\()?\s*['"]([^'"]+)['"]/g)) imports.push(m[1]!);
        return;
      }
      if (name === 'apply' && outer[0] !== '') {
        // Tailwind's `@apply w-8 h-8` inside a rule: the utilities' sizes, as on an element.
        addRule(rules, outer, utilityDeclarations(node.params.split(/\s+/)), node);
        return;
      }
      if (appliesAlways(name, node.params) && node.nodes) visit(node, outer, rules, imports, mixins);
      // A mixin that emits rules, included inside a rule: its rules nest under that rule.
      const called = outer[0] !== '' ? parseMixinCall(node)?.name : undefined;
      const body = called !== undefined ? mixins.bodies[called] : undefined;
      if (body && mixins.depth < 8) visit(body, outer, rules, imports, { ...mixins, depth: mixins.depth + 1 });
      return;
    }
    if (node.type !== 'rule') return;
    const raw = node.selector;
    // LESS mixin definitions (`.size(@w) { … }`) and SCSS placeholders apply only where used.
    if (/\(\s*[@$]|^\s*%/.test(raw) || (node as { mixin?: boolean }).mixin) return;
    const full = resolveNesting(outer, raw);
    const declarations = new Map<string, Declaration>();
    for (const child of node.nodes ?? []) {
      if (child.type === 'atrule') {
        for (const [prop, d] of mixinCall(child, mixins)) declarations.set(prop, d);
        const name = parseMixinCall(child)?.name;
        if (name !== undefined && !(name in mixins.sizes)) mixins.calls?.push({ name, selectors: full, node: child });
      }
      if (child.type !== 'decl') continue;
      const prop = readProperties.get(child.prop.toLowerCase());
      if (prop) declarations.set(prop, { value: child.value, important: child.important ?? false });
    }
    if (declarations.size > 0) addRule(rules, full, declarations, node);
    visit(node, full, rules, imports, mixins);
  });
}

function addRule(rules: StyleRule[], selectorTexts: string[], declarations: Map<string, Declaration>, node: Postcss.Node): void {
  const selectors = selectorTexts.flatMap(parseSelector);
  if (selectors.length > 0 && declarations.size > 0) rules.push({ selectors, declarations, line: node.source?.start?.line ?? 0 });
}

function utilityDeclarations(tokens: string[]): Map<string, Declaration> {
  const u = utilitySizing(tokens);
  const d = new Map<string, Declaration>();
  const some = { value: 'utility', important: false };
  if (u.width) d.set('width', some);
  if (u.height) d.set('height', some);
  if (u.aspect) d.set('aspect-ratio', some);
  if (u.hidden) d.set('display', { value: 'none', important: false });
  if (u.outOfFlow) d.set('position', { value: 'absolute', important: false });
  return d;
}

/**
 * Rules inside these apply at every screen size: `@supports`, `@layer`, `@media screen`/`all`
 * and SCSS/LESS control blocks that wrap plain rules. Rules under a width query apply to some
 * screens only and `print` to none: not counted.
 */
function appliesAlways(name: string, params: string): boolean {
  if (name === 'media') return /^\s*(only\s+)?(screen|all)\s*$/i.test(params);
  return ['supports', 'layer', 'container', 'document', 'scope', 'at-root'].includes(name);
}

/** `&`-nesting and plain nesting of SCSS, LESS and native CSS, as full selector texts. */
function resolveNesting(outer: string[], raw: string): string[] {
  const own = splitSelectorList(raw);
  const out: string[] = [];
  for (const o of outer) {
    for (const s of own) {
      if (o === '') out.push(s.replace(/&/g, ''));
      else if (s.includes('&')) out.push(s.replace(/&/g, o));
      else out.push(`${o} ${s}`);
    }
  }
  return out;
}

/** A selector list split at top-level commas (not those inside `:not(a, b)`). */
function splitSelectorList(raw: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(raw.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(raw.slice(start).trim());
  return parts.filter(Boolean);
}

/** State pseudo-classes: a rule under them sizes the image only sometimes. */
const statePseudo = /^:(hover|focus|focus-within|focus-visible|active|visited|checked|disabled|enabled|target|invalid|valid|placeholder-shown|empty|indeterminate|open|popover-open|fullscreen)$/i;
/** Wrappers whose argument is an ordinary selector: CSS-modules `:global(.x)`, Vue `:deep(.x)`, `::v-deep(.x)`, `:is`/`:where`. */
const transparentPseudo = /^:{1,2}(global|local|deep|v-deep|slotted|is|where|any|-webkit-any|-moz-any|host|host-context)$/i;

function parseSelector(text: string): ComplexSelector[] {
  // Interpolation (`#{$x}`, `@{x}`) makes the selector unknowable.
  if (/#\{|@\{/.test(text)) return [];
  let ast: ReturnType<ReturnType<typeof selectorParser>['astSync']>;
  try {
    // Piercing combinators (Angular `::ng-deep`, Vue's `::v-deep`, `>>>`, `/deep/`) are descendant combinators here.
    ast = selectorParser().astSync(text.replace(/\/deep\/|>>>|::v-deep(?!\()|::ng-deep/g, ' '));
  } catch {
    return [];
  }
  const out: ComplexSelector[] = [];
  const deep = /::ng-deep|:deep\(|::v-deep|>>>|\/deep\/|:global\b/.test(text);
  ast.each((sel) => {
    const compounds: Compound[] = [{ classes: [], globalClasses: [], ids: [], conditional: false }];
    const combinators: string[] = [];
    const spec: [number, number, number] = [0, 0, 0];
    let global = 0;
    const add = (node: import('postcss-selector-parser').Node): void => {
      const cur = compounds[compounds.length - 1]!;
      switch (node.type) {
        case 'tag':
          cur.tag = node.value.toLowerCase();
          spec[2]++;
          break;
        case 'class':
          (global > 0 ? cur.globalClasses : cur.classes).push(node.value);
          spec[1]++;
          break;
        case 'id':
          cur.ids.push(node.value);
          spec[0]++;
          break;
        case 'attribute':
          cur.conditional = true;
          spec[1]++;
          break;
        case 'combinator': {
          const c = node.value.trim() === '' ? ' ' : node.value.trim();
          combinators.push(c === '>' ? '>' : c === '+' || c === '~' ? c : ' ');
          compounds.push({ classes: [], globalClasses: [], ids: [], conditional: false });
          break;
        }
        case 'pseudo': {
          const name = node.value;
          if (transparentPseudo.test(name)) {
            if (/^:host(-context)?$/i.test(name)) cur.host = true;
            // `:global(.x)` → `.x`; a list (`:is(.a, .b)`) is taken by its first branch.
            const inner = node.nodes[0];
            const isGlobal = /^:global$/i.test(name);
            if (isGlobal) global++;
            if (inner) inner.each(add);
            if (isGlobal) global--;
            if (/^:(is|any|-webkit-any|-moz-any)$/i.test(name) && node.nodes.length > 1) cur.conditional = true;
          } else if (name.startsWith('::') || /^:(before|after|first-line|first-letter)$/i.test(name) || statePseudo.test(name)) {
            cur.conditional = true;
          } else {
            spec[1]++; // structural (`:first-child`, `:not(…)`): assumed to hold, as for most list items
          }
          break;
        }
        default:
          break; // universal, nesting leftovers, comments
      }
    };
    sel.each(add);
    // A sibling combinator needs siblings, which a static read does not have.
    if (combinators.some((c) => c === '+' || c === '~')) compounds[0]!.conditional = true;
    out.push({ compounds: compounds.reverse(), combinators: combinators.reverse(), specificity: spec, deep });
  });
  return out;
}
