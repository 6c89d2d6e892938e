/**
 * Input shaped to make analysis slow must not: a check of such a file finishes in seconds.
 * Real libraries look like this (lodash.js opens with a licence comment, then pairs of block
 * comments separated by blank lines), and a pattern that backtracked over every `*∕` of such a
 * file once took minutes per file.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertBuilt, hotpath, tempDir } from './testing/run-cli';

const tmp = tempDir('scale');
before(() => assertBuilt());
after(() => tmp.remove());

describe('analysis time on adversarial files', () => {
  it('checks a browser-app file with 200 consecutive block comments in seconds', () => {
    const app = path.join(tmp.dir, 'app');
    fs.mkdirSync(path.join(app, 'src'), { recursive: true });
    // A UI dependency makes the files browser code, so every rule that looks at them runs.
    fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "dependencies": { "react": "^18.0.0", "vite": "^5.0.0" } }\n');
    const comments = Array.from({ length: 100 }, (_, i) => `  /*------------------------------------------*/\n\n  /** Part ${i}. */\n`).join('');
    fs.writeFileSync(path.join(app, 'src/lib.js'), `/**\n * @license\n * Example 1.0.0\n */\n;(function() {\n  var util = require('util');\n${comments}  var x = 1;\n}());\n`);
    const started = performance.now();
    const run = hotpath(app, 'check', '--verbose');
    const seconds = (performance.now() - started) / 1000;
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^Analyzed 1 files? in /m);
    // Typically well under a second; the limit leaves room for a loaded CI machine.
    assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
  });
});
