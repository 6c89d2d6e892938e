/**
 * Checks every labelled app out at its labelled commit into the git-ignored scripts/eval/.work/<app>/,
 * from a bare mirror of the repository (HOTPATH_EVAL_MIRRORS/<owner>+<name>/repo, by default under
 * /work/.mirror, where the search tool's `fetch` puts them). The trees are only read by `hotpath
 * check`: nothing in them is installed, built or run.
 *
 *   node --import tsx scripts/eval/checkout.ts [--app NAME]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkoutStampName, checkedOutAt, readLabelFiles, workDir } from './labels';

const mirrors = process.env.HOTPATH_EVAL_MIRRORS ?? '/work/.mirror';

function checkout(app: string, repo: string, commit: string): string {
  const dest = path.join(workDir, app);
  if (checkedOutAt(dest) === commit) {
    ownRepository(dest);
    return `${app}: already at ${commit.slice(0, 10)}`;
  }
  const gitDir = path.join(mirrors, repo.replace('/', '+'), 'repo');
  if (!fs.existsSync(gitDir)) throw new Error(`${app}: no mirror of ${repo} at ${gitDir}; fetch it first (the search tool's fetch verb)`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const left: string[] = [];
  extract(gitDir, commit, '', dest, left);
  ownRepository(dest);
  fs.writeFileSync(path.join(dest, checkoutStampName), commit + '\n');
  return `${app}: checked out ${repo}@${commit.slice(0, 10)}${left.length > 0 ? ` without ${left.length} file(s) the mirror lacks (${left.slice(0, 3).join(', ')}${left.length > 3 ? ', …' : ''})` : ''}`;
}

/**
 * Make the checkout a repository of its own: discovery honours the .gitignore files from the
 * enclosing repository's root down, so a work folder inside another repository that ignores it
 * (HOTPATH_EVAL_WORK=scripts/eval/.work, git-ignored here) would hide every file of the app and
 * the scorer would measure nothing.
 */
function ownRepository(dest: string): void {
  if (!fs.existsSync(path.join(dest, '.git'))) execFileSync('git', ['init', '-q', dest]);
}

/**
 * Extract the commit's folder `dir` ('' for the top) into `dest`. A mirror brought by `fetch` may
 * lack its largest blobs (listed but absent), and `git archive` stops at the first one it meets
 * anywhere in the tree it is given: then each entry of the folder is extracted on its own, the
 * missing file left out (in `left`), so the checkout still holds every file the mirror has.
 */
function extract(gitDir: string, commit: string, dir: string, dest: string, left: string[]): void {
  const git = (args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 2 * 1024 ** 3, stdio: ['ignore', 'pipe', 'pipe'] });
  let tar: Buffer;
  try {
    tar = git(['archive', '--format=tar', ...(dir ? [`--prefix=${dir}/`, `${commit}:${dir}`] : [commit])]);
  } catch (e) {
    const missing = /invalid object (?:\d+ )?[0-9a-f]+ for '([^']+)'/.exec(String((e as { stderr?: Buffer }).stderr ?? ''))?.[1];
    if (!missing || left.length >= 50) throw e;
    const full = dir ? `${dir}/${missing}` : missing;
    if (!left.includes(full)) left.push(full);
    for (const line of git(['ls-tree', dir ? `${commit}:${dir}` : commit]).toString('utf8').split('\n')) {
      const m = /^\d+ (blob|tree|commit) ([0-9a-f]+)\t(.+)$/.exec(line);
      if (!m) continue;
      const [, type, sha, name] = m as unknown as [string, string, string, string];
      const entry = dir ? `${dir}/${name}` : name;
      if (type === 'tree') extract(gitDir, commit, entry, dest, left);
      else if (type === 'blob' && entry !== full) {
        try {
          const out = path.join(dest, entry);
          fs.mkdirSync(path.dirname(out), { recursive: true });
          fs.writeFileSync(out, git(['cat-file', 'blob', sha]));
        } catch {
          left.push(entry);
        }
      }
    }
    return;
  }
  execFileSync('tar', ['-x', '-C', dest], { input: tar, maxBuffer: 64 * 1024 ** 2 });
}

function main(argv: string[]): void {
  const only = argv[0] === '--app' ? argv[1] : undefined;
  const apps = new Map<string, { repo: string; commit: string; from: string }>();
  for (const f of readLabelFiles()) {
    if (only && f.app !== only) continue;
    const seen = apps.get(f.app);
    if (seen && (seen.repo !== f.repo || seen.commit !== f.commit)) {
      throw new Error(`${f.app}: ${f.path} says ${f.repo}@${f.commit} but ${seen.from} says ${seen.repo}@${seen.commit}`);
    }
    apps.set(f.app, { repo: f.repo, commit: f.commit, from: f.path });
  }
  for (const [app, { repo, commit }] of apps) console.log(checkout(app, repo, commit));
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(`checkout: ${(e as Error).message}`);
  process.exitCode = 1;
}
