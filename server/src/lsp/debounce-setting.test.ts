/**
 * `hotpath.debounceMs` through the protocol, with the server in this process and a counting rule.
 * Its own file: closing an in-process connection ends the process (vscode-languageserver exits
 * when its input ends), so a second server cannot follow another file's in the same process.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import { createConnection } from 'vscode-languageserver/node';
import { defineRule } from '../engine/rule';
import { startServer } from './language-server';
import { TestClient } from './test-client';

const slowCalls = defineRule({
  meta: { id: 'slow-call', description: 'Calls slow()', defaultSeverity: 'warning', fixable: false },
  check(ctx) {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && n.expression.getText(ctx.doc.sourceFile) === 'slow') ctx.report({ node: n, message: 'slow call' });
      ts.forEachChild(n, visit);
    };
    visit(ctx.doc.sourceFile);
  },
});

describe('hotpath.debounceMs', () => {
  let root: string;
  let client: TestClient;
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const settings = (debounceMs: number) => ({ hotpath: { rules: {}, exclude: [], maxFileSizeKb: 1024, debounceMs }, files: { exclude: {} } });

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-lsp-debounce-')));
    fs.writeFileSync(path.join(root, 'typed.ts'), 'slow();\n');
    startServer(createConnection(toServer, toClient), { extensionRoot: '/ext', rules: [slowCalls] });
    client = await TestClient.connect(toClient, toServer, root, settings(10_000));
    await client.waitFor('the scan to end', () => client.statuses.find((s) => s.state === 'idle'));
  });

  after(async () => {
    await client?.shutdown();
    client?.connection.dispose();
    toServer.end();
    toClient.end();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('a long debounce holds an edit back until a request needs it; 0 publishes every edit', async () => {
    const uri = await client.open('typed.ts');
    const anywhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    await client.codeActions(uri, anywhere, []);
    await client.waitFor('version 1 published', () => client.publishedVersion.get(uri) === 1);
    const version = await client.edit(uri, [{ range: anywhere, text: 'slow();\n' }]);
    // The default (150 ms) would have published long before this; 10 s holds it back.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(client.publishedVersion.get(uri), 1, 'nothing published while the edit waits');
    await client.codeActions(uri, anywhere, []);
    await client.waitFor('the edit published', () => client.publishedVersion.get(uri) === version);
    assert.equal(client.diagnostics.get(uri)?.length, 2);

    client.settings = settings(0);
    await client.configurationChanged();
    await client.waitFor('the rescan to end', () => client.statuses.filter((s) => s.state === 'idle').length >= 2);
    for (let i = 0; i < 3; i++) {
      const v = await client.edit(uri, [{ range: anywhere, text: 'slow();\n' }]);
      // No request asks for it: only the zero debounce publishes it.
      await client.waitFor(`version ${v} published`, () => client.publishedVersion.get(uri) === v);
      assert.equal(client.diagnostics.get(uri)?.length, 3 + i);
    }
  });
});
