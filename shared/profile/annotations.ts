/**
 * What the editor annotates after a profile is opened: self time per source line (from V8's
 * `positionTicks`) and self/total share per function. Computed in the webview, which has the
 * model, and sent to the extension host as plain data.
 */
import type { FrameStats } from './frame-stats';
import type { ProfileModel } from './model';

export interface LineAnnotation {
  url: string;
  /** 0-based. */
  line: number;
  self: number;
}

export interface FunctionAnnotation {
  url: string;
  /** 0-based line of the function's start. */
  line: number;
  column: number;
  name: string;
  self: number;
  total: number;
}

export interface AnnotationPayload {
  unit: 'us' | 'samples';
  /** The whole profile's time, for percentages. */
  duration: number;
  lines: LineAnnotation[];
  functions: FunctionAnnotation[];
}

/** Functions below this share of total time get no CodeLens. */
export const minFunctionShare = 0.005;
const maxFunctions = 5000;

export function annotationPayload(model: ProfileModel, stats: FrameStats): AnnotationPayload {
  const { frames } = model;
  const byLine = new Map<string, LineAnnotation>();
  for (const l of model.lineTimes) {
    const url = frames.url[l.frame]!;
    if (url === '' || !(l.self > 0)) continue;
    const key = `${l.line}\0${url}`;
    const entry = byLine.get(key);
    if (entry) entry.self += l.self;
    else byLine.set(key, { url, line: l.line - 1, self: l.self });
  }
  const functions: FunctionAnnotation[] = [];
  for (let f = 0; f < frames.name.length; f++) {
    if (frames.url[f] === '' || frames.line[f]! < 0 || stats.total[f]! < model.duration * minFunctionShare) continue;
    functions.push({ url: frames.url[f]!, line: frames.line[f]!, column: Math.max(frames.column[f]!, 0), name: frames.name[f]!, self: stats.self[f]!, total: stats.total[f]! });
  }
  functions.sort((a, b) => b.total - a.total);
  return { unit: model.unit, duration: model.duration, lines: [...byLine.values()], functions: functions.slice(0, maxFunctions) };
}
