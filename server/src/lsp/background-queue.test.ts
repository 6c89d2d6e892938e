/**
 * The queue of dependents behind the documents being typed in: one file per turn of the event
 * loop, nothing while the foreground is busy or typing has not paused, files due from `collect`
 * joining the queue, and a report when it runs empty.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackgroundQueue, type BackgroundQueueOptions } from './background-queue';

function harness(overrides: Partial<BackgroundQueueOptions> = {}) {
  const ran: string[] = [];
  const drained: number[] = [];
  const state = { busy: false, holdUntil: 0, due: [] as string[] };
  const queue = new BackgroundQueue({
    run: (p) => ran.push(p),
    foregroundBusy: () => state.busy,
    holdUntil: () => state.holdUntil,
    collect: () => state.due.splice(0),
    drained: (count) => drained.push(count),
    stopped: () => false,
    ...overrides,
  });
  const turns = (n: number) => new Promise<void>((resolve) => {
    const next = (left: number) => (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
    next(n);
  });
  return { queue, ran, drained, state, turns };
}

describe('BackgroundQueue', () => {
  it('runs one file per turn of the event loop, each once, then reports', async () => {
    const h = harness();
    h.queue.add(['/a.ts', '/b.ts', '/a.ts', '/c.ts']);
    await h.turns(1);
    assert.deepEqual(h.ran, ['/a.ts']);
    await h.turns(5);
    assert.deepEqual(h.ran, ['/a.ts', '/b.ts', '/c.ts']);
    assert.deepEqual(h.drained, [3]);
  });

  it('waits while the foreground is busy, until it kicks the queue', async () => {
    const h = harness();
    h.state.busy = true;
    h.queue.add(['/a.ts']);
    await h.turns(5);
    assert.deepEqual(h.ran, []);
    h.state.busy = false;
    h.queue.kick();
    await h.turns(3);
    assert.deepEqual(h.ran, ['/a.ts']);
  });

  it('waits for the pause in typing, and takes what became due meanwhile', async () => {
    const h = harness();
    h.state.holdUntil = performance.now() + 60;
    h.queue.add(['/a.ts']);
    h.state.due.push('/b.ts');
    await h.turns(5);
    assert.deepEqual(h.ran, []);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await h.turns(5);
    assert.deepEqual(h.ran.sort(), ['/a.ts', '/b.ts']);
  });

  it('reports an empty queue too, so the status bar is updated after an edit with no dependents', async () => {
    const h = harness();
    h.queue.kick();
    await h.turns(2);
    assert.deepEqual(h.drained, [0]);
  });
});
