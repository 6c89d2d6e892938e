/**
 * The language server through the real protocol (dist/server.js over stdio, driven by the
 * tests' TestClient): memory after it has scanned the corpus, and the latency of re-analysis
 * after edits to a 3,000-line file.
 *
 * An edit's diagnostics are pushed after a 150 ms debounce (so typing is not analyzed on every
 * key); a code-action request (which VS Code sends whenever the cursor moves) makes the server
 * analyze the pending edit at once. So the latency measured is edit sent → code actions answered
 * from a fresh analysis of the edited text: the re-analysis itself, without the debounce.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import { serverBundle, TestClient } from '../../server/src/lsp/test-client';
import { percentile } from './measure';

export interface LspFigures {
  file: string;
  lines: number;
  edits: number;
  scanSeconds: number;
  serverRssMBAfterScan: number;
  /** Edit sent → code actions answered from a fresh analysis of the edited text. */
  reanalysisMs: { p50: number; p95: number; max: number };
}

function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

/** The corpus file whose line count is closest to 3,000. */
export function pickFile(root: string): string {
  let best = { rel: '', d: Infinity };
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== '.git') walk(p);
      else if (e.isFile() && /\.(?:[cm]?[jt]s|[jt]sx)$/.test(e.name)) {
        const d = Math.abs(fs.readFileSync(p, 'utf8').split('\n').length - 3000);
        if (d < best.d) best = { rel: path.relative(root, p), d };
      }
    }
  };
  walk(root);
  return best.rel;
}

export async function measureLsp(root: string, edits: number): Promise<LspFigures> {
  const child = spawn(process.execPath, ['--max-old-space-size=4096', serverBundle, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  const started = performance.now();
  const client = await TestClient.connect(child.stdout, child.stdin, root);
  try {
    // The server turns idle when the scan is over: every workspace file has been analyzed once.
    await client.waitFor('the workspace scan to end', () => client.statuses.some((s) => s.state === 'idle'), 900_000);
    const scanSeconds = (performance.now() - started) / 1000;
    const serverRssMBAfterScan = rssMB(child.pid!);

    const rel = pickFile(root);
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const lines = text.split('\n');
    const uri = await client.open(rel, text);
    // The first analysis of the open document, so every measured one is a re-analysis.
    await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });

    const reanalysis: number[] = [];
    for (let i = 0; i < edits; i++) {
      // Type a space at the end of a line spread over the file, then take it back.
      const line = Math.floor(((i >> 1) * 7919) % lines.length);
      const end = lines[line]!.length;
      const range = i % 2 === 0 ? { start: { line, character: end }, end: { line, character: end } } : { start: { line, character: end }, end: { line, character: end + 1 } };
      const t0 = performance.now();
      await client.edit(uri, [{ range, text: i % 2 === 0 ? ' ' : '' }]);
      // The cursor moves, VS Code asks for code actions, the server analyzes the new text now.
      await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [] } });
      reanalysis.push(performance.now() - t0);
    }
    const figures = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95), max: percentile(xs, 100) });
    return { file: rel, lines: lines.length, edits, scanSeconds, serverRssMBAfterScan, reanalysisMs: figures(reanalysis) };
  } finally {
    await client.shutdown().catch(() => undefined);
    child.kill();
  }
}
