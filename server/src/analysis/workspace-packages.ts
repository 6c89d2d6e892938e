/**
 * Imports of a monorepo's own packages (`import { prisma } from '@documenso/prisma'`) to the
 * package's source file. npm/Yarn `workspaces` in the root package.json and
 * `pnpm-workspace.yaml` list folders (`packages/*`, `apps/*`); a package is looked for in each
 * listed folder under its unscoped name and taken only when its package.json has that exact
 * name, so nothing is guessed. Without this, every finding that crosses a package boundary in
 * a monorepo (a loop in `apps/web` awaiting a query written in `packages/db`) is lost.
 *
 * Files are read through `project.getDoc` and `project.stat`, so an analysis depends on them.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import { findUp, perProject } from './find-up';

interface PackageJson {
  name?: unknown;
  main?: unknown;
  module?: unknown;
  types?: unknown;
  typings?: unknown;
  source?: unknown;
  exports?: unknown;
  workspaces?: unknown;
}

/** Folder → the monorepo root governing it (null: none), per project. */
const roots = new WeakMap<Project, Map<string, string | null>>();

/** The workspace file `specifier` names when it is one of the monorepo's own packages. */
export function resolveWorkspacePackage(project: Project, fromPath: string, specifier: string): string | undefined {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < nameLength || parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.slice(nameLength).join('/');
  const root = monorepoRoot(project, path.posix.dirname(fromPath));
  // Every file asks for the same few specifiers ('react', '@acme/db'): one answer per root until a file changes.
  const inWorkspace = root
    ? project.workspaceFact(`workspace-package\0${root}\0${specifier}`, () => {
        for (const pattern of workspacePatterns(project, root)) {
          const dir = packageDir(project, root, pattern, name);
          if (dir) return entryOf(project, fromPath, dir, subpath);
        }
        return undefined;
      })
    : undefined;
  return inWorkspace ?? committedPackage(project, fromPath, name, subpath);
}

/**
 * The folder of `name` when it is one of the monorepo's own packages (listed by its workspaces,
 * verified by its package.json name), whatever its entry resolves to: its files are source, not
 * a dependency, even where node_modules links it (`node_modules/@acme/ui -> ../../packages/ui`).
 */
export function ownPackageFolder(project: Project, fromPath: string, name: string): string | undefined {
  const root = monorepoRoot(project, path.posix.dirname(fromPath));
  if (!root) return undefined;
  return project.workspaceFact(`workspace-package-folder\0${root}\0${name}`, () => {
    for (const pattern of workspacePatterns(project, root)) {
      const dir = packageDir(project, root, pattern, name);
      if (dir) return dir;
    }
    return undefined;
  });
}

/** Per list of files: the package folders inside node_modules folders that the list holds files of. */
const committedDirs = new WeakMap<Iterable<string>, Set<string>>();

/**
 * A package the project commits in a node_modules folder of its own (node-red keeps its packages
 * in packages/node_modules, which its .gitignore keeps with `!packages/node_modules`), found as
 * Node finds it, walking up from the importer, and taken only when the front end lists files in
 * it: installed dependencies are never listed.
 */
function committedPackage(project: Project, fromPath: string, name: string, subpath: string): string | undefined {
  const list = project.listFiles();
  let own = committedDirs.get(list);
  if (!own) {
    own = new Set();
    const marker = '/node_modules/';
    for (const f of list) {
      const i = f.lastIndexOf(marker);
      if (i < 0) continue;
      const rest = f.slice(i + marker.length).split('/');
      const length = rest[0]!.startsWith('@') ? 2 : 1;
      if (rest.length > length) own.add(f.slice(0, i + marker.length) + rest.slice(0, length).join('/'));
    }
    committedDirs.set(list, own);
  }
  if (own.size === 0) return undefined;
  for (let d = path.posix.dirname(fromPath), prev = ''; d !== prev; prev = d, d = path.posix.dirname(d)) {
    const dir = join(d, `node_modules/${name}`);
    if (own.has(dir)) return entryOf(project, fromPath, dir, subpath);
  }
  return undefined;
}

/** A package.json, parsed once per version of the file (every bare import of every file asks). */
function readJson(project: Project, file: string): PackageJson | undefined {
  const doc = project.stat(file)?.isFile ? project.getDoc(file) : undefined;
  return doc ? project.memo(doc, 'workspace-packages:package-json', (d) => parsePackageJson(d.text)) : undefined;
}

function parsePackageJson(text: string): PackageJson | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

/** The nearest folder at or above `start` whose package.json has `workspaces` or that holds pnpm-workspace.yaml. */
function monorepoRoot(project: Project, start: string): string | undefined {
  return findUp(perProject(roots, project), start, (dir) =>
    project.stat(join(dir, 'pnpm-workspace.yaml'))?.isFile || readJson(project, join(dir, 'package.json'))?.workspaces !== undefined ? dir : undefined,
  );
}

/** `workspaces: [...]`, `workspaces: { packages: [...] }` (Yarn 1), and pnpm-workspace.yaml's `packages:` list. */
export function workspacePatterns(project: Project, root: string): string[] {
  const out: string[] = [];
  const ws = readJson(project, join(root, 'package.json'))?.workspaces;
  const list = Array.isArray(ws) ? ws : ws && typeof ws === 'object' ? (ws as { packages?: unknown }).packages : undefined;
  if (Array.isArray(list)) out.push(...list.filter((p): p is string => typeof p === 'string'));
  const pnpm = project.stat(join(root, 'pnpm-workspace.yaml'))?.isFile ? project.getDoc(join(root, 'pnpm-workspace.yaml')) : undefined;
  if (pnpm) out.push(...pnpmPackages(pnpm.text));
  // Exclusions (`!**/test/**`) only remove folders; nothing here lists folders.
  return out.filter((p) => !p.startsWith('!'));
}

/** The `packages:` entries of pnpm-workspace.yaml (a flat list of strings; a YAML parser would be overkill). */
export function pnpmPackages(text: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (/^packages\s*:\s*$/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const m = /^\s*-\s*(['"]?)(.+?)\1\s*$/.exec(line);
      if (m) out.push(m[2]!);
    }
  }
  return out;
}

/** The folder of package `name` under a workspace pattern, verified by its package.json's name. */
function packageDir(project: Project, root: string, pattern: string, name: string): string | undefined {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  const unscoped = name.slice(name.lastIndexOf('/') + 1);
  const candidates: string[] = [];
  if (!clean.includes('*')) candidates.push(clean);
  else if (/^[^*]*\/\*{1,2}$/.test(clean) || clean === '*' || clean === '**') {
    // `packages/*` (and `packages/**`, whose first level is the common case) → packages/<unscoped name>.
    const prefix = clean.replace(/\/?\*{1,2}$/, '');
    candidates.push(prefix ? `${prefix}/${unscoped}` : unscoped);
  }
  for (const c of candidates) {
    const dir = join(root, c);
    if (readJson(project, join(dir, 'package.json'))?.name === name) return dir;
  }
  // A folder named otherwise than its package (`packages/hoppscotch-js-sandbox` holding
  // `@hoppscotch/js-sandbox`): the pattern's folders, listed once, by their package.json names.
  if (clean.includes('*')) return packagesUnder(project, root, clean).get(name);
  return undefined;
}

/** Package name → folder, for the folders a `prefix/*` or `prefix/**` pattern lists (two levels for `**`), until a file is created or deleted. */
function packagesUnder(project: Project, root: string, pattern: string): Map<string, string> {
  return project.workspaceFact(`workspace-packages:names\0${root}\0${pattern}`, () => {
    const out = new Map<string, string>();
    const m = /^([^*]*?)\/?(\*{1,2})$/.exec(pattern);
    if (!m) return out;
    const visit = (dir: string, depth: number) => {
      for (const entry of project.listDir(dir) ?? []) {
        if (!entry.endsWith('/') || entry.startsWith('.') || entry === 'node_modules/') continue;
        const sub = join(dir, entry.slice(0, -1));
        const pkgName = readJson(project, join(sub, 'package.json'))?.name;
        if (typeof pkgName === 'string' && !out.has(pkgName)) out.set(pkgName, sub);
        if (depth > 1) visit(sub, depth - 1);
      }
    };
    visit(m[1] ? join(root, m[1]) : root, m[2] === '**' ? 2 : 1);
    return out;
  });
}

/** The source file a package's entry (or `name/subpath`) stands for; declaration files have no code. */
function entryOf(project: Project, fromPath: string, dir: string, subpath: string): string | undefined {
  const pkg = readJson(project, join(dir, 'package.json')) ?? {};
  const targets: string[] = [];
  const exported = exportTarget(pkg.exports, subpath ? `./${subpath}` : '.');
  if (exported) targets.push(exported);
  // `@redash/viz/lib` names the build folder of the package's own entry (lib/ compiled from src/).
  if (/^(?:dist|build|lib|out)$/.test(subpath)) targets.push('src/index');
  if (subpath) targets.push(subpath, `src/${subpath}`);
  else {
    for (const field of [pkg.source, pkg.types, pkg.typings, pkg.module, pkg.main]) if (typeof field === 'string') targets.push(field);
    targets.push('src/index', 'index');
  }
  for (const t of targets) {
    const file = project.resolveImport(fromPath, join(dir, t));
    if (file && !/\.d\.[cm]?ts$/.test(file)) return file;
    // `main: dist/index.js` before a build: the source usually sits at src/index.
    const fromSource = /^(?:\.\/)?(?:dist|build|lib|out)\/(.+?)(?:\.d)?(?:\.[cm]?[jt]s)?$/.exec(t);
    const source = fromSource && project.resolveImport(fromPath, join(dir, `src/${fromSource[1]}`));
    if (source && !/\.d\.[cm]?ts$/.test(source)) return source;
  }
  return undefined;
}

/** `exports` for one subpath: a string, or conditions (`types`, `import`, `default`, …) nested any depth. */
function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (exports === undefined || exports === null) return undefined;
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined;
  if (typeof exports !== 'object' || Array.isArray(exports)) return undefined;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.some((k) => k.startsWith('.'))) {
    if (subpath in map) return condition(map[subpath]);
    for (const k of keys) {
      const star = k.indexOf('*');
      if (star < 0) continue;
      const [pre, post] = [k.slice(0, star), k.slice(star + 1)];
      if (subpath.startsWith(pre) && subpath.endsWith(post)) {
        const target = condition(map[k]);
        return target?.replace('*', subpath.slice(pre.length, subpath.length - post.length));
      }
    }
    return undefined;
  }
  return subpath === '.' ? condition(map) : undefined;
}

function condition(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  // Source-ish conditions first: `types` often names the .ts source in monorepos.
  for (const key of ['source', 'types', 'import', 'module', 'node', 'require', 'default']) {
    const v = condition(o[key]);
    if (v) return v;
  }
  return undefined;
}

function join(dir: string, rel: string): string {
  return path.posix.join(dir, rel);
}
