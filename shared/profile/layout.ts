/**
 * Rectangle layouts for the two views, computed once per tree so drawing only looks up what is
 * visible. Each row (stack depth) lists its rectangles sorted by x, so the renderer and the hit
 * test find the visible ones by binary search.
 */
import type { CallTree, Timeline } from './model';

export interface LayoutRow {
  x0: Float64Array;
  x1: Float64Array;
  node: Int32Array;
}

export interface Layout {
  /** Domain of x: [start, end) in the profile's unit. */
  start: number;
  end: number;
  rows: LayoutRow[];
}

/** The subset of a call tree a layout needs; sandwich trees provide the same shape. */
export type TreeShape = Pick<CallTree, 'frame' | 'parent' | 'total' | 'childOffset' | 'childIndex'>;

/** Flame graph: stacks merged, the heaviest child first ("left heavy"), root at row 0. */
export function flameGraphLayout(tree: TreeShape, names?: readonly string[]): Layout {
  const n = tree.frame.length;
  const perDepth: number[] = [];
  const x0 = new Float64Array(n);
  const depthOf = new Int32Array(n);
  const order: number[] = [];
  const stack: number[] = [0];
  const kids: number[] = [];
  // Iterative pre-order walk; children pushed in reverse so the heaviest is laid out first.
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (!(tree.total[v]! > 0)) continue;
    order.push(v);
    const d = depthOf[v]!;
    perDepth[d] = (perDepth[d] ?? 0) + 1;
    const from = tree.childOffset[v]!;
    const to = tree.childOffset[v + 1]!;
    // Most nodes of a large profile have one child or none: no array, no sort.
    if (to - from === 1) {
      const c = tree.childIndex[from]!;
      x0[c] = x0[v]!;
      depthOf[c] = d + 1;
      stack.push(c);
      continue;
    }
    if (to === from) continue;
    kids.length = 0;
    for (let k = from; k < to; k++) kids.push(tree.childIndex[k]!);
    kids.sort((a, b) => tree.total[b]! - tree.total[a]! || compareNames(names, tree.frame[a]!, tree.frame[b]!));
    let x = x0[v]!;
    for (const c of kids) {
      x0[c] = x;
      depthOf[c] = d + 1;
      x += tree.total[c]!;
    }
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  const rows: LayoutRow[] = perDepth.map((count) => ({ x0: new Float64Array(count), x1: new Float64Array(count), node: new Int32Array(count) }));
  const fill = new Int32Array(perDepth.length);
  // Pre-order visits each depth left to right, so rows come out sorted by x.
  for (const v of order) {
    const d = depthOf[v]!;
    const row = rows[d]!;
    const i = fill[d]!;
    row.x0[i] = x0[v]!;
    row.x1[i] = x0[v]! + tree.total[v]!;
    row.node[i] = v;
    fill[d] = i + 1;
  }
  return { start: 0, end: tree.total[0] ?? 0, rows };
}

function compareNames(names: readonly string[] | undefined, a: number, b: number): number {
  if (!names) return a - b;
  const x = names[a] ?? '';
  const y = names[b] ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Flame chart: time order, one rectangle per uninterrupted run of a stack frame. */
export function flameChartLayout(tree: Pick<CallTree, 'parent'>, timeline: Timeline, end: number): Layout {
  const rows: Array<{ x0: number[]; x1: number[]; node: number[] }> = [];
  const open: number[] = [];
  const openStart: number[] = [];
  const path: number[] = [];
  const close = (fromDepth: number, at: number): void => {
    for (let d = open.length - 1; d >= fromDepth; d--) {
      const row = (rows[d] ??= { x0: [], x1: [], node: [] });
      if (at > openStart[d]!) {
        row.x0.push(openStart[d]!);
        row.x1.push(at);
        row.node.push(open[d]!);
      }
    }
    open.length = Math.min(open.length, fromDepth);
    openStart.length = open.length;
  };
  let previous = -1;
  const count = timeline.node.length;
  for (let s = 0; s < count; s++) {
    const v = timeline.node[s]!;
    if (v === previous) continue;
    previous = v;
    const t = timeline.start[s]!;
    path.length = 0;
    for (let u = v; u !== -1; u = tree.parent[u]!) path.push(u);
    path.reverse();
    let d = 0;
    while (d < open.length && d < path.length && open[d] === path[d]) d++;
    close(d, t);
    for (; d < path.length; d++) {
      open.push(path[d]!);
      openStart.push(t);
    }
  }
  const start = count > 0 ? timeline.start[0]! : 0;
  close(0, end);
  return {
    start,
    end,
    rows: rows.map((r) => ({ x0: Float64Array.from(r.x0), x1: Float64Array.from(r.x1), node: Int32Array.from(r.node) })),
  };
}

/** Index of the rectangle in `row` that contains x, or -1. */
export function hitTest(row: LayoutRow | undefined, x: number): number {
  if (!row) return -1;
  const i = firstEndingAfter(row, x);
  return i < row.x0.length && row.x0[i]! <= x ? i : -1;
}

/** First rectangle whose end is after x (rows are sorted and do not overlap). */
export function firstEndingAfter(row: LayoutRow, x: number): number {
  let lo = 0;
  let hi = row.x1.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (row.x1[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
