/**
 * The stylesheet declarations that reach an image element, read statically as a browser would
 * cascade them: which sheets apply to the file (its own imports, CSS modules, Vue/Svelte
 * `<style>` blocks, an Angular component's `styleUrls`/`styleUrl`/`styles`, and the app's
 * global sheets: those imported by its entry files, linked from `index.html` or listed in
 * `angular.json` / Nx `project.json`, with their `@import`s), which of their selectors match
 * the element and its ancestors in the same component, and which declaration wins.
 *
 * Nothing is executed: configs and entries are read as text, sheets are parsed once per version
 * (analysis/stylesheets).
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { packageRoot } from './file-roles';
import { findUp, perProject } from './find-up';
import { importClauses } from './import-clauses';
import { classTokensOf } from './inline-style';
import { angularInlineTemplate, attribute, type ImageElement, type MarkupAttribute } from './markup-elements';
import { resolveWorkspaceImport } from './module-resolution';
import { outletSites, renderSites, type RenderSite } from './render-sites';
import { callMixins, parseStylesheet, sheetSyntaxOf, stylesheetOf, withRules, type ComplexSelector, type Compound, type Declaration, type MixinDefinitions, type Stylesheet } from './stylesheets';

/** A sheet as it applies to one file: CSS-module sheets scope their class names. */
interface AppliedSheet {
  /** The file, or `<file>#style<n>` for a `<style>` block. */
  id: string;
  sheet: Stylesheet;
  /** Set for a CSS module: its classes match only `moduleKey#name` tokens of the element. */
  moduleKey?: string;
  /**
   * A component's own encapsulated styles: `'elements'` when every compound must be in the
   * component (Angular emulated encapsulation, Svelte), `'last'` when only the element itself
   * must (Vue `scoped`). Other components' elements are reached only by deep selectors.
   */
  scoped?: 'elements' | 'last';
}

export interface AppliedStyle {
  /** Winning declaration per property (width, height, aspect-ratio, position, display). */
  declarations: Map<string, Declaration & { from: string }>;
  /** Remote design stylesheets the page links, which may size the element by its classes. */
  unreadSheets: string[];
  /** Workspace sheets that apply but could not be parsed: file and the parser's reason. */
  brokenSheets: { file: string; error: string }[];
}

/** An element reduced to what selectors test. */
interface MatchNode {
  tag?: string;
  classes: Set<string>;
  ids: Set<string>;
}

const stylesheetSpecifier = /\.(css|scss|less|pcss)(\?[^'"]*)?$/i;

/** Stylesheet imports of a script or component: specifier → the local name a CSS module is bound to. */
function stylesheetImports(doc: SourceDoc): { specifier: string; binding?: string }[] {
  const out: { specifier: string; binding?: string }[] = [];
  for (const c of importClauses(doc)) {
    if (!stylesheetSpecifier.test(c.specifier)) continue;
    out.push({ specifier: c.specifier.replace(/\?.*$/, ''), binding: c.defaultName ?? c.namespace });
  }
  return out;
}

/**
 * The file a stylesheet specifier names, as the bundler or Sass/LESS resolves it: a workspace
 * import (relative, alias, package), the name beside the sheet with partial and index forms, and
 * then each of the build's `includePaths` (Angular `stylePreprocessorOptions`).
 */
function resolveSheet(project: Project, fromPath: string, specifier: string, includePaths: readonly string[] = []): string | undefined {
  if (/^(https?:)?\/\//i.test(specifier)) return undefined;
  const spec = specifier.replace(/^~/, '');
  const resolved = resolveWorkspaceImport(project, fromPath, spec);
  // `@forward '../x/x.component'` means x.component.scss, not the x.component.ts a script import would find.
  if (resolved && sheetSyntaxOf(resolved)) return resolved;
  // Sass and LESS resolve a bare name relative to the sheet first, with partials and extensions.
  const bases = [path.posix.resolve(path.posix.dirname(fromPath), spec)];
  if (!spec.startsWith('.') && !spec.startsWith('/')) for (const inc of includePaths) bases.push(path.posix.resolve(inc, spec));
  for (const base of bases) {
    const dir = path.posix.dirname(base);
    const name = path.posix.basename(base);
    const candidates = [base, `${dir}/_${name}`];
    if (!sheetSyntaxOf(name)) {
      for (const ext of ['.scss', '.css', '.less']) candidates.push(`${base}${ext}`, `${dir}/_${name}${ext}`, `${base}/_index${ext}`, `${base}/index${ext}`);
    }
    const found = candidates.find((c) => project.stat(c)?.isFile);
    if (found) return found;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Which sheets apply to a file

/** `<style>` blocks of a Vue or Svelte component, parsed once per version. */
function styleBlocks(project: Project, doc: SourceDoc): { sheet: Stylesheet; module?: string; src?: string; scoped: boolean }[] {
  return project.memo(doc, 'analysis:style-blocks', (d) => {
    const out: { sheet: Stylesheet; module?: string; src?: string; scoped: boolean }[] = [];
    for (const m of d.text.matchAll(/<style\b([^>]*)>([\s\S]*?)<\/style\s*>/gi)) {
      const attrs = m[1]!;
      const lang = /\blang\s*=\s*["']?(\w+)/i.exec(attrs)?.[1] ?? 'css';
      const syntax = sheetSyntaxOf(`x.${lang}`);
      if (!syntax) continue; // `lang="sass"` (indented syntax) or `stylus`: not read
      const module = /\bmodule\b(?:\s*=\s*["']?(\w+))?/i.exec(attrs);
      const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1];
      out.push({ sheet: parseStylesheet(m[2]!, syntax), module: module ? (module[1] ?? '$style') : undefined, src, scoped: /\bscoped\b/i.test(attrs) });
    }
    return out;
  });
}

/**
 * An Angular component's own styles: the files of `styleUrls` / `styleUrl` and the inline
 * `styles` of the class beside the template (the caller follows their `@use`s and `@import`s).
 */
function angularComponentSheets(project: Project, doc: SourceDoc): { files: string[]; inline: AppliedSheet[]; encapsulated: boolean } {
  const stem = doc.path.replace(/\.html?$/i, '');
  // An inline template's component is the file itself.
  const component = doc.isScript ? doc : project.getDoc(`${stem}.ts`);
  const out: { files: string[]; inline: AppliedSheet[]; encapsulated: boolean } = { files: [], inline: [], encapsulated: !component || !/ViewEncapsulation\.(None|ShadowDom)/.test(component.text) };
  if (!component) {
    for (const ext of ['.css', '.scss', '.less']) if (project.stat(stem + ext)?.isFile) out.files.push(stem + ext);
    return out;
  }
  const facts = project.memo(component, 'analysis:angular-styles', (d) => {
    const urls: string[] = [];
    const inline: Stylesheet[] = [];
    const list = /\bstyleUrls\s*:\s*\[([^\]]*)\]/.exec(d.text);
    if (list) for (const m of list[1]!.matchAll(/['"`]([^'"`]+)['"`]/g)) urls.push(m[1]!);
    const one = /\bstyleUrl\s*:\s*['"`]([^'"`]+)['"`]/.exec(d.text);
    if (one) urls.push(one[1]!);
    const styles = /\bstyles\s*:\s*(\[[\s\S]*?\]|`[\s\S]*?`)/.exec(d.text);
    if (styles) for (const m of styles[1]!.matchAll(/`([^`]*)`/g)) inline.push(parseStylesheet(m[1]!, 'scss'));
    return { urls, inline };
  });
  for (const url of facts.urls) {
    const p = resolveSheet(project, component.path, url.startsWith('.') ? url : `./${url}`);
    if (p) out.files.push(p);
  }
  facts.inline.forEach((sheet, i) => out.inline.push({ id: `${component.path}#styles${i}`, sheet }));
  return out;
}

/** Files whose stylesheet imports are global for the whole app, relative to its package root. */
const entryCandidates = [
  'src/main', 'src/index', 'src/App', 'src/app', 'index', 'main', 'src/client', 'src/entry-client', 'app/root',
  'pages/_app', 'src/pages/_app', 'app/layout', 'src/app/layout', 'src/routes/+layout', 'app/javascript/application', 'app/javascript/packs/application',
].flatMap((p) => ['.tsx', '.ts', '.jsx', '.js', '.vue', '.svelte'].map((e) => p + e));
const globalSheetCandidates = ['src/styles', 'src/style', 'src/global', 'src/globals', 'src/index', 'src/app', 'styles/globals', 'app/globals', 'src/app/globals']
  .flatMap((p) => ['.css', '.scss', '.less'].map((e) => p + e));

interface GlobalSheets {
  generation: number;
  paths: string[];
  read: string[];
  /** Stylesheets linked from another host (`//demo.productionready.io/main.css`). */
  remote: string[];
  /** Folders Sass resolves bare `@use`/`@import` names in (Angular `stylePreprocessorOptions.includePaths`). */
  includePaths: string[];
}
const globalSheetCache = new WeakMap<Project, Map<string, GlobalSheets>>();

/** The app's global sheets (before following their `@import`s), with the files read to find them. */
function globalSheets(project: Project, root: string): GlobalSheets {
  const cache = perProject(globalSheetCache, project);
  const hit = cache.get(root);
  if (hit && hit.generation === project.generation) {
    project.dependOn(hit.read);
    return hit;
  }
  const paths: string[] = [];
  const read: string[] = [];
  const includePaths: string[] = [];
  const base = root === '/' ? '' : root;
  const add = (p: string | undefined) => {
    if (p && !paths.includes(p)) paths.push(p);
  };
  for (const c of globalSheetCandidates) if (project.stat(`${base}/${c}`)?.isFile) add(`${base}/${c}`);
  // webpack's `entry` (strings of the config, read as text) and index.html's module scripts name entries too.
  const configured: string[] = [];
  for (const f of ['webpack.config.js', 'webpack.config.ts', 'webpack.config.cjs', 'webpack.config.mjs', 'index.html']) {
    const config = project.stat(`${base}/${f}`)?.isFile ? project.getDoc(`${base}/${f}`) : undefined;
    if (!config) continue;
    read.push(config.path);
    for (const e of project.memo(config, 'analysis:entry-strings', entryStrings)) {
      const target = path.posix.resolve(base || '/', e);
      if (sheetSyntaxOf(target)) add(project.stat(target)?.isFile ? target : undefined);
      else configured.push(path.posix.relative(base || '/', target));
    }
  }
  for (const c of [...entryCandidates, ...configured]) {
    const entry = `${base}/${c}`;
    if (!project.stat(entry)?.isFile) continue;
    const doc = project.getDoc(entry);
    if (!doc) continue;
    read.push(entry);
    for (const i of project.memo(doc, 'analysis:stylesheet-imports', stylesheetImports)) if (!i.binding) add(resolveSheet(project, entry, i.specifier));
  }
  const remote: string[] = [];
  // The page shell: Vite/CRA index.html, SvelteKit src/app.html.
  const html = project.getDoc(`${base}/index.html`) ?? project.getDoc(`${base}/public/index.html`) ?? project.getDoc(`${base}/src/index.html`) ?? project.getDoc(`${base}/src/app.html`);
  if (html) {
    read.push(html.path);
    for (const m of html.text.matchAll(/<link\b[^>]*\brel\s*=\s*["']?stylesheet[^>]*>/gi)) {
      const href = /\bhref\s*=\s*["']([^"']+)["']/i.exec(m[0])?.[1];
      if (href && /^(https?:)?\/\//i.test(href) && !styleLibraryUrl.test(href)) remote.push(href);
      if (href && !/^(https?:)?\/\//i.test(href)) add(resolveSheet(project, html.path, href.startsWith('/') ? `.${href}` : href.startsWith('.') ? href : `./${href}`) ?? resolveSheet(project, `${base}/public/x`, `.${href.startsWith('/') ? href : `/${href}`}`));
    }
  }
  // Angular CLI and Nx list the global sheets of each build target.
  const workspace = findUp(perProject(angularWorkspaces, project), root, (dir) => {
    const d = dir === '/' ? '' : dir;
    for (const f of ['project.json', 'angular.json']) if (project.stat(`${d}/${f}`)?.isFile) return `${d}/${f}`;
    return undefined;
  });
  if (workspace) {
    const doc = project.getDoc(workspace);
    if (doc) {
      read.push(workspace);
      const wsRoot = angularWorkspaceRoot(project, path.posix.dirname(workspace)) ?? path.posix.dirname(workspace);
      const build = project.memo(doc, 'analysis:angular-global-styles', angularStyles);
      for (const s of build.styles) add([`${wsRoot}/${s}`, `${path.posix.dirname(workspace)}/${s}`].find((p) => project.stat(p)?.isFile));
      for (const inc of build.includePaths) includePaths.push(path.posix.resolve(wsRoot || '/', inc));
    }
  }
  // A library's sheets are compiled by the apps that use it, with their includePaths: read the
  // workspace's angular.json and its Nx apps' project.json too.
  const wsRoot = angularWorkspaceRoot(project, root);
  if (wsRoot !== undefined) {
    const apps = (project.listDir(`${wsRoot}/apps`) ?? []).filter((a) => a.endsWith('/')).slice(0, 50).map((a) => `${wsRoot}/apps/${a}project.json`);
    for (const f of [`${wsRoot}/angular.json`, ...apps]) {
      if (f === workspace || !project.stat(f)?.isFile) continue;
      const doc = project.getDoc(f);
      if (!doc) continue;
      read.push(f);
      for (const inc of project.memo(doc, 'analysis:angular-global-styles', angularStyles).includePaths) {
        const abs = path.posix.resolve(wsRoot || '/', inc);
        if (!includePaths.includes(abs)) includePaths.push(abs);
      }
    }
  }
  const found = { generation: project.generation, paths, read, remote, includePaths };
  cache.set(root, found);
  return found;
}

/**
 * Remote sheets that are fonts, icon sets or general frameworks: they do not size an app's own
 * images. Any other remote sheet is taken as the app's design, which Hotpath cannot read.
 */
const styleLibraryUrl = /fonts\.|typekit|font-?awesome|ionicons|icons?[./-]|bootstrap|bulma|foundation|tailwind|normalize|reset|animate|highlight|prism|katex|mathjax|leaflet|mapbox|swiper|slick|toastr|select2|datepicker/i;
/**
 * Relative paths of scripts and stylesheets named in a webpack config's `entry` or an HTML
 * page's `<script type="module" src>`: every such string of the file, read as text.
 */
function entryStrings(doc: SourceDoc): string[] {
  const out: string[] = [];
  const text = doc.path.endsWith('.html') ? [...doc.text.matchAll(/<script\b[^>]*\bsrc\s*=\s*["'](\/?[\w./-]+)["']/gi)].map((m) => `"${m[1]!.startsWith('/') ? '.' + m[1] : m[1]}"`).join(' ') : (/\bentry\s*:([\s\S]{0,2000})/.exec(doc.text)?.[1] ?? '');
  for (const m of text.matchAll(/["'](\.{1,2}\/[\w./@-]+\.(?:css|less|scss|[cm]?[jt]sx?))["']/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

const angularWorkspaces = new WeakMap<Project, Map<string, string | null>>();
const angularRoots = new WeakMap<Project, Map<string, string | null>>();

/** The nearest folder at or above `from` with an angular.json or nx.json ('' for the top). */
function angularWorkspaceRoot(project: Project, from: string): string | undefined {
  return findUp(perProject(angularRoots, project), from, (dir) => {
    const d = dir === '/' ? '' : dir;
    return project.stat(`${d}/angular.json`)?.isFile || project.stat(`${d}/nx.json`)?.isFile ? d : undefined;
  });
}

/**
 * Every `styles` entry of every build target (strings or `{ input }` objects), and every
 * `stylePreprocessorOptions.includePaths` folder.
 */
function angularStyles(doc: SourceDoc): { styles: string[]; includePaths: string[] } {
  const out: string[] = [];
  const includePaths: string[] = [];
  let json: unknown;
  try {
    json = JSON.parse(doc.text.replace(/^\uFEFF/, ''));
  } catch {
    return { styles: out, includePaths };
  }
  const walk = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 12) return;
    for (const [k, child] of Object.entries(v)) {
      if (k === 'styles' && Array.isArray(child)) {
        for (const s of child) {
          const p = typeof s === 'string' ? s : s && typeof s === 'object' && typeof (s as { input?: unknown }).input === 'string' ? (s as { input: string }).input : undefined;
          if (p && sheetSyntaxOf(p) && !out.includes(p)) out.push(p);
        }
      } else if (k === 'includePaths' && Array.isArray(child)) {
        for (const p of child) if (typeof p === 'string' && !includePaths.includes(p)) includePaths.push(p);
      } else walk(child, depth + 1);
    }
  };
  walk(json, 0);
  return { styles: out, includePaths };
}

const appliedSheetCache = new WeakMap<Project, Map<string, { version: string; generation: number; sheets: AppliedSheet[]; read: string[] }>>();

/**
 * Every sheet that applies to the file, global ones first (their rules lose ties), with
 * `@import`s followed. Kept for the file's version until any file of the workspace changes, so
 * a file with many images gathers its sheets once.
 */
function appliedSheets(project: Project, doc: SourceDoc): AppliedSheet[] {
  const cache = perProject(appliedSheetCache, project);
  const hit = cache.get(doc.path);
  if (hit && hit.version === doc.version && hit.generation === project.generation) {
    project.dependOn(hit.read);
    return hit.sheets;
  }
  const { result: sheets, dependencies } = project.recordDependencies(() => gatherSheets(project, doc));
  if (cache.size > 2000) cache.clear(); // a bound on what a long editor session keeps
  cache.set(doc.path, { version: doc.version, generation: project.generation, sheets, read: [...dependencies] });
  return sheets;
}

function gatherSheets(project: Project, doc: SourceDoc): AppliedSheet[] {
  const root = packageRoot(project, doc.path);
  const out: AppliedSheet[] = [];
  const seen = new Set<string>();
  const global = root ? globalSheets(project, root) : undefined;
  const includePaths = global?.includePaths ?? [];
  const addFile = (p: string | undefined, moduleKey?: string, scoped?: AppliedSheet['scoped']): void => {
    if (!p || seen.has(p) || seen.size > 400) return;
    seen.add(p);
    const sheetDoc = project.getDoc(p);
    if (!sheetDoc) return;
    const sheet = stylesheetOf(project, sheetDoc);
    // A sheet's own `@import`s, `@use`s and `@forward`s come before its rules (Sass emits a used module's CSS once).
    for (const i of sheet.imports) addFile(resolveSheet(project, p, i, includePaths), undefined, scoped);
    out.push({ id: p, sheet, moduleKey, scoped });
  };
  if (global) for (const p of global.paths) addFile(p);
  for (const i of project.memo(doc, 'analysis:stylesheet-imports', stylesheetImports)) {
    const p = resolveSheet(project, doc.path, i.specifier);
    addFile(p, i.binding && p ? p : undefined);
  }
  if (doc.kind === 'vue' || doc.kind === 'svelte') {
    styleBlocks(project, doc).forEach((b, n) => {
      const scoped = doc.kind === 'svelte' ? 'elements' : b.scoped ? 'last' : undefined;
      if (b.src) return addFile(resolveSheet(project, doc.path, b.src.startsWith('.') ? b.src : `./${b.src}`), b.module ? `${doc.path}?${b.module}` : undefined, scoped);
      for (const i of b.sheet.imports) addFile(resolveSheet(project, doc.path, i), undefined, scoped);
      out.push({ id: `${doc.path}#style${n}`, sheet: b.sheet, moduleKey: b.module ? `${doc.path}?${b.module}` : undefined, scoped });
    });
  }
  if (doc.kind === 'html' || (doc.isScript && angularInlineTemplate(doc) !== undefined)) {
    const own = angularComponentSheets(project, doc);
    const scoped = own.encapsulated ? 'elements' : undefined;
    for (const p of own.files) addFile(p, undefined, scoped);
    for (const s of own.inline) {
      for (const i of s.sheet.imports) addFile(resolveSheet(project, doc.path, i, includePaths), undefined, scoped);
      out.push({ ...s, scoped });
    }
  }
  return withImportedMixins(out);
}

/**
 * Sheets that call mixins another gathered sheet defines (a partial they `@use` or `@import`,
 * or a global one) get the rules those calls make.
 */
function withImportedMixins(sheets: AppliedSheet[]): AppliedSheet[] {
  if (!sheets.some((s) => s.sheet.calls.length > 0)) return sheets;
  const defs: MixinDefinitions = { sizes: {}, bodies: {} };
  for (const s of sheets) {
    Object.assign(defs.sizes, s.sheet.mixins.sizes);
    Object.assign(defs.bodies, s.sheet.mixins.bodies);
  }
  return sheets.map((s) => {
    const more = s.sheet.calls.length > 0 ? callMixins(s.sheet.calls, defs) : [];
    return more.length > 0 ? { ...s, sheet: withRules(s.sheet, more) } : s;
  });
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Module class tokens of a class binding: `styles.logo`, `styles['logo']`, Vue `$style.logo`. */
function moduleClasses(attr: MarkupAttribute | undefined, modules: Map<string, string>): string[] {
  if (!attr?.expression || modules.size === 0) return [];
  const out: string[] = [];
  for (const m of attr.expression.matchAll(/([\w$]+)\s*(?:\?\.|\.)\s*([\w$-]+)|([\w$]+)\s*\[\s*['"`]([\w-]+)['"`]\s*\]/g)) {
    const key = modules.get(m[1] ?? m[3]!);
    if (key) out.push(`${key}#${m[2] ?? m[4]!}`);
  }
  return out;
}

function matchNode(node: { tag: string; attributes: MarkupAttribute[] }, modules: Map<string, string>, ancestor = true): MatchNode {
  const classes = new Set(classTokensOf(node).tokens);
  // A class an ancestor toggles (Angular `[class.card-container]="…"`) is taken as set, as a class
  // expression's literals are; on the image itself a toggled class is a state (`[class.visible]`
  // once it has loaded), which does not size it.
  if (ancestor) for (const a of node.attributes) if (/^\[class\.[\w-]+\]$/.test(a.name)) classes.add(a.name.slice(7, -1));
  for (const c of moduleClasses(attribute(node, 'class'), modules)) classes.add(c);
  const id = attribute(node, 'id')?.value;
  // Components (`<Link className="logo">`) pass their classes on, to an element we cannot name.
  const intrinsic = /^[a-z][\w-]*$/.test(node.tag) ? node.tag.toLowerCase() : /^motion\.([a-z]\w*)$/.exec(node.tag)?.[1];
  return { tag: intrinsic, classes, ids: new Set(id ? [id] : []) };
}

function compoundMatches(c: Compound, n: MatchNode, moduleKey: string | undefined): boolean {
  if (c.conditional) return false;
  if (c.tag && c.tag !== '*' && c.tag !== n.tag) return false;
  if (c.ids.some((id) => !n.ids.has(id))) return false;
  if (c.globalClasses.some((k) => !n.classes.has(k))) return false;
  return c.classes.every((k) => n.classes.has(moduleKey ? `${moduleKey}#${k}` : k));
}

/**
 * Whether the selector matches `chain[0]` (the image) with its ancestors `chain[1..]`. When the
 * component's markup ends before the selector's ancestors do, they may be in a parent component:
 * the selector is taken to match when what it matched in the component includes a class or id
 * (`.tiptap .mention-user > img` on an image in `.mention-user`), not a bare `div img`.
 */
function selectorMatches(sel: ComplexSelector, chain: MatchNode[], moduleKey: string | undefined, openAbove: boolean | 'host'): boolean {
  const names = (c: Compound) => c.classes.length + c.globalClasses.length + c.ids.length > 0;
  if (!compoundMatches(sel.compounds[0]!, chain[0]!, moduleKey)) return false;
  // Where the chain ends: open above (a parent component's markup may hold the rest), or, for a
  // sheet Angular encapsulates, only `:host` / `:host-context()` compounds may be left to match there.
  const beyond = (ci: number, anchored: boolean) => (openAbove === 'host' ? sel.compounds.slice(ci).every((c) => c.host) : openAbove && anchored);
  const from = (ci: number, ni: number, anchored: boolean): boolean => {
    if (ci >= sel.compounds.length) return true;
    const c = sel.compounds[ci]!;
    if (c.conditional) return false;
    if (sel.combinators[ci - 1] === '>') {
      if (ni + 1 >= chain.length) return beyond(ci, anchored);
      return compoundMatches(c, chain[ni + 1]!, moduleKey) && from(ci + 1, ni + 1, anchored || names(c));
    }
    for (let k = ni + 1; k < chain.length; k++) if (compoundMatches(c, chain[k]!, moduleKey) && from(ci + 1, k, anchored || names(c))) return true;
    return beyond(ci, anchored);
  };
  return from(1, 0, names(sel.compounds[0]!));
}

/** Lookup keys of rules that may match a node (see Stylesheet.byKey). */
function keysOf(n: MatchNode): string[] {
  const keys = ['*'];
  if (n.tag) keys.push(n.tag);
  for (const c of n.classes) keys.push(`.${c.includes('#') ? c.slice(c.lastIndexOf('#') + 1) : c}`);
  for (const id of n.ids) keys.push(`#${id}`);
  return keys;
}

/** Local names bound to CSS modules in a file: `styles` → the module sheet (or a Vue `<style module>`). */
function moduleBindings(project: Project, doc: SourceDoc, imports?: ReadonlyMap<string, string>): Map<string, string> {
  const modules = new Map<string, string>();
  for (const [local, spec] of imports ?? []) {
    if (stylesheetSpecifier.test(spec)) {
      const p = resolveSheet(project, doc.path, spec.replace(/\?.*$/, ''));
      if (p) modules.set(local, p);
    }
  }
  for (const i of project.memo(doc, 'analysis:stylesheet-imports', stylesheetImports)) {
    if (!i.binding) continue;
    const p = resolveSheet(project, doc.path, i.specifier);
    if (p) modules.set(i.binding, p);
  }
  if (doc.kind === 'vue') for (const b of styleBlocks(project, doc)) if (b.module) modules.set(b.module, `${doc.path}?${b.module}`);
  return modules;
}

/**
 * A sheet as one cascade uses it: `reach` is how many nodes of the chain (the image first) its
 * selectors may use, and `deepOnly` keeps only its deep selectors (a scoped sheet of another
 * component, whose other rules cannot reach these elements).
 */
interface CascadeSheet {
  applied: AppliedSheet;
  reach: number;
  deepOnly: boolean;
}

/** The winning declaration of each property among the rules that match the chain. */
function cascade(sheets: CascadeSheet[], chain: MatchNode[], openAbove: boolean): AppliedStyle['declarations'] {
  const keys = keysOf(chain[0]!);
  const winners = new Map<string, { d: Declaration; spec: [number, number, number]; order: number; from: string }>();
  sheets.forEach(({ applied: s, reach, deepOnly }, sheetIndex) => {
    for (const key of keys) {
      for (const { rule, selector, order } of s.sheet.byKey.get(key) ?? []) {
        if (deepOnly && !selector.deep) continue;
        const own = selector.deep ? chain : chain.slice(0, reach);
        // Emulated encapsulation marks every compound of a component's own rule with the component's
        // attribute: its ancestors must be in the component's template (or be its `:host`).
        const open = s.scoped === 'elements' && !selector.deep ? 'host' : openAbove || own.length < chain.length;
        if (!selectorMatches(selector, own, s.moduleKey, open)) continue;
        const rank = sheetIndex * 1e6 + order;
        for (const [prop, d] of rule.declarations) {
          const prev = winners.get(prop);
          if (!prev || beats(d, selector.specificity, rank, prev)) winners.set(prop, { d, spec: selector.specificity, order: rank, from: `${s.id}:${rule.line}` });
        }
      }
    }
  });
  const declarations: AppliedStyle['declarations'] = new Map();
  for (const [prop, w] of winners) declarations.set(prop, { ...w.d, from: w.from });
  return declarations;
}

/** The image and its ancestors in its own file, nearest first, as selectors match them. */
function elementChain(project: Project, doc: SourceDoc, el: ImageElement, imports: ReadonlyMap<string, string>): MatchNode[] {
  const modules = moduleBindings(project, doc, imports);
  return [matchNode(el, modules, false), ...el.ancestorNodes.map((n) => matchNode(n, modules))];
}

/**
 * What stylesheets give the image (inline styles not included): `own`, the cascade in its own
 * file; `atRenderSites()`, asked only when that does not size it, the cascade at each place its
 * component is rendered. The element's chain is built once for both.
 */
export function elementStyles(project: Project, doc: SourceDoc, el: ImageElement, imports: ReadonlyMap<string, string>): { own: AppliedStyle; atRenderSites: () => AppliedStyle['declarations'][] } {
  let chain: MatchNode[] | undefined;
  const chainOf = () => (chain ??= elementChain(project, doc, el, imports));
  return { own: appliedStyle(project, doc, el, chainOf), atRenderSites: () => appliedStylesAtRenderSites(project, doc, el, chainOf()) };
}

/** The cascaded sizing declarations that the stylesheets of the image's own file give it. */
function appliedStyle(project: Project, doc: SourceDoc, el: ImageElement, chainOf: () => MatchNode[]): AppliedStyle {
  const sheets = appliedSheets(project, doc);
  const root = packageRoot(project, doc.path);
  const unreadSheets = root ? globalSheets(project, root).remote : [];
  const brokenSheets = sheets.filter((s) => s.sheet.error !== undefined).map((s) => ({ file: s.id, error: s.sheet.error! }));
  if (sheets.length === 0) return { declarations: new Map(), unreadSheets, brokenSheets };
  const chain = chainOf();
  // A whole HTML page has all its ancestors; a component or template fragment has parents elsewhere.
  const openAbove = !el.ancestors.includes('body');
  const declarations = cascade(sheets.map((applied) => ({ applied, reach: chain.length, deepOnly: false })), chain, openAbove);
  return { declarations, unreadSheets, brokenSheets };
}

/**
 * The declarations the image gets at each place its component is rendered (the cascade does
 * not stop at a component's boundary): the chain goes on through the markup around each use,
 * one component up and, where that one is rendered elsewhere too, two; where a component is
 * rendered by no tag (a routed page), through the app's router outlets, and their layouts'
 * outlets. The sheets of the rendering components join the image's own (their encapsulated
 * rules only when deep). One entry per path to the outermost component found; none when
 * nothing renders the component and the app has no outlet.
 */
function appliedStylesAtRenderSites(project: Project, doc: SourceDoc, el: ImageElement, chain: MatchNode[]): AppliedStyle['declarations'][] {
  if (el.ancestors.includes('body')) return [];
  const own = appliedSheets(project, doc).map((applied): CascadeSheet => ({ applied, reach: applied.scoped === 'elements' ? chain.length : Infinity, deepOnly: false }));
  const out: AppliedStyle['declarations'][] = [];
  // Up to two components up by tag, and two router outlets (a page's, then its layout's).
  const sitesAbove = (file: SourceDoc, depth: number, hops: number, inside: ReadonlySet<string>): { sites: RenderSite[]; hops: number } => {
    const byTag = depth < 2 ? renderSites(project, file) : [];
    if (byTag.length > 0 || depth >= 2 || hops >= 2) return { sites: byTag, hops };
    return { sites: outletSites(project, file, inside), hops: hops + 1 };
  };
  const walk = (sites: RenderSite[], chainSoFar: MatchNode[], sheetsSoFar: CascadeSheet[], depth: number, hops: number, inside: ReadonlySet<string>): void => {
    for (const site of sites) {
      const within = new Set(inside).add(site.file.path);
      const parentModules = moduleBindings(project, site.file);
      const longer = [...chainSoFar, ...site.ancestorNodes.map((n) => matchNode(n, parentModules))];
      const ids = new Set(sheetsSoFar.map((s) => s.applied.id));
      const theirs = appliedSheets(project, site.file)
        .filter((s) => !ids.has(s.id))
        .map((applied): CascadeSheet => ({ applied, reach: Infinity, deepOnly: applied.scoped !== undefined }));
      const sheets = [...theirs, ...sheetsSoFar];
      const openAbove = !site.ancestorNodes.some((n) => n.tag.toLowerCase() === 'body');
      // Where the rendering component is itself rendered, the chain goes on there.
      const above = openAbove ? sitesAbove(site.file, depth, hops, within) : { sites: [], hops };
      if (above.sites.length > 0) walk(above.sites, longer, sheets, above.hops > hops ? depth : depth + 1, above.hops, within);
      else out.push(cascade(sheets, longer, openAbove));
    }
  };
  const start = new Set([doc.path]);
  const first = sitesAbove(doc, 0, 0, start);
  walk(first.sites, chain, own, first.hops > 0 ? 0 : 1, first.hops, start);
  return out;
}

function beats(d: Declaration, spec: [number, number, number], order: number, prev: { d: Declaration; spec: [number, number, number]; order: number }): boolean {
  if (d.important !== prev.d.important) return d.important;
  for (let i = 0; i < 3; i++) if (spec[i] !== prev.spec[i]) return spec[i]! > prev.spec[i]!;
  return order > prev.order;
}
