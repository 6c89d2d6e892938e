/**
 * Activation must stay cheap: the extension bundle starts the server and nothing more. These
 * checks read the built bundles (run `npm run build` first; the test script does).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const dist = path.resolve(__dirname, '../../dist');

function read(name: string): string {
  const file = path.join(dist, name);
  assert.ok(fs.existsSync(file), `${file} is missing: run npm run build`);
  return fs.readFileSync(file, 'utf8');
}

describe('bundles', () => {
  it('keeps the analysis engine and TypeScript out of the extension host bundle', () => {
    const extension = read('extension.js');
    assert.ok(!extension.includes('createSourceFile'), 'TypeScript compiler found in dist/extension.js');
    assert.ok(!extension.includes('hotpath-ignore-next-line'), 'engine code found in dist/extension.js');
    assert.ok(extension.length < 1_000_000, `dist/extension.js is ${extension.length} bytes`);
  });

  it('puts the engine in the server and CLI bundles', () => {
    for (const name of ['server.js', 'cli.js']) {
      const text = read(name);
      assert.ok(text.includes('createSourceFile'), `${name} lacks the parser`);
      assert.ok(text.includes('sync-in-handler'), `${name} lacks the rules`);
    }
  });

  it('starts the server from dist/server.js, the file the manifest ships', () => {
    const ignore = fs.readFileSync(path.resolve(dist, '../.vscodeignore'), 'utf8');
    assert.match(ignore, /^!dist\/server\.js$/m);
    assert.match(ignore, /^!dist\/extension\.js$/m);
    assert.match(read('extension.js'), /dist.{0,20}server\.js/);
  });
});
