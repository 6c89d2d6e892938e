// Bundles the extension, the language server and the command line into dist/ with esbuild.
// The extension bundle must not contain the analysis engine: it only starts the server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * `import source from 'worker-source:./x'` gives ./x bundled as a script, as text: the webview
 * starts its parse worker from a Blob of it (a webview cannot start a worker from a resource url).
 */
const workerSource = {
  name: 'worker-source',
  setup(build) {
    build.onResolve({ filter: /^worker-source:/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.slice('worker-source:'.length)),
      namespace: 'worker-source',
    }));
    build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
      const file = fs.existsSync(`${args.path}.ts`) ? `${args.path}.ts` : args.path;
      const result = await esbuild.build({
        entryPoints: [file],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'browser',
        target: 'es2022',
        format: 'iife',
        minify: production,
        legalComments: 'none',
        logLevel: 'warning',
      });
      return {
        contents: `export default ${JSON.stringify(result.outputFiles[0].text)};`,
        loader: 'js',
        watchFiles: Object.keys(result.metafile.inputs).map((f) => path.resolve(f)),
      };
    });
  },
};

/**
 * `import ts from 'typescript'` in each of some 35 modules became its own `__toESM(require(…))`,
 * which copies every export of TypeScript (thousands) onto a new object: some 40 ms at every
 * start of the command line and the server. All ES imports of TypeScript go through one module
 * that requires it once; the bundled TypeScript itself is untouched.
 */
const typescriptOnce = {
  name: 'typescript-once',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, (args) => (args.kind === 'import-statement' ? { path: 'typescript', namespace: 'typescript-once' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'typescript-once' }, () => ({ contents: "export default require('typescript');", loader: 'js', resolveDir: process.cwd() }));
  },
};

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // esbuild measures import costs at run time; its native binary cannot be inlined, so it is
  // loaded from dist/esbuild/ (copied below), or node_modules (see server/src/bundle-cost/measure.ts).
  { ...common, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli/main.ts' }, outdir: 'dist', external: ['esbuild'], plugins: [typescriptOnce] },
  // bin/hotpath.js starts the CLI through this small launcher, which keeps V8's code cache of cli.js.
  { ...common, entryPoints: { launch: 'server/src/cli/launch.ts' }, outdir: 'dist' },
  // Profile work the extension host must not do on its main thread (source maps) runs in this worker.
  { ...common, entryPoints: { 'profile-worker': 'client/src/profile/host/profile-worker.ts' }, outdir: 'dist' },
  // eslint-plugin-hotpath: the engine and the rules as an ESLint plugin (its own npm package).
  // TypeScript stays external so the plugin and typescript-eslint's parser load the same one: the
  // plugin analyses the tree that parser built, and node kinds differ between TypeScript versions.
  { ...common, entryPoints: { index: 'eslint-plugin-hotpath/src/index.ts' }, outdir: 'eslint-plugin-hotpath/dist', external: ['esbuild', 'typescript'] },
  // The flame-graph webview runs in a browser page under a strict CSP: one self-contained script
  // (its parse worker's script inside it as text).
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { flame: 'media/flame/main.ts' }, outdir: 'dist', plugins: [workerSource] },
];

// source-map loads its WebAssembly decoder from beside the bundle that requires it.
fs.mkdirSync('dist', { recursive: true });
fs.copyFileSync('node_modules/source-map/lib/mappings.wasm', 'dist/mappings.wasm');

// The plugin's rules link to their docs pages inside the package (meta.docs.url).
fs.mkdirSync('eslint-plugin-hotpath/docs/rules', { recursive: true });
for (const f of fs.readdirSync('docs/rules')) fs.copyFileSync(`docs/rules/${f}`, `eslint-plugin-hotpath/docs/rules/${f}`);

// The .vsix has no node_modules (`vsce package --no-dependencies`), so the language server's
// esbuild ships in dist/esbuild/: its JS API (lib/main.js, package.json) and this platform's
// binary, which makes the package platform-specific (`vsce package --target`, see package.json).
// The server points ESBUILD_BINARY_PATH at bin/esbuild before loading the API.
{
  const windows = process.platform === 'win32';
  const platformPackage = `node_modules/@esbuild/${process.platform}-${process.arch}`;
  const binary = windows ? `${platformPackage}/esbuild.exe` : `${platformPackage}/bin/esbuild`;
  const apiVersion = JSON.parse(fs.readFileSync('node_modules/esbuild/package.json', 'utf8')).version;
  const binaryVersion = JSON.parse(fs.readFileSync(`${platformPackage}/package.json`, 'utf8')).version;
  if (apiVersion !== binaryVersion) throw new Error(`esbuild ${apiVersion} but ${platformPackage} ${binaryVersion}`);
  // Unchanged files are left alone and changed ones replaced by a rename: a running language
  // server may be executing the binary (ETXTBSY), and a concurrent `vsce package` may be reading it.
  const copy = (from, to, mode) => {
    const data = fs.readFileSync(from);
    if (fs.existsSync(to) && fs.readFileSync(to).equals(data)) return;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const tmp = `${to}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode });
    fs.renameSync(tmp, to);
  };
  copy('node_modules/esbuild/package.json', 'dist/esbuild/package.json', 0o644);
  copy('node_modules/esbuild/lib/main.js', 'dist/esbuild/lib/main.js', 0o644);
  copy(binary, windows ? 'dist/esbuild/bin/esbuild.exe' : 'dist/esbuild/bin/esbuild', 0o755);
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
