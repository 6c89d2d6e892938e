import * as nodePath from 'node:path';
import type { Project } from '../engine/project';
import { findUp, perProject } from './find-up';

/**
 * Files that never run inside a server's request loop: tests, scripts and CLIs, build configs,
 * migrations and seeds, worker threads. Rules about request-time cost stay silent in them.
 */

const segmentReasons: [RegExp, string][] = [
  [/(^|\/)(__tests__|__mocks__|test|tests|e2e|spec|cypress|playwright)\//, 'test code'],
  [/(^|\/)(scripts|bin|cli)\//, 'script or CLI'],
  [/(^|\/)(migrations?|seeds?|seeders|upgrades)\//, 'migration or seed'],
  [/(^|\/)workers?\//, 'worker code'],
];

const nameReasons: [RegExp, string][] = [
  [/\.(test|spec|e2e)\.[cm]?[jt]sx?$/, 'test code'],
  [/(^|[./-])(jest|vitest)\.setup\.[cm]?[jt]sx?$|^setup-?tests\.[cm]?[jt]sx?$/i, 'test code'],
  [/\.config\.[cm]?[jt]sx?$|^(gulpfile|gruntfile|jakefile)\.[cm]?[jt]s$/i, 'build configuration'],
  [/(^|[.-])(seed|seeds|migration)\.[cm]?[jt]s$/i, 'migration or seed'],
  [/(^|[.-])worker\.[cm]?[jt]s$/i, 'worker code'],
];

/**
 * Why a file is not server request-time code, or undefined when it may be. Folder names are only
 * looked at below `root` (the package root), so a checkout in `~/tests/my-api` is still an app.
 */
export function nonServerReason(path: string, text: string, root = ''): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  for (const [re, reason] of nameReasons) if (re.test(base)) return reason;
  const inside = root && path.startsWith(root + '/') ? path.slice(root.length) : path;
  for (const [re, reason] of segmentReasons) if (re.test(inside)) return reason;
  if (text.startsWith('#!')) return 'script or CLI';
  // A worker_threads script or a piscina task runs off the server's event loop.
  // The literal first: it is found by a fast string search and is rarely there (this runs on every file).
  if (/worker_threads/.test(text) && /\b(parentPort|workerData)\b/.test(text)) return 'worker code';
  return undefined;
}

const packageRoots = new WeakMap<Project, Map<string, string | null>>();

/**
 * The folder of the nearest package.json above a file ('' when there is none). Cached per
 * project and folder: package.json files are rarely created or moved.
 */
export function packageRoot(project: Project, filePath: string): string {
  const found = findUp(perProject(packageRoots, project), nodePath.posix.dirname(filePath), (dir) => (project.stat(`${dir === '/' ? '' : dir}/package.json`)?.isFile ? dir : undefined));
  return found ?? '';
}
