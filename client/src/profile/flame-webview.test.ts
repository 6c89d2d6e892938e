/**
 * The flame-graph webview in headless Chromium: the real page, CSP and bundle (`npm run build`
 * first; the test script does), fed fixture profiles the way the editor feeds them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { flameGraphLayout } from '../../../shared/profile/layout';
import { displayName, type ProfileModel } from '../../../shared/profile/model';
import { parseProfile } from '../../../shared/profile/parse';
import { searchFrames } from '../../../shared/profile/search';
import { formatPercent, formatValue } from '../../../media/flame/format';
import { highContrastTheme, launchChromium, lightTheme, openComparison, openProfile, repoRoot, sent, serveFlamePage, type Harness } from './testing/flame-harness';
import { fixturesDir } from './testing/profiles';

// Functions passed to page.evaluate run in the browser; the repository's type-check has no DOM lib.
declare const document: any, window: any, TextEncoder: any, requestAnimationFrame: (cb: (t: number) => void) => number, WheelEvent: any;
type HTMLCanvasElement = any;

const rowH = 18;
const fixture = fs.readFileSync(path.join(fixturesDir, 'hotpath-cli.cpuprofile'));
const resultsDir = path.join(repoRoot, 'test-results');

interface ViewState {
  start: number;
  end: number;
  top: number;
}

async function viewState(page: Page, selector = '#graph canvas'): Promise<ViewState> {
  const raw = await page.getAttribute(selector, 'data-view');
  const [start, end, top] = (raw ?? '').split(',').map(Number);
  return { start: start!, end: end!, top: top! };
}

async function pixel(page: Page, x: number, y: number, selector = '#graph canvas'): Promise<[number, number, number]> {
  return page.evaluate(
    ([sel, px, py]) => {
      const c = document.querySelector(sel) as HTMLCanvasElement;
      const dpr = window.devicePixelRatio || 1;
      const d = c.getContext('2d')!.getImageData(Math.floor(px * dpr), Math.floor(py * dpr), 1, 1).data;
      return [d[0]!, d[1]!, d[2]!] as [number, number, number];
    },
    [selector, x, y] as const,
  );
}

async function canvasBox(page: Page, selector = '#graph canvas') {
  const box = await page.locator(selector).boundingBox();
  assert.ok(box, 'canvas is laid out');
  return box;
}

async function hover(page: Page, x: number, row: number, selector = '#graph canvas'): Promise<string> {
  const box = await canvasBox(page, selector);
  await page.mouse.move(box.x + x, box.y + row * rowH + rowH / 2);
  await page.waitForFunction(() => !document.getElementById('tooltip')?.hidden);
  return (await page.textContent('#tooltip')) ?? '';
}

/** The heaviest child of the root: the frame the left-heavy graph draws leftmost in row 1. */
function heaviestChild(m: ProfileModel): number {
  const layout = flameGraphLayout(m.tree, m.frames.name);
  return layout.rows[1]!.node[0]!;
}

/** A flame page server and a Chromium shared by the tests of one `describe`, closed after them. */
function inChromium(): { browser: Browser; harness: Harness } {
  const chrome = {} as { browser: Browser; harness: Harness };
  before(async () => {
    chrome.harness = await serveFlamePage();
    chrome.browser = await launchChromium();
  });
  after(async () => {
    await chrome.browser?.close();
    await chrome.harness?.close();
  });
  return chrome;
}

describe('flame-graph webview in Chromium', { timeout: 120_000 }, () => {
  const chrome = inChromium();
  let page: Page;
  const model = parseProfile(new Uint8Array(fixture));

  before(async () => {
    fs.mkdirSync(resultsDir, { recursive: true });
    page = await chrome.browser.newPage({ viewport: { width: 1200, height: 800 } });
  });

  it('loads a real .cpuprofile sent by postMessage, draws frames and reports back', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await openProfile(page, chrome.harness.url, 'hotpath-cli.cpuprofile', fixture);
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
    const loaded = (await sent<{ type: string; nodes?: number; samples?: number }>(page)).find((m) => m.type === 'loaded');
    assert.deepEqual({ nodes: loaded?.nodes, samples: loaded?.samples }, { nodes: model.tree.frame.length, samples: model.sampleCount });
    const annotations = (await sent<{ type: string; payload?: { lines: unknown[]; functions: unknown[] } }>(page)).find((m) => m.type === 'annotations');
    assert.ok(annotations?.payload && annotations.payload.lines.length > 10 && annotations.payload.functions.length > 5, 'hot lines sent to the editor');
    // Row 0 is (root), across the whole width, in the GC/idle/program colour (orange, #d18616 blended on #1f1f1f).
    const root = await pixel(page, 300, rowH / 2);
    const shades = [0.9, 0.78, 0.66, 0.56].map((a) => [0xd1, 0x86, 0x16].map((c) => Math.round(c * a + 0x1f * (1 - a))));
    assert.ok(shades.some((s) => s.every((c, k) => Math.abs(c - root[k]!) <= 2)), `root pixel ${root.join(',')}`);
    // Far below the deepest stack only the background is left.
    const box = await canvasBox(page);
    const depth = flameGraphLayout(model.tree).rows.length;
    if (depth * rowH + 20 < box.height) assert.deepEqual(await pixel(page, 300, depth * rowH + 10), [0x1f, 0x1f, 0x1f]);
    await page.screenshot({ path: path.join(resultsDir, 'flame-graph.png') });
    assert.deepEqual(errors, []);
  });

  it('hover shows function, file:line, self, total, % of profile and samples', async () => {
    const v = heaviestChild(model);
    const f = model.frames;
    const frame = model.tree.frame[v]!;
    const text = await hover(page, 3, 1);
    assert.ok(text.includes(displayName(f.name[frame]!)), text);
    assert.ok(text.includes(`Total ${formatValue(model.tree.total[v]!, 'us')} (${formatPercent(model.tree.total[v]!, model.duration)} of profile)`), text);
    assert.ok(text.includes(`Self ${formatValue(model.tree.self[v]!, 'us')}`), text);
    assert.ok(text.includes(`Samples ${model.tree.totalSamples[v]}`), text);
    if (f.url[frame]) assert.ok(text.includes(`:${f.line[frame]! + 1}`), text);
  });

  it('clicking a frame asks the extension to open its source', async () => {
    const v = heaviestChild(model);
    const box = await canvasBox(page);
    await page.mouse.click(box.x + 3, box.y + rowH * 1.5);
    const open = (await sent<{ type: string; url?: string; line?: number }>(page)).filter((m) => m.type === 'open').at(-1);
    const frame = model.tree.frame[v]!;
    if (model.frames.url[frame]) assert.deepEqual({ url: open?.url, line: open?.line }, { url: model.frames.url[frame], line: model.frames.line[frame] });
    assert.equal(await page.locator('#table tr.selected td.name').textContent(), displayName(model.frames.name[frame]!));
  });

  it('search highlights matches and shows the time they account for; the table follows', async () => {
    await page.fill('#search', 'readFileSync');
    const expected = searchFrames(model.frames, model.tree, 'readFileSync');
    assert.ok(expected.frameCount > 0);
    const text = `${expected.frameCount} function${expected.frameCount === 1 ? '' : 's'} · ${formatValue(expected.total, 'us')} (${formatPercent(expected.total, model.duration)})`;
    await page.waitForFunction((t) => document.getElementById('search-result')?.textContent === t, text);
    const names = await page.locator('#table td.name').allTextContents();
    assert.ok(names.length > 0 && names.every((n) => n.includes('readFileSync')) , names.join(', '));
    // Non-matching frames are dimmed: the root row gets darker.
    const [r] = await pixel(page, 300, rowH / 2);
    assert.ok(r < 120, `dimmed root red channel ${r}`);
    await page.fill('#search', '');
    await page.waitForFunction(() => document.getElementById('search-result')?.textContent === '');
  });

  it('double-click zooms to a frame with breadcrumbs; keys and wheel zoom and pan; 0 resets', async () => {
    const v = heaviestChild(model);
    const box = await canvasBox(page);
    await page.mouse.dblclick(box.x + 3, box.y + rowH * 1.5);
    let view = await viewState(page);
    assert.ok(Math.abs(view.end - view.start - model.tree.total[v]!) < 1e-6, 'the view spans the frame');
    const crumbs = await page.locator('#breadcrumbs .crumb').allTextContents();
    assert.deepEqual(crumbs, ['(root)', displayName(model.frames.name[model.tree.frame[v]!]!)]);
    // The zoomed frame fills the width: hovering at the right edge of row 1 finds it.
    const right = await hover(page, box.width - 5, 1);
    assert.ok(right.startsWith(displayName(model.frames.name[model.tree.frame[v]!]!)), right);

    await page.locator('#breadcrumbs .crumb').first().click();
    view = await viewState(page);
    assert.equal(view.end - view.start, model.duration);

    await page.focus('#graph canvas');
    await page.keyboard.press('+');
    const zoomed = await viewState(page);
    assert.ok(Math.abs(zoomed.end - zoomed.start - model.duration * 0.8) < 1e-6);
    await page.keyboard.press('ArrowRight');
    const panned = await viewState(page);
    assert.ok(panned.start > zoomed.start);
    await page.mouse.move(box.x + box.width / 2, box.y + 100);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((span) => {
      const [a, b] = (document.querySelector('#graph canvas')!.getAttribute('data-view') ?? '').split(',').map(Number);
      return b! - a! < span;
    }, zoomed.end - zoomed.start);
    await page.keyboard.press('0');
    view = await viewState(page);
    assert.deepEqual([view.start, view.end], [0, model.duration]);
    assert.equal(await page.locator('#breadcrumbs .crumb').count(), 0);
  });

  it('the flame chart shows time order with an overview; the table sorts; the sandwich shows callers and callees', async () => {
    await page.click('#tab-chart');
    assert.equal(await page.isVisible('#minimap'), true);
    const text = await hover(page, 2, 0);
    assert.match(text, /This span/);
    await page.screenshot({ path: path.join(resultsDir, 'flame-chart.png') });

    await page.click('#table th button[data-sort="total"]');
    assert.equal(await page.getAttribute('#table th:nth-child(2)', 'aria-sort'), 'descending');
    assert.equal(await page.locator('#table tbody tr').first().locator('td.name').textContent(), '(root)');
    await page.click('#table th button[data-sort="name"]');
    const names = await page.locator('#table td.name').allTextContents();
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));

    const target = model.frames.name.indexOf('wrapSafe');
    await page.locator('#table td.name', { hasText: /^wrapSafe$/ }).first().click();
    await page.click('#tab-sandwich');
    const titles = await page.locator('#sandwich h2').allTextContents();
    assert.deepEqual(titles, ['Callers of wrapSafe (callers below it)', 'Callees of wrapSafe']);
    const callers = await hover(page, 5, 1, '#sandwich .pane:first-of-type canvas');
    const parentFrame = model.tree.frame[model.tree.parent[model.tree.frame.indexOf(target)]!]!;
    assert.ok(callers.startsWith(displayName(model.frames.name[parentFrame]!)), callers);
    await page.screenshot({ path: path.join(resultsDir, 'sandwich.png') });
    await page.click('#tab-graph');
  });

  it('zoom and pan draw a frame in well under 16 ms (60 fps)', async () => {
    const times = await page.evaluate(async () => {
      const canvas = document.querySelector('#graph canvas') as HTMLCanvasElement;
      const rect = canvas.getBoundingClientRect();
      const out: number[] = [];
      for (let i = 0; i < 60; i++) {
        canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: i < 30 ? -60 : 60, deltaX: i % 5 === 0 ? 40 : 0, clientX: rect.left + rect.width / 3, clientY: rect.top + 50, bubbles: true, cancelable: true }));
        await new Promise((r) => requestAnimationFrame(r));
        out.push(Number(canvas.dataset.drawMs));
      }
      return out;
    });
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)]!;
    assert.ok(p95 < 16, `95th percentile draw ${p95} ms`);
  });
});

describe('hostile and broken profiles in Chromium', { timeout: 120_000 }, () => {
  const chrome = inChromium();

  it('function names and urls with markup render as text and run nothing', async () => {
    const evil = ['<img src=x onerror="window.__pwned=1">', '</script><script>window.__pwned=2</script>', 'abc\u202Edcba', '"><svg onload=window.__pwned=3>'];
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, children: [2, 3, 4, 5] },
        ...evil.map((name, i) => ({ id: i + 2, callFrame: { functionName: name, scriptId: '1', url: `file:///app/<b>${i}</b>.js`, lineNumber: i, columnNumber: 0 } })),
      ],
      startTime: 0,
      endTime: 4000,
      samples: [2, 2, 2, 2, 3, 3, 3, 4, 4, 5],
      timeDeltas: [0, 400, 400, 400, 400, 400, 400, 400, 400, 400],
    };
    const page = await chrome.browser.newPage({ viewport: { width: 1000, height: 600 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openProfile(page, chrome.harness.url, 'evil.cpuprofile', JSON.stringify(profile));
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
    const text = await hover(page, 3, 1);
    assert.ok(text.startsWith(evil[0]!), text);
    assert.ok(text.includes('/app/<b>0</b>.js:1:1'), text);
    const names = await page.locator('#table td.name').allTextContents();
    for (const name of evil.slice(0, 2).concat(evil[3]!)) assert.ok(names.includes(name), `${name} listed as text`);
    assert.ok(names.includes('abc\ufffddcba'), 'the bidi override is neutralised');
    assert.equal(await page.locator('#app img, #app svg, #app script').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(dialogs, []);
    await page.close();
  });

  it('a truncated file shows one sentence and tells the extension', async () => {
    const page = await chrome.browser.newPage();
    await openProfile(page, chrome.harness.url, 'cut.cpuprofile', fixture.subarray(0, 5000));
    assert.equal(await page.getAttribute('body', 'data-state'), 'error');
    assert.match((await page.textContent('#message')) ?? '', /not valid JSON \(it looks truncated\)/);
    const failed = (await sent<{ type: string; message?: string }>(page)).find((m) => m.type === 'failed');
    assert.match(failed?.message ?? '', /truncated/);
    await page.close();
  });

  it('file bytes that arrive JSON-serialized (array, numeric-key object, ArrayBuffer) still load; anything else says so', async () => {
    const text = 'main;parse 30\nmain;render 70\n';
    for (const form of ['array', 'object', 'buffer', 'string'] as const) {
      const page = await chrome.browser.newPage();
      await page.goto(chrome.harness.url);
      await page.waitForFunction(() => window.__sent.some((m: { type: string }) => m.type === 'ready'));
      await page.evaluate(
        ([t, f]) => {
          const bytes = new TextEncoder().encode(t);
          const asSent = f === 'array' ? Array.from(bytes) : f === 'object' ? JSON.parse(JSON.stringify(bytes)) : f === 'buffer' ? bytes.buffer : t;
          window.postMessage({ type: 'load', fileName: 'x.folded', bytes: asSent }, '*');
        },
        [text, form] as const,
      );
      await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error');
      const state = await page.getAttribute('body', 'data-state');
      if (form === 'string') {
        assert.equal(state, 'error');
        assert.match((await page.textContent('#message')) ?? '', /in a form this view cannot read \(\[object String\]\)/);
      } else {
        assert.equal(state, 'ready', form);
        assert.match(await hover(page, 3, 1), /^main/);
      }
      await page.close();
    }
  });

  it('folded stacks open in the same page', async () => {
    const page = await chrome.browser.newPage();
    await openProfile(page, chrome.harness.url, 'app.folded', 'main;parse;tokenize 30\nmain;render 70\n');
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
    const text = await hover(page, 3, 1);
    assert.match(text, /^main/);
    assert.match(text, /Total 100 samples \(100\.0% of profile\)/);
    await page.close();
  });

  it('compares two profiles: frames coloured by change, tooltips with before → after, regressions listed', async () => {
    const page = await chrome.browser.newPage({ viewport: { width: 1000, height: 600 } });
    await openComparison(page, chrome.harness.url, ['before.folded', 'main;parse 50\nmain;render 50\n'], ['after.folded', 'main;parse 60\nmain;render 130\nmain;render;layout 20\n']);
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
    assert.equal(await page.getAttribute('body', 'data-parsed-in'), 'worker');
    assert.match((await page.textContent('header')) ?? '', /before\.folded → after\.folded/);
    const rows = await page.locator('#table tbody tr').evaluateAll((trs: any[]) => trs.map((tr) => [tr.className, tr.cells[2].textContent, tr.cells[0].textContent]));
    assert.deepEqual(rows, [
      ['regression', 'render', '+11.90%'],
      ['regression', 'layout', '+9.52%'],
      ['improvement', 'parse', '-21.43%'],
    ]);
    // Row 2: render (widest after, 150 of 210) is drawn red, parse (60 of 210) blue.
    const box = await canvasBox(page);
    const text = await hover(page, 5, 2);
    assert.match(text, /^render/);
    assert.match(text, /Self 50\.00% → 61\.90% \(\+11\.90%\)/);
    // Read below the labels, with the pointer away so no hover outline is drawn.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 5);
    await page.waitForFunction(() => document.getElementById('tooltip')?.hidden);
    const red = await pixel(page, 5, 2 * rowH + 16);
    const blue = await pixel(page, box.width - 5, 2 * rowH + 16);
    assert.ok(red[0] > red[2] + 40, `render is red: ${red.join(',')}`);
    assert.ok(blue[2] > blue[0] + 40, `parse is blue: ${blue.join(',')}`);
    await page.screenshot({ path: path.join(resultsDir, 'diff.png') });
    await page.close();
  });
});

describe('theme colours in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [kind, theme, bodyClass, background] of [
    ['light', lightTheme, 'vscode-light', [255, 255, 255]],
    ['high contrast', highContrastTheme, 'vscode-high-contrast', [0, 0, 0]],
  ] as const) {
    it(`draws on the ${kind} theme's background, labels in a readable colour`, async () => {
      const harness = await serveFlamePage(theme, { bodyClass });
      const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
      try {
        await openProfile(page, harness.url, 'app.folded', 'main;parse;tokenize 30\nmain;render 70\n');
        const box = await canvasBox(page);
        assert.deepEqual(await pixel(page, box.width / 2, box.height - 5), background);
        // Label text: the darkest and lightest pixels of the row-1 label differ strongly from each other.
        const row = await page.evaluate(
          ([y]) => {
            const c = document.querySelector('#graph canvas') as HTMLCanvasElement;
            const dpr = window.devicePixelRatio || 1;
            const d = c.getContext('2d')!.getImageData(0, Math.floor(y * dpr), Math.floor(60 * dpr), 1).data;
            const lum: number[] = [];
            for (let i = 0; i < d.length; i += 4) lum.push(0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!);
            return [Math.min(...lum), Math.max(...lum)];
          },
          [rowH + rowH / 2] as const,
        );
        assert.ok(row[1]! - row[0]! > 100, `label contrast ${row.join(' to ')}`);
        if (kind === 'high contrast') {
          // Frames are outlined in the contrast border colour (#6fc3df).
          const edge = await pixel(page, 0, rowH + 5);
          assert.ok(Math.abs(edge[0] - 0x6f) < 40 && Math.abs(edge[2] - 0xdf) < 40, `border ${edge.join(',')}`);
        }
        await page.screenshot({ path: path.join(resultsDir, `flame-${bodyClass}.png`) });
      } finally {
        await page.close();
        await harness.close();
      }
    });
  }
});


describe('generated and original positions in Chromium', { timeout: 120_000 }, () => {
  const chrome = inChromium();

  it('asks the extension for the hot user-code positions once, then shows both positions in the tooltip and the original in the table', async () => {
    const bundle = 'file:///app/dist/server.js';
    const frame = (id: number, functionName: string, url: string, lineNumber: number, columnNumber: number, children?: number[]) => ({
      id,
      callFrame: { functionName, scriptId: '1', url, lineNumber, columnNumber },
      ...(children ? { children } : {}),
    });
    const profile = {
      nodes: [
        frame(1, '(root)', '', -1, -1, [2, 5]),
        frame(2, 'handle', bundle, 0, 20416, [3, 4]),
        frame(3, 'listUsers', bundle, 0, 31000),
        frame(4, 'readFileSync', 'node:fs', 440, 2),
        frame(5, 'lodashMap', 'file:///app/node_modules/lodash/map.js', 10, 4),
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [2, 3, 3, 3, 3, 3, 4, 4, 5, 5],
      timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
    };
    const page = await chrome.browser.newPage({ viewport: { width: 1000, height: 600 } });
    await openProfile(page, chrome.harness.url, 'server.cpuprofile', JSON.stringify(profile));
    await page.waitForFunction(() => window.__sent.some((m: { type: string }) => m.type === 'mapPositions'));
    const asks = (await sent<{ type: string; positions?: Array<{ url: string; line: number; column: number }> }>(page)).filter((m) => m.type === 'mapPositions');
    // Only the app's own frames, hottest first; node_modules and Node's are not the user's source.
    assert.equal(asks.length, 1);
    assert.deepEqual(asks[0]!.positions, [
      { url: bundle, line: 0, column: 20416, name: 'handle' },
      { url: bundle, line: 0, column: 31000, name: 'listUsers' },
    ]);

    // The extension's answer: handle maps (to a path that is data, not markup), listUsers has no mapping.
    const label = 'src/<img src=x onerror="window.__pwned=1">/users.ts';
    await page.evaluate((l) => window.postMessage({ type: 'positions', originals: [{ label: l, line: 41, column: 6 }, null] }, '*'), label);
    await page.waitForFunction(() => document.querySelector('#table td.file[title]'));
    const text = await hover(page, 3, 1);
    assert.ok(text.startsWith('handle'), text);
    const lines = await page.locator('#tooltip > div').allTextContents();
    assert.deepEqual(lines.slice(1, 3), ['/app/dist/server.js:1:20417', `↳ ${label}:42:7 (source map)`]);
    const unmapped = await hover(page, 3, 2);
    assert.ok(unmapped.startsWith('listUsers') && !unmapped.includes('↳'), unmapped);

    const cells = await page.locator('#table tbody tr').evaluateAll((trs: any[]) => trs.map((tr) => [tr.cells[2].textContent, tr.cells[3].textContent, tr.cells[3].getAttribute('title')]));
    assert.deepEqual(
      cells.find(([name]) => name === 'handle'),
      ['handle', `${label}:42:7`, '/app/dist/server.js:1:20417 (generated)'],
    );
    assert.deepEqual(
      cells.find(([name]) => name === 'listUsers'),
      ['listUsers', '/app/dist/server.js:1:31001', null],
    );
    assert.equal(await page.locator('#app img').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.close();
  });
});

describe('zoomed out over many runs per pixel in Chromium', { timeout: 120_000 }, () => {
  it('every pixel column of a row of sub-pixel frames is drawn, and dimmed when a search does not match it', async () => {
    // 5,000 one-sample children of the root: about five per pixel column of a 1,000 px canvas,
    // alternating app code (blue) and node_modules (purple), so the draw skips runs within columns.
    const children = Array.from({ length: 5000 }, (_, i) => i + 2);
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, children },
        ...children.map((id) => ({
          id,
          callFrame: { functionName: `f${id}`, scriptId: '1', url: id % 2 ? 'file:///app/node_modules/x/a.js' : 'file:///app/a.js', lineNumber: id, columnNumber: 0 },
        })),
      ],
      startTime: 0,
      endTime: 5000 * 100,
      samples: children,
      timeDeltas: children.map(() => 100),
    };
    const harness = await serveFlamePage();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
      await openProfile(page, harness.url, 'wide.cpuprofile', JSON.stringify(profile));
      const readRow = () =>
        page.evaluate(
          ([y]) => {
            const c = document.querySelector('#graph canvas') as HTMLCanvasElement;
            const dpr = window.devicePixelRatio || 1;
            const d = c.getContext('2d')!.getImageData(0, Math.floor(y * dpr), c.width, 1).data;
            const out: string[] = [];
            for (let i = 0; i < d.length; i += 4) out.push(`${d[i]},${d[i + 1]},${d[i + 2]}`);
            return out;
          },
          [rowH + rowH / 2] as const,
        );
      const row = await readRow();
      // The background is #1f1f1f: a column left in it was skipped.
      const gap = row.indexOf('31,31,31');
      assert.equal(gap, -1, `pixel column ${gap} of row 1 is not drawn`);
      assert.ok(new Set(row).size > 2, 'both kinds of frame are drawn');
      // Searching for node_modules dims the app's frames: their full colours leave the row, no column empties.
      const appColours = new Set(row.filter((p) => { const [r, , b] = p.split(',').map(Number); return b! > r! + 60; }));
      assert.ok(appColours.size > 0, 'app frames (blue) are drawn');
      await page.fill('#search', 'node_modules');
      await page.waitForFunction(() => document.getElementById('search-result')?.textContent !== '');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const searched = await readRow();
      assert.equal(searched.indexOf('31,31,31'), -1, 'no column is left empty while searching');
      assert.deepEqual(searched.filter((p) => appColours.has(p)), [], 'app frames are dimmed');
      await page.close();
    } finally {
      await browser.close();
      await harness.close();
    }
  });
});
