// Bundles the extension, the language server and the command line into dist/ with esbuild.
// The extension bundle must not contain the analysis engine: it only starts the server.
import * as fs from 'node:fs';
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

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // esbuild measures import costs at run time; its native binary cannot be inlined, so it is
  // loaded from node_modules beside dist/ (see server/src/bundle-cost/measure.ts).
  { ...common, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli/main.ts' }, outdir: 'dist', external: ['esbuild'] },
  // Profile work the extension host must not do on its main thread (source maps) runs in this worker.
  { ...common, entryPoints: { 'profile-worker': 'client/src/profile/host/profile-worker.ts' }, outdir: 'dist' },
  // The flame-graph webview runs in a browser page under a strict CSP: one self-contained script.
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { flame: 'media/flame/main.ts' }, outdir: 'dist' },
];

// source-map loads its WebAssembly decoder from beside the bundle that requires it.
fs.mkdirSync('dist', { recursive: true });
fs.copyFileSync('node_modules/source-map/lib/mappings.wasm', 'dist/mappings.wasm');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
