/**
 * The start-up scan: discover the files of every workspace folder, analyse them all and
 * publish their diagnostics, with progress. It runs in slices of a few milliseconds and yields
 * to the event loop between slices, so hover, code actions and edits are served during it.
 */
import type { DiscoveryOptions, DiscoveryResult, SkippedFile } from '../engine/discovery';
import type { StatusNotification } from '../../../shared/protocol';
import type { FolderSettings } from './settings';

export interface ProgressReporter {
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  report(percentage: number, message: string): void;
  done(): void;
}

export interface ScanDeps {
  folders: readonly FolderSettings[];
  discover: (roots: string[], options: DiscoveryOptions) => Promise<DiscoveryResult>;
  /** Called once discovery is done, before any analysis: the workspace's files from now on. */
  onDiscovered?: (result: ScanResult) => void;
  /** Analyse one file and publish its diagnostics; never throws. */
  analyze: (path: string) => void;
  createProgress: () => Promise<ProgressReporter>;
  status: (params: StatusNotification.Params) => void;
  log: (message: string) => void;
  isCancelled: () => boolean;
  /** How long one slice may run before yielding. */
  sliceMs?: number;
}

export interface ScanResult {
  files: string[];
  skipped: SkippedFile[];
}

/** Skipped files are logged one per line, up to this many; a huge vendored tree is summarised. */
const maxSkippedLines = 200;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Returns undefined when cancelled (a settings change restarts the scan). */
export async function scanWorkspace(deps: ScanDeps): Promise<ScanResult | undefined> {
  const files = new Set<string>();
  const skipped: SkippedFile[] = [];
  for (const folder of deps.folders) {
    const found = await deps.discover([folder.root], {
      exclude: folder.exclude,
      maxFileBytes: folder.settings.maxFileSizeKb * 1024,
      isCancelled: deps.isCancelled,
    });
    if (deps.isCancelled()) return undefined;
    for (const f of found.files) files.add(f);
    skipped.push(...found.skipped);
  }
  logSkipped(deps.log, skipped);
  const ordered = [...files].sort();
  const total = ordered.length;
  deps.onDiscovered?.({ files: ordered, skipped });
  deps.log(`Analyzing ${total} files (${skipped.length} skipped).`);
  const progress = await deps.createProgress();
  if (deps.isCancelled()) {
    progress.done();
    return undefined;
  }
  progress.begin(`Hotpath: analyzing ${total} files`, 0, `0/${total}`, false);
  deps.status({ state: 'analyzing', message: `Analyzing ${total} files`, filesAnalyzed: 0, filesTotal: total, skipped: skipped.length });
  const sliceMs = deps.sliceMs ?? 15;
  let done = 0;
  try {
    while (done < total) {
      const sliceEnd = Date.now() + sliceMs;
      do {
        deps.analyze(ordered[done]!);
        done++;
      } while (done < total && Date.now() < sliceEnd && !deps.isCancelled());
      progress.report(Math.round((done / total) * 100), `${done}/${total}`);
      deps.status({ state: 'analyzing', message: `Analyzing ${done}/${total} files`, filesAnalyzed: done, filesTotal: total, skipped: skipped.length });
      await yieldToEventLoop();
      if (deps.isCancelled()) return undefined;
    }
  } finally {
    progress.done();
  }
  return { files: ordered, skipped };
}

function logSkipped(log: (m: string) => void, skipped: readonly SkippedFile[]): void {
  for (const s of skipped.slice(0, maxSkippedLines)) log(`Skipped ${s.path}: ${s.reason}`);
  if (skipped.length > maxSkippedLines) log(`… and ${skipped.length - maxSkippedLines} more skipped files.`);
}
