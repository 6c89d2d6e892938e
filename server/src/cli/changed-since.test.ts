/**
 * `--changed-since REF` in a real temporary git repository: committed, modified, staged,
 * untracked, ignored and deleted files, run from the top and from a subfolder, bad refs, and a
 * repository whose config asks git to run a program (it must not run).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertBuilt, copyFixture, hotpath, jsonFindings, tempDir } from './testing/run-cli';

const tmp = tempDir('changed');
let repoDir: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repoDir, encoding: 'utf8' });
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(repoDir, file)), { recursive: true });
  fs.writeFileSync(path.join(repoDir, file), text);
}

const blockingRoute = (name: string) => `import * as fs from 'node:fs';
import { Router } from 'express';

export const ${name}Router = Router();

${name}Router.get('/${name}', (req, res) => {
  res.send(fs.readFileSync('${name}.txt', 'utf8'));
});
`;

before(() => {
  assertBuilt();
  repoDir = copyFixture('express-app', tmp.dir, 'repo');
  git('init', '-q', '-b', 'main');
  write('.gitignore', 'generated/\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  // After the base commit: an edit above a known finding, a staged new route, an untracked
  // route, an ignored route, and a deleted file.
  const files = path.join(repoDir, 'src/routes/files.ts');
  fs.writeFileSync(files, '// edited\n' + fs.readFileSync(files, 'utf8'));
  write('src/routes/staged.ts', blockingRoute('staged'));
  git('add', 'src/routes/staged.ts');
  write('src/routes/untracked.ts', blockingRoute('untracked'));
  write('generated/ignored.ts', blockingRoute('ignored'));
  fs.rmSync(path.join(repoDir, 'src/routes/users.ts'));
});
after(() => tmp.remove());

describe('--changed-since', () => {
  it('analyzes only modified, staged and untracked files that are not ignored', () => {
    const run = hotpath(repoDir, 'check', '--changed-since', 'HEAD', '--format', 'json', '--verbose');
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(jsonFindings(run).map((f) => `${f.file}:${f.line}`), ['src/routes/files.ts:11', 'src/routes/staged.ts:7', 'src/routes/untracked.ts:7']);
    assert.match(run.stderr, /^Analyzed 3 files in /m);
  });

  it('works from a subfolder, with paths, and with a branch name', () => {
    const sub = path.join(repoDir, 'src');
    const run = hotpath(sub, 'check', 'routes', '--changed-since', 'main', '--format', 'json');
    assert.deepEqual(jsonFindings(run).map((f) => f.file), ['routes/files.ts', 'routes/staged.ts', 'routes/untracked.ts']);
    const narrowed = hotpath(sub, 'check', 'routes/staged.ts', '--changed-since', 'main', '--format', 'json');
    assert.deepEqual(jsonFindings(narrowed).map((f) => f.file), ['routes/staged.ts']);
  });

  it('reports a blocking call in an unchanged service where a changed route reaches it', () => {
    const reports = path.join(repoDir, 'src/routes/reports.ts');
    const before = fs.readFileSync(reports, 'utf8');
    fs.writeFileSync(reports, before.replace("'a4'", "'letter'"));
    try {
      const run = hotpath(repoDir, 'check', '--changed-since', 'HEAD', '--format', 'json');
      const outside = jsonFindings(run).filter((f) => f.file === 'src/routes/reports.ts');
      assert.deepEqual(outside.map((f) => `${f.line}:${f.column}`), ['8:15'], run.stderr);
      assert.match(outside[0]!.message, /^`child_process\.execSync` in `renderReport` \(src\/services\/report-renderer\.ts:9, outside the checked files\) blocks the event loop of the handler for POST \/:id/);
      assert.ok(!jsonFindings(run).some((f) => f.file.startsWith('src/services/')), 'the unchanged service is not reported');
    } finally {
      fs.writeFileSync(reports, before);
    }
  });

  it('analyzes nothing when nothing changed since a ref', () => {
    git('stash', '-q', '--include-untracked');
    try {
      const run = hotpath(repoDir, 'check', '--changed-since', 'HEAD');
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, 'No findings in 0 files\n');
    } finally {
      git('stash', 'pop', '-q');
    }
  });

  it('refuses an unknown ref and a folder outside git with a usage error', () => {
    const bad = hotpath(repoDir, 'check', '--changed-since', 'no-such-branch');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^hotpath: --changed-since: unknown git revision 'no-such-branch'$/m);
    const option = hotpath(repoDir, 'check', '--changed-since', '--output=x');
    assert.equal(option.status, 2);
    const outside = tempDir('not-git');
    try {
      fs.writeFileSync(path.join(outside.dir, 'a.ts'), 'export {};\n');
      const run = hotpath(outside.dir, 'check', '--changed-since', 'HEAD');
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^hotpath: --changed-since: not a git repository/m);
    } finally {
      outside.remove();
    }
  });

  it('never lets the repository configure a program for git to run', () => {
    const marker = path.join(tmp.dir, 'fsmonitor-ran');
    const hook = path.join(tmp.dir, 'fsmonitor.sh');
    fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    git('config', 'core.fsmonitor', hook);
    try {
      const run = hotpath(repoDir, 'check', '--changed-since', 'HEAD', '--format', 'json');
      assert.equal(jsonFindings(run).length, 3, run.stderr);
      assert.equal(fs.existsSync(marker), false, 'the fsmonitor hook ran');
    } finally {
      git('config', '--unset', 'core.fsmonitor');
    }
  });
});
