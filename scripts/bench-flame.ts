/**
 * Flame-graph benchmark: Hotpath's flame-graph page against speedscope (its npm package's static
 * build, served locally, `#profileURL=` load) in the same headless Chromium, alternating, on
 * three real profiles (TypeScript type-checking, `node --cpu-prof`: about 4, 40 and 115 MB), with
 * Hotpath's time split into stages (page start, download, scan, model, layout, hand-over, first
 * draw); zoom and pan frame rates; the largest profile also parsed on the page (a host that
 * forbids workers). `npm run bench` calls `flameBench` and puts its figures into results.json;
 * on its own it writes the `flameGraph` key there itself:
 *
 *   node --import tsx scripts/bench-flame.ts [--runs 3] [--profiles a,b,c] [--before <checkout>]
 *
 * `--before` adds a column for another checkout of Hotpath (built with `npm run build`), served
 * by its own test harness, so a change is measured before/after in the same run. Without
 * `--profiles` the profiles are made here: `tsc` on media/flame (interval 300 µs) and on this
 * repository (50 µs); the largest is `tsc` on the folder `HOTPATH_BENCH_LARGE_PROJECT` names
 * (the outline app's checkout gave 131 MB), else a generated 112 MB profile.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, repoRoot, serveFlamePage } from '../client/src/profile/testing/flame-harness';
import { randomProfile } from '../client/src/profile/testing/profiles';
import { parseProfile } from '../shared/profile/parse';
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
  state: string;
  parsedIn: string;
  /** Navigation → first paint of the flame graph. */
  firstPaintSeconds: number;
  /** The longest main-thread task between the file's arrival and the first paint. */
  longestStallMs: number;
}

/** Hotpath's first paint split into consecutive stages (medians over the runs, ms). */
export interface Stages {
  /** Navigation → the page's script runs. */
  pageStart: number;
  /** → the extension's `load` (the url) arrives and the worker is up. */
  toWorker: number;
  /** → the last byte of the file is in the page (streamed to the worker as it comes). */
  download: number;
  /** → the worker has scanned the last byte (what scanning adds after the download). */
  scanAfterDownload: number;
  /** → the model (call tree, frames, samples) is built. */
  model: number;
  /** → the flame graph's layout and per-function totals are made; the worker posts them. */
  layout: number;
  /** → the page has the model (transfer) and has built its views. */
  handOver: number;
  /** → the first frame is painted. */
  firstDraw: number;
}

export interface ProfileFigures {
  name: string;
  file: string;
  megabytes: number;
  nodes: number;
  samples: number;
  /** Navigation → first paint of the flame view, in seconds. */
  hotpath: Spread;
  speedscope: Spread;
  /** The `--before` checkout, when given. */
  before?: Spread;
  /** speedscope's median over Hotpath's: how many times faster Hotpath opens the profile. */
  speedscopeOverHotpath: number;
  beforeOverHotpath?: number;
  stages: Stages;
}

export interface FlameBenchFigures {
  runs: number;
  chromium: string;
  /** What `before` was, when measured. */
  before?: string;
  profiles: ProfileFigures[];
  /** Time to draw one frame while zooming the medium profile (canvas work only), ms. */
  drawMs: { median: number; p95: number; max: number };
  zoom: FrameRate;
  pan: FrameRate;
  /** The largest profile: zoom and pan, and opened on the page itself (a host that forbids workers). */
  largest: { zoom: FrameRate; pan: FrameRate; onPage: HugeOpen };
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

/** A `tsc --noEmit` run of `project` profiled at `interval` µs, made once into .cache/bench/. */
function tscProfile(name: string, project: string, interval: number, log: (line: string) => void): string {
  const file = path.join(cache, 'bench', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    log(`Profiling tsc on ${path.relative(repoRoot, project) || '.'} to make ${name}…`);
    execFileSync(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${path.dirname(file)}`, `--cpu-prof-name=${name}`, '--cpu-prof-interval', String(interval), path.join(repoRoot, 'node_modules/typescript/lib/tsc.js'), '-p', project, '--noEmit', '--skipLibCheck'],
      { stdio: 'ignore' },
    );
  }
  return file;
}

export function ensureProfile(log: (line: string) => void = console.error): string {
  return tscProfile('tsc.cpuprofile', path.join(repoRoot, 'tsconfig.json'), 50, log);
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

function defaultProfiles(log: (line: string) => void): string[] {
  const small = tscProfile('tsc-small.cpuprofile', path.join(repoRoot, 'media/flame/tsconfig.json'), 600, log);
  const large = process.env.HOTPATH_BENCH_LARGE_PROJECT
    ? tscProfile('tsc-large.cpuprofile', path.resolve(process.env.HOTPATH_BENCH_LARGE_PROJECT), 50, log)
    : ensureHugeProfile();
  return [small, ensureProfile(log), large];
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

/** The largest profile parsed on the page itself (no worker): how long the page stops responding. */
async function openOnPage(browser: Browser, file: string): Promise<HugeOpen> {
  const server = await serveFlamePage(undefined, { profile: { file, name: path.basename(file) }, csp: (csp: string) => csp.replace(/; worker-src [^;]*/, '') });
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
    return {
      megabytes: round(fs.statSync(file).size / 1048576, 1),
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

/** The marks the page leaves on its timeline (media/flame/main.ts, parser.ts), as consecutive stages. */
const stageMarks = `(() => {
  const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
  const t = {
    script: at('hotpath-script'), worker: at('hotpath-to-worker'), last: at('hotpath-last-byte'),
    scanned: at('hotpath-stage:building the call tree'), model: at('hotpath-stage:laying out the flame graph'),
    done: at('hotpath-worker-done'), ui: at('hotpath-ui'), paint: at('hotpath-first-paint'),
  };
  return t;
})()`;

function stagesOf(marks: Array<Record<string, number | undefined>>): Stages {
  const median = (f: (m: Record<string, number>) => number) => {
    const values = marks.map((m) => f(m as Record<string, number>)).filter((v) => Number.isFinite(v));
    return values.length ? round(spread(values).median, 0) : NaN;
  };
  return {
    pageStart: median((m) => m.script!),
    toWorker: median((m) => m.worker! - m.script!),
    download: median((m) => m.last! - m.worker!),
    scanAfterDownload: median((m) => Math.max(0, m.scanned! - m.last!)),
    model: median((m) => m.model! - Math.max(m.scanned!, m.last!)),
    layout: median((m) => m.done! - m.model!),
    handOver: median((m) => m.ui! - m.done!),
    firstDraw: median((m) => m.paint! - m.ui!),
  };
}

type Harnesses = typeof import('../client/src/profile/testing/flame-harness');

/** Navigation → Hotpath's first paint, and its stage marks; `rates` also drives zoom and pan. */
async function openHotpath(browser: Browser, url: string, withRates: boolean) {
  const page = await browser.newPage({ viewport });
  try {
    await page.addInitScript(probe);
    await page.goto(url);
    if ((await waitForHotpath(page, 300_000)) !== 'ready') throw new Error(`Hotpath failed: ${await page.textContent('#message')}`);
    const paint = (await page.evaluate("performance.getEntriesByName('hotpath-first-paint')[0].startTime")) as number;
    const marks = (await page.evaluate(stageMarks)) as Record<string, number | undefined>;
    const rates = withRates ? await frameRates(page) : undefined;
    return { paint, marks, rates };
  } finally {
    await page.close();
  }
}

async function openSpeedscope(browser: Browser, base: string): Promise<number> {
  const page = await browser.newPage({ viewport });
  try {
    await page.goto(`${base}index.html#profileURL=${encodeURIComponent(`${base}profile.cpuprofile`)}`);
    await page.waitForFunction(() => document.title.includes('profile.cpuprofile') && document.querySelector('canvas')?.width > 0, undefined, { timeout: 300_000, polling: 20 });
    return (await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))')) as number;
  } finally {
    await page.close();
  }
}

export interface FlameBenchOptions {
  runs?: number;
  profiles?: string[];
  /** A checkout of an earlier Hotpath, built, measured alongside. */
  before?: string;
  log?: (line: string) => void;
}

export async function flameBench(options: FlameBenchOptions = {}): Promise<FlameBenchFigures> {
  const log = options.log ?? console.error;
  const runs = options.runs ?? 3;
  const profiles = (options.profiles ?? defaultProfiles(log)).map((p) => path.resolve(p));
  const release = ensureSpeedscope();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const beforeHarness = options.before ? (require(path.join(path.resolve(options.before), 'client/src/profile/testing/flame-harness')) as Harnesses) : undefined;
  const browser = await launchChromium();
  const figures: ProfileFigures[] = [];
  let mediumRates: Awaited<ReturnType<typeof frameRates>> | undefined;
  let largestRates: Awaited<ReturnType<typeof frameRates>> | undefined;
  try {
    for (const [k, file] of profiles.entries()) {
      const megabytes = round(fs.statSync(file).size / 1048576, 1);
      const model = parseProfile(fs.readFileSync(file));
      log(`Flame graph: ${path.basename(file)} (${megabytes} MB, ${model.tree.frame.length} nodes, ${model.sampleCount} samples), ${runs} runs`);
      const speedscope = await serveStatic(release, file);
      const hotpath = await serveFlamePage(undefined, { profile: { file, name: path.basename(file) } });
      const before = beforeHarness ? await beforeHarness.serveFlamePage(undefined, { profile: { file, name: path.basename(file) } }) : undefined;
      const times: { hotpath: number[]; speedscope: number[]; before: number[] } = { hotpath: [], speedscope: [], before: [] };
      const marks: Array<Record<string, number | undefined>> = [];
      try {
        for (let run = 0; run < runs; run++) {
          // Alternate, each in a fresh page, so none gets a warmer cache.
          times.speedscope.push(await openSpeedscope(browser, speedscope.url));
          if (before) times.before.push((await openHotpath(browser, before.url, false)).paint);
          const mine = await openHotpath(browser, hotpath.url, run === 0 && (k === 1 || k === profiles.length - 1));
          times.hotpath.push(mine.paint);
          marks.push(mine.marks);
          if (mine.rates && k === 1) mediumRates = mine.rates;
          else if (mine.rates) largestRates = mine.rates;
          const secs = (t: number[]) => (t.at(-1)! / 1000).toFixed(2);
          log(`  run ${run + 1}: Hotpath ${secs(times.hotpath)} s, speedscope ${secs(times.speedscope)} s${before ? `, before ${secs(times.before)} s` : ''}`);
        }
      } finally {
        await speedscope.close();
        await hotpath.close();
        await before?.close();
      }
      const h = spread(times.hotpath.map((t) => t / 1000));
      const s = spread(times.speedscope.map((t) => t / 1000));
      const b = before ? spread(times.before.map((t) => t / 1000)) : undefined;
      figures.push({
        name: path.basename(file),
        file: path.relative(repoRoot, file),
        megabytes,
        nodes: model.tree.frame.length,
        samples: model.sampleCount,
        hotpath: h,
        speedscope: s,
        ...(b ? { before: b, beforeOverHotpath: round(b.median / h.median, 2) } : {}),
        speedscopeOverHotpath: round(s.median / h.median, 2),
        stages: stagesOf(marks),
      });
    }
    log('Opening the largest profile on the page itself (no worker)…');
    const onPage = await openOnPage(browser, profiles.at(-1)!);
    const rates = mediumRates ?? largestRates!;
    return {
      runs,
      chromium: browser.version(),
      ...(options.before ? { before: path.resolve(options.before) } : {}),
      profiles: figures,
      drawMs: { median: percentile(rates.drawMs, 50), p95: percentile(rates.drawMs, 95), max: round(Math.max(...rates.drawMs)) },
      zoom: rates.zoom,
      pan: rates.pan,
      largest: { zoom: (largestRates ?? rates).zoom, pan: (largestRates ?? rates).pan, onPage },
    };
  } finally {
    await browser.close();
  }
}

function report(f: FlameBenchFigures): string {
  const secs = (x: Spread) => `${x.min.toFixed(2)} / ${x.median.toFixed(2)} / ${x.max.toFixed(2)} s`;
  const rate = (what: string, r: FrameRate) =>
    `${what}: ${r.fps} fps over ${r.seconds} s (${r.events} events, ${r.draws} draws), frame interval p95 ${r.p95FrameMs} ms, max ${r.maxFrameMs} ms; draw p95 ${r.p95DrawMs} ms`;
  const lines = [`Navigation → first paint, ${f.runs} runs (min / median / max), ${f.chromium}:`];
  for (const p of f.profiles) {
    lines.push(
      `${p.name} (${p.megabytes} MB, ${p.nodes} nodes, ${p.samples} samples):`,
      `  Hotpath     ${secs(p.hotpath)}`,
      `  speedscope  ${secs(p.speedscope)}   → ${p.speedscopeOverHotpath}× (medians)`,
      ...(p.before ? [`  before      ${secs(p.before)}   → ${p.beforeOverHotpath}×`] : []),
      `  stages (ms): ${Object.entries(p.stages).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
  }
  const o = f.largest.onPage;
  lines.push(
    `Draw time per frame while zooming: median ${f.drawMs.median} ms, p95 ${f.drawMs.p95} ms, max ${f.drawMs.max} ms`,
    rate('Wheel zoom', f.zoom),
    rate('Drag pan', f.pan),
    rate('Largest, wheel zoom', f.largest.zoom),
    rate('Largest, drag pan', f.largest.pan),
    `Largest parsed on the page: ${o.state}, first paint ${o.firstPaintSeconds} s, longest main-thread stall ${o.longestStallMs} ms`,
  );
  return lines.join('\n');
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const profiles = argument('--profiles')?.split(',');
  const before = argument('--before');
  flameBench({ runs: Number(argument('--runs') ?? 3), ...(profiles ? { profiles } : {}), ...(before ? { before } : {}) }).then(
    (figures) => {
      console.log(`${report(figures)}\n\n${JSON.stringify(figures, null, 2)}`);
      // On its own, the flame figures replace their key in results.json (npm run bench writes them all).
      const results = path.join(repoRoot, 'scripts', 'bench', 'results.json');
      const all = fs.existsSync(results) ? (JSON.parse(fs.readFileSync(results, 'utf8')) as Record<string, unknown>) : {};
      all.flameGraph = figures;
      fs.writeFileSync(results, `${JSON.stringify(all, null, 2)}\n`);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
