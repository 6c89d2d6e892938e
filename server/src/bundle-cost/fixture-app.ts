/**
 * For tests: a temporary copy of test-fixtures/front-end-app with a node_modules built on the spot.
 * Real packages are symlinked from the repository's own node_modules (so their sizes are real);
 * synthetic ones check one resolution rule each:
 *
 * - `dual-format`: an `exports` map with an ESM build (tree-shakable) and a CommonJS build;
 * - `browser-field`: `main` is a large Node build, `browser` a small one;
 * - `pnpm-linked`: pnpm's layout, node_modules/pnpm-linked → .pnpm/pnpm-linked@1.0.0/…, whose own
 *   dependency is only reachable from the real path (as pnpm installs it, not hoisted).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');
export const realPackages = ['lodash', 'lodash-es', 'moment', 'dayjs', 'date-fns', 'lucide-react', 'react', 'react-dom', 'scheduler'];

/** A string of `n` bytes that does not compress away (so gzip sizes stay meaningful). */
function noise(n: number, seed: number): string {
  let s = '';
  let x = seed;
  while (s.length < n) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += x.toString(36);
  }
  return s.slice(0, n);
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

export function makeFrontEndApp(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-fe-'));
  fs.cpSync(path.join(repoRoot, 'test-fixtures/front-end-app'), root, { recursive: true });
  const nm = path.join(root, 'node_modules');
  fs.mkdirSync(nm);
  for (const p of realPackages) {
    const from = path.join(repoRoot, 'node_modules', p);
    if (fs.existsSync(from)) fs.symlinkSync(from, path.join(nm, p), 'dir');
  }

  const dual = path.join(nm, 'dual-format');
  write(path.join(dual, 'package.json'), JSON.stringify({ name: 'dual-format', version: '2.0.0', sideEffects: false, exports: { '.': { import: './esm/index.mjs', require: './cjs/index.cjs' } } }));
  write(path.join(dual, 'esm/index.mjs'), `export const small = 'small';\nexport const big = ${JSON.stringify(noise(40_000, 1))};\n`);
  write(path.join(dual, 'cjs/index.cjs'), `exports.small = 'small';\nexports.big = ${JSON.stringify(noise(40_000, 1))};\n`);

  const browser = path.join(nm, 'browser-field');
  write(path.join(browser, 'package.json'), JSON.stringify({ name: 'browser-field', version: '1.2.3', main: 'node.js', browser: 'browser.js' }));
  write(path.join(browser, 'node.js'), `exports.platformName = 'node';\nexports.table = ${JSON.stringify(noise(30_000, 2))};\n`);
  write(path.join(browser, 'browser.js'), `exports.platformName = 'browser';\n`);

  const store = path.join(nm, '.pnpm');
  const linkedReal = path.join(store, 'pnpm-linked@1.0.0/node_modules/pnpm-linked');
  const depReal = path.join(store, 'pnpm-dep@3.0.0/node_modules/pnpm-dep');
  write(path.join(linkedReal, 'package.json'), JSON.stringify({ name: 'pnpm-linked', version: '1.0.0', type: 'module', main: 'index.js' }));
  write(path.join(linkedReal, 'index.js'), `import { payload } from 'pnpm-dep';\nexport const linked = payload.length;\n`);
  write(path.join(depReal, 'package.json'), JSON.stringify({ name: 'pnpm-dep', version: '3.0.0', type: 'module', main: 'index.js' }));
  write(path.join(depReal, 'index.js'), `export const payload = ${JSON.stringify(noise(12_000, 3))};\n`);
  // pnpm links a package's dependencies beside it inside the store, not at the top level.
  fs.symlinkSync(depReal, path.join(store, 'pnpm-linked@1.0.0/node_modules/pnpm-dep'), 'dir');
  fs.symlinkSync(linkedReal, path.join(nm, 'pnpm-linked'), 'dir');
  return root.replace(/\\/g, '/');
}
