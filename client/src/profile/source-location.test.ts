import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveFrameUrl } from '../../../shared/profile-sources/source-location';

describe('which frame urls Hotpath opens', () => {
  const ws = ['/home/me/app'];
  it('file urls and absolute paths inside the workspace open directly', () => {
    assert.deepEqual(resolveFrameUrl('file:///home/me/app/src/server.js', ws), { kind: 'workspace', file: '/home/me/app/src/server.js' });
    assert.deepEqual(resolveFrameUrl('/home/me/app/lib/a%20b.js', ws), { kind: 'workspace', file: '/home/me/app/lib/a%20b.js' });
    assert.deepEqual(resolveFrameUrl('file:///home/me/app/lib/a%20b.js', ws), { kind: 'workspace', file: '/home/me/app/lib/a b.js' });
  });
  it('files outside every folder, including ../ escapes, need the user to choose', () => {
    assert.deepEqual(resolveFrameUrl('file:///etc/passwd', ws), { kind: 'outside', file: '/etc/passwd' });
    assert.deepEqual(resolveFrameUrl('file:///home/me/app/../secrets.js', ws), { kind: 'outside', file: '/home/me/secrets.js' });
    assert.deepEqual(resolveFrameUrl('/home/me/application/x.js', ws), { kind: 'outside', file: '/home/me/application/x.js' });
  });
  it('relative paths resolve against the profile folder', () => {
    assert.deepEqual(resolveFrameUrl('src/a.js', ws, '/home/me/app/profiles'), { kind: 'workspace', file: '/home/me/app/profiles/src/a.js' });
    assert.deepEqual(resolveFrameUrl('../../../x.js', ws, '/home/me/app/profiles'), { kind: 'outside', file: '/home/x.js' });
  });
  it('a profile made elsewhere is relocated into the workspace by its path\'s tail, longest first, never by a file name alone', () => {
    const present = new Set(['/home/me/app/src/db.ts', '/home/me/app/db.ts', '/home/me/app/index.js']);
    const exists = (f: string) => present.has(f);
    assert.deepEqual(resolveFrameUrl('file:///ci/build/app/src/db.ts', ws, undefined, exists), { kind: 'workspace', file: '/home/me/app/src/db.ts' });
    // build/index.js is not in the workspace, and index.js alone is too common to trust.
    assert.deepEqual(resolveFrameUrl('file:///ci/build/index.js', ws, undefined, exists), { kind: 'outside', file: '/ci/build/index.js' });
    assert.deepEqual(resolveFrameUrl('file:///ci/src/db.ts', ws), { kind: 'outside', file: '/ci/src/db.ts' }, 'without exists, no relocation');
  });
  it('never follows command:, http:, vscode: or node: urls, and says why', () => {
    for (const [url, why] of [
      ['command:workbench.action.terminal.new', /"command:"/],
      ['https://example.com/app.js', /"https:"/],
      ['vscode://file/etc/passwd', /"vscode:"/],
      ['node:internal/fs/utils', /part of Node/],
      ['', /no source file/],
    ] as const) {
      const target = resolveFrameUrl(url, ws);
      assert.equal(target.kind, 'none', url);
      assert.match(target.kind === 'none' ? target.reason : '', why);
    }
  });
});
