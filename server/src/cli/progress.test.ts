/**
 * Progress on stderr: the line itself, its redraw rate, and that it appears on a terminal (a
 * pseudo-terminal made by util-linux `script`) and never in a pipe.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { createProgress, formatProgress } from './progress';
import { assertBuilt, bin, fixtures, hotpath } from './testing/run-cli';

before(() => assertBuilt());

describe('progress line', () => {
  it('shows files done of total, the percentage and the rate', () => {
    assert.equal(formatProgress(1200, 4000, 1500), 'Analyzing 1,200/4,000 files (30%) · 800 files/s');
    assert.equal(formatProgress(0, 0, 0), 'Analyzing 0/0 files (100%) · 0 files/s');
  });

  it('redraws in place at most every interval, always the last file, and erases itself', () => {
    let t = 0;
    const out: string[] = [];
    const p = createProgress({ enabled: true, total: 5, write: (s) => out.push(s), now: () => t, intervalMs: 100 });
    for (const step of [0, 10, 150, 160, 170]) {
      t = step;
      p.tick();
    }
    p.done();
    assert.deepEqual(out, [
      '\rAnalyzing 1/5 files (20%) · 0 files/s\x1b[K',
      '\rAnalyzing 3/5 files (60%) · 20 files/s\x1b[K',
      '\rAnalyzing 5/5 files (100%) · 29 files/s\x1b[K',
      '\r\x1b[K',
    ]);
  });

  it('writes nothing when disabled', () => {
    const out: string[] = [];
    const p = createProgress({ enabled: false, total: 5, write: (s) => out.push(s) });
    p.tick();
    p.done();
    assert.deepEqual(out, []);
  });
});

describe('progress of hotpath check', () => {
  const app = path.join(fixtures, 'express-app');

  it('is drawn on a terminal', () => {
    // `script` runs the command on a pseudo-terminal and copies what it prints to our stdout.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} check --fail-on error`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    assert.equal(r.error, undefined, 'util-linux script is needed for this test');
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /\rAnalyzing 12\/12 files \(100%\) · [\d,]+ files\/s\x1b\[K/);
    assert.match(r.stdout, /4 findings \(4 warnings\) in 12 files/);
    const noProgress = spawnSync('script', ['-qec', `${command} --no-progress`, '/dev/null'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.doesNotMatch(noProgress.stdout, /Analyzing/);
  });

  it('is not written when stderr is a pipe', () => {
    const run = hotpath(app, 'check');
    assert.equal(run.stderr, '');
  });
});
