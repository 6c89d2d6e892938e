/**
 * The committed lockfile as the dependency graph, for checkouts without node_modules (fresh
 * clones, CI, the evaluation set): which packages each package depends on. heavy-import asks it
 * what an installed manifest would answer: does `@nextcloud/moment` bundle moment, is
 * `@sentry/nestjs` a NestJS (server) package.
 *
 * Read statically, line by line: `package-lock.json` / `npm-shrinkwrap.json` (v1 nested
 * `dependencies` + `requires`, v2/v3 `packages`), `yarn.lock` (v1 and berry) and
 * `pnpm-lock.yaml` (v5 to v9). The yarn and pnpm files need only keys at fixed indentation, so
 * no YAML parser runs over a multi-megabyte file. A lockfile is parsed once per version (size and
 * mtime) and only its graph is kept; one over `maxLockfileBytes` or one that does not parse is
 * skipped with a reason the caller can print.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import { findUp, perProject } from './find-up';

export interface LockGraph {
  /** The lockfile's path. */
  path: string;
  kind: 'npm' | 'yarn' | 'pnpm';
  /** Each package's dependencies, peer and optional ones included, over every version locked. */
  deps: Map<string, Set<string>>;
}

export type LockRead = { graph: LockGraph } | { skipped: string };

/** Lockfiles in the order a folder is checked for them. */
const lockfileNames = ['pnpm-lock.yaml', 'yarn.lock', 'package-lock.json', 'npm-shrinkwrap.json'];

/** Larger lockfiles are not read (a monorepo's can pass 10 MB); the caller says so. */
export const maxLockfileBytes = 25 * 1024 * 1024;

const lockPaths = new WeakMap<Project, Map<string, string | null>>();
const parsed = new WeakMap<Project, Map<string, { version: string; read: LockRead }>>();

/** The nearest lockfile at or above `dir`, or undefined when there is none. */
export function nearestLockfile(project: Project, dir: string): string | undefined {
  return findUp(perProject(lockPaths, project), dir, (d) => {
    const base = d === '/' ? '' : d;
    for (const name of lockfileNames) if (project.stat(`${base}/${name}`)?.isFile) return `${base}/${name}`;
    return undefined;
  });
}

/** The dependency graph of the lockfile nearest to `dir`, parsed once per version of the file. */
export function lockGraph(project: Project, dir: string): LockRead | undefined {
  const file = nearestLockfile(project, dir);
  if (!file) return undefined;
  // A zero-byte read records the lockfile as a dependency of the analysis (it can exceed getDoc's size limit).
  project.readBytes(file, 0);
  const version = project.versionOf(file);
  if (version === undefined) return undefined;
  const cache = perProject(parsed, project);
  const hit = cache.get(file);
  if (hit && hit.version === version) return hit.read;
  const read = readLockfile(project, file);
  cache.set(file, { version, read });
  return read;
}

function readLockfile(project: Project, file: string): LockRead {
  const size = project.stat(file)?.size ?? 0;
  const rel = path.posix.basename(file);
  if (size > maxLockfileBytes) return { skipped: `${rel} not read: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${maxLockfileBytes / 1024 / 1024} MB limit` };
  const text = project.host.readFile(file);
  if (text === undefined) return { skipped: `${rel} could not be read` };
  try {
    const graph = parseLockfile(file, text);
    if (graph.deps.size === 0) return { skipped: `${rel} lists no packages (not a lockfile format Hotpath reads)` };
    return { graph };
  } catch (e) {
    return { skipped: `${rel} does not parse: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Parse a lockfile's text by its name. Throws on a package-lock.json that is not JSON. */
export function parseLockfile(file: string, text: string): LockGraph {
  const base = path.posix.basename(file);
  const deps = new Map<string, Set<string>>();
  const add = (name: string, dep?: string) => {
    if (!name) return;
    let s = deps.get(name);
    if (!s) deps.set(name, (s = new Set()));
    if (dep) s.add(dep);
  };
  if (base === 'pnpm-lock.yaml') {
    readIndented(text, 'pnpm', add);
    return { path: file, kind: 'pnpm', deps };
  }
  if (base === 'yarn.lock') {
    readIndented(text, 'yarn', add);
    return { path: file, kind: 'yarn', deps };
  }
  readPackageLock(JSON.parse(text.replace(/^\uFEFF/, '')) as unknown, add);
  return { path: file, kind: 'npm', deps };
}

type Add = (name: string, dep?: string) => void;

const depSections = new Set(['dependencies', 'peerDependencies', 'optionalDependencies']);

function record(o: unknown): Record<string, unknown> | undefined {
  return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : undefined;
}

function readPackageLock(lock: unknown, add: Add): void {
  const root = record(lock);
  if (!root) throw new Error('not a JSON object');
  // v2 and v3: a flat map of install paths ("node_modules/a/node_modules/b") to manifests.
  const packages = record(root.packages);
  if (packages) {
    for (const [key, v] of Object.entries(packages)) {
      const entry = record(v);
      if (!entry || key === '') continue;
      const at = key.lastIndexOf('node_modules/');
      const name = at >= 0 ? key.slice(at + 'node_modules/'.length) : typeof entry.name === 'string' ? entry.name : '';
      add(name);
      for (const section of depSections) for (const dep of Object.keys(record(entry[section]) ?? {})) add(name, dep);
    }
    return;
  }
  // v1: nested `dependencies`, each with `requires` (its own dependencies).
  const walk = (tree: Record<string, unknown>, depth: number) => {
    if (depth > 50) return;
    for (const [name, v] of Object.entries(tree)) {
      const entry = record(v);
      if (!entry) continue;
      add(name);
      for (const dep of Object.keys(record(entry.requires) ?? {})) add(name, dep);
      const nested = record(entry.dependencies);
      if (nested) walk(nested, depth + 1);
    }
  };
  walk(record(root.dependencies) ?? {}, 0);
}

/**
 * yarn.lock (v1: `"a@^1", a@^2:` / `  dependencies:` / `    b "^2"`; berry the same in YAML,
 * `    b: "npm:^2"`) and pnpm-lock.yaml (`packages:` / `snapshots:` at the top, a package key two
 * spaces in, its dependency sections four, their names six): only keys at those depths matter.
 */
function readIndented(text: string, kind: 'yarn' | 'pnpm', add: Add): void {
  const keyIndent = kind === 'yarn' ? 0 : 2;
  let inPackages = kind === 'yarn';
  let current: string | undefined;
  let inSection = false;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0 || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (kind === 'pnpm' && indent === 0) {
      inPackages = line === 'packages:' || line === 'snapshots:';
      current = undefined;
      continue;
    }
    if (!inPackages) continue;
    if (indent === keyIndent) {
      current = kind === 'yarn' ? yarnKeyName(line) : pnpmKeyName(line.trim());
      if (current !== undefined) add(current);
      inSection = false;
    } else if (current !== undefined && indent === keyIndent + 2) {
      inSection = depSections.has(line.trim().replace(/:$/, ''));
    } else if (current !== undefined && inSection && indent === keyIndent + 4) {
      const name = depName(line.trim());
      if (name) add(current, name);
    }
  }
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s;
}

/** `"@babel/core@^7.0.0", "@babel/core@npm:^7.1.0":` → `@babel/core` (the name before the range's `@`). */
function yarnKeyName(line: string): string | undefined {
  if (!line.endsWith(':') || line.startsWith('__metadata')) return undefined;
  // v1 quotes each specifier (`"a@^1", a@^2:`), berry the whole list (`"a@npm:^1, a@npm:^2":`).
  const first = line.slice(0, -1).split(',')[0]!.trim().replace(/^["']|["']$/g, '');
  const at = first.indexOf('@', 1);
  return at > 0 ? first.slice(0, at) : undefined;
}

/** `'@sentry/nestjs@10.45.0(@nestjs/common@11.1.21)':` (v9), `/@a/b@1.0.0:` (v6), `/a/1.0.0_hash:` (v5) → the name. */
function pnpmKeyName(key: string): string | undefined {
  if (!key.endsWith(':')) return undefined;
  let k = unquote(key.slice(0, -1));
  if (k.startsWith('/')) k = k.slice(1);
  const paren = k.indexOf('(');
  if (paren >= 0) k = k.slice(0, paren);
  const at = k.lastIndexOf('@');
  if (at > 0) return k.slice(0, at);
  // v5: the version is the last path segment.
  const slash = k.lastIndexOf('/');
  return slash > 0 ? k.slice(0, slash) : undefined;
}

/** A dependency line: `b "^2"` (yarn v1), `b: npm:^2` (berry), `'@a/b': 1.0.0` (pnpm) → its name. */
function depName(entry: string): string | undefined {
  const m = /^("[^"]+"|'[^']+'|[^\s:"']+)/.exec(entry);
  return m ? unquote(m[1]!) : undefined;
}

/**
 * The packages among `names` whose locked dependencies (peer ones included) reach `target`,
 * directly or through up to `depth` packages between: what a wrapper (`@nextcloud/moment`) pulls
 * into a bundle whatever the app imports itself.
 */
export function lockedDependents(graph: LockGraph, names: Iterable<string>, target: string, depth = 2): { name: string; via: string[] }[] {
  const out: { name: string; via: string[] }[] = [];
  for (const name of names) {
    if (name === target) continue;
    const via = pathTo(graph, name, target, depth);
    if (via) out.push({ name, via });
  }
  return out;
}

/** The packages between `from` and `target` on a shortest path (empty when direct), breadth first. */
function pathTo(graph: LockGraph, from: string, target: string, depth: number): string[] | undefined {
  let frontier: { name: string; via: string[] }[] = [{ name: from, via: [] }];
  const seen = new Set([from]);
  for (let level = 0; level <= depth && frontier.length > 0; level++) {
    const next: { name: string; via: string[] }[] = [];
    for (const f of frontier) {
      const deps = graph.deps.get(f.name);
      if (!deps) continue;
      if (deps.has(target)) return f.via;
      for (const d of deps) if (!seen.has(d)) {
        seen.add(d);
        next.push({ name: d, via: [...f.via, d] });
      }
    }
    frontier = next;
  }
  return undefined;
}
