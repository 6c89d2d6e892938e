/**
 * Runs `prepare.ts` in a dedicated worker so the page keeps painting while a large file parses.
 *
 * A webview cannot start a worker from its script's url (a vscode-resource origin, not the
 * page's), and a worker's own requests bypass the webview's resource loader, so the worker's
 * script is built into this bundle as text (scripts/build.mjs) and started from a Blob url:
 * same origin, nothing fetched, and the CSP only has to allow `worker-src blob:`.
 *
 * If the worker cannot start (a host with a stricter CSP, no Worker support) the page parses
 * the file itself and says so; the file's bytes are handed over only once the worker has said
 * it runs, so that fallback always still has them.
 */
import workerSource from 'worker-source:./parse-worker';
import type { Layout } from '../../shared/profile/layout';
import type { FromParser, ToParser } from './parse-protocol';
import { prepareComparison, ProfileIntake, type NamedBytes, type OnStage, type Outcome, type PreparedComparison, type PreparedProfile } from './prepare';

/**
 * A file as the page gets it: `read` hands over each chunk as it arrives (a fetch's body, or the
 * whole file at once) and settles when the last one is in; it rejects if reading stops.
 */
export interface ByteSource {
  /** The file's size in bytes, 0 when unknown. */
  size: number;
  read(onChunk: (chunk: Uint8Array) => void): Promise<void>;
}

export function wholeFile(bytes: Uint8Array): ByteSource {
  return { size: bytes.byteLength, read: async (onChunk) => onChunk(bytes) };
}

export type Parsed<T> = Outcome<T> & {
  /** Where the file was parsed; `page` comes with the reason the worker could not start. */
  where: 'worker' | 'page';
  fallbackReason?: string;
  /** A profile's flame-chart layout, which the worker makes after sending the rest (null: make it on the page). */
  chart?: Promise<Layout | null>;
  /** The file could not be read to its end (its url failed): the page may ask for its bytes instead. */
  unread?: boolean;
};

const startTimeoutMs = 10_000;

export class Parser {
  private starting: Promise<Worker | string> | null = null;
  private nextId = 1;

  /** Starts the worker now, so it is up by the time the file arrives. */
  warmUp(): void {
    this.starting ??= startWorker();
  }

  /** A profile, parsed as it arrives: each chunk goes to the worker the moment the page has it. */
  async profile(source: ByteSource, onStage: OnStage): Promise<Parsed<PreparedProfile>> {
    const worker = await (this.starting ??= startWorker());
    // One worker per file: terminating it frees the parser's heap at once.
    this.starting = null;
    if (typeof worker === 'string') return this.onPage(source, onStage, worker);
    const id = this.nextId++;
    const result = this.answer(worker, id, onStage, true) as Promise<Parsed<PreparedProfile>>;
    performance.mark('hotpath-to-worker');
    worker.postMessage({ id, op: 'open', size: source.size } satisfies ToParser);
    let first = true;
    try {
      await source.read((chunk) => {
        if (first) performance.mark('hotpath-first-byte');
        first = false;
        // Moved, not copied, when the chunk is a whole buffer (the page has no further use for it).
        const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer;
        const bytes = own ? chunk : chunk.slice();
        worker.postMessage({ id, op: 'chunk', bytes } satisfies ToParser, [bytes.buffer as ArrayBuffer]);
      });
    } catch (err) {
      worker.terminate();
      return { ok: false, message: `Reading the file stopped: ${err instanceof Error ? err.message : String(err)}.`, where: 'worker', unread: true };
    }
    performance.mark('hotpath-last-byte');
    worker.postMessage({ id, op: 'end' } satisfies ToParser);
    return result;
  }

  async compare(before: NamedBytes, after: NamedBytes, onStage: OnStage): Promise<Parsed<PreparedComparison>> {
    const worker = await (this.starting ??= startWorker());
    this.starting = null;
    if (typeof worker === 'string') {
      await paintFirst(onStage);
      return { ...(await prepareComparison(before, after, onStage)), where: 'page', fallbackReason: worker };
    }
    const id = this.nextId++;
    const result = this.answer(worker, id, onStage, false) as Promise<Parsed<PreparedComparison>>;
    const transfer = [...new Set([before.bytes.buffer, after.bytes.buffer])].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    worker.postMessage({ id, op: 'compare', before, after } satisfies ToParser, transfer);
    return result;
  }

  /** The worker could not start: the page reads the file itself, and says so. */
  private async onPage(source: ByteSource, onStage: OnStage, why: string): Promise<Parsed<PreparedProfile>> {
    await paintFirst(onStage);
    const intake = new ProfileIntake(source.size, onStage);
    try {
      await source.read((chunk) => intake.write(chunk));
    } catch (err) {
      return { ok: false, message: `Reading the file stopped: ${err instanceof Error ? err.message : String(err)}.`, where: 'page', fallbackReason: why, unread: true };
    }
    return { ...(await intake.finish()), where: 'page', fallbackReason: why };
  }

  /** The worker's answer to request `id`: stages as they come, then the result (and the chart's layout after it). */
  private answer(worker: Worker, id: number, onStage: OnStage, withChart: boolean): Promise<Parsed<PreparedProfile | PreparedComparison>> {
    return new Promise((resolve) => {
      let chartArrived: (layout: Layout | null) => void = () => undefined;
      const chart = withChart ? new Promise<Layout | null>((r) => (chartArrived = r)) : undefined;
      const stop = () => {
        worker.terminate();
        chartArrived(null);
      };
      worker.addEventListener('message', (event: MessageEvent<FromParser>) => {
        const m = event.data;
        if (m.type === 'ready' || m.id !== id) return;
        if (m.type === 'stage') {
          mark(`hotpath-stage:${m.stage}`, m.at);
          onStage(m.stage);
        } else if (m.type === 'done') {
          mark('hotpath-worker-done', m.at);
          resolve({ ...m.outcome, where: 'worker', ...(chart ? { chart } : {}) });
          if (!chart || !m.outcome.ok) stop();
        } else if (m.type === 'chart') {
          chartArrived(m.layout);
          stop();
        }
      });
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        // Ignored when the result is already in (the chart is then laid out on the page).
        resolve({ ok: false, message: `Hotpath's parser stopped while reading the profile: ${event.message || 'no reason given'}.`, where: 'worker' });
        stop();
      });
    });
  }
}

/** Lets the status paint before the page's own parsing takes the thread. */
async function paintFirst(onStage: OnStage): Promise<void> {
  onStage('parsing on the page');
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
}

/** A mark on the page's timeline at a time the worker took (ms since the epoch): the bench reads the stages. */
function mark(name: string, at: number): void {
  try {
    performance.mark(name, { startTime: Math.max(0, at - performance.timeOrigin) });
  } catch {
    // A clock the page cannot place: no mark.
  }
}

/** Resolves with the running worker once its script runs, or with why it could not start. */
function startWorker(): Promise<Worker | string> {
  return new Promise((resolve) => {
    let url = '';
    let worker: Worker;
    try {
      url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
      worker = new Worker(url, { name: 'hotpath-parser' });
    } catch (err) {
      if (url) URL.revokeObjectURL(url);
      resolve(err instanceof Error ? err.message : String(err));
      return;
    }
    const done = (value: Worker | string) => {
      clearTimeout(timer);
      URL.revokeObjectURL(url);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      if (typeof value === 'string') worker.terminate();
      resolve(value);
    };
    const onMessage = (event: MessageEvent<FromParser>) => {
      if (event.data?.type === 'ready') done(worker);
    };
    const onError = (event: ErrorEvent) => {
      event.preventDefault();
      done(event.message || 'its script did not run');
    };
    const timer = setTimeout(() => done(`it did not start within ${startTimeoutMs / 1000} s`), startTimeoutMs);
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
}
