/**
 * Packages as a bundler finds them: `node_modules/<name>` in the importing file's folder or any
 * folder above it (so monorepo hoisting works), through pnpm's symlinks (the link is followed
 * when the file is read), and the entry chosen from `exports` conditions, `browser`, `module`
 * and `main` in the order browser bundlers use. package.json files are read through
 * `project.getDoc`, so an analysis that used a package's version depends on it.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { findUp } from './find-up';
import { packageNameOf } from './package-imports';

export interface PackageManifest {
  name: string;
  version: string;
  type?: string;
  main?: string;
  module?: string;
  browser?: string | Record<string, string | false>;
  exports?: unknown;
  sideEffects?: boolean | string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

export interface InstalledPackage {
  name: string;
  version: string;
  /** The folder holding its package.json, as reached from the importer (symlinks not resolved). */
  dir: string;
  manifest: PackageManifest;
}

/** The package.json of a workspace folder or an installed package, parsed once per version. */
export function readManifest(project: Project, packageJsonPath: string): PackageManifest | undefined {
  const doc = project.getDoc(packageJsonPath);
  return doc ? project.memo(doc, 'analysis:package-json', parseManifest) : undefined;
}

export function parseManifest(doc: SourceDoc): PackageManifest | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(doc.text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const deps = (v: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
    return out;
  };
  const browser = o.browser;
  const sideEffects = o.sideEffects;
  return {
    name: str(o.name) ?? '',
    version: str(o.version) ?? '0.0.0',
    ...(str(o.type) ? { type: str(o.type)! } : {}),
    ...(str(o.main) ? { main: str(o.main)! } : {}),
    ...(str(o.module) ? { module: str(o.module)! } : {}),
    ...(typeof browser === 'string' || (browser && typeof browser === 'object' && !Array.isArray(browser)) ? { browser: browser as PackageManifest['browser'] } : {}),
    ...(o.exports !== undefined ? { exports: o.exports } : {}),
    ...(typeof sideEffects === 'boolean' || Array.isArray(sideEffects) ? { sideEffects: sideEffects as boolean | string[] } : {}),
    dependencies: deps(o.dependencies),
    devDependencies: deps(o.devDependencies),
    peerDependencies: deps(o.peerDependencies),
  };
}

const packageDirs = new WeakMap<Project, { fileEvents: number; byName: Map<string, Map<string, string | null>> }>();

/**
 * The installed package a bare specifier names, looked up from the importing file's folder
 * upwards. Where each folder finds each package is cached until files change on disk: every
 * import of every file asked again walked up to the root (about 20 ms of a scan of outline).
 */
export function findInstalledPackage(project: Project, fromPath: string, specifier: string): InstalledPackage | undefined {
  const name = packageNameOf(specifier);
  let cache = packageDirs.get(project);
  if (!cache || cache.fileEvents !== project.fileEventCount) packageDirs.set(project, (cache = { fileEvents: project.fileEventCount, byName: new Map() }));
  let dirs = cache.byName.get(name);
  if (!dirs) cache.byName.set(name, (dirs = new Map()));
  const pkgDir = findUp(dirs, path.posix.dirname(fromPath), (dir) => {
    // A folder named node_modules holds packages, not a node_modules of its own to search.
    if (path.posix.basename(dir) === 'node_modules') return undefined;
    const candidate = `${dir === '/' ? '' : dir}/node_modules/${name}`;
    return project.stat(`${candidate}/package.json`)?.isFile ? candidate : undefined;
  });
  if (!pkgDir) return undefined;
  const manifest = readManifest(project, `${pkgDir}/package.json`);
  return manifest ? { name, version: manifest.version, dir: pkgDir, manifest } : undefined;
}

/** Conditions a browser bundler (esbuild, Vite, webpack 5) matches in `exports`, in its order of preference. */
export const browserConditions = ['browser', 'import', 'module', 'default'];

export interface ResolvedEntry {
  /** Path of the entry file relative to the package folder, `./` removed. */
  file: string;
  /** Which field chose it: `exports`, `browser`, `module` or `main`. */
  via: 'exports' | 'browser' | 'module' | 'main';
  /** ES module code can be tree-shaken; CommonJS is bundled whole. */
  format: 'esm' | 'cjs';
}

/**
 * The file a browser bundle loads for `specifier` from an installed package, or undefined when
 * `exports` does not export that subpath (the bundler would fail too).
 */
export function resolveEntry(pkg: InstalledPackage, specifier: string): ResolvedEntry | undefined {
  const sub = specifier.slice(pkg.name.length);
  const subpath = sub ? `.${sub}` : '.';
  const m = pkg.manifest;
  let file: string | undefined;
  let via: ResolvedEntry['via'];
  if (m.exports !== undefined) {
    file = resolveExports(m.exports, subpath);
    if (file === undefined) return undefined;
    via = 'exports';
  } else if (subpath !== '.') {
    file = subpath;
    via = 'main';
  } else if (typeof m.browser === 'string') {
    file = m.browser;
    via = 'browser';
  } else if (m.module) {
    file = m.module;
    via = 'module';
  } else {
    file = m.main ?? 'index.js';
    via = 'main';
  }
  // The object form of `browser` swaps single files: { "./lib/node.js": "./lib/browser.js" }.
  if (m.browser && typeof m.browser === 'object') {
    const swapped = m.browser[`./${stripDotSlash(file)}`] ?? m.browser[stripDotSlash(file)];
    if (typeof swapped === 'string') {
      file = swapped;
      via = 'browser';
    }
  }
  file = stripDotSlash(file);
  const format: ResolvedEntry['format'] =
    /\.mjs$/.test(file) || via === 'module' || (!/\.cjs$/.test(file) && m.type === 'module') || (via === 'exports' && isEsmExport(m.exports, subpath))
      ? 'esm'
      : 'cjs';
  return { file, via, format };
}

function stripDotSlash(p: string): string {
  return p.replace(/^\.\//, '');
}

/** Node's `exports` resolution with the browser conditions, including `./*` patterns. */
export function resolveExports(exports: unknown, subpath: string, conditions = browserConditions): string | undefined {
  const map = exportsMap(exports);
  if (!map) return undefined;
  if (subpath in map) return resolveTarget(map[subpath], conditions, '');
  let best: { key: string; rest: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      if (!best || prefix.length > best.key.indexOf('*')) best = { key, rest: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best ? resolveTarget(map[best.key], conditions, best.rest) : undefined;
}

/** `"exports": "./x.js"` and `{ "import": …, "require": … }` both mean the "." entry. */
function exportsMap(exports: unknown): Record<string, unknown> | undefined {
  if (typeof exports === 'string' || Array.isArray(exports)) return { '.': exports };
  if (!exports || typeof exports !== 'object') return undefined;
  const keys = Object.keys(exports);
  if (keys.length > 0 && keys.every((k) => !k.startsWith('.'))) return { '.': exports };
  return exports as Record<string, unknown>;
}

function resolveTarget(target: unknown, conditions: string[], rest: string): string | undefined {
  if (typeof target === 'string') return target.replace(/\*/g, rest);
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = resolveTarget(t, conditions, rest);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    // Object key order is the package author's order of preference; the first matching condition wins.
    for (const [cond, t] of Object.entries(target)) {
      if (conditions.includes(cond)) {
        const r = resolveTarget(t, conditions, rest);
        if (r !== undefined) return r;
      }
    }
  }
  return undefined;
}

/** Whether the condition that won for `subpath` was an ESM one (`import` or `module`). */
function isEsmExport(exports: unknown, subpath: string): boolean {
  const viaImport = resolveExports(exports, subpath, ['browser', 'import', 'module']);
  const viaRequire = resolveExports(exports, subpath, ['browser', 'require', 'default']);
  return viaImport !== undefined && viaImport !== viaRequire;
}

/**
 * The app's direct dependencies that themselves depend on `name` (antd v4 and chart adapters on
 * moment): while they stay, removing the app's own import of `name` saves nothing. `peers: false`
 * leaves out those that only peer it (the app provides a peer; its own import is where it is charged).
 */
export function dependentsAmong(project: Project, appRoot: string, name: string, limit = 3, peers = true): string[] {
  const app = appRoot ? readManifest(project, `${appRoot}/package.json`) : undefined;
  if (!app) return [];
  const out: string[] = [];
  for (const dep of Object.keys(app.dependencies)) {
    if (dep === name) continue;
    const installed = findInstalledPackage(project, `${appRoot}/package.json`, dep);
    if (installed && (name in installed.manifest.dependencies || (peers && name in installed.manifest.peerDependencies))) out.push(dep);
    if (out.length >= limit) break;
  }
  return out;
}
