/**
 * Edits in a file that other files import, measured through the protocol (issue 19): used by
 * `lsp.ts` / `npm run bench` on the latency app's hub modules and by `real-app.ts` on a checkout
 * of a real app. See `measureFile` for what is timed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import type { TestClient } from '../../server/src/lsp/test-client';
import { percentile } from './measure';

export interface Percentiles {
  p50: number;
  p95: number;
  max: number;
}

/** User + system CPU time of a process so far, in ms (the kernel counts in 10 ms ticks). */
export function cpuMs(pid: number): number {
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };

/** Statements inside function bodies: indented, after a line that ends a statement or opens a block. */
export function bodyAnchors(text: string): { line: number; indent: string }[] {
  const lines = text.split('\n');
  const out: { line: number; indent: string }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const m = /^(\s{2,})(const|let|await|return|if \()/.exec(lines[i]!);
    if (!m || !/[;{}]\s*$/.test(lines[i - 1]!)) continue;
    out.push({ line: i, indent: m[1]! });
  }
  return out;
}

/**
 * Groups of three edits (add a line, type a letter in it, remove it) at anchors spread over the
 * file. Body edits add `const note = "checked";`: no call, so no file that imports this one needs
 * re-analysis. Call edits add `notifyOwner("checked");`, a call of a helper as far as any
 * analysis can tell, which may reach anything: every file that used the function's calls runs again.
 */
export function realEditScript(text: string, count: number, kind: 'body' | 'call'): Change[] {
  const anchors = bodyAnchors(text);
  if (anchors.length === 0) throw new Error('no statement inside a function body to edit');
  const at = (line: number, character: number) => ({ line, character });
  const out: Change[] = [];
  for (let g = 0; out.length < count; g++) {
    const a = anchors[Math.floor(((g * 0.618034) % 1) * anchors.length)]!;
    const added = kind === 'body' ? `${a.indent}const note = "checked";` : `${a.indent}notifyOwner("checked");`;
    const typeAt = kind === 'body' ? `${a.indent}const note`.length : `${a.indent}notifyOwner("checked`.length;
    out.push(
      { range: { start: at(a.line, 0), end: at(a.line, 0) }, text: added + '\n' },
      { range: { start: at(a.line, typeAt), end: at(a.line, typeAt) }, text: 's' },
      { range: { start: at(a.line, 0), end: at(a.line + 1, 0) }, text: '' },
    );
  }
  return out.slice(0, count - (count % 3));
}

export const percentiles = (xs: number[]): Percentiles => ({ p50: Math.round(percentile(xs, 50)), p95: Math.round(percentile(xs, 95)), max: Math.round(percentile(xs, 100)) });

export interface KindFigures {
  edits: number;
  /** Edit sent → that version's own diagnostics (or the code-action reply). */
  editedFileMs: Percentiles;
  /** Edit before a pause in typing → the server's last message before it went quiet. */
  settledMs: Percentiles;
  serverCpuMsPerEdit: number;
}

/** Any message from the server, counted: the time the count last moved is when it last spoke. */
function activity(client: TestClient): number {
  let n = client.statuses.length + client.logs.length;
  for (const c of client.publishCount.values()) n += c;
  return n;
}

async function quiet(client: TestClient, quietMs = 1000): Promise<number> {
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

/**
 * Two kinds of edits at statements inside function bodies spread over the file, in groups of
 * three that leave the text as it was (see `realEditScript`). Each edit is sent when the
 * previous one's own diagnostics arrived, as a fast typist would, without waiting for its
 * dependents. Per kind: edit → that version's diagnostics (publishDiagnostics with the version;
 * for a file without findings, the reply to a code-action request sent with the edit, which the
 * server answers once it analysed the version); dependents settled: typing pauses after the
 * letter typed and after the line removed, and each pause is timed from the edit before it to
 * the server's last message before a second of quiet; the server's CPU time per edit, all its
 * work included.
 */
export async function measureFile(client: TestClient, pid: number, root: string, rel: string, edits: number, onKind?: (kind: 'body' | 'call') => void): Promise<Record<'body' | 'call', KindFigures>> {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  const uri = await client.open(rel, text);
  const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [] } });
  await quiet(client);
  const hasFindings = (client.diagnostics.get(uri)?.length ?? 0) > 0;
  const result = {} as Record<'body' | 'call', KindFigures>;
  for (const kind of ['body', 'call'] as const) {
    onKind?.(kind);
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
      // A pause after the letter typed (a call or a line added) and after the line removed.
      if (i % 3 !== 0) settled.push((await quiet(client)) - t0);
    }
    result[kind] = { edits: script.length, editedFileMs: percentiles(own), settledMs: percentiles(settled), serverCpuMsPerEdit: Math.round((cpuMs(pid) - cpu0) / script.length) };
  }
  await client.close(uri);
  await quiet(client);
  if (process.argv.includes('--show-reruns')) for (const l of client.logs.filter((x) => x.startsWith('Re-analysed'))) console.error(`  ${l}`);
  client.logs.length = 0;
  return result;
}

