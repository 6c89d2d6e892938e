/**
 * The extension's half of showing both positions: a fixture bundled with esbuild and a source map,
 * profiled with `node --cpu-prof`; the page's request (built as the page builds it) is mapped
 * through the built profile worker (`npm run build` first), inside the workspace only.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { frameStats } from '../../../shared/profile/frame-stats';
import type { ProfileModel } from '../../../shared/profile/model';
import { parseProfile } from '../../../shared/profile/parse';
import { positionsToMap } from '../../../media/flame/origins';
import type { Position } from '../../../shared/profile-sources/source-maps';
import { mapFramePositions, mappingScope, maxMappedPositions, workspaceLabel, type Workspace } from './frame-origins';
import { ProfileWorker } from './host/profile-worker-client';
import { fixturesDir } from './testing/profiles';

const repoRoot = path.resolve(__dirname, '../../..');

describe('original positions for the tooltip', { timeout: 60_000 }, () => {
  let root: string;
  let workspace: string;
  let bundle: string;
  let model: ProfileModel;
  let worker: ProfileWorker;
  let hotLine: number;
  const scope = (folders: string[]): Workspace => ({
    fileOf: (url) => {
      if (!url.startsWith('file:')) return null;
      const file = new URL(url).pathname;
      return workspaceLabel(file, folders) === null ? null : file;
    },
    labelOf: (file) => workspaceLabel(file, folders),
  });
  // As the editor asks: one batch to the built profile worker.
  const viaWorker = (generated: Position[]) => worker.originalPositions(generated);

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-origins-'));
    workspace = path.join(root, 'app');
    fs.cpSync(path.join(fixturesDir, 'sourcemapped'), workspace, { recursive: true });
    const source = path.join(workspace, 'src', 'app.ts');
    hotLine = fs.readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes('function hotLoop'));
    bundle = path.join(workspace, 'dist', 'app.js');
    buildSync({ entryPoints: [source], outfile: bundle, bundle: true, platform: 'node', sourcemap: true, logLevel: 'silent' });
    execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'prof')}`, bundle], { stdio: 'ignore' });
    model = parseProfile(fs.readFileSync(path.join(root, 'prof', fs.readdirSync(path.join(root, 'prof'))[0]!)));
    worker = new ProfileWorker(path.join(repoRoot, 'dist', 'profile-worker.js'));
  });
  after(() => {
    worker?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("maps the page's request: the hot function's bundle position comes back as its .ts line, labelled from the workspace", async () => {
    const request = positionsToMap(model.frames, frameStats(model.tree, model.frames.name.length));
    const hot = request.positions.findIndex((p, i) => p.url === pathToFileURL(bundle).href && request.frames[i]!.some((f) => model.frames.name[f] === 'hotLoop'));
    assert.ok(hot >= 0, 'the page asks for hotLoop');
    assert.ok(request.positions.every((p) => !p.url.startsWith('node:')), "Node's own frames are not asked for");
    const answer = await mapFramePositions(request.positions, scope([workspace]), viaWorker);
    assert.equal(answer.length, request.positions.length);
    assert.deepEqual(answer[hot] && { label: answer[hot].label, line: answer[hot].line }, { label: 'src/app.ts', line: hotLine });
  });

  it('asks nothing about files outside the workspace and shows no original outside it', async () => {
    const asked: Position[][] = [];
    const record = (generated: Position[]) => {
      asked.push(generated);
      return viaWorker(generated);
    };
    const inBundle = { url: pathToFileURL(bundle).href, line: model.frames.line[model.frames.name.indexOf('hotLoop')]!, column: model.frames.column[model.frames.name.indexOf('hotLoop')]! };
    const positions = [
      { url: 'file:///etc/passwd', line: 0, column: 0 },
      { url: 'command:workbench.action.quit', line: 0, column: 0 },
      inBundle,
      { url: 42, line: 'x' },
      null,
    ];
    // The bundle itself is in the workspace, its source is not: nothing to show.
    const onlyDist = await mapFramePositions(positions, scope([path.join(workspace, 'dist')]), record);
    assert.deepEqual(onlyDist, [null, null, null, null, null]);
    assert.deepEqual(asked, [[{ file: bundle, line: inBundle.line, column: inBundle.column }]]);
    const whole = await mapFramePositions(positions, scope([workspace]), record);
    assert.deepEqual(whole.map((o) => o?.label ?? null), [null, null, 'src/app.ts', null, null]);
  });

  it('reads at most the bounded number of positions, grouped by file for the worker', async () => {
    let seen: Position[] = [];
    const many = Array.from({ length: maxMappedPositions + 50 }, (_, i) => ({ url: pathToFileURL(path.join(workspace, i % 2 ? 'a.js' : 'b.js')).href, line: i, column: 0 }));
    const answer = await mapFramePositions(many, scope([workspace]), async (generated) => {
      seen = generated;
      return generated.map(() => null);
    });
    assert.equal(answer.length, maxMappedPositions);
    assert.equal(seen.length, maxMappedPositions);
    const files = seen.map((p) => path.basename(p.file));
    assert.deepEqual(files, [...files].sort());
  });

  it('a profile outside the workspace folders still maps through the bundle and maps next to it', async () => {
    const request = positionsToMap(model.frames, frameStats(model.tree, model.frames.name.length));
    const hot = request.positions.findIndex((_, i) => request.frames[i]!.some((f) => model.frames.name[f] === 'hotLoop'));
    // The open folder is another project; the profile was saved in the app's folder, beside dist/.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-other-'));
    try {
      const before = await mapFramePositions(request.positions, mappingScope([elsewhere], undefined, fs.existsSync), viaWorker);
      assert.equal(before.filter(Boolean).length, 0, 'without the profile folder nothing maps');
      const answer = await mapFramePositions(request.positions, mappingScope([elsewhere], workspace, fs.existsSync), viaWorker);
      assert.deepEqual(answer[hot] && { label: answer[hot].label, line: answer[hot].line }, { label: 'src/app.ts', line: hotLine });
      // Nothing beyond the profile's folder: a frame in /etc is still not asked about.
      const scope2 = mappingScope([elsewhere], workspace, fs.existsSync);
      assert.equal(scope2.fileOf('file:///etc/passwd'), null);
      assert.equal(scope2.labelOf('/etc/passwd'), null);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("a minified bundle's frames get their original names from the map's names", async () => {
    const dir = path.join(root, 'min');
    const minified = path.join(dir, 'dist', 'app.js');
    buildSync({ entryPoints: [path.join(workspace, 'src', 'app.ts')], outfile: minified, bundle: true, minify: true, platform: 'node', sourcemap: true, logLevel: 'silent' });
    execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, 'prof')}`, minified], { stdio: 'ignore' });
    const m = parseProfile(fs.readFileSync(path.join(dir, 'prof', fs.readdirSync(path.join(dir, 'prof'))[0]!)));
    const request = positionsToMap(m.frames, frameStats(m.tree, m.frames.name.length));
    const answer = await mapFramePositions(request.positions, mappingScope([workspace, dir], dir, fs.existsSync), viaWorker);
    // Two folders: labels carry the folder's name.
    const hot = answer.findIndex((o) => o?.label === 'app/src/app.ts' && o.line === hotLine);
    assert.ok(hot >= 0, 'the minified hot function maps to hotLoop\'s line');
    const profiled = m.frames.name[request.frames[hot]![0]!]!;
    assert.notEqual(profiled, 'hotLoop', 'esbuild renamed it');
    assert.equal(answer[hot]!.name, 'hotLoop');
    // A frame the map does not name keeps its profiled name: no answer invents one.
    for (const [i, o] of answer.entries()) if (o?.name) assert.match(o.name, /^(hotLoop|main)$/, `position ${i}: ${o.name}`);
  });

  it('labels are workspace-relative, with the folder name when there are several', () => {
    assert.equal(workspaceLabel('/w/app/src/x.ts', ['/w/app']), 'src/x.ts');
    assert.equal(workspaceLabel('/w/lib/y.ts', ['/w/app', '/w/lib']), 'lib/y.ts');
    assert.equal(workspaceLabel('/elsewhere/z.ts', ['/w/app']), null);
    assert.equal(workspaceLabel('/w/app', ['/w/app']), null);
  });
});
