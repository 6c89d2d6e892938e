/**
 * Import costs for batch runs (the command line): sizes are requested while files are analysed,
 * measured in the background meanwhile, and `settle` waits for them, so the report printed at the
 * end carries every size. Files that asked for a size are returned to be analysed again.
 */
import type { Project } from '../engine/project';
import { defaultCacheDir } from './cache-dir';
import { CostService } from './cost-service';
import { attachImportCosts } from './import-costs';

export interface BatchCosts {
  /** Wait for every requested size; the files whose analysis asked for one since the last call. */
  settle(): Promise<string[]>;
  /** Imported packages found not installed (so not measured) since the last call, sorted. */
  notInstalled(): string[];
}

const batches = new WeakMap<Project, BatchCosts>();

/** Attach a cost source to `project` (once: later passes over the same project share it). */
export function batchImportCosts(project: Project, log: (message: string) => void, cacheDir = defaultCacheDir()): BatchCosts {
  const existing = batches.get(project);
  if (existing) return existing;
  const service = new CostService({ cacheDir, log, saveDelayMs: 60_000 });
  const askers = new Set<string>();
  const missing = new Set<string>();
  attachImportCosts(project, {
    onNotInstalled: (name) => missing.add(name),
    costs: {
      lookup: (key) => service.lookup(key),
      isPending: (key) => service.isPending(key),
      request: (key, probe, from) => {
        if (from) askers.add(from);
        service.request(key, probe);
      },
    },
  });
  const batch: BatchCosts = {
    async settle() {
      await service.idle();
      service.flush();
      const files = [...askers];
      askers.clear();
      return files;
    },
    notInstalled() {
      const names = [...missing].sort();
      missing.clear();
      return names;
    },
  };
  batches.set(project, batch);
  return batch;
}
