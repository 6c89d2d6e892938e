/**
 * Import sizes for heavy-import inside ESLint. An ESLint rule reports before `create` returns,
 * so it cannot wait for the background measurement the CLI and the language server use: a size
 * not cached yet is measured on the spot (esbuild's blocking API, some 60-600 ms per package
 * entry, once) and kept in the same on-disk cache the CLI and the editor read.
 */
import { CostCache } from '../../server/src/bundle-cost/cost-cache';
import type { CostResult, CostSource } from '../../server/src/bundle-cost/cost-service';
import { defaultCacheDir } from '../../server/src/bundle-cost/cache-dir';
import { measureImportSync, type ImportProbe, type MeasureFailure } from '../../server/src/bundle-cost/measure';

export class BlockingCostSource implements CostSource {
  private readonly cache: CostCache;
  /** Failures of this process: not retried (the cache keeps them for an hour across runs). */
  private readonly failures = new Map<string, MeasureFailure>();
  measured = 0;

  constructor(
    cacheDir: string | undefined,
    private readonly measure: (probe: ImportProbe) => CostResult = measureImportSync,
  ) {
    // Saved a second after the last new size and at exit, so a lint run that is killed keeps most.
    this.cache = new CostCache(cacheDir, 1000);
    process.once('exit', () => this.cache.save());
  }

  lookup(key: string): CostResult | undefined {
    return this.cache.get(key) ?? this.failures.get(key) ?? this.cache.failure(key);
  }

  request(key: string, probe: ImportProbe): void {
    if (this.lookup(key)) return;
    const result = this.measure(probe);
    this.measured++;
    if ('error' in result) {
      this.failures.set(key, result);
      this.cache.setFailure(key, result);
    } else this.cache.set(key, result);
  }

  isPending(): boolean {
    return false;
  }
}

let shared: BlockingCostSource | undefined;

/** One source per process, on the cache folder the CLI uses (HOTPATH_CACHE_DIR or the user's cache). */
export function sharedCostSource(): BlockingCostSource {
  shared ??= new BlockingCostSource(defaultCacheDir());
  return shared;
}
