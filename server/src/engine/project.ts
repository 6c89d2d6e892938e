import * as path from 'node:path';
import type { FileHost, FileStat } from './host';
import { SourceDoc } from './source';
import { normalizePath } from './paths';

/** Extensions tried, in order, when an import names a workspace file without one. */
const resolvableExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * The workspace as the rules see it: documents (open editors win over the disk), relative
 * module resolution, and per-version memos for facts that other files' analyses reuse.
 *
 * A rule reads other files only through `getDoc`, so the engine can record which files an
 * analysis depended on and re-run it when one of them changes.
 */
/**
 * How an analysis used a file it read: `read` (what its rule reads of other files, the default),
 * `imports` (only its import specifiers and whether it calls `fetch`: analysis/import-closure's
 * text walk), `outline` (what `read` reads, but of function bodies only those recorded with
 * `readBodies`: the call graph's resolutions through a module), `types` (what the TypeScript
 * checker can infer types from: everything but the bodies of functions that declare their
 * return type; with `outline`, still only the bodies recorded), `readTypes` (`types` and `read`)
 * or `whole` (all of it, whatever the rule).
 * An edit that leaves what was used unchanged need not re-run the analysis
 * (analysis/cross-file-summary, lsp/dependent-reruns).
 */
export type DependencyUse = 'read' | 'outline' | 'imports' | 'types' | 'readTypes' | 'whole';

const useStrength: Record<DependencyUse, number> = { imports: 0, outline: 1, types: 2, read: 3, readTypes: 4, whole: 5 };

/** Two uses of one file as one: the wider, but the checker's reads and a whole read are `readTypes`. */
function widerUse(a: DependencyUse, b: DependencyUse): DependencyUse {
  if ((a === 'types' && b === 'read') || (a === 'read' && b === 'types')) return 'readTypes';
  return useStrength[b] > useStrength[a] ? b : a;
}

/**
 * The function bodies a computation read, per file: the `pos` of each outermost function
 * (analysis/cross-file-summary `unitOf`) whose body it read, or `all`. Counts only for a file
 * whose widest use is `outline`: any other use reads every body.
 */
export type BodyReads = Map<string, Set<number> | 'all'>;

const noBodies: BodyReads = new Map();

/**
 * The bodies of a file that a computation which used it as `use` read, as far as they are known:
 * only when it read the file through the call graph and the checker alone (`outline`, `types`)
 * and not every body; undefined when every body counts as read.
 */
export function knownBodies(use: DependencyUse, read: Set<number> | 'all' | undefined): Set<number> | undefined {
  return (use === 'outline' || use === 'types') && read !== 'all' ? read ?? new Set() : undefined;
}

function addBodies(into: BodyReads, p: string, read: Set<number> | 'all' | number): void {
  const before = into.get(p);
  if (before === 'all') return;
  if (read === 'all') return void into.set(p, 'all');
  const set = before ?? new Set<number>();
  if (typeof read === 'number') set.add(read);
  else for (const x of read) set.add(x);
  if (!before) into.set(p, set);
}

/** Every body read of `from` into `into` (the widest read of each file wins). */
function mergeBodies(into: BodyReads, from: BodyReads): void {
  for (const [p, read] of from) addBodies(into, p, read);
}

/**
 * The version of a file read from disk, once per stat (kept until the path is invalidated):
 * `getDoc` is called some 100,000 times in a scan of a large app, and formatting the mtime, a
 * fractional number, was a good part of its cost.
 */
const diskVersions = new WeakMap<FileStat, string>();

function diskVersion(stat: FileStat): string {
  let version = diskVersions.get(stat);
  if (version === undefined) {
    version = `disk:${stat.mtimeMs}:${stat.size}`;
    diskVersions.set(stat, version);
  }
  return version;
}

interface NodeFactEntry {
  /** `Project.generation` when computed: the answer of a workspace search is kept only within one. */
  generation: number;
  fileEvents: number;
  /** The `Project.epoch` at which the answer was last known good. */
  epoch: number;
  searched: boolean;
  value: unknown;
  uses: Map<string, DependencyUse>;
  bodies: BodyReads;
  /** The file of the node the fact is about. */
  ownFile: string | undefined;
}

/** The file name of a syntax node's tree (the facts are about syntax nodes). */
function fileOf(node: object): string | undefined {
  return (node as { getSourceFile?: () => { fileName: string } | undefined }).getSourceFile?.()?.fileName;
}

export class Project {
  private readonly overlays = new Map<string, SourceDoc>();
  private readonly diskDocs = new Map<string, SourceDoc>();
  private diskDocBytes = 0;
  /**
   * When each entry of `diskDocs` was last read (a count of reads), for `trimCache` to drop the
   * least recently used. Not kept as the map's order: moving a hit to the end (delete, then set)
   * leaves a hole each time, and the map of a 2,500-file scan compacted itself so often that the
   * moves cost 0.1 s of outline's check (tsconfig and a module's helpers are read again and again).
   */
  private readonly lastUse = new Map<string, number>();
  private reads = 0;
  private readonly memos = new Map<string, Map<string, { version: string; value: unknown }>>();
  /** See `nodeFact`. */
  private readonly nodeFacts = new WeakMap<object, Map<string, NodeFactEntry>>();
  /**
   * Counts changes of any one file's document (an edit, a file event, a cached tree dropped), and
   * the count at each path's last change: a cached answer computed at count N is still good while
   * no file it read changed after N, whatever happened to other files (see `nodeFact`).
   */
  private epoch = 0;
  private readonly pathEpochs = new Map<string, number>();
  /** Whether the running computation searched the workspace's files (see `searchedWorkspace`). */
  private searched = false;
  /**
   * File metadata and import resolutions, kept until `invalidate`. Resolving one bare import
   * against a tsconfig baseUrl tries some twenty paths; without these a scan spent more time in
   * `stat` than in parsing. Front ends call `invalidate` when files change, are created or deleted.
   */
  /** `null`: the path does not exist (one lookup answers a miss too: most stats a scan makes are misses). */
  private readonly stats = new Map<string, FileStat | null>();
  /** Import resolutions and other answers about the workspace as a whole (see `workspaceFact`). */
  private readonly workspaceFacts = new Map<string, unknown>();
  /** The files the running analysis read, and how (the widest use of each wins). */
  private recorder: Map<string, DependencyUse> | undefined;
  /** The function bodies the running analysis read (see `BodyReads`). */
  private bodyRecorder: BodyReads | undefined;
  /**
   * The workspace's files as the front end found them (the CLI's discovery before --shard and
   * --changed-since, the server's scan). A rule that reports where a cross-file fact lands, not
   * where it starts (sync-in-handler: the blocking call, not the handlers reaching it), looks
   * for the starts among them.
   */
  listFiles: () => Iterable<string> = () => [];
  /**
   * Whether a file's findings are reported, when the front end reports fewer files than it lists
   * (`hotpath check src/routes`, `--changed-since`); undefined: every file analysed is. A rule
   * whose finding lands in a file not reported may report it where it starts instead.
   */
  checked?: (path: string) => boolean;
  /**
   * Set by a front end while it analyses a document being typed in. A search from other files
   * (sync-in-handler's search from each route that reaches the document) that an edit made stale
   * may then answer as it did before the edit, its places moved with the edit, and say so with
   * `deferred`: the front end publishes, and analyses the document again once typing pauses.
   */
  mayDefer = false;
  private deferredAny = false;

  /** A search answered from before an edit while `mayDefer` was set. */
  deferred(): void {
    this.deferredAny = true;
  }

  /** Whether a search was deferred since the last call. */
  takeDeferred(): boolean {
    const any = this.deferredAny;
    this.deferredAny = false;
    return any;
  }
  /**
   * Counts every change of any file's content (an editor edit, a file event). A cached answer
   * about many files that notes the generation it was computed in is valid while this is unchanged.
   */
  private changes = 0;
  get generation(): number {
    return this.changes;
  }
  /** The path of each change the generation counts, from generation `changeLogStart` on (see `changedSince`). */
  private changeLog: string[] = [];
  private changeLogStart = 0;

  private changed(key: string): void {
    this.changes++;
    this.changeLog.push(key);
    // An index brought up to date per edit asks about the last few changes; a long session keeps no more than these.
    if (this.changeLog.length > 4096) {
      this.changeLogStart += 2048;
      this.changeLog = this.changeLog.slice(2048);
    }
  }

  /**
   * The paths whose content changed after `generation` (editor edits, opens and closes, file
   * events), or undefined when that is too long ago to say: an index of the workspace's files
   * brought up to date on every edit looks at those instead of every file's version.
   */
  changedSince(generation: number): readonly string[] | undefined {
    return generation < this.changeLogStart ? undefined : this.changeLog.slice(generation - this.changeLogStart);
  }
  /** Counts `invalidate` calls (files created, deleted or changed on disk), which can change what imports resolve to. */
  private fileEvents = 0;
  get fileEventCount(): number {
    return this.fileEvents;
  }

  constructor(
    readonly host: FileHost,
    /** Files larger than this are not read for cross-file facts either. */
    private readonly maxFileBytes = 1024 * 1024,
    /**
     * How much text of files read from disk stays cached, with its syntax tree and memos, after
     * `trimCache`. A tree takes some 40 times its text: a language server that kept every file
     * it had analysed used 720 MB after scanning a 17 MB corpus.
     */
    private readonly cachedDiskBytes = 4 * 1024 * 1024,
  ) {}

  /**
   * Forget the least recently used disk documents (their trees and memos) beyond the budget.
   * Front ends call it between analyses, never during one: an analysis must see one tree per file.
   * Open documents are never dropped.
   */
  trimCache(): void {
    if (this.diskDocBytes <= this.cachedDiskBytes) return;
    const oldestFirst = [...this.diskDocs.keys()].sort((a, b) => this.lastUse.get(a)! - this.lastUse.get(b)!);
    for (const key of oldestFirst) {
      if (this.diskDocBytes <= this.cachedDiskBytes) break;
      this.dropDiskDoc(key, this.diskDocs.get(key)!);
    }
  }

  /**
   * Forget a file's cached document, tree and memos (not an open one's), without the workspace
   * facts `invalidate` clears: the next read reads and parses it again.
   */
  forget(p: string): void {
    const key = normalizePath(p);
    const doc = this.diskDocs.get(key);
    if (doc) this.dropDiskDoc(key, doc);
    else if (!this.overlays.has(key)) this.memos.delete(key);
  }

  private touch(key: string): void {
    this.pathEpochs.set(key, ++this.epoch);
  }

  private dropDiskDoc(key: string, doc: SourceDoc): void {
    this.touch(key);
    this.diskDocs.delete(key);
    this.lastUse.delete(key);
    this.diskDocBytes -= doc.text.length;
    // A memo of a closed file belongs to the dropped version (an open one's stays with the overlay).
    if (!this.overlays.has(key)) this.memos.delete(key);
  }

  private cacheDiskDoc(key: string, doc: SourceDoc): void {
    const old = this.diskDocs.get(key);
    if (old) this.dropDiskDoc(key, old);
    this.diskDocs.set(key, doc);
    this.lastUse.set(key, ++this.reads);
    this.diskDocBytes += doc.text.length;
  }

  /** An editor's unsaved text for `p`; it replaces the disk copy until `closeDocument`. */
  openDocument(p: string, text: string, version: number | string): SourceDoc {
    const key = normalizePath(p);
    // The previous version of an open document lends its tree: the new one is parsed incrementally.
    const doc = new SourceDoc(key, text, `open:${version}`, this.overlays.get(key));
    this.overlays.set(key, doc);
    this.touch(key);
    this.changed(key);
    return doc;
  }

  closeDocument(p: string): void {
    const key = normalizePath(p);
    this.overlays.delete(key);
    this.touch(key);
    this.changed(key);
  }

  /** Forget the cached disk copy (the file changed or was deleted on disk). */
  invalidate(p: string): void {
    const key = normalizePath(p);
    const doc = this.diskDocs.get(key);
    if (doc) this.dropDiskDoc(key, doc);
    this.touch(key);
    this.stats.delete(key);
    // A created or deleted file can change what any import resolves to.
    this.workspaceFacts.clear();
    this.changed(key);
    this.fileEvents++;
  }

  /**
   * A fact derived from the workspace's files and configs as a whole (what an import resolves
   * to, which workspace package it names), computed once until any file changes. A cached fact
   * does not record the files it read as dependencies of later analyses.
   */
  workspaceFact<T>(key: string, compute: () => T): T {
    if (this.workspaceFacts.has(key)) return this.workspaceFacts.get(key) as T;
    const value = compute();
    this.workspaceFacts.set(key, value);
    return value;
  }

  /** `host.stat`, remembered until the path is invalidated. */
  stat(p: string): FileStat | undefined {
    const known = this.stats.get(p);
    if (known !== undefined) return known ?? undefined;
    const s = this.host.stat(p);
    this.stats.set(p, s ?? null);
    return s;
  }

  /**
   * Whether `doc` is the document `getDoc` gives for its path now, without reading anything: a
   * cache of facts holding a file's tree can let go of it once the Project has.
   */
  isCurrent(doc: SourceDoc): boolean {
    return (this.overlays.get(doc.path) ?? this.diskDocs.get(doc.path)) === doc;
  }

  /** The documents an editor holds open (their text comes from it, not the disk). */
  openPaths(): Iterable<string> {
    return this.overlays.keys();
  }

  isOpen(p: string): boolean {
    return this.overlays.has(normalizePath(p));
  }

  private record(key: string, use: DependencyUse): void {
    if (!this.recorder) return;
    const before = this.recorder.get(key);
    if (before === undefined) this.recorder.set(key, use);
    else if (before !== use) this.recorder.set(key, widerUse(before, use));
  }

  /**
   * The running computation read the body of the outermost function at `pos` of a file (or every
   * body, `all`): a file it uses as `outline` is read in its bodies only as far as these say.
   */
  readBodies(p: string, read: number | 'all'): void {
    if (this.bodyRecorder) addBodies(this.bodyRecorder, p, read);
  }

  /**
   * The current version of a file, or undefined when it is missing, not a file, or too large.
   * `use` says what the caller takes from it (see `DependencyUse`); default: anything.
   */
  getDoc(p: string, use: DependencyUse = 'read'): SourceDoc | undefined {
    const key = normalizePath(p);
    this.record(key, use);
    const open = this.overlays.get(key);
    if (open) return open;
    const stat = this.stat(key);
    if (!stat || !stat.isFile || stat.size > this.maxFileBytes) {
      const gone = this.diskDocs.get(key);
      if (gone) this.dropDiskDoc(key, gone);
      return undefined;
    }
    const version = diskVersion(stat);
    const cached = this.diskDocs.get(key);
    if (cached && cached.version === version) {
      this.lastUse.set(key, ++this.reads);
      return cached;
    }
    const text = this.host.readFile(key);
    if (text === undefined) return undefined;
    const doc = new SourceDoc(key, text, version);
    this.cacheDiskDoc(key, doc);
    return doc;
  }

  /**
   * The version `getDoc` gives a file, from metadata only: checking whether a dependency changed
   * must not read it (an image is read by its header, never as text).
   */
  versionOf(p: string): string | undefined {
    const key = normalizePath(p);
    const open = this.overlays.get(key);
    if (open) return open.version;
    const stat = this.stat(key);
    return stat?.isFile ? diskVersion(stat) : undefined;
  }

  /**
   * The first bytes of a binary file (an image's header), recorded as a dependency like
   * `getDoc`, so a replaced image re-runs the analyses that read its size.
   */
  readBytes(p: string, maxBytes: number): Uint8Array | undefined {
    const key = normalizePath(p);
    this.record(key, 'read');
    if (!this.stat(key)?.isFile) return undefined;
    // A zero-byte read only records the dependency (the size came from a cache).
    if (maxBytes <= 0) return new Uint8Array(0);
    return this.host.readBytes?.(key, maxBytes);
  }

  /**
   * Resolve an import specifier to a workspace file. Bare package names resolve to nothing:
   * rules treat those as libraries, recognised by name.
   */
  resolveImport(fromPath: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) return undefined;
    const base = path.posix.resolve(path.posix.dirname(normalizePath(fromPath)), specifier);
    const found = this.workspaceFact(`import\0${base}`, () => this.resolveBase(base));
    // A miss rests on the files that are not there: the analysis re-runs when one appears (created
    // on disk, or opened in an editor before it is saved).
    if (typeof found !== 'string') for (const c of found.tried) this.record(c, 'imports');
    return typeof found === 'string' ? found : undefined;
  }

  private resolveBase(base: string): string | { tried: string[] } {
    const candidates: string[] = [base];
    // TypeScript ESM code imports './util.js' meaning './util.ts'.
    const ext = path.posix.extname(base);
    if (['.js', '.jsx', '.mjs', '.cjs'].includes(ext)) {
      const stem = base.slice(0, -ext.length);
      candidates.push(stem + ext.replace('j', 't'), stem + '.tsx');
    }
    for (const e of resolvableExtensions) candidates.push(base + e);
    for (const e of resolvableExtensions) candidates.push(base + '/index' + e);
    // An open document counts even before it is saved (the ESLint plugin overlays the text it lints).
    for (const c of candidates) {
      if (this.overlays.has(c) || this.stat(c)?.isFile) return c;
    }
    return { tried: candidates };
  }

  /**
   * Compute a fact about a file once per version of that file. `key` names the fact, e.g.
   * 'functions' for a summary of the functions a module defines.
   */
  memo<T>(doc: SourceDoc, key: string, compute: (doc: SourceDoc) => T): T {
    let perFile = this.memos.get(doc.path);
    if (!perFile) {
      perFile = new Map();
      this.memos.set(doc.path, perFile);
    }
    const hit = perFile.get(key);
    if (hit && hit.version === doc.version) return hit.value as T;
    const value = compute(doc);
    perFile.set(key, { version: doc.version, value });
    return value;
  }

  /**
   * A fact about a syntax node that reads other files (the function a callee resolves to across
   * imports), computed once and kept while none of the files it read changes (nor is its cached
   * tree dropped) and no file is created or deleted, so every rule and every file's analysis that
   * asks again shares the answer, and an edit in one file recomputes only the answers that read it.
   * A computation that searched the workspace (`searchedWorkspace`) is kept only while no file's
   * text changes at all. Each use records the files the computation read, with their uses, exactly
   * as if it had run again. A scan of a 2,500-file app resolved 31,000 callees of which 13,000
   * were distinct.
   */
  nodeFact<T>(node: object, key: string, compute: () => T): T {
    let perNode = this.nodeFacts.get(node);
    const hit = perNode?.get(key);
    if (hit && this.stillGood(hit)) {
      if (this.recorder) for (const [p, use] of hit.uses) this.record(p, use);
      if (this.bodyRecorder) mergeBodies(this.bodyRecorder, hit.bodies);
      if (hit.searched) this.searched = true;
      return hit.value as T;
    }
    const outerSearched = this.searched;
    this.searched = false;
    let searched = true;
    try {
      const { result, uses, bodies } = this.recordDependencies(compute);
      searched = this.searched;
      if (!perNode) this.nodeFacts.set(node, (perNode = new Map()));
      // Most answers read no body: they share one empty map (a scan keeps some 30,000 answers).
      perNode.set(key, { generation: this.changes, fileEvents: this.fileEvents, epoch: this.epoch, searched, value: result, uses, bodies: bodies.size > 0 ? bodies : noBodies, ownFile: fileOf(node) });
      return result;
    } finally {
      this.searched = outerSearched || searched;
    }
  }

  private stillGood(hit: NodeFactEntry): boolean {
    if (hit.fileEvents !== this.fileEvents || (hit.searched && hit.generation !== this.changes)) return false;
    if (hit.epoch === this.epoch) return true;
    const changedAfter = (p: string) => (this.pathEpochs.get(p) ?? 0) > hit.epoch;
    // The node's own file, read through the tree rather than `getDoc` (a Vue or Svelte file's
    // script view is named `<file>.tsx`). Its edit can keep the node (an incremental parse reuses
    // unchanged ones) while changing what the answer read around it.
    if (hit.ownFile !== undefined && (changedAfter(hit.ownFile) || changedAfter(hit.ownFile.replace(/\.tsx$/, '')))) return false;
    for (const p of hit.uses.keys()) if (changedAfter(p)) return false;
    hit.epoch = this.epoch;
    return true;
  }

  /**
   * The running computation looked through the workspace's files for something (the callers of a
   * function), without recording them all as read: its answer can change when any file's text
   * does, so a `nodeFact` holding it is kept only until then.
   */
  searchedWorkspace(): void {
    this.searched = true;
  }

  /**
   * Record files as read by the running analysis without reading them: a cached answer derived
   * from them (analysis/import-closure) makes the analysis depend on them all the same.
   */
  dependOn(paths: Iterable<string>, use: DependencyUse = 'read', bodies?: BodyReads): void {
    if (this.recorder) for (const p of paths) this.record(p, use);
    if (this.bodyRecorder && bodies) mergeBodies(this.bodyRecorder, bodies);
  }

  /**
   * Run `fn` without recording what it reads as dependencies of the running analysis: a fact
   * about a whole app (which of its files import a package) would otherwise make every file's
   * analysis depend on every other file. The caller records what the answer really rests on.
   */
  untracked<T>(fn: () => T): T {
    const outer = this.recorder;
    const outerBodies = this.bodyRecorder;
    this.recorder = undefined;
    this.bodyRecorder = undefined;
    try {
      return fn();
    } finally {
      this.recorder = outer;
      this.bodyRecorder = outerBodies;
    }
  }

  /** The names in a folder (folders end with '/'), until a file is created or deleted. */
  listDir(p: string): readonly string[] | undefined {
    return this.workspaceFact(`listDir\0${p}`, () => this.host.listDir?.(p));
  }

  /**
   * Run `fn` and return the files it read through `getDoc` (its dependencies), and how it used
   * each (`uses`: `imports` for files only the import-closure walk read), and the function
   * bodies it read (`bodies`). They count for the running analysis too unless `propagate` is
   * false: a workspace-wide fact computed inside one analysis, whose caller then says with
   * `dependOn` which of those files it depends on.
   */
  recordDependencies<T>(fn: () => T, propagate = true): { result: T; dependencies: Set<string>; uses: Map<string, DependencyUse>; bodies: BodyReads } {
    const outer = this.recorder;
    const outerBodies = this.bodyRecorder;
    const uses = new Map<string, DependencyUse>();
    const bodies: BodyReads = new Map();
    this.recorder = uses;
    this.bodyRecorder = bodies;
    try {
      const result = fn();
      // Made only when asked for: most callers (every `nodeFact`, some 30,000 in a scan of a large app) read `uses`.
      return {
        result,
        get dependencies() {
          return new Set(uses.keys());
        },
        uses,
        bodies,
      };
    } finally {
      this.recorder = outer;
      this.bodyRecorder = outerBodies;
      if (outer && propagate) for (const [d, use] of uses) this.record(d, use);
      if (outerBodies && propagate) mergeBodies(outerBodies, bodies);
    }
  }
}
