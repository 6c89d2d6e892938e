/**
 * Flame-graph benchmark: Hotpath's flame-graph page against speedscope (its npm package's static
 * build, served locally, `#profileURL=` load) in the same headless Chromium, on a large real
 * profile; zoom and pan frame rates; and a 100 MB profile opened with the parse worker and,
 * for comparison, on the page's own thread. `npm run bench` calls `flameBench` and puts its
 * figures into results.json; on its own:
 *
 *   node --import tsx scripts/bench-flame.ts [profile.cpuprofile] [runs]
 *
 * Without a profile it makes one: TypeScript type-checking this repository under
 * `node --cpu-prof --cpu-prof-interval 50` (about 35 MB).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, repoRoot, serveFlamePage } from '../client/src/profile/testing/flame-harness';
import { randomProfile } from '../client/src/profile/testing/profiles';
import { percentile, round, spread, type Spread } from './bench/measure';

// Functions passed to page.evaluate run in the browser; the repository's type-check has no DOM lib.
declare const document: any, performance: any;

const cache = path.join(repoRoot, '.cache');
const speedscopeVersion = '1.25.0';
const viewport = { width: 1400, height: 900 };

export interface FrameRate {
  /** Input events sent (one per animation frame at most) and frames the page produced meanwhile. */
  events: number;
  frames: number;
  /** Canvas redraws: input coalesced to at most one per frame. */
  draws: number;
  seconds: number;
  /** frames / seconds, from requestAnimationFrame timestamps. */
  fps: number;
  p95FrameMs: number;
  maxFrameMs: number;
  p95DrawMs: number;
}

export interface HugeOpen {
  megabytes: number;
  /** Zoom and pan on this profile (measured in the worker case only). */
  zoom?: FrameRate;
  pan?: FrameRate;
  state: string;
  parsedIn: string;
  /** Navigation → first paint of the flame graph. */
  firstPaintSeconds: number;
  /** The longest main-thread task between the file's arrival and the first paint. */
  longestStallMs: number;
}

export interface FlameBenchFigures {
  profile: { file: string; megabytes: number };
  runs: number;
  chromium: string;
  /** Navigation → first paint of the flame view, in seconds. */
  loadAndFirstPaint: { hotpath: Spread; speedscope: Spread };
  /** speedscope's median over Hotpath's: how many times faster Hotpath opens the profile. */
  speedscopeOverHotpath: number;
  /** Time to draw one frame while zooming (canvas work only), ms. */
  drawMs: { median: number; p95: number; max: number };
  zoom: FrameRate;
  pan: FrameRate;
  /** A generated 100 MB profile: with the parse worker, and parsed on the page (a host that forbids workers). */
  huge: { worker: HugeOpen; page: HugeOpen };
}

function ensureSpeedscope(): string {
  const dir = path.join(cache, 'speedscope');
  const release = path.join(dir, 'node_modules', 'speedscope', 'dist', 'release');
  if (!fs.existsSync(path.join(release, 'index.html'))) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir, `speedscope@${speedscopeVersion}`], { stdio: 'inherit' });
  }
  return release;
}

export function ensureProfile(log: (line: string) => void = console.error): string {
  const file = path.join(cache, 'bench', 'tsc.cpuprofile');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    log('Profiling tsc on this repository to make a large profile…');
    execFileSync(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${path.dirname(file)}`, '--cpu-prof-name=tsc.cpuprofile', '--cpu-prof-interval', '50', path.join(repoRoot, 'node_modules/typescript/lib/tsc.js'), '-p', path.join(repoRoot, 'tsconfig.json'), '--noEmit'],
      { stdio: 'ignore' },
    );
  }
  return file;
}

function ensureHugeProfile(): string {
  const file = path.join(cache, 'bench', 'synthetic-100mb.cpuprofile');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // 700,000 nodes, 1.5 million samples: about 112 MB.
    fs.writeFileSync(file, JSON.stringify(randomProfile(700_000, 1_500_000, 42, 20)));
  }
  return file;
}

function serveStatic(dir: string, profile: string): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = url.pathname === '/profile.cpuprofile' ? profile : path.join(dir, path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html');
    if (!file.startsWith(dir) && file !== profile) return void res.writeHead(403).end();
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

/**
 * Records, in the page, every animation frame's timestamp, every long task, and every redraw of
 * the flame graph's canvas (FlameView sets data-draw-ms on each draw). A string, so the test
 * runner's compiler adds nothing the page lacks.
 */
const probe = `
  window.__frames = [];
  window.__tick = (t) => { window.__frames.push(t); requestAnimationFrame(window.__tick); };
  requestAnimationFrame(window.__tick);
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  window.__draws = [];
  document.addEventListener('DOMContentLoaded', () =>
    new MutationObserver((records) => {
      for (const r of records) if (r.target.matches('#graph canvas')) window.__draws.push([performance.now(), Number(r.target.dataset.drawMs)]);
    }).observe(document.body, { attributes: true, attributeFilter: ['data-draw-ms'], subtree: true }),
  );
`;

async function waitForHotpath(page: Page, timeout = 300_000): Promise<string> {
  await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', undefined, { timeout, polling: 20 });
  return (await page.getAttribute('body', 'data-state')) ?? '';
}

/**
 * Real input events (Chromium's input pipeline, through the DevTools protocol) at 60 per second
 * for `seconds`, then the frame rate the page kept up. Events are not awaited one by one: a
 * round trip per event would pace them slower than the display.
 */
async function drive(page: Page, seconds: number, event: (i: number) => Record<string, unknown>): Promise<FrameRate> {
  const cdp = await page.context().newCDPSession(page);
  const from = (await page.evaluate('performance.now()')) as number;
  const sent: Array<Promise<unknown>> = [];
  const started = Date.now();
  let events = 0;
  while (Date.now() - started < seconds * 1000) {
    sent.push(cdp.send('Input.dispatchMouseEvent', event(events++) as never));
    const wait = started + (events * 1000) / 60 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(sent);
  // Let the last event's frame be drawn.
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  const to = (await page.evaluate('performance.now()')) as number;
  await cdp.detach();
  const { frames, draws } = (await page.evaluate(`({ frames: window.__frames.filter((t) => t >= ${from} && t <= ${to}), draws: window.__draws.filter(([t]) => t >= ${from} && t <= ${to}).map(([, ms]) => ms) })`)) as { frames: number[]; draws: number[] };
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const elapsed = (frames.at(-1)! - frames[0]!) / 1000;
  return {
    events,
    frames: frames.length,
    draws: draws.length,
    seconds: round(elapsed, 2),
    fps: round((frames.length - 1) / elapsed, 1),
    p95FrameMs: percentile(gaps, 95),
    maxFrameMs: round(Math.max(...gaps)),
    p95DrawMs: percentile(draws, 95),
  };
}

/** Wheel-zoom in and out around a point, then drag-pan left and right, one mouse event per frame. */
async function frameRates(page: Page): Promise<{ zoom: FrameRate; pan: FrameRate; drawMs: number[] }> {
  const box = await page.locator('#graph canvas').boundingBox();
  if (!box) throw new Error('the flame graph has no canvas');
  const x = Math.round(box.x + box.width * 0.4);
  const y = Math.round(box.y + Math.min(box.height / 2, 200));
  await page.mouse.move(x, y);
  // In for 45 frames, out for 45, and again.
  const zoom = await drive(page, 3, (i) => ({ type: 'mouseWheel', x, y, deltaX: 0, deltaY: Math.floor(i / 45) % 2 === 0 ? -60 : 60 }));
  await page.evaluate("document.querySelector('#graph canvas').focus()");
  for (let i = 0; i < 12; i++) await page.keyboard.press('+');
  await page.mouse.move(x, y);
  await page.mouse.down();
  const pan = await drive(page, 3, (i) => {
    // Sweep 300 px left and back, 10 px per frame, with a little vertical drift.
    const phase = i % 60;
    const dx = phase < 30 ? -10 * phase : -10 * (60 - phase);
    return { type: 'mouseMoved', x: x + dx, y: y + (phase % 10), button: 'left', buttons: 1 };
  });
  await page.mouse.up();
  const drawMs = (await page.evaluate('window.__draws.map(([, ms]) => ms)')) as number[];
  return { zoom, pan, drawMs };
}

async function openHuge(browser: Browser, file: string, withWorker: boolean): Promise<HugeOpen> {
  const server = await serveFlamePage(undefined, {
    profile: { file, name: path.basename(file) },
    ...(withWorker ? {} : { csp: (csp: string) => csp.replace(/; worker-src [^;]*/, '') }),
  });
  const page = await browser.newPage({ viewport });
  try {
    await page.addInitScript(probe);
    await page.goto(server.url);
    const state = await waitForHotpath(page);
    const r = (await page.evaluate(`(() => {
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
      const from = at('hotpath-received');
      const to = at('hotpath-first-paint') ?? performance.now();
      const stalls = window.__long.filter(([s, e]) => e > from && s < to).map(([s, e]) => e - s);
      return { firstPaint: at('hotpath-first-paint'), longest: Math.max(0, ...stalls), parsedIn: document.body.dataset.parsedIn };
    })()`)) as { firstPaint?: number; longest: number; parsedIn?: string };
    const rates = withWorker && state === 'ready' ? await frameRates(page) : undefined;
    return {
      megabytes: round(fs.statSync(file).size / 1048576, 1),
      ...(rates ? { zoom: rates.zoom, pan: rates.pan } : {}),
      state: state === 'ready' ? 'ready' : `${state}: ${await page.textContent('#message')}`,
      parsedIn: r.parsedIn ?? 'unknown',
      firstPaintSeconds: round((r.firstPaint ?? NaN) / 1000, 2),
      longestStallMs: round(r.longest, 0),
    };
  } finally {
    await page.close();
    await server.close();
  }
}

export async function flameBench(options: { runs?: number; profile?: string; log?: (line: string) => void } = {}): Promise<FlameBenchFigures> {
  const log = options.log ?? console.error;
  const runs = options.runs ?? 3;
  const profile = path.resolve(options.profile ?? ensureProfile(log));
  const release = ensureSpeedscope();
  const huge = ensureHugeProfile();
  log(`Flame graph: ${profile} (${(fs.statSync(profile).size / 1048576).toFixed(1)} MB), ${runs} runs`);

  const speedscope = await serveStatic(release, profile);
  const hotpath = await serveFlamePage(undefined, { profile: { file: profile, name: path.basename(profile) } });
  const browser = await launchChromium();
  const times: { hotpath: number[]; speedscope: number[] } = { hotpath: [], speedscope: [] };
  let rates: Awaited<ReturnType<typeof frameRates>> | undefined;
  try {
    for (let run = 0; run < runs; run++) {
      // Alternate, each in a fresh page, so neither gets a warmer cache.
      {
        const page = await browser.newPage({ viewport });
        await page.goto(`${speedscope.url}index.html#profileURL=${encodeURIComponent(`${speedscope.url}profile.cpuprofile`)}`);
        await page.waitForFunction(() => document.title.includes('profile.cpuprofile') && document.querySelector('canvas')?.width > 0, undefined, { timeout: 180_000, polling: 20 });
        times.speedscope.push((await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))')) as number);
        if (run === 0) await page.screenshot({ path: path.join(repoRoot, 'test-results', 'bench-speedscope.png') });
        await page.close();
      }
      {
        const page = await browser.newPage({ viewport });
        await page.addInitScript(probe);
        await page.goto(hotpath.url);
        if ((await waitForHotpath(page, 180_000)) !== 'ready') throw new Error(`Hotpath failed: ${await page.textContent('#message')}`);
        times.hotpath.push((await page.evaluate("performance.getEntriesByName('hotpath-first-paint')[0].startTime")) as number);
        if (run === 0) {
          await page.screenshot({ path: path.join(repoRoot, 'test-results', 'bench-hotpath.png') });
          rates = await frameRates(page);
        }
        await page.close();
      }
      log(`run ${run + 1}: hotpath ${(times.hotpath.at(-1)! / 1000).toFixed(2)} s, speedscope ${(times.speedscope.at(-1)! / 1000).toFixed(2)} s`);
    }
    log('Opening the 100 MB profile, with the worker and on the page…');
    const worker = await openHuge(browser, huge, true);
    const page = await openHuge(browser, huge, false);
    const h = spread(times.hotpath.map((t) => t / 1000));
    const s = spread(times.speedscope.map((t) => t / 1000));
    return {
      profile: { file: path.relative(repoRoot, profile), megabytes: round(fs.statSync(profile).size / 1048576, 1) },
      runs,
      chromium: browser.version(),
      loadAndFirstPaint: { hotpath: h, speedscope: s },
      speedscopeOverHotpath: round(s.median / h.median, 2),
      drawMs: { median: percentile(rates!.drawMs, 50), p95: percentile(rates!.drawMs, 95), max: round(Math.max(...rates!.drawMs)) },
      zoom: rates!.zoom,
      pan: rates!.pan,
      huge: { worker, page },
    };
  } finally {
    await browser.close();
    await speedscope.close();
    await hotpath.close();
  }
}

function report(f: FlameBenchFigures): string {
  const secs = (x: Spread) => `${x.min.toFixed(2)} / ${x.median.toFixed(2)} / ${x.max.toFixed(2)} s`;
  const rate = (what: string, r: FrameRate) =>
    `${what}: ${r.fps} fps over ${r.seconds} s (${r.events} events, ${r.draws} draws), frame interval p95 ${r.p95FrameMs} ms, max ${r.maxFrameMs} ms; draw p95 ${r.p95DrawMs} ms`;
  const huge = (what: string, h: HugeOpen) => `  ${what}: ${h.state}, parsed in ${h.parsedIn}, first paint ${h.firstPaintSeconds} s, longest main-thread stall ${h.longestStallMs} ms`;
  return [
    `${f.profile.file} (${f.profile.megabytes} MB), navigation → first paint, ${f.runs} runs (min / median / max), ${f.chromium}:`,
    `  Hotpath     ${secs(f.loadAndFirstPaint.hotpath)}`,
    `  speedscope  ${secs(f.loadAndFirstPaint.speedscope)}`,
    `  speedscope / Hotpath (medians): ${f.speedscopeOverHotpath}×`,
    `Draw time per frame while zooming: median ${f.drawMs.median} ms, p95 ${f.drawMs.p95} ms, max ${f.drawMs.max} ms`,
    rate('Wheel zoom', f.zoom),
    rate('Drag pan', f.pan),
    `${f.huge.worker.megabytes} MB generated profile:`,
    huge('with the worker', f.huge.worker),
    ...(f.huge.worker.zoom ? [`  ${rate('wheel zoom', f.huge.worker.zoom)}`] : []),
    ...(f.huge.worker.pan ? [`  ${rate('drag pan', f.huge.worker.pan)}`] : []),
    huge('on the page', f.huge.page),
  ].join('\n');
}

if (require.main === module) {
  const profile = process.argv[2];
  const runs = Number(process.argv[3] ?? 3);
  flameBench({ runs, ...(profile ? { profile } : {}) }).then(
    (figures) => console.log(`${report(figures)}\n\n${JSON.stringify(figures, null, 2)}`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
