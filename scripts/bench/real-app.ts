/**
 * Edit latency of the language server on a real app (issue 19): typing in files that many others
 * import. Not part of `npm run bench` (it needs a checkout of the app):
 *
 *   node --import tsx scripts/bench/real-app.ts --root /tmp/outline \
 *     --file server/models/Document.ts --file app/scenes/Document/components/Document.tsx \
 *     [--edits 30] [--server dist/server.js] [--server-b other/dist/server.js] [--show-reruns] [--cpu-prof DIR]
 *
 * `hotpath.debounceMs` is 0. For each file, the body and call edits of `measureFile`
 * (edit-figures.ts): the edited file's own latency, dependents' settle time, CPU per edit.
 * With `--server-b`, a second server is measured the same way, alternating file by file (A, B).
 * At the end, the files whose diagnostics differ between the scan and the end of the edits (which
 * leave every file as it was), and between the servers' scans, are listed: both should be empty.
 * `--cpu-prof DIR` writes each server's CPU profile there (scan included) when it exits; the time
 * each file's edits start is printed, for `profile-window.ts` to look at the edits alone.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExitNotification, ShutdownRequest } from 'vscode-languageserver-protocol/node';
import { serverBundle, TestClient, type ClientSettings } from '../../server/src/lsp/test-client';
import { measureFile, rssMB } from './edit-figures';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}
const options = (name: string): string[] => process.argv.flatMap((a, i) => (a === `--${name}` ? [process.argv[i + 1]!] : []));

const settings: ClientSettings = { hotpath: { rules: {}, exclude: [], maxFileSizeKb: 1024, debounceMs: 0 }, files: { exclude: {} } };

async function startServer(bundle: string, root: string) {
  const dir = option('cpu-prof');
  const profile = dir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(dir)] : [];
  const child = spawn(process.execPath, ['--max-old-space-size=4096', ...profile, bundle, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b.toString()));
  const started = performance.now();
  const client = await TestClient.connect(child.stdout, child.stdin, root, settings);
  await client.waitFor('the workspace scan to end', () => client.statuses.some((s) => s.state === 'idle'), 1_800_000);
  return { child, client, stderr, scanSeconds: (performance.now() - started) / 1000, rssAfterScan: rssMB(child.pid!), afterScan: diagnosticsOf(client, bundle) };
}

/** Each file's diagnostics, as text to compare (links to the rules' docs name each build's own folder). */
function diagnosticsOf(client: TestClient, bundle: string): Map<string, string> {
  const build = pathToFileURL(path.dirname(path.dirname(bundle))).href;
  return new Map([...client.diagnostics].filter(([, d]) => d.length > 0).map(([uri, d]) => [uri, JSON.stringify(d).replaceAll(build, '<build>')]));
}

/** The files whose diagnostics differ between two snapshots. */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((uri) => a.get(uri) !== b.get(uri)).sort();
}

async function stop(s: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  try {
    await s.client.connection.sendRequest(ShutdownRequest.type);
    await s.client.connection.sendNotification(ExitNotification.type);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  } catch {
    // gone already
  }
  s.client.connection.dispose();
  s.child.kill();
}

async function main(): Promise<void> {
  const root = path.resolve(option('root') ?? '.');
  const files = options('file');
  const edits = Number(option('edits') ?? 30);
  const bundles = [option('server') ?? serverBundle, ...(option('server-b') ? [option('server-b')!] : [])].map((b) => path.resolve(b));
  const servers = [];
  // One at a time: both scanning at once on two cores would slow each other.
  for (const b of bundles) servers.push(await startServer(b, root));
  const out: Record<string, unknown> = {};
  for (const [i, s] of servers.entries()) out[bundles[i]!] = { scanSeconds: Math.round(s.scanSeconds), rssMBAfterScan: Math.round(s.rssAfterScan), files: {} };
  for (const rel of files) {
    for (const [i, s] of servers.entries()) {
      // On the clock of V8's profile timestamps (monotonic, µs): `profile-window.ts --from` cuts a
      // `--cpu-prof` profile there, so that it shows the edits without the scan.
      const name = path.basename(path.dirname(path.dirname(bundles[i]!)));
      const figures = await measureFile(s.client, s.child.pid!, root, rel, edits, (kind) => console.error(`${name} ${rel}: ${kind} edits from ${process.hrtime.bigint() / 1000n} µs`));
      (out[bundles[i]!] as { files: Record<string, unknown> }).files[rel] = figures;
      console.error(`${name} ${rel}: ${JSON.stringify(figures)}`);
    }
  }
  for (const [i, s] of servers.entries()) (out[bundles[i]!] as Record<string, unknown>).rssMBAfterEdits = Math.round(rssMB(s.child.pid!));
  // Every edit script leaves the files as they were: what the scan published must be published
  // again, and the same by both servers (kept answers must not change a finding).
  const after = servers.map((s, i) => diagnosticsOf(s.client, bundles[i]!));
  for (const [i, s] of servers.entries()) {
    const differ = differences(s.afterScan, after[i]!);
    (out[bundles[i]!] as Record<string, unknown>).diagnosticsChangedByEdits = differ;
    if (i > 0) (out[bundles[i]!] as Record<string, unknown>).diagnosticsDifferFromFirstServer = differences(servers[0]!.afterScan, s.afterScan);
  }
  for (const s of servers) await stop(s);
  console.log(JSON.stringify(out, null, 2));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exitCode = 1;
  });
}
