/**
 * The full-scan comparison on any folder (a checkout of a real app): `hotpath check` against
 * ESLint with the equivalent core rules (eslint-setup.ts), alternated run by run so a slow moment
 * of a shared machine hits both alike, and, with `--before`, a second build of Hotpath in the same
 * rotation. ESLint lints exactly the files Hotpath's discovery picks (the same walk, .gitignore and
 * build folders included) that it can parse: JavaScript through espree, TypeScript and TSX through
 * typescript-eslint's parser; files only Hotpath reads (HTML, Vue, Svelte) are counted apart.
 * The type checker's share of Hotpath's time is read from `--verbose` and reported on its own.
 *
 *   npm run bench -- --corpus /tmp/hotpath-eval/outline [--runs 3] [--before /work/start/bin/hotpath.js] [--output out.json]
 */
import * as path from 'node:path';
import { loadRcFile } from '../../server/src/engine/config';
import { discoverFiles } from '../../server/src/engine/discovery';
import type { TypeServiceStats } from '../../server/src/analysis/types/type-service';
import { round, spread, timed, type Sample, type Spread } from './measure';

/** What ESLint's config (eslint-setup.ts) lints; the rest of Hotpath's files it never sees. */
const eslintFile = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export interface Tool {
  name: string;
  command: string;
  args: string[];
  /** Environment added to this tool's runs (each Hotpath build its own cache folder). */
  env?: Record<string, string>;
}

/** What the `type checker:` line of `check --verbose` prints: the build and question costs, not the edit-time counters. */
export type TypeCheckerCost = Omit<TypeServiceStats, 'reused' | 'carried' | 'settled'>;

export interface ToolFigures {
  seconds: Spread;
  cpuSeconds: Spread;
  peakMB: Spread;
  findings: number;
  findingsByRule: Record<string, number>;
  /** Hotpath only: the TypeScript checker's part of the run (`--verbose`), medians over the runs. */
  typeChecker?: TypeCheckerCost;
}

export function countBy(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** Both tools exit 1 when they report something; anything else is a failed run. */
export function checkExit(sample: Sample, what: string): Sample {
  if (sample.status !== 0 && sample.status !== 1) throw new Error(`${what} failed (exit ${sample.status}):\n${sample.stderr.slice(-2000)}`);
  return sample;
}

/** The `type checker: …` line `hotpath check --verbose` prints (server/src/cli/scan.ts). */
export function parseTypeChecker(stderr: string): TypeCheckerCost | undefined {
  const m = /^type checker: (\d+) program builds of (\d+) files (\d+) ms \(CPU (\d+) ms\), (\d+) questions (\d+) ms \(CPU (\d+) ms\)$/m.exec(stderr);
  if (!m) return undefined;
  const [programs, files, buildMs, buildCpuMs, questions, questionMs, questionCpuMs] = m.slice(1).map(Number) as number[];
  return { programs: programs!, files: files!, buildMs: buildMs!, buildCpuMs: buildCpuMs!, questions: questions!, questionMs: questionMs!, questionCpuMs: questionCpuMs! };
}

function medianOf<T>(items: readonly T[], pick: (t: T) => number): number {
  return spread(items.map(pick)).median;
}

/** The files both tools analyse: Hotpath's discovery of `root` (with its .hotpathrc.json excludes). */
export async function scanFiles(root: string): Promise<{ eslint: string[]; hotpathOnly: string[]; skipped: string[] }> {
  const rc = loadRcFile(root);
  const found = await discoverFiles([root], { exclude: rc.config.exclude ?? [], excludeBase: rc.path ? path.dirname(rc.path) : root, blocking: true });
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  return {
    eslint: found.files.filter((f) => eslintFile.test(f)).map(rel),
    hotpathOnly: found.files.filter((f) => !eslintFile.test(f)).map(rel),
    skipped: found.skipped.map((s) => rel(s.path)),
  };
}

export interface HotpathRun {
  findings: { rule: string }[];
  analyzed: number;
  typeChecker?: TypeCheckerCost;
}

export function readHotpathRun(sample: Sample): HotpathRun {
  const analyzed = Number(/^Analyzed (\d+) files/m.exec(sample.stderr)?.[1]);
  return { findings: (JSON.parse(sample.stdout) as { findings: { rule: string }[] }).findings, analyzed, typeChecker: parseTypeChecker(sample.stderr) };
}

export interface EslintRun {
  files: number;
  findingsByRule: Record<string, number>;
}

export function readEslintRun(sample: Sample): EslintRun {
  const results = JSON.parse(sample.stdout) as { messages: { ruleId: string | null }[] }[];
  // ruleId null: a file ESLint's parser could not read (reported, not linted).
  return { files: results.length, findingsByRule: countBy(results.flatMap((r) => r.messages.map((m) => m.ruleId ?? 'parse error'))) };
}

export function hotpathTool(name: string, bin: string, cacheDir: string): Tool {
  // Each build its own cache folder: the CLI's V8 code cache is per build, and two builds sharing
  // one folder would evict each other's cache on every alternated run.
  return { name, command: process.execPath, args: [bin, 'check', '.', '--format', 'json', '--no-progress', '--verbose', '--fail-on', 'error'], env: { HOTPATH_CACHE_DIR: cacheDir } };
}

function timedTool(tool: Tool, cwd: string): Sample {
  return checkExit(timed(tool.command, tool.args, cwd, tool.env), tool.name);
}

export interface FolderScan {
  root: string;
  runs: number;
  files: { eslint: number; hotpathOnly: number; skipped: number };
  tools: Record<string, ToolFigures>;
  /** ESLint's median over each Hotpath build's median: how many times faster it is (goal ≥ 5). */
  speedup: Record<string, { wallOfMedians: number; wallWorstCase: number; cpuOfMedians: number }>;
}

/**
 * `runs` alternated rounds of every Hotpath build and ESLint on `root`, after one untimed run of
 * each Hotpath build (it fills its import-size and code caches, as on a developer's machine).
 */
export async function compareFullScan(root: string, hotpaths: Tool[], eslint: { bin: string; config: string }, runs: number, log: (line: string) => void): Promise<FolderScan> {
  const files = await scanFiles(root);
  // Files on the command line: ESLint lints what Hotpath analyses, whatever its own ignores say.
  const eslintTool: Tool = { name: 'eslint', command: process.execPath, args: [eslint.bin, '--config', eslint.config, '--format', 'json', '--no-warn-ignored', ...files.eslint] };
  const expected = files.eslint.length + files.hotpathOnly.length;
  for (const h of hotpaths) {
    log(`warm-up run of ${h.name} …`);
    const analyzed = readHotpathRun(timedTool(h, root)).analyzed;
    if (analyzed !== expected) throw new Error(`${h.name} analyzed ${analyzed} files; discovery found ${expected}`);
  }
  const samples = new Map<string, Sample[]>();
  const parsed = new Map<string, HotpathRun[]>();
  let eslintRun: EslintRun | undefined;
  for (let i = 1; i <= runs; i++) {
    const line: string[] = [];
    for (const tool of [...hotpaths, eslintTool]) {
      const s = timedTool(tool, root);
      samples.set(tool.name, [...(samples.get(tool.name) ?? []), s]);
      if (tool === eslintTool) {
        eslintRun = readEslintRun(s);
        if (eslintRun.files !== files.eslint.length) throw new Error(`eslint linted ${eslintRun.files} files, expected ${files.eslint.length}`);
      } else {
        parsed.set(tool.name, [...(parsed.get(tool.name) ?? []), readHotpathRun(s)]);
      }
      line.push(`${tool.name} ${s.seconds.toFixed(2)} s (cpu ${s.cpuSeconds.toFixed(2)})`);
    }
    log(`run ${i}/${runs}: ${line.join(' · ')}`);
  }
  const figures = (name: string): Omit<ToolFigures, 'findings' | 'findingsByRule'> => {
    const s = samples.get(name)!;
    return { seconds: spread(s.map((r) => r.seconds)), cpuSeconds: spread(s.map((r) => r.cpuSeconds)), peakMB: spread(s.map((r) => r.peakMB)) };
  };
  const tools: Record<string, ToolFigures> = {};
  for (const h of hotpaths) {
    const p = parsed.get(h.name)!;
    const last = p.at(-1)!;
    const checked = p.filter((r) => r.typeChecker).map((r) => r.typeChecker!);
    // Medians of each figure over the runs.
    const typeChecker = checked.length > 0 ? (Object.fromEntries(Object.keys(checked[0]!).map((k) => [k, medianOf(checked, (t) => t[k as keyof TypeCheckerCost])])) as unknown as TypeCheckerCost) : undefined;
    tools[h.name] = { ...figures(h.name), findings: last.findings.length, findingsByRule: countBy(last.findings.map((f) => f.rule)), ...(typeChecker ? { typeChecker } : {}) };
  }
  const byRule = eslintRun!.findingsByRule;
  tools.eslint = { ...figures('eslint'), findings: Object.entries(byRule).reduce((n, [k, v]) => (k === 'parse error' ? n : n + v), 0), findingsByRule: byRule };
  const speedup: FolderScan['speedup'] = {};
  for (const h of hotpaths) {
    const t = tools[h.name]!;
    speedup[h.name] = {
      wallOfMedians: round(tools.eslint.seconds.median / t.seconds.median, 2),
      wallWorstCase: round(tools.eslint.seconds.min / t.seconds.max, 2),
      cpuOfMedians: round(tools.eslint.cpuSeconds.median / t.cpuSeconds.median, 2),
    };
  }
  return { root, runs, files: { eslint: files.eslint.length, hotpathOnly: files.hotpathOnly.length, skipped: files.skipped.length }, tools, speedup };
}
