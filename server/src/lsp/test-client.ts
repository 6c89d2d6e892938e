/**
 * A minimal LSP client for protocol tests: spawns the built server with `--stdio`, initializes
 * it with the capabilities VS Code announces, answers its requests (configuration, progress
 * creation, registrations) and records what it sends. Tests wait on those events, never on
 * fixed sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type CodeAction,
  type Command,
  type Diagnostic,
  type FileEvent,
  type Hover,
  type Position,
  type ProtocolConnection,
  type Range,
  type TextEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { StatusNotification } from '../../../shared/protocol';
import { pathToUri } from './uri';

export const serverBundle = path.resolve(__dirname, '../../../dist/server.js');

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export interface ClientSettings {
  hotpath: Record<string, unknown>;
  files: Record<string, unknown>;
}

export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics in order, to tell "published again" from "still there". */
  readonly publishCount = new Map<string, number>();
  /** The document version the last publishDiagnostics of each uri named (undefined: none, e.g. a closed file). */
  readonly publishedVersion = new Map<string, number | undefined>();
  /** Every publishDiagnostics in the order it arrived: which file's came first. */
  readonly publishOrder: { uri: string; version: number | undefined }[] = [];
  readonly progress: { token: string | number; value: ProgressValue }[] = [];
  readonly statuses: StatusNotification.Params[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  readonly createdProgressTokens: (string | number)[] = [];
  /** What `workspace/configuration` answers; tests change it, then notify the server. */
  settings: ClientSettings = { hotpath: { rules: {}, exclude: [], maxFileSizeKb: 1024 }, files: { exclude: {} } };

  private readonly events = new EventEmitter();
  private readonly versions = new Map<string, number>();
  private exited = false;

  private constructor(
    readonly connection: ProtocolConnection,
    readonly root: string,
    private readonly child?: ChildProcess,
  ) {
    this.events.setMaxListeners(100);
    child?.on('exit', () => {
      this.exited = true;
      this.emit();
    });
  }

  /** Spawn the built server with `--stdio` and initialize it. */
  static async start(root: string, settings?: ClientSettings, workspaceCapabilities: Record<string, unknown> = {}): Promise<TestClient> {
    if (!fs.existsSync(serverBundle)) throw new Error(`${serverBundle} does not exist: run \`npm run build\` first`);
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()));
    const client = new TestClient(createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)), root, child);
    return client.initialize(settings, workspaceCapabilities);
  }

  /**
   * Talk to a server over the given streams: one in this process (for injecting rules), or one the
   * caller spawned with its own flags. `moreFolders` are workspace folders after `root`.
   */
  static async connect(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, root: string, settings?: ClientSettings, moreFolders: string[] = []): Promise<TestClient> {
    const client = new TestClient(createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output)), root);
    return client.initialize(settings, {}, moreFolders);
  }

  /** `workspaceCapabilities` adds to the workspace capabilities, e.g. `workspaceEdit.snippetEditSupport`. */
  private async initialize(settings: ClientSettings | undefined, workspaceCapabilities: Record<string, unknown> = {}, moreFolders: string[] = []): Promise<TestClient> {
    const connection = this.connection;
    const root = this.root;
    if (settings) this.settings = settings;
    this.listen();
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToUri(root),
      workspaceFolders: [root, ...moreFolders].map((f) => ({ uri: pathToUri(f), name: path.basename(f) })),
      capabilities: {
        window: { workDoneProgress: true },
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          ...workspaceCapabilities,
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } },
            isPreferredSupport: true,
            dataSupport: true,
          },
        },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return this;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publishCount.set(p.uri, (this.publishCount.get(p.uri) ?? 0) + 1);
      this.publishedVersion.set(p.uri, p.version);
      this.publishOrder.push({ uri: p.uri, version: p.version });
      this.emit();
    });
    c.onNotification(StatusNotification.method, (p: StatusNotification.Params) => {
      this.statuses.push(p);
      this.emit();
    });
    c.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      this.emit();
    });
    c.onRequest(ConfigurationRequest.type, (p) => p.items.map((item) => (item.section === 'files' ? this.settings.files : item.section === 'hotpath' ? this.settings.hotpath : null)));
    // Progress for a token arrives only after the server created it, so listen from then on.
    c.onRequest(WorkDoneProgressCreateRequest.type, (p) => {
      this.createdProgressTokens.push(p.token);
      c.onProgress(WorkDoneProgress.type, p.token, (value) => {
        this.progress.push({ token: p.token, value });
        this.emit();
      });
    });
    c.onRequest(RegistrationRequest.type, () => undefined);
  }

  private emit(): void {
    this.events.emit('event');
  }

  /** Resolve with the first truthy value of `check`, evaluated now and after every message. */
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value) {
          cleanup();
          resolve(value);
          return true;
        }
        if (this.exited) {
          cleanup();
          reject(new Error(`server exited while waiting for ${what}\n${this.transcript()}`));
          return true;
        }
        return false;
      };
      const onEvent = (): void => void attempt();
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.transcript()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('event', onEvent);
      };
      this.events.on('event', onEvent);
      attempt();
    });
  }

  waitForDiagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri}`, () => {
      const d = this.diagnostics.get(uri);
      return d && predicate(d) ? d : undefined;
    }, timeoutMs);
  }

  transcript(): string {
    const last = (xs: string[]) => xs.slice(-40).join('\n');
    const diags = [...this.diagnostics].map(([u, d]) => `${u}: ${d.map((x) => `${x.code} ${x.range.start.line + 1}`).join(', ') || '(none)'}`);
    return `--- server log ---\n${last(this.logs)}\n--- stderr ---\n${last(this.stderr)}\n--- diagnostics ---\n${diags.join('\n')}`;
  }

  uri(rel: string): string {
    return pathToUri(path.join(this.root, rel).replace(/\\/g, '/'));
  }

  async open(rel: string, text = fs.readFileSync(path.join(this.root, rel), 'utf8')): Promise<string> {
    const uri = this.uri(rel);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: languageIdOf(rel), version: 1, text },
    });
    return uri;
  }

  /** Replace the whole text (a valid content change under incremental sync too). */
  async replace(uri: string, text: string): Promise<void> {
    await this.edit(uri, [{ text }]);
  }

  async edit(uri: string, changes: ({ text: string } | { range: Range; text: string })[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async watchedFilesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async configurationChanged(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: this.settings });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const result: (Command | CodeAction)[] | null = await this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
    return (result ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  }

  async shutdown(): Promise<void> {
    if (!this.child) {
      // In-process: `exit` would end the test process itself.
      await this.connection.sendRequest(ShutdownRequest.type);
    } else if (!this.exited) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
        await this.waitFor('server exit', () => this.exited, 5000);
      } catch {
        this.child.kill();
      }
    }
    this.connection.dispose();
  }

  get hasExited(): boolean {
    return this.exited;
  }
}

function languageIdOf(rel: string): string {
  const ext = path.extname(rel);
  return ext === '.ts' || ext === '.mts' || ext === '.cts' ? 'typescript' : ext === '.tsx' ? 'typescriptreact' : 'javascript';
}

/** The edits a workspace edit makes to one document (`changes` or `documentChanges`). */
export function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const fromChanges = action.edit?.changes?.[uri];
  if (fromChanges) return fromChanges;
  const docChange = action.edit?.documentChanges?.find((c) => 'textDocument' in c && c.textDocument.uri === uri);
  return docChange && 'edits' in docChange ? (docChange.edits as TextEdit[]) : [];
}
