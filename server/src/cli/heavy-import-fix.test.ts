/**
 * `hotpath fix` on an app whose three components import the lodash root: one finding, and one
 * pass rewrites every importer to per-method modules; checking again finds nothing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { after, before, describe, it } from 'node:test';
import { lodashAppFiles, lodashImporters } from '../testing/lodash-app';
import { assertParses } from '../testing/rule-tester';
import { tempWorkspace } from '../testing/temp-workspace';
import { typecheck } from '../testing/typecheck';
import { assertBuilt, hotpath, jsonFindings } from './testing/run-cli';

describe('hotpath fix: heavy-import', () => {
  let root: string;
  before(() => {
    assertBuilt();
    root = tempWorkspace('heavy-cli-fix', lodashAppFiles).dir;
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('check reports whole lodash once for the app', () => {
    const findings = jsonFindings(hotpath(root, 'check', '--rule', 'heavy-import', '--format', 'json'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.file, 'src/App.tsx');
  });

  it('fix rewrites every importer in one pass, and nothing is left', () => {
    const run = hotpath(root, 'fix', '--rule', 'heavy-import');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /Fixed 1 finding in 3 files \(2 passes\)/);
    const fixed: Record<string, string> = {};
    for (const rel of lodashImporters) {
      fixed[rel] = fs.readFileSync(path.join(root, rel), 'utf8');
      assertParses(fixed[rel]!, rel);
      assert.doesNotMatch(fixed[rel]!, /from 'lodash'/);
    }
    assert.deepEqual(typecheck(fixed, { module: 'esnext', compilerOptions: { jsx: ts.JsxEmit.ReactJSX } }), []);
    assert.deepEqual(jsonFindings(hotpath(root, 'check', '--rule', 'heavy-import', '--format', 'json')), []);
  });
});
