/**
 * Helpers for the suite that runs inside a real VS Code extension host. Everything waits on
 * VS Code's own events (diagnostics changes, process exits) with a deadline, never on sleeps,
 * so a slow machine is only slower, and a hang fails with what was last seen.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export const extensionId = 'hotpath.hotpath';

/** The one workspace folder the runner opened: a fresh copy of test-fixtures/express-app. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a workspace folder');
  return folder.uri;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

/** Hotpath's diagnostics only: other extensions (TypeScript's own) may report on the same files. */
export function hotpathDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'hotpath');
}

/**
 * Resolves with `predicate`'s value once it is truthy: checked now, then on every diagnostics
 * change. On timeout it rejects with `describe()`, which should say what was there instead.
 */
export function waitForDiagnostics<T>(
  predicate: () => T | undefined | false,
  describe: () => string,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const value = predicate();
      if (!value) return false;
      cleanup();
      resolve(value);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics(() => check());
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics: ${describe()}`));
    }, timeoutMs);
    function cleanup(): void {
      listener.dispose();
      clearTimeout(timer);
    }
    check();
  });
}

/** `line:character-line:character`, 0-based, to compare ranges in one readable string. */
export function rangeText(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const list = hotpathDiagnostics(uri).map((d) => `${rangeText(d.range)} ${vscode.DiagnosticSeverity[d.severity]} ${String(d.code)}`);
  return `${vscode.workspace.asRelativePath(uri)}: [${list.join('; ')}]`;
}

/** Waits until the file has exactly `count` Hotpath diagnostics (and `extra` holds, if given). */
export function waitForCount(uri: vscode.Uri, count: number, extra: (ds: vscode.Diagnostic[]) => boolean = () => true): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(
    () => {
      const ds = hotpathDiagnostics(uri);
      return ds.length === count && extra(ds) ? ds : undefined;
    },
    () => `expected ${count}; now ${describeDiagnostics(uri)}`,
  );
}

export async function activateHotpath(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is installed`);
  await extension.activate();
  return extension;
}

/**
 * The language server's process: a child of this extension host running dist/server.js.
 * Read from /proc (Linux, where the suite runs); VS Code has no API that exposes the pid.
 */
export function serverPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 of /proc/PID/stat is the parent pid; the command name (field 2) may hold spaces.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === process.pid && cmdline.some((arg) => /[\\/]dist[\\/]server\.js$/.test(arg))) pids.push(Number(entry));
    } catch {
      // The process ended while we looked: not ours to report.
    }
  }
  return pids;
}

/** Resolves when `check` returns a value, polling (for state that has no change event, like processes). */
export async function poll<T>(check: () => T | undefined, what: string, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Closes every editor and reverts unsaved changes, so one case's edits never leak into the next. */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Starts recording a file's Hotpath diagnostic count at every change, so a test can tell
 * "cleared, then published again" from "never changed".
 */
export function recordCounts(uri: vscode.Uri): { seen: number[]; dispose(): void } {
  const seen: number[] = [];
  const listener = vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === uri.toString())) seen.push(hotpathDiagnostics(uri).length);
  });
  return { seen, dispose: () => listener.dispose() };
}

/** Waits until the recorder saw the file's diagnostics cleared and then `count` published again. */
export async function waitForClearedThenBack(uri: vscode.Uri, record: { seen: number[]; dispose(): void }, count: number): Promise<void> {
  try {
    await waitForDiagnostics(
      () => {
        const cleared = record.seen.indexOf(0);
        return cleared >= 0 && record.seen.slice(cleared + 1).includes(count) && hotpathDiagnostics(uri).length === count;
      },
      () => `counts seen: [${record.seen.join(', ')}]; now ${describeDiagnostics(uri)}`,
    );
  } finally {
    record.dispose();
  }
}

/** Waits for a CodeLens whose title contains `text` (CodeLens has no change event to wait on). */
export async function lensWith(uri: vscode.Uri, text: string, timeoutMs: number): Promise<vscode.CodeLens> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const found = lenses.find((l) => l.command?.title.includes(text));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for a CodeLens with "${text}" on ${uri.fsPath}; saw: ${lenses.map((l) => l.command?.title).join(' | ') || 'none'}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
