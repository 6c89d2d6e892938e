/**
 * The byte scanner (shared/profile/cpuprofile-scan.ts) against the JSON path it replaces: the
 * same model from real and generated profiles, whatever the chunk boundaries, and anything it
 * does not read left to the JSON path (which words the errors).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CpuProfileScanner, NotScanned } from '../../../shared/profile/cpuprofile-scan';
import { modelOfScan, parseText } from '../../../shared/profile/parse';
import { fixturesDir, randomProfile, rng } from './testing/profiles';

const enc = new TextEncoder();

function scan(bytes: Uint8Array, chunkSizes: () => number = () => bytes.length) {
  const s = new CpuProfileScanner();
  for (let p = 0; p < bytes.length; ) {
    const n = Math.max(1, chunkSizes());
    s.push(bytes.subarray(p, p + n));
    p += n;
  }
  return modelOfScan(s.finish());
}

const plain = (m: ReturnType<typeof parseText>) => JSON.parse(JSON.stringify(m, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));

describe('the byte scanner reads what JSON.parse reads', () => {
  const files = fs.readdirSync(fixturesDir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    it(`${file}, whole and in chunks of 1 to 700 bytes`, () => {
      const bytes = fs.readFileSync(path.join(fixturesDir, file));
      const expected = plain(parseText(bytes.toString('utf8')));
      assert.deepEqual(plain(scan(bytes)), expected);
      const r = rng(file.length);
      assert.deepEqual(plain(scan(bytes, () => Math.floor(r() * 700))), expected);
    });
  }

  it('a generated profile with negative deltas, pretty-printed, escapes and non-ASCII names, in 1-byte chunks', () => {
    const p = randomProfile(300, 2000, 3, 4);
    p.nodes[5]!.callFrame.functionName = 'quote " back \\ tab \t é 漢 \u2028';
    p.nodes[6]!.callFrame.functionName = 'é 漢 𝌆';
    p.nodes[7]!.callFrame.url = 'file:///app/src/über.js';
    (p as unknown as Record<string, unknown>).extra = { nested: [1, '[{"}', { a: null }], flag: true };
    p.nodes[8]!.positionTicks = [{ line: 3, ticks: 2 }, { line: 9, ticks: 1 }];
    const text = JSON.stringify(p, null, 2);
    const expected = plain(parseText(text));
    assert.deepEqual(plain(scan(enc.encode(text), () => 1)), expected);
    assert.equal(scan(enc.encode(text)).frames.name.includes('quote " back \\ tab \t é 漢 \u2028'), true);
  });

  it('numbers with fractions and exponents, and ids written as large integers', () => {
    const text = '{"nodes":[{"id":1e0,"callFrame":{"functionName":"(root)","url":"","lineNumber":-1,"columnNumber":-1},"children":[12345678901234]},{"id":12345678901234,"callFrame":{"functionName":"f","url":"a.js","lineNumber":2.5,"columnNumber":3}}],"startTime":1.5e3,"endTime":2000,"samples":[12345678901234,12345678901234],"timeDeltas":[0.25,1E2]}';
    assert.deepEqual(plain(scan(enc.encode(text), () => 3)), plain(parseText(text)));
  });

  const notScanned: Array<[string, string]> = [
    ['a Chrome trace', '{"metadata":{},"traceEvents":[]}'],
    ['a node id that is a string', '{"nodes":[{"id":"1","callFrame":{}}],"samples":[],"timeDeltas":[]}'],
    ['a truncated file', '{"nodes":[{"id":1,"callFrame":{"functionName":"x"'],
    ['text after the profile', '{"nodes":[],"samples":[]} x'],
    ['no samples', '{"nodes":[{"id":1,"callFrame":{}}]}'],
    ['a duplicate key', '{"nodes":[],"nodes":[],"samples":[]}'],
    ['a missing value', '{"nodes":[{"id":1,"callFrame":{"url":}}],"samples":[]}'],
  ];
  for (const [name, text] of notScanned) {
    it(`leaves ${name} to the JSON path`, () => {
      assert.throws(() => scan(enc.encode(text), () => 4), NotScanned);
    });
  }
});
