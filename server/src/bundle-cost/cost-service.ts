/**
 * Import costs for rules and editors without waiting: `lookup` answers from the cache at once;
 * `request` queues a measurement and returns. When a measurement lands, listeners hear its key
 * (the language server re-analyses the files that asked and refreshes inlay hints); the CLI
 * awaits `idle()` before printing. One measurement runs at a time: esbuild already uses every
 * core, and a scan must leave room for the other rules.
 */
import { CostCache } from './cost-cache';
import { measureImport, type ImportProbe, type MeasuredCost, type MeasureFailure } from './measure';

export type CostResult = MeasuredCost | MeasureFailure;

export interface CostSource {
  lookup(key: string): CostResult | undefined;
  /** Measure `probe` under `key` unless it is cached or already queued; `from` is the file that asks. */
  request(key: string, probe: ImportProbe, from?: string): void;
  /** Whether `key` is queued or being measured. */
  isPending(key: string): boolean;
}

export interface CostServiceOptions {
  cacheDir?: string;
  measure?: (probe: ImportProbe) => Promise<CostResult>;
  log?: (message: string) => void;
  saveDelayMs?: number;
}

export class CostService {
  readonly cache: CostCache;
  /**
   * Failures of this session: not retried until the server restarts (or the package changes
   * version). The cache keeps them for an hour across runs.
   */
  private readonly failures = new Map<string, MeasureFailure>();
  private readonly queue: { key: string; probe: ImportProbe }[] = [];
  private readonly queued = new Set<string>();
  private readonly listeners: ((key: string, result: CostResult) => void)[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private readonly measure: (probe: ImportProbe) => Promise<CostResult>;
  /** Measurements done by this service (cache hits excluded). */
  measured = 0;

  constructor(private readonly options: CostServiceOptions = {}) {
    this.cache = new CostCache(options.cacheDir, options.saveDelayMs);
    for (const p of this.cache.problems) options.log?.(`[import cost] ${p}`);
    this.measure = options.measure ?? measureImport;
  }

  lookup(key: string): CostResult | undefined {
    return this.cache.get(key) ?? this.failures.get(key) ?? this.cache.failure(key);
  }

  isPending(key: string): boolean {
    return this.queued.has(key);
  }

  /**
   * Queue a measurement. `urgent` ones (imports of a file open in an editor) go before the
   * backlog a workspace scan leaves, and a queued one asked for urgently moves up.
   */
  request(key: string, probe: ImportProbe, urgent = false): void {
    if (this.lookup(key)) return;
    if (this.queued.has(key)) {
      const i = this.queue.findIndex((j) => j.key === key);
      if (urgent && i > 0) this.queue.unshift(...this.queue.splice(i, 1));
      return;
    }
    this.queued.add(key);
    if (urgent) this.queue.unshift({ key, probe });
    else this.queue.push({ key, probe });
    if (!this.running) void this.drain();
  }

  onMeasured(listener: (key: string, result: CostResult) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Write the cache file now (at exit or shutdown). */
  flush(): void {
    this.cache.save();
    for (const p of this.cache.problems.splice(0)) this.options.log?.(`[import cost] ${p}`);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        let result: CostResult;
        try {
          result = await this.measure(job.probe);
        } catch (err) {
          result = { error: err instanceof Error ? err.message : String(err) };
        }
        this.measured++;
        if ('error' in result) {
          this.failures.set(job.key, result);
          this.cache.setFailure(job.key, result);
          this.options.log?.(`[import cost] cannot measure ${job.key}: ${result.error}`);
        } else this.cache.set(job.key, result);
        this.queued.delete(job.key);
        for (const l of this.listeners) {
          try {
            l(job.key, result);
          } catch (err) {
            this.options.log?.(`[error] import cost listener: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      }
    } finally {
      this.running = false;
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}
