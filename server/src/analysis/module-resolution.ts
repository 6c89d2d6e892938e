/**
 * Import specifiers to workspace files: relative ones through `project.resolveImport`, and
 * path aliases from the nearest tsconfig.json / jsconfig.json `compilerOptions.paths`
 * (`@/lib/x`, `@server/utils/x`, `src/users/users.service`), which Next.js and NestJS apps use
 * everywhere, followed through its `extends` chain (an Nx app's tsconfig.json extends the
 * workspace's tsconfig.base.json, which holds every library's paths), and a monorepo's own packages (`@acme/db`, see workspace-packages.ts). The config
 * is read through `project.getDoc`, so an analysis depends on it.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { findUp, perProject } from './find-up';
import { resolveWorkspacePackage } from './workspace-packages';

interface PathAliases {
  /** Absolute folder the `paths` targets are relative to. */
  base: string;
  paths: [pattern: string, targets: string[]][];
}

const configNames = ['tsconfig.json', 'jsconfig.json'];
/** Folder → the config that governs it, per project (config files are rarely created or deleted). */
const configLocations = new WeakMap<Project, Map<string, string | null>>();

/** The workspace file an import specifier names, or undefined for packages and missing files. */
export function resolveWorkspaceImport(project: Project, fromPath: string, specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return project.resolveImport(fromPath, specifier);
  // Scoped and bare packages can be aliases too (`@server/…`), but `node:` built-ins never are.
  if (specifier.startsWith('node:')) return undefined;
  const aliases = aliasesFor(project, path.posix.dirname(fromPath));
  return (aliases && resolveAlias(project, specifier, aliases)) ?? resolveWorkspacePackage(project, fromPath, specifier);
}

/**
 * Alias resolutions per composed `paths` (one object per version of the configs): every file of
 * an app asks for the same specifiers (`react`, `@server/models`), each tried against every pattern.
 * What a target resolves to changes only when a file is created or deleted (`fileEventCount`).
 */
const aliasResolutions = new WeakMap<PathAliases, { fileEvents: number; bySpecifier: Map<string, string | undefined> }>();

function resolveAlias(project: Project, specifier: string, aliases: PathAliases): string | undefined {
  let cache = aliasResolutions.get(aliases);
  if (!cache || cache.fileEvents !== project.fileEventCount) {
    cache = { fileEvents: project.fileEventCount, bySpecifier: new Map() };
    aliasResolutions.set(aliases, cache);
  }
  if (cache.bySpecifier.has(specifier)) return cache.bySpecifier.get(specifier);
  const resolved = resolveAliasTargets(project, specifier, aliases);
  cache.bySpecifier.set(specifier, resolved);
  return resolved;
}

function resolveAliasTargets(project: Project, specifier: string, aliases: PathAliases): string | undefined {
  for (const [pattern, targets] of aliases.paths) {
    const star = pattern.indexOf('*');
    let rest: string | undefined;
    if (star < 0) rest = pattern === specifier ? '' : undefined;
    else {
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
        rest = specifier.slice(prefix.length, specifier.length - suffix.length);
      }
    }
    if (rest === undefined) continue;
    for (const target of targets) {
      // An absolute path: the importer's folder plays no part.
      const resolved = project.resolveImport(aliases.base, path.posix.resolve(aliases.base, target.replace('*', rest)));
      if (resolved) return resolved;
    }
  }
  return undefined;
}

function aliasesFor(project: Project, dir: string): PathAliases | undefined {
  const configPath = findConfig(project, dir);
  if (!configPath) return undefined;
  const doc = project.getDoc(configPath);
  if (!doc) return undefined;
  const own = project.memo(doc, 'analysis:tsconfig-own', parseTsconfig);
  // Most configs hold their paths or extend nothing: no other file to read.
  if (own.extends.length === 0 || own.paths) return project.memo(doc, 'analysis:path-aliases', () => aliasesOf([own]));
  // Every import of the app asks: the chain is composed once while none of its files changes.
  const hit = composed.get(own);
  if (hit && hit.bases.every((b, i) => project.versionOf(b) === hit.versions[i])) {
    project.dependOn(hit.bases);
    return hit.aliases;
  }
  const chain = extendsChain(project, own);
  const bases = chain.slice(1).map((c) => c.path);
  const aliases = aliasesOf(chain);
  composed.set(own, { bases, versions: bases.map((b) => project.versionOf(b)), aliases });
  return aliases;
}

/** A config's composed aliases, by its own parsed form (one per version), with the versions of the configs it extends. */
const composed = new WeakMap<OwnConfig, { bases: string[]; versions: (string | undefined)[]; aliases: PathAliases | undefined }>();

/** What one tsconfig says about module resolution, without what it extends. */
interface OwnConfig {
  path: string;
  /** `baseUrl`, absolute (relative to the config that sets it). */
  baseUrl?: string;
  paths?: [pattern: string, targets: string[]][];
  /** The configs it extends, absolute, in the order written (a later one overrides an earlier one). */
  extends: string[];
}

/**
 * A config and the configs it extends, nearest first, in the order TypeScript gives them precedence:
 * the config itself, then its last `extends` entry and what that extends, then the one before.
 * An Nx app's tsconfig.json extends the workspace's tsconfig.base.json, which holds every
 * library's `paths`. Configs extended from packages (`@tsconfig/node18`) set no paths: not followed.
 */
function extendsChain(project: Project, leaf: OwnConfig): OwnConfig[] {
  const chain: OwnConfig[] = [];
  const seen = new Set<string>();
  const visit = (c: OwnConfig) => {
    if (seen.has(c.path) || chain.length >= 10) return;
    seen.add(c.path);
    chain.push(c);
    for (const base of [...c.extends].reverse()) {
      const target = project.stat(base)?.isFile ? base : project.stat(`${base}.json`)?.isFile ? `${base}.json` : undefined;
      const doc = target ? project.getDoc(target) : undefined;
      if (doc) visit(project.memo(doc, 'analysis:tsconfig-own', parseTsconfig));
    }
  };
  visit(leaf);
  return chain;
}

/** `paths` and `baseUrl` each come from the nearest config of the chain that sets them. */
function aliasesOf(chain: OwnConfig[]): PathAliases | undefined {
  const withPaths = chain.find((c) => c.paths);
  const baseUrl = chain.find((c) => c.baseUrl !== undefined)?.baseUrl;
  const paths: [string, string[]][] = [...(withPaths?.paths ?? [])];
  // With a baseUrl, bare specifiers resolve from it (`import { X } from 'src/users/x'` in NestJS apps).
  if (baseUrl !== undefined) paths.push(['*', ['*']]);
  if (paths.length === 0) return undefined;
  // `paths` targets are relative to the baseUrl, or without one to the config that sets them.
  return { base: baseUrl ?? path.posix.dirname((withPaths ?? chain[0]!).path), paths };
}

function findConfig(project: Project, start: string): string | undefined {
  return findUp(perProject(configLocations, project), start, (dir) => configNames.map((n) => `${dir === '/' ? '' : dir}/${n}`).find((p) => project.stat(p)?.isFile));
}

/** Parse tsconfig's JSON-with-comments: the `paths` and `baseUrl` of this file and what it extends. */
function parseTsconfig(doc: SourceDoc): OwnConfig {
  const own: OwnConfig = { path: doc.path, extends: [] };
  let json: unknown;
  try {
    json = JSON.parse(stripJsonComments(doc.text));
  } catch {
    return own;
  }
  if (!json || typeof json !== 'object') return own;
  const dir = path.posix.dirname(doc.path);
  const ext = (json as { extends?: unknown }).extends;
  for (const e of Array.isArray(ext) ? ext : [ext]) {
    if (typeof e === 'string' && (e.startsWith('.') || e.startsWith('/'))) own.extends.push(path.posix.resolve(dir, e));
  }
  const options = (json as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } }).compilerOptions;
  if (!options || typeof options !== 'object') return own;
  if (typeof options.baseUrl === 'string') own.baseUrl = path.posix.resolve(dir, options.baseUrl);
  if (options.paths && typeof options.paths === 'object') {
    own.paths = [];
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (Array.isArray(targets)) own.paths.push([pattern, targets.filter((t): t is string => typeof t === 'string')]);
    }
  }
  return own;
}

/** Remove // and /* comments and trailing commas outside strings. */
function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
