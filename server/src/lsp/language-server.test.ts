/**
 * The server in this process, with test rules injected (testing/in-process-server.ts): what the
 * built server cannot show because its rules never throw on purpose and cannot be counted.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { defineRule } from '../engine/rule';
import { inProcessServer, slowCallsRule } from '../testing/in-process-server';

/** How often each file was checked, to prove what was (not) re-analysed. */
const checks = new Map<string, number>();

const slowCalls = slowCallsRule((file) => checks.set(file, (checks.get(file) ?? 0) + 1));

const throwing = defineRule({
  meta: { id: 'throws', description: 'Throws on boom', defaultSeverity: 'error', fixable: false },
  check(ctx) {
    if (ctx.doc.text.includes('boom')) throw new Error('rule exploded');
  },
});

describe('language server in process, with injected rules', () => {
  const server = inProcessServer({ 'src/a.ts': 'slow();\n', 'src/boom.ts': '// boom\nslow();\n', 'src/quiet.ts': 'fast();\n' }, [slowCalls, throwing]);

  it('a rule that throws is logged with its id and the file; the other rules still publish', async () => {
    const boom = server.client.uri('src/boom.ts');
    const diags = await server.client.waitForDiagnostics(boom, (d) => d.length > 0);
    assert.deepEqual(diags.map((d) => d.code), ['slow-call']);
    assert.ok(server.client.logs.some((l) => l.includes('rule throws failed on') && l.includes('boom.ts') && l.includes('rule exploded')), server.client.logs.join('\n'));
    assert.equal(typeof (await server.client.hover(boom, { line: 1, character: 1 }))?.contents, 'object');
  });

  it('a burst of edits is analysed once, for the last version', async () => {
    const uri = await server.client.open('src/quiet.ts');
    await server.client.waitFor('the open to be analysed', () => (checks.get(path.posix.join(server.root, 'src/quiet.ts')) ?? 0) >= 2);
    const before = checks.get(path.posix.join(server.root, 'src/quiet.ts'))!;
    for (let i = 1; i <= 5; i++) await server.client.replace(uri, 'slow();\n'.repeat(i));
    const diags = await server.client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(diags.length, 5, 'diagnostics of the last version');
    assert.equal(checks.get(path.posix.join(server.root, 'src/quiet.ts'))! - before, 1, 'one analysis for five edits');
  });

  it('an unchanged file is not re-analysed on a spurious change event', async () => {
    const p = path.posix.join(server.root, 'src/a.ts');
    const before = checks.get(p);
    assert.equal(before, 1, 'analysed once by the scan');
    await server.client.watchedFilesChanged([{ uri: server.client.uri('src/a.ts'), type: FileChangeType.Changed }]);
    // The hover runs the pending analysis first, so the count below is final.
    await server.client.hover(server.client.uri('src/a.ts'), { line: 0, character: 0 });
    assert.equal(checks.get(p), before);
    fs.writeFileSync(path.join(server.root, 'src/a.ts'), 'slow();\nslow();\n');
    await server.client.watchedFilesChanged([{ uri: server.client.uri('src/a.ts'), type: FileChangeType.Changed }]);
    await server.client.waitForDiagnostics(server.client.uri('src/a.ts'), (d) => d.length === 2);
    assert.equal(checks.get(p), before + 1);
  });
});
