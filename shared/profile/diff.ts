/**
 * Comparing two profiles (before → after): one tree holding every stack of either, matched by
 * function name and file (line numbers shift between builds), with each node's share of its
 * profile before and after. Shares, not times, so a longer recording is not a regression.
 */
import type { CallTree, FrameTable, ProfileModel } from './model';
import { categorize, displayName } from './model';
import type { SmallTree } from './sandwich';

export interface DiffModel {
  frames: FrameTable;
  /** Widths follow the after profile; stacks only in the before profile have width 0. */
  tree: SmallTree & Pick<CallTree, 'depth'>;
  /** Per node: share (0–1) of the before / after profile spent in the node itself and below it. */
  beforeSelf: Float64Array;
  afterSelf: Float64Array;
  beforeTotal: Float64Array;
  afterTotal: Float64Array;
  /** Functions whose self share changed most, biggest increase first. */
  changes: Array<{ frame: number; before: number; after: number; delta: number }>;
}

export function diffProfiles(before: ProfileModel, after: ProfileModel): DiffModel {
  const name: string[] = [];
  const url: string[] = [];
  const line: number[] = [];
  const column: number[] = [];
  const frameOf = new Map<string, number>();
  const unionFrame = (m: ProfileModel, f: number): number => {
    const key = `${m.frames.name[f]}\0${m.frames.url[f]}`;
    let u = frameOf.get(key);
    if (u === undefined) {
      u = name.length;
      frameOf.set(key, u);
      name.push(m.frames.name[f]!);
      url.push(m.frames.url[f]!);
      line.push(m.frames.line[f]!);
      column.push(m.frames.column[f]!);
    }
    return u;
  };
  const parent: number[] = [-1];
  const frame: number[] = [];
  const childOf = new Map<string, number>();
  const values = { beforeSelf: [0], afterSelf: [0], beforeTotal: [0], afterTotal: [0] };
  const add = (m: ProfileModel, self: number[], total: number[]): void => {
    const map = new Int32Array(m.tree.frame.length);
    const scale = m.duration > 0 ? 1 / m.duration : 0;
    for (let v = 0; v < m.tree.frame.length; v++) {
      const uf = unionFrame(m, m.tree.frame[v]!);
      let u: number;
      if (v === 0) {
        u = 0;
        if (frame.length === 0) frame.push(uf);
      } else {
        const p = map[m.tree.parent[v]!]!;
        const key = `${p}:${uf}`;
        let found = childOf.get(key);
        if (found === undefined) {
          found = parent.length;
          childOf.set(key, found);
          parent.push(p);
          frame.push(uf);
          for (const arr of Object.values(values)) arr.push(0);
        }
        u = found;
      }
      map[v] = u;
      self[u] = self[u]! + m.tree.self[v]! * scale;
      total[u] = total[u]! + m.tree.total[v]! * scale;
    }
  };
  add(before, values.beforeSelf, values.beforeTotal);
  add(after, values.afterSelf, values.afterTotal);

  const n = parent.length;
  const parentArr = Int32Array.from(parent);
  const depth = new Int32Array(n);
  for (let v = 1; v < n; v++) depth[v] = depth[parentArr[v]!]! + 1;
  const childOffset = new Int32Array(n + 1);
  for (let v = 1; v < n; v++) childOffset[parentArr[v]! + 1] = childOffset[parentArr[v]! + 1]! + 1;
  for (let v = 0; v < n; v++) childOffset[v + 1] = childOffset[v + 1]! + childOffset[v]!;
  const fill = childOffset.slice(0, n);
  const childIndex = new Int32Array(Math.max(0, n - 1));
  for (let v = 1; v < n; v++) {
    const p = parentArr[v]!;
    childIndex[fill[p]!] = v;
    fill[p] = fill[p]! + 1;
  }
  const afterSelf = Float64Array.from(values.afterSelf);
  const afterTotal = Float64Array.from(values.afterTotal);
  const beforeSelf = Float64Array.from(values.beforeSelf);

  // Per function: self share before and after.
  const fb = new Float64Array(name.length);
  const fa = new Float64Array(name.length);
  for (let v = 0; v < n; v++) {
    fb[frame[v]!] = fb[frame[v]!]! + beforeSelf[v]!;
    fa[frame[v]!] = fa[frame[v]!]! + afterSelf[v]!;
  }
  const changes = [...fa.keys()]
    .map((f) => ({ frame: f, before: fb[f]!, after: fa[f]!, delta: fa[f]! - fb[f]! }))
    .filter((c) => c.delta !== 0)
    .sort((a, b) => b.delta - a.delta || displayName(name[a.frame]!).localeCompare(displayName(name[b.frame]!)));

  const category = Uint8Array.from(name, (nm, f) => categorize(nm, url[f]!));
  return {
    frames: { name, url, line: Int32Array.from(line), column: Int32Array.from(column), category },
    tree: {
      frame: Int32Array.from(frame),
      parent: parentArr,
      depth,
      self: afterSelf,
      total: afterTotal,
      totalSamples: new Float64Array(n),
      childOffset,
      childIndex,
    },
    beforeSelf,
    afterSelf,
    beforeTotal: Float64Array.from(values.beforeTotal),
    afterTotal,
    changes,
  };
}
