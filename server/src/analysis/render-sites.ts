/**
 * Where a component is rendered: the markup around each use of it in other files, so that a
 * stylesheet selector (`.mobile-navbar-logo img`) can follow an image past the root of its own
 * component into the component that renders it, as the browser's cascade does.
 *
 * - React, Vue, Svelte: the files that import the component's file and write its local name
 *   as a tag (`import Logo from './Logo'` … `<Logo />`; a Vue/Svelte file also by its kebab name).
 * - Angular: the templates that write the component's element `selector` (`<ngx-avatar>`), since
 *   components are declared in modules, not imported by the templates that use them.
 * - A component nothing renders by tag is a page a router renders: it is laid out inside the
 *   app's router outlets (`<router-outlet>`, `<router-view>`, React Router's `<Outlet />`).
 *
 * Read statically from text and markup; the candidates come from one index per file list and
 * generation (the stems each file imports, the custom tags each template writes), each file's
 * entry memoised per version.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { markupExtensions, scriptExtensions } from '../engine/paths';
import { angularInlineTemplate, componentUses, type MarkupNode } from './markup-elements';
import { isTestCode, packageRoot } from './file-roles';
import { importClauses } from './import-clauses';
import { resolveWorkspaceImport } from './module-resolution';
import { specifiersOf } from './package-imports';

export interface RenderSite {
  /** The file that renders the component. */
  file: SourceDoc;
  /** The elements around the use, nearest first. */
  ancestorNodes: MarkupNode[];
}

interface SiteIndex {
  generation: number;
  /**
   * Each listed file's part at the version it was read: the stems it imports, or for an HTML
   * template the custom tags it writes. An edit re-reads the files whose version changed only: a
   * language server asks again after every keystroke, and reading the app's 1,500 markup files
   * again each time evicted the trees the edited file's own analysis needed.
   */
  parts: Map<string, { version: string | undefined; html: boolean; keys: readonly string[]; outlet: boolean }>;
  /** Import stem (`Logo` of `./components/Logo.vue`) → files importing something of that stem. */
  importing: Map<string, string[]>;
  /** Custom element (`ngx-avatar`) → HTML templates that write it. */
  writing: Map<string, string[]>;
  /** Files that write a router outlet. */
  outlets: string[];
}

const indexes = new WeakMap<object, SiteIndex>();
const markupPath = new RegExp(`(${[...scriptExtensions, ...markupExtensions].map((e) => e.replace('.', '\\.')).join('|')})$`, 'i');
const stemOf = (spec: string) => spec.slice(spec.lastIndexOf('/') + 1).replace(/\.(vue|svelte|[cm]?[jt]sx?)$/, '');
const customTags = (d: SourceDoc) => new Set(Array.from(d.text.matchAll(/<([a-z][\w]*(?:-[\w]+)+)[\s/>]/g), (m) => m[1]!));

function siteIndex(project: Project): SiteIndex {
  const list = project.listFiles();
  const known = indexes.get(list);
  if (known && known.generation === project.generation) return known;
  const index: SiteIndex = known ?? { generation: project.generation, parts: new Map(), importing: new Map(), writing: new Map(), outlets: [] };
  index.generation = project.generation;
  let changed = !known;
  project.untracked(() => {
    for (const f of list) {
      if (!markupPath.test(f) || f.endsWith('.d.ts')) continue;
      const version = project.versionOf(f);
      const was = index.parts.get(f);
      if (was && was.version === version) continue;
      const part = { version, ...indexKeys(project, f) };
      if (!was || part.html !== was.html || part.outlet !== was.outlet || part.keys.join('\0') !== was.keys.join('\0')) changed = true;
      index.parts.set(f, part);
    }
  });
  if (!changed) return index;
  const add = (map: Map<string, string[]>, key: string, f: string) => {
    const l = map.get(key);
    if (!l) map.set(key, [f]);
    else if (l[l.length - 1] !== f) l.push(f);
  };
  index.importing = new Map();
  index.writing = new Map();
  index.outlets = [];
  for (const [f, { html, keys, outlet }] of index.parts) {
    for (const k of keys) add(html ? index.writing : index.importing, k, f);
    if (outlet) index.outlets.push(f);
  }
  indexes.set(list, index);
  return index;
}

/** A file's part of the index: the custom tags an HTML template writes, or the stems a file with markup imports from the app. */
function indexKeys(project: Project, f: string): { html: boolean; keys: readonly string[]; outlet: boolean } {
  const d = project.getDoc(f);
  if (!d || !d.text.includes('<')) return { html: false, keys: [], outlet: false };
  const outlet = outletText.test(d.text);
  if (d.kind === 'html') return { html: true, keys: [...project.memo(d, 'analysis:custom-tags', customTags)], outlet };
  return { html: false, keys: [...new Set(specifiersOf(d).filter((spec) => spec.startsWith('.') || spec.startsWith('@') || spec.startsWith('~')).map(stemOf))], outlet };
}

/** Router outlets: Angular `<router-outlet>`, Vue Router `<router-view>` / `<RouterView>`, React Router `<Outlet />`. */
const outletTag = /^(router-outlet|router-view|RouterView|Outlet)$/;
const outletText = /<(router-outlet|router-view|RouterView|Outlet)[\s/>]/;

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const pascal = (s: string) => s.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase());

/** Every place another file renders the component defined by `doc` (at most `limit`). */
export function renderSites(project: Project, doc: SourceDoc, limit = 8): RenderSite[] {
  const index = siteIndex(project);
  const out: RenderSite[] = [];
  if (doc.kind === 'html' || (doc.isScript && angularInlineTemplate(doc) !== undefined)) {
    // An Angular template: its component's element selector (an inline template's component is the file itself).
    const component = doc.isScript ? doc : project.getDoc(doc.path.replace(/\.html?$/i, '.ts'));
    const selector = component ? /\bselector\s*:\s*['"`]([a-z][\w]*(?:-[\w]+)+)['"`]/.exec(component.text)?.[1] : undefined;
    if (!selector) return out;
    for (const f of index.writing.get(selector) ?? []) {
      const parent = f === doc.path ? undefined : project.getDoc(f);
      if (parent) for (const use of componentUses(project, parent)) if (use.tag === selector && out.length < limit) out.push({ file: parent, ancestorNodes: use.ancestorNodes });
    }
    return out;
  }
  const file = path.posix.basename(doc.path);
  const stem = file.replace(/\.[^.]+$/, '');
  const stems = stem === 'index' ? [path.posix.basename(path.posix.dirname(doc.path))] : [stem];
  const candidates = [...new Set(stems.flatMap((s) => index.importing.get(s) ?? []))];
  for (const f of candidates) {
    if (f === doc.path || out.length >= limit) continue;
    // A file importing another module of the same stem (a server model `./Import` for the
    // `Import` scene) is read for its imports alone: typing in it re-runs no analysis here
    // unless its imports change.
    const parent = project.getDoc(f, 'imports');
    if (!parent) continue;
    const names = localNames(project, parent, doc.path);
    if (!names) continue;
    project.getDoc(f);
    if (names.size === 0) continue;
    for (const use of componentUses(project, parent)) {
      const head = use.tag.split('.')[0]!;
      if ((names.has(use.tag) || names.has(`${head}.*`)) && out.length < limit) out.push({ file: parent, ancestorNodes: use.ancestorNodes });
    }
  }
  return out;
}

/**
 * The tags under which `parent` may render the module `target`: its default and named import
 * bindings (`Logo`, `{ Logo as Brand }`), a namespace as `NS.*`, and for a Vue or Svelte file
 * the kebab-case of those names. Undefined when none of its imports resolves to `target`.
 */
function localNames(project: Project, parent: SourceDoc, target: string): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const c of importClauses(parent)) {
    if (c.named.length === 0 && c.defaultName === undefined && c.namespace === undefined && !c.typeOnly) continue; // `import './x.css'`
    if (resolveWorkspaceImport(project, parent.path, c.specifier) !== target) continue;
    names ??= new Set();
    if (c.typeOnly) continue;
    if (c.defaultName) names.add(c.defaultName);
    if (c.namespace) names.add(`${c.namespace}.*`);
    for (const local of c.named) if (/^[A-Z]/.test(local)) names.add(local);
  }
  if (!names) return undefined;
  if (parent.kind === 'vue' || parent.kind === 'svelte') for (const n of [...names]) if (!n.endsWith('.*')) names.add(kebab(n));
  // Vue resolves `<user-avatar>` and `<UserAvatar>` to the same registered component.
  if (parent.kind === 'vue') for (const n of [...names]) if (n.includes('-')) names.add(pascal(n));
  return names;
}

/**
 * Where the router lays out a component that nothing renders by tag (a routed page, or the
 * layout around it): the markup around each router outlet of its package, other than the
 * outlets of the app's root component (rendered by the HTML page, or a Vue/React `App` file),
 * which hold the layouts that hold the pages, when the app has such nested outlets. A layout
 * (a component with an outlet) is not inside its own outlet (`inside` lists the components the
 * element is already inside), and one that frames its outlet in elements with a class or id
 * (`<div class="content-area"><router-outlet>`) is taken as a top-level layout, in no outlet:
 * only a bare frame (`<page-body><router-outlet>`) is taken as nested in the others. Routes are
 * not read, so which layout holds which page is not known: the caller asks for every outlet.
 * Asked only when `renderSites` found none; empty when the package has no outlet.
 */
export function outletSites(project: Project, doc: SourceDoc, inside: ReadonlySet<string> = new Set(), limit = 8): RenderSite[] {
  if (framesItsOutlet(componentUses(project, doc))) return [];
  const root = packageRoot(project, doc.path);
  // A test's host component (an inline template in a `.spec.ts`) is no page of the app.
  const files = siteIndex(project).outlets.filter((f) => f !== doc.path && !inside.has(f) && packageRoot(project, f) === root && !isTestCode(f, root));
  if (files.length === 0) return [];
  const sites: (RenderSite & { root: boolean })[] = [];
  for (const f of files) {
    const file = project.getDoc(f);
    if (!file) continue;
    const isRoot = /(^|\/)App\.(vue|svelte|[cm]?[jt]sx?)$/.test(f) || renderSites(project, file).some((s) => s.ancestorNodes.some((n) => n.tag.toLowerCase() === 'body'));
    for (const use of componentUses(project, file)) if (outletTag.test(use.tag)) sites.push({ file, ancestorNodes: use.ancestorNodes, root: isRoot });
  }
  const nested = sites.filter((s) => !s.root);
  return (nested.length > 0 ? nested : sites).slice(0, limit).map(({ file, ancestorNodes }) => ({ file, ancestorNodes }));
}

/** Whether a component puts a router outlet inside elements with a class or id: the frame of its pages. */
function framesItsOutlet(uses: readonly { tag: string; ancestorNodes: MarkupNode[] }[]): boolean {
  return uses.some((u) => outletTag.test(u.tag) && u.ancestorNodes.some((n) => n.attributes.some((a) => a.key === 'class' || a.key === 'id')));
}
