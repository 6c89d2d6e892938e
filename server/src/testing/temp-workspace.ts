/** Workspaces on disk for tests that run the built server or the CLI: a temporary folder holding the given files. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Writes `files` (relative path → text or bytes) under `root`, creating folders as needed. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/** A fresh temporary folder (its real path, as the server reports it) holding `files`; `remove` deletes it. */
export function tempWorkspace(prefix: string, files: Record<string, string | Uint8Array> = {}): { dir: string; remove: () => void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `hotpath-${prefix}-`)));
  writeFiles(dir, files);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
