/**
 * Measured import costs on disk, so a workspace re-opens with every size known. One JSON file per
 * cache folder (the extension's global storage, or the CLI's cache folder), keyed by package,
 * version, specifier and imported names. Failures are never persisted: a package installed later
 * must be measured again.
 *
 * A corrupt or foreign file is ignored (and replaced on the next save); writes go to a temporary
 * file first and are renamed into place, so a crash mid-write leaves the old cache intact.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MeasuredCost } from './measure';

/** Bumped whenever the probe or the measurement changes, so old numbers are not reused. */
export const cacheFormat = 1;
export const cacheFileName = `import-costs-v${cacheFormat}.json`;

interface CacheFile {
  format: number;
  entries: Record<string, MeasuredCost>;
}

export class CostCache {
  private readonly entries = new Map<string, MeasuredCost>();
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

  set(key: string, cost: MeasuredCost): void {
    this.entries.set(key, cost);
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
      const data: CacheFile = { format: cacheFormat, entries: Object.fromEntries(this.entries) };
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
