/**
 * The language server through the real protocol (dist/server.js over stdio, driven by the tests'
 * TestClient), with two workspace folders: the corpus and the storefront app (latency-app.ts).
 *
 * - Memory: the server's resident set once it has scanned both folders, and again after the edits.
 * - Edit latency: edit sent → the textDocument/publishDiagnostics for that document version
 *   received, for 100 edits spread over the app's ~3,000-line module (add a line in a route,
 *   type in it, change a query call, change it back, remove the line), each awaited before the
 *   next. Twice: with `hotpath.debounceMs` 0, which is the re-analysis itself (parse, rules,
 *   cross-file facts, conversion, the message), and with the default debounce (150 ms), which
 *   is what a user waits for after the last keystroke.
 *
 * - Modules many files import (an ORM-style model, a React component): the edited file's own
 *   latency, the dependents' settle time and CPU per edit (edit-figures.ts `measureFile`).
 *
 * The run fails unless the module has findings of every rule that applies to it (so each rule
 * really analyzed it; heavy-import does not: a module that imports express and calls listen is
 * server code, whose imports no bundle pays for, issue 15; sync-in-handler's finding is in
 * src/templates.ts, the helper whose blocking call the module's routes reach),
 * and unless the last edit's diagnostics equal the first ones (the edits undo themselves).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionRequest, ExitNotification, InlayHintRequest, ShutdownRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { serverBundle, TestClient, type ClientSettings } from '../../server/src/lsp/test-client';
import { rules } from '../../server/src/rules/index';
import type { LatencyApp } from './latency-app';
import { cpuMs, measureFile, percentiles, rssMB, type KindFigures, type Percentiles } from './edit-figures';

export interface LspFigures {
  file: string;
  lines: number;
  /** Diagnostics of the edited module per rule before the edits: every rule must have some. */
  findingsByRule: Record<string, number>;
  edits: number;
  scanSeconds: number;
  serverRssMBAfterScan: number;
  serverRssMBAfterEdits: number;
  /** `hotpath.debounceMs` 0: edit sent → diagnostics of that version received. */
  analysisMs: Percentiles;
  /** The default debounce (150 ms): the same, as a user sees it after the last keystroke. */
  endToEndMs: Percentiles;
  /**
   * The server's CPU time over the debounce-0 edits, per edit: steadier than the latencies on a
   * machine shared with other work, which stretch while the server waits for a core.
   */
  serverCpuMsPerEdit: number;
  /**
   * `hotpath.debounceMs` 0, typing in modules many files import (an ORM-style model, a React
   * component): body edits (no call added: no dependent needs re-analysis) and call edits, see
   * `measureFile` in edit-figures.ts.
   */
  hubs: { file: string; dependents: number; body: KindFigures; call: KindFigures }[];
}

type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };

/**
 * The edits: five per feature, features taken with a stride so they land all over the file, and
 * each group of five leaves the text as it found it.
 */
export function editScript(text: string, count: number): Change[] {
  const lines = text.split('\n');
  const handlers: number[] = [];
  const queries: number[] = [];
  lines.forEach((l, i) => {
    if (/^ {2}const filter = parse\w+Filter\(req\.query\);$/.test(l)) handlers.push(i);
    if (/^ {2}const rows: \w+Row\[\] = await prisma\.\w+\.findMany\(\{$/.test(l)) queries.push(i);
  });
  if (handlers.length === 0 || handlers.length !== queries.length) throw new Error('the module has no routes and queries to edit');
  const at = (line: number, character: number) => ({ line, character });
  const out: Change[] = [];
  for (let g = 0; out.length < count; g++) {
    const f = (g * 7) % handlers.length;
    const h = handlers[f]! + 1;
    const q = queries[f]!;
    const call = lines[q]!.indexOf('findMany');
    const added = '  const elapsed = Date.now() - started;';
    const typed = '  const elapsed'.length;
    out.push(
      // A new line in the route handler,
      { range: { start: at(h, 0), end: at(h, 0) }, text: added + '\n' },
      // a letter typed in it,
      { range: { start: at(h, typed), end: at(h, typed) }, text: 'M' },
      // a query call changed, and changed back (the query sits above the handler: no shift),
      { range: { start: at(q, call), end: at(q, call + 'findMany'.length) }, text: 'findFirst' },
      { range: { start: at(q, call), end: at(q, call + 'findFirst'.length) }, text: 'findMany' },
      // and the line removed.
      { range: { start: at(h, 0), end: at(h + 1, 0) }, text: '' },
    );
  }
  return out.slice(0, count - (count % 5));
}

function byRule(diagnostics: readonly Diagnostic[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of diagnostics) out[String(d.code)] = (out[String(d.code)] ?? 0) + 1;
  return out;
}


/** `nodeArgs` go to the server's node, e.g. `--cpu-prof` to see where an edit's time goes. */
export async function measureLsp(corpusRoot: string, app: LatencyApp, edits: number, nodeArgs: string[] = [], hubEdits = 30): Promise<LspFigures> {
  const settings = (debounceMs?: number): ClientSettings => ({
    hotpath: { rules: {}, exclude: [], maxFileSizeKb: 1024, ...(debounceMs !== undefined ? { debounceMs } : {}) },
    files: { exclude: {} },
  });
  const child = spawn(process.execPath, ['--max-old-space-size=4096', ...nodeArgs, serverBundle, '--stdio'], { cwd: app.root, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b.toString()));
  const started = performance.now();
  const client = await TestClient.connect(child.stdout, child.stdin, app.root, settings(0), [corpusRoot]);
  const idles = () => client.statuses.filter((s) => s.state === 'idle').length;
  try {
    // The server turns idle when the scan is over: every workspace file has been analyzed once.
    await client.waitFor('the workspace scan to end', () => idles() > 0, 900_000);
    const scanSeconds = (performance.now() - started) / 1000;
    const serverRssMBAfterScan = rssMB(child.pid!);

    const text = fs.readFileSync(path.join(app.root, app.file), 'utf8');
    const uri = await client.open(app.file, text);
    const ruleIds = rules.map((r) => r.meta.id).filter((id) => id !== 'heavy-import');
    await client.waitFor(
      'diagnostics of every rule',
      () => {
        const d = client.publishedVersion.get(uri) === 1 ? client.diagnostics.get(uri) : undefined;
        // A blocking call is reported where it is written: in the helper the module's routes call.
        const elsewhere = (id: string) => [...client.diagnostics].some(([u, ds]) => u !== uri && u.startsWith(client.uri('')) && ds.some((x) => x.code === id));
        return d && ruleIds.every((id) => d.some((x) => x.code === id) || elsewhere(id));
      },
      120_000,
    );
    // Import sizes are measured with esbuild in the background, and each one that arrives
    // re-analyses the file: wait until the import lines' inlay hints show no size still measuring.
    const imports = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    for (;;) {
      const hints = (await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: imports })) ?? [];
      if (!hints.some((h) => String(h.label).includes('measuring'))) break;
      const seen = client.publishCount.get(uri) ?? 0;
      await client.waitFor('an import size', () => (client.publishCount.get(uri) ?? 0) > seen, 120_000);
    }
    // A code-action request runs any re-analysis still pending, and its diagnostics come first.
    await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: imports, context: { diagnostics: [] } });
    const findingsByRule = byRule(client.diagnostics.get(uri) ?? []);
    const script = editScript(text, edits);

    const run = async (changes: Change[]): Promise<number[]> => {
      const times: number[] = [];
      for (const change of changes) {
        const t0 = performance.now();
        const version = await client.edit(uri, [change]);
        await client.waitFor(`diagnostics of version ${version}`, () => client.publishedVersion.get(uri) === version, 30_000);
        times.push(performance.now() - t0);
      }
      const now = byRule(client.diagnostics.get(uri) ?? []);
      if (JSON.stringify(now) !== JSON.stringify(findingsByRule)) {
        throw new Error(`after the edits the module has ${JSON.stringify(now)}, before ${JSON.stringify(findingsByRule)}: an edit went wrong`);
      }
      return times;
    };

    await run(script.slice(0, 10)); // warm-up: the JIT, the first cross-file lookups
    const cpuBefore = cpuMs(child.pid!);
    const analysis = await run(script);
    const serverCpuMsPerEdit = (cpuMs(child.pid!) - cpuBefore) / script.length;
    const hubs: LspFigures['hubs'] = [];
    for (const hub of app.hubs) hubs.push({ ...hub, ...(await measureFile(client, child.pid!, app.root, hub.file, hubEdits)) });

    client.settings = settings(undefined);
    const before = idles();
    await client.configurationChanged();
    await client.waitFor('the rescan after the settings change', () => idles() > before, 900_000);
    const endToEnd = await run(script);
    const serverRssMBAfterEdits = rssMB(child.pid!);

    return {
      file: app.file,
      lines: text.split('\n').length,
      findingsByRule,
      edits: script.length,
      scanSeconds,
      serverRssMBAfterScan,
      serverRssMBAfterEdits,
      analysisMs: percentiles(analysis),
      endToEndMs: percentiles(endToEnd),
      serverCpuMsPerEdit,
      hubs,
    };
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- server stderr ---\n${stderr.join('').slice(-2000)}`);
  } finally {
    // shutdown, then exit, so the server ends on its own (and writes a --cpu-prof profile).
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await client.connection.sendRequest(ShutdownRequest.type);
      await client.connection.sendNotification(ExitNotification.type);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    } catch {
      // The server is gone already.
    }
    client.connection.dispose();
    child.kill();
  }
}
