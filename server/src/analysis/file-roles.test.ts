import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nonServerReason } from './file-roles';

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
    assert.equal(nonServerReason('/w/prisma/seed.ts', ''), 'migration or seed');
    assert.equal(nonServerReason('/w/src/resize.ts', "import { parentPort } from 'worker_threads';"), 'worker code');
    assert.equal(nonServerReason('/w/src/image.worker.ts', ''), 'worker code');
  });

  it('leaves application code alone', () => {
    assert.equal(nonServerReason('/w/src/routes/users.ts', "import express from 'express';"), undefined);
    assert.equal(nonServerReason('/w/src/testimonials.ts', ''), undefined);
    assert.equal(nonServerReason('/w/src/seeding-status.ts', ''), undefined);
    assert.equal(nonServerReason('/w/app/api/config/route.ts', ''), undefined);
  });
});
