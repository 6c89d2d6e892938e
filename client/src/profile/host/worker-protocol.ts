/** Requests the extension host sends to the profile worker (`dist/profile-worker.js`) and its answers. */
import type { Position } from '../../../../shared/profile-sources/source-maps';

export type WorkerRequest =
  | { id: number; op: 'original'; position: Position }
  /** Many positions in one round trip (a profile's hot lines and functions); answers in order. */
  | { id: number; op: 'originals'; positions: Position[] };

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
