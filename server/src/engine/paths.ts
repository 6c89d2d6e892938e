import * as path from 'node:path';

/**
 * A POSIX path `path.resolve` would return unchanged: absolute, no `.` or `..` segment, no empty
 * segment, no trailing slash.
 */
const alreadyNormal = /^(?:\/(?!\.\.?(?:\/|$))[^/\\]+)+$/;

/** Absolute path with forward slashes: the one spelling of a file used across the engine. */
export function normalizePath(p: string): string {
  // Engine code passes paths it normalised before, some 100,000 times in a scan of a large app;
  // `path.resolve` re-splits each one (and calls process.cwd()).
  if (path.sep === '/' && alreadyNormal.test(p)) return p;
  return path.resolve(p).replace(/\\/g, '/');
}

export const scriptExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
export const markupExtensions = ['.html', '.htm', '.vue', '.svelte'] as const;

export function isScriptPath(p: string): boolean {
  return (scriptExtensions as readonly string[]).includes(path.extname(p).toLowerCase()) && !p.endsWith('.d.ts');
}

export function isAnalyzablePath(p: string): boolean {
  const ext = path.extname(p).toLowerCase();
  return isScriptPath(p) || (markupExtensions as readonly string[]).includes(ext);
}
