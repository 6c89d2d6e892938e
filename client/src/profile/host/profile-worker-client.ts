/** Starts the profile worker on first use and matches its answers to requests. */
import { Worker } from 'node:worker_threads';
import type { Position } from '../../../../shared/profile-sources/source-maps';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

type Pending = { resolve(value: unknown): void; reject(err: Error): void };
type RequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class ProfileWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly script: string) {}

  originalPosition(position: Position): Promise<Position | null> {
    return this.request({ op: 'original', position }) as Promise<Position | null>;
  }

  /** Answers in the order asked; null where a position has no map or no mapping. */
  originalPositions(positions: Position[]): Promise<(Position | null)[]> {
    return this.request({ op: 'originals', positions }) as Promise<(Position | null)[]>;
  }

  private request(body: RequestBody): Promise<unknown> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (m: WorkerResponse) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      // An idle worker must not keep the process alive.
      if (this.pending.size === 0) worker.unref();
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    const failAll = (err: Error) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker = null;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the profile worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }
}
