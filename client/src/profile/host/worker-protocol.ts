/** Requests the extension host sends to the profile worker (`dist/profile-worker.js`) and its answers. */
import type { Position } from './source-maps';

export type WorkerRequest = { id: number; op: 'original'; position: Position };

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
