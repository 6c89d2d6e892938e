/**
 * Import costs through the real protocol against the built server: a front-end app (real lodash,
 * moment, dayjs, date-fns, lucide-react, react linked into its node_modules), sizes measured in
 * the background, diagnostics and inlay hints refreshed when they land, hovers, the setting that
 * turns hints off, and a second server that starts with every size from the disk cache.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, InlayHint, MarkupContent } from 'vscode-languageserver-protocol/node';
import { cacheFileName } from '../bundle-cost/cost-cache';
import { makeFrontEndApp } from '../bundle-cost/fixture-app';
import { mergeSettings, readHotpathSettings } from './settings';
import { TestClient } from './test-client';

const component = 'src/components/SearchBox.tsx';
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const ours = (ds: Diagnostic[]) => ds.filter((d) => d.source === 'hotpath' && d.code === 'heavy-import');
const measuredLodash = (ds: Diagnostic[]) => ours(ds).some((d) => /^'lodash' adds \d+\.\d kB gzip/.test(text(d)));

async function inlayHints(client: TestClient, uri: string): Promise<InlayHint[]> {
  return (await client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } })) as InlayHint[];
}

const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
const kbOf = (text: string) => Number(/([\d.]+) kB gzip/.exec(text)?.[1]);

describe('import costs over the protocol', () => {
  let app: string;
  let cacheDir: string;
  const savedEnv = process.env.HOTPATH_CACHE_DIR;

  before(() => {
    app = makeFrontEndApp();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-lsp-cache-'));
    // The spawned server inherits it: the test-client sends no initializationOptions.
    process.env.HOTPATH_CACHE_DIR = cacheDir;
  });
  after(() => {
    if (savedEnv === undefined) delete process.env.HOTPATH_CACHE_DIR;
    else process.env.HOTPATH_CACHE_DIR = savedEnv;
    fs.rmSync(app, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('reports known-heavy imports at once, then sizes, inlay hints and hovers when measured', async () => {
    const client = await TestClient.start(app, undefined, { inlayHint: { refreshSupport: true } });
    let refreshes = 0;
    client.connection.onRequest('workspace/inlayHint/refresh', () => {
      refreshes++;
      return null;
    });
    try {
      const uri = await client.open(component);
      const first = await client.waitForDiagnostics(uri, (ds) => ours(ds).length >= 2, 20_000);
      assert.deepEqual(
        ours(first).map((d) => d.range.start.line + 1),
        [2, 3],
        'lodash and moment',
      );
      const measured = await client.waitForDiagnostics(uri, measuredLodash, 30_000);
      const lodash = text(ours(measured).find((d) => text(d).startsWith("'lodash'"))!);
      assert.ok(kbOf(lodash) > 20, lodash);

      let all: InlayHint[] = [];
      for (let i = 0; i < 100; i++) {
        all = await inlayHints(client, uri);
        if (all.length === 6 && all.every((h) => label(h).startsWith('≈'))) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.deepEqual(
        all.map((h) => h.position.line + 1),
        [1, 2, 3, 4, 5, 6],
        `one hint per import: ${all.map(label).join(' | ')}`,
      );
      const byLine = new Map(all.map((h) => [h.position.line + 1, kbOf(label(h))]));
      assert.equal(byLine.get(2), kbOf(lodash), 'the hint and the diagnostic agree on lodash');
      assert.ok(byLine.get(6)! < 5, `dayjs ${byLine.get(6)} kB`);
      assert.ok(byLine.get(4)! < 5, `one lucide icon without React: ${byLine.get(4)} kB`);
      assert.ok(byLine.get(3)! > byLine.get(6)! * 4, 'moment costs several dayjs');
      assert.ok(refreshes > 0, 'the client was asked to refresh its hints');

      const hover = await client.hover(uri, { line: 5, character: 20 });
      const md = (hover?.contents as MarkupContent).value;
      assert.match(md, /\*\*dayjs\*\* 1\.\d+\.\d+: \*\*[\d.]+ kB gzip\*\*/);

      // Not browser code: no finding and no hint.
      const serverUri = await client.open('server/report.ts');
      await client.waitFor('the workspace scan to end', () => client.statuses.some((st) => st.state === 'idle'), 20_000);
      assert.deepEqual(await inlayHints(client, serverUri), []);
      assert.deepEqual(ours(client.diagnostics.get(serverUri) ?? []), []);

      // hotpath.importCost.enabled = false turns the hints and the cost hovers off.
      client.settings = { ...client.settings, hotpath: { ...client.settings.hotpath, importCost: { enabled: false } } };
      await client.configurationChanged();
      let off: InlayHint[] = [{ position: { line: 0, character: 0 }, label: 'x' }];
      for (let i = 0; i < 50 && off.length > 0; i++) {
        off = await inlayHints(client, uri);
        if (off.length > 0) await new Promise((r) => setTimeout(r, 100));
      }
      assert.deepEqual(off, []);
    } finally {
      await client.shutdown();
    }
    const saved = JSON.parse(fs.readFileSync(path.join(cacheDir, cacheFileName), 'utf8'));
    assert.ok(Object.keys(saved.entries).some((k) => k.startsWith('lodash@')), 'sizes saved at shutdown');
  });

  it('a second server starts with every size from the cache', async () => {
    const client = await TestClient.start(app);
    try {
      const uri = await client.open(component);
      const started = Date.now();
      const first = await client.waitForDiagnostics(uri, (ds) => ours(ds).length >= 2, 20_000);
      assert.ok(measuredLodash(first), `the first diagnostics already carry sizes: ${ours(first).map(text).join(' | ')}`);
      const hints = await inlayHints(client, uri);
      assert.equal(hints.filter((h) => label(h).startsWith('≈')).length, 6);
      assert.ok(Date.now() - started < 10_000);
      assert.ok(client.logs.some((l) => /Import costs are cached in .* \(\d+ known\)/.test(l) && !/\(0 known\)/.test(l)), client.logs.join('\n'));
    } finally {
      await client.shutdown();
    }
  });
});

describe('import cost settings', () => {
  it('reads hotpath.importBudgetKb and hotpath.importCost.enabled, and says what is wrong', () => {
    const problems: string[] = [];
    const s = readHotpathSettings({ importBudgetKb: 35, importCost: { enabled: false } }, problems);
    assert.deepEqual([s.importBudgetKb, s.importCostEnabled, problems], [35, false, []]);
    const bad = readHotpathSettings({ importBudgetKb: 'big' }, problems);
    assert.equal(bad.importBudgetKb, undefined);
    assert.deepEqual(problems, ['hotpath.importBudgetKb: expected a number of kB']);
    assert.equal(mergeSettings(s, {}).importBudgetKb, 35);
  });
});
