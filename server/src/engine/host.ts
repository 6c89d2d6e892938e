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
  /** The first `maxBytes` bytes of a binary file (image headers), or undefined when unreadable. */
  readBytes?(p: string, maxBytes: number): Uint8Array | undefined;
  /**
   * The names in a folder (folders end with '/'), or undefined when it cannot be listed. Rules that
   * look at an app as a whole (heavy-import: which files import a package) walk its folders.
   */
  listDir?(p: string): string[] | undefined;
}

export class NodeFileHost implements FileHost {
  readFile(p: string): string | undefined {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  }

  readBytes(p: string, maxBytes: number): Uint8Array | undefined {
    let fd: number | undefined;
    try {
      fd = fs.openSync(p, 'r');
      const buf = Buffer.alloc(Math.max(0, maxBytes));
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  listDir(p: string): string[] | undefined {
    try {
      return fs.readdirSync(p, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
    } catch {
      return undefined;
    }
  }

  stat(p: string): FileStat | undefined {
    try {
      // Module resolution probes many paths that do not exist: no exception (and its stack trace) for those.
      const s = fs.statSync(p, { throwIfNoEntry: false });
      return s && { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }
}

/** An in-memory file tree keyed by absolute, forward-slash paths. */
export class MemoryFileHost implements FileHost {
  private readonly files = new Map<string, { text: string; bytes?: Uint8Array; mtimeMs: number }>();
  private clock = 1;

  /** Binary files (images) are given as bytes; their `readFile` text is the bytes decoded as UTF-8. */
  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, content] of Object.entries(files)) this.write(p, content);
  }

  write(p: string, content: string | Uint8Array): void {
    if (typeof content === 'string') this.files.set(p, { text: content, mtimeMs: this.clock++ });
    else this.files.set(p, { text: Buffer.from(content).toString('utf8'), bytes: content, mtimeMs: this.clock++ });
  }

  readBytes(p: string, maxBytes: number): Uint8Array | undefined {
    const f = this.files.get(p);
    if (!f) return undefined;
    return (f.bytes ?? Buffer.from(f.text, 'utf8')).subarray(0, Math.max(0, maxBytes));
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

  listDir(p: string): string[] | undefined {
    const prefix = p.endsWith('/') ? p : p + '/';
    const names = new Set<string>();
    for (const key of this.files.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      names.add(slash < 0 ? rest : rest.slice(0, slash + 1));
    }
    return names.size > 0 ? [...names].sort() : undefined;
  }

  stat(p: string): FileStat | undefined {
    const f = this.files.get(p);
    if (f) return { size: f.bytes ? f.bytes.length : Buffer.byteLength(f.text), mtimeMs: f.mtimeMs, isFile: true, isDirectory: false };
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
