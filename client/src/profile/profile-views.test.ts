/** Layouts, search, per-function stats and the sandwich trees, against direct computations; how counts are written. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frameStats } from '../../../shared/profile/frame-stats';
import { flameChartLayout, flameGraphLayout, hitTest } from '../../../shared/profile/layout';
import { parseProfile } from '../../../shared/profile/parse';
import { callersOf, calleesOf } from '../../../shared/profile/sandwich';
import { searchFrames } from '../../../shared/profile/search';
import { randomProfile, readFixture } from './testing/profiles';
import { formatCount } from '../../../media/flame/format';

const real = parseProfile(JSON.stringify(readFixture('hotpath-cli.cpuprofile')));
const random = parseProfile(JSON.stringify(randomProfile(2000, 20_000, 5, 3)));

describe('layouts', () => {
  for (const [label, m] of [['real', real], ['random', random]] as const) {
    it(`flame graph (${label}): rows sorted, children inside parents, heaviest child first`, () => {
      const layout = flameGraphLayout(m.tree, m.frames.name);
      assert.equal(layout.end, m.duration);
      const where = new Map<number, [number, number]>();
      layout.rows.forEach((row, d) => {
        for (let i = 0; i < row.node.length; i++) {
          const v = row.node[i]!;
          assert.equal(m.tree.depth[v], d);
          assert.ok(Math.abs(row.x1[i]! - row.x0[i]! - m.tree.total[v]!) < 1e-6);
          if (i > 0) assert.ok(row.x0[i]! >= row.x1[i - 1]! - 1e-6, 'no overlap');
          where.set(v, [row.x0[i]!, row.x1[i]!]);
          if (v !== 0) {
            const [p0, p1] = where.get(m.tree.parent[v]!)!;
            assert.ok(row.x0[i]! >= p0 - 1e-6 && row.x1[i]! <= p1 + 1e-6, 'inside the parent');
          }
        }
      });
      // Left heavy: the first child laid out under each parent is its heaviest.
      for (const [v, [x0]] of where) {
        const kids: number[] = [];
        for (let k = m.tree.childOffset[v]!; k < m.tree.childOffset[v + 1]!; k++) if (m.tree.total[m.tree.childIndex[k]!]! > 0) kids.push(m.tree.childIndex[k]!);
        if (kids.length === 0) continue;
        const first = kids.find((c) => where.get(c)![0] === x0)!;
        assert.equal(m.tree.total[first], Math.max(...kids.map((c) => m.tree.total[c]!)));
      }
    });

    it(`flame chart (${label}): at any time, the rows hold exactly the stack of the sample running then`, () => {
      const end = m.timeline.start[0]! + m.duration;
      const layout = flameChartLayout(m.tree, m.timeline, end);
      for (let s = 0; s < m.timeline.node.length; s += 7) {
        const t0 = m.timeline.start[s]!;
        const t1 = s + 1 < m.timeline.node.length ? m.timeline.start[s + 1]! : end;
        if (t1 <= t0) continue;
        const t = (t0 + t1) / 2;
        const stack: number[] = [];
        for (let v = m.timeline.node[s]!; v !== -1; v = m.tree.parent[v]!) stack.unshift(v);
        const drawn = layout.rows.map((row) => hitTest(row, t)).map((i, d) => (i < 0 ? -1 : layout.rows[d]!.node[i]!)).filter((v) => v >= 0);
        assert.deepEqual(drawn, stack, `sample ${s}`);
      }
    });
  }
});

describe('search, table stats and sandwich', () => {
  it('search total counts each sample once, however many matching frames its stack holds', () => {
    const q = 'module';
    const result = searchFrames(real.frames, real.tree, q);
    let expected = 0;
    for (let s = 0; s < real.timeline.node.length; s++) {
      let hit = false;
      for (let v = real.timeline.node[s]!; v !== -1 && !hit; v = real.tree.parent[v]!) {
        const f = real.tree.frame[v]!;
        hit = real.frames.name[f]!.toLowerCase().includes(q) || real.frames.url[f]!.toLowerCase().includes(q);
      }
      if (hit) {
        const next = s + 1 < real.timeline.node.length ? real.timeline.start[s + 1]! : real.timeline.start[0]! + real.duration;
        expected += next - real.timeline.start[s]!;
      }
    }
    assert.ok(result.frameCount > 3);
    assert.ok(Math.abs(result.total - expected) < 1e-6, `${result.total} vs ${expected}`);
    assert.equal(searchFrames(real.frames, real.tree, '   ').frameCount, 0);
  });

  it('per-function total counts recursive calls once; sandwich roots carry that total', () => {
    const m = parseProfile(
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: f('(root)'), children: [2] },
          { id: 2, callFrame: f('walk', 1), children: [3, 5] },
          { id: 3, callFrame: f('walk', 1), children: [4] },
          { id: 4, callFrame: f('visit', 9) },
          { id: 5, callFrame: f('log', 20) },
        ],
        startTime: 0,
        endTime: 100,
        samples: [2, 3, 4, 4, 5],
        timeDeltas: [0, 20, 20, 20, 20],
      }),
    );
    const stats = frameStats(m.tree, m.frames.name.length);
    const walk = m.frames.name.indexOf('walk');
    assert.equal(stats.total[walk], 100);
    assert.equal(stats.self[walk], 40);
    const callees = calleesOf(m.tree, walk);
    assert.equal(callees.total[0], 100);
    assert.deepEqual([...callees.frame].map((x) => m.frames.name[x]).sort(), ['log', 'visit', 'walk', 'walk']);
    const callers = callersOf(m.tree, m.frames.name.indexOf('visit'));
    assert.deepEqual([...callers.frame].map((x) => m.frames.name[x]), ['visit', 'walk', 'walk', '(root)']);
    assert.deepEqual([...callers.total], [40, 40, 40, 40]);
  });

  it('sandwich of every function in a real profile: callers and callees both total the function', () => {
    const stats = frameStats(real.tree, real.frames.name.length);
    for (let fr = 0; fr < real.frames.name.length; fr++) {
      if (!(stats.total[fr]! > 0)) continue;
      assert.ok(Math.abs(calleesOf(real.tree, fr).total[0]! - stats.total[fr]!) < 1e-6);
      assert.ok(Math.abs(callersOf(real.tree, fr).total[0]! - stats.total[fr]!) < 1e-6);
    }
  });
});

function f(functionName: string, line = -1) {
  return { functionName, scriptId: '1', url: line < 0 ? '' : 'file:///app/a.js', lineNumber: line, columnNumber: line < 0 ? -1 : 0 };
}

describe('numbers as the views show them', () => {
  it('counts have thousands separators, as en-US writes them', () => {
    for (const n of [0, 7, 999, 1000, 1234.5, 65_536, 999_999, 1_000_000, 73_241, 111_335, 1_500_000, 2 ** 40]) {
      assert.equal(formatCount(n), Math.round(n).toLocaleString('en-US'), String(n));
    }
  });
});
