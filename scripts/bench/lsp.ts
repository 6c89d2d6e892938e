/**
 * Only the language server's figures of `npm run bench` (memory, edit latency), printed as JSON:
 * for working on the server's speed without the minutes of ESLint runs.
 *
 *   node --import tsx scripts/bench/lsp.ts [--edits 100]
 */
import * as path from 'node:path';
import { buildCorpus } from './corpus';
import { writeLatencyApp } from './latency-app';
import { measureLsp } from './lsp-latency';

const workDir = path.join(__dirname, '.work');
const i = process.argv.indexOf('--edits');
const edits = i !== -1 ? Number(process.argv[i + 1]) : 100;

async function main(): Promise<void> {
  const corpus = await buildCorpus(workDir);
  const app = writeLatencyApp(path.join(workDir, 'latency-app'), path.join(workDir, 'corpus-npm/node_modules/lodash'));
  console.log(JSON.stringify(await measureLsp(corpus.root, app, edits), null, 2));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exitCode = 1;
});
