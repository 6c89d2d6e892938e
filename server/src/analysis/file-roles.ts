import * as nodePath from 'node:path';
import type { Project } from '../engine/project';
import { findUp, perProject } from './find-up';

/**
 * Files that never run inside a server's request loop: tests, scripts and CLIs, build configs,
 * migrations and seeds, worker threads. Rules about request-time cost stay silent in them.
 */

const segmentReasons: [RegExp, string][] = [
  [/(^|\/)(__tests__|__mocks__|__fixtures__|fixtures|test|tests|e2e|spec|cypress|playwright)\//, 'test code'],
  [/(^|\/)(scripts|bin|cli)\//, 'script or CLI'],
  [/(^|\/)(migrations?|seeds?|seeders|upgrades)\//, 'migration or seed'],
  [/(^|\/)workers?\//, 'worker code'],
];

const nameReasons: [RegExp, string][] = [
  [/\.(test|spec|e2e)\.[cm]?[jt]sx?$/, 'test code'],
  // Test data a suite loads (`db/fixtures.ts`): rows made one by one on purpose.
  [/(^|[./-])fixtures?\.[cm]?[jt]sx?$/, 'test code'],
  [/(^|[./-])(jest|vitest)\.setup\.[cm]?[jt]sx?$|^setup-?tests\.[cm]?[jt]sx?$/i, 'test code'],
  [/\.config\.[cm]?[jt]sx?$|^(gulpfile|gruntfile|jakefile)\.[cm]?[jt]s$/i, 'build configuration'],
  [/(^|[.-])(seed|seeds|migration)\.[cm]?[jt]s$/i, 'migration or seed'],
  [/(^|[.-])worker\.[cm]?[jt]s$/i, 'worker code'],
];

/**
 * A route module of a file-system router: Next.js `app/…/route.ts` and `pages/api/…`, Remix /
 * React Router `app/routes/…`. Its folders below the router's are URL segments
 * (`app/api/backup/migrations/route.ts` serves GET /api/backup/migrations), not what the code is;
 * only the folders above (group 1) say that.
 */
const routeModule = /^(.*?\/)(?:app\/(?:.*\/)?route\.[cm]?[jt]sx?|pages\/api\/.+|app\/routes\/.+)$/;

/**
 * `lib/api/controllers/migration/importFromPocket.ts`: a folder below the request layer names a
 * feature (importing a user's bookmarks, exporting their data), not schema migrations, which sit
 * beside the schema and run from a migrator.
 */
const requestFeature = /(^|\/)(api|controllers?|routes?|handlers?)\/(.*\/)?(migrations?|seeds?|seeders|upgrades)\//;

/**
 * Why a file is not server request-time code, or undefined when it may be. Folder names are only
 * looked at below `root` (the package root), so a checkout in `~/tests/my-api` is still an app.
 */
export function nonServerReason(path: string, text: string, root = ''): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  for (const [re, reason] of nameReasons) if (re.test(base)) return reason;
  const inside = root && path.startsWith(root + '/') ? path.slice(root.length) : path;
  const folders = routeModule.exec(inside)?.[1] ?? inside;
  for (const [re, reason] of segmentReasons) if (re.test(folders) && !(reason === 'migration or seed' && requestFeature.test(folders))) return reason;
  if (text.startsWith('#!')) return 'script or CLI';
  // A worker_threads script or a piscina task runs off the server's event loop. The literal first:
  // it is found by a fast string search and is rarely there (this runs on every file).
  if (/worker_threads/.test(text) && isWorkerScript(text)) return 'worker code';
  return undefined;
}

/** Whether a file is test code (a test, a mock, a fixture), by the same names and folders as above. */
export function isTestCode(path: string, root = ''): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (nameReasons.some(([re, reason]) => reason === 'test code' && re.test(base))) return true;
  const inside = root && path.startsWith(root + '/') ? path.slice(root.length) : path;
  return segmentReasons.some(([re, reason]) => reason === 'test code' && re.test(inside));
}

/**
 * A worker reads `parentPort` or `workerData`; the server code that starts one (`new Worker(file,
 * { workerData: … })`) hands `workerData` over and runs on the event loop itself.
 */
function isWorkerScript(text: string): boolean {
  return /\bparentPort\b/.test(text) || (/\bworkerData\b/.test(text) && !/\bnew\s+Worker\s*\(/.test(text));
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

interface RoleRoot {
  /** The folder of the nearest package.json that names a package. */
  dir: string;
  /** Where an oclif CLI keeps its commands (`package.json#oclif.commands`), as an absolute folder. */
  commands?: string;
}

const roleRoots = new WeakMap<Project, Map<string, RoleRoot | null>>();

/**
 * The package a file's role is judged in: the nearest package.json that names a package. One
 * without a `name` (`migrations/package.json` holding only `{"type": "commonjs"}`) marks how its
 * folder is loaded and is not a package: the folder's own name (`migrations/`) still says what it holds.
 */
function roleRoot(project: Project, filePath: string): RoleRoot | undefined {
  const found = findUp(perProject(roleRoots, project), nodePath.posix.dirname(filePath), (dir) => {
    const file = `${dir === '/' ? '' : dir}/package.json`;
    if (!project.stat(file)?.isFile) return undefined;
    let manifest: { name?: unknown; oclif?: { commands?: unknown } } | undefined;
    try {
      manifest = JSON.parse(project.getDoc(file)?.text ?? '');
    } catch {
      manifest = undefined;
    }
    if (!manifest || typeof manifest.name !== 'string') return undefined;
    const commands = typeof manifest.oclif?.commands === 'string' ? nodePath.posix.join(dir, manifest.oclif.commands) : undefined;
    return { dir, commands };
  });
  return found ?? undefined;
}

/**
 * `nonServerReason` for a file of the project, judged below its package (see `roleRoot`); also the
 * commands of an oclif CLI (the folder its package.json names), which run from a terminal.
 */
export function fileRole(project: Project, path: string, text: string): string | undefined {
  const root = roleRoot(project, path);
  const reason = nonServerReason(path, text, root?.dir ?? packageRoot(project, path));
  if (reason !== undefined) return reason;
  if (root?.commands && path.startsWith(root.commands + '/')) return 'script or CLI';
  return root ? memberFolderRole(project, root.dir) : undefined;
}

/**
 * What a package's own folder says when it is a folder of scripts or tests. Not `cli/`: a CLI
 * package's shared modules (`packages/cli/src/common.js`) also serve the app; its oclif commands
 * are known from its package.json.
 */
const memberFolderReasons: [RegExp, string][] = [
  [/^(scripts|bin)$/, 'script or CLI'],
  [/^(__tests__|test|tests|e2e)$/, 'test code'],
];

/**
 * A monorepo's package kept in a folder of scripts or tests (etherpad's `bin/` with its own
 * package.json): the folder's name says what it holds, as it would for a folder inside a package.
 * Only for a package inside another (a lone checkout named `tests/my-api` is still an app).
 */
function memberFolderRole(project: Project, dir: string): string | undefined {
  const slash = dir.lastIndexOf('/');
  if (slash <= 0 || roleRoot(project, dir) === undefined) return undefined;
  const folder = dir.slice(slash + 1);
  return memberFolderReasons.find(([re]) => re.test(folder))?.[1];
}
