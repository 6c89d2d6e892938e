// Bundles the extension-host suite (client/src/test/) into out/test/index.js for VS Code's
// `extensionTestsPath`. `vscode` is provided by the extension host; mocha is loaded from
// node_modules at run time (it finds its reporters by name, which a bundle would break).
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const testsEntry = path.join(repoRoot, 'out/test/index.js');

export async function buildTests() {
  await esbuild.build({
    entryPoints: { index: path.join(repoRoot, 'client/src/test/index.ts') },
    outdir: path.dirname(testsEntry),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return testsEntry;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildTests();
