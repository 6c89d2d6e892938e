/**
 * Debounced, cancellable per-document work. Typing produces an edit every few milliseconds;
 * analysing each one would waste the CPU on versions nobody sees, so a document is analysed
 * once its edits pause, and a newer edit cancels both the pending run and any run in flight
 * (the run polls its token and its result is dropped).
 */
export interface CancellationFlag {
  readonly cancelled: boolean;
}

class Flag implements CancellationFlag {
  cancelled = false;
}

export class DebouncedScheduler<K> {
  private readonly timers = new Map<K, NodeJS.Timeout>();
  private readonly flags = new Map<K, Flag>();

  constructor(
    private readonly run: (key: K, token: CancellationFlag) => void | Promise<void>,
    private readonly onError: (key: K, err: unknown) => void,
    private readonly delayMs = 150,
  ) {}

  /** (Re)start the countdown for `key`, cancelling whatever is pending or running for it. */
  schedule(key: K, delayMs = this.delayMs): void {
    this.cancel(key);
    const flag = new Flag();
    this.flags.set(key, flag);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.execute(key, flag);
    }, delayMs);
    this.timers.set(key, timer);
  }

  cancel(key: K): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
    const flag = this.flags.get(key);
    if (flag) flag.cancelled = true;
    this.flags.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.flags.keys()]) this.cancel(key);
  }

  pending(key: K): boolean {
    return this.timers.has(key);
  }

  /** Whether any key is waiting for its delay or running. */
  busy(): boolean {
    return this.flags.size > 0;
  }

  private async execute(key: K, flag: Flag): Promise<void> {
    try {
      if (!flag.cancelled) await this.run(key, flag);
    } catch (err) {
      this.onError(key, err);
    } finally {
      if (this.flags.get(key) === flag) this.flags.delete(key);
    }
  }
}
