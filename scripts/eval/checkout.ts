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
import { readLabelFiles, workDir } from './labels';

const mirrors = process.env.HOTPATH_EVAL_MIRRORS ?? '/work/.mirror';
const stampName = '.eval-commit';

function checkout(app: string, repo: string, commit: string): string {
  const dest = path.join(workDir, app);
  const stamp = path.join(dest, stampName);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === commit) return `${app}: already at ${commit.slice(0, 10)}`;
  const gitDir = path.join(mirrors, repo.replace('/', '+'), 'repo');
  if (!fs.existsSync(gitDir)) throw new Error(`${app}: no mirror of ${repo} at ${gitDir}; fetch it first (the search tool's fetch verb)`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const tar = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', commit], { maxBuffer: 2 * 1024 ** 3 });
  execFileSync('tar', ['-x', '-C', dest], { input: tar, maxBuffer: 64 * 1024 ** 2 });
  fs.writeFileSync(stamp, commit + '\n');
  return `${app}: checked out ${repo}@${commit.slice(0, 10)}`;
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
