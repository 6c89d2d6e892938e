/**
 * Workspace discovery: which files a scan analyzes, and which it skips and why.
 * (Placeholder: being written.)
 */
export interface DiscoveryOptions {
  /** Glob patterns relative to each root (`hotpath.exclude`, `files.exclude`, `.hotpathrc.json` "exclude"). */
  exclude?: string[];
  /** Files larger than this are skipped. Default 1 MiB. */
  maxFileBytes?: number;
  /** Polled while walking; discovery stops early when it returns true. */
  isCancelled?: () => boolean;
}

export interface SkippedFile {
  path: string;
  /** Short and human: 'too large (5.1 MB > 1 MB)', 'minified', 'generated', 'binary', 'symlink loop'. */
  reason: string;
}

export interface DiscoveryResult {
  /** Absolute, forward-slash paths of analyzable files, sorted. */
  files: string[];
  skipped: SkippedFile[];
}

export async function discoverFiles(_roots: string[], _options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  return { files: [], skipped: [] };
}
