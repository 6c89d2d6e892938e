/**
 * Profile builders for tests: V8 `.cpuprofile` JSON from a compact tree spec, and the same
 * profile re-encoded as folded stacks and as a Chrome trace, so the parsers can be compared.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface V8Node {
  id: number;
  callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}
export interface V8Profile {
  nodes: V8Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export const fixturesDir = path.resolve(__dirname, '../../../../test-fixtures/profiles');

export function readFixture(name: string): V8Profile {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, name), 'utf8')) as V8Profile;
}

/** A deterministic pseudo-random generator, so generated profiles are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A random profile: `nodeCount` nodes in a random tree, `sampleCount` samples with jittered deltas. */
export function randomProfile(nodeCount: number, sampleCount: number, seed = 1, negativeDeltas = 0): V8Profile {
  const r = rng(seed);
  const names = ['parse', 'render', 'query', 'map', 'reduce', 'handler', 'compile', 'emit', '(garbage collector)'];
  const urls = ['file:///app/src/server.js', 'file:///app/node_modules/express/lib/router.js', 'node:internal/fs/utils', ''];
  const nodes: V8Node[] = [{ id: 1, callFrame: frame('(root)', '', -1), children: [] }];
  for (let i = 1; i < nodeCount; i++) {
    const parent = nodes[Math.floor(r() * Math.min(i, 40 + i / 2))]!;
    const name = names[Math.floor(r() * names.length)]!;
    const node: V8Node = { id: i + 1, callFrame: frame(`${name}${i % 7}`, urls[i % urls.length]!, i % 50) };
    (parent.children ??= []).push(node.id);
    nodes.push(node);
  }
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (let s = 0; s < sampleCount; s++) {
    samples.push(nodes[Math.floor(r() * nodes.length)]!.id);
    timeDeltas.push(s === 0 ? 1000 : 100 + Math.floor(r() * 900));
  }
  for (let k = 0; k < negativeDeltas; k++) {
    const s = 5 + Math.floor(r() * (sampleCount - 10));
    timeDeltas[s] = -Math.floor(20 + r() * 80);
  }
  const startTime = 5_000_000;
  const endTime = startTime + timeDeltas.reduce((a, b) => a + b, 0) + 500;
  return { nodes, startTime, endTime, samples, timeDeltas };
}

export function frame(functionName: string, url: string, lineNumber: number, columnNumber = lineNumber < 0 ? -1 : 2) {
  return { functionName, scriptId: '1', url, lineNumber, columnNumber };
}

/** Each sample's stack as frame labels, root excluded, in the folded format's `name (url:line:col)` form. */
export function toFolded(p: V8Profile): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts = new Map<string, number>();
  for (const id of p.samples) {
    const labels: string[] = [];
    for (let v: number | undefined = id; v !== undefined && parent.has(v); v = parent.get(v)) {
      const f = byId.get(v)!.callFrame;
      labels.push(f.url ? `${f.functionName} (${f.url}:${f.lineNumber + 1}:${f.columnNumber + 1})` : f.functionName);
    }
    const key = labels.reverse().join(';');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([stack, n]) => `${stack} ${n}`).join('\n') + '\n';
}

/** The profile as Chrome's Performance panel writes it: a Profile event and chunks with parent links. */
export function toTrace(p: V8Profile, chunkSize = 50): { traceEvents: unknown[] } {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const events: unknown[] = [
    { name: 'TracingStartedInBrowser', ph: 'I', pid: 1, tid: 1, ts: 0, args: {} },
    { name: 'Profile', ph: 'P', id: '0x1', pid: 7, tid: 3, ts: p.startTime, args: { data: { startTime: p.startTime } } },
  ];
  const nodes = p.nodes.map((n) => ({ id: n.id, callFrame: n.callFrame, ...(parent.has(n.id) ? { parent: parent.get(n.id) } : {}) }));
  for (let i = 0, k = 0; i < Math.max(p.samples.length, nodes.length); i += chunkSize, k++) {
    const data: Record<string, unknown> = {
      cpuProfile: { nodes: nodes.slice(i, i + chunkSize), samples: p.samples.slice(i, i + chunkSize) },
      timeDeltas: p.timeDeltas.slice(i, i + chunkSize),
    };
    events.push({ name: 'ProfileChunk', ph: 'P', id: '0x1', pid: 7, tid: 3, ts: p.startTime + k, args: { data } });
  }
  events.push({ name: 'ProfileChunk', ph: 'P', id: '0x1', pid: 7, tid: 3, ts: p.endTime, args: { data: { endTime: p.endTime } } });
  return { traceEvents: events };
}
