import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalizePath } from '../engine/paths';

/**
 * The server speaks URIs, the engine speaks absolute forward-slash paths. Only `file:` URIs
 * name something the engine can read; untitled buffers and remote schemes are left alone.
 */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return normalizePath(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}
