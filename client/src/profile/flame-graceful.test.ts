/**
 * Profiles the anchors open and Hotpath used to refuse or show badly, in headless Chromium with
 * the real page, CSP and bundle (`npm run build` first): gzip files fetched as the editor serves
 * them, partly broken profiles shown with a warning, broken timestamps said instead of shown, a
 * 100,000-character name that keeps the tooltip small (and copies whole), minified frames named
 * through the source map's answer, and a url the page cannot fetch falling back to the bytes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseProfile } from '../../../shared/profile/parse';
import { launchChromium, openProfile, sent, servedPages } from './testing/flame-harness';
import { readFixture, toTrace, type V8Profile } from './testing/profiles';

// Functions passed to page.evaluate run in the browser; the repository's type-check has no DOM lib.
declare const document: any, window: any, navigator: any;

const rowH = 18;
const frame = (functionName: string, url = '', lineNumber = -1, columnNumber = -1) => ({ functionName, scriptId: '1', url, lineNumber, columnNumber });

/** An Express app's profile, the usual V8 shape. */
function expressProfile(): V8Profile {
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 5] },
      { id: 2, callFrame: frame('handle', 'file:///srv/app/node_modules/express/lib/router/layer.js', 94, 2), children: [3] },
      { id: 3, callFrame: frame('getUsers', 'file:///srv/app/src/routes/users.js', 12, 24), children: [4] },
      { id: 4, callFrame: frame('query', 'file:///srv/app/node_modules/pg/lib/client.js', 520, 8) },
      { id: 5, callFrame: frame('(garbage collector)') },
    ],
    startTime: 0,
    endTime: 60_000,
    samples: [3, 4, 4, 5, 3, 1],
    timeDeltas: [0, 10_000, 10_000, 10_000, 10_000, 10_000],
  };
}

/** The page's sentence about a file it could not show ('' when it shows it). */
function why(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('#message')?.textContent ?? '');
}

async function waitDone(page: Page): Promise<string> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', undefined, { timeout: 60_000 });
  return (await page.getAttribute('body', 'data-state')) ?? '';
}

async function hoverRow(page: Page, x: number, row: number): Promise<string> {
  const box = (await page.locator('#graph canvas').boundingBox())!;
  await page.mouse.move(box.x + x, box.y + row * rowH + rowH / 2);
  await page.waitForFunction(() => !document.getElementById('tooltip')?.hidden);
  return (await page.textContent('#tooltip')) ?? '';
}

describe('profiles the anchors open, in Chromium', { timeout: 180_000 }, () => {
  let browser: Browser;
  let dir: string;
  const { serve, closeAll } = servedPages();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-graceful-'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await closeAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a .cpuprofile.gz fetched by url opens like the plain file, decompressed by the browser', async () => {
    const plain = fs.readFileSync(path.join(__dirname, '../../../test-fixtures/profiles/hotpath-cli.cpuprofile'));
    const file = path.join(dir, 'api.cpuprofile.gz');
    fs.writeFileSync(file, gzipSync(plain));
    const harness = await serve(undefined, { profile: { file, name: 'api.cpuprofile.gz' } });
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await page.goto(harness.url);
    assert.equal(await waitDone(page), 'ready', await why(page));
    const loaded = (await sent<{ type: string; nodes?: number; samples?: number; parsedIn?: string }>(page)).find((m) => m.type === 'loaded');
    const model = parseProfile(plain);
    assert.deepEqual({ nodes: loaded?.nodes, samples: loaded?.samples, where: loaded?.parsedIn }, { nodes: model.tree.frame.length, samples: model.sampleCount, where: 'worker' });
    // It was fetched, not sent: the page never asked for the bytes, and its fetch took over the
    // download the page's head preloaded (one request).
    assert.equal((await sent(page)).some((m) => m.type === 'sendBytes'), false);
    assert.equal(harness.profileRequests(), 1);
    await page.close();
  });

  it('a .json.gz Chrome trace sent as bytes opens as a trace; a corrupt gzip file says so', async () => {
    const harness = await serve();
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await openProfile(page, harness.url, 'Trace-20261207.json.gz', gzipSync(JSON.stringify(toTrace(readFixture('hotpath-cli.cpuprofile')))));
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await why(page));
    assert.match((await page.textContent('#summary')) ?? '', /samples/);
    const corrupt = gzipSync(JSON.stringify(expressProfile()));
    corrupt.fill(0x41, 12, 40);
    await openProfile(page, harness.url, 'broken.cpuprofile.gz', corrupt);
    assert.equal(await page.getAttribute('body', 'data-state'), 'error');
    assert.match((await page.textContent('#message p')) ?? '', /^The file is gzip-compressed but could not be decompressed: .+\.$/);
    await page.close();
  });

  it('a partly broken profile renders with a warning: dangling child dropped, unknown samples counted, orphans shown', async () => {
    const p = expressProfile();
    // Cut and mangled as a crashed recorder leaves files: the router's link to the route is
    // gone, the root lists a child that is not there, two samples name nodes that are not there.
    p.nodes[1]!.children = [];
    p.nodes[0]!.children = [2, 5, 404];
    p.samples = [3, 4, 4, 5, 77, 78];
    const harness = await serve();
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await openProfile(page, harness.url, 'crashed.cpuprofile', JSON.stringify(p));
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await why(page));
    assert.equal(
      await page.textContent('.warnings'),
      '1 link to nodes not in the call tree (a child or parent id) was dropped. 1 node had no parent; shown under (orphans). 2 samples named nodes not in the call tree and were dropped.',
    );
    // Row 1, leftmost (heaviest first): (orphans), holding getUsers and its query.
    const tip = await hoverRow(page, 5, 1);
    assert.match(tip, /^\(orphans\)/);
    assert.match(await hoverRow(page, 5, 2), /^getUsers/);
    const loaded = (await sent<{ type: string; warnings?: string[] }>(page)).find((m) => m.type === 'loaded');
    assert.equal(loaded?.warnings?.length, 3);
    await page.close();
  });

  it('time deltas adding up to 1e+294 s are said to be broken, and widths are sample counts', async () => {
    const p = expressProfile();
    p.timeDeltas = [0, 1e300, 1e300, 10, 10, 10];
    p.endTime = 3e300;
    const harness = await serve();
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await openProfile(page, harness.url, 'clock.cpuprofile', JSON.stringify(p));
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
    assert.match((await page.textContent('.warnings')) ?? '', /^The profile's timestamps are broken \(its time deltas add up to 2\.00e\+294 s\): times are not shown, widths are sample counts\.$/);
    const summary = (await page.textContent('#summary')) ?? '';
    assert.equal(summary, '6 samples · 5 nodes');
    const tip = await hoverRow(page, 5, 0);
    assert.doesNotMatch(tip, /e\+\d+|\ds\b/, tip);
    assert.match(tip, /Self.*\b1\b/);
    await page.close();
  });

  it('a 100,000-character name keeps the tooltip inside the view; C copies the whole name', async () => {
    const long = `compiled_${'x'.repeat(100_000 - 9)}`;
    const p = expressProfile();
    p.nodes[2]!.callFrame.functionName = long;
    const harness = await serve();
    const context = await browser.newContext({ viewport: { width: 1200, height: 700 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.url });
    const page = await context.newPage();
    await openProfile(page, harness.url, 'long.cpuprofile', JSON.stringify(p));
    const tip = await hoverRow(page, 5, 2);
    assert.ok(tip.startsWith(`compiled_${'x'.repeat(291)}…`), tip.slice(0, 320));
    assert.match(tip, /100,000 characters; C copies the full name/);
    const box = (await page.locator('#tooltip').boundingBox())!;
    assert.ok(box.height < 700 * 0.8 + 1 && box.width <= 1200, `tooltip ${box.width}×${box.height} px`);
    await page.keyboard.press('c');
    await page.waitForFunction(() => /Copied the name/.test(document.getElementById('tooltip')?.textContent ?? ''));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), long);
    await context.close();
  });

  it("minified frames take the names the source map gives them; the tooltip keeps the bundle's name", async () => {
    const bundle = 'file:///srv/app/dist/server.min.js';
    const p: V8Profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2] },
        { id: 2, callFrame: frame('b', bundle, 0, 4100), children: [3] },
        { id: 3, callFrame: frame('M', bundle, 0, 9120) },
      ],
      startTime: 0,
      endTime: 40_000,
      samples: [2, 3, 3, 3],
      timeDeltas: [0, 10_000, 10_000, 10_000],
    };
    const harness = await serve();
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await openProfile(page, harness.url, 'server.cpuprofile', JSON.stringify(p));
    await page.waitForFunction(() => window.__sent.some((m: { type: string }) => m.type === 'mapPositions'));
    const ask = (await sent<{ type: string; positions?: Array<{ name?: string }> }>(page)).find((m) => m.type === 'mapPositions');
    // The extension is told the profiled names (hottest first), so it can look them up in the map.
    assert.deepEqual(ask?.positions?.map((q) => q.name), ['b', 'M']);
    await page.evaluate(() =>
      window.postMessage({ type: 'positions', originals: [{ label: 'src/routes/users.ts', line: 11, column: 0, name: 'getUsers' }, { label: 'src/db.ts', line: 40, column: 2, name: 'findUsersByTeam' }] }, '*'),
    );
    await page.waitForFunction(() => document.querySelector('#table td.file[title]'));
    const tip = await hoverRow(page, 5, 1);
    assert.ok(tip.startsWith('getUsers'), tip);
    assert.match(tip, /↳ src\/routes\/users\.ts:12:1 \(source map; b in the bundle\)/);
    const names = await page.locator('#table tbody td.name').allTextContents();
    assert.deepEqual(names.filter((n) => n !== '(root)').sort(), ['findUsersByTeam', 'getUsers']);
    await page.fill('#search', 'findUsers');
    await page.waitForFunction(() => /1 function/.test(document.getElementById('search-result')?.textContent ?? ''));
    await page.close();
  });

  it('a url the page cannot fetch: it asks the extension for the bytes and opens them', async () => {
    const file = path.join(dir, 'app.cpuprofile');
    fs.writeFileSync(file, JSON.stringify(expressProfile()));
    const harness = await serve(undefined, { profile: { file, name: 'app.cpuprofile', via: 'broken-url' } });
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await page.goto(harness.url);
    await page.waitForFunction(() => window.__sent.some((m: { type: string }) => m.type === 'sendBytes'));
    assert.equal(await waitDone(page), 'ready', await why(page));
    await page.close();
  });
});
