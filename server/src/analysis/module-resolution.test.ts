import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveWorkspaceImport } from './module-resolution';
import { workspace } from './test-helpers';

describe('module resolution', () => {
  const files = {
    'tsconfig.json': `{
  // Next.js style
  "compilerOptions": {
    "baseUrl": ".",
    "paths": { "@/*": ["./src/*"], "@server/*": ["server/*", "legacy/*"], "config": ["./src/config/index.ts"], },
  },
}`,
    'src/lib/db.ts': 'export const db = 1;',
    'src/config/index.ts': 'export default {};',
    'legacy/old.ts': 'export {};',
    'src/users/users.service.ts': 'export class UsersService {}',
    'src/app.ts': '',
  };

  it('resolves relative specifiers as the project does', () => {
    const w = workspace(files);
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', './lib/db'), '/w/src/lib/db.ts');
  });

  it('resolves tsconfig path aliases, exact and wildcard, trying each target', () => {
    const w = workspace(files);
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', '@/lib/db'), '/w/src/lib/db.ts');
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', '@server/old'), '/w/legacy/old.ts');
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', 'config'), '/w/src/config/index.ts');
    // baseUrl makes bare specifiers resolve from it (NestJS `src/…` imports).
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', 'src/users/users.service'), '/w/src/users/users.service.ts');
  });

  it('leaves packages, built-ins and missing files unresolved', () => {
    const w = workspace(files);
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', 'express'), undefined);
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', 'node:fs'), undefined);
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', '@/missing'), undefined);
  });

  it('survives a broken or absent config', () => {
    assert.equal(resolveWorkspaceImport(workspace({ 'tsconfig.json': '{ "compilerOptions": ', 'src/a.ts': '' }).project, '/w/src/a.ts', '@/x'), undefined);
    assert.equal(resolveWorkspaceImport(workspace({ 'src/a.ts': '' }).project, '/w/src/a.ts', '@/x'), undefined);
  });

  it('makes the config a dependency of the analysis', () => {
    const w = workspace(files);
    const { dependencies } = w.project.recordDependencies(() => resolveWorkspaceImport(w.project, '/w/src/app.ts', '@/lib/db'));
    assert.ok(dependencies.has('/w/tsconfig.json'));
  });
});
