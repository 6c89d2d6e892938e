/**
 * `--changed-since REF`: the files git reports as changed between REF and the work tree (staged
 * or not) plus untracked files that are not ignored, for a fast pre-commit or pull-request run.
 *
 * Only git itself runs, never workspace code: the repository's own configuration could name
 * programs for git to start (an fsmonitor hook, external diff or textconv drivers), so those are
 * switched off on the command line, which wins over every config file.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { normalizePath } from '../engine/paths';

const safeGit = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '-c', 'diff.external=', '-c', 'core.quotePath=false'];

export type ChangedFiles = { files: Set<string> } | { error: string };

function git(cwd: string, args: string[]): string {
  return execFileSync('git', [...safeGit, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

/** The first line git wrote on stderr, or why git could not be run at all. */
function gitError(err: unknown): string {
  const e = err as { stderr?: string; code?: string; message?: string };
  if (e.code === 'ENOENT') return 'git is not installed or not on PATH';
  const line = (e.stderr ?? '').split('\n').find((l) => l.trim() !== '');
  return line?.replace(/^(fatal|error): /, '') ?? e.message ?? String(err);
}

/** Absolute, normalised paths of the changed files that still exist in the work tree. */
export function changedFilesSince(ref: string, cwd: string): ChangedFiles {
  try {
    // Where cwd sits below the top of the work tree: git prints paths relative to the top.
    const prefix = git(cwd, ['rev-parse', '--show-prefix']).trim();
    git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    const changed = git(cwd, ['diff', '--name-only', '--no-renames', '--no-ext-diff', '--no-textconv', '--diff-filter=d', '-z', ref, '--', ':/']);
    const untracked = git(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', '--', ':/']);
    const files = new Set<string>();
    for (const rel of [...changed.split('\0'), ...untracked.split('\0')]) {
      if (rel === '') continue;
      files.add(normalizePath(path.resolve(cwd, path.relative(prefix, rel))));
    }
    return { files };
  } catch (err) {
    const message = gitError(err);
    // rev-parse --verify --quiet says nothing for an unknown ref.
    return { error: message === '' || /Command failed/.test(message) ? `unknown git revision '${ref}'` : message };
  }
}
