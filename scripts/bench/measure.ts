/**
 * One timed run of a command: wall time, CPU time and peak resident memory, read by GNU time
 * from the kernel's accounting of the process and its children, so both tools are measured the
 * same way whatever they do inside.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Sample {
  seconds: number;
  /** User + system CPU time: steadier than wall time on a machine shared with other work. */
  cpuSeconds: number;
  peakMB: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

export const gnuTime = '/usr/bin/time';

export function timed(command: string, args: string[], cwd: string, env?: Record<string, string>): Sample {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-bench-')), 'time.txt');
  const started = process.hrtime.bigint();
  const r = spawnSync(gnuTime, ['-f', '%e %M %U %S', '-o', out, command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, ...env } });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const [, maxKb, user, sys] = fs.readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ');
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  // Our own clock has sub-10-ms resolution; GNU time rounds to 10 ms.
  return { seconds: wall, cpuSeconds: Number(user) + Number(sys), peakMB: Number(maxKb) / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: round(s[0]!), median: round(median), max: round(s.at(-1)!) };
}

/** The value below which p% of the values fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!);
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
