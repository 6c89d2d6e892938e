/** Where Hotpath keeps what it measured or compiled between runs (import sizes, the CLI's code cache). */
import * as os from 'node:os';
import * as path from 'node:path';

/** HOTPATH_CACHE_DIR, else the platform's cache folder (~/.cache/hotpath, %LOCALAPPDATA%\hotpath). */
export function defaultCacheDir(): string {
  if (process.env.HOTPATH_CACHE_DIR) return process.env.HOTPATH_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : undefined) || path.join(os.homedir(), '.cache');
  return path.join(base ?? os.tmpdir(), 'hotpath');
}
