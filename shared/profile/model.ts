/**
 * The profile model every view reads: one flat call tree linked by integer ids (index = id),
 * a frame table, and the samples in time order. Parsers for each file format produce it
 * (see `parse.ts`). Plain data and typed arrays only, so it crosses `postMessage` and
 * `worker_threads` by structured clone; nothing here may import `vscode` or the DOM.
 */

/** What a frame's code is, for colours and filters. */
export const enum Category {
  /** The profiled app's own files. */
  User = 0,
  /** Code under `node_modules/`. */
  Library = 1,
  /** Node's and V8's own code (`node:` urls, built-ins without a url). */
  Runtime = 2,
  /** `(garbage collector)`, `(idle)`, `(program)`, `(root)`: time not spent in any function. */
  System = 3,
}
export const categoryNames = ['user code', 'node_modules', 'Node/V8 internals', 'GC / idle / program'] as const;

export type ProfileFormat = 'cpuprofile' | 'trace' | 'folded';

/** Unique call-frame locations. `line`/`column` are 0-based like V8's; -1 when unknown. */
export interface FrameTable {
  name: string[];
  url: string[];
  line: Int32Array;
  column: Int32Array;
  category: Uint8Array;
}

/**
 * The merged call tree: one node per distinct stack (siblings with the same frame are merged).
 * Node 0 is the root. Children of node n are `childIndex[childOffset[n] .. childOffset[n+1])`.
 */
export interface CallTree {
  frame: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  /** Time (µs) or weight ('samples' unit) spent in the node itself. */
  self: Float64Array;
  /** Self plus all descendants. */
  total: Float64Array;
  selfSamples: Float64Array;
  totalSamples: Float64Array;
  childOffset: Int32Array;
  childIndex: Int32Array;
}

/** Samples in time order: sample i is in `node[i]` from `start[i]` to `start[i+1]` (the last to `duration`). */
export interface Timeline {
  node: Int32Array;
  start: Float64Array;
}

/** Self time per source line of one frame, from V8's `positionTicks` (1-based lines, as V8 writes them). */
export interface LineTimes {
  frame: number;
  line: number;
  self: number;
  ticks: number;
}

export interface ProfileModel {
  format: ProfileFormat;
  /** 'us': values are microseconds; 'samples': values are counts/weights (folded stacks). */
  unit: 'us' | 'samples';
  frames: FrameTable;
  tree: CallTree;
  timeline: Timeline;
  /** Sum of all sample durations (= total of the root). */
  duration: number;
  sampleCount: number;
  lineTimes: LineTimes[];
  /** Things repaired or skipped while reading the file, one sentence each, for the user. */
  warnings: string[];
}

/** A file that cannot be read as a profile. The message is one sentence for the user. */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

const systemNames = new Set(['(garbage collector)', '(idle)', '(program)', '(root)', '(orphans)']);

export function categorize(name: string, url: string): Category {
  if (systemNames.has(name)) return Category.System;
  if (url === '') return Category.Runtime;
  if (/^node:|^internal[/:]/.test(url)) return Category.Runtime;
  if (/[\\/]node_modules[\\/]/.test(url)) return Category.Library;
  return Category.User;
}

/** A frame name as shown: anonymous functions get a name, bidi controls cannot reorder the label. */
export function displayName(name: string): string {
  const safe = name.replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '\ufffd');
  return safe === '' ? '(anonymous)' : safe;
}
