/**
 * Turns a raw call tree (V8 shape: nodes with ids and children or parent links) plus samples
 * into a `ProfileModel`. Every format's parser ends here. File data is untrusted: ids are
 * validated, walks are iterative (a 10,000-deep stack must not overflow), and a cycle, a dangling
 * id or a duplicate id is reported in one sentence instead of freezing or crashing.
 */
import { categorize, ProfileError, type LineTimes, type ProfileFormat, type ProfileModel } from './model';

export interface RawNode {
  id: number;
  functionName: string;
  url: string;
  /** 0-based, -1 when unknown. */
  lineNumber: number;
  columnNumber: number;
  children?: readonly number[];
  parent?: number;
  /** V8: hits per 1-based source line of this node's function. */
  positionTicks?: ReadonlyArray<{ line: number; ticks: number }>;
}

export interface RawProfile {
  format: ProfileFormat;
  unit: 'us' | 'samples';
  nodes: readonly RawNode[];
  /** Raw node id of each sample, in time order. */
  samples: ArrayLike<number>;
  /** Start of each sample relative to the profile's start; non-decreasing. */
  starts: ArrayLike<number>;
  /** End of the last sample. */
  end: number;
  /** Sample counts per entry (folded stacks); 1 each when absent. */
  weights?: ArrayLike<number>;
  warnings: string[];
}

export function buildModel(raw: RawProfile): ProfileModel {
  const { nodes } = raw;
  const n = nodes.length;
  if (n === 0) throw new ProfileError('The profile has no call-tree nodes.');

  const indexOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const id = nodes[i]!.id;
    if (indexOf.has(id)) throw new ProfileError(`Node id ${id} appears twice in the call tree.`);
    indexOf.set(id, i);
  }

  const parent = new Int32Array(n).fill(-1);
  const link = (child: number, par: number, what: string): void => {
    if (parent[child] !== -1 && parent[child] !== par) {
      throw new ProfileError(`Node ${nodes[child]!.id} has two parents (${nodes[parent[child]!]!.id} and ${nodes[par]!.id}).`);
    }
    if (child === par) throw new ProfileError(`Node ${nodes[child]!.id} is its own ${what}.`);
    parent[child] = par;
  };
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    if (node.children) {
      for (const childId of node.children) {
        const c = indexOf.get(childId);
        if (c === undefined) throw new ProfileError(`Node ${node.id} lists child ${childId}, which is not in the call tree.`);
        link(c, i, 'child');
      }
    }
    if (node.parent !== undefined) {
      const p = indexOf.get(node.parent);
      if (p === undefined) throw new ProfileError(`Node ${node.id} names parent ${node.parent}, which is not in the call tree.`);
      link(i, p, 'parent');
    }
  }

  // Breadth-first order from the roots; nodes never reached sit on a parent cycle.
  const kids = childLists(parent);
  const order = new Int32Array(n);
  let len = 0;
  for (let i = 0; i < n; i++) if (parent[i] === -1) order[len++] = i;
  const rootCount = len;
  for (let head = 0; head < len; head++) {
    const v = order[head]!;
    for (let k = kids.offset[v]!; k < kids.offset[v + 1]!; k++) order[len++] = kids.index[k]!;
  }
  if (len < n) {
    const seen = new Uint8Array(n);
    for (let k = 0; k < len; k++) seen[order[k]!] = 1;
    const stuck = nodes[seen.indexOf(0)]!;
    throw new ProfileError(`The call tree has a cycle: node ${stuck.id} is its own ancestor.`);
  }

  // Frames, interned by location.
  const frameKey = new Map<string, number>();
  const fName: string[] = [];
  const fUrl: string[] = [];
  const fLine: number[] = [];
  const fCol: number[] = [];
  const rawFrame = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    const key = `${node.functionName}\0${node.url}\0${node.lineNumber}\0${node.columnNumber}`;
    let f = frameKey.get(key);
    if (f === undefined) {
      f = fName.length;
      frameKey.set(key, f);
      fName.push(node.functionName);
      fUrl.push(node.url);
      fLine.push(node.lineNumber);
      fCol.push(node.columnNumber);
    }
    rawFrame[i] = f;
  }

  // Merge siblings with the same frame. Several roots hang under one synthetic root.
  const mFrame: number[] = [];
  const mParent: number[] = [];
  const mergedOf = new Int32Array(n);
  const childByFrame = new Map<string, number>();
  let start = 0;
  if (rootCount > 1) {
    const rootFrame = fName.length;
    fName.push('(root)');
    fUrl.push('');
    fLine.push(-1);
    fCol.push(-1);
    mFrame.push(rootFrame);
    mParent.push(-1);
  } else {
    mergedOf[order[0]!] = 0;
    mFrame.push(rawFrame[order[0]!]!);
    mParent.push(-1);
    start = 1;
  }
  for (let k = start; k < n; k++) {
    const i = order[k]!;
    const p = parent[i] === -1 ? 0 : mergedOf[parent[i]!]!;
    const key = `${p}:${rawFrame[i]}`;
    let m = childByFrame.get(key);
    if (m === undefined) {
      m = mFrame.length;
      childByFrame.set(key, m);
      mFrame.push(rawFrame[i]!);
      mParent.push(p);
    }
    mergedOf[i] = m;
  }
  const m = mFrame.length;

  // Sample durations: each sample lasts until the next one starts.
  const { samples, starts, weights } = raw;
  const count = samples.length;
  if (count === 0) throw new ProfileError('The profile holds no samples: it was stopped before the first sample was taken.');
  const self = new Float64Array(m);
  const selfSamples = new Float64Array(m);
  const rawSelf = new Float64Array(n);
  const rawHits = new Float64Array(n);
  const timeline = { node: new Int32Array(count), start: new Float64Array(count) };
  let sampleCount = 0;
  for (let s = 0; s < count; s++) {
    const id = samples[s]!;
    const i = indexOf.get(id);
    if (i === undefined) throw new ProfileError(`Sample ${s + 1} refers to node ${id}, which is not in the call tree.`);
    const t = starts[s]!;
    const next = s + 1 < count ? starts[s + 1]! : raw.end;
    const d = next > t ? next - t : 0;
    const w = weights ? weights[s]! : 1;
    const mm = mergedOf[i]!;
    self[mm] = self[mm]! + d;
    selfSamples[mm] = selfSamples[mm]! + w;
    rawSelf[i] = rawSelf[i]! + d;
    rawHits[i] = rawHits[i]! + w;
    sampleCount += w;
    timeline.node[s] = mm;
    timeline.start[s] = t;
  }

  // Parents were created before their children, so one pass down gives depth and one up totals.
  const frame = Int32Array.from(mFrame);
  const mParentArr = Int32Array.from(mParent);
  const depth = new Int32Array(m);
  for (let v = 1; v < m; v++) depth[v] = depth[mParentArr[v]!]! + 1;
  const total = Float64Array.from(self);
  const totalSamples = Float64Array.from(selfSamples);
  for (let v = m - 1; v > 0; v--) {
    const p = mParentArr[v]!;
    total[p] = total[p]! + total[v]!;
    totalSamples[p] = totalSamples[p]! + totalSamples[v]!;
  }
  const merged = childLists(mParentArr);

  const category = new Uint8Array(fName.length);
  for (let f = 0; f < fName.length; f++) category[f] = categorize(fName[f]!, fUrl[f]!);

  return {
    format: raw.format,
    unit: raw.unit,
    frames: { name: fName, url: fUrl, line: Int32Array.from(fLine), column: Int32Array.from(fCol), category },
    tree: {
      frame,
      parent: mParentArr,
      depth,
      self,
      total,
      selfSamples,
      totalSamples,
      childOffset: merged.offset,
      childIndex: merged.index,
    },
    timeline,
    duration: total[0]!,
    sampleCount,
    lineTimes: lineTimes(nodes, rawFrame, rawSelf, rawHits),
    warnings: raw.warnings,
  };
}

/** Children of each node as offsets into one array (compressed rows), in index order. */
function childLists(parent: Int32Array): { offset: Int32Array; index: Int32Array } {
  const n = parent.length;
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) offset[parent[i]! + 1] = offset[parent[i]! + 1]! + 1;
  for (let i = 0; i < n; i++) offset[i + 1] = offset[i + 1]! + offset[i]!;
  const fill = offset.slice(0, n);
  const index = new Int32Array(offset[n]!);
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p < 0) continue;
    index[fill[p]!] = i;
    fill[p] = fill[p]! + 1;
  }
  return { offset, index };
}

/** Splits each node's self time over its lines in proportion to V8's per-line ticks. */
function lineTimes(nodes: readonly RawNode[], rawFrame: Int32Array, rawSelf: Float64Array, rawHits: Float64Array): LineTimes[] {
  const byKey = new Map<string, LineTimes>();
  for (let i = 0; i < nodes.length; i++) {
    const ticks = nodes[i]!.positionTicks;
    if (!ticks || ticks.length === 0 || rawHits[i] === 0) continue;
    let sum = 0;
    for (const t of ticks) if (t.ticks > 0) sum += t.ticks;
    if (sum === 0) continue;
    for (const t of ticks) {
      if (!(t.ticks > 0) || !Number.isInteger(t.line)) continue;
      const key = `${rawFrame[i]}:${t.line}`;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { frame: rawFrame[i]!, line: t.line, self: 0, ticks: 0 }));
      entry.self += (rawSelf[i]! * t.ticks) / sum;
      entry.ticks += t.ticks;
    }
  }
  return [...byKey.values()];
}
