import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveWorkspaceImport } from './module-resolution';
import { pnpmPackages } from './workspace-packages';
import { readManifest } from './installed-packages';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
import { workspace } from './test-helpers';

/** Where `specifier` imported from apps/web/src/page.ts leads, relative to the workspace root. */
function resolve(files: Record<string, string>, specifier: string): string | undefined {
  const w = workspace({ 'apps/web/src/page.ts': '', ...files });
  const from = w.doc('apps/web/src/page.ts').path;
  const root = from.slice(0, -'apps/web/src/page.ts'.length);
  return resolveWorkspaceImport(w.project, from, specifier)?.slice(root.length);
}

/** Each specifier resolves (from apps/web/src/page.ts) where the table says. */
function assertResolves(files: Record<string, string>, expected: Record<string, string | undefined>): void {
  for (const [specifier, file] of Object.entries(expected)) assert.equal(resolve(files, specifier), file, specifier);
}

const npmRoot = { 'package.json': `{ "name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"] }` };

describe('workspace packages: a monorepo imports its own packages by name', () => {
  it('reads a package.json without spoiling what readManifest makes of the same file', () => {
    // Both once kept their parse under one memo key: whichever ran second got the other's shape
    // (heavy-import crashed on 'dependencies' of undefined after a workspace import was resolved).
    const w = workspace({ ...npmRoot, 'apps/web/package.json': '{ "name": "web" }', 'apps/web/src/page.ts': '' });
    resolveWorkspaceImport(w.project, w.doc('apps/web/src/page.ts').path, 'react');
    const root = w.doc('apps/web/src/page.ts').path.slice(0, -'apps/web/src/page.ts'.length);
    assert.deepEqual(readManifest(w.project, `${root}package.json`)?.dependencies, {});
  });

  it("follows a package committed in the project's own node_modules (node-red: packages/node_modules/@node-red/*), only when the file list holds it", () => {
    const files = {
      'packages/node_modules/@acme/runtime/package.json': `{ "name": "@acme/runtime", "main": "./lib/index.js" }`,
      'packages/node_modules/@acme/runtime/lib/index.js': '',
      'packages/node_modules/@acme/api/lib/index.js': '',
      'node_modules/express/package.json': `{ "name": "express", "main": "index.js" }`,
      'node_modules/express/index.js': '',
    };
    const w = workspace(files);
    const from = w.doc('packages/node_modules/@acme/api/lib/index.js').path;
    const root = from.slice(0, -'packages/node_modules/@acme/api/lib/index.js'.length);
    const listed = [`${root}packages/node_modules/@acme/runtime/lib/index.js`, from];
    w.project.listFiles = () => listed;
    assert.equal(resolveWorkspaceImport(w.project, from, '@acme/runtime')?.slice(root.length), 'packages/node_modules/@acme/runtime/lib/index.js');
    // An installed dependency is not the project's own code, though Node would find it the same way.
    assert.equal(resolveWorkspaceImport(w.project, from, 'express'), undefined);
  });

  it('follows npm workspaces to the package main (documenso: "main": "./index.ts")', () => {
    const files = { ...npmRoot, 'packages/prisma/package.json': `{ "name": "@acme/prisma", "main": "./index.ts" }`, 'packages/prisma/index.ts': '' };
    assert.equal(resolve(files, '@acme/prisma'), 'packages/prisma/index.ts');
  });

  it('follows Yarn 1 `workspaces.packages` and pnpm-workspace.yaml', () => {
    const pkg = { 'packages/db/package.json': `{ "name": "db" }`, 'packages/db/src/index.ts': '' };
    assert.equal(resolve({ 'package.json': `{ "workspaces": { "packages": ["packages/*"], "nohoist": [] } }`, ...pkg }, 'db'), 'packages/db/src/index.ts');
    const yaml = `# comment\npackages:\n  - 'apps/*'\n  - "packages/*" # libs\n  - '!**/test/**'\ncatalog:\n  react: ^19\n`;
    assert.equal(resolve({ 'package.json': '{}', 'pnpm-workspace.yaml': yaml, ...pkg }, 'db'), 'packages/db/src/index.ts');
    assert.deepEqual(pnpmPackages(yaml), ['apps/*', 'packages/*', '!**/test/**']);
  });

  it('reads `exports`: conditions, subpaths and patterns, and skips declaration files', () => {
    const files = {
      ...npmRoot,
      'packages/ui/package.json': JSON.stringify({
        name: '@acme/ui',
        exports: { '.': { types: './dist/index.d.ts', import: './src/index.ts' }, './button': './src/button.tsx', './icons/*': { default: './src/icons/*.tsx' } },
      }),
      'packages/ui/src/index.ts': '',
      'packages/ui/src/button.tsx': '',
      'packages/ui/src/icons/arrow.tsx': '',
      'packages/ui/dist/index.d.ts': '',
    };
    assertResolves(files, { '@acme/ui': 'packages/ui/src/index.ts', '@acme/ui/button': 'packages/ui/src/button.tsx', '@acme/ui/icons/arrow': 'packages/ui/src/icons/arrow.tsx' });
  });

  it('finds a package whose folder is named otherwise than the package (pnpm `packages/**`)', () => {
    const files = {
      'pnpm-workspace.yaml': "packages:\n  - 'packages/**'\n",
      'packages/hoppscotch-js-sandbox/package.json': JSON.stringify({ name: '@hoppscotch/js-sandbox', exports: { './web': { types: './dist/web.d.ts', import: './dist/web.js' } } }),
      'packages/hoppscotch-js-sandbox/src/web/index.ts': 'export {};',
      'packages/tools/ui-kit/package.json': JSON.stringify({ name: '@acme/ui', main: 'src/index.ts' }),
      'packages/tools/ui-kit/src/index.ts': 'export {};',
    };
    assertResolves(files, { '@hoppscotch/js-sandbox/web': 'packages/hoppscotch-js-sandbox/src/web/index.ts', '@acme/ui': 'packages/tools/ui-kit/src/index.ts', '@acme/missing': undefined });
  });

  it('reads an import of the build folder (`@redash/viz/lib`) as the package source entry, not a src/lib folder', () => {
    const files = {
      ...npmRoot,
      'packages/viz-lib/package.json': JSON.stringify({ name: '@redash/viz', main: 'dist/redash-visualizations.js' }),
      'packages/viz-lib/src/index.ts': 'export {};',
      'packages/viz-lib/src/lib/value-format.ts': 'export {};',
      'packages/viz-lib/src/lib/index.ts': 'export {};',
      'packages/viz-lib/src/components/ErrorBoundary.tsx': 'export {};',
    };
    assertResolves(files, { '@redash/viz/lib': 'packages/viz-lib/src/index.ts', '@redash/viz/lib/components/ErrorBoundary': 'packages/viz-lib/src/components/ErrorBoundary.tsx' });
  });

  it('finds the source when main points at an unbuilt dist/', () => {
    const files = { ...npmRoot, 'packages/api/package.json': `{ "name": "@acme/api", "main": "dist/index.js", "types": "dist/index.d.ts" }`, 'packages/api/src/index.ts': '' };
    assert.equal(resolve(files, '@acme/api'), 'packages/api/src/index.ts');
  });

  it('answers again after a file event: a package created later resolves once the server hears of it', () => {
    const host = new MemoryFileHost({ '/w/package.json': npmRoot['package.json'], '/w/apps/web/src/page.ts': '' });
    const project = new Project(host);
    const from = '/w/apps/web/src/page.ts';
    assert.equal(resolveWorkspaceImport(project, from, '@acme/db'), undefined);
    host.write('/w/packages/db/package.json', '{ "name": "@acme/db", "main": "index.ts" }');
    host.write('/w/packages/db/index.ts', '');
    assert.equal(resolveWorkspaceImport(project, from, '@acme/db'), undefined, 'remembered until a file event');
    project.invalidate('/w/packages/db/package.json');
    project.invalidate('/w/packages/db/index.ts');
    assert.equal(resolveWorkspaceImport(project, from, '@acme/db'), '/w/packages/db/index.ts');
  });

  it('resolves nothing for npm packages, name mismatches and repositories without workspaces', () => {
    const pkg = { 'packages/prisma/package.json': `{ "name": "@other/prisma", "main": "index.ts" }`, 'packages/prisma/index.ts': '' };
    assert.equal(resolve({ ...npmRoot, ...pkg }, '@acme/prisma'), undefined, 'the folder matches but the name does not');
    assert.equal(resolve({ ...npmRoot, ...pkg }, 'react'), undefined);
    assert.equal(resolve({ ...npmRoot, ...pkg }, '@other/prisma/../../secret'), undefined);
    const plain = { 'package.json': `{ "name": "app" }`, 'packages/db/package.json': `{ "name": "db" }`, 'packages/db/index.ts': '' };
    assert.equal(resolve(plain, 'db'), undefined, 'no workspaces field: packages/ is just a folder');
  });
});
