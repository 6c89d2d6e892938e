/**
 * Which kind of build an Nx or Angular CLI project's files go through, read from its
 * `project.json` or the workspace's `angular.json` (statically: never by running the build).
 *
 * In such a monorepo an `apps/api` NestJS server and an `apps/web` Angular client may share one
 * package.json, so the dependencies say nothing about which files reach a browser; the build
 * target's executor does: `@angular-devkit/build-angular:browser` bundles for browsers,
 * `@nx/webpack:webpack` with `target: 'node'`, `@nx/node:*` or `@nx/js:node` for Node.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { findUp, perProject } from './find-up';

export interface TargetRole {
  browser: boolean;
  reason: string;
  /** The project's root folder: one client app for heavy-import's one-finding-per-package. */
  root: string;
}

interface ProjectConfig {
  name: string;
  root: string;
  projectType?: string;
  /** Executors (or builders) of the targets that build it, with their options. */
  builds: { executor: string; options: Record<string, unknown> }[];
}

/** Executors and builders that bundle for browsers (a library's `@nx/js:tsc` build does not: it only compiles). */
export const browserExecutor =
  /build-angular:(browser|application|browser-esbuild)|@angular\/build:application|@angular-builders\/[\w-]+:browser|@(nx|nrwl)\/(angular|react|web|vite|next|rspack|webpack)|@nx\/expo|:browser$/;
const nodeExecutor = /@(nx|nrwl)\/(node|js:node|nest)|nx-electron|:server$|@angular-devkit\/build-angular:server|@nx\/esbuild/;

function parse(doc: SourceDoc): unknown {
  try {
    return JSON.parse(doc.text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

function buildsOf(targets: unknown): ProjectConfig['builds'] {
  const out: ProjectConfig['builds'] = [];
  if (!targets || typeof targets !== 'object') return out;
  for (const [name, t] of Object.entries(targets as Record<string, unknown>)) {
    if (!t || typeof t !== 'object') continue;
    const o = t as { executor?: unknown; builder?: unknown; options?: unknown };
    const executor = typeof o.executor === 'string' ? o.executor : typeof o.builder === 'string' ? o.builder : undefined;
    // The build target decides; other targets (test, lint, serve) say nothing about the bundle.
    if (executor && name === 'build') out.push({ executor, options: o.options && typeof o.options === 'object' ? (o.options as Record<string, unknown>) : {} });
  }
  return out;
}

const projectJsonCache = new WeakMap<Project, Map<string, string | null>>();

/** The role of the Nx or Angular CLI project a file belongs to, when its build says. */
export function buildTargetRole(project: Project, filePath: string): TargetRole | undefined {
  const dir = path.posix.dirname(filePath);
  const projectJson = findUp(perProject(projectJsonCache, project), dir, (d) => {
    if (project.stat(`${d === '/' ? '' : d}/project.json`)?.isFile) return `${d === '/' ? '' : d}/project.json`;
    if (project.stat(`${d === '/' ? '' : d}/angular.json`)?.isFile) return `${d === '/' ? '' : d}/angular.json`;
    return undefined;
  });
  if (!projectJson) return undefined;
  const doc = project.getDoc(projectJson);
  if (!doc) return undefined;
  const configs = project.memo(doc, 'build-targets:projects', (d) => projectsIn(d));
  // angular.json lists every project: the one whose root holds the file (the longest root wins).
  const config = configs
    .filter((c) => c.root === '' || filePath.startsWith(c.root + '/'))
    .sort((a, b) => b.root.length - a.root.length)[0];
  if (!config) return undefined;
  const file = path.posix.basename(projectJson);
  for (const b of config.builds) {
    const target = typeof b.options.target === 'string' ? b.options.target : typeof b.options.platform === 'string' ? b.options.platform : undefined;
    if (target === 'node' || nodeExecutor.test(b.executor)) return { browser: false, reason: `built for Node by '${b.executor}' (${file} of ${config.name})`, root: config.root };
    if (browserExecutor.test(b.executor)) return { browser: true, reason: `bundled for browsers by '${b.executor}' (${file} of ${config.name})`, root: config.root };
  }
  return undefined;
}

function projectsIn(doc: SourceDoc): ProjectConfig[] {
  const raw = parse(doc);
  if (!raw || typeof raw !== 'object') return [];
  const dir = path.posix.dirname(doc.path);
  const o = raw as Record<string, unknown>;
  if (path.posix.basename(doc.path) === 'project.json') {
    return [{ name: typeof o.name === 'string' ? o.name : path.posix.basename(dir), root: dir, ...(typeof o.projectType === 'string' ? { projectType: o.projectType } : {}), builds: buildsOf(o.targets ?? o.architect) }];
  }
  const out: ProjectConfig[] = [];
  const projects = o.projects && typeof o.projects === 'object' ? (o.projects as Record<string, unknown>) : {};
  for (const [name, p] of Object.entries(projects)) {
    // Older Nx workspaces list a project's folder as a string (its project.json holds the rest).
    if (!p || typeof p !== 'object') continue;
    const q = p as Record<string, unknown>;
    const root = typeof q.root === 'string' ? q.root.replace(/\/$/, '') : undefined;
    if (root === undefined) continue;
    out.push({ name, root: root ? `${dir}/${root}` : dir, ...(typeof q.projectType === 'string' ? { projectType: q.projectType } : {}), builds: buildsOf(q.architect ?? q.targets) });
  }
  return out;
}
