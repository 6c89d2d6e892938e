/**
 * The profile model (shared/profile/) against independent computations. The tests live here
 * because the test runner collects `*.test.ts` under client/, server/ and scripts/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Category, ProfileError, type ProfileModel } from '../../../shared/profile/model';
import { parseProfile } from '../../../shared/profile/parse';
import { randomProfile, readFixture, toFolded, toTrace, type V8Node, type V8Profile } from './testing/profiles';

/** Self and total per stack (frame labels joined), computed straight from the file's samples. */
function independent(p: V8Profile): Map<string, { self: number; total: number; samples: number }> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const pathOf = (id: number): string => {
    const parts: string[] = [];
    for (let v: number | undefined = id; v !== undefined; v = parent.get(v)) {
      const f = byId.get(v)!.callFrame;
      parts.push(`${f.functionName}@${f.url}:${f.lineNumber}:${f.columnNumber}`);
    }
    return parts.reverse().join(' > ');
  };
  let t = 0;
  const times = p.samples.map((id, s) => ({ t: (t += p.timeDeltas[s]!), id, s }));
  times.sort((a, b) => a.t - b.t || a.s - b.s);
  const out = new Map<string, { self: number; total: number; samples: number }>();
  const entry = (key: string) => out.get(key) ?? out.set(key, { self: 0, total: 0, samples: 0 }).get(key)!;
  for (const n of p.nodes) entry(pathOf(n.id));
  times.forEach((x, k) => {
    const next = k + 1 < times.length ? times[k + 1]!.t : p.endTime - p.startTime;
    const d = Math.max(0, next - x.t);
    const e = entry(pathOf(x.id));
    e.self += d;
    e.samples++;
    // Every ancestor stack gets the sample's time once.
    for (let v: number | undefined = x.id; v !== undefined; v = parent.get(v)) entry(pathOf(v)).total += d;
  });
  return out;
}

function modelStacks(m: ProfileModel, withLocation = true): Map<string, { self: number; total: number; samples: number }> {
  const key = (v: number): string => {
    const parts: string[] = [];
    for (let u = v; u !== -1; u = m.tree.parent[u]!) {
      const f = m.tree.frame[u]!;
      parts.push(withLocation ? `${m.frames.name[f]}@${m.frames.url[f]}:${m.frames.line[f]}:${m.frames.column[f]}` : m.frames.name[f]!);
    }
    return parts.reverse().join(' > ');
  };
  const out = new Map<string, { self: number; total: number; samples: number }>();
  for (let v = 0; v < m.tree.frame.length; v++) out.set(key(v), { self: m.tree.self[v]!, total: m.tree.total[v]!, samples: m.tree.selfSamples[v]! });
  return out;
}

function assertTimesMatch(p: V8Profile, m: ProfileModel): void {
  const expected = independent(p);
  const actual = modelStacks(m);
  assert.equal(actual.size, expected.size, 'one model node per distinct stack');
  for (const [stack, e] of expected) {
    const a = actual.get(stack);
    assert.ok(a, `stack missing from the model: ${stack}`);
    assert.ok(Math.abs(a.self - e.self) < 1e-6, `self of ${stack}: ${a.self} µs, expected ${e.self} µs`);
    assert.ok(Math.abs(a.total - e.total) < 1e-6, `total of ${stack}: ${a.total} µs, expected ${e.total} µs`);
    assert.equal(a.samples, e.samples, `samples of ${stack}`);
  }
}

const parse = (value: unknown): ProfileModel => parseProfile(typeof value === 'string' ? value : JSON.stringify(value));

describe('partly broken profiles are shown with a warning, as DevTools shows them', () => {
  // A profile of an Express app, with the usual V8 shape.
  const app = (): V8Profile => ({
    nodes: [
      { id: 1, callFrame: f('(root)'), children: [2, 5] },
      { id: 2, callFrame: f('handle', 'file:///srv/app/node_modules/express/lib/router/layer.js', 94), children: [3] },
      { id: 3, callFrame: f('getUsers', 'file:///srv/app/src/routes/users.js', 12), children: [4] },
      { id: 4, callFrame: f('query', 'file:///srv/app/node_modules/pg/lib/client.js', 520) },
      { id: 5, callFrame: f('(garbage collector)') },
    ],
    startTime: 0,
    endTime: 60,
    samples: [3, 4, 4, 5, 3, 1],
    timeDeltas: [0, 10, 10, 10, 10, 10],
  });
  const stackOf = (m: ProfileModel, v: number): string => {
    const names: string[] = [];
    for (let u = v; u !== -1; u = m.tree.parent[u]!) names.unshift(m.frames.name[m.tree.frame[u]!]!);
    return names.join(';');
  };

  it('drops a child id that is not in the tree and says so', () => {
    const p = app();
    p.nodes[2]!.children = [4, 42];
    const m = parse(p);
    assert.deepEqual(m.warnings, ['1 link to nodes not in the call tree (a child or parent id) was dropped.']);
    assert.equal(m.sampleCount, 6);
    assertTimesMatch(app(), m);
  });

  it('drops samples of unknown nodes, with their time, and counts them', () => {
    const p = app();
    p.samples = [3, 77, 4, 5, 78, 1];
    const m = parse(p);
    assert.deepEqual(m.warnings, ['2 samples named nodes not in the call tree and were dropped.']);
    assert.equal(m.sampleCount, 4);
    assert.equal(m.timeline.node.length, 4);
    // 60 µs recorded, two 10 µs samples dropped.
    assert.equal(m.duration, 40);
  });

  it('shows nodes that lost their parent under (orphans) and counts them', () => {
    const p = app();
    // The link from the router's layer to the route is gone (a cut file): the route and its query are orphans.
    p.nodes[1]!.children = [];
    p.nodes.push({ id: 6, callFrame: f('emit', 'node:events', 500) });
    p.samples.push(6);
    p.timeDeltas.push(10);
    p.endTime = 70;
    const m = parse(p);
    assert.deepEqual(m.warnings, ['2 nodes had no parent; shown under (orphans).']);
    const stacks = new Set(Array.from(m.tree.frame, (_, v) => stackOf(m, v)));
    assert.ok(stacks.has('(root);(orphans);getUsers;query'), [...stacks].join(' | '));
    assert.ok(stacks.has('(root);(orphans);emit'));
    assert.equal(m.duration, 70);
    assert.equal(m.frames.category[m.frames.name.indexOf('(orphans)')], Category.System);
  });

  it('a parent id that is not in the tree makes an orphan too', () => {
    const p = app();
    p.nodes[0]!.children = [5];
    (p.nodes[1] as V8Node & { parent?: number }).parent = 99;
    const m = parse(p);
    assert.deepEqual(m.warnings, ['1 link to nodes not in the call tree (a child or parent id) was dropped.', '1 node had no parent; shown under (orphans).']);
    assert.ok(Array.from(m.tree.frame, (_, v) => stackOf(m, v)).includes('(root);(orphans);handle;getUsers;query'));
  });

  it('says the timestamps are broken instead of showing 1e+294 s, and shows sample counts', () => {
    const p = app();
    p.timeDeltas = [0, 1e294, 1e294, 10, 10, 10];
    p.endTime = 3e294;
    const m = parse(p);
    assert.equal(m.warnings.length, 1);
    assert.match(m.warnings[0]!, /^The profile's timestamps are broken \(its time deltas add up to 2\.00e\+288 s\): times are not shown, widths are sample counts\.$/);
    assert.equal(m.unit, 'samples');
    assert.equal(m.duration, 6);
    assert.equal(m.sampleCount, 6);
  });
});

describe('V8 .cpuprofile', () => {
  it('gives each stack the self and total time of its samples, to the microsecond (real profile of the hotpath CLI)', () => {
    const p = readFixture('hotpath-cli.cpuprofile');
    const m = parse(p);
    assertTimesMatch(p, m);
    assert.equal(m.format, 'cpuprofile');
    assert.equal(m.sampleCount, p.samples.length);
    assert.equal(m.duration, p.endTime - p.startTime - p.timeDeltas[0]!);
    assert.deepEqual(m.warnings, []);
  });

  it('puts samples with negative time deltas back in time order instead of making negative durations', () => {
    const p = randomProfile(300, 4000, 7, 13);
    const m = parse(p);
    assertTimesMatch(p, m);
    for (let v = 0; v < m.tree.self.length; v++) assert.ok(m.tree.self[v]! >= 0);
    assert.match(m.warnings.join(' '), /13 samples were out of time order/);
    for (let s = 1; s < m.timeline.start.length; s++) assert.ok(m.timeline.start[s]! >= m.timeline.start[s - 1]!);
  });

  it('merges sibling nodes with the same call frame and keeps their summed time', () => {
    const p: V8Profile = {
      nodes: [
        { id: 1, callFrame: f('(root)'), children: [2, 3] },
        { id: 2, callFrame: f('work', 'file:///a.js', 3) },
        { id: 3, callFrame: f('work', 'file:///a.js', 3) },
      ],
      startTime: 0,
      endTime: 40,
      samples: [2, 3, 2],
      timeDeltas: [0, 10, 10],
    };
    const m = parse(p);
    assert.equal(m.tree.frame.length, 2);
    assert.equal(m.tree.self[1], 40);
    assert.equal(m.tree.selfSamples[1], 3);
    assertTimesMatch(p, m);
  });

  it('classifies frames: user code, node_modules, Node internals, GC/idle/program', () => {
    const m = parse(readFixture('hotpath-cli.cpuprofile'));
    const cat = (name: string, url?: string) => {
      const f = m.frames.name.findIndex((n, i) => n === name && (url === undefined || m.frames.url[i]!.includes(url)));
      assert.ok(f >= 0, `${name} not found`);
      return m.frames.category[f];
    };
    assert.equal(cat('(root)'), 3);
    assert.equal(cat('(program)'), 3);
    assert.equal(cat('readFileSync', 'node:fs'), 2);
    assert.equal(cat('__require', 'file:///app/dist/cli.js'), 0);
  });

  it('splits self time over source lines by positionTicks', () => {
    const p = readFixture('hotpath-cli.cpuprofile');
    const m = parse(p);
    assert.ok(m.lineTimes.length > 10);
    // Per frame, line times add up to the frame's self time in nodes that carry ticks.
    const selfByFrame = new Map<number, number>();
    for (let v = 0; v < m.tree.frame.length; v++) selfByFrame.set(m.tree.frame[v]!, (selfByFrame.get(m.tree.frame[v]!) ?? 0) + m.tree.self[v]!);
    const linesByFrame = new Map<number, number>();
    for (const l of m.lineTimes) linesByFrame.set(l.frame, (linesByFrame.get(l.frame) ?? 0) + l.self);
    for (const [frame, lines] of linesByFrame) assert.ok(Math.abs(lines - selfByFrame.get(frame)!) < 1e-6, m.frames.name[frame]);
    const wrap = m.frames.name.indexOf('wrapSafe');
    const wrapLines = m.lineTimes.filter((l) => l.frame === wrap);
    assert.deepEqual(wrapLines.map((l) => l.line), [1464]);
  });

  it('reads a 10,000-deep stack and a 200,000-deep stack without overflowing', () => {
    for (const depth of [10_000, 200_000]) {
      const nodes = Array.from({ length: depth }, (_, i) => ({ id: i + 1, callFrame: f(`f${i % 10}`, 'file:///deep.js', i % 10), children: i + 1 < depth ? [i + 2] : [] }));
      const started = performance.now();
      const m = parse({ nodes, startTime: 0, endTime: 100, samples: [depth, depth - 1], timeDeltas: [0, 50] });
      assert.ok(performance.now() - started < 5000);
      assert.equal(m.tree.depth[m.tree.depth.length - 1], depth - 1);
      assert.equal(m.tree.total[0], 100);
    }
  });

  it('reads a profile of 100,000 nodes and 200,000 samples in seconds', () => {
    const p = randomProfile(100_000, 200_000, 3, 5);
    const text = JSON.stringify(p);
    const started = performance.now();
    const m = parseProfile(text);
    const ms = performance.now() - started;
    assert.equal(m.sampleCount, 200_000);
    assert.ok(ms < 10_000, `took ${ms.toFixed(0)} ms`);
  });
});

function f(functionName: string, url = '', lineNumber = -1) {
  return { functionName, scriptId: '1', url, lineNumber, columnNumber: lineNumber < 0 ? -1 : 2 };
}

describe('folded stacks and Chrome traces', () => {
  it('folded stacks of a profile give the same tree and sample counts as the profile', () => {
    const p = readFixture('hotpath-cli.cpuprofile');
    const fromProfile = parse(p);
    const fromFolded = parseProfile(toFolded(p));
    assert.equal(fromFolded.format, 'folded');
    assert.equal(fromFolded.unit, 'samples');
    const a = modelStacks(fromProfile);
    const b = modelStacks(fromFolded);
    // Folded files carry no stacks without samples; compare the stacks that have any.
    const sampled = [...a].filter(([, v]) => v.total > 0);
    assert.equal(b.size, sampled.length);
    const totals = new Map<string, number>();
    for (let v = 0; v < fromProfile.tree.frame.length; v++) totals.set([...a.keys()][v]!, fromProfile.tree.totalSamples[v]!);
    for (const [stack, v] of b) {
      assert.ok(a.has(stack), `folded stack not in the profile: ${stack}`);
      assert.equal(v.samples, a.get(stack)!.samples, stack);
      assert.equal(v.total, totals.get(stack), `total samples of ${stack}`);
    }
  });

  it('a Chrome trace of a profile gives exactly the model of the profile', () => {
    const p = randomProfile(500, 3000, 11, 4);
    const fromProfile = parse(p);
    const fromTrace = parse(toTrace(p, 64));
    assert.equal(fromTrace.format, 'trace');
    assert.deepEqual(modelStacks(fromTrace), modelStacks(fromProfile));
    assert.deepEqual(fromTrace.timeline, fromProfile.timeline);
    assertTimesMatch(p, fromTrace);
  });

  it('a trace given as a bare event array, with two threads, shows the busier one and says so', () => {
    const busy = randomProfile(50, 400, 2);
    const idle = randomProfile(20, 30, 4);
    const events = [...toTrace(busy).traceEvents, ...(toTrace(idle).traceEvents as Array<{ pid?: number }>).map((e) => ({ ...e, pid: 99 }))];
    const m = parse(events);
    assert.equal(m.sampleCount, 400);
    assert.match(m.warnings.join(' '), /2 CPU profiles/);
  });

  it('folded frames without a file count as the app\'s code; GC and idle stay system time', () => {
    const m = parseProfile('main;(garbage collector) 5\nmain;lib (file:///app/node_modules/x/index.js:3) 3\n');
    const cat = (name: string) => m.frames.category[m.frames.name.indexOf(name)];
    assert.deepEqual([cat('main'), cat('(garbage collector)'), cat('lib'), cat('(root)')], [0, 3, 1, 3]);
  });

  it('skips folded lines that are not stacks and says which', () => {
    const m = parseProfile('main;parse 5\nthis is not a stack\n\n# comment\nmain;render 3\n');
    assert.equal(m.sampleCount, 8);
    assert.deepEqual(m.warnings, ['1 line is not "frame;frame count" and was skipped (first: line 2).']);
  });
});

describe('bad files get one clear sentence, never a crash', () => {
  const valid = (): V8Profile => ({
    nodes: [
      { id: 1, callFrame: f('(root)'), children: [2] },
      { id: 2, callFrame: f('main', 'file:///a.js', 1), children: [3] },
      { id: 3, callFrame: f('leaf', 'file:///a.js', 5) },
    ],
    startTime: 0,
    endTime: 30,
    samples: [2, 3, 3],
    timeDeltas: [0, 10, 10],
  });
  const cases: Array<[string, unknown, RegExp]> = [
    ['empty file', '', /The file is empty/],
    ['whitespace', '  \n\t ', /only whitespace/],
    ['truncated JSON', JSON.stringify(valid()).slice(0, 120), /not valid JSON \(it looks truncated\)/],
    ['JSON that is no profile', { hello: 'world' }, /neither a V8 CPU profile/],
    ['no samples array', { nodes: valid().nodes }, /no "samples" array/],
    ['zero samples', { ...valid(), samples: [], timeDeltas: [] }, /no samples/],
    ['lengths differ', { ...valid(), timeDeltas: [0, 10] }, /"samples" has 3 entries but "timeDeltas" has 2/],
    ['no sample names a node', { ...valid(), samples: [97, 98, 99] }, /None of the profile's 3 samples names a node of the call tree/],
    ['duplicate id', { ...valid(), nodes: [...valid().nodes, { id: 2, callFrame: f('again') }] }, /Node id 2 appears twice/],
    ['two parents', { ...valid(), nodes: [{ ...valid().nodes[0]!, children: [2, 3] }, ...valid().nodes.slice(1)] }, /Node 3 has two parents/],
    [
      'cycle',
      { ...valid(), nodes: [valid().nodes[0]!, { id: 2, callFrame: f('a'), children: [] }, { id: 3, callFrame: f('b'), children: [4] }, { id: 4, callFrame: f('c'), children: [3] }] },
      /cycle: node 3 is its own ancestor/,
    ],
    ['node without id', { ...valid(), nodes: [{ callFrame: f('x') }] }, /Node 1 of the call tree has no numeric id/],
    ['trace without profile', { traceEvents: [{ name: 'RunTask', ph: 'X' }] }, /no CPU profile/],
    ['folded garbage', 'hello world\nfoo bar baz\n', /No line of this file is a folded stack/],
    ['non-number delta', { ...valid(), timeDeltas: [0, 'x', 1] }, /Time delta 2 is not a number/],
  ];
  for (const [name, input, message] of cases) {
    it(name, () => {
      assert.throws(() => parse(input), (err: unknown) => err instanceof ProfileError && message.test(err.message));
    });
  }

  it('gzip-compressed bytes', () => {
    assert.throws(() => parseProfile(new Uint8Array([0x1f, 0x8b, 8, 0])), /gzip-compressed/);
  });

  it('a file above the size limit is refused before it is decoded', () => {
    assert.throws(() => parseProfile(new Uint8Array(2048), { maxBytes: 1024 }), /The file is 0\.002 MB; Hotpath opens profiles up to 0\.001 MB\.$/);
  });

  it('a truncated real profile at many cut points always gives a ProfileError', () => {
    const text = JSON.stringify(readFixture('hotpath-cli.cpuprofile'));
    for (let cut = 1; cut < text.length; cut += Math.floor(text.length / 97)) {
      assert.throws(() => parseProfile(text.slice(0, cut)), ProfileError, `cut at ${cut}`);
    }
  });
});
