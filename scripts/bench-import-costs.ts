/**
 * Benchmark (not part of the test suite): the cost of every import of a typical component file
 * (test-fixtures/front-end-app/src/components/SearchBox.tsx: react, lodash, moment, lucide-react,
 * date-fns, dayjs), measured
 *
 *   1. uncached: Hotpath's esbuild measurement, one import at a time as the server queues them;
 *   2. cached: a new process-level service reading the same cache folder (what re-opening a
 *      workspace costs), plus the rule's own analysis of the file;
 *   3. Import Cost's approach: webpack 5 + terser for each import (its webpack-config.js: browser/
 *      module/main fields, production mode, peers external), installed on demand into
 *      .cache/bench-webpack with npm (never into the project's own dependencies).
 *
 * Run: node --import tsx scripts/bench-import-costs.ts [--runs 3] [--no-webpack]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { analyzeDoc } from '../server/src/engine/analyze';
import { NodeFileHost } from '../server/src/engine/host';
import { Project } from '../server/src/engine/project';
import { CostService } from '../server/src/bundle-cost/cost-service';
import { makeFrontEndApp, repoRoot } from '../server/src/bundle-cost/fixture-app';
import { attachImportCosts, importCosts } from '../server/src/bundle-cost/import-costs';
import { loadEsbuild } from '../server/src/bundle-cost/measure';
import { heavyImport } from '../server/src/rules/heavy-import';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const withWebpack = !args.includes('--no-webpack');
const component = 'src/components/SearchBox.tsx';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** All imports of the component through a service on `cacheDir`; wall time until every size is known. */
async function measureAll(app: string, cacheDir: string): Promise<{ ms: number; sizes: Map<string, number>; measured: number }> {
  const service = new CostService({ cacheDir });
  const project = attachImportCosts(new Project(new NodeFileHost()), {
    costs: { lookup: (k) => service.lookup(k), isPending: (k) => service.isPending(k), request: (k, p) => service.request(k, p) },
  });
  const doc = project.getDoc(path.join(app, component).replace(/\\/g, '/'))!;
  const started = performance.now();
  importCosts(project, doc, []);
  await service.idle();
  // The rule itself, reporting from the now complete cache: what a diagnostic refresh costs.
  analyzeDoc(project, doc, { rules: [heavyImport] });
  const ms = performance.now() - started;
  service.flush();
  const sizes = new Map<string, number>();
  for (const c of importCosts(project, doc, [], false)) if (c.cost && !('error' in c.cost)) sizes.set(c.imp.specifier, c.cost.gzip);
  return { ms, sizes, measured: service.measured };
}

function ensureWebpack(): string | undefined {
  const dir = path.join(repoRoot, '.cache/bench-webpack');
  if (!fs.existsSync(path.join(dir, 'node_modules/webpack'))) {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, 'package.json'))) fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}');
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', 'webpack@5'], { cwd: dir, stdio: 'ignore' });
    } catch (err) {
      console.log(`webpack could not be installed (${(err as Error).message.split('\n')[0]}): skipping the comparison`);
      return undefined;
    }
  }
  return dir;
}

/** Import Cost's probe for one import, bundled with webpack + terser as its webpack-config.js does. */
/** The little of webpack's API used here (webpack is not a project dependency, so no types). */
interface WebpackStats {
  hasErrors(): boolean;
  toString(preset: string): string;
}
type Webpack = (config: Record<string, unknown>, done: (err: Error | null, stats?: WebpackStats) => void) => void;

async function webpackCost(webpackDir: string, app: string, entry: string, externals: string[]): Promise<{ ms: number; gzip: number }> {
  const webpack = require(path.join(webpackDir, 'node_modules/webpack')) as Webpack;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ic-'));
  const entryFile = path.join(app, 'src', `ic-entry-${path.basename(tmp)}.js`);
  fs.writeFileSync(entryFile, entry);
  const started = performance.now();
  const stats = await new Promise<WebpackStats>((resolve, reject) =>
    webpack(
      {
        mode: 'production',
        entry: entryFile,
        context: app,
        output: { path: tmp, filename: 'bundle.js' },
        resolve: { mainFields: ['browser', 'module', 'main'] },
        externals: Object.fromEntries(externals.map((e) => [e, e])),
        optimization: { concatenateModules: true, minimize: true },
        performance: { hints: false },
      },
      (err, s) => (err || !s ? reject(err) : resolve(s)),
    ),
  );
  const ms = performance.now() - started;
  fs.rmSync(entryFile);
  if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
  const gzip = zlib.gzipSync(fs.readFileSync(path.join(tmp, 'bundle.js'))).length;
  fs.rmSync(tmp, { recursive: true, force: true });
  return { ms, gzip };
}

async function main(): Promise<void> {
  const app = makeFrontEndApp();
  const esbuild = loadEsbuild();
  console.log(`Component: ${component} (6 package imports); ${os.cpus().length} cores, Node ${process.version}, esbuild ${'error' in esbuild ? 'missing' : esbuild.version}`);
  try {
    const uncached: number[] = [];
    const cached: number[] = [];
    let sizes = new Map<string, number>();
    for (let i = 0; i < runs; i++) {
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cache-'));
      const cold = await measureAll(app, cacheDir);
      uncached.push(cold.ms);
      sizes = cold.sizes;
      const warm = await measureAll(app, cacheDir);
      if (warm.measured !== 0) throw new Error('the second run measured again: the cache did not hold');
      cached.push(warm.ms);
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
    const u = median(uncached);
    const c = median(cached);
    console.log(`Hotpath uncached (all 6 imports measured): median ${u.toFixed(0)} ms over ${runs} runs [${uncached.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`Hotpath cached (from disk, plus the rule's analysis): median ${c.toFixed(1)} ms [${cached.map((x) => x.toFixed(1)).join(', ')}]`);
    console.log(`  cached is ${(u / c).toFixed(0)}x faster than uncached`);

    if (!withWebpack) return;
    const webpackDir = ensureWebpack();
    if (!webpackDir) return;
    const probes: [string, string, string[]][] = [
      ['react', `import { useMemo, useState } from 'react'; console.log(useMemo, useState);`, []],
      ['lodash', `import _ from 'lodash'; console.log(_);`, []],
      ['moment', `import moment from 'moment'; console.log(moment);`, []],
      ['lucide-react', `import { Search } from 'lucide-react'; console.log(Search);`, ['react', 'react-dom']],
      ['date-fns', `import { format } from 'date-fns'; console.log(format);`, []],
      ['dayjs', `import dayjs from 'dayjs'; console.log(dayjs);`, []],
    ];
    const webpackRuns: number[] = [];
    const perImport: string[] = [];
    for (let i = 0; i < Math.min(runs, 2); i++) {
      let total = 0;
      for (const [name, entry, ext] of probes) {
        const r = await webpackCost(webpackDir, app, entry, ext);
        total += r.ms;
        if (i === 0) {
          const ours = sizes.get(name);
          perImport.push(`  ${name.padEnd(13)} webpack ${r.ms.toFixed(0).padStart(5)} ms, ${(r.gzip / 1000).toFixed(1)} kB gzip; Hotpath ${ours !== undefined ? (ours / 1000).toFixed(1) : '?'} kB gzip`);
        }
      }
      webpackRuns.push(total);
    }
    const w = median(webpackRuns);
    console.log(`Import Cost's approach (webpack 5 + terser, one bundle per import): median ${w.toFixed(0)} ms [${webpackRuns.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(perImport.join('\n'));
    console.log(`  Hotpath uncached is ${(w / u).toFixed(1)}x faster than webpack; cached ${(w / c).toFixed(0)}x faster`);
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
