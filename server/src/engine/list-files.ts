/**
 * The workspace's source files for a front end with no discovery of its own: the ESLint plugin
 * lints the files ESLint gives it, but a rule may look for what reaches a file from anywhere in
 * the folder (sync-in-handler: the request handlers that reach a blocking call). A walk of the
 * host's folders from `root`, leaving out the folders discovery always skips and hidden ones; it
 * does not read .gitignore files (extra files cost a look, not a finding).
 */
import type { FileHost } from './host';
import { alwaysSkippedDirs } from './discovery';
import { markupExtensions, scriptExtensions } from './paths';

const extensions = new Set<string>([...scriptExtensions, ...markupExtensions]);

/** At most `limit` files (a huge folder is cut, not walked whole), sorted. */
export function listWorkspaceFiles(host: FileHost, root: string, limit = 50_000): string[] {
  const files: string[] = [];
  const pending = [root.replace(/\/+$/, '')];
  while (pending.length > 0 && files.length < limit) {
    const dir = pending.pop()!;
    for (const name of host.listDir?.(dir) ?? []) {
      if (name.endsWith('/')) {
        const folder = name.slice(0, -1);
        if (!alwaysSkippedDirs.has(folder) && !folder.startsWith('.')) pending.push(`${dir}/${folder}`);
      } else if (extensions.has(name.slice(name.lastIndexOf('.')))) {
        files.push(`${dir}/${name}`);
      }
    }
  }
  return files.slice(0, limit).sort();
}
