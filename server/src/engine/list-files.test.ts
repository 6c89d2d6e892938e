/**
 * The ESLint plugin's listing of a workspace (engine/list-files) walks the folders the CLI's
 * discovery walks: `.gitignore` files with their negations, node-red's committed
 * `packages/node_modules` included, installed dependencies and build output left out.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { tempWorkspace } from '../testing/temp-workspace';
import { discoverFiles } from './discovery';
import { MemoryFileHost, NodeFileHost } from './host';
import { listWorkspaceFiles } from './list-files';

const route = `const express = require('express');\nconst storage = require('@app/runtime/lib/storage');\nconst app = express();\napp.get('/flows', (req, res) => res.json(storage.getFlows()));\n`;
const storage = `const fs = require('fs');\nexports.getFlows = () => JSON.parse(fs.readFileSync('flows.json', 'utf8'));\n`;

/** node-red's layout: its own packages committed under packages/node_modules, kept by a negation. */
const files: Record<string, string> = {
  '.gitignore': 'node_modules\n!packages/node_modules\n*.log.js\ngenerated/\n',
  'package.json': '{ "name": "app", "private": true }\n',
  'packages/node_modules/@app/api/lib/index.js': route,
  'packages/node_modules/@app/api/package.json': '{ "name": "@app/api" }\n',
  'packages/node_modules/@app/runtime/lib/storage.js': storage,
  'packages/node_modules/@app/runtime/.gitignore': 'tmp/\n!keep.log.js\n',
  'packages/node_modules/@app/runtime/tmp/scratch.js': 'module.exports = 1;\n',
  'packages/node_modules/@app/runtime/keep.log.js': 'module.exports = 2;\n',
  'packages/node_modules/@app/runtime/drop.log.js': 'module.exports = 3;\n',
  'packages/node_modules/@app/runtime/node_modules/dep/index.js': 'module.exports = 4;\n',
  'node_modules/express/index.js': 'module.exports = function express() {};\n',
  'dist/bundle.js': 'console.log(1);\n',
  'generated/types.ts': 'export type A = 1;\n',
  '.github/scripts/release.js': 'console.log("release");\n',
  'src/types.d.ts': 'declare const x: number;\n',
  'src/app.ts': 'export const app = 1;\n',
  'src/views/page.vue': '<template><p>hi</p></template>\n',
  'README.md': '# app\n',
};

/** What discovery walks into and keeps of `files`. */
const expected = [
  '.github/scripts/release.js',
  'packages/node_modules/@app/api/lib/index.js',
  'packages/node_modules/@app/runtime/keep.log.js',
  'packages/node_modules/@app/runtime/lib/storage.js',
  'src/app.ts',
  'src/views/page.vue',
];

const ws = tempWorkspace('list-files', files);
after(ws.remove);

describe('the ESLint plugin lists the files the CLI discovers', () => {
  it('on disk, with .gitignore negations (a committed packages/node_modules) and nested .gitignore files', async () => {
    fs.mkdirSync(path.join(ws.dir, '.git'));
    const discovered = (await discoverFiles([ws.dir], { blocking: true })).files;
    const rel = (list: string[]) => list.map((f) => path.relative(ws.dir, f));
    assert.deepEqual(rel(discovered), expected);
    assert.deepEqual(rel(listWorkspaceFiles(new NodeFileHost(), ws.dir)), rel(discovered));
  });

  it('through an in-memory host, as the plugin tests run it', () => {
    const host = new MemoryFileHost(Object.fromEntries(Object.entries(files).map(([p, t]) => [`/workspace/${p}`, t])));
    assert.deepEqual(listWorkspaceFiles(host, '/workspace').map((f) => f.slice('/workspace/'.length)), expected);
  });
});
