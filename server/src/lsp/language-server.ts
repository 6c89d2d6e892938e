/**
 * The language server: connects documents, settings, the workspace scan and the engine to the
 * LSP connection. Conversions (diagnostics, code actions, hover) and scheduling live in their
 * own modules; this one only decides what to analyse when, and publishes.
 */
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type InlayHint,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultSettings, ProfileHotspotsNotification, StatusNotification } from '../../../shared/protocol';
import { summaryOf } from '../analysis/cross-file-summary';
import { loadRcFile } from '../engine/config';
import { discoverFiles } from '../engine/discovery';
import { NodeFileHost, type FileHost } from '../engine/host';
import { isAnalyzablePath } from '../engine/paths';
import { linkedRules, ProfileLink } from '../engine/profile-link';
import { Project } from '../engine/project';
import type { Rule } from '../engine/rule';
import type { SourceDoc } from '../engine/source';
import { rules as shippedRules } from '../rules/index';
import { AnalysisStore, type StoredAnalysis } from './analysis-store';
import { BackgroundQueue } from './background-queue';
import { dependentsToRerun, SummaryHistory } from './dependent-reruns';
import { fixAllAction, fixAllKind, quickFixes, wantsKind } from './code-actions';
import { findingForDiagnostic, toDiagnostics, type AnalysisLike, type ConversionOptions } from './diagnostics';
import { analyzeFile, type AnalyzeOutcome, type AnalyzerContext } from './file-analyzer';
import { guard } from './guard';
import { hoverAt } from './hover';
import { profileSharesFrom } from './profile-hotspots';
import { ImportCostFeature } from './import-costs';
import { DebouncedScheduler, type CancellationFlag } from './scheduler';
import { folderOf, type FolderSettings } from './settings';
import { loadSettings, type ConfigurationItem } from './settings-loader';
import { pathToUri, uriToPath } from './uri';
import { scanWorkspace } from './workspace-scan';

export interface ServerOptions {
  /** Folder holding `docs/rules/`: the parent of the folder holding `dist/server.js`. */
  extensionRoot: string;
  rules?: readonly Rule[];
  host?: FileHost;
  /** Debounce for edits, in ms, when the `hotpath.debounceMs` setting does not give one. */
  debounceMs?: number;
}

interface ClientSupport {
  configuration: boolean;
  relatedInformation: boolean;
  dynamicConfiguration: boolean;
  dynamicWatchedFiles: boolean;
  /** LSP 3.18 `SnippetTextEdit`s in workspace edits. */
  snippetEdits: boolean;
}

/**
 * How long typing must pause before the files that read an edited one are re-analysed. Keys
 * come 100 to 300 ms apart; a dependent's analysis takes up to some 60 ms on a real app, and a
 * keystroke that arrives during one waits for it.
 */
const typingPauseMs = 250;

export function startServer(connection: Connection, options: ServerOptions): void {
  const log = (m: string): void => connection.console.log(m);
  const rules = options.rules ?? shippedRules;
  const host = options.host ?? new NodeFileHost();
  const documents = new TextDocuments(TextDocument);
  const store = new AnalysisStore();
  /** Paths that have diagnostics on the client, so clearing is only sent when needed. */
  const published = new Set<string>();
  let inlayHintRefresh = false;
  /** Import sizes behind heavy-import, inlay hints and hovers, measured in the background. */
  const importCosts = new ImportCostFeature({
    log,
    onCostsChanged: (paths) => {
      // The files' own text did not change, so drop their stored analysis to force a re-run.
      for (const p of paths) {
        store.delete(p);
        scheduler.schedule(p, 0);
      }
      if (inlayHintRefresh) connection.languages.inlayHint.refresh().catch(() => undefined);
    },
  });

  let support: ClientSupport = { configuration: false, relatedInformation: false, dynamicConfiguration: false, dynamicWatchedFiles: false, snippetEdits: false };
  let roots: string[] = [];
  let pushedSettings: unknown;
  let folders: FolderSettings[] = [];
  let fallback: FolderSettings = { root: '', settings: defaultSettings, exclude: [] };
  let generation = 0;
  let project = new Project(host, defaultSettings.maxFileSizeKb * 1024);
  /** Files the latest scan discovered: analysed and published even when not open. */
  let workspaceFiles = new Set<string>();
  // sync-in-handler looks among them for the handlers that reach a file's blocking calls.
  project.listFiles = () => workspaceFiles;
  let skippedCount = 0;
  let scanFlag: { cancelled: boolean } = { cancelled: false };
  let scanning = false;
  let scanCompleted = false;
  /** When the last scan began (wall clock, as file times are): files written later are news to it. */
  let scanStartedAt = 0;
  let shuttingDown = false;
  let workspaceFoldersSupported = false;
  /** The profile the editor opened last: its hot functions note the findings in them. */
  let profileLink: ProfileLink | undefined;
  const linkedCache = new WeakMap<StoredAnalysis, { link: ProfileLink | undefined; analysis: AnalysisLike }>();

  const conversion = (): ConversionOptions => ({ extensionRoot: options.extensionRoot, relatedInformation: support.relatedInformation });
  const settingsFor = (p: string): FolderSettings => folderOf(folders, p) ?? fallback;
  const sendStatus = (params: StatusNotification.Params): void => void connection.sendNotification(StatusNotification.method, params);

  function analyzerContext(p: string): AnalyzerContext {
    const s = settingsFor(p).settings;
    return { project, store, rules, generation, ruleSettings: s.rules, settings: { sizedImageClasses: s.sizedImageClasses ?? [], ...(s.importBudgetKb !== undefined ? { importBudgetKb: s.importBudgetKb } : {}) }, maxFileBytes: s.maxFileSizeKb * 1024 };
  }

  /**
   * An analysis as the client sees it: with the profile's notes. Diagnostics, hover and code
   * actions all read this, so a finding is the same object (same message) in all three.
   */
  function linked(analysis: StoredAnalysis): AnalysisLike {
    if (!profileLink) return analysis;
    const cached = linkedCache.get(analysis);
    if (cached && cached.link === profileLink) return cached.analysis;
    const result = { version: analysis.version, findings: profileLink.link(analysis.findings, (p) => project.getDoc(p)) };
    linkedCache.set(analysis, { link: profileLink, analysis: result });
    return result;
  }

  function publish(p: string, diagnostics: ReturnType<typeof toDiagnostics>): void {
    const uri = pathToUri(p);
    const open = documents.get(uri);
    if (diagnostics.length === 0 && !published.has(p)) return;
    if (diagnostics.length > 0) published.add(p);
    else published.delete(p);
    void connection.sendDiagnostics({ uri, ...(open ? { version: open.version } : {}), diagnostics });
  }

  function clear(p: string): void {
    store.delete(p);
    publish(p, []);
  }

  /**
   * Whether a file gets diagnostics: workspace files the last scan kept (so excludes,
   * .gitignore, node_modules, minified and generated files apply to open editors too), and open
   * files outside every workspace folder. Until the first scan ends, every open file counts.
   */
  function isTracked(p: string): boolean {
    if (!isAnalyzablePath(p)) return false;
    if (workspaceFiles.has(p)) return true;
    return project.isOpen(p) && (!scanCompleted || folderOf(folders, p) === undefined);
  }

  /**
   * Analyse one file (if anything it read changed) and publish. Never throws. `typing`: the
   * document is being typed in, and searches that edits of other files made stale may wait
   * (`Project.mayDefer`); if one did, the file is analysed again once typing pauses.
   */
  function analyzeAndPublish(p: string, token?: CancellationFlag, typing = false): void {
    if (!isTracked(p)) {
      clear(p);
      return;
    }
    const current = project;
    /** A run that completes a deferred one: the same version, published again only if its findings differ. */
    const completed = completing.delete(p) ? store.get(p) : undefined;
    current.mayDefer = typing;
    current.takeDeferred();
    try {
      let outcome: AnalyzeOutcome;
      try {
        outcome = analyzeFile(analyzerContext(p), p, () => token?.cancelled === true || shuttingDown);
      } finally {
        current.mayDefer = false;
      }
      const deferred = current.takeDeferred();
      switch (outcome.kind) {
        case 'cancelled':
          return;
        case 'unavailable':
          if (store.get(p) || project.isOpen(p)) log(`Not analyzing ${p}: ${outcome.reason}`);
          clear(p);
          return;
        case 'unchanged':
          return;
        case 'analyzed':
          for (const e of outcome.errors) log(`[error] rule ${e.ruleId} failed on ${p}: ${e.message}`);
          if (!completed || completed.version !== outcome.analysis.version || JSON.stringify(completed.findings) !== JSON.stringify(outcome.analysis.findings)) {
            publish(p, toDiagnostics(linked(outcome.analysis), conversion()));
          }
          if (deferred) {
            // Searched again after a pause in typing (a keystroke meanwhile reschedules it), before the dependents.
            store.markStale(p);
            completing.add(p);
            scheduler.schedule(p, typingPauseMs);
          }
          // A handler's edit can change a finding that lives in a helper's file (sync-in-handler).
          // Behind the documents being typed in, as other dependents are.
          for (const a of outcome.affects) {
            store.markStale(a);
            if (isTracked(a)) background.add([a]);
          }
      }
    } catch (err) {
      log(`[error] analyzing ${p} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    } finally {
      // Between analyses: keep the trees of recently read files only (the scan reads them all).
      project.trimCache();
    }
  }

  /**
   * Files whose last analysis was answered in part from before an edit elsewhere (see
   * `analyzeAndPublish`): their next scheduled run completes it.
   */
  const completing = new Set<string>();

  /** The documents being typed in (and files whose own text changed): first, after their debounce. */
  const scheduler = new DebouncedScheduler<string>(
    (p, token) => {
      analyzeAndPublish(p, token, !completing.has(p));
      // Then the dependents, and the status bar's totals once they are done.
      background.kick();
    },
    (p, err) => log(`[error] analyzing ${p} failed: ${String(err)}`),
    options.debounceMs ?? 150,
  );

  /**
   * Files edited in the editor (or closed) since their dependents were last looked at, with the
   * version before the first such edit: which dependents must run again is decided after the
   * edited file's own analysis, from what changed between the two (lsp/dependent-reruns).
   */
  const pendingEdits = new Map<string, SourceDoc | undefined>();
  /** When the editor last changed a document: dependents wait for a pause in typing. */
  let lastEditAt = -Infinity;
  const summaries = new SummaryHistory((doc) => summaryOf(project, doc));

  /** Dependents of changed files, re-analysed behind the foreground (lsp/background-queue). */
  const background = new BackgroundQueue({
    run: (p) => analyzeAndPublish(p),
    foregroundBusy: () => scheduler.busy(),
    holdUntil: () => lastEditAt + typingPauseMs,
    collect: () => {
      const due: string[] = [];
      for (const [p, before] of pendingEdits) {
        const after = project.getDoc(p);
        due.push(...(after ? dependentsToRerun(store, summaries, p, before, after) : store.dependentsOf(p)));
      }
      pendingEdits.clear();
      // Files open in the editor first: those are the diagnostics the user is looking at.
      return [...due.filter((d) => project.isOpen(d)), ...due.filter((d) => !project.isOpen(d))];
    },
    drained: (count, ms, slowest) => {
      if (count > 0) log(`Re-analysed ${count} file${count === 1 ? '' : 's'} that read an edited file (${Math.round(ms)} ms${slowest && count > 1 ? `, longest ${Math.round(slowest.ms)} ms: ${slowest.path}` : ''}).`);
      // Keep the status bar's totals current after edits; during a scan the scan reports.
      if (!scanning) sendIdle();
    },
    stopped: () => shuttingDown,
  });

  /**
   * A file changed on disk: re-analyse it (if we track it) after `delayMs` (default: its folder's
   * `hotpath.debounceMs`), then every file whose analysis read it.
   */
  function fileChanged(p: string, delayMs?: number): void {
    if (project.isOpen(p) || workspaceFiles.has(p) || store.get(p)) scheduler.schedule(p, delayMs ?? settingsFor(p).settings.debounceMs);
    background.add(store.dependentsOf(p));
  }

  /** An editor changed `p` (edit, open, close) from `before`: the same, deciding later which dependents run. */
  function editorChanged(p: string, before: SourceDoc | undefined, delayMs?: number): void {
    completing.delete(p);
    if (project.isOpen(p) || workspaceFiles.has(p) || store.get(p)) scheduler.schedule(p, delayMs ?? settingsFor(p).settings.debounceMs);
    if (!pendingEdits.has(p)) pendingEdits.set(p, before);
    lastEditAt = performance.now();
    background.kick();
  }

  async function reloadSettings(): Promise<void> {
    ({ folders, fallback } = await loadSettings(roots, {
      ...(support.configuration ? { pull: (items: ConfigurationItem[]) => connection.workspace.getConfiguration(items) as Promise<unknown[]> } : {}),
      pushed: pushedSettings,
      loadRc: (root) => loadRcFile(root),
      log,
    }));
    generation++;
    // The Project's limit guards cross-file reads; take the largest so no folder is starved.
    const maxKb = Math.max(fallback.settings.maxFileSizeKb, ...folders.map((f) => f.settings.maxFileSizeKb));
    const fresh = new Project(host, maxKb * 1024);
    fresh.listFiles = () => workspaceFiles;
    for (const doc of documents.all()) {
      const p = uriToPath(doc.uri);
      if (p) fresh.openDocument(p, doc.getText(), doc.version);
    }
    project = importCosts.attach(fresh);
  }

  /** Cancel any running scan and start a new one over every workspace folder. */
  function restartScan(): void {
    scanFlag.cancelled = true;
    const flag = { cancelled: false };
    scanFlag = flag;
    void runScan(flag);
  }

  async function runScan(flag: { cancelled: boolean }): Promise<void> {
    scanning = true;
    scanStartedAt = Date.now();
    try {
      const result = await scanWorkspace({
        folders,
        discover: discoverFiles,
        analyze: (p) => analyzeAndPublish(p),
        createProgress: () => connection.window.createWorkDoneProgress(),
        status: sendStatus,
        log,
        isCancelled: () => flag.cancelled || shuttingDown,
        onDiscovered: (found) => {
          // A scan restarted meanwhile walked the disk later: an older walk must not overwrite its list.
          if (flag !== scanFlag) return;
          workspaceFiles = new Set(found.files);
          skippedCount = found.skipped.length;
          scanCompleted = true;
        },
      });
      if (!result || flag !== scanFlag) return;
      // Files that left the workspace (deleted, now excluded) lose their diagnostics.
      for (const p of store.paths()) if (!isTracked(p)) clear(p);
      scanning = false;
      sendIdle();
    } catch (err) {
      log(`[error] workspace scan failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      sendStatus({ state: 'error', message: `Workspace scan failed: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      if (flag === scanFlag) scanning = false;
    }
  }

  function sendIdle(): void {
    if (scanning) return;
    const findings = store.totalFindings();
    sendStatus({
      state: 'idle',
      message: `${findings} finding${findings === 1 ? '' : 's'} in ${workspaceFiles.size} files (${skippedCount} skipped)`,
      filesAnalyzed: workspaceFiles.size,
      filesTotal: workspaceFiles.size,
      findings,
      skipped: skippedCount,
    });
  }

  async function settingsChanged(): Promise<void> {
    await reloadSettings();
    scheduler.cancelAll();
    for (const doc of documents.all()) {
      const p = uriToPath(doc.uri);
      if (p) scheduler.schedule(p, 0);
    }
    restartScan();
  }

  connection.onInitialize(
    (params: InitializeParams): InitializeResult => {
      const caps = params.capabilities;
      support = {
        configuration: caps.workspace?.configuration === true,
        relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation === true,
        dynamicConfiguration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
        dynamicWatchedFiles: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
        snippetEdits: caps.workspace?.workspaceEdit?.snippetEditSupport === true && caps.workspace.workspaceEdit.documentChanges === true,
      };
      pushedSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
      const storagePath = (params.initializationOptions as { storagePath?: unknown } | undefined)?.storagePath;
      importCosts.start(typeof storagePath === 'string' ? storagePath : undefined);
      inlayHintRefresh = caps.workspace?.inlayHint?.refreshSupport === true;
      const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
      roots = folderUris.map(uriToPath).filter((p): p is string => p !== undefined);
      workspaceFoldersSupported = caps.workspace?.workspaceFolders === true;
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          hoverProvider: true,
          inlayHintProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind] },
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'hotpath' },
      };
    },
  );

  connection.onInitialized(
    guard(log, 'initialized', undefined, async () => {
      sendStatus({ state: 'starting', message: 'Hotpath is starting' });
      if (support.dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'hotpath' });
      if (support.dynamicWatchedFiles) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,html,htm,vue,svelte}' },
            { globPattern: '**/.hotpathrc.json' },
            // image-dimensions reads image headers: a replaced or created image re-runs its dependents.
            { globPattern: '**/*.{png,apng,jpg,jpeg,jfif,gif,webp,avif,svg}' },
          ],
        });
      }
      if (workspaceFoldersSupported) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard(log, 'didChangeWorkspaceFolders', undefined, async (e) => {
            const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
            const added = e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
            roots = [...roots.filter((r) => !removed.has(r)), ...added];
            await settingsChanged();
          }),
        );
      }
      await reloadSettings();
      for (const doc of documents.all()) {
        const p = uriToPath(doc.uri);
        if (p) scheduler.schedule(p, 0);
      }
      restartScan();
    }),
  );

  documents.onDidChangeContent(
    guard(log, 'didChange', undefined, (e) => {
      const p = uriToPath(e.document.uri);
      if (!p) return;
      const opened = !project.isOpen(p);
      const before = project.getDoc(p);
      project.openDocument(p, e.document.getText(), e.document.version);
      if (opened) noticeUnseenFile(p);
      editorChanged(p, before);
    }),
  );

  /**
   * An editor opened a file of a workspace folder that the last scan did not find and that was
   * written after it began: the file watcher has not reported it yet (code-server under load took
   * over a minute). It is taken as created, as the watcher's event would, rather than left without
   * diagnostics until that event comes; the cached answers about the disk go with it. A new file
   * not saved yet has no event to wait for: the files whose imports name it re-run against its text.
   */
  function noticeUnseenFile(p: string): void {
    if (!scanCompleted || workspaceFiles.has(p) || folderOf(folders, p) === undefined || !isAnalyzablePath(p)) return;
    // Not on disk yet (a new file, unsaved): imports naming it resolve to the editor's text from
    // now on, as if it had been created; the files whose imports missed it re-run (lsp/dependent-reruns).
    if (!host.stat(p)) return project.invalidate(p);
    const written = host.stat(p)?.mtimeMs;
    // File times come from a coarser clock than Date.now() (a write just after the scan began was
    // stamped 2 ms before it), and some file systems keep 2 s: a margin keeps such a file news.
    if (written === undefined || written < scanStartedAt - 2_000) return;
    project.invalidate(p);
    restartScan();
  }

  documents.onDidClose(
    guard(log, 'didClose', undefined, (e) => {
      const p = uriToPath(e.document.uri);
      if (!p) return;
      const before = project.getDoc(p);
      project.closeDocument(p);
      // Closed unsaved, a new file is gone: imports that named it miss again.
      if (!host.stat(p)) project.invalidate(p);
      scheduler.cancel(p);
      // The disk copy takes over: re-publish it if the scan covers it, else clear.
      if (!workspaceFiles.has(p)) clear(p);
      editorChanged(p, before, 0);
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard(log, 'didChangeWatchedFiles', undefined, async (params) => {
      let rescan = false;
      let reload = false;
      for (const change of params.changes) {
        const p = uriToPath(change.uri);
        if (!p) continue;
        project.invalidate(p);
        const base = path.posix.basename(p);
        if (base === '.hotpathrc.json') {
          reload = true;
          continue;
        }
        // Discovery honours .gitignore files: which files the workspace has may have changed.
        if (base === '.gitignore') {
          rescan = true;
          continue;
        }
        if (change.type === FileChangeType.Created) rescan = true;
        if (change.type === FileChangeType.Deleted) {
          workspaceFiles.delete(p);
          if (!project.isOpen(p)) clear(p);
        }
        // An open document's text comes from the editor, not the disk; only its dependents care.
        if (project.isOpen(p)) background.add(store.dependentsOf(p));
        else fileChanged(p, 0);
      }
      if (reload) await settingsChanged();
      // New files must pass discovery's excludes and limits, so a creation re-runs the scan;
      // unchanged files are not re-analysed by it.
      else if (rescan) restartScan();
    }),
  );

  connection.onDidChangeConfiguration(
    guard(log, 'didChangeConfiguration', undefined, async (params) => {
      const settings = (params.settings as { hotpath?: unknown } | undefined)?.hotpath;
      if (settings !== undefined) pushedSettings = settings;
      await settingsChanged();
    }),
  );

  connection.onHover(
    guard(log, 'hover', null, (params) => {
      const p = uriToPath(params.textDocument.uri);
      const analysis = p ? freshAnalysis(p) : undefined;
      if (!analysis) return null;
      const onFinding = hoverAt(linked(analysis).findings, params.position, {
        extensionRoot: options.extensionRoot,
        describeRule: (id) => rules.find((r) => r.meta.id === id)?.meta.description,
      });
      if (onFinding || settingsFor(p!).settings.importCostEnabled === false) return onFinding;
      const doc = project.getDoc(p!);
      return doc ? importCosts.hover(project, doc, params.position) : null;
    }),
  );

  connection.languages.inlayHint.on(
    guard(log, 'inlayHint', [] as InlayHint[], (params) => {
      const p = uriToPath(params.textDocument.uri);
      if (!p || !isTracked(p) || settingsFor(p).settings.importCostEnabled === false) return [];
      const doc = project.getDoc(p);
      return doc ? importCosts.inlayHints(project, doc, params.range) : [];
    }),
  );

  connection.onCodeAction(
    guard(log, 'codeAction', [] as CodeAction[], (params) => {
      const uri = params.textDocument.uri;
      const p = uriToPath(uri);
      const stored = p ? freshAnalysis(p) : undefined;
      if (!stored) return [];
      const analysis = linked(stored);
      const only = params.context.only;
      const actions: CodeAction[] = [];
      if (wantsKind(only, CodeActionKind.QuickFix)) {
        for (const d of params.context.diagnostics) {
          const finding = findingForDiagnostic(analysis, d);
          if (finding) actions.push(...quickFixes(uri, finding, d, { snippets: support.snippetEdits, fileFindings: analysis.findings }));
        }
      }
      if (wantsKind(only, fixAllKind)) {
        const all = fixAllAction(uri, analysis.findings);
        if (all) actions.push(all);
      }
      return actions;
    }),
  );

  /**
   * The analysis of the document as the client sees it now. A request may arrive while an
   * edit's analysis is still debounced: run it now so edits never target a stale text.
   */
  function freshAnalysis(p: string) {
    if (scheduler.pending(p)) {
      scheduler.cancel(p);
      analyzeAndPublish(p);
      // As when the scheduler runs it: the dependents come next.
      background.kick();
    }
    const analysis = store.get(p);
    const open = documents.get(pathToUri(p));
    if (open && analysis && analysis.version !== `open:${open.version}`) return undefined;
    return analysis;
  }

  connection.onNotification(
    ProfileHotspotsNotification.method,
    guard(log, 'profileHotspots', undefined, (params: ProfileHotspotsNotification.Params) => {
      const shares = profileSharesFrom(params, log);
      profileLink = shares && shares.functions.length > 0 ? new ProfileLink(shares) : undefined;
      log(profileLink ? `Profile ${shares!.profileName}: ${profileLink.paths.length} workspace files have functions at or above 1% of its CPU time.` : 'Profile notes cleared.');
      // Only these rules' diagnostics can change; a file with an edit still debounced publishes when it runs.
      for (const p of store.paths()) {
        const analysis = store.get(p)!;
        const open = documents.get(pathToUri(p));
        if (open && analysis.version !== `open:${open.version}`) continue;
        if (analysis.findings.some((f) => linkedRules.has(f.ruleId))) publish(p, toDiagnostics(linked(analysis), conversion()));
      }
    }),
  );

  connection.onShutdown(() => {
    shuttingDown = true;
    scanFlag.cancelled = true;
    scheduler.cancelAll();
    importCosts.flush();
  });

  documents.listen(connection);
  connection.listen();
}
