/**
 * Entry of the flame-graph webview. Says `ready`, receives the file's bytes, parses them here
 * (never on the extension host's thread), and shows the views or one sentence about what is
 * wrong with the file.
 */
import type { FromWebview, ToWebview } from '../../shared/profile/messages';
import { ProfileError } from '../../shared/profile/model';
import { parseProfile } from '../../shared/profile/parse';
import { App } from './app';
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
      });
    }, 0),
  );
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'load' && m.bytes instanceof Uint8Array) load(String(m.fileName), m.bytes);
  else if (m.type === 'error') fail(String(m.message));
});

setState('loading');
vscode.postMessage({ type: 'ready' });
