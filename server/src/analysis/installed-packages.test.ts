import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findInstalledPackage, resolveEntry, resolveExports, type InstalledPackage } from './installed-packages';
import { MemoryFileHost } from '../engine/host';
import { workspace } from './test-helpers';

const installed = (manifest: Record<string, unknown>): InstalledPackage => {
  const m = { name: 'p', version: '1.0.0', dependencies: {}, devDependencies: {}, peerDependencies: {}, ...manifest } as InstalledPackage['manifest'];
  return { name: m.name, version: m.version, dir: '/x', manifest: m };
};

describe('findInstalledPackage', () => {
  const { project } = workspace({
    'node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '4.17.21' }),
    'node_modules/@scope/ui/package.json': JSON.stringify({ name: '@scope/ui', version: '2.0.0', peerDependencies: { react: '*' } }),
    'packages/web/node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '3.10.1' }),
    'packages/web/src/a.ts': '',
    'packages/api/src/b.ts': '',
    'node_modules/broken/package.json': '{ not json',
  });
  it('finds the nearest copy, then hoisted ones', () => {
    assert.equal(findInstalledPackage(project, '/w/packages/web/src/a.ts', 'lodash')?.version, '3.10.1');
    assert.equal(findInstalledPackage(project, '/w/packages/api/src/b.ts', 'lodash/debounce')?.version, '4.17.21');
    const ui = findInstalledPackage(project, '/w/packages/api/src/b.ts', '@scope/ui/button');
    assert.deepEqual([ui?.name, ui?.dir, ui?.manifest.peerDependencies], ['@scope/ui', '/w/node_modules/@scope/ui', { react: '*' }]);
  });
  it('a package installed after a lookup is found once the file event arrives (the per-folder answers are dropped)', () => {
    const { project } = workspace({ 'apps/web/src/a.ts': '' });
    assert.equal(findInstalledPackage(project, '/w/apps/web/src/a.ts', 'moment'), undefined);
    (project.host as MemoryFileHost).write('/w/node_modules/moment/package.json', JSON.stringify({ name: 'moment', version: '2.30.1' }));
    project.invalidate('/w/node_modules/moment/package.json');
    assert.equal(findInstalledPackage(project, '/w/apps/web/src/a.ts', 'moment')?.version, '2.30.1');
  });
  it('gives up on missing packages and unreadable manifests', () => {
    assert.equal(findInstalledPackage(project, '/w/packages/api/src/b.ts', 'missing'), undefined);
    assert.equal(findInstalledPackage(project, '/w/packages/api/src/b.ts', 'broken'), undefined);
  });
});

describe('resolveEntry (browser conditions)', () => {
  it('prefers exports conditions in the author’s order, with browser and import over require', () => {
    const dual = installed({ exports: { '.': { types: './i.d.ts', browser: './browser.mjs', import: './esm.mjs', require: './cjs.cjs' } } });
    assert.deepEqual(resolveEntry(dual, 'p'), { file: 'browser.mjs', via: 'exports', format: 'esm' });
    const noBrowser = installed({ exports: { import: './esm/index.js', require: './cjs/index.js' } });
    assert.deepEqual(resolveEntry(noBrowser, 'p'), { file: 'esm/index.js', via: 'exports', format: 'esm' });
    const cjsOnly = installed({ exports: { '.': './index.js' } });
    assert.deepEqual(resolveEntry(cjsOnly, 'p'), { file: 'index.js', via: 'exports', format: 'cjs' });
  });
  it('resolves subpath patterns and refuses unexported subpaths', () => {
    const icons = installed({ exports: { '.': './index.js', './icons/*': { default: './dist/icons/*.mjs' } } });
    assert.deepEqual(resolveEntry(icons, 'p/icons/camera'), { file: 'dist/icons/camera.mjs', via: 'exports', format: 'esm' });
    assert.equal(resolveEntry(icons, 'p/internal/x'), undefined);
    assert.equal(resolveExports({ './a': null }, './a'), undefined);
  });
  it('uses browser, then module, then main without exports; the browser map swaps files', () => {
    assert.deepEqual(resolveEntry(installed({ main: 'node.js', browser: 'browser.js', module: 'esm.js' }), 'p'), { file: 'browser.js', via: 'browser', format: 'cjs' });
    assert.deepEqual(resolveEntry(installed({ main: 'index.js', module: 'index.esm.js' }), 'p'), { file: 'index.esm.js', via: 'module', format: 'esm' });
    assert.deepEqual(resolveEntry(installed({ main: './lib/node.js', browser: { './lib/node.js': './lib/browser.js' } }), 'p'), { file: 'lib/browser.js', via: 'browser', format: 'cjs' });
    assert.deepEqual(resolveEntry(installed({ type: 'module' }), 'p'), { file: 'index.js', via: 'main', format: 'esm' });
    assert.deepEqual(resolveEntry(installed({}), 'p/debounce'), { file: 'debounce', via: 'main', format: 'cjs' });
  });
});
