/**
 * Edit latency of the language server on a real app (issue 19): typing in files that many others
 * import. Not part of `npm run bench` (it needs a checkout of the app):
 *
 *   node --import tsx scripts/bench/real-app.ts --root /tmp/outline \
 *     --file server/models/Document.ts --file app/scenes/Document/components/Document.tsx \
 *     [--edits 30] [--server dist/server.js] [--server-b other/dist/server.js] [--show-reruns]
 *
 * `hotpath.debounceMs` is 0. For each file, two kinds of edits at statements inside function
 * bodies spread over the file, in groups of three that leave the text as it was:
 * - body edits: a line `const note = "checked";` added, a letter typed in it, the line removed:
 *   no call added, so with summaries no file that imports this one needs re-analysis;
 * - call edits: a line `console.log("checked");` added, a letter typed in its string, removed.
 * Each edit is sent when the previous one's own diagnostics arrived (as a fast typist would),
 * without waiting for its dependents. Figures per file and kind: edit → that version's
 * diagnostics (publishDiagnostics with the version; for a file without findings, the reply to a
 * code-action request sent with the edit, which the server answers once it analysed the
 * version), p50 / p95 / max; dependents settled: last edit of a group → the server's last
 * message before 1.5 s of quiet; the server's CPU time per edit, all its work included.
 * With `--server-b`, a second server is measured the same way, alternating file by file (A, B).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionRequest, ExitNotification, ShutdownRequest } from 'vscode-languageserver-protocol/node';
import { serverBundle, TestClient, type ClientSettings } from '../../server/src/lsp/test-client';
import { cpuMs, rssMB, type Percentiles } from './lsp-latency';
import { percentile } from './measure';

type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}
const options = (name: string): string[] => process.argv.flatMap((a, i) => (a === `--${name}` ? [process.argv[i + 1]!] : []));

/** Statements inside function bodies: indented, after a line that ends a statement or opens a block. */
export function bodyAnchors(text: string): { line: number; indent: string }[] {
  const lines = text.split('\n');
  const out: { line: number; indent: string }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const m = /^(\s{4,})(const|let|await|return|if \()/.exec(lines[i]!);
    if (!m || !/[;{}]\s*$/.test(lines[i - 1]!)) continue;
    out.push({ line: i, indent: m[1]! });
  }
  return out;
}

/** Groups of three edits (add a line, type in it, remove it) at anchors spread over the file. */
export function realEditScript(text: string, count: number, kind: 'body' | 'call'): Change[] {
  const anchors = bodyAnchors(text);
  if (anchors.length === 0) throw new Error('no statement inside a function body to edit');
  const at = (line: number, character: number) => ({ line, character });
  const out: Change[] = [];
  for (let g = 0; out.length < count; g++) {
    const a = anchors[Math.floor(((g * 0.618034) % 1) * anchors.length)]!;
    const added = kind === 'body' ? `${a.indent}const note = "checked";` : `${a.indent}console.log("checked");`;
    const typeAt = kind === 'body' ? `${a.indent}const note`.length : `${a.indent}console.log("checked`.length;
    out.push(
      { range: { start: at(a.line, 0), end: at(a.line, 0) }, text: added + '\n' },
      { range: { start: at(a.line, typeAt), end: at(a.line, typeAt) }, text: 's' },
      { range: { start: at(a.line, 0), end: at(a.line + 1, 0) }, text: '' },
    );
  }
  return out.slice(0, count - (count % 3));
}

const percentiles = (xs: number[]): Percentiles => ({ p50: Math.round(percentile(xs, 50)), p95: Math.round(percentile(xs, 95)), max: Math.round(percentile(xs, 100)) });

interface KindFigures {
  edits: number;
  /** Edit sent → that version's own diagnostics (or the code-action reply). */
  editedFileMs: Percentiles;
  /** Last edit of a group → the server's last message before it went quiet. */
  settledMs: Percentiles;
  serverCpuMsPerEdit: number;
}

const settings: ClientSettings = { hotpath: { rules: {}, exclude: [], maxFileSizeKb: 1024, debounceMs: 0 }, files: { exclude: {} } };

async function startServer(bundle: string, root: string) {
  const child = spawn(process.execPath, ['--max-old-space-size=4096', bundle, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b.toString()));
  const started = performance.now();
  const client = await TestClient.connect(child.stdout, child.stdin, root, settings);
  await client.waitFor('the workspace scan to end', () => client.statuses.some((s) => s.state === 'idle'), 1_800_000);
  return { child, client, stderr, scanSeconds: (performance.now() - started) / 1000, rssAfterScan: rssMB(child.pid!) };
}

/** Any message from the server, counted: the time the count last moved is when it last spoke. */
function activity(client: TestClient): number {
  let n = client.statuses.length + client.logs.length;
  for (const c of client.publishCount.values()) n += c;
  return n;
}

async function quiet(client: TestClient, quietMs = 1500): Promise<number> {
  let last = activity(client);
  let lastAt = performance.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 5));
    const now = activity(client);
    if (now !== last) {
      last = now;
      lastAt = performance.now();
    } else if (performance.now() - lastAt >= quietMs) return lastAt;
  }
}

async function measureFile(client: TestClient, pid: number, root: string, rel: string, edits: number): Promise<Record<'body' | 'call', KindFigures>> {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  const uri = await client.open(rel, text);
  const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [] } });
  await quiet(client);
  const hasFindings = (client.diagnostics.get(uri)?.length ?? 0) > 0;
  const result = {} as Record<'body' | 'call', KindFigures>;
  for (const kind of ['body', 'call'] as const) {
    const script = realEditScript(text, edits, kind);
    const own: number[] = [];
    const settled: number[] = [];
    const cpu0 = cpuMs(pid);
    for (let i = 0; i < script.length; i++) {
      const t0 = performance.now();
      const version = await client.edit(uri, [script[i]!]);
      if (hasFindings) await client.waitFor(`diagnostics of version ${version}`, () => client.publishedVersion.get(uri) === version, 60_000);
      else await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [] } });
      own.push(performance.now() - t0);
      if (i % 3 === 2) settled.push((await quiet(client)) - t0);
    }
    result[kind] = { edits: script.length, editedFileMs: percentiles(own), settledMs: percentiles(settled), serverCpuMsPerEdit: Math.round((cpuMs(pid) - cpu0) / script.length) };
  }
  await client.close(uri);
  await quiet(client);
  if (process.argv.includes('--show-reruns')) for (const l of client.logs.filter((x) => x.startsWith('Re-analysed'))) console.error(`  ${l}`);
  client.logs.length = 0;
  return result;
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
      const figures = await measureFile(s.client, s.child.pid!, root, rel, edits);
      (out[bundles[i]!] as { files: Record<string, unknown> }).files[rel] = figures;
      console.error(`${path.basename(path.dirname(path.dirname(bundles[i]!)))} ${rel}: ${JSON.stringify(figures)}`);
    }
  }
  for (const [i, s] of servers.entries()) (out[bundles[i]!] as Record<string, unknown>).rssMBAfterEdits = Math.round(rssMB(s.child.pid!));
  for (const s of servers) await stop(s);
  console.log(JSON.stringify(out, null, 2));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exitCode = 1;
  });
}
