/**
 * Source maps end to end: a TypeScript fixture bundled with esbuild (external and inline maps),
 * profiled with `node --cpu-prof`; the hot frame's dist/ position maps back to the .ts line,
 * directly and through the built worker (`npm run build` first).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { parseProfile } from '../../../../shared/profile/parse';
import { fixturesDir } from '../testing/profiles';
import { ProfileWorker } from './profile-worker-client';
import { findMapReference, originalPosition, originalPositions, type Position } from '../../../../shared/profile-sources/source-maps';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('source maps for profile frames', { timeout: 60_000 }, () => {
  let dir: string;
  let source: string;
  let hotLine: number;
  const frames: Record<'external' | 'inline', Position> = {} as never;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-srcmap-'));
    fs.cpSync(path.join(fixturesDir, 'sourcemapped'), dir, { recursive: true });
    source = path.join(dir, 'src', 'app.ts');
    hotLine = fs.readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes('function hotLoop'));
    for (const kind of ['external', 'inline'] as const) {
      const out = path.join(dir, 'dist', `${kind}.js`);
      buildSync({ entryPoints: [source], outfile: out, bundle: true, platform: 'node', sourcemap: kind === 'external' ? true : 'inline', logLevel: 'silent' });
      const profDir = path.join(dir, `prof-${kind}`);
      execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, out], { stdio: 'ignore' });
      const profile = parseProfile(fs.readFileSync(path.join(profDir, fs.readdirSync(profDir)[0]!)));
      const f = profile.frames.name.findIndex((n, i) => n === 'hotLoop' && profile.frames.url[i] === pathToFileURL(out).href);
      assert.ok(f >= 0, 'the profile has the hot function');
      frames[kind] = { file: out, line: profile.frames.line[f]!, column: profile.frames.column[f]! };
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const kind of ['external', 'inline'] as const) {
    it(`maps the hot frame in dist/ to its .ts line (${kind} map)`, async () => {
      const pos = await originalPosition(frames[kind]);
      assert.deepEqual(pos && { file: pos.file, line: pos.line }, { file: source, line: hotLine });
    });
  }

  it('the built worker thread gives the same answer', async () => {
    const worker = new ProfileWorker(path.join(repoRoot, 'dist', 'profile-worker.js'));
    try {
      const pos = await worker.originalPosition(frames.external);
      assert.deepEqual(pos && { file: pos.file, line: pos.line }, { file: source, line: hotLine });
    } finally {
      worker.dispose();
    }
  });

  it('a batch maps every position in order, each file once, directly and through the worker (one round trip)', async () => {
    const plain = path.join(dir, 'plain-batch.js');
    fs.writeFileSync(plain, 'function f() {}\n');
    // Column 0 of the hot function's line: the line's first mapped token, on the same .ts line.
    const lineStart = { ...frames.inline, column: 0 };
    const batch = [frames.external, { file: plain, line: 0, column: 0 }, frames.inline, lineStart, { file: path.join(dir, 'nope.js'), line: 1, column: 0 }, frames.external];
    const expected = await Promise.all(batch.map((p) => originalPosition(p)));
    assert.deepEqual(expected.map((p) => p && p.line), [hotLine, null, hotLine, hotLine, null, hotLine]);
    assert.deepEqual(await originalPositions(batch), expected);
    const worker = new ProfileWorker(path.join(repoRoot, 'dist', 'profile-worker.js'));
    try {
      assert.deepEqual(await worker.originalPositions(batch), expected);
    } finally {
      worker.dispose();
    }
  });

  it('a file without a map, a missing file and a broken map give no position, not an error', async () => {
    const plain = path.join(dir, 'plain.js');
    fs.writeFileSync(plain, 'function f() {}\n');
    assert.equal(await originalPosition({ file: plain, line: 0, column: 0 }), null);
    assert.equal(await originalPosition({ file: path.join(dir, 'nope.js'), line: 0, column: 0 }), null);
    const broken = path.join(dir, 'broken.js');
    fs.writeFileSync(broken, 'x()\n//# sourceMappingURL=broken.js.map\n');
    fs.writeFileSync(`${broken}.map`, '{"version":3,');
    assert.equal(await originalPosition({ file: broken, line: 0, column: 0 }), null);
  });

  it('finds the last sourceMappingURL comment in either style', () => {
    assert.equal(findMapReference('a\n//# sourceMappingURL=a.js.map\n'), 'a.js.map');
    assert.equal(findMapReference('/*# sourceMappingURL=first.map */\nb\n//# sourceMappingURL=data:application/json;base64,e30=\n'), 'data:application/json;base64,e30=');
    assert.equal(findMapReference('no map here'), null);
  });
});
