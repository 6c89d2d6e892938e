/**
 * The server in this process, with test rules injected, over in-memory streams: what the built
 * server cannot show because its rules never throw on purpose and cannot be counted.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import { createConnection } from 'vscode-languageserver/node';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { defineRule } from '../engine/rule';
import { startServer } from './language-server';
import { TestClient } from './test-client';

/** How often each file was checked, to prove what was (not) re-analysed. */
const checks = new Map<string, number>();

const slowCalls = defineRule({
  meta: { id: 'slow-call', description: 'Calls slow()', defaultSeverity: 'warning', fixable: false },
  check(ctx) {
    checks.set(ctx.doc.path, (checks.get(ctx.doc.path) ?? 0) + 1);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && n.expression.getText(ctx.doc.sourceFile) === 'slow') ctx.report({ node: n, message: 'slow call' });
      ts.forEachChild(n, visit);
    };
    visit(ctx.doc.sourceFile);
  },
});

const throwing = defineRule({
  meta: { id: 'throws', description: 'Throws on boom', defaultSeverity: 'error', fixable: false },
  check(ctx) {
    if (ctx.doc.text.includes('boom')) throw new Error('rule exploded');
  },
});

describe('language server in process, with injected rules', () => {
  let root: string;
  let client: TestClient;
  const toServer = new PassThrough();
  const toClient = new PassThrough();

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-lsp-inproc-')));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src/a.ts'), 'slow();\n');
    fs.writeFileSync(path.join(root, 'src/boom.ts'), '// boom\nslow();\n');
    fs.writeFileSync(path.join(root, 'src/quiet.ts'), 'fast();\n');
    startServer(createConnection(toServer, toClient), { extensionRoot: '/ext', rules: [slowCalls, throwing] });
    client = await TestClient.connect(toClient, toServer, root);
    await client.waitFor('the scan to end', () => client.statuses.find((s) => s.state === 'idle'));
  });

  after(async () => {
    await client?.shutdown();
    client?.connection.dispose();
    toServer.end();
    toClient.end();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('a rule that throws is logged with its id and the file; the other rules still publish', async () => {
    const boom = client.uri('src/boom.ts');
    const diags = await client.waitForDiagnostics(boom, (d) => d.length > 0);
    assert.deepEqual(diags.map((d) => d.code), ['slow-call']);
    assert.ok(client.logs.some((l) => l.includes('rule throws failed on') && l.includes('boom.ts') && l.includes('rule exploded')), client.logs.join('\n'));
    assert.equal(typeof (await client.hover(boom, { line: 1, character: 1 }))?.contents, 'object');
  });

  it('a burst of edits is analysed once, for the last version', async () => {
    const uri = await client.open('src/quiet.ts');
    await client.waitFor('the open to be analysed', () => (checks.get(path.posix.join(root, 'src/quiet.ts')) ?? 0) >= 2);
    const before = checks.get(path.posix.join(root, 'src/quiet.ts'))!;
    for (let i = 1; i <= 5; i++) await client.replace(uri, 'slow();\n'.repeat(i));
    const diags = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(diags.length, 5, 'diagnostics of the last version');
    assert.equal(checks.get(path.posix.join(root, 'src/quiet.ts'))! - before, 1, 'one analysis for five edits');
  });

  it('an unchanged file is not re-analysed on a spurious change event', async () => {
    const p = path.posix.join(root, 'src/a.ts');
    const before = checks.get(p);
    assert.equal(before, 1, 'analysed once by the scan');
    await client.watchedFilesChanged([{ uri: client.uri('src/a.ts'), type: FileChangeType.Changed }]);
    // The hover runs the pending analysis first, so the count below is final.
    await client.hover(client.uri('src/a.ts'), { line: 0, character: 0 });
    assert.equal(checks.get(p), before);
    fs.writeFileSync(path.join(root, 'src/a.ts'), 'slow();\nslow();\n');
    await client.watchedFilesChanged([{ uri: client.uri('src/a.ts'), type: FileChangeType.Changed }]);
    await client.waitForDiagnostics(client.uri('src/a.ts'), (d) => d.length === 2);
    assert.equal(checks.get(p), before + 1);
  });
});
