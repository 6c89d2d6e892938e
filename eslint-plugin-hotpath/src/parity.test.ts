/**
 * Both front ends, one set of findings: on the fixture workspaces (test-fixtures/README.md lists
 * what each is built to hold: every rule fires in demo-workspace), ESLint 9 with the built plugin
 * reports exactly the findings `hotpath check` does, by rule, file, line and column, TypeScript
 * going through typescript-eslint's parser (whose tree the plugin reuses). The fixtures are
 * TypeScript; JavaScript through ESLint's own parser is covered by the rule tables' .js cases.
 * The corpus-sized run is `node --import tsx scripts/eslint-parity.ts <folder>` and a bench step.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { tempWorkspace } from '../../server/src/testing/temp-workspace';
import { key, runParity } from './parity';

const repo = path.resolve(__dirname, '../..');
const pluginDist = path.join(repo, 'eslint-plugin-hotpath/dist/index.js');
const eslintBin = require.resolve('eslint/package.json', { paths: [__dirname] }).replace(/package\.json$/, 'bin/eslint.js');
const tsParser = pathToFileURL(require.resolve('@typescript-eslint/parser', { paths: [__dirname] })).href;
// Import sizes measured for this test only, shared by both tools as on one machine.
const cache = tempWorkspace('parity-cache');
after(cache.remove);

describe('hotpath check and ESLint with the plugin report the same findings', () => {
  for (const fixture of ['demo-workspace', 'express-app', 'front-end-app']) {
    it(fixture, () => {
      assert.ok(fs.existsSync(pluginDist), 'eslint-plugin-hotpath/dist is missing: run `npm run build` first');
      const report = runParity({
        folder: path.join(repo, 'test-fixtures', fixture),
        hotpathBin: path.join(repo, 'bin/hotpath.js'),
        eslintBin,
        plugin: pathToFileURL(pluginDist).href,
        tsParser,
        env: { ...process.env, HOTPATH_CACHE_DIR: cache.dir },
      });
      assert.deepEqual(report.unparsed, []);
      assert.ok(report.hotpath.length > 0, 'the fixture is built to have findings');
      assert.deepEqual(report.eslint.map(key).sort(), report.hotpath.map(key).sort());
    });
  }
});
