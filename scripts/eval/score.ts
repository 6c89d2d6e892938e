/**
 * Runs `hotpath check` on each labelled app and scores each rule against the labels:
 *
 *   node --import tsx scripts/eval/score.ts [--rule ID] [--split tune|holdout] [--app NAME]
 *     [--bin PATH] [--json OUT] [--require recall=0.8,precision=0.85] [--labels DIR] [--work DIR]
 *     [--details] [--unjudged] [--installed]
 *
 * `--bin` scores another build (e.g. main before a change); `--require` exits 1 when a rule's total
 * on the chosen split is below a goal, so the scorer can gate. Holdout apps print their totals only:
 * their misses and unjudged findings are listed with `--details`, because whoever reads them can no
 * longer tune without seeing the test (such an app moves to `tune`); `--unjudged` lists only a
 * holdout app's findings that no label judges yet, so they can be judged by reading the code. `--installed` scores the
 * copies install.ts made with the apps' dependencies installed (`<work>-installed/<app>`), as users
 * open them; an app whose install failed is named with why and left out. See scripts/eval/README.md.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installedWorkDir, notInstalled } from './installed';
import { checkedOutAt, readLabelFiles, labelsDir, selectedBy, workDir, type LabelFile } from './labels';
import { ratios, scoreApp, sumScores, type EvalFinding, type Ratios, type Score } from './match';

interface Options {
  rule?: string;
  split?: string;
  /** --app a,b: the apps to score (a comma list). */
  apps?: string[];
  bin: string;
  json?: string;
  labels: string;
  work: string;
  require: Partial<Record<keyof Ratios, number>>;
  details: boolean;
  unjudged: boolean;
  installed: boolean;
}

const repoRoot = path.resolve(__dirname, '../..');

function parseOptions(argv: string[]): Options {
  const o: Options = { bin: path.join(repoRoot, 'bin/hotpath.js'), labels: labelsDir, work: workDir, require: {}, details: false, unjudged: false, installed: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--rule') o.rule = value();
    else if (flag === '--split') o.split = value();
    else if (flag === '--app') o.apps = value().split(',').map((a) => a.trim()).filter(Boolean);
    else if (flag === '--bin') o.bin = path.resolve(value());
    else if (flag === '--json') o.json = path.resolve(value());
    else if (flag === '--labels') o.labels = path.resolve(value());
    else if (flag === '--work') o.work = path.resolve(value());
    else if (flag === '--details') o.details = true;
    else if (flag === '--installed') o.installed = true;
    else if (flag === '--unjudged') o.unjudged = true;
    else if (flag === '--require') {
      for (const part of value().split(',')) {
        const [k, v] = part.split('=');
        if (!['recall', 'precision', 'warningPrecision', 'perProblem', 'debatableShare'].includes(k!) || !Number.isFinite(Number(v))) throw new Error(`--require: cannot read "${part}"`);
        o.require[k as keyof Ratios] = Number(v);
      }
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  return o;
}

/**
 * One `hotpath check` per app and root, with every rule labelled there. Its caches (import sizes)
 * start empty for each scoring run, so no size measured elsewhere on this machine changes a score.
 */
function runHotpath(o: Options, checkout: string, root: string, rules: string[], cacheDir: string): EvalFinding[] {
  const r = spawnSync(process.execPath, [o.bin, 'check', root, '--format', 'json', '--rule', rules.join(','), '--fail-on', 'error'], {
    cwd: checkout,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 15 * 60_000,
    env: { ...process.env, NO_COLOR: '1', HOTPATH_CACHE_DIR: cacheDir },
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`hotpath check ${root} in ${checkout} exited ${r.status ?? r.signal}: ${r.stderr.trim().slice(0, 2000)}`);
  return (JSON.parse(r.stdout) as { findings: EvalFinding[] }).findings;
}

const pct = (x: number | undefined) => (x === undefined ? '  -  ' : x.toFixed(2));

function line(s: Score): string {
  const r = ratios(s);
  return (
    `recall ${s.found}/${s.problems} ${pct(r.recall)}  findings ${s.findings} (${s.warnings} warn+): ${s.true} true, ${s.false} false, ${s.debatable} debatable, ${s.unjudged} unjudged` +
    `  precision ${pct(r.precision)} (warn+ ${pct(r.warningPrecision)})  debatable ${pct(r.debatableShare)}  per problem ${pct(r.perProblem)}  traps ${s.trapsFlagged}/${s.traps}`
  );
}

export function main(argv: string[], log: (s: string) => void = console.log): number {
  const o = parseOptions(argv);
  const all = readLabelFiles(o.labels);
  // A misspelt app would otherwise score nothing and look like a clean run.
  const unknown = (o.apps ?? []).filter((a) => !all.some((f) => f.app === a));
  if (unknown.length) throw new Error(`--app: no label file names ${unknown.join(', ')}`);
  let files = all.filter((f) => selectedBy(o, f));
  const work = o.installed ? installedWorkDir(o.work) : o.work;
  if (o.installed) {
    const skipped = new Map<string, string>();
    for (const f of files) {
      const why = skipped.get(f.app) ?? notInstalled(path.join(work, f.app), f.commit);
      if (why) skipped.set(f.app, why);
    }
    for (const [app, why] of skipped) log(`not scored installed: ${app}: ${why}`);
    files = files.filter((f) => !skipped.has(f.app));
  }
  if (files.length === 0) {
    log('No label files match.');
    return 1;
  }
  const runs = new Map<string, EvalFinding[]>();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-eval-cache-'));
  const results: { file: LabelFile; score: Score }[] = [];
  try {
    for (const f of files) {
      const checkout = path.join(work, f.app);
      if (!fs.existsSync(checkout)) throw new Error(`${f.app} is not checked out at ${checkout}: run node --import tsx scripts/eval/checkout.ts`);
      // Two label files once shared one folder under different commits: the second app's labels were scored against the first's tree.
      const at = o.installed ? undefined : checkedOutAt(checkout);
      if (at && at !== f.commit) throw new Error(`${f.app} is checked out at ${at.slice(0, 10)} but ${path.basename(f.path)} is labelled at ${f.commit.slice(0, 10)}: run node --import tsx scripts/eval/checkout.ts --app ${f.app}`);
      const key = `${f.app}\0${f.root}`;
      if (!runs.has(key)) {
        const rules = [...new Set(files.filter((g) => g.app === f.app && g.root === f.root).map((g) => g.rule))];
        runs.set(key, runHotpath(o, checkout, f.root, rules, cacheDir));
      }
      results.push({ file: f, score: scoreApp(f, runs.get(key)!) });
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  let failed = false;
  for (const split of ['tune', 'holdout'] as const) {
    for (const rule of [...new Set(results.map((r) => r.file.rule))].sort()) {
      const group = results.filter((r) => r.file.split === split && r.file.rule === rule);
      if (group.length === 0) continue;
      log(`\n== ${rule}, ${split}${o.installed ? ', installed' : ''} ==`);
      for (const { file, score } of group) log(`${file.app.padEnd(24)} ${line(score)}`);
      const total = sumScores(group.map((g) => g.score));
      log(`${'TOTAL'.padEnd(24)} ${line({ ...total, missed: [], judged: [] })}`);
      const r = ratios(total);
      for (const [k, goal] of Object.entries(o.require) as [keyof Ratios, number][]) {
        const got = r[k];
        const ok = got !== undefined && (k === 'debatableShare' || k === 'perProblem' ? got <= goal : got >= goal);
        if (!ok) {
          failed = true;
          log(`BELOW GOAL: ${rule} ${split} ${k} ${pct(got)} (goal ${k === 'debatableShare' || k === 'perProblem' ? '≤' : '≥'} ${goal})`);
        }
      }
    }
  }
  for (const { file, score } of results) {
    const unjudged = score.judged.filter((j) => j.judgement === 'unjudged');
    if (unjudged.length === 0 && score.missed.length === 0) continue;
    log(`\n-- ${file.app} ${file.rule} (${file.split}) --`);
    if (file.split === 'holdout' && !o.details) {
      log(`${score.missed.length} missed, ${unjudged.length} unjudged (holdout: --details lists them; reading them makes the app a tune app)`);
      // Only the findings nobody has judged yet, to judge them by reading the code: never the misses.
      if (o.unjudged) for (const j of unjudged) log(`unjudged ${j.finding.file}:${j.finding.line} ${j.finding.severity}: ${j.finding.message}`);
      continue;
    }
    for (const j of unjudged) log(`unjudged ${j.finding.file}:${j.finding.line} ${j.finding.severity}: ${j.finding.message}`);
    for (const m of score.missed) log(`missed   ${m.file}:${Array.isArray(m.line) ? m.line.join('-') : m.line}: ${m.why}`);
  }
  if (o.json) {
    const out = results.map(({ file, score }) => ({ app: file.app, rule: file.rule, split: file.split, ...ratios(score), ...score, judged: score.judged.map((j) => ({ ...j.finding, judgement: j.judgement })), missed: score.missed }));
    fs.writeFileSync(o.json, JSON.stringify(out, null, 2) + '\n');
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`score: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
