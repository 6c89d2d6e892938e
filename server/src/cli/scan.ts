/**
 * What `check`, `baseline` and `fix` share: choosing the rules, the files (paths, excludes,
 * --changed-since, --shard) and the settings, then analyzing every file over one Project.
 * Everything but results goes to stderr, so a report on stdout stays parseable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeveritySetting } from '../../../shared/protocol';
import { typeServiceStats } from '../analysis/types/type-service';
import { batchImportCosts } from '../bundle-cost/batch-costs';
import { defaultCacheDir } from '../bundle-cost/cache-dir';
import { analyzeDoc } from '../engine/analyze';
import { loadRcFile } from '../engine/config';
import { discoverFiles, type SkippedFile } from '../engine/discovery';
import type { Finding } from '../engine/finding';
import { NodeFileHost } from '../engine/host';
import { normalizePath } from '../engine/paths';
import { warmUpParser } from '../engine/parser-warm-up';
import { Project } from '../engine/project';
import type { Rule } from '../engine/rule';
import { findRule, rules as allRules } from '../rules/index';
import type { ScanArgs } from './args';
import { changedFilesSince } from './changed-since';
import { fingerprints } from './fingerprint';
import { type CliIO, printUsageError } from './io';
import { createProgress } from './progress';
import { compareReported, relativeFile, toReported, type ReportedFinding } from './report';
import { inShard } from './shard';

export interface ScanPlan {
  /** The rules that run. */
  rules: Rule[];
  roots: string[];
  ruleSettings: Record<string, SeveritySetting>;
  maxFileBytes: number;
  exclude: string[];
  excludeBase: string;
  /** --changed-since and --shard, applied after discovery (absolute normalised paths). */
  keep: (file: string) => boolean;
  /**
   * The folders whose files are read for cross-file facts (see `workspaceOf`): a handler under
   * `hotpath check src/routes` reaches helpers elsewhere, and the handlers that reach a helper
   * may be registered anywhere in the app. The paths given decide which files are reported, not
   * which are read.
   */
  workspaces: string[];
  /**
   * Whether a file's findings are reported, when that is fewer than the workspace's: the paths
   * given and --changed-since (a --shard's other files are reported by their own shards).
   */
  checked?: (file: string) => boolean;
}

/** The plan, or an exit status after a usage error was printed. */
export function planScan(args: ScanArgs, io: CliIO): ScanPlan | number {
  const selected: Rule[] = [];
  for (const id of args.rules) {
    const rule = findRule(id);
    if (!rule) return printUsageError(io, `unknown rule '${id}'`, "Run 'hotpath rules' to list them.");
    if (!selected.includes(rule)) selected.push(rule);
  }
  const roots = (args.paths.length > 0 ? args.paths : ['.']).map((p) => path.resolve(io.cwd, p));
  for (const [i, root] of roots.entries()) {
    if (!fs.existsSync(root)) return printUsageError(io, `path not found: ${args.paths[i] ?? root}`, 'Give files or folders that exist.');
  }

  const rc = loadRcFile(io.cwd);
  for (const problem of rc.problems) io.stderr(`hotpath: ${relativeFile(rc.path ?? '.hotpathrc.json', io.cwd)}: ${problem}\n`);
  const ruleSettings: Record<string, SeveritySetting> = { ...rc.config.rules };
  // A rule asked for by name runs even if the config turns it off: the command line is the latest word.
  for (const r of selected) if (ruleSettings[r.meta.id] === 'off') delete ruleSettings[r.meta.id];

  let changed: Set<string> | undefined;
  if (args.changedSince !== undefined) {
    const result = changedFilesSince(args.changedSince, io.cwd);
    if ('error' in result) return printUsageError(io, `--changed-since: ${result.error}`, 'Give a commit, branch or tag of the git repository around the current folder.');
    changed = result.files;
  }
  const shard = args.shard;
  const checkedRoots = roots.map(normalizePath);
  const workspaces = [...new Set(checkedRoots.map(workspaceOf))];
  const partial = changed !== undefined || workspaces.some((w) => !checkedRoots.includes(w));
  return {
    rules: selected.length > 0 ? selected : [...allRules],
    roots,
    ruleSettings,
    maxFileBytes: Math.round((rc.config.maxFileSizeKb ?? 1024) * 1024),
    exclude: rc.config.exclude ?? [],
    excludeBase: rc.path ? path.dirname(rc.path) : io.cwd,
    keep: (file) => (!changed || changed.has(file)) && (!shard || inShard(relativeFile(file, io.cwd), shard)),
    workspaces,
    ...(partial ? { checked: (file: string) => (!changed || changed.has(file)) && checkedRoots.some((r) => file === r || file.startsWith(r + '/')) } : {}),
  };
}

/**
 * The workspace of a checked path: the package it is in (the nearest folder at or above it with
 * a package.json), whose routes register its controllers and call its services; else the
 * repository it is in (the nearest folder with `.git`); else the path.
 * Not the repository when there is a package: `hotpath check packages/server` of a monorepo would
 * read every package (on joplin, 2,800 files for the server's 270 more than doubled the CPU).
 * Never above the repository: a checkout kept inside another project's folder (a git-ignored work
 * folder, a submodule) is a project of its own, and reading the outer one as its workspace cost
 * the benchmark corpus a third of its scan (the Hotpath repository's files around it).
 */
function workspaceOf(root: string): string {
  for (let dir = root; ; dir = path.posix.dirname(dir)) {
    if (fs.existsSync(path.posix.join(dir, 'package.json')) || fs.existsSync(path.posix.join(dir, '.git'))) return dir;
    if (path.posix.dirname(dir) === dir) return root;
  }
}

export interface FileResult {
  path: string;
  /** The text the findings were computed on. */
  text: string;
  findings: Finding[];
  fingerprints: string[];
}

export interface ScanResult {
  files: FileResult[];
  /** Files analyzed (with or without findings). */
  analyzed: number;
  skipped: SkippedFile[];
  crashes: { file: string; ruleId: string; message: string }[];
  seconds: number;
}

export interface ScanRun {
  verbose: boolean;
  progress: boolean;
  /** A project to reuse (hotpath fix re-analyzes its edited text through overlays). */
  project?: Project;
  /** Files already discovered by an earlier pass, and the workspace's files around them. */
  files?: string[];
  all?: string[];
}

export async function discover(plan: ScanPlan, io: CliIO, verbose: boolean): Promise<{ files: string[]; skipped: SkippedFile[]; all: string[] }> {
  const options = { exclude: plan.exclude, excludeBase: plan.excludeBase, maxFileBytes: plan.maxFileBytes, blocking: true };
  const discovery = await discoverFiles(plan.roots, options);
  if (verbose) for (const s of discovery.skipped) io.stderr(`skipped ${relativeFile(s.path, io.cwd)}: ${s.reason}\n`);
  // The workspace around the paths given, read but not reported (a file named on the command line stays, ignored or not).
  const wider = plan.workspaces.some((w) => !plan.roots.includes(w));
  const all = wider ? [...new Set([...(await discoverFiles(plan.workspaces, options)).files, ...discovery.files])].sort() : discovery.files;
  return { files: discovery.files.filter(plan.keep), skipped: discovery.skipped, all };
}

export async function runScan(plan: ScanPlan, io: CliIO, run: ScanRun): Promise<ScanResult> {
  const started = performance.now();
  if (run.verbose) {
    const cacheDir = defaultCacheDir();
    const state = fs.existsSync(cacheDir) ? '' : ' (new; made when something is first kept)';
    io.stderr(`cache folder for import sizes and the CLI's code cache: ${cacheDir}${state}\n`);
  }
  const { files, skipped, all } = run.files ? { files: run.files, skipped: [], all: run.all ?? run.files } : await discover(plan, io, run.verbose);
  const project = run.project ?? new Project(new NodeFileHost(), plan.maxFileBytes);
  // Every file of the workspace, --shard, --changed-since and the paths given aside: a handler in another shard still reaches a helper here.
  project.listFiles = () => all;
  project.checked = plan.checked;
  const progress = createProgress({ enabled: run.progress && io.stderrIsTTY, total: files.length, write: io.stderr });
  const result: ScanResult = { files: [], analyzed: 0, skipped, crashes: [], seconds: 0 };
  // heavy-import's sizes are measured in the background while files are analysed; see below.
  const importCosts = batchImportCosts(project, (m) => run.verbose && io.stderr(`${m}\n`));
  warmUpParser();
  const analyzeOne = (file: string): boolean => {
    const doc = project.getDoc(file);
    if (!doc) return false;
    const analysis = analyzeDoc(project, doc, { rules: plan.rules, ruleSettings: plan.ruleSettings });
    if (analysis.findings.length > 0) {
      result.files.push({ path: file, text: doc.text, findings: analysis.findings, fingerprints: fingerprints(analysis.findings, doc.text) });
    }
    for (const e of analysis.errors) result.crashes.push({ file, ruleId: e.ruleId, message: e.message });
    return true;
  };
  for (const file of files) {
    progress.tick();
    if (analyzeOne(file)) result.analyzed++;
    // Deleted or grown past the limit since discovery looked at it.
    else if (run.verbose) io.stderr(`skipped ${relativeFile(file, io.cwd)}: no longer readable\n`);
  }
  // Files whose analysis waited for an import size are analysed again once every size is known.
  const again = new Set(await importCosts.settle());
  if (again.size > 0) {
    result.files = result.files.filter((f) => !again.has(f.path));
    result.crashes = result.crashes.filter((c) => !again.has(c.file));
    for (const file of again) analyzeOne(file);
  }
  progress.done();
  for (const c of result.crashes) {
    const message = run.verbose ? c.message : (c.message.split('\n')[0] ?? c.message);
    io.stderr(`hotpath: rule ${c.ruleId} crashed on ${relativeFile(c.file, io.cwd)}: ${message}\n`);
  }
  const missing = importCosts.notInstalled();
  if (missing.length > 0) {
    const shown = missing.length > 8 ? `${missing.slice(0, 8).join(', ')} and ${missing.length - 8} more` : missing.join(', ');
    io.stderr(`hotpath: heavy-import measured no size for ${missing.length === 1 ? 'a package that is' : `${missing.length} packages that are`} imported but not installed (${shown}); install the dependencies first (npm ci)\n`);
  }
  result.seconds = (performance.now() - started) / 1000;
  const types = typeServiceStats(project);
  if (run.verbose && types) {
    const ms = (wall: number, cpu: number) => `${Math.round(wall)} ms (CPU ${Math.round(cpu)} ms)`;
    io.stderr(`type checker: ${types.programs} program builds of ${types.files} files ${ms(types.buildMs, types.buildCpuMs)}, ${types.questions} questions ${ms(types.questionMs, types.questionCpuMs)}\n`);
    if (types.settled > 0) io.stderr(`type checker: ${types.settled} questions about values syntax shows the programs type as any, not asked\n`);
  }
  return result;
}

export function reportedFindings(result: ScanResult, cwd: string): ReportedFinding[] {
  const out: ReportedFinding[] = [];
  for (const file of result.files) file.findings.forEach((f, i) => out.push(toReported(f, cwd, file.fingerprints[i]!)));
  return out.sort(compareReported);
}

export function printTiming(result: ScanResult, io: CliIO): void {
  const rate = result.seconds > 0 ? Math.round(result.analyzed / result.seconds) : result.analyzed;
  io.stderr(`Analyzed ${result.analyzed} files in ${result.seconds.toFixed(2)} s (${rate} files/s); ${result.skipped.length} skipped\n`);
}
