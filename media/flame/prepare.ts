/**
 * Everything done to a file before the page can draw it: parse, lay out the flame graph, total
 * each function. The parse worker runs this; the page runs the same code itself only when it
 * could not start the worker. Failures come back as the one sentence the page shows.
 */
import { diffProfiles, type DiffModel } from '../../shared/profile/diff';
import { frameStats, type FrameStats } from '../../shared/profile/frame-stats';
import { flameChartLayout, flameGraphLayout, type Layout } from '../../shared/profile/layout';
import { ProfileError, type ProfileModel } from '../../shared/profile/model';
import { parseProfile } from '../../shared/profile/parse';

export interface PreparedProfile {
  model: ProfileModel;
  layout: Layout;
  stats: FrameStats;
  parseMs: number;
}

export interface PreparedComparison {
  diff: DiffModel;
  layout: Layout;
  parseMs: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export type OnStage = (stage: string) => void;

export function prepareProfile(bytes: Uint8Array, onStage: OnStage): Outcome<PreparedProfile> {
  const started = performance.now();
  let model: ProfileModel;
  try {
    model = parseProfile(bytes, { onStage });
  } catch (err) {
    return { ok: false, message: err instanceof ProfileError ? err.message : `Hotpath could not read this profile: ${reason(err)}` };
  }
  const parseMs = performance.now() - started;
  try {
    onStage('laying out the flame graph');
    const layout = flameGraphLayout(model.tree, model.frames.name);
    const stats = frameStats(model.tree, model.frames.name.length);
    return { ok: true, value: { model, layout, stats, parseMs } };
  } catch (err) {
    return { ok: false, message: `Hotpath could not draw this profile: ${reason(err)}` };
  }
}

/** What the flame chart's layout needs, copied before the model is handed to the page. */
export type ChartInput = { parent: Int32Array; timeline: ProfileModel['timeline']; end: number };

export function chartInput(model: ProfileModel): ChartInput {
  const { timeline } = model;
  return { parent: model.tree.parent.slice(), timeline: { node: timeline.node.slice(), start: timeline.start.slice() }, end: timeline.start[0]! + model.duration };
}

/** The time-ordered view's layout: seconds for a large profile, so the worker makes it after the first paint. */
export function chartLayout(input: ChartInput): Layout {
  return flameChartLayout({ parent: input.parent }, input.timeline, input.end);
}

export function layoutTransferables(layout: Layout): ArrayBuffer[] {
  return [...new Set(layout.rows.flatMap((r) => [r.x0.buffer, r.x1.buffer, r.node.buffer]))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

export interface NamedBytes {
  fileName: string;
  bytes: Uint8Array;
}

export function prepareComparison(before: NamedBytes, after: NamedBytes, onStage: OnStage): Outcome<PreparedComparison> {
  const started = performance.now();
  const models: ProfileModel[] = [];
  for (const side of [before, after]) {
    try {
      models.push(parseProfile(side.bytes, { onStage: (stage) => onStage(`${side.fileName}: ${stage}`) }));
    } catch (err) {
      return { ok: false, message: `${side.fileName}: ${reason(err)}` };
    }
  }
  try {
    onStage('comparing');
    const diff = diffProfiles(models[0]!, models[1]!);
    const layout = flameGraphLayout(diff.tree, diff.frames.name);
    return { ok: true, value: { diff, layout, parseMs: performance.now() - started } };
  } catch (err) {
    return { ok: false, message: `Hotpath could not compare these profiles: ${reason(err)}` };
  }
}

/**
 * The typed arrays' buffers of a prepared result, each once, so `postMessage` moves them
 * instead of copying hundreds of megabytes.
 */
export function transferables(value: PreparedProfile | PreparedComparison): ArrayBuffer[] {
  const groups: object[] = [...value.layout.rows];
  if ('model' in value) groups.push(value.model.frames, value.model.tree, value.model.timeline, value.stats);
  else groups.push(value.diff.frames, value.diff.tree, value.diff);
  const buffers = new Set<ArrayBuffer>();
  for (const group of groups) {
    for (const v of Object.values(group)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
  }
  return [...buffers];
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
