/**
 * Import costs for rules and editors without waiting: `lookup` answers from the cache at once;
 * `request` queues a measurement and returns. When a measurement lands, listeners hear its key
 * (the language server re-analyses the files that asked and refreshes inlay hints); the CLI
 * awaits `idle()` before printing.
 *
 * Queued probes that resolve from the same folder with the same externals are measured together,
 * one esbuild build for up to `maxBatch` of them (measureImports: a package's files are parsed
 * once, not once per importer), and at most `concurrency` builds run at once: esbuild already uses
 * every core, and a scan must leave room for the other rules. The queue is drained from the next
 * turn of the event loop, so the requests one analysis makes go in one batch.
 */
import { CostCache } from './cost-cache';
import { batchKey, maxBatch, measureImports, type ImportProbe, type MeasuredCost, type MeasureFailure } from './measure';

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
  /** Measures one probe; given alone (tests), batches are measured probe by probe. */
  measure?: (probe: ImportProbe) => Promise<CostResult>;
  /** Measures probes that share a `batchKey`, one result per probe. */
  measureBatch?: (probes: ImportProbe[]) => Promise<CostResult[]>;
  /** How many batches are measured at once (default 2). */
  concurrency?: number;
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
  /** Batches being measured, and whether a drain is scheduled. */
  private running = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private readonly measureBatch: (probes: ImportProbe[]) => Promise<CostResult[]>;
  private readonly concurrency: number;
  /** Measurements done by this service (cache hits excluded). */
  measured = 0;

  constructor(private readonly options: CostServiceOptions = {}) {
    this.cache = new CostCache(options.cacheDir, options.saveDelayMs);
    for (const p of this.cache.problems) options.log?.(`[import cost] ${p}`);
    const one = options.measure;
    this.measureBatch = options.measureBatch ?? (one ? (ps) => Promise.all(ps.map((p) => one(p).catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) })))) : measureImports);
    this.concurrency = Math.max(1, options.concurrency ?? 2);
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
    this.schedule();
  }

  onMeasured(listener: (key: string, result: CostResult) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Write the cache file now (at exit or shutdown). */
  flush(): void {
    this.cache.save();
    for (const p of this.cache.problems.splice(0)) this.options.log?.(`[import cost] ${p}`);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.concurrency && this.queue.length > 0) void this.runBatch(this.takeBatch());
    });
  }

  /** The first queued job and the queued jobs that can share its build, in queue order. */
  private takeBatch(): { key: string; probe: ImportProbe }[] {
    const key = batchKey(this.queue[0]!.probe);
    const batch: { key: string; probe: ImportProbe }[] = [];
    for (let i = 0; i < this.queue.length && batch.length < maxBatch; ) {
      if (batchKey(this.queue[i]!.probe) === key) batch.push(...this.queue.splice(i, 1));
      else i++;
    }
    return batch;
  }

  private async runBatch(batch: { key: string; probe: ImportProbe }[]): Promise<void> {
    this.running++;
    let results: CostResult[];
    try {
      results = await this.measureBatch(batch.map((j) => j.probe));
    } catch (err) {
      results = batch.map(() => ({ error: err instanceof Error ? err.message : String(err) }));
    }
    batch.forEach((job, i) => this.landed(job.key, results[i] ?? { error: 'not measured' }));
    this.running--;
    if (this.queue.length > 0) this.schedule();
    else if (this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private landed(key: string, result: CostResult): void {
    this.measured++;
    if ('error' in result) {
      this.failures.set(key, result);
      this.cache.setFailure(key, result);
      this.options.log?.(`[import cost] cannot measure ${key}: ${result.error}`);
    } else this.cache.set(key, result);
    this.queued.delete(key);
    for (const l of this.listeners) {
      try {
        l(key, result);
      } catch (err) {
        this.options.log?.(`[error] import cost listener: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
