/**
 * Starts the bundled command line (dist/cli.js) from V8's code cache. Compiling the 10 MB bundle
 * (TypeScript's parser is most of it) cost every run about 0.15 s, a third of a small project's
 * check. Node 22 has `module.enableCompileCache()`; on Node 20 the cache is kept by hand: the
 * bundle is compiled as a `vm.Script` with the cached data of an earlier run, and a run that
 * analysed files (and so compiled the functions a scan uses) writes the cache when there was none
 * or V8 rejected it. Any problem with the cache falls back to a plain `require`.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { defaultCacheDir } from '../bundle-cost/cache-dir';

/** Commands whose runs compile most of the bundle: only they write the cache. */
const scanCommands = new Set(['check', 'baseline', 'fix']);

export function launch(bundle: string, argv: readonly string[]): void {
  let started = false;
  try {
    const stat = fs.statSync(bundle);
    const dir = path.join(defaultCacheDir(), 'code-cache');
    // The cache fits one V8 and one build of the bundle.
    const name = `cli-${process.versions.v8}-${stat.size}-${Math.round(stat.mtimeMs)}.bin`;
    const file = path.join(dir, name);
    let cached: Buffer | undefined;
    try {
      cached = fs.readFileSync(file);
    } catch {
      // First run of this build.
    }
    const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, ...(cached ? { cachedData: cached } : {}) });
    if ((!cached || script.cachedDataRejected) && scanCommands.has(argv[0] ?? '')) {
      process.once('exit', () => writeCache(dir, name, script));
    }
    const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
    const mod = new Module(bundle, module);
    mod.filename = bundle;
    started = true;
    run.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  } catch (err) {
    // Once the bundle runs, its errors are its own (it reports them); before that, load it plainly.
    if (started) throw err;
    require(bundle);
  }
}

function writeCache(dir: string, name: string, script: vm.Script): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Caches of earlier builds or Node versions are never read again.
    for (const old of fs.readdirSync(dir)) if (old !== name && old.startsWith('cli-')) fs.rmSync(path.join(dir, old), { force: true });
    const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, path.join(dir, name));
  } catch {
    // A read-only or full disk only costs the next run its compile time.
  }
}

launch(path.join(__dirname, 'cli.js'), process.argv.slice(2));
