/**
 * V8 `.cpuprofile` (Node `--cpu-prof`, DevTools "Save profile"): `{ nodes, startTime, endTime,
 * samples, timeDeltas }`. Real files carry a few negative `timeDeltas`; like DevTools, samples
 * are put back in time order instead of producing negative durations.
 */
import { buildModel, rawNodes, type RawNodes, type RawProfile } from './build';
import { ProfileError, type ProfileFormat, type ProfileModel } from './model';

export interface CpuProfileJson {
  nodes?: unknown;
  samples?: unknown;
  timeDeltas?: unknown;
  startTime?: unknown;
  endTime?: unknown;
}

export function parseCpuProfile(json: CpuProfileJson, format: ProfileFormat = 'cpuprofile'): ProfileModel {
  return buildModel(cpuProfileToRaw(json, format));
}

export function cpuProfileToRaw(json: CpuProfileJson, format: ProfileFormat): RawProfile {
  if (!Array.isArray(json.nodes)) throw new ProfileError('The profile has no "nodes" array.');
  if (!Array.isArray(json.samples)) throw new ProfileError('The profile has no "samples" array.');
  const nodes = readNodes(json.nodes as unknown[]);
  const samples = json.samples as unknown[];
  for (let s = 0; s < samples.length; s++) {
    if (typeof samples[s] !== 'number') throw new ProfileError(`Sample ${s + 1} is not a node id.`);
  }
  return timedProfile(format, nodes, samples as number[], Array.isArray(json.timeDeltas) ? (json.timeDeltas as unknown[]) : undefined, finite(json.startTime), finite(json.endTime));
}

/**
 * The samples' start times from V8's deltas (or spread evenly without them), in time order:
 * shared by the JSON path above and the byte scanner (`cpuprofile-scan.ts`).
 */
export function timedProfile(
  format: ProfileFormat,
  nodes: RawNodes,
  samples: ArrayLike<number>,
  deltas: ArrayLike<unknown> | undefined,
  startTime = 0,
  endTime?: number,
): RawProfile {
  const count = samples.length;
  const warnings: string[] = [];

  let times: Float64Array;
  if (deltas) {
    if (deltas.length !== count) {
      throw new ProfileError(`The profile is inconsistent: "samples" has ${count} entries but "timeDeltas" has ${deltas.length}.`);
    }
    times = new Float64Array(count);
    let t = 0;
    for (let s = 0; s < count; s++) {
      const d = deltas[s];
      if (typeof d !== 'number' || !Number.isFinite(d)) throw new ProfileError(`Time delta ${s + 1} is not a number.`);
      t += d;
      times[s] = t;
    }
  } else {
    // Without deltas, spread the samples evenly over the recorded interval.
    const span = endTime !== undefined && endTime > startTime ? endTime - startTime : count;
    times = new Float64Array(count);
    for (let s = 0; s < count; s++) times[s] = (span * s) / count;
    if (count > 0) warnings.push('The profile has no "timeDeltas": samples are assumed to be evenly spaced.');
  }

  // A profile spans seconds or hours. Deltas that add up to more than a year (10^294 s has been
  // seen) are broken: say so, and show sample counts instead of absurd times.
  const [lo, hi] = extremes(times);
  const span = count > 0 ? hi - Math.min(0, lo) : 0;
  if (!(span <= maxSpanUs)) {
    warnings.push(`The profile's timestamps are broken (its time deltas add up to ${(span / 1e6).toPrecision(3)} s): times are not shown, widths are sample counts.`);
    return { format, unit: 'samples', nodes, samples, starts: Float64Array.from({ length: count }, (_, s) => s), end: count, warnings };
  }

  let ids: ArrayLike<number> = samples;
  let outOfOrder = 0;
  for (let s = 1; s < count; s++) if (times[s]! < times[s - 1]!) outOfOrder++;
  if (outOfOrder > 0) {
    const sorted = inTimeOrder(samples, times);
    ids = sorted.ids;
    times = sorted.times;
    warnings.push(`${outOfOrder} sample${outOfOrder === 1 ? ' was' : 's were'} out of time order (negative time deltas) and ${outOfOrder === 1 ? 'was' : 'were'} put back in order.`);
  }

  const last = count > 0 ? times[count - 1]! : 0;
  const recordedEnd = endTime !== undefined ? endTime - startTime : undefined;
  // The recorded end closes the last sample, unless it is before it or absurdly far after it.
  const end = recordedEnd !== undefined && recordedEnd >= last && recordedEnd - last <= Math.max(1e6, last) ? recordedEnd : last;
  return { format, unit: 'us', nodes, samples: ids, starts: times, end, warnings };
}

/** A year in µs: no real profile spans more. */
const maxSpanUs = 365 * 24 * 3600 * 1e6;

function extremes(times: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let s = 0; s < times.length; s++) {
    const t = times[s]!;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

/**
 * Samples sorted by time, ties in file order. Real files have a handful out of place, so an
 * insertion sort moves just those; a file with many goes through a full sort.
 */
function inTimeOrder(samples: ArrayLike<number>, times: Float64Array): { ids: Float64Array; times: Float64Array } {
  const count = samples.length;
  const ids = Float64Array.from(samples);
  const t = times.slice();
  let moves = 0;
  for (let s = 1; s < count; s++) {
    const ts = t[s]!;
    if (t[s - 1]! <= ts) continue;
    const id = ids[s]!;
    let k = s - 1;
    while (k >= 0 && t[k]! > ts) {
      t[k + 1] = t[k]!;
      ids[k + 1] = ids[k]!;
      k--;
      if (++moves > 4 * count + 1_000_000) {
        const perm = Array.from({ length: count }, (_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
        return { ids: Float64Array.from(perm, (i) => samples[i]!), times: Float64Array.from(perm, (i) => times[i]!) };
      }
    }
    t[k + 1] = ts;
    ids[k + 1] = id;
  }
  return { ids, times: t };
}

function readNodes(list: unknown[]): RawNodes {
  const out = rawNodes(list.length);
  for (let index = 0; index < list.length; index++) {
    const value = list[index];
    if (!value || typeof value !== 'object') throw new ProfileError(`Node ${index + 1} of the call tree is not an object.`);
    const node = value as Record<string, unknown>;
    const id = node.id;
    if (typeof id !== 'number' || !Number.isFinite(id)) throw new ProfileError(`Node ${index + 1} of the call tree has no numeric id.`);
    out.id[index] = id;
    const frame = (node.callFrame && typeof node.callFrame === 'object' ? node.callFrame : {}) as Record<string, unknown>;
    out.functionName[index] = typeof frame.functionName === 'string' ? frame.functionName : '';
    out.url[index] = typeof frame.url === 'string' ? frame.url : '';
    out.lineNumber[index] = integer(frame.lineNumber);
    out.columnNumber[index] = integer(frame.columnNumber);
    const children = node.children;
    if (children !== undefined) {
      if (!Array.isArray(children)) throw new ProfileError(`Node ${id} has a "children" list that is not a list of ids.`);
      for (const c of children) if (typeof c !== 'number') throw new ProfileError(`Node ${id} has a "children" list that is not a list of ids.`);
      out.children[index] = children as number[];
    }
    if (node.parent !== undefined) {
      if (typeof node.parent !== 'number') throw new ProfileError(`Node ${id} has a "parent" that is not an id.`);
      out.parent[index] = node.parent;
    }
    const ticks = node.positionTicks;
    if (Array.isArray(ticks)) {
      out.positionTicks[index] = (ticks as unknown[]).filter(
        (t): t is { line: number; ticks: number } =>
          !!t && typeof t === 'object' && typeof (t as { line: unknown }).line === 'number' && typeof (t as { ticks: unknown }).ticks === 'number',
      );
    }
  }
  return out;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function integer(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : -1;
}
