import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DebouncedScheduler, type CancellationFlag } from './scheduler';

function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('DebouncedScheduler', () => {
  it('runs once per burst of schedules, after the delay', async () => {
    const runs: string[] = [];
    let resolveRun: () => void = () => {};
    const ran = new Promise<void>((r) => (resolveRun = r));
    const s = new DebouncedScheduler<string>((k) => {
      runs.push(k);
      resolveRun();
    }, () => {}, 20);
    s.schedule('a');
    s.schedule('a');
    s.schedule('a');
    assert.equal(s.pending('a'), true);
    await ran;
    await settle(40);
    assert.deepEqual(runs, ['a']);
    assert.equal(s.pending('a'), false);
  });

  it('a newer schedule cancels a run in flight', async () => {
    const tokens: CancellationFlag[] = [];
    let second: () => void = () => {};
    const secondRan = new Promise<void>((r) => (second = r));
    const s = new DebouncedScheduler<string>(async (_k, token) => {
      tokens.push(token);
      if (tokens.length === 1) {
        s.schedule('a', 0); // an edit arrives while the first run is awaiting
        await settle(5);
      } else second();
    }, () => {}, 0);
    s.schedule('a');
    await secondRan;
    assert.equal(tokens[0]!.cancelled, true);
    assert.equal(tokens[1]!.cancelled, false);
  });

  it('cancel drops the pending run; errors go to the handler', async () => {
    const errors: unknown[] = [];
    let failed: () => void = () => {};
    const didFail = new Promise<void>((r) => (failed = r));
    const s = new DebouncedScheduler<string>((k) => {
      if (k === 'boom') throw new Error('boom');
      assert.fail('cancelled work ran');
    }, (_k, err) => {
      errors.push(err);
      failed();
    }, 5);
    s.schedule('a');
    s.cancel('a');
    s.schedule('boom');
    await didFail;
    await settle(20);
    assert.equal(errors.length, 1);
  });
});
