/**
 * The profile worker: a `worker_threads` thread for the extension host's heavy profile work
 * (source maps, which can be megabytes of JSON), so the host's main thread never stalls.
 */
import { parentPort } from 'node:worker_threads';
import { originalPosition, originalPositions } from '../../../../shared/profile-sources/source-maps';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'original':
      return originalPosition(request.position);
    case 'originals':
      return originalPositions(request.positions);
    default:
      throw new Error(`unknown request ${(request as { op: string }).op}`);
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (result) => parentPort!.postMessage({ id: request.id, ok: true, result } satisfies WorkerResponse),
    (err: unknown) => parentPort!.postMessage({ id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies WorkerResponse),
  );
});
