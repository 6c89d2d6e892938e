import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { installDirs, installedWorkDir, installStep, notInstalled, npxTool, pnpmForLockfile, readInstallStamp } from './installed';
import { main } from './install';

const sha = 'b'.repeat(40);

/** A folder tree from { 'path/file': text }. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-install-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
  return root;
}

const emptyNpmLock = (name: string) => JSON.stringify({ name, lockfileVersion: 3, requires: true, packages: { '': { name, version: '1.0.0' } } });

describe('which folders an app installs in', () => {
  it('takes the nearest lockfile at or above the scored root (a monorepo installs at its top)', () => {
    const top = tree({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'apps/web/package.json': '{}' });
    try {
      assert.deepEqual(installDirs(top, 'apps/web'), ['.']);
    } finally {
      fs.rmSync(top, { recursive: true, force: true });
    }
  });

  it('looks below the root when nothing above has one, leaving e2e and docs lockfiles aside', () => {
    const top = tree({ 'web/pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'e2e/package-lock.json': '{}', 'docs/yarn.lock': '', 'src/mail/templates/package-lock.json': '{}' });
    try {
      assert.deepEqual(installDirs(top, '.'), ['web']);
      assert.deepEqual(installDirs(top, '.', ['src-ui']), ['src-ui'], 'a label file that names the folders wins');
    } finally {
      fs.rmSync(top, { recursive: true, force: true });
    }
  });
});

describe('the install command of a lockfile', () => {
  const stepOf = (files: Record<string, string>, dir = '.') => {
    const top = tree(files);
    try {
      return installStep(top, dir);
    } finally {
      fs.rmSync(top, { recursive: true, force: true });
    }
  };

  it('never runs package scripts, whatever the package manager', () => {
    const steps = [
      stepOf({ 'package-lock.json': '{}' }),
      stepOf({ 'npm-shrinkwrap.json': '{}' }),
      stepOf({ 'yarn.lock': '# yarn lockfile v1\n' }),
      stepOf({ 'yarn.lock': '__metadata:\n  version: 8\n', 'package.json': '{"packageManager":"yarn@4.5.0"}' }),
      stepOf({ 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" }),
      stepOf({ 'bun.lock': '{}' }),
    ];
    for (const s of steps) {
      assert.ok(s);
      for (const c of s.commands) assert.ok(c.includes('--ignore-scripts') || (c.some((a) => a.includes('--mode=skip-build')) && s.env?.YARN_ENABLE_SCRIPTS === 'false'), c.join(' '));
    }
    assert.deepEqual(steps.map((s) => s!.commands[0]!.slice(0, 3).join(' ')), ['npm ci --ignore-scripts', 'npm ci --ignore-scripts', 'npx --yes yarn@1', 'npx --yes -p', 'npx --yes -p', 'npx --yes bun@1']);
    assert.equal(steps[3]!.env?.YARN_NODE_LINKER, 'node-modules', "Yarn berry installs node_modules, not Plug'n'Play, as editors resolve it");
    assert.equal(stepOf({ 'package.json': '{}' }), undefined);
  });

  it('fetches the package manager outside the app, so the app’s overrides do not apply to fetching it', () => {
    const s = stepOf({ 'bun.lock': '{}' })!;
    assert.equal(s.cwd, 'tools');
    assert.ok(s.commands[0]!.includes('{dir}'));
    assert.equal(stepOf({ 'package-lock.json': '{}' })!.cwd, 'dir');
  });

  it('picks pnpm by packageManager when it can read the lockfile, then by the lockfile’s format', () => {
    assert.deepEqual([pnpmForLockfile('5.3'), pnpmForLockfile('5.4'), pnpmForLockfile('6.0'), pnpmForLockfile('9.0')], ['6', '7', '8', '9']);
    const pinned = stepOf({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'package.json': '{"packageManager":"pnpm@11.0.1+sha512.abc"}' })!;
    assert.deepEqual(pinned.commands.map((c) => c.slice(0, c.indexOf('--dir')).join(' ')), [
      `npx --yes ${Number.parseInt(process.versions.node, 10) < 22 ? '-p node@24 ' : ''}-p pnpm@11.0.1 pnpm`,
      'npx --yes -p pnpm@10 pnpm',
    ]);
    assert.deepEqual(npxTool('pnpm@11', 'pnpm', 22, '20.1.0'), ['npx', '--yes', '-p', 'node@24', '-p', 'pnpm@11', 'pnpm'], 'pnpm 11 needs Node 22: Node comes from npm as well');
    assert.deepEqual(npxTool('pnpm@11', 'pnpm', 22, '24.0.0'), ['npx', '--yes', '-p', 'pnpm@11', 'pnpm']);
    const tooOld = stepOf({ 'pnpm-lock.yaml': 'lockfileVersion: 5.4\n', 'package.json': '{"packageManager":"pnpm@6.0.0"}' })!;
    assert.deepEqual(tooOld.commands.map((c) => c[3]), ['pnpm@7']);
  });
});

describe('install.ts on apps', () => {
  it('installs into a copy, leaves the checkout alone, and reports a failed app without stopping', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-install-'));
    const work = path.join(root, 'work');
    const labels = path.join(root, 'labels');
    fs.mkdirSync(labels);
    const app = (name: string, files: Record<string, string>) => {
      for (const [f, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(work, name, f)), { recursive: true });
        fs.writeFileSync(path.join(work, name, f), text);
      }
      fs.writeFileSync(path.join(labels, `${name}.heavy-import.json`), JSON.stringify({ app: name, repo: `acme/${name}`, commit: sha, split: 'holdout', rule: 'heavy-import', labels: [] }));
    };
    // A local dependency: npm ci succeeds without the network; its install script must not run.
    const goodLock = {
      name: 'good',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: 'good', version: '1.0.0', dependencies: { dep: 'file:dep' } }, dep: { version: '1.0.0' }, 'node_modules/dep': { resolved: 'dep', link: true } },
    };
    app('good', {
      'package.json': JSON.stringify({ name: 'good', version: '1.0.0', dependencies: { dep: 'file:dep' }, scripts: { postinstall: 'node -e "require(\'fs\').writeFileSync(\'ran\', \'\')"' } }),
      'package-lock.json': JSON.stringify(goodLock),
      'dep/package.json': JSON.stringify({ name: 'dep', version: '1.0.0', scripts: { install: 'node -e "require(\'fs\').writeFileSync(\'ran\', \'\')"' } }),
    });
    app('broken', { 'package.json': '{ not json', 'package-lock.json': emptyNpmLock('broken') });
    app('nolock', { 'package.json': '{}' });
    try {
      const out: string[] = [];
      assert.equal(main(['--work', work, '--labels', labels, '--timeout', '3'], (s) => out.push(s)), 1);
      const text = out.join('\n');
      const installed = installedWorkDir(work);
      assert.match(text, /^good: installed: \. \(package-lock\.json\) with `npm ci --ignore-scripts/m);
      assert.match(text, /^broken: FAILED: \. \(package-lock\.json\) FAILED after \d+ s: npm exited 1: .*JSON/m);
      assert.match(text, /^nolock: FAILED: no lockfile/m);
      assert.match(text, /2 of 3 app\(s\) not installed/);
      assert.ok(fs.existsSync(path.join(installed, 'good', 'node_modules', 'dep', 'package.json')), 'installed');
      assert.ok(!fs.existsSync(path.join(installed, 'good', 'ran')) && !fs.existsSync(path.join(installed, 'good', 'dep', 'ran')), 'no script ran');
      assert.ok(!fs.existsSync(path.join(work, 'good', 'node_modules')), 'the plain checkout stays without node_modules');
      assert.equal(notInstalled(path.join(installed, 'good'), sha), undefined);
      assert.match(notInstalled(path.join(installed, 'good'), 'c'.repeat(40))!, /install again/);
      assert.match(notInstalled(path.join(installed, 'broken'), sha)!, /install failed in \. \(package-lock\.json\)/);
      assert.match(notInstalled(path.join(installed, 'missing'), sha)!, /no installed copy/);
      assert.equal(readInstallStamp(path.join(installed, 'broken'))!.ok, false);
      const again: string[] = [];
      main(['--work', work, '--labels', labels, '--app', 'good'], (s) => again.push(s));
      assert.deepEqual(again, [`good: already installed at ${sha.slice(0, 10)}`]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(installedWorkDir(work), { recursive: true, force: true });
    }
  });
});
