/**
 * Turns a raw call tree (V8 shape: nodes with ids and children or parent links) plus samples
 * into a `ProfileModel`. Every format's parser ends here. File data is untrusted: ids are
 * validated, walks are iterative (a 10,000-deep stack must not overflow), and a cycle, a dangling
 * id or a duplicate id is reported in one sentence instead of freezing or crashing.
 */
import { categorize, Category, ProfileError, type LineTimes, type ProfileFormat, type ProfileModel } from './model';

/** One call-tree node as a parser reads it. */
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

/**
 * The same nodes as columns: large profiles have hundreds of thousands of nodes, and filling
 * typed arrays is much cheaper than allocating an object per node.
 */
export interface RawNodes {
  length: number;
  id: Float64Array;
  functionName: string[];
  url: string[];
  lineNumber: Int32Array;
  columnNumber: Int32Array;
  children: Array<readonly number[] | undefined>;
  /**
   * The children of all nodes in one list instead (the byte scanner's form): node i's are
   * `ids[start[i] .. start[i+1])`, the last node's run to the end.
   */
  childList?: { start: Int32Array; ids: Float64Array };
  /** Parent id, NaN when the node names none. */
  parent: Float64Array;
  positionTicks: Array<ReadonlyArray<{ line: number; ticks: number }> | undefined>;
}

export function rawNodes(length: number): RawNodes {
  return {
    length,
    id: new Float64Array(length),
    functionName: new Array<string>(length),
    url: new Array<string>(length),
    lineNumber: new Int32Array(length),
    columnNumber: new Int32Array(length),
    children: new Array(length),
    parent: new Float64Array(length).fill(NaN),
    positionTicks: new Array(length),
  };
}

export function toRawNodes(nodes: readonly RawNode[]): RawNodes {
  const out = rawNodes(nodes.length);
  nodes.forEach((node, i) => {
    out.id[i] = node.id;
    out.functionName[i] = node.functionName;
    out.url[i] = node.url;
    out.lineNumber[i] = node.lineNumber;
    out.columnNumber[i] = node.columnNumber;
    out.children[i] = node.children;
    if (node.parent !== undefined) out.parent[i] = node.parent;
    out.positionTicks[i] = node.positionTicks;
  });
  return out;
}

export interface RawProfile {
  format: ProfileFormat;
  unit: 'us' | 'samples';
  nodes: RawNodes;
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

  const indexOf = idIndex(nodes.id);

  const parent = new Int32Array(n).fill(-1);
  const link = (child: number, par: number, what: string): void => {
    if (parent[child] !== -1 && parent[child] !== par) {
      throw new ProfileError(`Node ${nodes.id[child]} has two parents (${nodes.id[parent[child]!]} and ${nodes.id[par]}).`);
    }
    if (child === par) throw new ProfileError(`Node ${nodes.id[child]} is its own ${what}.`);
    parent[child] = par;
  };
  // A link to a node that is not in the file (a cut or hand-edited profile) is dropped, as
  // DevTools does, and counted; the node it would have placed is shown under (orphans).
  let dangling = 0;
  const list = nodes.childList;
  for (let i = 0; i < n; i++) {
    if (list) {
      const end = i + 1 < n ? list.start[i + 1]! : list.ids.length;
      for (let k = list.start[i]!; k < end; k++) {
        const c = indexOf.get(list.ids[k]!);
        if (c === undefined) dangling++;
        else link(c, i, 'child');
      }
    }
    const children = nodes.children[i];
    if (children) {
      for (const childId of children) {
        const c = indexOf.get(childId);
        if (c === undefined) dangling++;
        else link(c, i, 'child');
      }
    }
    const parentId = nodes.parent[i]!;
    if (!Number.isNaN(parentId)) {
      const p = indexOf.get(parentId);
      if (p === undefined) dangling++;
      else link(i, p, 'parent');
    }
  }
  const warnings = [...raw.warnings];
  if (dangling > 0) {
    warnings.push(`${counted(dangling, 'link')} to nodes not in the call tree (a child or parent id) ${dangling === 1 ? 'was' : 'were'} dropped.`);
  }

  // Frames, interned by location: (url, line, column) in an open-addressing table of integers,
  // then by name. Numbers as Map keys would be boxed for every node of a large profile.
  const urlIds = new Map<string, number>();
  const fName: string[] = [];
  const fUrl: string[] = [];
  const fLine: number[] = [];
  const fCol: number[] = [];
  const rawFrame = new Int32Array(n);
  const addFrame = (name: string, url: string, line: number, col: number): number => {
    fName.push(name);
    fUrl.push(url);
    fLine.push(line);
    fCol.push(col);
    return fName.length - 1;
  };
  let size = 1024;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const slotUrl = new Int32Array(size);
  const slotLine = new Int32Array(size);
  const slotCol = new Int32Array(size);
  const slotFrame = new Int32Array(size).fill(-1);
  let sameSpot: Map<string, number> | null = null;
  for (let i = 0; i < n; i++) {
    const url = nodes.url[i]!;
    let u = urlIds.get(url);
    if (u === undefined) urlIds.set(url, (u = urlIds.size));
    const name = nodes.functionName[i]!;
    const line = nodes.lineNumber[i]!;
    const col = nodes.columnNumber[i]!;
    let s = (Math.imul(u, 0x9e3779b1) ^ Math.imul(line, 0x85ebca6b) ^ Math.imul(col, 0xc2b2ae35)) & mask;
    let f = -1;
    for (; slotFrame[s] !== -1; s = (s + 1) & mask) {
      if (slotUrl[s] === u && slotLine[s] === line && slotCol[s] === col) {
        f = slotFrame[s]!;
        break;
      }
    }
    if (f === -1) {
      f = addFrame(name, url, line, col);
      slotUrl[s] = u;
      slotLine[s] = line;
      slotCol[s] = col;
      slotFrame[s] = f;
    } else if (fName[f] !== name) {
      // Two names at one position (rare: e.g. V8 built-ins without a url): fall back to a full key.
      sameSpot ??= new Map();
      const key = `${url}\0${line}:${col}\0${name}`;
      let g = sameSpot.get(key);
      if (g === undefined) sameSpot.set(key, (g = addFrame(name, url, line, col)));
      f = g;
    }
    rawFrame[i] = f;
  }

  // Merge siblings with the same frame, walking merged nodes breadth-first. Each merged node keeps
  // the raw nodes it stands for; `stamp[frame] === m` marks that m already has a child of that
  // frame (in `slot`), so merging needs no hash map. Several roots hang under a synthetic root.
  // A V8 tree has one root: the other parentless nodes lost their parent, and go under (orphans).
  const kids = childLists(parent);
  let roots: number[] = [];
  for (let i = 0; i < n; i++) if (parent[i] === -1) roots.push(i);
  let orphans: number[] = [];
  if (roots.length > 1 && raw.format !== 'folded') {
    const main = roots.find((r) => nodes.functionName[r] === '(root)') ?? roots[0]!;
    orphans = roots.filter((r) => r !== main);
    roots = [main];
    addFrame('(orphans)', '', -1, -1);
    warnings.push(`${counted(orphans.length, 'node')} had no parent; shown under (orphans).`);
  }
  if (roots.length > 1) addFrame('(root)', '', -1, -1);
  const frameCount = fName.length;
  const mFrameBuf = new Int32Array(n + 2);
  const mParentBuf = new Int32Array(n + 2);
  const memberHead = new Int32Array(n + 2).fill(-1);
  const memberTail = new Int32Array(n + 2).fill(-1);
  const memberNext = new Int32Array(n).fill(-1);
  const mergedOf = new Int32Array(n).fill(-1);
  const stamp = new Int32Array(frameCount).fill(-1);
  const slot = new Int32Array(frameCount);
  let m = 1;
  let reached = 0;
  const attach = (c: number, into: number): void => {
    const f = rawFrame[c]!;
    let mc: number;
    if (stamp[f] === into) mc = slot[f]!;
    else {
      mc = m++;
      stamp[f] = into;
      slot[f] = mc;
      mFrameBuf[mc] = f;
      mParentBuf[mc] = into;
    }
    mergedOf[c] = mc;
    reached++;
    if (memberTail[mc] === -1) memberHead[mc] = c;
    else memberNext[memberTail[mc]!] = c;
    memberTail[mc] = c;
  };
  mParentBuf[0] = -1;
  if (roots.length > 1) {
    mFrameBuf[0] = frameCount - 1;
    for (const r of roots) attach(r, 0);
  } else if (roots.length === 1) {
    const r = roots[0]!;
    mFrameBuf[0] = rawFrame[r]!;
    mergedOf[r] = 0;
    memberHead[0] = memberTail[0] = r;
    reached = 1;
  }
  if (orphans.length > 0) {
    const home = m++;
    mFrameBuf[home] = frameCount - 1;
    mParentBuf[home] = 0;
    for (const r of orphans) attach(r, home);
  }
  for (let v = 0; v < m; v++) {
    for (let r = memberHead[v]!; r !== -1; r = memberNext[r]!) {
      for (let k = kids.offset[r]!; k < kids.offset[r + 1]!; k++) attach(kids.index[k]!, v);
    }
  }
  if (reached < n) {
    // Every node has one parent, so the nodes never reached from a root sit on a cycle.
    throw new ProfileError(`The call tree has a cycle: node ${nodes.id[mergedOf.indexOf(-1)]} is its own ancestor.`);
  }
  const mFrame = mFrameBuf.subarray(0, m);
  const mParent = mParentBuf.subarray(0, m);

  // Sample durations: each sample lasts until the next one starts. A sample of a node that is
  // not in the tree is dropped (with its time) and counted.
  const { samples, starts, weights } = raw;
  const count = samples.length;
  if (count === 0) throw new ProfileError('The profile holds no samples: it was stopped before the first sample was taken.');
  const self = new Float64Array(m);
  const selfSamples = new Float64Array(m);
  const rawSelf = new Float64Array(n);
  const rawHits = new Float64Array(n);
  const node = new Int32Array(count);
  const start = new Float64Array(count);
  let kept = 0;
  let sampleCount = 0;
  for (let s = 0; s < count; s++) {
    const id = samples[s]!;
    const i = indexOf.get(id);
    if (i === undefined) continue;
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
    node[kept] = mm;
    start[kept] = t;
    kept++;
  }
  if (kept === 0) throw new ProfileError(`None of the profile's ${counted(count, 'sample')} names a node of the call tree.`);
  if (kept < count) {
    const dropped = count - kept;
    warnings.push(`${counted(dropped, 'sample')} named nodes not in the call tree and ${dropped === 1 ? 'was' : 'were'} dropped.`);
  }
  const timeline = kept === count ? { node, start } : { node: node.slice(0, kept), start: start.slice(0, kept) };

  // Parents were created before their children, so one pass down gives depth and one up totals.
  const frame = mFrame.slice();
  const mParentArr = mParent.slice();
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
  // Folded stacks rarely carry files: a frame without one is the app's, not Node's.
  const noUrl = raw.format === 'folded' ? Category.User : Category.Runtime;
  for (let f = 0; f < fName.length; f++) category[f] = fUrl[f] === '' && categorize(fName[f]!, '') !== Category.System ? noUrl : categorize(fName[f]!, fUrl[f]!);

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
    warnings,
  };
}

function counted(k: number, noun: string): string {
  return `${k.toLocaleString('en-US')} ${noun}${k === 1 ? '' : 's'}`;
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
function lineTimes(nodes: RawNodes, rawFrame: Int32Array, rawSelf: Float64Array, rawHits: Float64Array): LineTimes[] {
  const byKey = new Map<number, LineTimes>();
  for (let i = 0; i < nodes.length; i++) {
    const ticks = nodes.positionTicks[i];
    if (!ticks || ticks.length === 0 || rawHits[i] === 0) continue;
    let sum = 0;
    for (const t of ticks) if (t.ticks > 0) sum += t.ticks;
    if (sum === 0) continue;
    for (const t of ticks) {
      if (!(t.ticks > 0) || !Number.isInteger(t.line) || t.line < 0 || t.line >= 2 ** 24) continue;
      const key = rawFrame[i]! * 2 ** 24 + t.line;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { frame: rawFrame[i]!, line: t.line, self: 0, ticks: 0 }));
      entry.self += (rawSelf[i]! * t.ticks) / sum;
      entry.ticks += t.ticks;
    }
  }
  return [...byKey.values()];
}

/** Node id → index. Ids are usually 1..n, so a dense array replaces a hash map when it can. */
function idIndex(ids: Float64Array): { get(id: number): number | undefined } {
  const n = ids.length;
  let dense = true;
  for (let i = 0; i < n && dense; i++) {
    const id = ids[i]!;
    dense = Number.isInteger(id) && id >= 0 && id < 4 * n + 16;
  }
  if (dense) {
    const table = new Int32Array(4 * n + 16).fill(-1);
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (table[id] !== -1) throw new ProfileError(`Node id ${id} appears twice in the call tree.`);
      table[id] = i;
    }
    return {
      get: (id) => {
        if (!Number.isInteger(id) || id < 0 || id >= table.length) return undefined;
        const i = table[id]!;
        return i === -1 ? undefined : i;
      },
    };
  }
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (map.has(id)) throw new ProfileError(`Node id ${id} appears twice in the call tree.`);
    map.set(id, i);
  }
  return map;
}
