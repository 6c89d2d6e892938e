/**
 * Entry of the flame-graph webview. Says `ready`, receives the file's bytes, parses them here
 * (never on the extension host's thread), and shows the views or one sentence about what is
 * wrong with the file.
 */
import { annotationPayload } from '../../shared/profile/annotations';
import type { FromWebview, ToWebview } from '../../shared/profile/messages';
import { ProfileError } from '../../shared/profile/model';
import { parseProfile } from '../../shared/profile/parse';
import { diffProfiles } from '../../shared/profile/diff';
import { App } from './app';
import { DiffApp } from './diff-app';
import { el } from './dom';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app')!;

function setState(state: 'loading' | 'ready' | 'error'): void {
  document.body.dataset.state = state;
}

function fail(message: string): void {
  setState('error');
  root.replaceChildren(el('div', { id: 'message', role: 'alert' }, el('h1', {}, 'This profile cannot be shown'), el('p', {}, message)));
  vscode.postMessage({ type: 'failed', message });
}

function load(fileName: string, bytes: Uint8Array): void {
  performance.mark('hotpath-received');
  setState('loading');
  root.replaceChildren(el('div', { id: 'message', role: 'status' }, `Reading ${fileName} (${(bytes.byteLength / 1048576).toFixed(1)} MB)…`));
  // Let the status paint before the parser takes the thread.
  requestAnimationFrame(() =>
    setTimeout(() => {
      const started = performance.now();
      let app: App;
      let model;
      try {
        model = parseProfile(bytes);
      } catch (err) {
        fail(err instanceof ProfileError ? err.message : `Hotpath could not read this profile: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      const parseMs = performance.now() - started;
      performance.mark('hotpath-parsed');
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
        });
      } catch (err) {
        fail(`Hotpath could not draw this profile: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      performance.mark('hotpath-ui');
      requestAnimationFrame(() => performance.mark('hotpath-first-paint'));
      void app.complete.then(() => {
        setState('ready');
        vscode.postMessage({ type: 'loaded', nodes: model.tree.frame.length, samples: model.sampleCount, warnings: model.warnings, parseMs });
        vscode.postMessage({ type: 'annotations', payload: annotationPayload(model, app.stats) });
      });
    }, 0),
  );
}

function compare(before: { fileName: string; bytes: Uint8Array }, after: { fileName: string; bytes: Uint8Array }): void {
  setState('loading');
  root.replaceChildren(el('div', { id: 'message', role: 'status' }, `Comparing ${before.fileName} with ${after.fileName}…`));
  requestAnimationFrame(() =>
    setTimeout(() => {
      const models = [];
      for (const side of [before, after]) {
        try {
          models.push(parseProfile(side.bytes));
        } catch (err) {
          fail(`${side.fileName}: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
      }
      const diff = diffProfiles(models[0]!, models[1]!);
      new DiffApp(root, diff, before.fileName, after.fileName, (frame) =>
        vscode.postMessage({ type: 'open', url: diff.frames.url[frame]!, line: diff.frames.line[frame]!, column: diff.frames.column[frame]!, name: diff.frames.name[frame]! }),
      );
      requestAnimationFrame(() => setState('ready'));
    }, 0),
  );
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
  if (m.type === 'load') {
    const bytes = toBytes(m.bytes);
    if (bytes) load(String(m.fileName), bytes);
    else fail(`The editor sent ${String(m.fileName)} in a form this view cannot read (${Object.prototype.toString.call(m.bytes)}).`);
  } else if (m.type === 'compare') {
    const before = toBytes(m.before?.bytes);
    const after = toBytes(m.after?.bytes);
    if (before && after) compare({ fileName: String(m.before.fileName), bytes: before }, { fileName: String(m.after.fileName), bytes: after });
    else fail('The editor sent the profiles to compare in a form this view cannot read.');
  } else if (m.type === 'error') fail(String(m.message));
});

setState('loading');
vscode.postMessage({ type: 'ready' });
