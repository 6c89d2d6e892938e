/**
 * `.gitignore` semantics for discovery: every `.gitignore` applies to paths below its folder,
 * relative to that folder, and a deeper file overrides a shallower one (including `!negation`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface IgnoreFile {
  /** The folder the patterns are relative to (forward slashes, absolute). */
  base: string;
  rules: Ignore;
}

/** The `.gitignore` files in force in one folder, outermost first. Immutable: `with` copies. */
export class GitignoreStack {
  constructor(private readonly files: readonly IgnoreFile[] = []) {}

  with(file: IgnoreFile): GitignoreStack {
    return new GitignoreStack([...this.files, file]);
  }

  /** Whether git would ignore `absPath`; its parent folders were already tested by the walk. */
  ignores(absPath: string, isDir: boolean): boolean {
    return this.lastRule(absPath, isDir) === 'ignored';
  }

  /**
   * Whether the last rule that matches `absPath` is a `!negation`: the project says, against an
   * earlier rule, that this path is its own (`node_modules` then `!packages/node_modules`).
   */
  keeps(absPath: string, isDir: boolean): boolean {
    return this.lastRule(absPath, isDir) === 'kept';
  }

  /** What the last rule matching `absPath` says, deeper files overriding shallower ones. */
  private lastRule(absPath: string, isDir: boolean): 'ignored' | 'kept' | undefined {
    let verdict: 'ignored' | 'kept' | undefined;
    for (const f of this.files) {
      const rel = path.posix.relative(f.base, absPath);
      if (rel === '' || rel.startsWith('..') || path.posix.isAbsolute(rel)) continue;
      try {
        const r = f.rules.test(isDir ? rel + '/' : rel);
        if (r.ignored) verdict = 'ignored';
        else if (r.unignored) verdict = 'kept';
      } catch {
        // A path `ignore` refuses (odd characters) is simply not ignored.
      }
    }
    return verdict;
  }
}

/** Read one ignore file; undefined when it is missing or unreadable. */
export async function loadIgnoreFile(file: string, base: string): Promise<IgnoreFile | undefined> {
  return ignoreFileOf(await fs.promises.readFile(file, 'utf8').catch(() => undefined), base);
}

/** The rules of an ignore file's text (undefined: no file, or rules `ignore` cannot read). */
export function ignoreFileOf(text: string | undefined, base: string): IgnoreFile | undefined {
  if (text === undefined) return undefined;
  try {
    return { base, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

/** How `outerIgnores` looks at the files above a root: the disk, or a front end's file host. */
export interface IgnoreReader {
  exists(p: string): boolean;
  read(p: string): string | undefined;
}

/**
 * The ignore files that apply to a walk's root from outside it: `.git/info/exclude` and the
 * `.gitignore` of every folder from the repository root down to the root's parent. Without a
 * repository around the root, only what is inside the root counts.
 */
export async function loadOuterIgnores(root: string): Promise<GitignoreStack> {
  // A few small reads once per walk: not worth a thread-pool round trip each.
  return outerIgnores(root, diskReader);
}

const diskReader: IgnoreReader = {
  exists: (p) => fs.existsSync(p),
  read: (p) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** `loadOuterIgnores` through any reader (the ESLint plugin's file host). */
export function outerIgnores(root: string, io: IgnoreReader): GitignoreStack {
  const ancestors: string[] = [];
  let repoRoot: string | undefined = io.exists(path.posix.join(root, '.git')) ? root : undefined;
  for (let d = path.posix.dirname(root), prev = root; repoRoot === undefined && d !== prev; prev = d, d = path.posix.dirname(d)) {
    ancestors.push(d);
    if (io.exists(path.posix.join(d, '.git'))) repoRoot = d;
  }
  if (repoRoot === undefined) return new GitignoreStack();
  let stack = new GitignoreStack();
  const exclude = ignoreFileOf(io.read(path.posix.join(repoRoot, '.git', 'info', 'exclude')), repoRoot);
  if (exclude) stack = stack.with(exclude);
  // The root's own .gitignore is read by the walk itself.
  for (const d of ancestors.reverse()) {
    const f = ignoreFileOf(io.read(path.posix.join(d, '.gitignore')), d);
    if (f) stack = stack.with(f);
  }
  return stack;
}
