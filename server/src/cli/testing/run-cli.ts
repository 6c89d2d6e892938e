/**
 * Helpers for the command-line tests: run the built `node bin/hotpath.js` exactly as a user or
 * CI would, and make throw-away copies of the fixtures to change.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace } from '../../testing/temp-workspace';
import type { JsonReportFinding } from '../format-json';

export const repo = path.resolve(__dirname, '../../../..');
export const bin = path.join(repo, 'bin/hotpath.js');
export const fixtures = path.join(repo, 'test-fixtures');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function hotpath(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function assertBuilt(): void {
  assert.ok(fs.existsSync(path.join(repo, 'dist/cli.js')), 'dist/cli.js is missing: run `npm run build` before these tests (scripts/test.sh does)');
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  return tempWorkspace(prefix);
}

/** A copy of test-fixtures/<name> at <into>/<as>. */
export function copyFixture(name: string, into: string, as = name): string {
  const dest = path.join(into, as);
  fs.cpSync(path.join(fixtures, name), dest, { recursive: true });
  return dest;
}

export type JsonFinding = JsonReportFinding;

export function jsonFindings(run: Run): JsonFinding[] {
  const report = JSON.parse(run.stdout) as { version: number; findings: JsonFinding[] };
  assert.equal(report.version, 1);
  return report.findings;
}
