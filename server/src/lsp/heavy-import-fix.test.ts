/**
 * heavy-import through the real protocol against the built server: a whole-lodash dependency is
 * one diagnostic for the app, with the other importers as related information, and its quick fix
 * is one workspace edit that rewrites every importer to per-method modules (the result parses and
 * type-checks against the real @types/lodash).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../testing/apply-fix';
import { lodashAppFiles, lodashImporters } from '../testing/lodash-app';
import { assertParses } from '../testing/rule-tester';
import { tempWorkspace } from '../testing/temp-workspace';
import { typecheck } from '../testing/typecheck';
import { editsFor, TestClient } from './test-client';

const ours = (ds: Diagnostic[] | undefined): Diagnostic[] => (ds ?? []).filter((d) => d.source === 'hotpath' && d.code === 'heavy-import');

describe('heavy-import over the protocol', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = tempWorkspace('heavy-fix', lodashAppFiles).dir;
    client = await TestClient.start(root);
  });

  after(async () => {
    await client?.shutdown();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('one diagnostic for the app, the other importers as related information; its fix rewrites all three files', async () => {
    const uri = client.uri('src/App.tsx');
    const [d, ...more] = ours(await client.waitForDiagnostics(uri, (ds) => ours(ds).length > 0, 20_000));
    assert.equal(more.length, 0);
    assert.deepEqual(
      (d!.relatedInformation ?? []).map((r) => path.relative(root, new URL(r.location.uri).pathname)).sort(),
      ['src/Cart.tsx', 'src/Title.tsx'],
    );
    const actions = await client.codeActions(uri, d!.range, [d!], ['quickfix']);
    const fix = actions.find((a) => a.isPreferred)!;
    assert.match(fix.title, /per method/);
    const fixed: Record<string, string> = {};
    for (const rel of lodashImporters) {
      const edits = editsFor(fix, client.uri(rel));
      assert.ok(edits.length > 0, `the fix edits ${rel}`);
      fixed[rel] = applyEdits(lodashAppFiles[rel]!, edits);
      assertParses(fixed[rel]!, rel);
      assert.doesNotMatch(fixed[rel]!, /from 'lodash'/);
    }
    assert.match(fixed['src/Cart.tsx']!, /import sumBy from 'lodash\/sumBy'/);
    // The other importers carry no diagnostic of their own (the server publishes only files with findings).
    for (const other of ['src/Cart.tsx', 'src/Title.tsx']) assert.deepEqual(ours(client.diagnostics.get(client.uri(other))), []);
    assert.deepEqual(typecheck(fixed, { module: 'esnext', compilerOptions: { jsx: ts.JsxEmit.ReactJSX } }), []);
  });
});
