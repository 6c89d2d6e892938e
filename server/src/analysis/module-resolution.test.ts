import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveWorkspaceImport } from './module-resolution';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
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

  it('an answer asked again records what the first one read, and a created file or an edited config is seen', () => {
    const host = new MemoryFileHost({ '/w/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }), '/w/src/app.ts': '' });
    const project = new Project(host);
    const ask = (specifier: string) => project.recordDependencies(() => resolveWorkspaceImport(project, '/w/src/app.ts', specifier));
    // A miss rests on the paths tried: asked twice, both analyses depend on them (and on the config).
    for (let i = 0; i < 2; i++) {
      const miss = ask('./lib/db');
      assert.equal(miss.result, undefined);
      assert.equal(miss.uses.get('/w/src/lib/db.ts'), 'imports', `ask ${i + 1}: the missing file is a dependency`);
      const alias = ask('@/lib/db');
      assert.equal(alias.result, undefined);
      assert.ok(alias.uses.has('/w/tsconfig.json'), `ask ${i + 1}: the config is a dependency`);
    }
    host.write('/w/src/lib/db.ts', 'export const db = 1;');
    project.invalidate('/w/src/lib/db.ts');
    assert.equal(ask('./lib/db').result, '/w/src/lib/db.ts');
    assert.equal(ask('@/lib/db').result, '/w/src/lib/db.ts');
    // An edit of the config in an editor changes the answer without any file event.
    project.openDocument('/w/tsconfig.json', JSON.stringify({ compilerOptions: { paths: { '@/*': ['./lib/*'] } } }), 2);
    assert.equal(ask('@/lib/db').result, undefined);
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

  it('answers an alias anew once a file is created or deleted (answers are kept per config version)', () => {
    const w = workspace(files);
    const host = w.project.host as MemoryFileHost;
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', '@/lib/cache'), undefined);
    host.write('/w/src/lib/cache.ts', 'export const cache = 1;');
    w.project.invalidate('/w/src/lib/cache.ts');
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', '@/lib/cache'), '/w/src/lib/cache.ts');
    // Asked from another folder, the same alias gives the same file.
    assert.equal(resolveWorkspaceImport(w.project, '/w/legacy/old.ts', '@/lib/cache'), '/w/src/lib/cache.ts');
    host.delete('/w/src/lib/cache.ts');
    w.project.invalidate('/w/src/lib/cache.ts');
    assert.equal(resolveWorkspaceImport(w.project, '/w/src/app.ts', '@/lib/cache'), undefined);
  });

  it('makes the config a dependency of the analysis', () => {
    const w = workspace(files);
    const { dependencies } = w.project.recordDependencies(() => resolveWorkspaceImport(w.project, '/w/src/app.ts', '@/lib/db'));
    assert.ok(dependencies.has('/w/tsconfig.json'));
  });

  it('follows tsconfig extends for paths: an Nx app config extending tsconfig.base.json', () => {
    const w = workspace({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@acme/ui': ['libs/ui/src/index.ts'], '@acme/common/*': ['libs/common/src/lib/*'] } } }),
      'apps/client/tsconfig.json': `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }`,
      'apps/client/src/app/app.component.ts': '',
      'libs/ui/src/index.ts': 'export {};',
      'libs/common/src/lib/helper.ts': 'export {};',
    });
    assert.equal(resolveWorkspaceImport(w.project, '/w/apps/client/src/app/app.component.ts', '@acme/ui'), '/w/libs/ui/src/index.ts');
    assert.equal(resolveWorkspaceImport(w.project, '/w/apps/client/src/app/app.component.ts', '@acme/common/helper'), '/w/libs/common/src/lib/helper.ts');
    const { dependencies } = w.project.recordDependencies(() => resolveWorkspaceImport(w.project, '/w/apps/client/src/app/app.component.ts', '@acme/ui'));
    assert.ok(dependencies.has('/w/tsconfig.base.json'), 'the extended config is a dependency too');
    // Composed once, but an edit of the base config is seen.
    const again = w.project.recordDependencies(() => resolveWorkspaceImport(w.project, '/w/apps/client/src/app/app.component.ts', '@acme/ui'));
    assert.ok(again.dependencies.has('/w/tsconfig.base.json'), 'a cached chain still records the extended config');
    w.project.openDocument('/w/tsconfig.base.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@acme/ui': ['libs/common/src/lib/helper.ts'] } } }), 2);
    assert.equal(resolveWorkspaceImport(w.project, '/w/apps/client/src/app/app.component.ts', '@acme/ui'), '/w/libs/common/src/lib/helper.ts');
  });

  it('takes paths from the nearest config that sets them, relative to its own folder without a baseUrl', () => {
    const w = workspace({
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./shared/*'] } } }),
      // An array, the later entry winning; a path written without .json.
      'web/tsconfig.json': JSON.stringify({ extends: ['../tsconfig.json', './tsconfig.paths'] }),
      'web/tsconfig.paths.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'web/src/a.ts': '',
      'shared/a.ts': '',
      // A cycle ends the walk instead of hanging it.
      'loop/tsconfig.json': JSON.stringify({ extends: './tsconfig.json' }),
      'loop/b.ts': '',
    });
    assert.equal(resolveWorkspaceImport(w.project, '/w/web/src/x.ts', '@/a'), '/w/web/src/a.ts');
    assert.equal(resolveWorkspaceImport(w.project, '/w/loop/b.ts', '@/a'), undefined);
  });
});
