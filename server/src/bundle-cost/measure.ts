/**
 * The cost of one import, measured the way a production browser bundle pays it: esbuild bundles
 * a probe that keeps exactly the imported bindings alive, from the importer's own folder (so its
 * node_modules, hoisting and pnpm symlinks resolve as in the app), minified and tree-shaken with
 * NODE_ENV=production, peers and Node built-ins external. Raw and gzip bytes of the JS and CSS out.
 *
 * esbuild is loaded at run time, not bundled: its native binary cannot live inside dist/server.js.
 * The native package was chosen over esbuild-wasm because a new package must be measured in
 * under a second; the wasm build took 2.3–3.2 s per package where native took 60–610 ms.
 */
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { ImportForm } from '../analysis/package-imports';

export interface ImportProbe {
  specifier: string;
  form: ImportForm;
  /** Bindings kept alive: `default`, named exports and namespace members. Ignored for whole imports. */
  names: string[];
  whole: boolean;
  /** Folder the import is written in: resolution starts here. */
  resolveDir: string;
  /** Packages the probe must not include (the package's peers, host-provided libraries). */
  external: string[];
}

export interface MeasuredCost {
  /** Minified bytes of JS + CSS. */
  bytes: number;
  gzip: number;
  /** The largest packages inside the bundle, bytes of minified output each. */
  contents: { name: string; bytes: number }[];
  ms: number;
}

export interface MeasureFailure {
  error: string;
}

type Esbuild = typeof import('esbuild');
let esbuildModule: Esbuild | undefined;
let loadError: string | undefined;

/**
 * The packaged extension has no node_modules (`vsce package --no-dependencies`): scripts/build.mjs
 * copies esbuild's JS API and this platform's binary into dist/esbuild/ beside dist/server.js.
 * ESBUILD_BINARY_PATH must be set before the API is loaded (it reads it once, at load time),
 * because the copied API cannot find the binary through @esbuild/<platform> packages.
 * In development (tests run from source), the normal `require('esbuild')` from node_modules.
 */
function requireEsbuild(): Esbuild {
  const shipped = path.join(__dirname, 'esbuild');
  const api = path.join(shipped, 'lib', 'main.js');
  const binary = path.join(shipped, 'bin', process.platform === 'win32' ? 'esbuild.exe' : 'esbuild');
  if (fs.existsSync(api) && fs.existsSync(binary)) {
    process.env.ESBUILD_BINARY_PATH = binary;
    // A computed path: the bundler leaves this require to run time.
    return require(api) as Esbuild;
  }
  // The bundle keeps 'esbuild' external, so this loads node_modules/esbuild beside dist/.
  return require('esbuild') as Esbuild;
}

/** esbuild, or why it cannot be used (missing from the installation, unsupported platform). */
export function loadEsbuild(): Esbuild | MeasureFailure {
  if (esbuildModule) return esbuildModule;
  if (loadError) return { error: loadError };
  try {
    esbuildModule = requireEsbuild();
    return esbuildModule;
  } catch (err) {
    loadError = `esbuild is not available: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    return { error: loadError };
  }
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/** The entry module that keeps exactly what the import uses. */
export function probeSource(p: ImportProbe): string {
  const spec = JSON.stringify(p.specifier);
  switch (p.form) {
    case 'side-effect':
      return `import ${spec};\n`;
    case 'require':
      return `export default require(${spec});\n`;
    case 'dynamic':
      return `export * as ns from ${spec};\n`;
    case 'static': {
      // A namespace object that escapes, or members that are not identifiers: everything stays.
      if (p.whole || p.names.some((n) => n !== 'default' && !identifier.test(n))) return `export * as ns from ${spec};\n`;
      const parts = p.names.map((n, i) => `${n === 'default' ? 'default' : n} as e${i}`);
      return parts.length === 0 ? `import ${spec};\n` : `export { ${parts.join(', ')} } from ${spec};\n`;
    }
  }
}

const nodeExternals = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const assetLoaders = Object.fromEntries(
  ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg', '.ico', '.woff', '.woff2', '.ttf', '.eot', '.otf', '.mp3', '.mp4', '.wasm'].map((e) => [e, 'file' as const]),
);

/** esbuild's options for a probe: one production browser bundle, kept in memory. */
function probeBuild(p: ImportProbe) {
  return {
    stdin: { contents: probeSource(p), resolveDir: p.resolveDir, loader: 'js' as const, sourcefile: 'hotpath-probe.js' },
    absWorkingDir: p.resolveDir,
    bundle: true,
    minify: true,
    treeShaking: true,
    write: false as const,
    outdir: '/hotpath-probe-out',
    platform: 'browser' as const,
    format: 'esm' as const,
    target: 'es2020',
    metafile: true as const,
    logLevel: 'silent' as const,
    legalComments: 'none' as const,
    define: { 'process.env.NODE_ENV': '"production"' },
    external: [...p.external, ...p.external.map((e) => `${e}/*`), ...nodeExternals],
    loader: { ...assetLoaders, '.js': 'jsx' as const },
  };
}

/** The JS and CSS one entry's build put out (`out` picks an entry's files in a batch). */
function weigh(result: { outputFiles: import('esbuild').OutputFile[]; metafile: import('esbuild').Metafile }, ms: number, out?: RegExp): MeasuredCost {
  let bytes = 0;
  const chunks: Uint8Array[] = [];
  for (const f of result.outputFiles) {
    if (!/\.(js|css)$/.test(f.path) || (out && !out.test(f.path))) continue;
    bytes += f.contents.length;
    chunks.push(f.contents);
  }
  const gzip = zlib.gzipSync(Buffer.concat(chunks)).length;
  return { bytes, gzip, contents: contentsOf(result.metafile, out), ms: Math.round(ms) };
}

function failure(err: unknown): MeasureFailure {
  const errors = (err as { errors?: { text: string }[] }).errors;
  return { error: errors?.[0]?.text ?? (err instanceof Error ? err.message : String(err)) };
}

/** Bundle the probe and weigh the output. Never throws: failures come back as `{ error }`. */
export async function measureImport(p: ImportProbe): Promise<MeasuredCost | MeasureFailure> {
  const esbuild = loadEsbuild();
  if ('error' in esbuild) return esbuild;
  const started = performance.now();
  try {
    const result = await esbuild.build(probeBuild(p));
    return weigh(result, performance.now() - started);
  } catch (err) {
    return failure(err);
  }
}

/** Where a batch's virtual probe modules live (never on disk). */
const probeNamespace = 'hotpath-probe';
/** The most probes one esbuild build takes: outputs are kept in memory until the build ends. */
export const maxBatch = 64;

/** The probes a batch can measure together: the same folder to resolve from and the same externals. */
export function batchKey(p: ImportProbe): string {
  return `${p.resolveDir}\0${p.external.join(',')}`;
}

/**
 * Several probes sharing `batchKey`, measured by one esbuild build with one entry per probe:
 * each output is bundled on its own, as a lone build would, but a package's modules are read and
 * parsed once for all of them (an icon pack's 1 MB entry, named icons imported by 80 files).
 * A probe esbuild cannot bundle fails the build: it is set aside with its error and the others
 * are built again; when the failing one cannot be told, each is measured alone.
 */
export async function measureImports(probes: ImportProbe[]): Promise<(MeasuredCost | MeasureFailure)[]> {
  if (probes.length <= 1) return Promise.all(probes.map(measureImport));
  const esbuild = loadEsbuild();
  if ('error' in esbuild) return probes.map(() => esbuild);
  const out: (MeasuredCost | MeasureFailure | undefined)[] = probes.map(() => undefined);
  let todo = probes.map((_, i) => i);
  for (let attempt = 0; attempt < 2 && todo.length > 0; attempt++) {
    const started = performance.now();
    try {
      const result = await esbuild.build(batchBuild(probes, todo));
      const ms = (performance.now() - started) / todo.length;
      for (const i of todo) out[i] = weigh(result, ms, new RegExp(`/p${i}\\.(js|css)$`));
      todo = [];
    } catch (err) {
      const failed = new Map<number, string>();
      for (const e of (err as { errors?: { text: string; location?: { file?: string } | null }[] }).errors ?? []) {
        const m = e.location?.file?.match(/^hotpath-probe:(\d+)$/);
        if (m && !failed.has(Number(m[1]))) failed.set(Number(m[1]), e.text);
      }
      if (failed.size === 0) break;
      for (const [i, text] of failed) out[i] = { error: text };
      todo = todo.filter((i) => !failed.has(i));
    }
  }
  for (const i of todo) out[i] = await measureImport(probes[i]!);
  return out.map((r) => r ?? { error: 'not measured' });
}

function batchBuild(probes: ImportProbe[], indexes: number[]) {
  const first = probes[indexes[0]!]!;
  const { stdin: _single, ...options } = probeBuild(first);
  return {
    ...options,
    entryPoints: indexes.map((i) => ({ in: `${probeNamespace}:${i}`, out: `p${i}` })),
    plugins: [
      {
        name: 'hotpath-probes',
        setup(build: import('esbuild').PluginBuild) {
          build.onResolve({ filter: /^hotpath-probe:\d+$/ }, (a) => ({ path: a.path, namespace: probeNamespace }));
          build.onLoad({ filter: /.*/, namespace: probeNamespace }, (a) => {
            const p = probes[Number(a.path.slice(probeNamespace.length + 1))]!;
            return { contents: probeSource(p), resolveDir: p.resolveDir, loader: 'js' as const };
          });
        },
      },
    ],
  };
}

/**
 * The same measurement, blocking: for front ends whose rules cannot wait for a promise (an ESLint
 * rule reports before `create` returns). The size is cached like the others, so it is paid once.
 */
export function measureImportSync(p: ImportProbe): MeasuredCost | MeasureFailure {
  const esbuild = loadEsbuild();
  if ('error' in esbuild) return esbuild;
  const started = performance.now();
  try {
    return weigh(esbuild.buildSync(probeBuild(p)), performance.now() - started);
  } catch (err) {
    return failure(err);
  }
}

/** Output bytes per package, largest first: what the hover lists as "inside". */
function contentsOf(metafile: import('esbuild').Metafile | undefined, only?: RegExp): { name: string; bytes: number }[] {
  const perPackage = new Map<string, number>();
  for (const [file, out] of Object.entries(metafile?.outputs ?? {})) {
    if (only && !only.test(`/${file}`)) continue;
    for (const [input, info] of Object.entries(out.inputs)) {
      const name = input.startsWith(`${probeNamespace}:`) ? '(entry)' : packageOfPath(input);
      perPackage.set(name, (perPackage.get(name) ?? 0) + info.bytesInOutput);
    }
  }
  return [...perPackage.entries()]
    // The probe's own few bytes are not a package anyone chose.
    .filter(([name, b]) => b > 0 && name !== '(entry)')
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
}

/** `node_modules/.pnpm/x@1/node_modules/@a/b/index.js` → `@a/b`; the probe itself → `(entry)`. */
export function packageOfPath(p: string): string {
  const i = p.lastIndexOf('node_modules/');
  if (i < 0) return '(entry)';
  const rest = p.slice(i + 'node_modules/'.length).split('/');
  return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
}
