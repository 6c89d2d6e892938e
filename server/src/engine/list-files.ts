/**
 * The workspace's source files for a front end with no discovery of its own: the ESLint plugin
 * lints the files ESLint gives it, but a rule may look for what reaches a file from anywhere in
 * the folder (sync-in-handler: the request handlers that reach a blocking call). The same folders
 * as the CLI's discovery (engine/discovery), through the host: `.gitignore` files with their
 * negations (node-red's committed `packages/node_modules` is the project's code), and the folders
 * discovery always skips. Files are not opened to sniff them (binary, minified): a file too many
 * costs a look, not a finding.
 */
import type { FileHost } from './host';
import { walksFolder } from './discovery';
import { type GitignoreStack, ignoreFileOf, outerIgnores } from './gitignore';
import { isAnalyzablePath } from './paths';

/** At most `limit` files (a huge folder is cut, not walked whole), sorted. */
export function listWorkspaceFiles(host: FileHost, root: string, limit = 50_000): string[] {
  const top = root.replace(/\/+$/, '');
  const io = { exists: (p: string) => host.stat(p) !== undefined || host.listDir?.(p) !== undefined, read: (p: string) => host.readFile(p) };
  const files: string[] = [];
  const pending: { dir: string; ignores: GitignoreStack }[] = [{ dir: top, ignores: outerIgnores(top, io) }];
  while (pending.length > 0 && files.length < limit) {
    const { dir, ignores: outer } = pending.pop()!;
    const names = host.listDir?.(dir) ?? [];
    const own = names.includes('.gitignore') ? ignoreFileOf(host.readFile(`${dir}/.gitignore`), dir) : undefined;
    const ignores = own ? outer.with(own) : outer;
    for (const name of names) {
      const p = `${dir}/${name.replace(/\/$/, '')}`;
      if (name.endsWith('/')) {
        if (walksFolder(name.slice(0, -1), p, ignores)) pending.push({ dir: p, ignores });
      } else if (isAnalyzablePath(p) && !ignores.ignores(p, false)) {
        files.push(p);
      }
    }
  }
  return files.slice(0, limit).sort();
}
