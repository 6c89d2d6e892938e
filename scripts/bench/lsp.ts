/**
 * Only the language server's figures of `npm run bench` (memory, edit latency), printed as JSON:
 * for working on the server's speed without the minutes of ESLint runs.
 *
 *   node --import tsx scripts/bench/lsp.ts [--edits 100] [--cpu-prof <folder>]
 *
 * `--cpu-prof` writes the server's CPU profile into the folder when it exits (open it in the
 * flame-graph view).
 */
import * as path from 'node:path';
import { buildCorpus } from './corpus';
import { writeLatencyApp } from './latency-app';
import { measureLsp } from './lsp-latency';

const workDir = path.join(__dirname, '.work');
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}
const edits = Number(option('edits') ?? 100);
const profileDir = option('cpu-prof');

async function main(): Promise<void> {
  const corpus = await buildCorpus(workDir);
  const app = writeLatencyApp(path.join(workDir, 'latency-app'), path.join(workDir, 'corpus-npm/node_modules/lodash'));
  console.log(JSON.stringify(await measureLsp(corpus.root, app, edits, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []), null, 2));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exitCode = 1;
});
