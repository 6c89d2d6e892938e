/**
 * `npm run bench`: Hotpath against ESLint with equivalent rules on a pinned corpus of real
 * third-party code, plus the language server's memory and re-analysis latency. Not part of the
 * test suite: it installs the corpus and ESLint from npm into scripts/bench/.work/ and takes
 * minutes (about 10 with --runs 3 on two cores). Figures go to scripts/bench/results.json
 * (min/median/max over --runs runs), with each tool's findings by rule and how far each Hotpath
 * rule got on the corpus's files (rule-coverage.ts).
 *
 *   npm run bench [-- --runs 5 --edits 100 --output scripts/bench/results.json --full-scan-only]
 *   npm run bench -- --corpus <folder> [--runs 3] [--before <other build>/bin/hotpath.js] [--output out.json]
 *
 * `--corpus` runs only the full-scan comparison, on any folder (a checkout of a real app), with
 * the type checker's cost apart and optionally another Hotpath build in the same rotation
 * (full-scan.ts); its figures go to stdout and to `--output` when given, never to results.json.
 *
 * The full scan is timed for `hotpath check`, ESLint with its closest core rules, and ESLint with
 * eslint-plugin-hotpath (every file through typescript-eslint's parser, and JavaScript through
 * espree), alternated; the plugin's findings are compared with the CLI's (parity).
 *
 * The flame-graph figures (load and first paint against speedscope, zoom and pan frame rates, a
 * 100 MB profile) come from scripts/bench-flame.ts, which also runs on its own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCorpus, corpusPackages } from './corpus';
import { compareFindings, fromEslintResults, fromHotpathJson, type ParityReport } from '../../eslint-plugin-hotpath/src/parity';
import { eslintPackages, pluginPeers, setupEslint, setupEslintPlugin } from './eslint-setup';
import { writeLatencyApp } from './latency-app';
import { measureLsp } from './lsp-latency';
import { flameBench } from '../bench-flame';
import { round, spread, timed, type Sample } from './measure';
import { ruleCoverage } from './rule-coverage';
import { checkExit, compareFullScan, countBy, hotpathTool } from './full-scan';
import { measureTreeReuse } from './eslint-tree-reuse';

const repo = path.resolve(__dirname, '../..');
const workDir = path.join(__dirname, '.work');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

/** `--corpus <folder>`: the full-scan comparison alone, on that folder. */
async function folderBench(folder: string, runs: number): Promise<void> {
  const root = path.resolve(folder);
  if (!fs.existsSync(root)) throw new Error(`--corpus: no folder ${root}`);
  const eslint = setupEslint(workDir);
  const tools = [hotpathTool('hotpath', path.join(repo, 'bin/hotpath.js'), path.join(workDir, 'hotpath-cache'))];
  const before = option('before', '');
  if (before) tools.push(hotpathTool('before', path.resolve(before), path.join(workDir, 'hotpath-cache-before')));
  const scan = await compareFullScan(root, tools, eslint, runs, (line) => console.error(line));
  const result = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version }, eslint: { packages: eslintPackages }, ...scan };
  const text = JSON.stringify(result, null, 2) + '\n';
  const output = option('output', '');
  if (output) fs.writeFileSync(path.resolve(output), text);
  console.log(text);
  for (const [name, t] of Object.entries(scan.tools)) {
    const types = t.typeChecker ? `; type checker ${t.typeChecker.programs} programs ${t.typeChecker.buildCpuMs} ms CPU, ${t.typeChecker.questions} questions ${t.typeChecker.questionCpuMs} ms CPU` : '';
    console.error(`${name}: ${t.seconds.median} s wall (${t.seconds.min}–${t.seconds.max}), ${t.cpuSeconds.median} s CPU, ${Math.round(t.peakMB.median)} MB, ${t.findings} findings${types}`);
  }
  for (const [name, s] of Object.entries(scan.speedup)) console.error(`${name}: ${s.wallOfMedians}× faster than ESLint (wall, medians; worst case ${s.wallWorstCase}×), ${s.cpuOfMedians}× less CPU`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const runs = Number(option('runs', '5'));
  const edits = Number(option('edits', '100'));
  const output = path.resolve(repo, option('output', 'scripts/bench/results.json'));
  if (!fs.existsSync(path.join(repo, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const folder = option('corpus', '');
  if (folder) return folderBench(folder, runs);

  console.error('Preparing the corpus and ESLint (npm, first run only) …');
  const corpus = await buildCorpus(workDir);
  const eslint = setupEslint(workDir);
  const plugin = setupEslintPlugin(workDir, repo);
  console.error(`Corpus: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(1)} MB`);
  if (corpus.files < 2000 || corpus.bytes < 8e6) throw new Error('the corpus is below 2,000 files or 8 MB');

  const hotpathArgs = [path.join(repo, 'bin/hotpath.js'), 'check', '.', '--format', 'json', '--no-progress', '--verbose', '--fail-on', 'error'];
  let eslintArgs = [eslint.bin, '--config', eslint.config, '--format', 'json', '--no-warn-ignored', '.'];
  const hotpathRuns: Sample[] = [];
  const eslintRuns: Sample[] = [];
  // ESLint with eslint-plugin-hotpath: every file through typescript-eslint's parser (its tree is
  // analysed as is), the same with the tree withheld (the engine parses again), and JavaScript
  // through espree (the engine parses what its rules need).
  const pluginVariants = [
    { name: 'typescriptEslint', config: plugin.typescriptEslintConfig, runs: [] as Sample[], parity: undefined as ParityReport | undefined, findings: 0 },
    { name: 'typescriptEslintTreeWithheld', config: plugin.withheldTreeConfig, runs: [] as Sample[], parity: undefined as ParityReport | undefined, findings: 0 },
    { name: 'espree', config: plugin.espreeConfig, runs: [] as Sample[], parity: undefined as ParityReport | undefined, findings: 0 },
  ];
  let hotpathFindings = 0;
  let eslintFindings = 0;
  let hotpathByRule: Record<string, number> = {};
  let eslintByRule: Record<string, number> = {};
  // heavy-import measures import sizes with esbuild once and caches them (as on a developer's
  // machine or a CI cache); a first, untimed run fills the benchmark's own cache, so the timed
  // runs all measure the analysis, and the OS has both tools' files in memory alike.
  process.env.HOTPATH_CACHE_DIR = path.join(workDir, 'hotpath-cache');
  console.error('Warm-up run of hotpath check …');
  const warmUp = checkExit(timed(process.execPath, hotpathArgs, corpus.root), 'hotpath check');
  // Files Hotpath does not analyse (minified builds such as three's Emscripten decoders) are left
  // out of ESLint's run too, so both tools lint exactly the same files.
  const skipped = [...warmUp.stderr.matchAll(/^skipped (.+): (.+)$/gm)].map((m) => ({ file: m[1]!, reason: m[2]! }));
  eslintArgs = [...eslintArgs.slice(0, -1), ...skipped.flatMap((s) => ['--ignore-pattern', s.file]), '.'];
  const linted = corpus.files - skipped.length;
  for (let i = 1; i <= runs; i++) {
    // Alternated, so a slow moment of the machine hits both tools alike.
    const h = checkExit(timed(process.execPath, hotpathArgs, corpus.root), 'hotpath check');
    const analyzed = Number(/^Analyzed (\d+) files/m.exec(h.stderr)?.[1]);
    if (analyzed !== linted) throw new Error(`hotpath analyzed ${analyzed} files, the corpus has ${corpus.files} of which ${skipped.length} are skipped`);
    const hFindings = (JSON.parse(h.stdout) as { findings: { rule: string }[] }).findings;
    hotpathFindings = hFindings.length;
    hotpathByRule = countBy(hFindings.map((f) => f.rule));
    hotpathRuns.push(h);
    const e = checkExit(timed(process.execPath, eslintArgs, corpus.root), 'eslint');
    const results = JSON.parse(e.stdout) as { messages: { fatal?: boolean; ruleId: string | null }[] }[];
    if (results.length !== linted) throw new Error(`eslint linted ${results.length} files, expected the ${linted} Hotpath analysed`);
    eslintFindings = results.reduce((n, r) => n + r.messages.length, 0);
    // ruleId null: a file ESLint's parser could not read (reported, not linted).
    eslintByRule = countBy(results.flatMap((r) => r.messages.map((m) => m.ruleId ?? 'parse error')));
    eslintRuns.push(e);
    for (const v of pluginVariants) {
      const p = checkExit(timed(process.execPath, [plugin.bin, '--config', v.config, '--format', 'json', '--no-warn-ignored', ...eslintArgs.slice(eslintArgs.indexOf('--no-warn-ignored') + 1)], corpus.root), `eslint with eslint-plugin-hotpath (${v.name})`);
      const linted = fromEslintResults(JSON.parse(p.stdout), corpus.root);
      v.findings = linted.findings.length;
      // Both front ends, one set of findings: any difference is listed in results.json.
      v.parity = compareFindings(fromHotpathJson(h.stdout), linted.findings, linted.unparsed);
      v.runs.push(p);
      console.error(`  eslint + plugin (${v.name}) ${p.seconds.toFixed(2)} s (cpu ${p.cpuSeconds.toFixed(2)}) ${p.peakMB.toFixed(0)} MB, ${v.parity.matched} findings as hotpath check, ${v.parity.onlyHotpath.length + v.parity.onlyEslint.length} differ`);
    }
    console.error(`run ${i}/${runs}: hotpath ${h.seconds.toFixed(2)} s (cpu ${h.cpuSeconds.toFixed(2)}) ${h.peakMB.toFixed(0)} MB · eslint ${e.seconds.toFixed(2)} s (cpu ${e.cpuSeconds.toFixed(2)}) ${e.peakMB.toFixed(0)} MB`);
  }

  console.error("ESLint plugin: what reusing typescript-eslint's tree saves …");
  const treeReuse = await measureTreeReuse(corpus.root, process.env.HOTPATH_CACHE_DIR!, Math.max(runs, 3));

  console.error('How far each rule got on the corpus …');
  const coverage = await ruleCoverage(corpus.root);

  // --full-scan-only: the command-line figures alone (the language server and flame graph take minutes more).
  const fullScanOnly = process.argv.includes('--full-scan-only');
  let lsp: Awaited<ReturnType<typeof measureLsp>> | undefined;
  let flameGraph: Awaited<ReturnType<typeof flameBench>> | undefined;
  if (!fullScanOnly) {
    console.error(`Language server: scan, then ${edits} edits …`);
    const app = writeLatencyApp(path.join(workDir, 'latency-app'), path.join(workDir, 'corpus-npm/node_modules/lodash'));
    lsp = await measureLsp(corpus.root, app, edits);

    console.error('Flame graph: Hotpath and speedscope in headless Chromium …');
    flameGraph = await flameBench({ runs });
  }

  const hSeconds = spread(hotpathRuns.map((r) => r.seconds));
  const eSeconds = spread(eslintRuns.map((r) => r.seconds));
  const hCpu = spread(hotpathRuns.map((r) => r.cpuSeconds));
  const eCpu = spread(eslintRuns.map((r) => r.cpuSeconds));
  const results = {
    date: new Date().toISOString(),
    /** The whole benchmark, corpus preparation included. */
    minutes: 0,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGB: round(os.totalmem() / 2 ** 30, 1), node: process.version },
    corpus: {
      files: corpus.files,
      megabytes: round(corpus.bytes / 1e6, 1),
      packages: corpusPackages.map((p) => `${p.name}@${p.version}`),
      // Left out of both tools' runs: Hotpath skips them (see engine/file-sniff.ts), ESLint is told to.
      skipped,
    },
    eslint: { packages: eslintPackages, rules: ['no-await-in-loop', 'no-restricted-syntax (*Sync calls)', 'no-restricted-imports (lodash, moment)', '@next/next/no-img-element'] },
    runs,
    fullScan: {
      hotpath: {
        seconds: hSeconds,
        cpuSeconds: hCpu,
        peakMB: spread(hotpathRuns.map((r) => r.peakMB)),
        findings: hotpathFindings,
        findingsByRule: hotpathByRule,
        /** Files past each rule's text prefilter, past its role checks, and with what it looks for. */
        ruleCoverage: coverage,
      },
      eslint: { seconds: eSeconds, cpuSeconds: eCpu, peakMB: spread(eslintRuns.map((r) => r.peakMB)), findings: eslintFindings, findingsByRule: eslintByRule },
      /** ESLint with eslint-plugin-hotpath (the packed package), and its parity with `hotpath check` (rule, file, line, column). */
      eslintPlugin: {
        packages: pluginPeers,
        /** The plugin's analysis of every file, CPU, with typescript-eslint's tree offered against the engine parsing (ESLint's own parse excluded). */
        treeReuse,
        ...Object.fromEntries(
          pluginVariants.map((v) => [
            v.name,
            {
              seconds: spread(v.runs.map((r) => r.seconds)),
              cpuSeconds: spread(v.runs.map((r) => r.cpuSeconds)),
              peakMB: spread(v.runs.map((r) => r.peakMB)),
              findings: v.findings,
              /** Its wall time over the CLI's (medians). */
              slowerThanHotpath: round(spread(v.runs.map((r) => r.seconds)).median / hSeconds.median, 2),
              parity: { matched: v.parity!.matched, onlyHotpath: v.parity!.onlyHotpath, onlyEslint: v.parity!.onlyEslint, unparsedFiles: v.parity!.unparsed.length },
            },
          ]),
        ),
      },
      /** ESLint's time over Hotpath's: how many times faster Hotpath is (goal: at least 5). */
      speedup: {
        wallOfMedians: round(eSeconds.median / hSeconds.median, 2),
        wallWorstCase: round(eSeconds.min / hSeconds.max, 2),
        cpuOfMedians: round(eCpu.median / hCpu.median, 2),
      },
      memoryRatio: round(spread(eslintRuns.map((r) => r.peakMB)).median / spread(hotpathRuns.map((r) => r.peakMB)).median, 2),
    },
    languageServer: lsp,
    flameGraph,
  };
  results.minutes = round((Date.now() - started) / 60_000, 1);
  // --full-scan-only leaves the language-server and flame-graph figures of the results file as
  // they were (each from its own, longer run) instead of dropping them.
  const earlier = fullScanOnly && fs.existsSync(output) ? (JSON.parse(fs.readFileSync(output, 'utf8')) as Partial<typeof results>) : undefined;
  if (earlier) Object.assign(results, { languageServer: earlier.languageServer, flameGraph: earlier.flameGraph });
  fs.writeFileSync(output, JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
  console.error(`Written to ${path.relative(repo, output)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exitCode = 1;
});
