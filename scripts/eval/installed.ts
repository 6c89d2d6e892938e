/**
 * Installed copies of the evaluation apps: what users open (a workspace with its dependencies
 * installed), so heavy-import measures sizes instead of knowing only its table. Each copy lives in
 * `<work>-installed/<app>` beside the plain checkouts, which other scorers read without node_modules.
 *
 * This module decides which lockfiles an app installs from and with which command (pure, tested),
 * and reads the stamp install.ts leaves in each copy (what score.ts --installed checks).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the installed copies of the checkouts in `work` live. */
export const installedWorkDir = (work: string): string => `${work.replace(/[\\/]+$/, '')}-installed`;

export const installStampName = '.eval-installed.json';

export interface InstallStep {
  /** The folder installed in, relative to the checkout's top ('.' for the top). */
  dir: string;
  lockfile: string;
  /**
   * Every command is tried in turn until one succeeds (npm ci, then npm ci --legacy-peer-deps).
   * `{dir}` stands for the folder's absolute path, `{cache}` for the installs' shared cache folder.
   */
  commands: string[][];
  /**
   * Where the commands run: npm in the folder; a package manager fetched by npx in a folder of
   * its own, given the app's folder by flag, since npx run in the app's folder would apply the
   * app's package.json `overrides` to fetching the tool (EOVERRIDE).
   */
  cwd: 'dir' | 'tools';
  /** Extra environment (a Yarn berry install's node-modules linker, scripts off). */
  env?: Record<string, string>;
}

export interface InstallStamp {
  commit: string;
  ok: boolean;
  steps: { dir: string; lockfile: string; command?: string; ok: boolean; seconds: number; error?: string }[];
}

const lockfileNames = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'];

/** Folders that hold a lockfile for tooling, not for the app: never installed unless a label file names them. */
const toolingFolder = /^(?:node_modules|e2e|tests?|docs?|dev-docs|examples?|templates|fixtures|\.[^/]+)$/i;

/** The lockfile of `dir`, if it has one (npm's first, as npm itself prefers it). */
export function lockfileIn(dir: string): string | undefined {
  return lockfileNames.find((n) => fs.existsSync(path.join(dir, n)));
}

/**
 * The folders to install in for an app checked out at `top` and scored at `root`: those a label
 * file names (`"install": ["src-ui"]`), else the nearest folder at or above `root` that has a
 * lockfile (a monorepo installs at its top), else the lockfiles below `root` up to three levels
 * down (memos keeps its front end and lockfile in web/), tooling folders (e2e, docs, examples) aside.
 */
export function installDirs(top: string, root: string, named?: string[]): string[] {
  if (named && named.length > 0) return named;
  for (let dir = path.resolve(top, root); ; dir = path.dirname(dir)) {
    if (lockfileIn(dir)) return [path.relative(top, dir) || '.'];
    if (path.resolve(dir) === path.resolve(top) || path.dirname(dir) === dir) break;
  }
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory() || toolingFolder.test(e.name)) continue;
      const sub = path.join(dir, e.name);
      if (lockfileIn(sub)) found.push(path.relative(top, sub));
      else if (depth < 3) walk(sub, depth + 1);
    }
  };
  walk(path.resolve(top, root), 1);
  return found.sort();
}

const readJson = (file: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** `packageManager` of the folder's package.json or of the checkout's top one ("pnpm@10.26.0+sha…"). */
function packageManager(top: string, dir: string): { name: string; version: string } | undefined {
  for (const d of [dir, top]) {
    const m = /^(npm|pnpm|yarn|bun)@(\d[^+\s]*)/.exec(String(readJson(path.join(d, 'package.json'))?.packageManager ?? ''));
    if (m) return { name: m[1]!, version: m[2]! };
  }
  return undefined;
}

/** The pnpm major that writes a lockfileVersion: 5.3 pnpm 6, 5.4 pnpm 7, 6.x pnpm 8, 9.x pnpm 9 and later. */
export function pnpmForLockfile(lockfileVersion: string): string {
  const v = Number.parseFloat(lockfileVersion);
  if (v >= 9) return '9';
  if (v >= 6) return '8';
  if (v >= 5.4) return '7';
  return '6';
}

/**
 * The command that runs `bin` of the npm package `spec` through npx; when the tool needs a newer
 * Node than the one running (pnpm 11 imports node:sqlite, Node 22), Node itself comes from the npm
 * registry too (the `node` package), first on the tool's PATH.
 */
export function npxTool(spec: string, bin: string, nodeMajor: number, running = process.versions.node): string[] {
  const newer = Number.parseInt(running, 10) < nodeMajor ? ['-p', 'node@24'] : [];
  return ['npx', '--yes', ...newer, '-p', spec, bin];
}

/**
 * How to install the folder `dir` of the checkout at `top` from its lockfile, never running a
 * package script: `--ignore-scripts` on every command (and `enableScripts: false` for Yarn berry).
 * The package managers come from the npm registry through npx, at the version `packageManager`
 * names when it names that manager, else the one that writes the lockfile's format.
 */
export function installStep(top: string, dir: string): InstallStep | undefined {
  const abs = path.resolve(top, dir);
  const lockfile = lockfileIn(abs);
  if (!lockfile) return undefined;
  const pm = packageManager(top, abs);
  const tool = (name: string, fallback: string) => (pm?.name === name ? pm.version : fallback);
  if (lockfile === 'package-lock.json' || lockfile === 'npm-shrinkwrap.json') {
    // Not run, only read: an `engines` this Node does not meet (an .npmrc's engine-strict) is no reason to stop.
    const ci = ['npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund', '--engine-strict=false'];
    // A lockfile written with legacy peer resolution is "out of sync" for a strict npm ci.
    return { dir, lockfile, cwd: 'dir', commands: [ci, [...ci, '--legacy-peer-deps']] };
  }
  if (lockfile === 'pnpm-lock.yaml') {
    const lockVersion = /^lockfileVersion:\s*'?([\d.]+)/m.exec(fs.readFileSync(path.join(abs, lockfile), 'utf8'))?.[1] ?? '9';
    const fromLock = pnpmForLockfile(lockVersion);
    // packageManager first when it can read the lockfile (a pnpm 10 or 11 project writes 9.0 too);
    // then the lockfile's own pnpm, since a newer pnpm may need a newer Node than this one (pnpm 11
    // imports node:sqlite), told not to switch itself to packageManager's version.
    const versions = [...new Set([...(pm?.name === 'pnpm' && Number.parseInt(pm.version, 10) >= Number(fromLock) ? [pm.version] : []), fromLock === '9' ? '10' : fromLock])];
    const pnpm = (version: string) => [
      ...npxTool(`pnpm@${version}`, 'pnpm', Number.parseInt(version, 10) >= 11 ? 22 : 18), '--dir', '{dir}', 'install', '--frozen-lockfile', '--ignore-scripts',
      '--config.confirmModulesPurge=false', '--config.engine-strict=false', '--config.manage-package-manager-versions=false', '--config.package-manager-strict=false',
      '--store-dir', '{cache}/pnpm-store',
    ];
    return { dir, lockfile, cwd: 'tools', commands: versions.map(pnpm) };
  }
  if (lockfile === 'yarn.lock') {
    const berry = /^__metadata:/m.test(fs.readFileSync(path.join(abs, lockfile), 'utf8'));
    if (!berry) {
      const yarn = ['npx', '--yes', 'yarn@1', '--cwd', '{dir}', 'install', '--frozen-lockfile', '--ignore-scripts', '--ignore-engines', '--non-interactive', '--network-timeout', '600000'];
      return { dir, lockfile, cwd: 'tools', commands: [yarn] };
    }
    // Berry is published on npm as @yarnpkg/cli-dist; node_modules (not Plug'n'Play) is what users' editors resolve.
    const major = Number.parseInt(tool('yarn', '4'), 10) >= 2 ? tool('yarn', '4') : '4';
    return {
      dir,
      lockfile,
      cwd: 'tools',
      // Yarn 3 refuses a leading `--cwd DIR install` ("Ambiguous Syntax Error"; Yarn 4 takes it), so the fetched
      // yarn runs from a shell that first enters the app; npx itself still starts in the tools folder.
      commands: [['npx', '--yes', '-p', `@yarnpkg/cli-dist@${major}`, '-c', "cd '{dir}' && yarn install --immutable --mode=skip-build"]],
      env: { YARN_ENABLE_SCRIPTS: 'false', YARN_NODE_LINKER: 'node-modules', YARN_ENABLE_GLOBAL_CACHE: 'false' },
    };
  }
  return { dir, lockfile, cwd: 'tools', commands: [['npx', '--yes', `bun@${tool('bun', '1')}`, 'install', '--cwd', '{dir}', '--frozen-lockfile', '--ignore-scripts']] };
}

/** The stamp install.ts left in an installed copy: undefined when it was never installed. */
export function readInstallStamp(copy: string): InstallStamp | undefined {
  const d = readJson(path.join(copy, installStampName));
  return d && typeof d.ok === 'boolean' && Array.isArray(d.steps) ? (d as unknown as InstallStamp) : undefined;
}

/** Why an installed copy cannot be scored, or undefined when it can (installed at `commit`, every step done). */
export function notInstalled(copy: string, commit: string): string | undefined {
  const stamp = readInstallStamp(copy);
  if (!stamp) return `no installed copy at ${copy} (node --import tsx scripts/eval/install.ts)`;
  if (stamp.commit !== commit) return `installed at ${stamp.commit.slice(0, 10)}, labelled at ${commit.slice(0, 10)}: install again`;
  if (stamp.steps.length === 0) return 'no lockfile to install from';
  const failed = stamp.steps.filter((s) => !s.ok);
  if (failed.length > 0) return `install failed in ${failed.map((s) => `${s.dir} (${s.lockfile}): ${s.error ?? 'failed'}`).join('; ')}`;
  return undefined;
}
