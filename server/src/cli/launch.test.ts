/**
 * bin/hotpath.js starts the CLI through dist/launch.js with V8's code cache: the cache must never
 * change what the CLI does, a scan writes it once, and a corrupt or foreign cache is replaced.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertBuilt, bin, copyFixture, repo, tempDir } from './testing/run-cli';

let work: { dir: string; remove: () => void };
let app: string;
let cacheDir: string;
before(() => {
  assertBuilt();
  work = tempDir('launch');
  app = copyFixture('express-app', work.dir);
  cacheDir = path.join(work.dir, 'cache');
});
after(() => work.remove());

const run = (script: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: app, encoding: 'utf8', env: { ...process.env, HOTPATH_CACHE_DIR: cacheDir, NO_COLOR: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const cacheFiles = () => (fs.existsSync(path.join(cacheDir, 'code-cache')) ? fs.readdirSync(path.join(cacheDir, 'code-cache')) : []);

describe('the launcher and its code cache', () => {
  it('writes no cache for a command that analyses nothing', () => {
    const r = run(bin, '--version');
    assert.equal(r.status, 0);
    assert.deepEqual(cacheFiles(), []);
  });

  it('gives the output of the bundle run plainly, writes the cache on the first scan and reads it after', () => {
    const plain = run(path.join(repo, 'dist/cli.js'), 'check', '.', '--format', 'json');
    assert.ok(JSON.parse(plain.stdout).findings.length > 0, 'the fixture has findings');
    const first = run(bin, 'check', '.', '--format', 'json');
    assert.deepEqual([first.status, first.stdout, first.stderr], [plain.status, plain.stdout, plain.stderr]);
    const [file, ...others] = cacheFiles();
    assert.ok(file && others.length === 0, `one cache file: ${cacheFiles().join(', ')}`);
    const written = fs.statSync(path.join(cacheDir, 'code-cache', file)).mtimeMs;
    const second = run(bin, 'check', '.', '--format', 'json');
    assert.deepEqual([second.status, second.stdout], [plain.status, plain.stdout]);
    // Accepted by V8, so not written again.
    assert.equal(fs.statSync(path.join(cacheDir, 'code-cache', file)).mtimeMs, written);
  });

  it('says where its cache folder is with --verbose, and that it is new on a first run', () => {
    const fresh = path.join(work.dir, 'fresh-cache');
    const env = { ...process.env, HOTPATH_CACHE_DIR: fresh, NO_COLOR: '' };
    const first = spawnSync(process.execPath, [bin, 'check', '.', '--verbose'], { cwd: app, encoding: 'utf8', env });
    assert.ok(first.stderr.includes(`cache folder for import sizes and the CLI's code cache: ${fresh} (new;`), first.stderr);
    assert.ok(fs.existsSync(path.join(fresh, 'code-cache')), 'the first scan made the folder and wrote the code cache');
    const second = spawnSync(process.execPath, [bin, 'check', '.', '--verbose'], { cwd: app, encoding: 'utf8', env });
    assert.ok(second.stderr.includes(`code cache: ${fresh}\n`), second.stderr);
  });

  it('runs as usual when the cache folder cannot be created', () => {
    const blocked = path.join(work.dir, 'a-file');
    fs.writeFileSync(blocked, '');
    const r = spawnSync(process.execPath, [bin, 'check', '.', '--format', 'json'], { cwd: app, encoding: 'utf8', env: { ...process.env, HOTPATH_CACHE_DIR: path.join(blocked, 'cache'), NO_COLOR: '' } });
    const plain = run(path.join(repo, 'dist/cli.js'), 'check', '.', '--format', 'json');
    assert.deepEqual([r.status, r.stdout], [plain.status, plain.stdout]);
  });

  it('replaces a corrupt cache and still runs', () => {
    const [file] = cacheFiles();
    const p = path.join(cacheDir, 'code-cache', file!);
    fs.writeFileSync(p, 'not a code cache');
    const r = run(bin, 'check', '.', '--format', 'json');
    assert.ok(JSON.parse(r.stdout).findings.length > 0);
    assert.ok(fs.statSync(p).size > 100_000, 'rewritten with real cached data');
  });
});
