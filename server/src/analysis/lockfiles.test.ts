/**
 * Lockfiles read as dependency graphs, in every format a checkout commits: what each locked
 * package depends on (peer and optional dependencies included), whatever the format's quoting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lockfileFixtures } from './lockfile-fixtures';
import { MemoryFileHost } from '../engine/host';
import { lockedDependents, lockGraph, maxLockfileBytes, parseLockfile, type LockGraph } from './lockfiles';
import { workspace } from './test-helpers';

const depsOf = (g: LockGraph, name: string) => [...(g.deps.get(name) ?? [])].sort();

describe('lockfiles: one dependency graph from every format', () => {
  for (const [label, { file, text }] of Object.entries(lockfileFixtures)) {
    it(label, () => {
      const g = parseLockfile(`/ws/${file}`, text);
      assert.deepEqual(depsOf(g, '@nextcloud/moment'), ['@nextcloud/l10n', 'moment']);
      assert.deepEqual(depsOf(g, '@sentry/nestjs'), ['@nestjs/common', '@nestjs/core']);
      assert.deepEqual(depsOf(g, 'vue'), ['fsevents']);
      assert.ok(g.deps.has('moment'), 'a package without dependencies is still listed');
      assert.deepEqual(depsOf(g, 'moment'), []);
      // Workspace keys (`.`, `''`) and yarn's __metadata are no packages.
      assert.ok(![...g.deps.keys()].some((k) => k === '' || k === '.' || k.startsWith('__')), [...g.deps.keys()].join(','));
    });
  }

  it('a package-lock.json that is not JSON throws (the caller skips it with the reason)', () => {
    assert.throws(() => parseLockfile('/ws/package-lock.json', '{ "lockfileVersion": 3, '));
  });

  it('Windows line endings read the same', () => {
    const { file, text } = lockfileFixtures['yarn.lock v1']!;
    assert.deepEqual(depsOf(parseLockfile(`/ws/${file}`, text.replace(/\n/g, '\r\n')), '@nextcloud/moment'), ['@nextcloud/l10n', 'moment']);
  });
});

describe('lockfiles: which dependencies pull a package in', () => {
  const g = parseLockfile('/ws/yarn.lock', lockfileFixtures['yarn.lock v1']!.text + '\n"@nextcloud/vue@^8.0.0":\n  version "8.1.0"\n  dependencies:\n    "@nextcloud/moment" "^1.3.1"\n');
  it('directly, and through one package between', () => {
    assert.deepEqual(lockedDependents(g, ['vue', '@nextcloud/moment', 'moment'], 'moment', 1), [{ name: '@nextcloud/moment', via: [] }]);
    assert.deepEqual(lockedDependents(g, ['@nextcloud/vue'], 'moment', 1), [{ name: '@nextcloud/vue', via: ['@nextcloud/moment'] }]);
    assert.deepEqual(lockedDependents(g, ['@nextcloud/vue'], 'moment', 0), []);
  });
});

describe('lockfiles: found, cached and skipped', () => {
  it('the nearest lockfile above a folder, parsed once per version of the file', () => {
    const { project } = workspace({ 'yarn.lock': lockfileFixtures['yarn.lock v1']!.text, 'apps/web/src/a.ts': '' });
    const first = lockGraph(project, '/w/apps/web/src');
    assert.ok(first && 'graph' in first && first.graph.path === '/w/yarn.lock');
    assert.equal(lockGraph(project, '/w/apps/web'), first, 'the same version is not parsed again');
    (project.host as MemoryFileHost).write('/w/yarn.lock', 'moment@^2.30.0:\n  version "2.30.1"\n');
    project.invalidate('/w/yarn.lock');
    const second = lockGraph(project, '/w/apps/web/src');
    assert.ok(second && 'graph' in second && !second.graph.deps.has('@nextcloud/moment'));
  });

  it('a lockfile over the size limit is skipped with a reason, not read', () => {
    const { project } = workspace({ 'package-lock.json': '{' + ' '.repeat(maxLockfileBytes) + '}', 'src/a.ts': '' });
    const read = lockGraph(project, '/w/src');
    assert.ok(read && 'skipped' in read);
    assert.match(read.skipped, /^package-lock\.json not read: 25\.0 MB is over the 25 MB limit$/);
  });

  it('a broken lockfile is skipped with the parser’s reason; no lockfile gives undefined', () => {
    const { project } = workspace({ 'apps/a/package-lock.json': '{ "lockfileVersion": 3, ', 'apps/a/src/x.ts': '', 'apps/b/src/y.ts': '' });
    const read = lockGraph(project, '/w/apps/a/src');
    assert.ok(read && 'skipped' in read && /^package-lock\.json does not parse: /.test(read.skipped));
    assert.equal(lockGraph(project, '/w/apps/b/src'), undefined);
  });
});
