/**
 * Import specifiers to workspace files: relative ones through `project.resolveImport`, and
 * path aliases from the nearest tsconfig.json / jsconfig.json `compilerOptions.paths`
 * (`@/lib/x`, `@server/utils/x`, `src/users/users.service`), which Next.js and NestJS apps use
 * everywhere, and a monorepo's own packages (`@acme/db`, see workspace-packages.ts). The config
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
  return (aliases && resolveAlias(project, fromPath, specifier, aliases)) ?? resolveWorkspacePackage(project, fromPath, specifier);
}

function resolveAlias(project: Project, fromPath: string, specifier: string, aliases: PathAliases): string | undefined {
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
      const resolved = project.resolveImport(fromPath, path.posix.resolve(aliases.base, target.replace('*', rest)));
      if (resolved) return resolved;
    }
  }
  return undefined;
}

function aliasesFor(project: Project, dir: string): PathAliases | undefined {
  const configPath = findConfig(project, dir);
  return configPath ? configAliases(project, configPath, 0) : undefined;
}

/**
 * The aliases a config declares, or those of the config it `extends` when it declares none: Nx and
 * many other monorepos keep `paths` in a root `tsconfig.base.json` each app's tsconfig extends.
 * Only relative `extends` are followed; a package's config (`@tsconfig/node20`) holds no aliases.
 */
function configAliases(project: Project, configPath: string, depth: number): PathAliases | undefined {
  const doc = project.getDoc(configPath);
  if (!doc) return undefined;
  const own = project.memo(doc, 'analysis:path-aliases', parseConfig);
  if (own.hasPaths || depth >= 4) return own.aliases;
  for (const parent of own.extends) {
    const found = configAliases(project, parent.endsWith('.json') ? parent : `${parent}.json`, depth + 1);
    if (found) return found;
  }
  return own.aliases;
}

function parseConfig(doc: SourceDoc): { aliases: PathAliases | undefined; hasPaths: boolean; extends: string[] } {
  const json = parseJsonc(doc.text) as { extends?: unknown; compilerOptions?: { paths?: unknown } } | undefined;
  const ext = typeof json?.extends === 'string' ? [json.extends] : Array.isArray(json?.extends) ? json.extends.filter((e): e is string => typeof e === 'string') : [];
  const dir = path.posix.dirname(doc.path);
  return { aliases: parseAliases(doc), hasPaths: !!json?.compilerOptions?.paths, extends: ext.filter((e) => e.startsWith('.')).map((e) => path.posix.resolve(dir, e)).reverse() };
}

function parseJsonc(text: string): unknown {
  try {
    return JSON.parse(stripJsonComments(text));
  } catch {
    return undefined;
  }
}

function findConfig(project: Project, start: string): string | undefined {
  return findUp(perProject(configLocations, project), start, (dir) => configNames.map((n) => `${dir === '/' ? '' : dir}/${n}`).find((p) => project.stat(p)?.isFile));
}

/** The aliases one tsconfig's JSON-with-comments declares itself (`extends` is followed by configAliases). */
export function parseAliases(doc: SourceDoc): PathAliases | undefined {
  const json = parseJsonc(doc.text);
  const options = (json as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | null)?.compilerOptions;
  if (!options || typeof options !== 'object') return undefined;
  const dir = path.posix.dirname(doc.path);
  const base = typeof options.baseUrl === 'string' ? path.posix.resolve(dir, options.baseUrl) : dir;
  const paths: [string, string[]][] = [];
  if (options.paths && typeof options.paths === 'object') {
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (Array.isArray(targets)) paths.push([pattern, targets.filter((t): t is string => typeof t === 'string')]);
    }
  }
  // With a baseUrl, bare specifiers resolve from it (`import { X } from 'src/users/x'` in NestJS apps).
  if (typeof options.baseUrl === 'string') paths.push(['*', ['*']]);
  return paths.length > 0 ? { base, paths } : undefined;
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
