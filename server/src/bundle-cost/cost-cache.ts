/**
 * Measured import costs on disk, so a workspace re-opens with every size known. One JSON file per
 * cache folder (the extension's global storage, or the CLI's cache folder), keyed by package,
 * version, specifier and imported names. Failures are kept for an hour only: a package that
 * cannot be bundled today (a missing build, a name it does not export) may be fixed without a new
 * version, but a CLI run right after another should not wait for esbuild to fail the same way again.
 *
 * A corrupt or foreign file is ignored (and replaced on the next save); writes go to a temporary
 * file first and are renamed into place, so a crash mid-write leaves the old cache intact.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MeasuredCost, MeasureFailure } from './measure';

/** How long a failed measurement is believed. */
export const failureTtlMs = 60 * 60 * 1000;

/** Bumped whenever the probe or the measurement changes, so old numbers are not reused. */
export const cacheFormat = 1;
export const cacheFileName = `import-costs-v${cacheFormat}.json`;

interface CacheFile {
  format: number;
  entries: Record<string, MeasuredCost>;
  /** Failed measurements and when they failed (ms since the epoch). */
  failures?: Record<string, { error: string; at: number }>;
}

export class CostCache {
  private readonly entries = new Map<string, MeasuredCost>();
  private readonly failures = new Map<string, { error: string; at: number }>();
  private dirty = false;
  private saveTimer: NodeJS.Timeout | undefined;
  /** Why the file could not be read or written, for the log. */
  problems: string[] = [];

  constructor(
    /** Folder of the cache file; undefined keeps the cache in memory only. */
    readonly dir: string | undefined,
    private readonly saveDelayMs = 1000,
  ) {
    if (dir) this.load(path.join(dir, cacheFileName));
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): MeasuredCost | undefined {
    return this.entries.get(key);
  }

  /** A failure of the last hour, from this run or an earlier one. */
  failure(key: string, now = Date.now()): MeasureFailure | undefined {
    const f = this.failures.get(key);
    return f && now - f.at < failureTtlMs ? { error: f.error } : undefined;
  }

  setFailure(key: string, failure: MeasureFailure, now = Date.now()): void {
    this.failures.set(key, { error: failure.error, at: now });
    this.changed();
  }

  set(key: string, cost: MeasuredCost): void {
    this.entries.set(key, cost);
    this.failures.delete(key);
    this.changed();
  }

  private changed(): void {
    this.dirty = true;
    if (this.dir && !this.saveTimer) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = undefined;
        this.save();
      }, this.saveDelayMs);
      this.saveTimer.unref();
    }
  }

  private load(file: string): void {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return; // First run: nothing cached yet.
    }
    try {
      const data = JSON.parse(text) as CacheFile;
      if (data?.format !== cacheFormat || typeof data.entries !== 'object' || data.entries === null) {
        this.problems.push(`${file}: not a cache of this version (ignored)`);
        return;
      }
      for (const [k, v] of Object.entries(data.entries)) {
        if (v && typeof v.bytes === 'number' && typeof v.gzip === 'number') this.entries.set(k, { bytes: v.bytes, gzip: v.gzip, contents: Array.isArray(v.contents) ? v.contents : [], ms: v.ms ?? 0 });
      }
      for (const [k, v] of Object.entries(data.failures ?? {})) {
        if (v && typeof v.error === 'string' && typeof v.at === 'number') this.failures.set(k, { error: v.error, at: v.at });
      }
    } catch (err) {
      this.problems.push(`${file}: unreadable cache (${err instanceof Error ? err.message : String(err)}); starting empty`);
    }
  }

  /** Write the cache now if it changed. Never throws. */
  save(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    if (!this.dir || !this.dirty) return;
    const file = path.join(this.dir, cacheFileName);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const now = Date.now();
      const failures = [...this.failures].filter(([, f]) => now - f.at < failureTtlMs);
      const data: CacheFile = { format: cacheFormat, entries: Object.fromEntries(this.entries), ...(failures.length > 0 ? { failures: Object.fromEntries(failures) } : {}) };
      fs.writeFileSync(tmp, JSON.stringify(data));
      fs.renameSync(tmp, file);
      this.dirty = false;
    } catch (err) {
      this.problems.push(`cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // Nothing left to clean.
      }
    }
  }
}
