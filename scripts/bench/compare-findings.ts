/**
 * Do two builds of Hotpath report the same on the same folders? A speed change must not change a
 * finding: this runs `hotpath check` of each build on each folder, as JSON (rule, place, message,
 * related locations, fix titles) and as SARIF (its results carry each fix's edits), and lists
 * every difference. Exit status 1 when any folder differs.
 *
 *   node --import tsx scripts/bench/compare-findings.ts --a /work/start/bin/hotpath.js [--b bin/hotpath.js] <folder>…
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}

/** The folders: every argument that is not an option or an option's value. */
function folders(): string[] {
  return process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
}

interface Report {
  json: unknown[];
  sarif: unknown[];
}

function check(bin: string, folder: string, cacheDir: string): Report {
  const run = (format: string): string => {
    // Exit 1 is "findings reported"; anything else is a failed run.
    const r = spawnSync(process.execPath, [bin, 'check', '.', '--format', format, '--no-progress'], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, HOTPATH_CACHE_DIR: cacheDir } });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${bin} on ${folder} (${format}) exited ${r.status}:\n${r.stderr.slice(-2000)}`);
    return r.stdout;
  };
  const json = (JSON.parse(run('json')) as { findings: unknown[] }).findings;
  const sarif = (JSON.parse(run('sarif')) as { runs: { results: unknown[] }[] }).runs.flatMap((r) => r.results);
  return { json, sarif };
}

/** Entries of one list missing from the other, as JSON text (multisets: a duplicate counts). */
export function missingFrom(a: readonly unknown[], b: readonly unknown[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(JSON.stringify(x), (left.get(JSON.stringify(x)) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const k = JSON.stringify(x);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(k);
  }
  return out;
}

function main(): void {
  const a = option('a');
  const b = path.resolve(option('b') ?? path.join(repo, 'bin/hotpath.js'));
  const list = folders();
  if (!a || list.length === 0) {
    console.error('usage: compare-findings.ts --a <build>/bin/hotpath.js [--b <build>/bin/hotpath.js] <folder>…');
    process.exitCode = 2;
    return;
  }
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-compare-'));
  let differ = false;
  try {
    for (const folder of list.map((f) => path.resolve(f))) {
      // Each build its own cache (import sizes, code cache), as in the benchmark.
      const ra = check(path.resolve(a), folder, path.join(cache, 'a'));
      const rb = check(b, folder, path.join(cache, 'b'));
      const diffs = (['json', 'sarif'] as const).map((k) => ({ k, onlyA: missingFrom(ra[k], rb[k]), onlyB: missingFrom(rb[k], ra[k]) }));
      const same = diffs.every((d) => d.onlyA.length === 0 && d.onlyB.length === 0);
      console.log(`${same ? 'same' : 'DIFFERENT'}: ${folder}: ${ra.json.length} findings (a), ${rb.json.length} (b)`);
      for (const d of diffs) {
        for (const x of d.onlyA.slice(0, 5)) console.log(`  only a (${d.k}): ${x.slice(0, 400)}`);
        for (const x of d.onlyB.slice(0, 5)) console.log(`  only b (${d.k}): ${x.slice(0, 400)}`);
      }
      differ ||= !same;
    }
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
  process.exitCode = differ ? 1 : 0;
}

if (require.main === module) main();
