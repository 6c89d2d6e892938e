/**
 * `node --import tsx scripts/eslint-parity.ts <folder> [--espree]`: run `hotpath check` and ESLint 9
 * with the built eslint-plugin-hotpath (TypeScript through typescript-eslint's parser, or with
 * --espree through ESLint's own) on a folder and list every finding only one of them reports.
 * Exits 1 on any difference. `npm run bench` runs it on its corpus.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { key, runParity } from '../eslint-plugin-hotpath/src/parity';

const repo = path.resolve(__dirname, '..');
const pluginDir = path.join(repo, 'eslint-plugin-hotpath');
const folder = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '.');
const espree = process.argv.includes('--espree');

const report = runParity({
  folder,
  hotpathBin: path.join(repo, 'bin/hotpath.js'),
  eslintBin: path.join(path.dirname(require.resolve('eslint/package.json', { paths: [pluginDir] })), 'bin/eslint.js'),
  plugin: pathToFileURL(path.join(pluginDir, 'dist/index.js')).href,
  ...(espree ? {} : { tsParser: pathToFileURL(require.resolve('@typescript-eslint/parser', { paths: [pluginDir] })).href }),
});
for (const f of report.onlyHotpath) console.log(`only hotpath check: ${key(f)}`);
for (const f of report.onlyEslint) console.log(`only ESLint:        ${key(f)}`);
console.log(`${report.matched} findings in both, ${report.onlyHotpath.length} only in hotpath check, ${report.onlyEslint.length} only in ESLint; ${report.unparsed.length} files ESLint's parser could not read (left out)`);
process.exitCode = report.onlyHotpath.length + report.onlyEslint.length > 0 ? 1 : 0;
