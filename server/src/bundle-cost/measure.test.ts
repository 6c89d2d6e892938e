/**
 * Real measurements of real packages (installed in the repository) and synthetic ones in a
 * temporary copy of test-fixtures/front-end-app, checked against esbuild's own command line
 * building the same entry from a file on disk.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeFrontEndApp, repoRoot } from './fixture-app';
import { measureImport, measureImports, packageOfPath, probeSource, type ImportProbe, type MeasuredCost } from './measure';
import { probeFor } from './import-costs';
import { findInstalledPackage } from '../analysis/installed-packages';
import { packageImports } from '../analysis/package-imports';
import { NodeFileHost } from '../engine/host';
import { Project } from '../engine/project';

let app: string;
before(() => {
  app = makeFrontEndApp();
});
after(() => fs.rmSync(app, { recursive: true, force: true }));

const probe = (specifier: string, names: string[], more: Partial<ImportProbe> = {}): ImportProbe => ({
  specifier,
  form: 'static',
  names,
  whole: false,
  resolveDir: `${app}/src`,
  external: [],
  ...more,
});

async function measured(p: ImportProbe): Promise<MeasuredCost> {
  const r = await measureImport(p);
  assert.ok(!('error' in r), `measurement failed: ${'error' in r ? r.error : ''}`);
  return r;
}

/** esbuild's command line on an entry file written into the app: the independent figure. */
function esbuildCli(entry: string, external: string[] = []): number {
  const file = path.join(app, 'src', `entry-${Math.random().toString(36).slice(2)}.js`);
  fs.writeFileSync(file, entry);
  const out = execFileSync(
    path.join(repoRoot, 'node_modules/.bin/esbuild'),
    [file, '--bundle', '--minify', '--format=esm', '--platform=browser', '--define:process.env.NODE_ENV="production"', '--log-level=error',
      // Production builds move license comments out of the bundle (Vite, webpack's terser plugin); so does the measurement.
      '--legal-comments=none', ...external.map((e) => `--external:${e}`)],
    { cwd: app, maxBuffer: 64 * 1024 * 1024 },
  );
  fs.rmSync(file);
  return out.length;
}

describe('measureImport on real packages', () => {
  const cases: [string, ImportProbe | (() => ImportProbe), string, string[]?][] = [
    ['whole lodash (default import)', () => probe('lodash', ['default']), `import _ from 'lodash'; console.log(_);`],
    ['one lodash-es function', () => probe('lodash-es', ['debounce']), `import { debounce } from 'lodash-es'; console.log(debounce);`],
    ['moment', () => probe('moment', ['default']), `import moment from 'moment'; console.log(moment);`],
    ['dayjs', () => probe('dayjs', ['default']), `import dayjs from 'dayjs'; console.log(dayjs);`],
    ['date-fns format', () => probe('date-fns', ['format']), `import { format } from 'date-fns'; console.log(format);`],
    ['one lucide icon, React external', () => probe('lucide-react', ['Camera'], { external: ['react'] }), `import { Camera } from 'lucide-react'; console.log(Camera);`, ['react']],
  ];
  for (const [name, p, entry, external] of cases) {
    it(`${name}: within 10% of esbuild's own bundle of the same entry`, async () => {
      const m = await measured(typeof p === 'function' ? p() : p);
      const reference = esbuildCli(entry, external);
      const ratio = m.bytes / reference;
      assert.ok(ratio > 0.9 && ratio < 1.1, `measured ${m.bytes} B, esbuild CLI ${reference} B (ratio ${ratio.toFixed(3)})`);
      assert.ok(m.gzip > 0 && m.gzip < m.bytes);
    });
  }

  it('orders the figures the way the table of alternatives claims', async () => {
    const lodash = await measured(probe('lodash', ['default']));
    const lodashEs = await measured(probe('lodash-es', ['debounce']));
    const perMethod = await measured(probe('lodash/debounce', ['default']));
    const moment = await measured(probe('moment', ['default']));
    const dayjs = await measured(probe('dayjs', ['default']));
    assert.ok(lodash.gzip > 20_000, `whole lodash ${lodash.gzip} B gzip is over the default budget`);
    assert.ok(lodashEs.gzip * 5 < lodash.gzip && perMethod.gzip * 5 < lodash.gzip);
    assert.ok(dayjs.gzip * 4 < moment.gzip, `dayjs ${dayjs.gzip} vs moment ${moment.gzip}`);
    assert.deepEqual(lodash.contents.map((c) => c.name), ['lodash']);
  });

  it('counts a namespace read by member like named imports, and a whole namespace whole', async () => {
    const members = await measured(probe('lodash-es', ['debounce', 'get']));
    const whole = await measured(probe('lodash-es', [], { whole: true }));
    assert.ok(members.gzip * 10 < whole.gzip, `members ${members.gzip} vs whole ${whole.gzip}`);
  });

  it('costs a side-effect-free package nothing for a bare import, unlike Import Cost', async () => {
    const bare = await measured(probe('date-fns', [], { form: 'side-effect' }));
    assert.ok(bare.bytes < 100, `bare import of date-fns: ${bare.bytes} B`);
  });

  it('keeps a required module whole', async () => {
    const req = await measured(probe('lodash-es', [], { form: 'require' }));
    const named = await measured(probe('lodash-es', ['debounce']));
    assert.ok(req.gzip > named.gzip * 10);
  });
});

describe('measureImport resolves like a bundler', () => {
  it('takes the ESM build from an exports map, so unused exports are shaken off', async () => {
    const small = await measured(probe('dual-format', ['small']));
    const big = await measured(probe('dual-format', ['big']));
    assert.ok(small.bytes < 200, `small ${small.bytes} B`);
    assert.ok(big.bytes > 40_000);
  });

  it('takes the browser field over main', async () => {
    const m = await measured(probe('browser-field', ['platformName']));
    // The CommonJS wrapper esbuild adds is most of it; the Node build would be over 30 kB.
    assert.ok(m.bytes < 2000, `browser build ${m.bytes} B (the Node build is 30 kB)`);
  });

  it("follows pnpm's symlinks to a dependency that is not hoisted", async () => {
    const m = await measured(probe('pnpm-linked', ['linked']));
    assert.ok(m.bytes > 12_000, `${m.bytes} B`);
    assert.deepEqual(m.contents.map((c) => c.name).sort(), ['pnpm-dep', 'pnpm-linked']);
  });

  it('finds packages hoisted to a monorepo root', async () => {
    const pkgDir = path.join(app, 'packages/web/src');
    fs.mkdirSync(pkgDir, { recursive: true });
    const m = await measured(probe('dayjs', ['default'], { resolveDir: pkgDir }));
    assert.ok(m.bytes > 2000);
  });

  it('measures the installed copy the rule found, also when the importer is inside a package of that name', async () => {
    // three's examples import 'three' from inside three's own folder, whose exports point at a build
    // that a source checkout lacks: resolved from the importer, the package resolves to itself.
    const lib = path.join(app, 'vendor/selfie');
    fs.mkdirSync(path.join(lib, 'examples'), { recursive: true });
    fs.writeFileSync(path.join(lib, 'package.json'), JSON.stringify({ name: 'selfie', version: '2.0.0', exports: { '.': './build/selfie.js' } }));
    fs.writeFileSync(path.join(lib, 'examples/demo.js'), `import { shout } from 'selfie';\nshout('hi');\n`);
    const installed = path.join(app, 'node_modules/selfie');
    fs.mkdirSync(installed, { recursive: true });
    fs.writeFileSync(path.join(installed, 'package.json'), JSON.stringify({ name: 'selfie', version: '2.0.0', main: 'index.js' }));
    fs.writeFileSync(path.join(installed, 'index.js'), `export const shout = (s) => s.toUpperCase() + '${'!'.repeat(3000)}';\n`);

    const project = new Project(new NodeFileHost());
    const doc = project.getDoc(path.join(lib, 'examples/demo.js'))!;
    const [imp] = packageImports(doc);
    const pkg = findInstalledPackage(project, doc.path, 'selfie')!;
    assert.equal(pkg.dir, installed.replace(/\\/g, '/'));
    const { probe: p } = probeFor(imp!, pkg, []);
    const m = await measured(p);
    assert.ok(m.bytes > 3000, `${m.bytes} B`);
    assert.ok('error' in (await measureImport({ ...p, resolveDir: path.dirname(doc.path) })), 'from the importer it resolves to itself');
  });

  it('measures a batch in one build with the same figures as one build per probe, and sets aside a probe that cannot be bundled', async () => {
    // Named icons and lodash-es methods, as the importers of one app ask for them, plus a name the package does not export.
    const probes = [
      probe('lucide-react', ['Search']),
      probe('lucide-react', ['Search', 'X', 'ChevronDown']),
      probe('lodash-es', ['debounce']),
      probe('lodash-es', ['NoSuchExport']),
      probe('moment', ['default']),
      probe('lodash-es', [], { whole: true }),
    ];
    const batch = await measureImports(probes);
    assert.equal(batch.length, probes.length);
    for (const [i, p] of probes.entries()) {
      const alone = await measureImport(p);
      const got = batch[i]!;
      if ('error' in alone) {
        assert.ok('error' in got, `${p.specifier} ${p.names.join()}: fails alone, so in the batch`);
        continue;
      }
      assert.ok(!('error' in got), `${p.specifier} ${p.names.join()}: ${'error' in got ? got.error : ''}`);
      assert.deepEqual([got.bytes, got.gzip, got.contents], [alone.bytes, alone.gzip, alone.contents], `${p.specifier} ${p.names.join()}`);
    }
    assert.ok('error' in batch[3]!, 'the missing export fails');
  });

  it('reports a package that is not installed as a failure, never a throw', async () => {
    const r = await measureImport(probe('not-installed-anywhere', ['x']));
    assert.ok('error' in r);
    assert.match(r.error, /not-installed-anywhere/);
  });
});

describe('probe sources', () => {
  const p = (more: Partial<ImportProbe>): ImportProbe => ({ specifier: 'x', form: 'static', names: [], whole: false, resolveDir: '/', external: [], ...more });
  it('keeps exactly the imported bindings alive', () => {
    assert.equal(probeSource(p({ names: ['default', 'a'] })), 'export { default as e0, a as e1 } from "x";\n');
    assert.equal(probeSource(p({ whole: true })), 'export * as ns from "x";\n');
    assert.equal(probeSource(p({ names: ['not-an-identifier'] })), 'export * as ns from "x";\n');
    assert.equal(probeSource(p({ form: 'side-effect' })), 'import "x";\n');
    assert.equal(probeSource(p({ form: 'require' })), 'export default require("x");\n');
    assert.equal(probeSource(p({ form: 'dynamic' })), 'export * as ns from "x";\n');
  });
  it('names the package of a bundled file, pnpm store paths included', () => {
    assert.equal(packageOfPath('node_modules/.pnpm/@a+b@1.0.0/node_modules/@a/b/index.js'), '@a/b');
    assert.equal(packageOfPath('../node_modules/lodash/lodash.js'), 'lodash');
    assert.equal(packageOfPath('<stdin>'), '(entry)');
  });
});
