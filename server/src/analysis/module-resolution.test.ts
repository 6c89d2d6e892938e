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

  it('follows a relative `extends` to the config that declares the aliases (Nx: tsconfig.base.json)', () => {
    const w = workspace({
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@acme/api/*": ["apps/api/src/*"] } } }',
      'apps/api/tsconfig.json': '{ "extends": "../../tsconfig.base.json", "compilerOptions": { "outDir": "../../dist" } }',
      'apps/api/tsconfig.app.json': '{ "extends": ["@tsconfig/node20/tsconfig.json", "./tsconfig"] }',
      'apps/api/src/services/prisma.service.ts': 'export class PrismaService {}',
      'apps/api/src/app/app.ts': '',
    });
    assert.equal(resolveWorkspaceImport(w.project, '/w/apps/api/src/app/app.ts', '@acme/api/services/prisma.service'), '/w/apps/api/src/services/prisma.service.ts');
    const { dependencies } = w.project.recordDependencies(() => resolveWorkspaceImport(w.project, '/w/apps/api/src/app/app.ts', '@acme/api/services/prisma.service'));
    assert.ok(dependencies.has('/w/tsconfig.base.json'));
    // A config with aliases of its own does not take its parent's.
    const own = workspace({
      'tsconfig.base.json': '{ "compilerOptions": { "paths": { "@base/*": ["lib/*"] } } }',
      'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "paths": { "@/*": ["src/*"] } } }',
      'lib/x.ts': '',
      'src/a.ts': '',
    });
    assert.equal(resolveWorkspaceImport(own.project, '/w/src/a.ts', '@base/x'), undefined);
  });

  it('makes the config a dependency of the analysis', () => {
    const w = workspace(files);
    const { dependencies } = w.project.recordDependencies(() => resolveWorkspaceImport(w.project, '/w/src/app.ts', '@/lib/db'));
    assert.ok(dependencies.has('/w/tsconfig.json'));
  });
});
