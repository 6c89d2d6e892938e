import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The engine's only window onto files. The CLI and the server read the disk through
 * `NodeFileHost`; tests use `MemoryFileHost`, so a rule never knows where text came from.
 */
export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface FileHost {
  readFile(p: string): string | undefined;
  stat(p: string): FileStat | undefined;
}

export class NodeFileHost implements FileHost {
  readFile(p: string): string | undefined {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  }

  stat(p: string): FileStat | undefined {
    try {
      const s = fs.statSync(p);
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }
}

/** An in-memory file tree keyed by absolute, forward-slash paths. */
export class MemoryFileHost implements FileHost {
  private readonly files = new Map<string, { text: string; mtimeMs: number }>();
  private clock = 1;

  constructor(files: Record<string, string> = {}) {
    for (const [p, text] of Object.entries(files)) this.write(p, text);
  }

  write(p: string, text: string): void {
    this.files.set(p, { text, mtimeMs: this.clock++ });
  }

  delete(p: string): void {
    this.files.delete(p);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  readFile(p: string): string | undefined {
    return this.files.get(p)?.text;
  }

  stat(p: string): FileStat | undefined {
    const f = this.files.get(p);
    if (f) return { size: Buffer.byteLength(f.text), mtimeMs: f.mtimeMs, isFile: true, isDirectory: false };
    const prefix = p.endsWith('/') ? p : p + '/';
    for (const key of this.files.keys()) {
      if (key.startsWith(prefix)) return { size: 0, mtimeMs: 0, isFile: false, isDirectory: true };
    }
    return undefined;
  }
}

export function dirnameOf(p: string): string {
  return path.posix.dirname(p);
}
