/**
 * Entry of the flame-graph webview. Says `ready`, receives the file's bytes, has them parsed in
 * its worker (never on the extension host's thread, and not on the page's either, so the page
 * keeps painting its progress), and shows the views or one sentence about what is wrong.
 */
import { annotationPayload } from '../../shared/profile/annotations';
import type { FromWebview, ToWebview } from '../../shared/profile/messages';
import { App } from './app';
import { DiffApp } from './diff-app';
import { el } from './dom';
import { originsByFrame, positionsToMap, type PositionRequest } from './origins';
import { Parser, wholeFile, type ByteSource, type Parsed } from './parser';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app')!;
const parser = new Parser();
/** The profile on show and the positions asked of the extension for it. */
let shown: { app: App; request: PositionRequest } | null = null;

function setState(state: 'loading' | 'ready' | 'error'): void {
  document.body.dataset.state = state;
}

function fail(message: string): void {
  setState('error');
  root.replaceChildren(el('div', { id: 'message', role: 'alert' }, el('h1', {}, 'This profile cannot be shown'), el('p', {}, message)));
  vscode.postMessage({ type: 'failed', message });
}

function status(text: string): void {
  root.replaceChildren(el('div', { id: 'message', role: 'status' }, text));
}

/** Where the file was parsed, for the page (tests read it) and the extension's log. */
function parsedIn(result: Parsed<unknown>): string[] {
  document.body.dataset.parsedIn = result.where;
  return result.fallbackReason ? [`The file was parsed on the page, which stopped responding meanwhile: the view could not start its worker (${result.fallbackReason}).`] : [];
}

/**
 * The file at a webview resource url, read as it downloads (no 40 MB message through the
 * extension host). If the page cannot fetch it, the extension is asked for the bytes instead.
 */
function fetched(url: string, size: number): ByteSource | null {
  let response: Promise<Response>;
  try {
    response = fetch(url);
  } catch {
    return null;
  }
  return {
    size,
    read: async (onChunk) => {
      const r = await response;
      if (!r.ok || !r.body) throw new Error(`the editor answered ${r.status} ${r.statusText}`.trim());
      const reader = r.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        onChunk(value);
      }
    },
  };
}

async function load(fileName: string, source: ByteSource, onReadError?: () => void): Promise<void> {
  performance.mark('hotpath-received');
  setState('loading');
  const size = source.size > 0 ? ` (${(source.size / 1048576).toFixed(1)} MB)` : '';
  const reading = `Reading ${fileName}${size}`;
  status(`${reading}…`);
  const result = await parser.profile(source, (stage) => status(`${reading}: ${stage}…`));
  const notes = parsedIn(result);
  if (!result.ok && result.unread && onReadError) return onReadError();
  if (!result.ok) return fail(result.message);
  performance.mark('hotpath-parsed');
  const { model, layout, stats, parseMs } = result.value;
  let app: App;
  try {
    app = new App(root, model, {
      openSource: (frame) =>
        vscode.postMessage({
          type: 'open',
          url: model.frames.url[frame]!,
          line: model.frames.line[frame]!,
          column: model.frames.column[frame]!,
          name: model.frames.name[frame]!,
        }),
    }, { layout, stats, ...(result.chart ? { chart: result.chart } : {}) });
  } catch (err) {
    return fail(`Hotpath could not draw this profile: ${err instanceof Error ? err.message : String(err)}`);
  }
  performance.mark('hotpath-ui');
  requestAnimationFrame(() => performance.mark('hotpath-first-paint'));
  await app.complete;
  setState('ready');
  vscode.postMessage({ type: 'loaded', nodes: model.tree.frame.length, samples: model.sampleCount, warnings: [...model.warnings, ...notes], parseMs, parsedIn: result.where });
  vscode.postMessage({ type: 'annotations', payload: annotationPayload(model, app.stats) });
  const request = positionsToMap(model.frames, app.stats);
  shown = { app, request };
  if (request.positions.length > 0) vscode.postMessage({ type: 'mapPositions', positions: request.positions });
}

async function compare(before: { fileName: string; bytes: Uint8Array }, after: { fileName: string; bytes: Uint8Array }): Promise<void> {
  setState('loading');
  const comparing = `Comparing ${before.fileName} with ${after.fileName}`;
  status(`${comparing}…`);
  const result = await parser.compare(before, after, (stage) => status(`${comparing}: ${stage}…`));
  parsedIn(result);
  if (!result.ok) return fail(result.message);
  const { diff, layout } = result.value;
  new DiffApp(root, diff, before.fileName, after.fileName, (frame) =>
    vscode.postMessage({ type: 'open', url: diff.frames.url[frame]!, line: diff.frames.line[frame]!, column: diff.frames.column[frame]!, name: diff.frames.name[frame]! }),
  layout);
  requestAnimationFrame(() => setState('ready'));
}

/**
 * The file's bytes as the message carries them. VS Code transfers a Uint8Array as one, but a
 * host that serializes messages as JSON delivers an array of numbers or an object with numeric
 * keys; an ArrayBuffer is possible too. Anything else is not a file.
 */
export function toBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'Buffer' && Array.isArray(o.data)) return Uint8Array.from(o.data as number[]);
    const keys = Object.keys(o);
    if (keys.length > 0 && keys.every((k, i) => k === String(i))) return Uint8Array.from(keys, (k) => Number(o[k]));
  }
  return null;
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'load' && 'url' in m && typeof m.url === 'string') {
    const source = fetched(m.url, Number(m.size) || 0);
    // A url this page cannot read (a host that does not serve it): the bytes, by message.
    const askForBytes = () => vscode.postMessage({ type: 'sendBytes' });
    if (source) void load(String(m.fileName), source, askForBytes);
    else askForBytes();
  } else if (m.type === 'load') {
    const bytes = toBytes('bytes' in m ? m.bytes : undefined);
    if (bytes) void load(String(m.fileName), wholeFile(bytes));
    else fail(`The editor sent ${String(m.fileName)} in a form this view cannot read (${Object.prototype.toString.call('bytes' in m ? m.bytes : undefined)}).`);
  } else if (m.type === 'compare') {
    const before = toBytes(m.before?.bytes);
    const after = toBytes(m.after?.bytes);
    if (before && after) void compare({ fileName: String(m.before.fileName), bytes: before }, { fileName: String(m.after.fileName), bytes: after });
    else fail('The editor sent the profiles to compare in a form this view cannot read.');
  } else if (m.type === 'positions') {
    if (shown && Array.isArray(m.originals)) shown.app.setOrigins(originsByFrame(shown.request, m.originals));
  } else if (m.type === 'error') fail(String(m.message));
});

performance.mark('hotpath-script');
setState('loading');
parser.warmUp();
vscode.postMessage({ type: 'ready' });
