/**
 * Progress of a scan on stderr: "Analyzing 1,200/4,000 files (30%) · 850 files/s", redrawn in
 * place at most every 100 ms. Only for a person at a terminal: when stderr is a pipe or a file
 * (CI logs), nothing is written, so logs hold no carriage returns or partial lines.
 */

export interface Progress {
  /** One more file analyzed. */
  tick(): void;
  /** Erase the line; the report follows. */
  done(): void;
}

const silent: Progress = { tick() {}, done() {} };

export function formatProgress(done: number, total: number, elapsedMs: number): string {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  const rate = elapsedMs > 0 ? Math.round((done * 1000) / elapsedMs) : 0;
  const n = (x: number) => x.toLocaleString('en-US');
  return `Analyzing ${n(done)}/${n(total)} files (${percent}%) · ${n(rate)} files/s`;
}

export interface ProgressOptions {
  enabled: boolean;
  total: number;
  write(text: string): void;
  now?: () => number;
  /** Redraw at most this often. */
  intervalMs?: number;
}

export function createProgress(options: ProgressOptions): Progress {
  if (!options.enabled || options.total === 0) return silent;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  const started = now();
  let done = 0;
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    tick() {
      done++;
      const t = now();
      if (t - lastDraw < interval && done < options.total) return;
      lastDraw = t;
      drawn = true;
      // \r back to the start of the line, \x1b[K erases what a longer previous line left.
      options.write(`\r${formatProgress(done, options.total, t - started)}\x1b[K`);
    },
    done() {
      if (drawn) options.write('\r\x1b[K');
    },
  };
}
