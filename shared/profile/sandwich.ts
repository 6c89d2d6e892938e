/**
 * The sandwich view of one function: everything it calls (callees, merged over all its calls)
 * and everything that calls it (callers, merged, the function at the root). Recursive calls are
 * counted once, at their outermost occurrence, so the root's total equals the function's total.
 */
import type { CallTree } from './model';

export type SmallTree = Pick<CallTree, 'frame' | 'parent' | 'self' | 'total' | 'totalSamples' | 'childOffset' | 'childIndex'>;

class TreeBuilder {
  frame: number[] = [];
  parent: number[] = [];
  self: number[] = [];
  total: number[] = [];
  samples: number[] = [];
  private byKey = new Map<string, number>();

  constructor(rootFrame: number) {
    this.add(-1, rootFrame);
  }

  add(parent: number, frame: number): number {
    const key = `${parent}:${frame}`;
    let v = this.byKey.get(key);
    if (v === undefined) {
      v = this.frame.length;
      this.byKey.set(key, v);
      this.frame.push(frame);
      this.parent.push(parent);
      this.self.push(0);
      this.total.push(0);
      this.samples.push(0);
    }
    return v;
  }

  build(): SmallTree {
    const n = this.frame.length;
    const childOffset = new Int32Array(n + 1);
    for (let v = 1; v < n; v++) childOffset[this.parent[v]! + 1] = childOffset[this.parent[v]! + 1]! + 1;
    for (let v = 0; v < n; v++) childOffset[v + 1] = childOffset[v + 1]! + childOffset[v]!;
    const fill = childOffset.slice(0, n);
    const childIndex = new Int32Array(Math.max(n - 1, 0));
    for (let v = 1; v < n; v++) {
      const p = this.parent[v]!;
      childIndex[fill[p]!] = v;
      fill[p] = fill[p]! + 1;
    }
    return {
      frame: Int32Array.from(this.frame),
      parent: Int32Array.from(this.parent),
      self: Float64Array.from(this.self),
      total: Float64Array.from(this.total),
      totalSamples: Float64Array.from(this.samples),
      childOffset,
      childIndex,
    };
  }
}

/** Nodes of `frame` with no ancestor of the same frame. */
export function outermost(tree: CallTree, frame: number): number[] {
  const out: number[] = [];
  const inside = new Uint8Array(tree.frame.length);
  for (let v = 0; v < tree.frame.length; v++) {
    const p = tree.parent[v]!;
    if (p >= 0 && inside[p]) inside[v] = 1;
    else if (tree.frame[v] === frame) {
      inside[v] = 1;
      out.push(v);
    }
  }
  return out;
}

export function calleesOf(tree: CallTree, frame: number): SmallTree {
  const b = new TreeBuilder(frame);
  const stack: Array<[number, number]> = outermost(tree, frame).map((v) => [v, 0]);
  while (stack.length > 0) {
    const [v, into] = stack.pop()!;
    b.self[into] = b.self[into]! + tree.self[v]!;
    b.total[into] = b.total[into]! + tree.total[v]!;
    b.samples[into] = b.samples[into]! + tree.totalSamples[v]!;
    for (let k = tree.childOffset[v]!; k < tree.childOffset[v + 1]!; k++) {
      const c = tree.childIndex[k]!;
      stack.push([c, b.add(into, tree.frame[c]!)]);
    }
  }
  return b.build();
}

export function callersOf(tree: CallTree, frame: number): SmallTree {
  const b = new TreeBuilder(frame);
  for (const v of outermost(tree, frame)) {
    const weight = tree.total[v]!;
    const samples = tree.totalSamples[v]!;
    let into = 0;
    b.total[0] = b.total[0]! + weight;
    b.samples[0] = b.samples[0]! + samples;
    for (let u = tree.parent[v]!; u !== -1; u = tree.parent[u]!) {
      into = b.add(into, tree.frame[u]!);
      b.total[into] = b.total[into]! + weight;
      b.samples[into] = b.samples[into]! + samples;
    }
    // The outermost caller is where this stack's time ends: count it as that node's own.
    b.self[into] = b.self[into]! + weight;
  }
  return b.build();
}
