/**
 * Load-time benchmark: Hotpath's flame-graph page against speedscope (its npm package's static
 * build, served locally, `#profileURL=` load) in the same headless Chromium, on a large real
 * profile. Not part of the test suite: run
 *
 *   node --import tsx scripts/bench-flame.ts [profile.cpuprofile] [runs]
 *
 * Without a profile it makes one: TypeScript type-checking this repository under
 * `node --cpu-prof --cpu-prof-interval 50` (about 35 MB). Reports navigation → first paint of
 * the flame view for both, the ratio of medians, and Hotpath's draw times while zooming.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { launchChromium, repoRoot, serveFlamePage } from '../client/src/profile/testing/flame-harness';
import { randomProfile } from '../client/src/profile/testing/profiles';

// Functions passed to page.evaluate run in the browser; the repository's type-check has no DOM lib.
declare const document: any, window: any, performance: any, requestAnimationFrame: (cb: (t: number) => void) => number, WheelEvent: any;

const cache = path.join(repoRoot, '.cache');
const speedscopeVersion = '1.25.0';

function ensureSpeedscope(): string {
  const dir = path.join(cache, 'speedscope');
  const release = path.join(dir, 'node_modules', 'speedscope', 'dist', 'release');
  if (!fs.existsSync(path.join(release, 'index.html'))) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir, `speedscope@${speedscopeVersion}`], { stdio: 'inherit' });
  }
  return release;
}

function ensureProfile(): string {
  const file = path.join(cache, 'bench', 'tsc.cpuprofile');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    console.log('Profiling tsc on this repository to make a large profile…');
    execFileSync(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${path.dirname(file)}`, '--cpu-prof-name=tsc.cpuprofile', '--cpu-prof-interval', '50', path.join(repoRoot, 'node_modules/typescript/lib/tsc.js'), '-p', path.join(repoRoot, 'tsconfig.json'), '--noEmit'],
      { stdio: 'ignore' },
    );
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

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const profile = path.resolve(process.argv[2] ?? ensureProfile());
  const runs = Number(process.argv[3] ?? 3);
  const release = ensureSpeedscope();
  const size = fs.statSync(profile).size;
  console.log(`Profile: ${profile} (${(size / 1048576).toFixed(1)} MB)`);

  const speedscope = await serveStatic(release, profile);
  const hotpath = await serveFlamePage(undefined, { profile: { file: profile, name: path.basename(profile) } });
  const browser = await launchChromium();
  const times: { hotpath: number[]; speedscope: number[] } = { hotpath: [], speedscope: [] };
  const draws: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      // Alternate, each in a fresh page, so neither gets a warmer cache.
      {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(`${speedscope.url}index.html#profileURL=${encodeURIComponent(`${speedscope.url}profile.cpuprofile`)}`);
        await page.waitForFunction((name: string) => document.title.includes(name) && document.querySelector('canvas')?.width > 0, path.basename('profile.cpuprofile'), { timeout: 180_000, polling: 20 });
        const t = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
        times.speedscope.push(t);
        if (run === 0) await page.screenshot({ path: path.join(repoRoot, 'test-results', 'bench-speedscope.png') });
        await page.close();
      }
      {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(hotpath.url);
        await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', undefined, { timeout: 180_000, polling: 20 });
        const state = await page.getAttribute('body', 'data-state');
        if (state !== 'ready') throw new Error(`Hotpath failed: ${await page.textContent('#message')}`);
        times.hotpath.push(await page.evaluate(() => performance.getEntriesByName('hotpath-first-paint')[0].startTime as number));
        if (run === 0) {
          await page.screenshot({ path: path.join(repoRoot, 'test-results', 'bench-hotpath.png') });
          // Zoom in and out around a point, one wheel event per animation frame.
          draws.push(
            ...(await page.evaluate(async () => {
              const canvas = document.querySelector('#graph canvas');
              const rect = canvas.getBoundingClientRect();
              const out: number[] = [];
              for (let i = 0; i < 120; i++) {
                canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: i < 60 ? -80 : 80, deltaX: i % 4 === 0 ? 30 : 0, clientX: rect.left + rect.width * 0.4, clientY: rect.top + 40, bubbles: true, cancelable: true }));
                await new Promise((r) => requestAnimationFrame(r));
                out.push(Number(canvas.dataset.drawMs));
              }
              return out;
            })),
          );
        }
        await page.close();
      }
      console.log(`run ${run + 1}: hotpath ${fmt(times.hotpath.at(-1)!)}, speedscope ${fmt(times.speedscope.at(-1)!)}`);
    }
  } finally {
    await browser.close();
    await speedscope.close();
    await hotpath.close();
  }
  const h = stats(times.hotpath);
  const s = stats(times.speedscope);
  const d = stats(draws);
  const p95 = [...draws].sort((a, b) => a - b)[Math.floor(draws.length * 0.95)]!;
  console.log(`\nnavigation → first paint, ${runs} runs (min / median / max):`);
  console.log(`  Hotpath     ${fmt(h.min)} / ${fmt(h.median)} / ${fmt(h.max)}`);
  console.log(`  speedscope  ${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)}`);
  console.log(`  speedscope / Hotpath (medians): ${(s.median / h.median).toFixed(1)}×`);
  console.log(`Hotpath zoom/pan draw time per frame: median ${d.median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${d.max.toFixed(2)} ms`);
  await openHuge();
}

/** "A 100 MB profile opens": a generated one (700,000 nodes, 1.5 million samples), Hotpath only. */
async function openHuge(): Promise<void> {
  const file = path.join(cache, 'bench', 'synthetic-100mb.cpuprofile');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(randomProfile(700_000, 1_500_000, 42, 20)));
  }
  const server = await serveFlamePage(undefined, { profile: { file, name: path.basename(file) } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', undefined, { timeout: 300_000, polling: 50 });
    const state = await page.getAttribute('body', 'data-state');
    const t = await page.evaluate(() => performance.getEntriesByName('hotpath-first-paint')[0]?.startTime as number | undefined);
    console.log(`${(fs.statSync(file).size / 1048576).toFixed(0)} MB generated profile: ${state === 'ready' ? `opened, first paint at ${fmt(t ?? NaN)}` : `FAILED: ${await page.textContent('#message')}`}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
