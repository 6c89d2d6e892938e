/** Messages between the page and its parse worker (`parse-worker.ts`). */
import type { Layout } from '../../shared/profile/layout';
import type { Outcome, PreparedComparison, PreparedProfile } from './prepare';

export type ToParser =
  /** A profile starts: its chunks follow as they arrive (`size`: the file's, 0 when unknown), then `end`. */
  | { id: number; op: 'open'; size: number }
  | { id: number; op: 'chunk'; bytes: Uint8Array }
  | { id: number; op: 'end' }
  | { id: number; op: 'compare'; before: { fileName: string; bytes: Uint8Array }; after: { fileName: string; bytes: Uint8Array } };

export type FromParser =
  /** The worker's script runs: the page may hand it the file (and no longer needs a fallback). */
  | { type: 'ready' }
  /** `at`: when the stage began, in ms since the epoch (performance.timeOrigin + now), for the page's timeline. */
  | { type: 'stage'; id: number; stage: string; at: number }
  | { type: 'done'; id: number; outcome: Outcome<PreparedProfile | PreparedComparison>; at: number }
  /** After a profile's `done`: the flame chart's layout (null if it could not be made). */
  | { type: 'chart'; id: number; layout: Layout | null };
