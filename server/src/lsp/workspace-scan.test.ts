import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatusNotification } from '../../../shared/protocol';
import type { DiscoveryOptions } from '../engine/discovery';
import { scanWorkspace, type ProgressReporter, type ScanDeps } from './workspace-scan';

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // Simulates a slow analysis.
  }
}

function fakes(fileCount: number, over: Partial<ScanDeps> = {}) {
  const events: string[] = [];
  const statuses: StatusNotification.Params[] = [];
  const logs: string[] = [];
  const discoverCalls: { roots: string[]; options: DiscoveryOptions }[] = [];
  const progress: ProgressReporter = {
    begin: (title, pct, message) => events.push(`begin ${title} ${pct} ${message}`),
    report: (pct, message) => events.push(`report ${pct} ${message}`),
    done: () => events.push('done'),
  };
  const deps: ScanDeps = {
    folders: [{ root: '/w', settings: { rules: {}, exclude: ['dist/**'], maxFileSizeKb: 2 }, exclude: ['dist/**', '**/.git'] }],
    discover: async (roots, options) => {
      discoverCalls.push({ roots, options });
      return { files: Array.from({ length: fileCount }, (_, i) => `/w/f${i}.ts`), skipped: [{ path: '/w/big.ts', reason: 'too large (5 MB > 2 kB)' }] };
    },
    analyze: (p) => {
      events.push(`analyze ${p}`);
      busy(2);
    },
    createProgress: async () => progress,
    status: (s) => statuses.push(s),
    log: (m) => logs.push(m),
    isCancelled: () => false,
    sliceMs: 5,
    ...over,
  };
  return { deps, events, statuses, logs, discoverCalls };
}

describe('scanWorkspace', () => {
  it('passes excludes and the size limit to discovery, logs skipped files, reports k/N progress', async () => {
    const { deps, events, statuses, logs, discoverCalls } = fakes(3);
    const result = await scanWorkspace(deps);
    assert.deepEqual(result?.files, ['/w/f0.ts', '/w/f1.ts', '/w/f2.ts']);
    assert.deepEqual(discoverCalls[0]!.roots, ['/w']);
    assert.deepEqual(discoverCalls[0]!.options.exclude, ['dist/**', '**/.git']);
    assert.equal(discoverCalls[0]!.options.maxFileBytes, 2048);
    assert.ok(logs.includes('Skipped /w/big.ts: too large (5 MB > 2 kB)'), logs.join('\n'));
    assert.equal(events[0], 'begin Hotpath: analyzing 3 files 0 0/3');
    assert.equal(events.filter((e) => e.startsWith('analyze')).length, 3);
    assert.ok(events.includes('report 100 3/3'));
    assert.equal(events.at(-1), 'done');
    assert.equal(statuses.at(-1)?.filesAnalyzed, 3);
    assert.ok(statuses.every((s) => s.state === 'analyzing' && s.skipped === 1 && s.filesTotal === 3));
  });

  it('yields between slices, so other work runs during the scan', async () => {
    const { deps, events } = fakes(40);
    const scan = scanWorkspace(deps);
    setImmediate(() => events.push('request served'));
    await scan;
    const served = events.indexOf('request served');
    const lastAnalyze = events.map((e, i) => (e.startsWith('analyze') ? i : -1)).reduce((a, b) => Math.max(a, b));
    assert.ok(served > 0 && served < lastAnalyze, `the request ran mid-scan (at ${served} of ${events.length})`);
  });

  it('stops when cancelled and still ends the progress', async () => {
    let cancelled = false;
    const { deps, events } = fakes(40, { isCancelled: () => cancelled });
    const scan = scanWorkspace(deps);
    setImmediate(() => (cancelled = true));
    assert.equal(await scan, undefined);
    assert.ok(events.filter((e) => e.startsWith('analyze')).length < 40);
    assert.equal(events.at(-1), 'done');
  });
});
