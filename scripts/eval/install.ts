/**
 * Installs each labelled app's dependencies into a copy of its checkout, `<work>-installed/<app>`,
 * from the app's committed lockfile and without running any package script (`npm ci
 * --ignore-scripts`, `yarn@1 install --frozen-lockfile --ignore-scripts`, `pnpm install
 * --frozen-lockfile --ignore-scripts` …, see installed.ts), so `score.ts --installed` measures the
 * rules on a workspace as users open it. The plain checkouts stay as they are: other scorers read
 * them without node_modules. A failed install is reported (with its log) and the next app goes on.
 *
 *   node --import tsx scripts/eval/install.ts [--app NAME[,NAME]] [--rule ID] [--split tune|holdout]
 *     [--work DIR] [--labels DIR] [--timeout MINUTES] [--force]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { labelsDir, readLabelFiles, selectedBy, workDir } from './labels';
import { installDirs, installedWorkDir, installStampName, installStep, readInstallStamp, type InstallStamp, type InstallStep } from './installed';

interface Options {
  apps?: string[];
  rule?: string;
  split?: string;
  work: string;
  labels: string;
  timeoutMs: number;
  force: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { work: workDir, labels: labelsDir, timeoutMs: 30 * 60_000, force: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i] ?? (() => { throw new Error(`${flag} needs a value`); })();
    if (flag === '--app') o.apps = value().split(',');
    else if (flag === '--rule') o.rule = value();
    else if (flag === '--split') o.split = value();
    else if (flag === '--work') o.work = path.resolve(value());
    else if (flag === '--labels') o.labels = path.resolve(value());
    else if (flag === '--timeout') o.timeoutMs = Number(value()) * 60_000;
    else if (flag === '--force') o.force = true;
    else throw new Error(`unknown option ${flag}`);
  }
  return o;
}

/**
 * The environment of an install: caches shared by every app in the installed folder (pnpm's store,
 * `{cache}` in its command, on the same disk hard-links), a HOME of its own so nothing in the user's home is read or
 * written, a CI that keeps tools from prompting.
 */
function installEnv(installed: string, step: InstallStep): NodeJS.ProcessEnv {
  const cache = path.join(installed, '.cache');
  const home = path.join(cache, 'home');
  fs.mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    CI: '1',
    npm_config_cache: path.join(cache, 'npm'),
    npm_config_update_notifier: 'false',
    YARN_CACHE_FOLDER: path.join(cache, 'yarn'),
    BUN_INSTALL_CACHE_DIR: path.join(cache, 'bun'),
    ...step.env,
  };
}

/** Run the step's commands in turn until one succeeds; the output goes to the copy's install log. */
function runStep(copy: string, installed: string, step: InstallStep, timeoutMs: number, log: number): InstallStamp['steps'][number] {
  const started = Date.now();
  let error = '';
  const dir = path.join(copy, step.dir);
  const cache = path.join(installed, '.cache');
  const tools = path.join(cache, 'tools');
  fs.mkdirSync(tools, { recursive: true });
  const cwd = step.cwd === 'dir' ? dir : tools;
  const env = installEnv(installed, step);
  for (const command of step.commands) {
    const [cmd, ...args] = command.map((a) => a.replaceAll('{dir}', dir).replaceAll('{cache}', cache));
    fs.writeSync(log, `\n$ (cd ${cwd} && ${[cmd, ...args].join(' ')})\n`);
    const r = spawnSync(cmd!, args, { cwd, env, stdio: ['ignore', log, log], timeout: timeoutMs });
    const seconds = Math.round((Date.now() - started) / 1000);
    if (r.status === 0) return { dir: step.dir, lockfile: step.lockfile, command: [cmd, ...args].join(' '), ok: true, seconds };
    error = r.error ? r.error.message : r.signal ? `killed by ${r.signal} after ${seconds} s` : `${cmd} exited ${r.status}`;
  }
  return { dir: step.dir, lockfile: step.lockfile, ok: false, seconds: Math.round((Date.now() - started) / 1000), error };
}

/** The last error-looking line of the log, to say why an install failed without opening it. */
function lastError(logFile: string): string {
  const lines = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((l) => /\b(?:ERR\w*|error|Error|ERESOLVE|ETARGET|E404|ENOTFOUND)\b/.test(l) && !/complete log of this run/.test(l));
  return lines.slice(-3).map((l) => l.trim()).join(' / ').slice(0, 400);
}

function installApp(o: Options, app: string, commit: string, root: string, named: string[] | undefined): string {
  const checkout = path.join(o.work, app);
  if (!fs.existsSync(checkout)) return `${app}: not checked out at ${checkout} (node --import tsx scripts/eval/checkout.ts): skipped`;
  const installed = installedWorkDir(o.work);
  const copy = path.join(installed, app);
  const before = readInstallStamp(copy);
  if (!o.force && before?.ok && before.commit === commit) return `${app}: already installed at ${commit.slice(0, 10)}`;
  // A fresh copy each time: a half-done install or another commit's node_modules never lingers.
  fs.rmSync(copy, { recursive: true, force: true });
  fs.mkdirSync(installed, { recursive: true });
  fs.cpSync(checkout, copy, { recursive: true, verbatimSymlinks: true });
  const steps = installDirs(copy, root, named).map((dir) => installStep(copy, dir) ?? { dir, lockfile: '(none)', cwd: 'dir' as const, commands: [] });
  const logFile = path.join(copy, '.eval-install.log');
  const log = fs.openSync(logFile, 'w');
  const stamp: InstallStamp = { commit, ok: false, steps: [] };
  try {
    for (const step of steps) {
      stamp.steps.push(step.commands.length === 0 ? { dir: step.dir, lockfile: step.lockfile, ok: false, seconds: 0, error: 'no lockfile in this folder' } : runStep(copy, installed, step, o.timeoutMs, log));
    }
  } finally {
    fs.closeSync(log);
  }
  for (const s of stamp.steps) if (!s.ok && s.error && s.lockfile !== '(none)') s.error += `: ${lastError(logFile)}`;
  stamp.ok = stamp.steps.length > 0 && stamp.steps.every((s) => s.ok);
  fs.writeFileSync(path.join(copy, installStampName), JSON.stringify(stamp, null, 2) + '\n');
  if (stamp.steps.length === 0) return `${app}: FAILED: no lockfile at or above ${root}, nor below it`;
  const what = stamp.steps.map((s) => (s.ok ? `${s.dir} (${s.lockfile}) with \`${s.command}\` in ${s.seconds} s` : `${s.dir} (${s.lockfile}) FAILED after ${s.seconds} s: ${s.error}`));
  return `${app}: ${stamp.ok ? 'installed' : 'FAILED'}: ${what.join('; ')}${stamp.ok ? '' : ` (log: ${logFile})`}`;
}

export function main(argv: string[], say: (s: string) => void = console.log): number {
  const o = parseOptions(argv);
  const apps = new Map<string, { commit: string; root: string; install?: string[] }>();
  for (const f of readLabelFiles(o.labels)) {
    if (!selectedBy(o, f)) continue;
    const seen = apps.get(f.app);
    const install = [...new Set([...(seen?.install ?? []), ...(f.install ?? [])])];
    apps.set(f.app, { commit: f.commit, root: seen?.root ?? f.root, ...(install.length > 0 ? { install } : {}) });
  }
  if (apps.size === 0) {
    say('No label files match.');
    return 1;
  }
  let failed = 0;
  for (const [app, a] of apps) {
    const line = installApp(o, app, a.commit, a.root, a.install);
    if (/: (?:FAILED|not checked out)/.test(line)) failed++;
    say(line);
  }
  if (failed > 0) say(`${failed} of ${apps.size} app(s) not installed: score.ts --installed skips them and says why.`);
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`install: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
