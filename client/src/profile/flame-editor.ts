/**
 * The flame-graph custom editor: a read-only view of `.cpuprofile` (default), Chrome trace JSON
 * and folded stacks (on request). The webview parses the file itself; the extension host only
 * reads bytes, answers "open this frame" (inside the workspace, through source maps in the
 * profile worker), and never puts profile data into HTML.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnnotationPayload } from '../../../shared/profile/annotations';
import type { FromWebview, ToWebview } from '../../../shared/profile/messages';
import { maxProfileBytes } from '../../../shared/profile/limits';
import { mapAnnotations, type MappingContext } from '../../../shared/profile-sources/mapped-annotations';
import type { ProfileHotspotsNotification } from '../../../shared/protocol';
import { indexAnnotations } from './annotation-index';
import { ProfileAnnotations } from './annotations';
import { flameHtml } from './flame-html';
import { mapFramePositions, mappingScope } from './frame-origins';
import { ProfileWorker } from './host/profile-worker-client';
import { resolveFrameUrl } from '../../../shared/profile-sources/source-location';

export const flameGraphViewType = 'hotpath.flameGraph';
/** Where `asWebviewUri` gives a url the page can fetch: the local disk and a remote workspace's. */
const servedSchemes = new Set(['file', 'vscode-remote']);
type LoadBytes = Extract<ToWebview, { type: 'load'; bytes: Uint8Array }>;

function tooLarge(name: string, size: number): Extract<ToWebview, { type: 'error' }> {
  return { type: 'error', message: `${name} is ${(size / 1048576).toFixed(0)} MB; Hotpath opens profiles up to ${maxProfileBytes / 1048576} MB.` };
}
/** The same editor for formats Hotpath does not open by default (folded stacks, trace JSON). */
export const flameGraphOptionViewType = 'hotpath.flameGraphOption';

/** Told the hot functions of each profile opened (after source mapping), and an empty list when annotations are cleared. */
export type HotspotsListener = (params: ProfileHotspotsNotification.Params) => void;

export class FlameGraphEditor implements vscode.CustomReadonlyEditorProvider {
  static register(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, onHotspots: HotspotsListener = () => undefined): vscode.Disposable {
    const worker = new ProfileWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'profile-worker.js').fsPath);
    const annotations = new ProfileAnnotations();
    const provider = new FlameGraphEditor(context.extensionUri, worker, annotations, output, onHotspots);
    const options = { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: true };
    return vscode.Disposable.from(
      vscode.window.registerCustomEditorProvider(flameGraphViewType, provider, options),
      vscode.window.registerCustomEditorProvider(flameGraphOptionViewType, provider, options),
      vscode.commands.registerCommand('hotpath.openFlameGraph', async (uri?: vscode.Uri) => {
        const target = uri ?? vscode.window.activeTextEditor?.document.uri;
        if (!target) {
          void vscode.window.showInformationMessage('Open or select a profile (.cpuprofile, .folded, trace .json) first.');
          return;
        }
        const viewType = /\.cpuprofile(\.gz)?$/.test(target.path) ? flameGraphViewType : flameGraphOptionViewType;
        await vscode.commands.executeCommand('vscode.openWith', target, viewType);
      }),
      vscode.commands.registerCommand('hotpath.clearProfileAnnotations', () => {
        annotations.clear();
        onHotspots({ profileName: '', unit: 'us', duration: 0, functions: [] });
      }),
      vscode.commands.registerCommand('hotpath.compareProfiles', (uri?: vscode.Uri, selected?: vscode.Uri[]) => provider.compare(uri, selected)),
      annotations,
      { dispose: () => worker.dispose() },
    );
  }

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly worker: ProfileWorker,
    private readonly annotations: ProfileAnnotations,
    private readonly output: vscode.LogOutputChannel,
    private readonly onHotspots: HotspotsListener,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    this.resolvePanel(document, panel);
  }

  /** Sets up a flame-graph page; `content` replaces reading `document` (the compare view). */
  private resolvePanel(document: vscode.CustomDocument, panel: vscode.WebviewPanel, content?: () => Promise<ToWebview>): void {
    const { webview } = panel;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    // The page fetches the profile itself (streamed, no 40 MB message): the file alone is readable, not its folder.
    const fetchable = !content && servedSchemes.has(document.uri.scheme);
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: fetchable ? [media, dist, document.uri] : [media, dist] };
    webview.html = flameHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'flame.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'flame', 'flame.css')).toString(),
      ...(fetchable ? { profileUri: webview.asWebviewUri(document.uri).toString() } : {}),
    }).html;
    let disposed = false;
    panel.onDidDispose(() => (disposed = true));
    const post = (message: ToWebview) => {
      // An answer (source-map positions) may come after the panel was closed.
      if (!disposed) void webview.postMessage(message);
    };
    const name = path.basename(document.uri.path);
    // Looked up (or read) while the page loads; sent when the page says `ready`.
    const source = (): Promise<ToWebview> => (content ? content() : fetchable ? this.locate(document.uri, name, webview) : this.read(document.uri, name));
    let reading: Promise<ToWebview> | null = source();
    panel.onDidDispose(
      webview.onDidReceiveMessage(async (message: FromWebview) => {
        switch (message?.type) {
          case 'ready':
            // A reload of the page (after a crash) reads the file again.
            post(await (reading ?? source()));
            reading = null;
            break;
          case 'sendBytes':
            // The page could not fetch the url (a host that does not serve it): the bytes by message.
            post(await this.read(document.uri, name));
            break;
          case 'open':
            await this.openFrame(message, document.uri);
            break;
          case 'loaded':
            this.output.info(`Flame graph ${name}: ${message.nodes} nodes, ${message.samples} samples, parsed in ${message.parseMs.toFixed(0)} ms ${message.parsedIn === 'worker' ? 'in a worker' : 'on the page'}.`);
            for (const w of message.warnings) this.output.warn(`${name}: ${w}`);
            break;
          case 'mapPositions':
            post({ type: 'positions', originals: await this.originals(message.positions, document.uri, name) });
            break;
          case 'annotations': {
            await this.annotate(message.payload, name, document.uri);
            break;
          }
          case 'failed':
            this.output.warn(`Flame graph ${name} could not be shown: ${message.message}`);
            break;
        }
      }).dispose,
    );
  }

  /**
   * Hot lines and functions onto the files people edit: profile urls resolved into the workspace,
   * positions in bundles mapped to their sources (one batch to the worker), then drawn, and the
   * functions passed on to the language server for the findings' notes.
   */
  private async annotate(raw: AnnotationPayload, name: string, profile: vscode.Uri): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const ctx: MappingContext = {
      workspaceFolders: folders,
      ...(profile.scheme === 'file' ? { profileDir: path.dirname(profile.fsPath) } : {}),
      exists: (f) => fs.existsSync(f),
      originalPositions: (positions) => this.worker.originalPositions(positions),
    };
    let mapped;
    try {
      mapped = await mapAnnotations(raw, ctx);
    } catch (err) {
      this.output.warn(`${name}: source maps could not be read (${err instanceof Error ? err.message : String(err)}); annotating the profiled files themselves.`);
      mapped = await mapAnnotations(raw, { ...ctx, originalPositions: async (positions) => positions.map(() => null) });
    }
    const { payload } = mapped;
    this.annotations.set(indexAnnotations(payload, name, folders));
    this.output.info(
      `${name}: annotated ${this.annotations.fileCount} workspace files with CPU time, ${mapped.mapped} positions through source maps (Hotpath: Clear Profile Annotations removes them).`,
    );
    this.onHotspots({
      profileName: name,
      unit: payload.unit,
      duration: payload.duration,
      functions: payload.functions.map((f) => ({ uri: vscode.Uri.file(f.url).toString(), line: f.line, column: f.column, name: f.name, self: f.self, total: f.total })),
    });
  }

  /** Opens the differential view: two files selected in the explorer, or chosen in two dialogs. */
  async compare(uri?: vscode.Uri, selected?: vscode.Uri[]): Promise<void> {
    let pair = selected && selected.length === 2 ? selected : undefined;
    if (!pair) {
      const filters = { Profiles: ['cpuprofile', 'json', 'folded', 'collapsed'] };
      const before = uri ? [uri] : await vscode.window.showOpenDialog({ title: 'Profile before the change', filters, canSelectMany: false });
      if (!before?.[0]) return;
      const after = await vscode.window.showOpenDialog({ title: 'Profile after the change', filters, canSelectMany: false });
      if (!after?.[0]) return;
      pair = [before[0], after[0]];
    }
    const [beforeUri, afterUri] = pair as [vscode.Uri, vscode.Uri];
    const names = [path.basename(beforeUri.path), path.basename(afterUri.path)] as const;
    const panel = vscode.window.createWebviewPanel('hotpath.profileDiff', `${names[0]} → ${names[1]}`, vscode.ViewColumn.Active, { retainContextWhenHidden: true });
    const reading = Promise.all([this.read(beforeUri, names[0]), this.read(afterUri, names[1])]);
    this.resolvePanel({ uri: afterUri, dispose: () => undefined }, panel, async () => {
      const [before, after] = await reading;
      if (before.type !== 'load') return before;
      if (after.type !== 'load') return after;
      return { type: 'compare', before: { fileName: before.fileName, bytes: before.bytes }, after: { fileName: after.fileName, bytes: after.bytes } };
    });
  }

  /** The profile as a webview resource url, after checking its size. */
  private async locate(uri: vscode.Uri, name: string, webview: vscode.Webview): Promise<ToWebview> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > maxProfileBytes) return tooLarge(name, stat.size);
      return { type: 'load', fileName: name, url: webview.asWebviewUri(uri).toString(), size: stat.size };
    } catch (err) {
      return { type: 'error', message: `${name} could not be read: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private async read(uri: vscode.Uri, name: string): Promise<LoadBytes | Extract<ToWebview, { type: 'error' }>> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > maxProfileBytes) return tooLarge(name, stat.size);
      return { type: 'load', fileName: name, bytes: await vscode.workspace.fs.readFile(uri) };
    } catch (err) {
      return { type: 'error', message: `${name} could not be read: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** Original positions of a profile's frames for the page's tooltip and table (workspace files only). */
  private async originals(positions: unknown, profile: vscode.Uri, name: string) {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const dir = profile.scheme === 'file' ? path.dirname(profile.fsPath) : undefined;
    // The workspace, and the profile's own folder when it lies outside it.
    const workspace = mappingScope(folders, dir, (f) => fs.existsSync(f));
    // One batch to the profile worker: each source map is loaded once for all the positions.
    return mapFramePositions(positions, workspace, (generated) =>
      this.worker.originalPositions(generated).catch((err: unknown) => {
        this.output.warn(`${name}: source maps could not be read (${err instanceof Error ? err.message : String(err)}); frames show their generated position only.`);
        return generated.map(() => null);
      }),
    );
  }

  private async openFrame(frame: Extract<FromWebview, { type: 'open' }>, profile: vscode.Uri): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    // A profile made on another machine or checkout is matched to this workspace by its paths' tails.
    const target = resolveFrameUrl(String(frame.url), folders, profile.scheme === 'file' ? path.dirname(profile.fsPath) : undefined, (f) => fs.existsSync(f));
    if (target.kind === 'none') {
      vscode.window.setStatusBarMessage(target.reason, 6000);
      return;
    }
    if (target.kind === 'outside') {
      const open = 'Open';
      const choice = await vscode.window.showWarningMessage(
        `${frame.name || '(anonymous)'} is in ${target.file}, outside the workspace. Open it?`,
        open,
      );
      if (choice !== open) return;
    }
    let position = { file: target.file, line: Math.max(frame.line, 0), column: Math.max(frame.column, 0) };
    try {
      const original = await this.worker.originalPosition(position);
      // A source map may point anywhere too: follow it only to a file inside the workspace.
      if (original && (target.kind === 'outside' || resolveFrameUrl(original.file, folders).kind === 'workspace')) position = original;
    } catch (err) {
      this.output.warn(`Source map lookup for ${target.file} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(position.file));
      const at = new vscode.Position(position.line, position.column);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, selection: new vscode.Range(at, at) });
    } catch (err) {
      vscode.window.setStatusBarMessage(`Cannot open ${position.file}: ${err instanceof Error ? err.message : String(err)}`, 6000);
    }
  }
}
