/**
 * What an installed workspace costs heavy-import: `hotpath check --rule heavy-import` on each app's
 * plain checkout (no node_modules: only the known-heavy table) and on its installed copy (every
 * package import measured with esbuild), alternated run by run so both see the same machine load.
 * Each run starts with an empty cache, as in the eval (a first open); `--warm` adds runs on the
 * installed copy with the cache the previous run left (a re-open).
 *
 * CPU is the whole process tree's (the esbuild service is a child that node does not reap, so
 * `time` would not count it): every process of the run's session is sampled from /proc (Linux).
 *
 *   node --import tsx scripts/eval/bench-installed.ts --app koel,codimd [--runs 3] [--bin PATH] [--warm] [--against PATH]
 *
 * `--against PATH` (another build, e.g. main before a change) adds runs of that build on the
 * installed copy, alternated with the others, for a before/after ratio on the same machine load.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installedWorkDir } from './installed';
import { readLabelFiles, workDir } from './labels';

const ticks = 100; // USER_HZ on Linux

/** CPU seconds used so far by each process of session `sid`, own and reaped children's. */
function sessionCpu(sid: number, seen: Map<number, number>): void {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the parenthesised command name: state ppid pgrp session … utime(14) stime cutime cstime.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[3]) !== sid) continue;
    const cpu = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / ticks;
    seen.set(Number(entry), Math.max(seen.get(Number(entry)) ?? 0, cpu));
  }
}

interface Run {
  wall: number;
  cpu: number;
  findings: number;
  warnings: number;
}

function run(bin: string, cwd: string, root: string, cacheDir: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, 'check', root, '--format', 'json', '--rule', 'heavy-import', '--fail-on', 'error'], {
      cwd,
      detached: true, // its own session: every process it starts is sampled
      env: { ...process.env, NO_COLOR: '1', HOTPATH_CACHE_DIR: cacheDir },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const seen = new Map<number, number>();
    const timer = setInterval(() => sessionCpu(child.pid!, seen), 50);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(timer);
      sessionCpu(child.pid!, seen); // children still alive after node exits
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const findings = (JSON.parse(out) as { findings: { severity: string }[] }).findings;
        resolve({ wall, cpu: [...seen.values()].reduce((a, b) => a + b, 0), findings: findings.length, warnings: findings.filter((f) => f.severity !== 'info').length });
      } catch (e) {
        reject(new Error(`hotpath check in ${cwd} printed no JSON: ${(e as Error).message}`));
      }
    });
  });
}

/** A run with a cache of its own, emptied before and removed after (a first open). */
async function coldRun(bin: string, cwd: string, root: string): Promise<Run> {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-bench-'));
  try {
    return await run(bin, cwd, root, cache);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(argv: string[]): Promise<void> {
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const apps = (opt('--app') ?? '').split(',').filter(Boolean);
  if (apps.length === 0) throw new Error('--app NAME[,NAME] is required');
  const runs = Number(opt('--runs') ?? 3);
  const bin = path.resolve(opt('--bin') ?? path.join(__dirname, '../../bin/hotpath.js'));
  const warm = argv.includes('--warm');
  const against = opt('--against') ? path.resolve(opt('--against')!) : undefined;
  const roots = new Map(readLabelFiles().map((f) => [f.app, f.root]));
  for (const app of apps) {
    const root = roots.get(app) ?? '.';
    const variants = { plain: path.join(workDir, app), installed: path.join(installedWorkDir(workDir), app) } as const;
    const results: Record<string, Run[]> = { plain: [], installed: [], 'installed, warm cache': [], 'installed, --against': [] };
    const warmCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-bench-warm-'));
    try {
      for (let i = 0; i < runs; i++) {
        for (const [name, dir] of Object.entries(variants)) results[name]!.push(await coldRun(bin, dir, root));
        if (against) results['installed, --against']!.push(await coldRun(against, variants.installed, root));
        if (warm) {
          if (i === 0) await run(bin, variants.installed, root, warmCache); // fills the cache
          results['installed, warm cache']!.push(await run(bin, variants.installed, root, warmCache));
        }
      }
    } finally {
      fs.rmSync(warmCache, { recursive: true, force: true });
    }
    const base = results.plain!;
    console.log(`\n${app} (${runs} runs each, alternated; median):`);
    for (const [name, rs] of Object.entries(results)) {
      if (rs.length === 0) continue;
      const [w, c] = [median(rs.map((r) => r.wall)), median(rs.map((r) => r.cpu))];
      const ratio = name === 'plain' ? '' : `  = ${(w / median(base.map((r) => r.wall))).toFixed(1)}× wall, ${(c / median(base.map((r) => r.cpu))).toFixed(1)}× CPU of plain`;
      console.log(`  ${name.padEnd(22)} wall ${w.toFixed(1)} s  CPU ${c.toFixed(1)} s  findings ${rs[0]!.findings} (${rs[0]!.warnings} warn+)${ratio}`);
    }
  }
}

main(process.argv.slice(2)).catch((e: Error) => {
  console.error(`bench-installed: ${e.message}`);
  process.exitCode = 1;
});
