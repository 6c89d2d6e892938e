/**
 * Files re-analysed because a file they read changed (the dependents of an edited model), run
 * behind the documents being typed in:
 *
 * - one file per turn of the event loop (`setImmediate`), so a keystroke that arrives meanwhile
 *   is read and its document analysed before the next dependent: an edit waits for at most one
 *   dependent's analysis, never for all of them;
 * - nothing while the foreground (an edited document, debounced or running) has work, nor
 *   until typing pauses (`holdUntil`): a keystroke would otherwise land, more often than not, in
 *   the middle of a dependent's analysis and wait for it; the foreground calls `kick` when done;
 * - `collect` is asked for newly due files before each one, so a later edit's dependents join
 *   the queue (a file already queued runs once, against the newest versions).
 */
export interface BackgroundQueueOptions {
  run(p: string): void;
  /** Whether the foreground has work pending or running. */
  foregroundBusy(): boolean;
  /** A `performance.now()` time before which nothing runs (the last keystroke plus a pause). */
  holdUntil(): number;
  /** Files that became due since the last call (the language server's pending edits). */
  collect(): Iterable<string>;
  /** The queue is empty (after analysing `count` files in `ms` of work since it last was, `slowest` the longest). */
  drained(count: number, ms: number, slowest?: { path: string; ms: number }): void;
  /** Whether the server is shutting down: the queue stops. */
  stopped(): boolean;
}

export class BackgroundQueue {
  private readonly queue = new Set<string>();
  private scheduled = false;
  private held: NodeJS.Timeout | undefined;
  private count = 0;
  private workMs = 0;
  private slowest: { path: string; ms: number } | undefined;

  constructor(private readonly options: BackgroundQueueOptions) {}

  /** Queue files and make sure the queue runs. */
  add(paths: Iterable<string>): void {
    for (const p of paths) this.queue.add(p);
    this.kick();
  }

  delete(p: string): void {
    this.queue.delete(p);
  }

  get size(): number {
    return this.queue.size;
  }

  /** Run the queue soon (also when only `collect` may have work). */
  kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.step());
  }

  private step(): void {
    this.scheduled = false;
    if (this.options.stopped() || this.options.foregroundBusy()) return;
    const wait = this.options.holdUntil() - performance.now();
    if (wait > 0) {
      clearTimeout(this.held);
      this.held = setTimeout(() => this.kick(), wait);
      return;
    }
    for (const p of this.options.collect()) this.queue.add(p);
    const next = this.queue.values().next();
    if (next.done) {
      this.options.drained(this.count, this.workMs, this.slowest);
      this.count = 0;
      this.workMs = 0;
      this.slowest = undefined;
      return;
    }
    this.queue.delete(next.value);
    const t0 = performance.now();
    try {
      this.options.run(next.value);
    } finally {
      const ms = performance.now() - t0;
      this.workMs += ms;
      if (!this.slowest || ms > this.slowest.ms) this.slowest = { path: next.value, ms };
      this.count++;
      this.kick();
    }
  }
}
