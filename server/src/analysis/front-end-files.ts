/**
 * Which files end up in a browser bundle. Bundle size only matters there: a Node service, an
 * API route, a React Server Component, a build script or a test pays nothing for a large import.
 *
 * The answer comes with a reason either way, so a user who wonders why a file is (not) checked
 * can be told. Signals, strongest first: Next.js/SvelteKit/Nuxt/Remix server file conventions and
 * `'use client'`/`'use server'`; test, story and config files; Node-only imports; then the nearest
 * package.json: an app that depends on a bundler or a UI framework ships its `src/` and its
 * components to the browser.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { buildTargetRole } from './build-targets';
import { electronMainImport, electronMainReach, isServerOnlyModule, moduleDirective, reachOf, unreachedLibrary } from './client-reach';
import { findUp, perProject } from './find-up';
import { packageRoot } from './file-roles';
import { readManifest, type PackageManifest } from './installed-packages';
import { lockGraph } from './lockfiles';
import { packageNameOf } from './package-imports';

export interface BundleRole {
  browser: boolean;
  reason: string;
}

/** Dependencies that mean "this package is bundled for browsers". */
const frontEndDependencies = [
  'vite',
  'webpack',
  'parcel',
  'rollup',
  'react-scripts',
  '@rsbuild/core',
  '@rspack/core',
  'next',
  'nuxt',
  '@sveltejs/kit',
  'gatsby',
  '@remix-run/react',
  'astro',
  '@angular/core',
  'react-dom',
  'vue',
  'svelte',
  'preact',
  'solid-js',
  '@builder.io/qwik',
  'lit',
];

/** Bundlers: a library lists one in devDependencies to build itself or run its tests, not as an app. */
const bundlers = new Set(['vite', 'webpack', 'parcel', 'rollup', '@rsbuild/core', '@rspack/core']);
/** UI runtimes a library's components need (React libraries peer `react` alone). */
const uiRuntimes = ['react', ...frontEndDependencies.filter((d) => !bundlers.has(d))];

/** Dependencies that mean "this package is a server" when nothing browser-side is there. */
const serverDependencies = ['express', 'koa', 'fastify', '@hapi/hapi', '@nestjs/core', '@nestjs/common', 'restify', 'hono', 'polka'];

const nodeBuiltins = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector',
  'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'repl', 'stream', 'tls', 'tty', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
]);

const devOnlyNames: [RegExp, string][] = [
  [/\.(test|spec|e2e|cy)\.[cm]?[jt]sx?$/, 'test code'],
  [/\.stories\.[cm]?[jt]sx?$|\.story\.[cm]?[jt]sx?$/, 'a Storybook story'],
  [/\.config\.[cm]?[jt]s$|^(gulpfile|gruntfile|jakefile)\.[cm]?[jt]s$|^\.?eslintrc\.[cm]?js$/i, 'build configuration'],
  // `webpack.prod.mjs`, `rollup.dev.js`: a bundler's config split per mode.
  [/^(webpack|rspack|rollup|vite|esbuild)\.[\w.-]+\.[cm]?[jt]s$/i, 'build configuration'],
  // `.lintstagedrc.js`, `.prettierrc.cjs`, `.mocharc.js`: a tool's rc file, read by the tool in Node.
  [/^\.[\w-]+rc\.[cm]?[jt]s$/i, 'tool configuration'],
  // Create React App's dev server loads `src/setupProxy.js` in Node to proxy API calls; it is never bundled.
  [/^setupProxy\.[cm]?[jt]s$/, "the dev server's proxy (Create React App's setupProxy)"],
  [/(^|[./-])(jest|vitest)[.-]?setup([.-]?tests?)?\.[cm]?[jt]sx?$|^(setup-?tests?|test-?setup)\.[cm]?[jt]sx?$/i, 'test setup'],
  [/\.d\.ts$/, 'type declarations'],
];

const devOnlyFolders: [RegExp, string][] = [
  [/(^|\/)(__tests__|__mocks__|test|tests|e2e|spec|cypress|playwright|\.storybook|stories)\//, 'test or story code'],
  // `.webpack/`, `.vite/`: a folder of build configs beside the sources.
  [/(^|\/)\.(webpack|rspack|rollup|vite|config)\//, 'build configuration'],
  [/(^|\/)(scripts|bin|tools|migrations?|seeds?)\//, 'a script'],
];

/** Framework conventions for code that only runs on the server. */
const serverConventions: [RegExp, string][] = [
  [/(^|\/)pages\/api\//, 'a Next.js API route'],
  // Next renders the custom Document (`pages/_document.tsx`) only on the server; the browser never gets it.
  [/(^|\/)pages\/_document\.[cm]?[jt]sx?$/, "Next.js's custom Document (rendered only on the server)"],
  [/(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/, 'a Next.js route handler'],
  [/(^|\/)(src\/)?middleware\.[jt]s$/, 'Next.js middleware (runs on the server)'],
  [/(^|\/)(src\/)?instrumentation\.[jt]s$/, 'Next.js instrumentation (runs on the server)'],
  [/\+(page|layout)\.server\.[jt]s$|\+server\.[jt]s$|(^|\/)hooks\.server\.[jt]s$/, 'a SvelteKit server file'],
  [/\.server\.[cm]?[jt]sx?$/, 'a .server file (server-only by convention)'],
  [/(^|\/)lib\/server\//, 'a SvelteKit server module'],
  [/(^|\/)server\/(api|routes|middleware|plugins)\//, 'a Nuxt server route'],
];

function dependsOn(m: PackageManifest, names: readonly string[]): string | undefined {
  return names.find((n) => n in m.dependencies || n in m.devDependencies || n in m.peerDependencies);
}

/**
 * Packages only a server imports: HTTP frameworks. A file importing one runs on Node (a NestJS
 * controller, a DTO with `@nestjs/swagger` decorators, an Express `listen`).
 */
const serverOnlyPackages = /^(express|koa|fastify|@hapi\/hapi|restify|@nestjs\/[\w-]+)(\/|$)/;
/**
 * Database clients: a sign of server code, but a weaker one. Client code imports Prisma's enums
 * (`@prisma/client` has a browser build for them) and model types from ORMs, erased or tiny: a
 * file a client entry reaches, or that a browser build target holds, stays browser code.
 */
const dataClientPackages = /^(mongoose|sequelize|typeorm|@prisma\/client|pg|mysql2?|knex|ioredis|bullmq?)(\/|$)/;

const moduleSpecifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

/**
 * Imports of Node built-ins, `server-only` or HTTP frameworks, found by a text scan (no parse
 * needed), with whether each is a built-in bundlers polyfill for the browser (`crypto`, `buffer`,
 * `path` … in Next.js and webpack 4).
 */
function nodeOnlyImports(text: string): { spec: string; polyfilled: boolean }[] {
  const out: { spec: string; polyfilled: boolean }[] = [];
  for (const m of text.matchAll(moduleSpecifier)) {
    const spec = m[1]!;
    if (spec === 'server-only' || serverOnlyPackages.test(spec)) out.push({ spec, polyfilled: false });
    else if (spec.startsWith('node:') || nodeBuiltins.has(spec)) out.push({ spec, polyfilled: !isServerOnlyModule(spec) });
  }
  return out;
}

/** Server frameworks whose dependents are server packages (`@sentry/nestjs` peers `@nestjs/core`). */
const serverFrameworks = new Set(['express', 'koa', 'fastify', '@hapi/hapi', 'restify', '@nestjs/core', '@nestjs/common']);

/**
 * A package the file imports that the lockfile shows depending on a server framework, with why:
 * `@sentry/nestjs` is the NestJS set-up of Sentry, so its importer runs on Node.
 */
function lockedServerImport(project: Project, doc: SourceDoc): string | undefined {
  let lock: ReturnType<typeof lockGraph> | null = null;
  for (const m of doc.text.matchAll(moduleSpecifier)) {
    const spec = m[1]!;
    if (spec.startsWith('.') || spec.startsWith('/')) continue;
    lock ??= lockGraph(project, path.posix.dirname(doc.path)) ?? undefined;
    if (!lock || !('graph' in lock)) return undefined;
    const name = packageNameOf(spec);
    const deps = lock.graph.deps.get(name);
    if (!deps) continue;
    for (const f of serverFrameworks) if (deps.has(f)) return `imports '${name}', which depends on '${f}' (${path.posix.basename(lock.graph.path)}), so it runs on Node`;
  }
  return undefined;
}

function dataClientImport(text: string): string | undefined {
  for (const m of text.matchAll(moduleSpecifier)) if (dataClientPackages.test(m[1]!)) return m[1];
  return undefined;
}

/** Whether `doc` is bundled for the browser, and why (or why not). */
export function bundleRole(project: Project, doc: SourceDoc): BundleRole {
  const root = packageRoot(project, doc.path);
  const rel = root && doc.path.startsWith(root + '/') ? doc.path.slice(root.length + 1) : path.posix.basename(doc.path);
  const base = path.posix.basename(doc.path);
  for (const [re, reason] of devOnlyNames) if (re.test(base)) return { browser: false, reason };
  if (doc.text.startsWith('#!')) return { browser: false, reason: 'a script' };
  const manifest = root ? readManifest(project, `${root}/package.json`) : undefined;
  const framework = manifest ? dependsOn(manifest, frontEndDependencies) : undefined;
  const isNext = manifest ? dependsOn(manifest, ['next']) !== undefined : false;

  const d = moduleDirective(doc.text);
  if (d === 'use server') return { browser: false, reason: "a 'use server' module (server actions)" };
  for (const [re, reason] of serverConventions) if (re.test(rel)) return { browser: false, reason };
  for (const [re, reason] of devOnlyFolders) if (re.test(rel)) return { browser: false, reason };
  if (d === 'use client') return { browser: true, reason: "a 'use client' module" };

  // A file importing only built-ins the bundler polyfills (`import crypto from 'crypto'` in the
  // utils module every page imports) is browser code when a client entry reaches it through imports.
  const nodeImports = nodeOnlyImports(doc.text);
  if (nodeImports.length > 0 && !(nodeImports.every((i) => i.polyfilled) && reachedThroughImports(project, doc.path))) {
    return { browser: false, reason: `imports '${nodeImports[0]!.spec}', so it runs on Node` };
  }
  // An Electron app's main process is Node, even in the folder (and Nx project) of its renderer build.
  const electron = electronMainImport(doc.text) ?? (root !== undefined ? electronMainReach(project, doc.path, root) : undefined);
  if (electron) return { browser: false, reason: `Electron main-process code (${electron.startsWith('electron') ? `imports ${electron}` : `reached only from ${electron}`}), so it runs on Node` };
  // An Nx or Angular CLI project says how it is built, whatever its package.json depends on.
  const target = buildTargetRole(project, doc.path);
  if (target) return { browser: target.browser, reason: target.reason };
  // What the app's client entries reach through value imports is bundled; a folder they never reach is not.
  const reach = reachOf(project, doc.path, nearestAppMarker(project, doc.path));
  if (reach && !reach.reached) return { browser: false, reason: reach.reason };
  // Reached through no import (only its folder, or no entry read): a server package it imports decides.
  const serverPackage = reach?.reached && !reach.byFolder ? undefined : lockedServerImport(project, doc);
  if (serverPackage) return { browser: false, reason: serverPackage };
  const dataClient = reach?.reached ? undefined : dataClientImport(doc.text);
  if (dataClient) return { browser: false, reason: `imports '${dataClient}', so it runs on Node` };
  if (doc.kind === 'vue' || doc.kind === 'svelte') return { browser: true, reason: `a ${doc.kind === 'vue' ? 'Vue' : 'Svelte'} component` };

  if (isNext) {
    // App Router files are Server Components unless marked; their imports never reach the browser.
    if (/(^|\/)app\//.test(rel)) return { browser: false, reason: "a Next.js Server Component (no 'use client')" };
    if (/(^|\/)pages\//.test(rel)) return { browser: true, reason: 'a Next.js page' };
  }
  if (reach?.reached) return { browser: true, reason: `reached through imports from the client entries of ${path.posix.basename(reach.app) || 'the workspace'}` };
  // A library of the monorepo that names a bundler but no UI runtime (Vite to build it, Vitest to
  // test it: a Redis cache, an S3 or e-mail package) runs where its importers do: in the browser
  // only if a client app reaches it.
  if (framework && manifest && bundlers.has(framework) && !dependsOn(manifest, uiRuntimes)) {
    const unreached = unreachedLibrary(project, doc.path, root);
    if (unreached) return { browser: false, reason: unreached };
  }
  if (framework) return { browser: true, reason: `part of an app that depends on ${framework}` };
  if (manifest && dependsOn(manifest, serverDependencies)) return { browser: false, reason: `part of a server package (${dependsOn(manifest, serverDependencies)})` };
  if ((doc.kind === 'tsx' || doc.kind === 'jsx') && /\bfrom\s*['"](react|preact|solid-js)['"]/.test(doc.text)) {
    return { browser: true, reason: 'a React component' };
  }
  return { browser: false, reason: manifest ? 'its package.json names no bundler or UI framework' : 'no package.json above it names a bundler or UI framework' };
}

function reachedThroughImports(project: Project, filePath: string): boolean {
  const reach = reachOf(project, filePath, nearestAppMarker(project, filePath));
  return !!reach?.reached && !reach.byFolder;
}

const appMarkers = new WeakMap<Project, Map<string, string | null>>();

/** The nearest folder with a package.json or an Nx project.json ('' when none). */
function nearestAppMarker(project: Project, filePath: string): string {
  return (
    findUp(perProject(appMarkers, project), path.posix.dirname(filePath), (d) => {
      const dir = d === '/' ? '' : d;
      return project.stat(`${dir}/package.json`)?.isFile || project.stat(`${dir}/project.json`)?.isFile ? dir : undefined;
    }) ?? ''
  );
}

/**
 * The client app a file belongs to, the unit heavy-import reports a package once in: the app
 * whose client entries reach it, else the nearest folder with a package.json or an Nx
 * project.json, or the root of the angular.json project holding the file when that is nearer.
 */
export function clientAppRoot(project: Project, filePath: string): string {
  const marker = nearestAppMarker(project, filePath);
  // A library file reached from an app's entries belongs to that app: the bundle is the app's.
  const reach = reachOf(project, filePath, marker);
  if (reach?.reached) return reach.app;
  const target = buildTargetRole(project, filePath)?.root;
  return target !== undefined && target.length > marker.length ? target : marker;
}
