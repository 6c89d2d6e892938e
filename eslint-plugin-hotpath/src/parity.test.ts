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

  it("a project's own packages committed in node_modules (node-red's layout), linted with ESLint told to look there", () => {
    // The route and the blocking call are in two packages under packages/node_modules, which the
    // .gitignore keeps with a negation: both front ends read them as the project's code.
    const ws = tempWorkspace('parity-committed', {
      '.gitignore': 'node_modules\n!packages/node_modules\n',
      'package.json': '{ "name": "node-red-like", "private": true }\n',
      'packages/node_modules/@app/editor-api/package.json': '{ "name": "@app/editor-api", "main": "lib/index.js" }\n',
      'packages/node_modules/@app/editor-api/lib/index.js': `const express = require('express');\nconst library = require('@app/runtime/lib/library');\nconst app = express();\napp.get('/library/:type/*', (req, res) => {\n  res.send(library.getEntry(req.params.type, req.params[0]));\n});\nmodule.exports = app;\n`,
      'packages/node_modules/@app/runtime/package.json': '{ "name": "@app/runtime" }\n',
      'packages/node_modules/@app/runtime/lib/library.js': `const fs = require('fs');\nconst path = require('path');\nexports.getEntry = function (type, name) {\n  return fs.readFileSync(path.join('lib', type, name), 'utf8');\n};\n`,
      'node_modules/express/index.js': 'module.exports = function express() {};\n',
    });
    try {
      const report = runParity({
        folder: ws.dir,
        hotpathBin: path.join(repo, 'bin/hotpath.js'),
        eslintBin,
        plugin: pathToFileURL(pluginDist).href,
        ignore: ['!packages/node_modules/'],
        env: { ...process.env, HOTPATH_CACHE_DIR: cache.dir },
      });
      assert.deepEqual(report.hotpath.map(key), ['packages/node_modules/@app/runtime/lib/library.js:4:10 sync-in-handler']);
      assert.deepEqual(report.eslint.map(key), report.hotpath.map(key));
    } finally {
      ws.remove();
    }
  });
});
