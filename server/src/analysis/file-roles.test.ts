import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileRole, nonServerReason, packageRoot } from './file-roles';
import { workspace } from './test-helpers';

describe('file roles', () => {
  it('names the reason a file is not request-time code', () => {
    assert.equal(nonServerReason('/w/src/users.test.ts', ''), 'test code');
    assert.equal(nonServerReason('/w/src/__tests__/users.ts', ''), 'test code');
    assert.equal(nonServerReason('/w/e2e/login.ts', ''), 'test code');
    assert.equal(nonServerReason('/w/scripts/build.mjs', ''), 'script or CLI');
    assert.equal(nonServerReason('/w/bin/cli.js', ''), 'script or CLI');
    assert.equal(nonServerReason('/w/src/tool.ts', '#!/usr/bin/env node\n'), 'script or CLI');
    assert.equal(nonServerReason('/w/vite.config.ts', ''), 'build configuration');
    assert.equal(nonServerReason('/w/next.config.mjs', ''), 'build configuration');
    assert.equal(nonServerReason('/w/db/migrations/001.ts', ''), 'migration or seed');
    // NodeBB's schema upgrades: one-off data migrations run by `nodebb upgrade`.
    assert.equal(nonServerReason('/w/src/upgrades/1.10.2/event_filters.js', ''), 'migration or seed');
    assert.equal(nonServerReason('/w/prisma/seed.ts', ''), 'migration or seed');
    assert.equal(nonServerReason('/w/src/resize.ts', "import { parentPort } from 'worker_threads';"), 'worker code');
    assert.equal(nonServerReason('/w/src/image.worker.ts', ''), 'worker code');
    assert.equal(nonServerReason('/w/src/thumbnail.ts', "const { workerData } = require('worker_threads');\nmakeThumbnail(workerData.id);"), 'worker code');
  });

  it('keeps the server that starts a worker thread (it hands workerData over, it does not read it)', () => {
    const server = "import fastify from 'fastify';\nimport { Worker } from 'worker_threads';\nconst server = fastify();\nserver.post('/thumbs', async () => { new Worker('./dist/worker/thumbnail.js', { workerData: { id: 1 } }); });\n";
    assert.equal(nonServerReason('/w/src/server/index.ts', server), undefined);
    assert.equal(nonServerReason('/w/src/server/index.ts', server.replace('{ workerData: { id: 1 } }', '{ workerData }')), undefined);
  });

  it('looks at folder names below the package root only', () => {
    assert.equal(nonServerReason('/home/me/tests/api/src/routes.ts', '', '/home/me/tests/api'), undefined);
    assert.equal(nonServerReason('/home/me/tests/api/test/routes.ts', '', '/home/me/tests/api'), 'test code');
    assert.equal(nonServerReason('/home/me/tests/api/src/routes.test.ts', '', '/home/me/tests/api'), 'test code');
  });

  it('finds the package root', () => {
    const w = workspace({ 'package.json': '{}', 'packages/api/package.json': '{}', 'packages/api/src/a.ts': '', 'tools/x.ts': '' });
    assert.equal(packageRoot(w.project, '/w/packages/api/src/a.ts'), '/w/packages/api');
    assert.equal(packageRoot(w.project, '/w/tools/x.ts'), '/w');
    assert.equal(packageRoot(workspace({ 'a.ts': '' }).project, '/w/a.ts'), '');
  });

  it('judges folders below the nearest package.json that names a package, and knows oclif commands', () => {
    const w = workspace({
      'package.json': '{ "name": "builder", "workspaces": ["packages/*"] }',
      'packages/data/package.json': '{ "name": "@builder/data" }',
      // Only says how the migrations load: the folder is still `migrations/` of @builder/data.
      'packages/data/migrations/package.json': '{ "type": "commonjs" }',
      'packages/data/migrations/202102091312.js': '',
      'packages/data/models/table.ts': '',
      'packages/cli/package.json': '{ "name": "@builder/cli", "oclif": { "commands": "./src/commands" } }',
      'packages/cli/src/commands/backup.js': '',
      'packages/cli/src/common.js': '',
      'packages/bot/package.json': '{ "name": "bot" }',
      'packages/bot/src/commands/purge.js': '',
      'bin/package.json': '{ "name": "bin" }',
      'bin/migrateDB.ts': '',
      'tests/package.json': '{ "name": "tests" }',
      'tests/backend/specs/api.ts': '',
    });
    assert.equal(fileRole(w.project, '/w/packages/data/migrations/202102091312.js', ''), 'migration or seed');
    assert.equal(fileRole(w.project, '/w/packages/data/models/table.ts', ''), undefined);
    assert.equal(fileRole(w.project, '/w/packages/cli/src/commands/backup.js', ''), 'script or CLI');
    assert.equal(fileRole(w.project, '/w/packages/cli/src/common.js', ''), undefined);
    assert.equal(fileRole(w.project, '/w/packages/bot/src/commands/purge.js', ''), undefined);
    assert.equal(fileRole(w.project, '/w/bin/migrateDB.ts', ''), 'script or CLI', "a monorepo's package kept in bin/");
    assert.equal(fileRole(w.project, '/w/tests/backend/specs/api.ts', ''), 'test code');
    const lone = workspace({ 'bin/package.json': '{ "name": "bin" }', 'bin/src/server.ts': '' });
    assert.equal(fileRole(lone.project, '/w/bin/src/server.ts', ''), undefined, 'a lone package in a folder named bin is still an app');
    assert.equal(nonServerReason('/w/src/db/fixtures.ts', ''), 'test code');
    assert.equal(nonServerReason('/w/src/__fixtures__/users.ts', ''), 'test code');
  });

  it("reads a file-system router's folders as URL segments, not roles", () => {
    // Next.js: GET /api/backup/migrations, POST /api/workers/retry, /api/scripts are routes.
    assert.equal(nonServerReason('/w/apps/web/src/app/api/backup/migrations/route.ts', '', '/w/apps/web'), undefined);
    assert.equal(nonServerReason('/w/src/app/api/workers/[id]/retry/route.ts', '', '/w'), undefined);
    assert.equal(nonServerReason('/w/src/pages/api/scripts/run.ts', '', '/w'), undefined);
    assert.equal(nonServerReason('/w/app/routes/seeds.$id.tsx', '', '/w'), undefined);
    // Folders above the router still say what the code is; a migration beside the app is one.
    assert.equal(nonServerReason('/w/e2e/app/api/health/route.ts', '', '/w'), 'test code');
    assert.equal(nonServerReason('/w/src/app/api/users/route.test.ts', '', '/w'), 'test code');
    assert.equal(nonServerReason('/w/src/migrations/001-init.ts', '', '/w'), 'migration or seed');
    assert.equal(nonServerReason('/w/src/app/migrations/page.tsx', '', '/w'), 'migration or seed');
  });

  it('leaves application code alone', () => {
    assert.equal(nonServerReason('/w/src/routes/users.ts', "import express from 'express';"), undefined);
    assert.equal(nonServerReason('/w/src/testimonials.ts', ''), undefined);
    assert.equal(nonServerReason('/w/src/seeding-status.ts', ''), undefined);
    assert.equal(nonServerReason('/w/app/api/config/route.ts', ''), undefined);
  });
});
