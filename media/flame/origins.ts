/**
 * Original source positions of the profile's own code: the page asks the extension once, after
 * the graph is drawn, for the hottest distinct user-code positions; the extension maps those in
 * the workspace through their source maps and answers in the same order. The tooltip then shows
 * the generated position and the original one together, and the table the original.
 */
import type { FrameStats } from '../../shared/profile/frame-stats';
import type { FramePosition, OriginalPosition } from '../../shared/profile/messages';
import { Category, type FrameTable } from '../../shared/profile/model';

/** Enough for every function a person hovers; bounded so one message stays small. */
export const maxPositions = 5000;

export interface PositionRequest {
  positions: FramePosition[];
  /** The frames that share each position (a function can appear under several names). */
  frames: number[][];
}

export function positionsToMap(frames: FrameTable, stats: FrameStats, limit = maxPositions): PositionRequest {
  const candidates: number[] = [];
  for (let f = 0; f < frames.name.length; f++) {
    if (frames.category[f] === Category.User && frames.url[f] !== '' && frames.line[f]! >= 0) candidates.push(f);
  }
  candidates.sort((a, b) => stats.total[b]! - stats.total[a]! || a - b);
  const index = new Map<string, number>();
  const out: PositionRequest = { positions: [], frames: [] };
  for (const f of candidates) {
    const key = `${frames.line[f]}:${frames.column[f]}:${frames.url[f]}`;
    let i = index.get(key);
    if (i === undefined) {
      if (out.positions.length >= limit) continue;
      i = out.positions.length;
      index.set(key, i);
      out.positions.push({ url: frames.url[f]!, line: frames.line[f]!, column: frames.column[f]!, ...(frames.name[f] ? { name: frames.name[f]! } : {}) });
      out.frames.push([]);
    }
    out.frames[i]!.push(f);
  }
  return out;
}

/** Per frame, its original position where the extension found one. */
export function originsByFrame(request: PositionRequest, answer: ReadonlyArray<OriginalPosition | null>): Map<number, OriginalPosition> {
  const map = new Map<number, OriginalPosition>();
  request.frames.forEach((frames, i) => {
    const original = answer[i];
    if (original && typeof original.label === 'string' && Number.isInteger(original.line) && Number.isInteger(original.column)) {
      const name = typeof original.name === 'string' && original.name !== '' ? original.name : undefined;
      for (const f of frames) map.set(f, { label: original.label, line: original.line, column: original.column, ...(name ? { name } : {}) });
    }
  });
  return map;
}

/** `src/routes/users.ts:42:7` (1-based, as editors show it). */
export function formatOrigin(original: OriginalPosition): string {
  return `${original.label}:${original.line + 1}:${original.column + 1}`;
}
