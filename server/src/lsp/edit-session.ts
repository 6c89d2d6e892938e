/**
 * Typing in one document of a temporary workspace through the real protocol against the built
 * server, for the tests of what an edit re-analyses (issue 19): each edit waits for the edited
 * document's own analysis, then for the server to settle after its dependents.
 */
import type { Diagnostic, Range } from 'vscode-languageserver-protocol/node';
import { tempWorkspace } from '../testing/temp-workspace';
import { TestClient } from './test-client';

/** No debounce: each edit is analysed as it comes. */
export const editSettings = { hotpath: { rules: {}, exclude: [], maxFileSizeKb: 1024, debounceMs: 0 }, files: { exclude: {} } };

export const at = (line: number, character = 0) => ({ line, character });

/** The diagnostics of one rule. */
export const findingsOf = (rule: string, ds: Diagnostic[] | undefined): Diagnostic[] => (ds ?? []).filter((d) => d.source === 'hotpath' && d.code === rule);

export interface Settled {
  version: number;
  /** The edited document's diagnostics once its own analysis of the version was done. */
  own: Diagnostic[];
  /** The server's "Re-analysed N files …" line, if dependents ran. */
  rerun: string | undefined;
  /** Every publication from the edit until the server settled, in order. */
  published: { uri: string; version: number | undefined }[];
}

export class EditSession {
  private constructor(
    readonly client: TestClient,
    private readonly remove: () => void,
  ) {}

  /** A server on a fresh workspace holding `files`, once its scan is over. */
  static async start(name: string, files: Record<string, string>): Promise<EditSession> {
    const workspace = tempWorkspace(name, files);
    const client = await TestClient.start(workspace.dir, editSettings);
    await client.waitFor('the workspace scan', () => client.statuses.some((s) => s.state === 'idle'), 60_000);
    return new EditSession(client, workspace.remove);
  }

  /** Open a document and wait for its analysis. */
  async open(rel: string): Promise<string> {
    const uri = await this.client.open(rel);
    await this.analysed(uri);
    return uri;
  }

  /** The server answers a code action once it analysed the document's current version (a document without findings publishes nothing). */
  private async analysed(uri: string): Promise<void> {
    await this.client.codeActions(uri, { start: at(0), end: at(0) }, []);
  }

  private idles(): number {
    return this.client.statuses.filter((s) => s.state === 'idle').length;
  }

  /**
   * Make an edit and wait until its dependents are done: the server turns idle after them, so
   * the first idle status after the edited version's own analysis (an idle before that can
   * belong to an earlier edit). `publishes`: wait for the version's diagnostics rather than
   * a code action's reply.
   */
  async edit(uri: string, changes: { range: Range; text: string }[], publishes = false): Promise<Settled> {
    const { client } = this;
    const logs = client.logs.length;
    const order = client.publishOrder.length;
    const version = await client.edit(uri, changes);
    if (publishes) await client.waitFor(`diagnostics of version ${version}`, () => client.publishedVersion.get(uri) === version, 30_000);
    else await this.analysed(uri);
    const own = client.diagnostics.get(uri) ?? [];
    const idlesAtOwn = this.idles();
    await client.waitFor(`version ${version} and its dependents`, () => this.idles() > idlesAtOwn, 30_000);
    return { version, own, rerun: client.logs.slice(logs).find((l) => l.startsWith('Re-analysed')), published: client.publishOrder.slice(order) };
  }

  async close(): Promise<void> {
    await this.client.shutdown();
    this.remove();
  }
}
