/**
 * Browser code is what a browser bundle reaches: the files reachable through value imports from
 * an app's client entry points. The entries are read statically (never by running a build):
 *
 * - `<script src>` of an `index.html` (Vite, plain webpack apps);
 * - `entry` / `input` / `main` / `browser` of webpack, Rspack, Rollup and Vite configs (those the
 *   package.json scripts name with `--config` included) and of Nx `project.json` / `angular.json`
 *   build targets;
 * - conventions: Create React App's `src/index`, Next.js `pages/` and `'use client'` files of
 *   `app/`, SvelteKit's `src/routes` `+page` / `+layout` files, Remix's `app/root` and `app/routes`.
 *
 * Type-only imports (`import type`, `export type`) add nothing. Folders holding no reached file
 * at all (a `server/` beside `client/` in one package) are not browser code; a file in a folder
 * that holds reached files counts as reached, because auto-imported components, `import.meta.glob`
 * and `require.context` are not followed.
 *
 * What only `import()` reaches (lazy routes, `React.lazy`, Vue `defineAsyncComponent`, Angular
 * `loadChildren`, a loader module) is a lazy chunk, not the initial bundle: the walk first follows
 * static imports from the entries, then `import()` (webpack's `webpackMode: "eager"` counts as static).
 *
 * A library's own build (`@nx/js:tsc`, ng-packagr, Vite `build.lib`) names no client entry: the
 * apps that import it reach what they use. An Electron app's main process (the script its
 * package.json `main` names, when that imports main-process APIs) is walked too: what only it
 * reaches runs on Node, even in the folder of the app's renderer.
 *
 * The walk covers the whole workspace (its top: the farthest package.json above), so a library of
 * a monorepo belongs to the app that reaches it; each reached file belongs to one app (the first
 * by path that reaches it), the unit heavy-import reports a package once in.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { alwaysSkippedDirs } from '../engine/discovery';
import { specifiersOf } from './package-imports';
import { resolveWorkspaceImport } from './module-resolution';
import { readManifest, type PackageManifest } from './installed-packages';
import { browserExecutor } from './build-targets';
import { serverOnlySpecifiersOf } from './next-data-functions';

export interface ClientApp {
  /** The folder of the app's package.json or project.json. */
  root: string;
  entries: string[];
  /** Where the entries were read, for messages: "index.html", "webpack.config.js entry". */
  how: string[];
}

export interface ClientReach {
  apps: ClientApp[];
  /** Each reached file and the app (root) it belongs to. */
  owner: Map<string, string>;
  /** Folders holding a reached file, at any depth, with the app of the first one reached. */
  reachedDirs: Map<string, string>;
  /** Every source file of the workspace (sorted by folder walk). */
  files: readonly string[];
  /** Files only an Electron main-process entry reaches (no client entry does), with that entry. */
  electronMain: Map<string, string>;
  /** Reached files that only an `import()` leads to (a lazy chunk), with the file holding that `import()`. */
  lazy: Map<string, string>;
  /** Folders holding a file reached through static imports alone (the initial bundle). */
  eagerDirs: Set<string>;
}

/** A file's value imports: every workspace file they resolve to, and those only `import()` names. */
interface Edges {
  targets: string[];
  lazy: string[];
  /** Server code (see serverBoundary): a client bundle does not follow its imports; Electron's main process does. */
  server?: true;
  /** The file mounts the app (`createApp(App).mount('#app')`, `createRoot(el).render(…)`): see `mountsApp`. */
  mounts?: true;
}

const sourceFile = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;
const maxFiles = 30000;

/** The workspace top for a file: the farthest folder above it with a package.json. */
export function workspaceTop(project: Project, filePath: string): string | undefined {
  return project.workspaceFact(`client-reach:top\0${path.posix.dirname(filePath)}`, () => {
    let top: string | undefined;
    for (let dir = path.posix.dirname(filePath), i = 0; i < 40; i++) {
      const d = dir === '/' ? '' : dir;
      if (project.stat(`${d}/package.json`)?.isFile) top = d;
      if (project.stat(`${d}/.git`) !== undefined) break;
      const parent = path.posix.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return top;
  });
}

interface Tree {
  files: string[];
  /** Folders with a package.json or project.json (app or library roots), and angular.json files. */
  roots: string[];
  angularJsons: string[];
}

/** Every source file and package root under `top`, until a file is created or deleted. */
function treeOf(project: Project, top: string): Tree | undefined {
  return project.workspaceFact(`client-reach:tree\0${top}`, () => {
    const tree: Tree = { files: [], roots: [], angularJsons: [] };
    const walk = (dir: string): boolean => {
      const names = project.listDir(dir || '/');
      if (!names) return dir !== top;
      if (names.includes('package.json') || names.includes('project.json')) tree.roots.push(dir);
      if (names.includes('angular.json')) tree.angularJsons.push(`${dir}/angular.json`);
      for (const name of names) {
        if (name.endsWith('/')) {
          const bare = name.slice(0, -1);
          if (alwaysSkippedDirs.has(bare) || bare.startsWith('.')) continue;
          if (!walk(`${dir}/${bare}`)) return false;
        } else if (sourceFile.test(name) && !name.endsWith('.d.ts')) {
          tree.files.push(`${dir}/${name}`);
          if (tree.files.length > maxFiles) return false;
        }
      }
      return true;
    };
    return walk(top) ? tree : undefined;
  });
}

interface Cached {
  reach: ClientReach | undefined;
  generation: number;
  fileEvents: number;
  /** Each file the walk read, with its version and the workspace files its value imports resolve to. */
  edges: Map<string, { version: string | undefined } & Edges>;
}

const caches = new WeakMap<Project, Map<string, Cached>>();

/**
 * The client apps of the workspace holding `filePath` and what they reach; undefined when the
 * workspace cannot be listed (no package.json above the file, too many files).
 */
export function clientReach(project: Project, filePath: string): ClientReach | undefined {
  const top = workspaceTop(project, filePath);
  if (top === undefined) return undefined;
  let perProject = caches.get(project);
  if (!perProject) caches.set(project, (perProject = new Map()));
  const cached = perProject.get(top);
  if (cached && cached.fileEvents === project.fileEventCount && (cached.generation === project.generation || edgesUnchanged(project, cached))) {
    cached.generation = project.generation;
    return cached.reach;
  }
  // A file event (a save, a file created or deleted) can change what imports resolve to; when the
  // workspace still holds the same files, each file's edges stand unless its own version changed.
  const sameFiles = cached?.reach && sameList(cached.reach.files, project.untracked(() => treeOf(project, top)?.files));
  const edges = cached && (cached.fileEvents === project.fileEventCount || sameFiles) ? cached.edges : new Map<string, { version: string | undefined } & Edges>();
  const reach = project.untracked(() => compute(project, top, edges));
  perProject.set(top, { reach, generation: project.generation, fileEvents: project.fileEventCount, edges });
  return reach;
}

function sameList(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** After an edit: the reach stands unless an edited file's value imports now resolve elsewhere. */
function edgesUnchanged(project: Project, cached: Cached): boolean {
  return project.untracked(() => {
    for (const [p, e] of cached.edges) {
      const version = project.versionOf(p);
      if (version === e.version) continue;
      const doc = project.getDoc(p);
      const now = doc ? valueTargets(project, doc) : noEdges;
      if (!sameList(e.targets, now.targets) || !sameList(e.lazy, now.lazy) || e.server !== now.server || e.mounts !== now.mounts) return false;
      e.version = version;
    }
    return true;
  });
}

function compute(project: Project, top: string, edges: Cached['edges']): ClientReach | undefined {
  const tree = treeOf(project, top);
  if (!tree) return undefined;
  let boundaries: ReadonlySet<string> | undefined;
  const clientBoundary = (f: string) => (boundaries ??= clientBoundaries(project, tree, edges)).has(f);
  const apps = nextLibrariesJoinTheirApps(project, tree, [...tree.roots.flatMap((r) => appsAt(project, r, tree, clientBoundary)), ...tree.angularJsons.flatMap((a) => angularApps(project, a))]
    .sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0))).filter((a) => a.entries.length > 0);
  const owner = new Map<string, string>();
  const reachedDirs = new Map<string, string>();
  const eagerDirs = new Set<string>();
  const lazy = new Map<string, string>();
  // Static imports first, for every app: a file one app bundles eagerly is in an initial bundle,
  // even where another reaches it through import(). Then what import() leads to, a lazy chunk.
  const lazySeeds: { app: string; file: string; from: string }[] = [];
  for (const app of apps) {
    const queue = app.entries.filter((e) => !owner.has(e));
    for (const e of queue) owner.set(e, app.root);
    for (let i = 0; i < queue.length; i++) {
      const p = queue[i]!;
      for (let d = path.posix.dirname(p); d.length > top.length && !eagerDirs.has(d); d = path.posix.dirname(d)) {
        eagerDirs.add(d);
        if (!reachedDirs.has(d)) reachedDirs.set(d, app.root);
      }
      const e = edgesOf(project, p, edges);
      if (e.server) continue;
      for (const t of e.targets) {
        if (owner.has(t)) continue;
        // An entry's `await import('./bootstrap')` (a loading screen first, Module Federation's
        // async boundary) loads the module that mounts the app at once: that chunk is what the
        // first screen waits for, so it is first-load code, not a lazy chunk.
        if (e.lazy.includes(t) && !(app.entries.includes(p) && edgesOf(project, t, edges).mounts)) {
          lazySeeds.push({ app: app.root, file: t, from: p });
          continue;
        }
        owner.set(t, app.root);
        queue.push(t);
      }
    }
  }
  for (const seed of lazySeeds) {
    if (owner.has(seed.file)) continue;
    owner.set(seed.file, seed.app);
    lazy.set(seed.file, seed.from);
    const queue = [seed.file];
    for (let i = 0; i < queue.length; i++) {
      const p = queue[i]!;
      for (let d = path.posix.dirname(p); d.length > top.length && !reachedDirs.has(d); d = path.posix.dirname(d)) reachedDirs.set(d, seed.app);
      const e = edgesOf(project, p, edges);
      if (e.server) continue;
      for (const t of e.targets) {
        if (owner.has(t)) continue;
        owner.set(t, seed.app);
        // The import() that opens the chunk: the first one met on the way.
        lazy.set(t, e.lazy.includes(t) ? p : lazy.get(p)!);
        queue.push(t);
      }
    }
  }
  // Electron's main process runs on Node: what only its entry reaches is no browser code, even in
  // the folder of an app whose renderer is an Angular or React build.
  const electronMain = new Map<string, string>();
  for (const entry of tree.roots.flatMap((r) => electronMainEntry(project, r) ?? [])) {
    const queue = owner.has(entry) || electronMain.has(entry) ? [] : [entry];
    for (const e of queue) electronMain.set(e, entry);
    for (let i = 0; i < queue.length; i++) {
      for (const t of edgesOf(project, queue[i]!, edges).targets) {
        if (owner.has(t) || electronMain.has(t)) continue;
        electronMain.set(t, entry);
        queue.push(t);
      }
    }
  }
  return { apps, owner, reachedDirs, files: tree.files, electronMain, lazy, eagerDirs };
}

/**
 * The 'use client' files where the client bundle of a Next.js app starts: those a module without
 * the directive (a page, a layout, a server component) imports statically, and those nothing in
 * the workspace imports (a 'use client' page or error file, which Next.js itself renders). A
 * 'use client' file that only other client modules import, or that only an `import()` (next/dynamic,
 * React.lazy) leads to, is no boundary (tests and stories import nothing into a bundle): the walk reaches it from its importers, eagerly or in a
 * lazy chunk, as the bundler does.
 */
function clientBoundaries(project: Project, tree: Tree, edges: Cached['edges']): ReadonlySet<string> {
  const isClient = (f: string) => {
    const doc = project.getDoc(f);
    return !!doc && doc.text.includes('use client') && moduleDirective(doc.text) === 'use client';
  };
  const clientFiles = tree.files.filter((f) => !f.includes('/node_modules/') && isClient(f));
  if (clientFiles.length === 0) return new Set();
  const candidates = new Set(clientFiles);
  const importedAtAll = new Set<string>();
  const boundaries = new Set<string>();
  for (const f of tree.files) {
    // A test or story imports components to exercise them: it puts nothing in a bundle.
    if (testOrStory.test(f)) continue;
    const e = edgesOf(project, f, edges);
    const fromServer = !candidates.has(f);
    for (const t of e.targets) {
      if (!candidates.has(t) || t === f) continue;
      importedAtAll.add(t);
      if (fromServer && !e.lazy.includes(t)) boundaries.add(t);
    }
  }
  for (const f of clientFiles) if (!importedAtAll.has(f)) boundaries.add(f);
  return boundaries;
}

const testOrStory = /\.(?:test|spec|e2e|cy|stories|story)\.[cm]?[jt]sx?$|\/(?:__tests__|__mocks__|\.storybook)\//;

/** A package that depends on `next` is a Next.js app when it has routes or a next.config; else it is a library of one. */
function isNextAppRoot(project: Project, root: string, tree: Tree): boolean {
  if ((project.listDir(root || '/') ?? []).some((n) => /^next\.config\.[cm]?[jt]s$/.test(n))) return true;
  const route = /^(?:src\/)?(?:pages\/.|app\/(?:.*\/)?(?:page|layout)\.[jt]sx?$)/;
  return tree.files.some((f) => f.startsWith(`${root}/`) && route.test(f.slice(root.length + 1)));
}

/**
 * A workspace library that uses Next.js (next/link, next/dynamic) but has no routes of its own is
 * bundled by the Next.js apps that depend on it: its 'use client' boundaries are theirs (the first
 * such app by path), so its files belong to that app and its packages are counted once there.
 */
function nextLibrariesJoinTheirApps(project: Project, tree: Tree, apps: ClientApp[]): ClientApp[] {
  const nameOf = (root: string) => (project.stat(`${root}/package.json`)?.isFile ? readManifest(project, `${root}/package.json`)?.name : undefined);
  const hosts = apps.filter((a) => isNextOnlyApp(a) && isNextAppRoot(project, a.root, tree));
  if (hosts.length === 0) return apps;
  const out: ClientApp[] = [];
  const joined = new Map<ClientApp, ClientApp>();
  for (const a of apps) {
    const name = isNextOnlyApp(a) && !hosts.includes(a) ? nameOf(a.root) : undefined;
    const host = name === undefined ? undefined : hosts.find((h) => dependsOn(readManifest(project, `${h.root}/package.json`), name));
    if (!host) {
      out.push(a);
      continue;
    }
    const into = joined.get(host) ?? { ...host, entries: [...host.entries] };
    joined.set(host, into);
    into.entries.push(...a.entries);
  }
  return out.map((a) => joined.get(a) ?? a);
}

/** A file's value-import targets, kept per file version in `edges` across walks. */
function edgesOf(project: Project, p: string, edges: Cached['edges']): Edges {
  let e = edges.get(p);
  const version = project.versionOf(p);
  if (!e || e.version !== version) {
    const doc = project.getDoc(p);
    e = { version, ...(doc ? valueTargets(project, doc) : noEdges) };
    edges.set(p, e);
  }
  return e;
}

const noEdges: Edges = { targets: [], lazy: [] };

/** Electron APIs that exist only in the main process (a renderer or preload script cannot import them). */
const electronMainApis = new Set([
  'app', 'BrowserWindow', 'BrowserView', 'WebContentsView', 'ipcMain', 'autoUpdater', 'Menu', 'MenuItem', 'Tray', 'dialog', 'globalShortcut',
  'powerMonitor', 'powerSaveBlocker', 'protocol', 'session', 'systemPreferences', 'utilityProcess', 'safeStorage', 'MessageChannelMain', 'webContents', 'nativeTheme', 'TouchBar',
]);

/** The Electron main-process API a file's text imports (`import { app, BrowserWindow } from 'electron'`), if any. */
export function electronMainImport(text: string): string | undefined {
  if (!text.includes('electron')) return undefined;
  if (/\bfrom\s*['"]electron\/main['"]|require\(\s*['"]electron\/main['"]\s*\)/.test(text)) return 'electron/main';
  for (const m of text.matchAll(/(?:\bimport\s*\{([^}]*)\}\s*from\s*|\{([^}]*)\}\s*=\s*require\(\s*)['"]electron['"]/g)) {
    for (const part of (m[1] ?? m[2]!).split(',')) {
      const name = part.trim().split(/\s+as\s+|\s*:\s*/)[0]!.replace(/^type\s+/, '');
      if (electronMainApis.has(name)) return `electron's ${name}`;
    }
  }
  return undefined;
}

/** The source file a package.json's `main` names when it is an Electron main-process script. */
function electronMainEntry(project: Project, root: string): string | undefined {
  const doc = project.stat(`${root}/package.json`)?.isFile ? project.getDoc(`${root}/package.json`) : undefined;
  const main = doc ? (parseJson(doc.text) as { main?: unknown } | undefined)?.main : undefined;
  if (typeof main !== 'string') return undefined;
  // `main` names the compiled script (`index.js`, `dist/main.js`): its source sits beside the package.json under the same name.
  const entry = resolveEntry(project, path.posix.resolve(root, main)) ?? project.resolveImport(`${root}/package.json`, `./${main.replace(/^\.\//, '').replace(/^(dist|build|out)\//, '')}`);
  const text = entry && sourceFile.test(entry) ? project.getDoc(entry)?.text : undefined;
  return text && electronMainImport(text) ? entry : undefined;
}

/** `import type … from 'x'` and `export type … from 'x'`: erased, they bundle nothing. */
const typeOnly = /\b(?:import|export)\s+type\s+(?:\*|\{[^}]*\}|[\w$]+)[^'"`;]*?\bfrom\s*(['"])([^'"\n]+)\1/g;

/** `'use client'` / `'use server'` at the top of a module (after comments). */
export function moduleDirective(text: string): 'use client' | 'use server' | undefined {
  // Each block comment is matched as `/*`, then anything but a `*/`, then `*/`: a lazy
  // `[\s\S]*?` could also end at any later `*/`, and backtracked over every one of them
  // (minutes on lodash.js, which opens with a licence comment and no directive).
  const m = /^(?:\s|\/\/[^\n]*\n|\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\/)*(['"])(use client|use server)\1/.exec(text);
  return m ? (m[2] as 'use client' | 'use server') : undefined;
}

/**
 * Node modules no bundler polyfills for the browser (webpack 4 did `crypto`, `buffer`, `events`,
 * `path`, `url` …, so those are left out): a file that imports one runs on Node.
 */
const serverOnlyModules = /^(?:node:.+|server-only|fs|fs\/promises|child_process|net|http2?|https|tls|dgram|dns|cluster|worker_threads|zlib|v8|vm|async_hooks|perf_hooks|inspector|readline|repl)$/;

/** A module no bundler polyfills for the browser (`fs`, `node:crypto`, `server-only` …); `crypto`, `buffer`, `path` … get one. */
export function isServerOnlyModule(specifier: string): boolean {
  return serverOnlyModules.test(specifier);
}

/**
 * Where a client bundle stops: a `'use server'` module (a client component that imports server
 * actions gets references to them, never their code), a file that imports `server-only` or a Node
 * module no bundler polyfills. Its own imports are server code.
 */
function serverBoundary(d: SourceDoc): boolean {
  return moduleDirective(d.text) === 'use server' || specifiersOf(d).some(isServerOnlyModule);
}

/**
 * `import('x')`, the `import()` of lazy routes and components, with the comments webpack reads in
 * it: `webpackMode: "eager"` puts the module in the importer's chunk, so that one is not lazy.
 */
const dynamicImport = /\bimport\s*\(\s*((?:\/\*[^]*?\*\/\s*|\/\/[^\n]*\n\s*)*)(['"`])([^'"`\n]+)\2/g;

/** The workspace files a file's value imports resolve to (type-only imports left out), and those only `import()` names. */
function valueTargets(project: Project, doc: SourceDoc): Edges {
  return project.memo(doc, 'client-reach:targets', (d) => {
    const mentions = new Map<string, number>();
    for (const s of specifiersOf(d)) mentions.set(s, (mentions.get(s) ?? 0) + 1);
    // A specifier every mention of which is an `import type` / `export type` is erased.
    if (/\b(?:import|export)\s+type\b/.test(d.text)) for (const m of d.text.matchAll(typeOnly)) mentions.set(m[2]!, (mentions.get(m[2]!) ?? 0) - 1);
    // What only a Next.js page's getServerSideProps / getStaticProps uses is removed from its client bundle.
    for (const s of serverOnlySpecifiersOf(project, d) ?? []) mentions.set(s, 0);
    // A specifier every value mention of which is a lazy `import()` opens a chunk of its own.
    const dynamic = new Map<string, number>();
    if (d.text.includes('import(') || /\bimport\s+\(/.test(d.text)) {
      for (const m of d.text.matchAll(dynamicImport)) if (!/webpackMode\s*:\s*["']eager["']/.test(m[1]!)) dynamic.set(m[3]!, (dynamic.get(m[3]!) ?? 0) + 1);
    }
    const out: Edges = { targets: [], lazy: [] };
    for (const [s, n] of mentions) {
      if (n <= 0 || /\.(css|less|s[ac]ss|svg|png|jpe?g|gif|webp|json|html)$/.test(s)) continue;
      const t = resolveWorkspaceImport(project, d.path, s);
      if (t === undefined || !sourceFile.test(t) || out.targets.includes(t)) continue;
      out.targets.push(t);
      if ((dynamic.get(s) ?? 0) >= n) out.lazy.push(t);
    }
    out.targets.sort();
    // Another specifier for the same file (`./a` and `./a.ts`) imported statically makes it eager.
    out.lazy = out.lazy.filter((t) => [...mentions].every(([s, n]) => n <= 0 || (dynamic.get(s) ?? 0) >= n || resolveWorkspaceImport(project, d.path, s) !== t)).sort();
    if (serverBoundary(d)) out.server = true;
    if (mountsApp(d.text)) out.mounts = true;
    return out;
  });
}

/**
 * Whether a module renders the app into the page: Vue's `createApp(…)` with `.mount(`, Vue 2's
 * `new Vue({ el })` / `.$mount(`, React's `createRoot(…)` / `hydrateRoot(` / `ReactDOM.render(`,
 * Angular's `bootstrapApplication(` / `bootstrapModule(`, Svelte 5's `mount(App, { target })`.
 */
function mountsApp(text: string): boolean {
  // Substring tests first: this runs on every file the walk reads.
  if (!mountWords.some((w) => text.includes(w))) return false;
  if (/\bcreateApp\s*\(/.test(text)) return /\.mount\s*\(/.test(text);
  return /\b(?:createRoot|hydrateRoot|bootstrapApplication|bootstrapModule)\s*\(|\bReactDOM\.render\s*\(|\.\$mount\s*\(|\bnew\s+Vue\s*\(\s*\{[^}]*\bel\s*:|\bmount\s*\(\s*\w+\s*,\s*\{\s*target\s*:/.test(text);
}

/** Words every mounting call holds; common ones (`target`, `bootstrap`) would send most files to the regexes. */
const mountWords = ['createApp', 'createRoot', 'hydrateRoot', 'ReactDOM', 'bootstrapApplication', 'bootstrapModule', 'mount(', 'new Vue'];

const indexHtmlDirs = ['', '/src', '/public', '/client', '/app'];
const bundlerConfigs = [
  'webpack.config.js', 'webpack.config.ts', 'webpack.config.cjs', 'webpack.config.mjs', 'webpack.config.babel.js', 'webpack.common.js', 'webpack.prod.js',
  'rspack.config.js', 'rspack.config.ts', 'rollup.config.js', 'rollup.config.mjs', 'rollup.config.ts', 'vite.config.ts', 'vite.config.js', 'vite.config.mts', 'vite.config.mjs',
];

function dependsOn(m: PackageManifest | undefined, name: string): boolean {
  return !!m && (name in m.dependencies || name in m.devDependencies);
}

/** The client app at a package or Nx project root, if its entries can be read. */
function appsAt(project: Project, root: string, tree: Tree, clientBoundary: (file: string) => boolean): ClientApp[] {
  const entries = new Set<string>();
  const how = new Set<string>();
  const add = (file: string | undefined, where: string) => {
    if (file && sourceFile.test(file) && project.stat(file)?.isFile) {
      entries.add(file);
      how.add(where);
    }
  };
  const manifest = project.stat(`${root}/package.json`)?.isFile ? readManifest(project, `${root}/package.json`) : undefined;
  // index.html script tags.
  for (const d of indexHtmlDirs) {
    const html = project.stat(`${root}${d}/index.html`)?.isFile ? project.getDoc(`${root}${d}/index.html`) : undefined;
    if (!html) continue;
    for (const m of html.text.matchAll(/<script\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/gi)) {
      const src = m[1]!;
      if (/^(https?:)?\/\//.test(src) || src.includes('%') || src.includes('{')) continue;
      const candidates = src.startsWith('/') ? [`${root}${d}${src}`, `${root}${src}`] : [path.posix.resolve(`${root}${d}`, src)];
      for (const c of candidates) add(c, `${path.posix.relative(root, html.path)} <script>`);
    }
  }
  // Bundler configs: their own names, and those package.json scripts pass with --config.
  const configs = new Set(bundlerConfigs.map((n) => `${root}/${n}`));
  const pkgDoc = manifest ? project.getDoc(`${root}/package.json`) : undefined;
  if (pkgDoc) for (const m of pkgDoc.text.matchAll(/--config[= ]+(?:\.\/)?([\w./-]+\.[cm]?[jt]s)\b/g)) configs.add(path.posix.resolve(root, m[1]!));
  for (const c of configs) {
    const doc = project.stat(c)?.isFile ? project.getDoc(c) : undefined;
    if (!doc) continue;
    for (const e of project.memo(doc, 'client-reach:config-entries', configEntries)) {
      for (const base of [root, path.posix.dirname(c)]) add(resolveEntry(project, path.posix.resolve(base, e)), `${path.posix.relative(root, c)} entry`);
    }
  }
  // Nx project.json build target.
  const projectJson = project.stat(`${root}/project.json`)?.isFile ? project.getDoc(`${root}/project.json`) : undefined;
  if (projectJson) {
    const top = nxWorkspaceRoot(project, root);
    for (const e of project.memo(projectJson, 'client-reach:nx-entries', (d) => buildEntries(parseJson(d.text) as Record<string, unknown> | undefined, 'targets'))) add(resolveEntry(project, `${top}/${e}`), 'project.json build');
  }
  // Framework conventions, found among the tree's files.
  const under = (prefix: string) => tree.files.filter((f) => f.startsWith(`${root}/${prefix}`));
  if (dependsOn(manifest, 'react-scripts')) for (const f of under('src/index.')) add(f, 'Create React App src/index');
  if (dependsOn(manifest, 'next')) {
    // API routes and the custom Document run only on the server.
    for (const f of [...under('pages/'), ...under('src/pages/')]) if (!/\/pages\/(?:api\/|_document\.)/.test(f)) add(f, 'Next.js pages/');
    // A 'use client' file is where a server component's import enters the client bundle, wherever it sits (app/, modules/, components/).
    for (const f of under('')) if (!f.includes('/node_modules/') && clientBoundary(f)) add(f, "Next.js 'use client' files");
  }
  if (dependsOn(manifest, '@sveltejs/kit')) {
    for (const f of under('src/')) if (/\/\+(page|layout|error)(\.svelte|\.[jt]s)$/.test(f) || /\/hooks\.client\.[jt]s$/.test(f)) add(f, 'SvelteKit routes');
  }
  if (dependsOn(manifest, '@remix-run/react') || dependsOn(manifest, '@react-router/dev')) {
    for (const f of under('app/')) if (/^app\/(root|entry\.client)\.[jt]sx?$/.test(path.posix.relative(root, f)) || /^app\/routes\//.test(path.posix.relative(root, f))) add(f, 'Remix app/routes');
  }
  // A Next.js app whose own files hold no 'use client' file still bundles those of its libraries.
  if (entries.size === 0 && dependsOn(manifest, 'next') && isNextAppRoot(project, root, tree)) how.add("Next.js 'use client' files");
  return how.size > 0 ? [{ root, entries: [...entries].sort(), how: [...how] }] : [];
}

function angularApps(project: Project, angularJson: string): ClientApp[] {
  const doc = project.getDoc(angularJson);
  const raw = doc ? (parseJson(doc.text) as { projects?: Record<string, unknown> } | undefined) : undefined;
  const top = path.posix.dirname(angularJson);
  const out: ClientApp[] = [];
  for (const p of Object.values(raw?.projects ?? {})) {
    if (!p || typeof p !== 'object') continue;
    const q = p as Record<string, unknown>;
    const entries = buildEntries(q, 'architect').map((e) => resolveEntry(project, `${top}/${e}`)).filter((e): e is string => e !== undefined);
    const root = typeof q.root === 'string' && q.root ? `${top}/${q.root.replace(/\/$/, '')}` : top;
    if (entries.length > 0) out.push({ root, entries, how: ['angular.json build'] });
  }
  return out;
}

/**
 * `main`, `browser` and `polyfills` (files) of a browser build target. A library's build (`@nx/js:tsc`,
 * ng-packagr) only compiles it: its `main` is no client entry, whatever app imports it decides.
 */
function buildEntries(config: Record<string, unknown> | undefined, key: 'targets' | 'architect'): string[] {
  const targets = (config?.[key] ?? config?.targets ?? config?.architect) as Record<string, { executor?: string; builder?: string; options?: Record<string, unknown> }> | undefined;
  const build = targets?.build;
  const executor = build?.executor ?? build?.builder ?? '';
  const o = build?.options ?? {};
  if (config?.projectType === 'library' || !browserExecutor.test(executor)) return [];
  if (o.target === 'node' || o.platform === 'node' || /node|nest|electron|:server/.test(executor)) return [];
  const out: string[] = [];
  for (const k of ['main', 'browser', 'polyfills']) {
    const v = o[k];
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && /\.[jt]sx?$/.test(x)) out.push(x);
  }
  return out;
}

/** Nx paths in project.json are relative to the workspace root (the folder with nx.json). */
function nxWorkspaceRoot(project: Project, from: string): string {
  for (let d = from, i = 0; i < 20; i++) {
    if (project.stat(`${d}/nx.json`)?.isFile || project.stat(`${d}/angular.json`)?.isFile) return d;
    const parent = path.posix.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return from;
}

/** A path with or without its extension, or a folder's index. */
function resolveEntry(project: Project, p: string): string | undefined {
  if (project.stat(p)?.isFile) return p;
  return project.resolveImport(p, p);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/**
 * Relative paths a bundler config names as entries: string values (at any depth) of `entry`,
 * `input` and `main` properties, read from text (configs are never run).
 */
function configEntries(doc: SourceDoc): string[] {
  const out: string[] = [];
  // A Vite library build (`build.lib.entry`) makes a package for apps to import: its entries are
  // the package's exports, not a page's scripts; the apps that import it reach what they use.
  const libraries = [...doc.text.matchAll(/\blib\s*:\s*(?=\{)/g)].map((m) => {
    const start = m.index! + m[0].length;
    return [start, start + balanced(doc.text, start).length] as const;
  });
  for (const m of doc.text.matchAll(/\b(?:entry|input|entries)\s*:\s*/g)) {
    if (libraries.some(([from, to]) => m.index! > from && m.index! < to)) continue;
    // The value: up to the matching close of an object or array, or one string.
    const start = m.index! + m[0].length;
    const value = balanced(doc.text, start);
    for (const s of value.matchAll(/(['"`])((?:\.{1,2}\/|\/)?[\w@./-]+\.[cm]?[jt]sx?)\1/g)) out.push(s[2]!);
  }
  return [...new Set(out)];
}

function balanced(text: string, start: number): string {
  const open = text[start];
  if (open !== '{' && open !== '[') {
    const end = text.slice(start).search(/[,\n}]/);
    return text.slice(start, end < 0 ? undefined : start + end);
  }
  let depth = 0;
  for (let i = start; i < text.length && i < start + 5000; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return text.slice(start, start + 5000);
}

/** How many reached files of the workspace import one of `targets` through a value import. */
export function importersOf(project: Project, filePath: string, targets: ReadonlySet<string>): number {
  const reach = clientReach(project, filePath);
  const top = workspaceTop(project, filePath);
  const edges = top === undefined ? undefined : caches.get(project)?.get(top)?.edges;
  if (!reach || !edges) return 0;
  let n = 0;
  for (const [p, e] of edges) if (reach.owner.has(p) && !targets.has(p) && e.targets.some((t) => targets.has(t))) n++;
  return n;
}

/** The Electron main-process entry that alone reaches a file (no client entry does), relative to `fromDir`. */
export function electronMainReach(project: Project, filePath: string, fromDir: string): string | undefined {
  const main = clientReach(project, filePath)?.electronMain.get(filePath);
  return main === undefined ? undefined : path.posix.relative(fromDir, main);
}

function hasSubpathExports(project: Project, packageRootDir: string): boolean {
  const doc = project.stat(`${packageRootDir}/package.json`)?.isFile ? project.getDoc(`${packageRootDir}/package.json`) : undefined;
  const exports = doc ? (parseJson(doc.text) as { exports?: unknown } | undefined)?.exports : undefined;
  return !!exports && typeof exports === 'object' && Object.keys(exports).filter((k) => k.startsWith('./')).length > 1;
}

/** What the reach says of one file: reached (by which app), or not reached, and why, where that is sure. */
export function reachOf(project: Project, filePath: string, packageRootDir: string): { reached: true; app: string; byFolder?: true } | { reached: false; reason: string } | undefined {
  const reach = clientReach(project, filePath);
  if (!reach || reach.apps.length === 0) return undefined;
  const app = reach.owner.get(filePath);
  if (app !== undefined) return { reached: true, app };
  const own = reach.apps.find((a) => a.root === packageRootDir);
  if (!own) {
    // An Nx library is imported through tsconfig paths, which the walk follows: when no client app
    // reaches it (type-only imports aside), it is not in a bundle. A package with its own
    // package.json may be imported through a build output the walk cannot follow: no verdict.
    const nxLibrary = project.stat(`${packageRootDir}/project.json`)?.isFile && !project.stat(`${packageRootDir}/package.json`)?.isFile;
    if (nxLibrary) return { reached: false, reason: 'no client app of the workspace imports this library (type-only imports do not count)' };
    // A workspace package whose entry is its source (`main: ./src/index.ts`): the walk follows
    // imports of it as it does relative ones, so when no client app reaches a file of it (and each
    // front end that depends on it is an app whose entries were read), no bundle holds it.
    if (packageRootDir && !reach.reachedDirs.has(packageRootDir) && sourceEntryUnreached(project, filePath, packageRootDir, reach)) {
      return { reached: false, reason: noAppImports(reach) };
    }
    // A workspace library whose `exports` split it into entries (`./web`, `./node`), a client app
    // importing some: what the app reaches is bundled, a folder it reaches nothing in is not.
    // Without `exports`, deep imports into a build folder may resolve to no source: no verdict.
    const app = packageRootDir ? reach.reachedDirs.get(packageRootDir) : undefined;
    // A library only Next.js apps reach: Next bundles for the browser only what their pages and
    // 'use client' files import (no auto-imports, no glob imports), so a file of it none of them
    // reaches is server code, whatever folder it shares with reached ones (a logger beside the
    // log-level constants a client component imports).
    if (app !== undefined && [...appsReaching(reach, packageRootDir)].every((a) => nextOnly(reach, a))) {
      return { reached: false, reason: `no page or 'use client' file of the Next.js app (${path.posix.basename(app)}) imports it, so it runs on the server` };
    }
    if (app === undefined || !hasSubpathExports(project, packageRootDir)) return undefined;
    const beside = reach.reachedDirs.get(path.posix.dirname(filePath));
    if (beside !== undefined) return { reached: true, app: beside, byFolder: true };
    return { reached: false, reason: `a client app (${path.posix.basename(app)}) imports this library, but nothing of this folder` };
  }
  // Next.js bundles for the browser only what its pages and 'use client' files import (no
  // auto-imports, no glob imports): a file none of them reaches is server code (a route
  // handler's helper, a server action's library), whatever folder it shares with client files.
  if (isNextOnlyApp(own)) {
    return { reached: false, reason: "no page or 'use client' file of this Next.js app imports it, so it runs on the server" };
  }
  // Only inside a package that is itself a client app is an unreached folder taken for non-browser code.
  for (let d = path.posix.dirname(filePath); d.length > packageRootDir.length; d = path.posix.dirname(d)) {
    const app = reach.reachedDirs.get(d);
    // Counted as reached for its folder (auto-imports, import.meta.glob), not through an import.
    if (app !== undefined) return { reached: true, app, byFolder: true };
  }
  const entries = own.entries.map((e) => path.posix.relative(own.root, e)).slice(0, 3).join(', ');
  return { reached: false, reason: `not reached through imports from the app's client entries (${entries})` };
}

/** Whether an app is a Next.js app and nothing else (its entries are its pages and 'use client' files). */
function isNextOnlyApp(app: ClientApp): boolean {
  return app.how.every((h) => h.startsWith('Next.js'));
}

/** Whether the app at `root` is a Next.js app and nothing else. */
function nextOnly(reach: ClientReach, root: string): boolean {
  const app = reach.apps.find((a) => a.root === root);
  return !!app && isNextOnlyApp(app);
}

const reachingCache = new WeakMap<ClientReach, Map<string, ReadonlySet<string>>>();

/** The apps that own a reached file under `dir`. */
function appsReaching(reach: ClientReach, dir: string): ReadonlySet<string> {
  let perReach = reachingCache.get(reach);
  if (!perReach) reachingCache.set(reach, (perReach = new Map()));
  let apps = perReach.get(dir);
  if (!apps) {
    const found = new Set<string>();
    for (const [file, app] of reach.owner) if (file.startsWith(`${dir}/`)) found.add(app);
    perReach.set(dir, (apps = found));
  }
  return apps;
}

/** Dependencies that make a package a front end (whose own entries must be known before its libraries are judged unreached). */
const frontEnds = ['vite', 'webpack', 'next', 'nuxt', '@sveltejs/kit', 'react-scripts', '@angular/core', 'vue', 'svelte', 'react-dom', 'preact', 'solid-js', '@remix-run/react', 'astro', 'parcel'];

function sourceEntryUnreached(project: Project, filePath: string, packageRootDir: string, reach: ClientReach): boolean {
  const manifest = readManifest(project, `${packageRootDir}/package.json`);
  const doc = project.getDoc(`${packageRootDir}/package.json`);
  const raw = doc ? (parseJson(doc.text) as { name?: unknown; main?: unknown; module?: unknown; exports?: unknown } | undefined) : undefined;
  if (!manifest || !raw || typeof raw.name !== 'string') return false;
  const dot = raw.exports && typeof raw.exports === 'object' ? (raw.exports as Record<string, unknown>)['.'] : raw.exports;
  const entry = [dot, raw.module, raw.main].find((x): x is string => typeof x === 'string');
  const file = entry ? resolveEntry(project, path.posix.resolve(packageRootDir, entry)) : undefined;
  if (!file || !sourceFile.test(file) || /\/(dist|build|lib|out)\//.test(path.posix.relative(packageRootDir, file))) return false;
  // Every front end of the workspace that depends on the package has entries the walk started from.
  const top = workspaceTop(project, filePath);
  const tree = top === undefined ? undefined : treeOf(project, top);
  if (!tree) return false;
  const name = raw.name;
  return tree.roots.every((r) => {
    const m = r === packageRootDir ? undefined : readManifest(project, `${r}/package.json`);
    if (!m || !(name in m.dependencies || name in m.devDependencies)) return true;
    return reach.apps.some((a) => a.root === r) || !frontEnds.some((d) => dependsOn(m, d));
  });
}

/**
 * The file whose `import()` opens the lazy chunk holding `filePath` (a lazy route, a
 * `defineAsyncComponent`, a loader module), when only `import()` leads to it; undefined when a
 * static import from a client entry reaches it, or nothing is known. A file counted as reached
 * for its folder is in a lazy chunk when every reached file of that folder is.
 */
export function lazyChunkOf(project: Project, filePath: string): string | undefined {
  const reach = clientReach(project, filePath);
  if (!reach || reach.lazy.size === 0) return undefined;
  if (reach.owner.has(filePath)) return reach.lazy.get(filePath);
  for (let d = path.posix.dirname(filePath); d.length > 1; d = path.posix.dirname(d)) {
    if (reach.eagerDirs.has(d)) return undefined;
    if (reach.reachedDirs.has(d)) {
      for (const [file, from] of reach.lazy) if (path.posix.dirname(file) === d) return from;
      return undefined;
    }
  }
  return undefined;
}

/**
 * Why a package of the workspace that is no client app of its own is reached by none: the
 * workspace has client apps, and none reaches a file of the package (through imports, type-only
 * ones aside, or a file beside one). Undefined when the package is an app, is reached, or the
 * workspace's apps are not known.
 */
export function unreachedLibrary(project: Project, filePath: string, packageRootDir: string): string | undefined {
  const reach = clientReach(project, filePath);
  if (!reach || reach.apps.length === 0 || !packageRootDir) return undefined;
  if (reach.reachedDirs.has(packageRootDir) || reach.apps.some((a) => a.root === packageRootDir || a.root.startsWith(`${packageRootDir}/`))) return undefined;
  return noAppImports(reach);
}

/** The reason given for a library of the monorepo no client app reaches, naming the first apps. */
function noAppImports(reach: ClientReach): string {
  return `a library of the monorepo that no client app imports (${reach.apps.map((a) => path.posix.basename(a.root)).slice(0, 3).join(', ')})`;
}
