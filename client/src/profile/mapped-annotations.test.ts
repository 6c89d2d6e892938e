/**
 * Annotations through source maps, on test-fixtures/profile-app's real profile of its esbuild
 * bundle (build/drive.js + drive.js.map), copied elsewhere so the profile's absolute urls must
 * be relocated into the workspace first.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { annotationPayload } from '../../../shared/profile/annotations';
import { frameStats } from '../../../shared/profile/frame-stats';
import { parseProfile } from '../../../shared/profile/parse';
import { mapAnnotations, type MappingContext } from '../../../shared/profile-sources/mapped-annotations';
import { originalPositions, type Position } from '../../../shared/profile-sources/source-maps';
import { indexAnnotations } from './annotation-index';

const fixture = path.resolve(__dirname, '../../../test-fixtures/profile-app');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-mapped-'));
const ws = path.join(tmp, 'ws');
fs.cpSync(fixture, path.join(ws, 'profile-app'), { recursive: true });
const model = parseProfile(fs.readFileSync(path.join(fixture, 'profiles/app.cpuprofile')));
const stats = frameStats(model.tree, model.frames.name.length);
const payload = annotationPayload(model, stats);

function lineOf(file: string, text: string): number {
  const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, text);
  return line;
}

describe('annotations mapped to the original sources', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const batches: Position[][] = [];
  const ctx: MappingContext = {
    workspaceFolders: [ws],
    exists: (f) => fs.existsSync(f),
    originalPositions: (positions) => {
      batches.push(positions);
      return originalPositions(positions);
    },
  };

  it('hot functions land on their .ts declarations with the bundle frame\'s times, in one batch', async () => {
    const { payload: mapped, mapped: count } = await mapAnnotations(payload, ctx);
    assert.equal(batches.length, 1, 'one round trip for every line and function');
    assert.ok(count > 0);
    const orders = path.join(ws, 'profile-app/src/routes/orders.ts');
    const fn = mapped.functions.find((f) => f.name === 'listOrders');
    assert.deepEqual(fn && { url: fn.url, line: fn.line }, { url: orders, line: lineOf(orders, 'async function listOrders(') });
    const frame = model.frames.name.findIndex((n, i) => n === 'listOrders' && model.frames.url[i]!.endsWith('/build/drive.js'));
    assert.equal(fn!.total, stats.total[frame]);
    // The login handler is an anonymous async arrow: found by its position, not its name.
    const app = path.join(ws, 'profile-app/src/app.ts');
    assert.ok(mapped.functions.some((f) => f.url === app && f.line === lineOf(app, "app.post('/login'")));
  });

  it('line times move to the .ts lines, lines mapping to the same line add up, and no time is lost or invented', async () => {
    const { payload: mapped } = await mapAnnotations(payload, ctx);
    const inWorkspace = payload.lines.filter((l) => l.url.endsWith('/build/drive.js')).reduce((a, l) => a + l.self, 0);
    const after = mapped.lines.reduce((a, l) => a + l.self, 0);
    assert.ok(inWorkspace > 0 && Math.abs(after - inWorkspace) < 1e-6, `${after} vs ${inWorkspace}`);
    const keys = mapped.lines.map((l) => `${l.url}:${l.line}`);
    assert.equal(new Set(keys).size, keys.length, 'one entry per original line');
    assert.ok(mapped.lines.some((l) => l.url.endsWith('/src/app.ts')), 'the pbkdf2 line of app.ts has time');
    assert.ok(mapped.lines.every((l) => l.url.startsWith(ws + path.sep)));
    // What the editor then shows: labels on the .ts files.
    const files = indexAnnotations(mapped, 'app.cpuprofile', [ws]);
    const report = files.get(path.join(ws, 'profile-app/src/services/report.ts'));
    assert.ok(report?.functions.some((f) => f.name === 'compressedReport'));
  });

  it('a profile saved outside the workspace maps through the bundle and map beside it onto the workspace sources', async () => {
    // Made here, in a folder that is not a workspace folder: its urls name the bundle beside it.
    const download = path.join(tmp, 'download');
    fs.cpSync(path.join(fixture, 'build'), download, { recursive: true });
    const moved = fs.readFileSync(path.join(fixture, 'profiles/app.cpuprofile'), 'utf8').replaceAll('file:///work/wt/profile-link/test-fixtures/profile-app/build/', `file://${download}/`);
    const outsideModel = parseProfile(moved);
    const outsidePayload = annotationPayload(outsideModel, frameStats(outsideModel.tree, outsideModel.frames.name.length));
    const app = path.join(ws, 'profile-app');
    const before = await mapAnnotations(outsidePayload, { ...ctx, workspaceFolders: [app] });
    assert.equal(before.payload.functions.length, 0, 'without the profile folder, nothing');
    const { payload: mapped, mapped: count } = await mapAnnotations(outsidePayload, { ...ctx, workspaceFolders: [app], profileDir: download });
    assert.ok(count > 0);
    const orders = path.join(app, 'src/routes/orders.ts');
    const fn = mapped.functions.find((f) => f.name === 'listOrders');
    assert.deepEqual(fn && { url: fn.url, line: fn.line }, { url: orders, line: lineOf(orders, 'async function listOrders(') });
    // Only workspace files are annotated: nothing lands on the bundle in the download folder.
    assert.ok([...mapped.functions, ...mapped.lines].every((a) => a.url.startsWith(app + path.sep)));
  });

  it('a map pointing outside the workspace is not followed, and a workspace elsewhere gets nothing', async () => {
    const elsewhere = await mapAnnotations(payload, { ...ctx, workspaceFolders: [path.join(tmp, 'empty')] });
    assert.deepEqual([elsewhere.payload.lines.length, elsewhere.payload.functions.length], [0, 0]);
    const outside = await mapAnnotations(payload, { ...ctx, originalPositions: async (ps) => ps.map((p) => ({ ...p, file: '/etc/passwd' })) });
    assert.equal(outside.mapped, 0);
    assert.ok(outside.payload.functions.every((f) => f.url.endsWith(path.join('build', 'drive.js'))));
  });
});
