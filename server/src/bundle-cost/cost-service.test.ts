import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { cacheFileName } from './cost-cache';
import { CostService, type CostResult } from './cost-service';
import { makeFrontEndApp } from './fixture-app';
import type { ImportProbe } from './measure';

const tmpDirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-cache-'));
  tmpDirs.push(d);
  return d;
}
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const probe = (specifier: string, resolveDir = '/nowhere'): ImportProbe => ({ specifier, form: 'static', names: ['default'], whole: false, resolveDir, external: [] });
const cost = (gzip: number): CostResult => ({ bytes: gzip * 3, gzip, contents: [], ms: 1 });

/** A measure function the test finishes by hand, to see what the service does in between. */
function manualMeasure() {
  const calls: { probe: ImportProbe; resolve: (r: CostResult) => void }[] = [];
  let active = 0;
  let maxActive = 0;
  const measure = (p: ImportProbe) =>
    new Promise<CostResult>((resolve) => {
      active++;
      maxActive = Math.max(maxActive, active);
      calls.push({ probe: p, resolve: (r) => (active--, resolve(r)) });
    });
  return { calls, measure, maxActive: () => maxActive };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('CostService', () => {
  it('answers lookups at once, measures at most two builds at a time, and tells listeners', async () => {
    const m = manualMeasure();
    const service = new CostService({ measure: m.measure });
    const heard: string[] = [];
    service.onMeasured((key) => heard.push(key));
    assert.equal(service.lookup('a'), undefined);
    service.request('a', probe('a', '/app/a'));
    service.request('b', probe('b', '/app/b'));
    service.request('c', probe('c', '/app/c'));
    service.request('a', probe('a', '/app/a'));
    assert.ok(service.isPending('a') && service.isPending('b') && service.isPending('c'));
    await tick();
    assert.deepEqual(m.calls.map((c) => c.probe.specifier), ['a', 'b'], 'two builds at once');
    m.calls[0]!.resolve(cost(100));
    await tick();
    assert.deepEqual(service.lookup('a'), cost(100));
    assert.deepEqual(heard, ['a']);
    await tick();
    assert.equal(m.calls.length, 3, 'the next starts when one ends');
    m.calls[1]!.resolve(cost(200));
    m.calls[2]!.resolve(cost(300));
    await service.idle();
    assert.deepEqual(heard, ['a', 'b', 'c']);
    assert.equal(m.maxActive(), 2);
    assert.equal(service.measured, 3);
    assert.equal(service.isPending('a'), false);
  });

  it('measures the probes that share a folder and externals in one batch, the others in their own', async () => {
    const batches: string[][] = [];
    const service = new CostService({
      measureBatch: async (ps) => (batches.push(ps.map((p) => p.specifier)), ps.map(() => cost(1))),
    });
    // One analysis asks for three named imports of an icon pack and one of another package's folder.
    service.request('i1', probe('icons-a', '/app'));
    service.request('o1', probe('other', '/elsewhere'));
    service.request('i2', probe('icons-b', '/app'));
    service.request('i3', probe('icons-c', '/app'));
    await service.idle();
    assert.deepEqual(batches, [['icons-a', 'icons-b', 'icons-c'], ['other']]);
    assert.deepEqual(service.lookup('i3'), cost(1));
  });

  it('does not retry a failure in the session, and a throwing measure is a failure', async () => {
    const service = new CostService({ cacheDir: tmp(), measure: async (p) => (p.specifier === 'bad' ? { error: 'cannot resolve bad' } : Promise.reject(new Error('boom'))) });
    service.request('bad', probe('bad'));
    service.request('boom', probe('boom'));
    await service.idle();
    assert.deepEqual(service.lookup('bad'), { error: 'cannot resolve bad' });
    assert.deepEqual(service.lookup('boom'), { error: 'boom' });
    service.request('bad', probe('bad'));
    assert.equal(service.isPending('bad'), false, 'not retried in the same session');
  });

  it('keeps failures on disk for an hour, so the next CLI run does not wait for the same failure', async () => {
    const dir = tmp();
    const first = new CostService({ cacheDir: dir, measure: async () => ({ error: 'No matching export for import "NodeMaterial"' }) });
    first.request('three@0.170.0|three|NodeMaterial', probe('three'));
    await first.idle();
    first.flush();
    let measured = 0;
    const again = () => new CostService({ cacheDir: dir, measure: async () => (measured++, cost(50)) });
    const second = again();
    assert.deepEqual(second.lookup('three@0.170.0|three|NodeMaterial'), { error: 'No matching export for import "NodeMaterial"' });
    second.request('three@0.170.0|three|NodeMaterial', probe('three'));
    await second.idle();
    assert.equal(measured, 0);

    // Two hours later the failure is forgotten and the import measured again.
    const file = path.join(dir, cacheFileName);
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.failures['three@0.170.0|three|NodeMaterial'].at -= 2 * 60 * 60 * 1000;
    fs.writeFileSync(file, JSON.stringify(data));
    const third = again();
    assert.equal(third.lookup('three@0.170.0|three|NodeMaterial'), undefined);
    third.request('three@0.170.0|three|NodeMaterial', probe('three'));
    await third.idle();
    assert.equal(measured, 1);
    assert.deepEqual(third.lookup('three@0.170.0|three|NodeMaterial'), cost(50));
  });

  it('persists sizes, so a new session starts with them and measures nothing', async () => {
    const dir = tmp();
    const first = new CostService({ cacheDir: dir, measure: async () => cost(42) });
    first.request('lodash@4.17.21|lodash|default;', probe('lodash'));
    await first.idle();
    first.flush();
    let measured = 0;
    const second = new CostService({ cacheDir: dir, measure: async () => (measured++, cost(1)) });
    assert.deepEqual(second.lookup('lodash@4.17.21|lodash|default;'), cost(42));
    second.request('lodash@4.17.21|lodash|default;', probe('lodash'));
    await second.idle();
    assert.equal(measured, 0);
  });

  it('ignores a corrupt or foreign cache file, says so, and replaces it on save', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, cacheFileName), '{"format": 1, "entries": {"x": ');
    const logs: string[] = [];
    const service = new CostService({ cacheDir: dir, log: (m) => logs.push(m), measure: async () => cost(7) });
    assert.match(logs.join('\n'), /unreadable cache/);
    service.request('k', probe('k'));
    await service.idle();
    service.flush();
    const saved = JSON.parse(fs.readFileSync(path.join(dir, cacheFileName), 'utf8'));
    assert.deepEqual(Object.keys(saved.entries), ['k']);

    fs.writeFileSync(path.join(dir, cacheFileName), JSON.stringify({ format: 999, entries: { k: cost(1) } }));
    const logs2: string[] = [];
    const other = new CostService({ cacheDir: dir, log: (m) => logs2.push(m) });
    assert.equal(other.lookup('k'), undefined);
    assert.match(logs2.join('\n'), /not a cache of this version/);
  });

  it('reports an unwritable cache folder in the log instead of throwing', async () => {
    const file = path.join(tmp(), 'a-file');
    fs.writeFileSync(file, '');
    const logs: string[] = [];
    const service = new CostService({ cacheDir: path.join(file, 'sub'), log: (m) => logs.push(m), measure: async () => cost(3) });
    service.request('k', probe('k'));
    await service.idle();
    service.flush();
    assert.match(logs.join('\n'), /cannot write/);
    assert.deepEqual(service.lookup('k'), cost(3));
  });

  it('with esbuild: a real first measurement, then a cache hit from disk on the second run', async () => {
    const app = makeFrontEndApp();
    tmpDirs.push(app);
    const dir = tmp();
    const key = 'moment@test|moment|default;';
    const p: ImportProbe = { specifier: 'moment', form: 'static', names: ['default'], whole: false, resolveDir: `${app}/src`, external: [] };
    const first = new CostService({ cacheDir: dir });
    const t0 = performance.now();
    first.request(key, p);
    await first.idle();
    const firstMs = performance.now() - t0;
    first.flush();
    const hit = first.lookup(key);
    assert.ok(hit && !('error' in hit) && hit.gzip > 15_000, JSON.stringify(hit));
    // The one-second goal is the benchmark's to show (scripts/bench-import-costs.ts); test files run
    // in parallel here, so this only guards against a measurement that hangs.
    assert.ok(firstMs < 15_000, `first measurement took ${firstMs.toFixed(0)} ms`);

    const second = new CostService({ cacheDir: dir });
    const t1 = performance.now();
    const again = second.lookup(key);
    const secondMs = performance.now() - t1;
    assert.deepEqual(again, hit);
    assert.equal(second.measured, 0);
    assert.ok(secondMs < 50, `cached lookup took ${secondMs.toFixed(2)} ms`);
  });
});

describe('CostService priorities', () => {
  it('measures urgent requests (open files) before the backlog of a scan', async () => {
    const m = manualMeasure();
    const service = new CostService({ measure: m.measure, concurrency: 1 });
    service.request('scan-1', probe('scan-1', '/1'));
    await tick();
    service.request('scan-2', probe('scan-2', '/2'));
    service.request('scan-3', probe('scan-3', '/3'));
    service.request('open', probe('open', '/open'), true);
    service.request('scan-3', probe('scan-3', '/3'), true);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      // The batch's end schedules the next one: a turn for that, one for it to start.
      await tick();
      await tick();
      const call = m.calls[i]!;
      order.push(call.probe.specifier);
      call.resolve(cost(1));
    }
    await service.idle();
    // scan-1 was already running when the urgent requests came.
    assert.deepEqual(order, ['scan-1', 'scan-3', 'open', 'scan-2']);
  });
});
