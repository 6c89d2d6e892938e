import * as path from 'node:path';

/** Absolute path with forward slashes: the one spelling of a file used across the engine. */
export function normalizePath(p: string): string {
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
