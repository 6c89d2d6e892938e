/**
 * Which request handlers reach each blocking call, across the workspace. sync-in-handler reports
 * a blocking call once, in the file where it is written (where the fix goes), with every handler
 * that reaches it; the handlers are found here, from the files the front end lists.
 *
 * Facts per handler site (a route's handler) are kept while what its search used of the files it
 * read, its own file included, is unchanged (an edit in a model's function body searches from no
 * route again, nor one in a route file's handler from its other handlers, see `stillValid`),
 * and hold positions, not syntax nodes, so the trees can leave the Project's cache. Searches share
 * what each function reaches and each callee resolves to (`sharedSummaries`). The merged index is
 * rebuilt when the Project's generation changes, and says which files' findings changed with it,
 * for the language server to re-publish.
 */
import ts from 'typescript';
import type { Range } from '../engine/finding';
import { knownBodies, type BodyReads, type DependencyUse, type Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { moduleBindings, skipOuterExpressions } from './bindings';
import { blockingCallOf, type BlockingCall } from './blocking-apis';
import { movedUnits, sameForReader, summaryOf, type CrossFileSummary, type SummarisedUse } from './cross-file-summary';
import { busHandler, callbackArguments, callsIn, candidateFunctions, enclosingFunction, functionName, overridesOf, resolveFunction, type CallStep, type FunctionRef } from './call-graph';
import { fileRole } from './file-roles';
import { devOnlyCondition, findHandlers, handlerFunctions, docMayHoldHandlers, type HandlerSite } from './handlers';
import { mayReachBlockingApi } from './import-closure';
import { onErrorPathWithin } from './per-item-context';
import { resolveWorkspaceImport } from './module-resolution';
import { specifiersOf } from './package-imports';
import { runsOncePerProcess } from './run-once';
import { editBetween, offsetOf, positionOf, shiftOffset, type TextEdit } from './text-edit';

/** One call on the way from a handler to the blocking call. */
export interface ChainStep {
  path: string;
  range: Range;
  /** The callee as written, shortened: 'loadTemplate', 'this.views.render'. */
  callee: string;
  /** When the callee is a callback given to another call: that call's callee (`basicAuth`). */
  passedTo?: string;
  /**
   * When the callee is chosen at run time among several functions (`libraries[name].getEntry`,
   * a storage module picked by a setting): the file of the one this chain goes through, and how many there are.
   */
  candidate?: { path: string; of: number };
}

/** How one handler reaches a blocking call. */
export interface HandlerPath {
  /** 'GET /users', 'middleware app.use'. */
  label: string;
  /** Where the handler is registered or written (its function, or the reference to it). */
  path: string;
  range: Range;
  /** The calls from the handler to the blocking call, the blocking call last. */
  steps: ChainStep[];
  /**
   * 'handler': the call is in the handler's own body; 'callback': in a function written inside
   * the handler (a `.map` callback); 'helper': in a function the handler calls.
   */
  where: 'handler' | 'callback' | 'helper';
  /** A call of the chain runs only when something failed (in a `catch`, a `.catch(…)` handler): rare. */
  errorPath?: true;
}

export interface ReachedCall {
  path: string;
  /** The blocking call's offsets in its file's text, and its range. */
  start: number;
  end: number;
  range: Range;
  blocking: BlockingCall;
  /** The function the call is written in, for messages ('loadTemplate'), and its offsets. */
  inFunction: string;
  fnStart: number;
  fnEnd: number;
  /** Every handler that reaches it, shortest chain first. */
  handlers: HandlerPath[];
}

/** A file a handler file's search read, as it was then. */
interface ReadFile {
  version: string | undefined;
  /**
   * For a file open in an editor: what the search used of it, its summary and its text, and
   * when it read the file through the call graph only, the functions whose bodies it read
   * (`bodies`, by position in that text). An edit that leaves what was used unchanged keeps the
   * facts (see `stillValid`). Files on disk change rarely and are compared by version.
   */
  used?: { use: SummarisedUse; summary: CrossFileSummary; text: string; bodies?: ReadonlySet<number> };
}

/**
 * What the search from one handler site (a route's handler, its middleware, a controller method)
 * found, and every file it read, the handler file included: kept across edits of the handler
 * file too, while what the search used of it is unchanged (a route file's other handlers are not
 * searched again when one of them is typed in).
 */
interface SiteFacts {
  label: string;
  /** Where the site's handler (its function, reference or factory call) starts in the handler file's text, moved with its edits. */
  at: number;
  /** Every file the search read, the handler file included. */
  deps: Map<string, ReadFile>;
  /** The files whose places the facts hold (chain steps, the blocking calls), with the furthest offset in each. */
  places: Map<string, number>;
  calls: ReachedCall[];
  /**
   * An edit of another file the search read changed what it used there, while the document
   * analysed could wait (`Project.mayDefer`): the facts' places follow the edits, the search runs
   * again when an analysis may not wait.
   */
  stale?: true;
}

interface HandlerFileFacts {
  version: string | undefined;
  /** The Project's generation when the sites were last found valid: only files changed since need looking at. */
  validAt: number;
  /** Every file some site's search read: most edits change none of them. */
  read: Set<string>;
  sites: SiteFacts[];
  /** Every site's calls. */
  calls: ReachedCall[];
  /** Some site is `stale`. */
  stale?: true;
}

interface Index {
  generation: number;
  /** The front end's file list it was built from: a new scan's list makes it stale too. */
  list: Iterable<string>;
  byFile: Map<string, ReachedCall[]>;
  /** Per file with reached calls: the handler files and chain files its findings come from. */
  sources: Map<string, Set<string>>;
  /** Files whose reached calls differ from the previous index (not yet handed to an analysis). */
  changed: Set<string>;
  signatures: Map<string, string>;
  /** Built from some `stale` facts: an analysis that may not wait builds it again. */
  stale: boolean;
}

interface ProjectState {
  candidates: Map<string, { version: string | undefined; candidate: boolean }>;
  /** Per file, whether its text has `injectedShape`: every router that imports a controller asks of it. */
  injected: Map<string, { version: string | undefined; injected: boolean }>;
  /**
   * The files of the list that may hold handlers, as of the list and the file events it was
   * sifted under. Until either changes only these and the open documents (which an editor can
   * turn into handler files without a file event) are looked at again: an edit must not stat
   * every file of a large workspace.
   */
  sifted?: { list: Iterable<string>; fileEvents: number; files: string[] };
  facts: Map<string, HandlerFileFacts>;
  index?: Index;
  /** Handler sites searched from so far (`handlerSearches`). */
  searches: number;
}

const states = new WeakMap<Project, ProjectState>();
const scriptPath = /\.[cm]?[jt]sx?$/;

/**
 * The blocking calls written in `doc` that a request handler reaches, and the files those
 * findings depend on; `changedElsewhere` lists other files whose findings changed since the
 * previous index (each is handed out once).
 */
export function reachedCallsIn(project: Project, doc: SourceDoc): { calls: ReachedCall[]; sources: Set<string>; changedElsewhere: string[] } {
  const index = currentIndex(project, doc);
  const changedElsewhere = [...index.changed].filter((p) => p !== doc.path);
  index.changed.clear();
  return { calls: index.byFile.get(doc.path) ?? [], sources: index.sources.get(doc.path) ?? new Set(), changedElsewhere };
}

/**
 * The blocking calls in files the front end does not report (`Project.checked`: `hotpath check
 * src/routes`, `--changed-since`) that handlers of `doc` reach, each with only those handlers:
 * reported where the handler is, since the blocking call's own file is not. A handler belongs to
 * the checked file it is registered in (a file that registers routes always runs the rule), else
 * to the one its function is written in.
 */
export function reachedOutsideChecked(project: Project, doc: SourceDoc): ReachedCall[] {
  const checked = project.checked;
  if (!checked?.(doc.path)) return [];
  const home = (h: HandlerPath) => (checked(h.path) ? h.path : h.steps[0] && checked(h.steps[0].path) ? h.steps[0].path : undefined);
  const out: ReachedCall[] = [];
  for (const [p, calls] of currentIndex(project, doc).byFile) {
    if (checked(p)) continue;
    for (const c of calls) {
      const handlers = c.handlers.filter((h) => home(h) === doc.path);
      if (handlers.length > 0) out.push({ ...c, handlers });
    }
  }
  return out;
}

/** How many handler sites were searched from in this project so far: what an edit costs (tests, benchmarks). */
export function handlerSearches(project: Project): number {
  return states.get(project)?.searches ?? 0;
}

function stateOf(project: Project): ProjectState {
  let s = states.get(project);
  if (!s) {
    s = { candidates: new Map(), injected: new Map(), facts: new Map(), searches: 0 };
    states.set(project, s);
  }
  return s;
}

function currentIndex(project: Project, doc: SourceDoc): Index {
  const state = stateOf(project);
  const list = project.listFiles();
  const known = state.index;
  if (known && known.generation === project.generation && known.list === list && (!known.stale || project.mayDefer)) {
    if (known.stale) project.deferred();
    return known;
  }
  const files = candidateFiles(project, state, list, doc);
  const byFile = new Map<string, ReachedCall[]>();
  const sources = new Map<string, Set<string>>();
  const byKey = new Map<string, ReachedCall>();
  const live = new Set<string>();
  let stale = false;
  for (const file of files) {
    if (!isCandidate(project, state, file)) continue;
    live.add(file);
    const facts = handlerFileFacts(project, state, file);
    if (facts.stale) stale = true;
    for (const c of facts.calls) {
      const key = `${c.path}\0${c.start}`;
      let merged = byKey.get(key);
      if (!merged) {
        merged = { ...c, handlers: [] };
        byKey.set(key, merged);
        const list = byFile.get(c.path) ?? [];
        list.push(merged);
        byFile.set(c.path, list);
      }
      merged.handlers.push(...c.handlers);
      const from = sources.get(c.path) ?? new Set<string>();
      for (const h of c.handlers) {
        from.add(h.path);
        for (const s of h.steps) from.add(s.path);
      }
      sources.set(c.path, from);
    }
  }
  for (const f of state.facts.keys()) if (!live.has(f)) state.facts.delete(f);
  for (const list of byFile.values()) {
    list.sort((a, b) => a.start - b.start);
    for (const c of list) c.handlers.sort((a, b) => a.steps.length - b.steps.length || a.path.localeCompare(b.path) || a.range.start.line - b.range.start.line);
  }
  const signatures = new Map<string, string>();
  for (const [p, list] of byFile) signatures.set(p, JSON.stringify(list.map((c) => [c.start, c.end, c.handlers.map((h) => [h.label, h.path, h.range.start.line, h.steps.length, !!h.errorPath])])));
  const changed = new Set<string>();
  const previous = state.index;
  if (previous) {
    for (const p of new Set([...signatures.keys(), ...previous.signatures.keys()])) if (signatures.get(p) !== previous.signatures.get(p)) changed.add(p);
    for (const p of previous.changed) changed.add(p);
  }
  state.index = { generation: project.generation, list, byFile, sources, changed, signatures, stale };
  return state.index;
}

/** The files to look for handlers in: the list sifted once per list and file events, plus open documents. */
function candidateFiles(project: Project, state: ProjectState, list: Iterable<string>, doc: SourceDoc): string[] {
  if (!state.sifted || state.sifted.list !== list || state.sifted.fileEvents !== project.fileEventCount) {
    const listed = [...list];
    // A front end that lists no files (a unit test of one document): the document's own handlers.
    const all = listed.length > 0 ? listed : [doc.path];
    state.sifted = { list, fileEvents: project.fileEventCount, files: all.filter((f) => scriptPath.test(f) && isCandidate(project, state, f)) };
  }
  const out = new Set(state.sifted.files);
  for (const p of project.openPaths()) if (scriptPath.test(p)) out.add(p);
  return [...out];
}

/** Whether a file may register request handlers that reach a blocking API (from its text and imports). */
function isCandidate(project: Project, state: ProjectState, file: string): boolean {
  const version = project.versionOf(file);
  const known = state.candidates.get(file);
  if (known && known.version === version) return known.candidate;
  // Read through the Project (not parsed): the front end reads every file for its own analysis too.
  // Not recorded as read by the analysis running: only the first one to ask would have been (the
  // answer is kept per version), while the index it serves is rebuilt for every change anyway.
  const candidate = project.untracked(() => {
    const doc = project.getDoc(file);
    return (
      !!doc &&
      doc.isScript &&
      (docMayHoldHandlers(doc) || /\/pages\/api\//.test(doc.path)) &&
      fileRole(project, doc.path, doc.text) === undefined &&
      (mayReachBlockingApi(project, doc) || receivesInjectedValues(project, state, doc) || busDispatch.test(doc.text))
    );
  });
  state.candidates.set(file, { version, candidate });
  return candidate;
}

/**
 * `this.commandBus.execute(new XCommand(…))`: what runs is a handler class the file does not
 * import (see `busHandler`), so its imports cannot tell whether it reaches a blocking API.
 */
const busDispatch = /[bB]us\s*\.\s*execute\s*\(/;

/**
 * Text that says a file's handlers may use values its callers hand it, which its imports cannot
 * tell: a module variable declared without a value at the top (`var runtimeAPI;`, set by an
 * `init`), or a module that is a function of what it is given (`module.exports = function (app, storage)`).
 */
const injectedShape = /^(?:var|let)\s+[\w$]+(?:\s*,\s*[\w$]+)*\s*;|^module\.exports\s*=\s*(?:async\s+)?(?:function\b[^(]*\(\s*[\w$]|\(\s*[\w$]+\s*,)|^export\s+default\s+(?:async\s+)?function\b[^(]*\(\s*[\w$]+\s*,/m;

/** In the file, or in a module it imports (a router's handlers are often the controller module's). */
function receivesInjectedValues(project: Project, state: ProjectState, doc: SourceDoc): boolean {
  if (hasInjectedShape(project, state, doc.path, doc)) return true;
  return specifiersOf(doc).some((s) => {
    const target = s.startsWith('.') ? resolveWorkspaceImport(project, doc.path, s) : undefined;
    return !!target && hasInjectedShape(project, state, target);
  });
}

/** Whether a script's text has `injectedShape`, tested once per version of the file. */
function hasInjectedShape(project: Project, state: ProjectState, file: string, read?: SourceDoc): boolean {
  const version = project.versionOf(file);
  const known = state.injected.get(file);
  if (known && known.version === version) return known.injected;
  const doc = read ?? project.getDoc(file);
  const injected = !!doc && doc.isScript && injectedShape.test(doc.text);
  state.injected.set(file, { version, injected });
  return injected;
}

function handlerFileFacts(project: Project, state: ProjectState, file: string): HandlerFileFacts {
  const known = state.facts.get(file);
  const touched = known ? changedReads(project, known) : [];
  if (known && known.version === project.versionOf(file)) {
    if (touched.length === 0 && (!known.stale || project.mayDefer)) {
      if (known.stale) project.deferred();
      return known;
    }
    if (known.sites.every((s) => stillValid(project, s, file, touched))) return withSites(project, known, known.sites);
  }
  const previous = known && { sites: known.sites, touched };
  // Not recorded as read by the analysis running: the index it serves is rebuilt for every change anyway.
  const sites = project.untracked(() => searchSites(project, state, file, previous));
  const facts = withSites(project, { version: project.versionOf(file), validAt: 0, read: new Set(), sites, calls: [] }, sites);
  state.facts.set(file, facts);
  return facts;
}

/** The files the sites of `facts` read that changed since they were last found valid (each keystroke: one file, if any). */
function changedReads(project: Project, facts: HandlerFileFacts): string[] {
  const since = project.changedSince(facts.validAt);
  return since ? [...new Set(since)].filter((p) => facts.read.has(p)) : [...facts.read];
}

/** `facts` holding `sites` (their places moved by edits), saying when one of them answers from before an edit. */
function withSites(project: Project, facts: HandlerFileFacts, sites: SiteFacts[]): HandlerFileFacts {
  facts.validAt = project.generation;
  facts.calls = sites.flatMap((s) => s.calls);
  facts.read.clear();
  for (const s of sites) for (const p of s.deps.keys()) facts.read.add(p);
  if (sites.some((s) => s.stale)) {
    facts.stale = true;
    project.deferred();
  } else delete facts.stale;
  return facts;
}

function readFile(project: Project, p: string, use: DependencyUse, bodies: Set<number> | 'all' | undefined): ReadFile {
  const version = project.versionOf(p);
  if (use === 'whole' || !project.isOpen(p)) return { version };
  const doc = project.untracked(() => project.getDoc(p));
  if (!doc?.isScript) return { version };
  const summarised: SummarisedUse = use === 'types' || use === 'readTypes' ? 'types' : use === 'imports' ? 'imports' : 'calls';
  // Read through the call graph (and the checker) only: the bodies it read are known (engine/project `BodyReads`).
  const known = knownBodies(use, bodies);
  return { version, used: { use: summarised, summary: summaryOf(project, doc), text: doc.text, ...(known ? { bodies: known } : {}) } };
}

/**
 * Whether a site's facts hold for the files as they are now. Typing in a model that a hundred
 * routes' searches read must not search them all again: a file read changed only in what the
 * search did not use (its summary, engine/cross-file-summary, is the same) keeps them, when the
 * edit is after every place the facts hold in it, or moves them without touching one. The same
 * holds for the handler file itself, whose other handlers' edits a site's search did not read.
 * While the analysis running may wait for the search (`Project.mayDefer`: the document being
 * typed in), facts whose search used what an edit of another open file changed are kept too,
 * as `stale`, if their places can follow the edit; a change of what a site used of its own
 * handler file searches from it again at once. `changed`: the files changed since the site was
 * last found valid (others cannot have changed).
 */
function stillValid(project: Project, site: SiteFacts, file: string, changed: readonly string[]): boolean {
  if (site.stale && !project.mayDefer) return false;
  for (const p of changed) {
    const then = site.deps.get(p);
    if (!then) continue;
    const version = project.versionOf(p);
    if (version === then.version) continue;
    const used = then.used;
    if (!used) return false;
    const doc = project.untracked(() => project.getDoc(p));
    if (!doc?.isScript) return false;
    const now = summaryOf(project, doc);
    // Not when only bodies the search did not read changed: a call added to a model's method that no route's search entered.
    if (!sameForReader(used.use, used.summary, now, used.bodies)) {
      if (!project.mayDefer || p === file) return false;
      site.stale = true;
    }
    // The facts hold offsets: an edit before one of them moves them with it (a line added above a
    // model's blocking call); one that touches a place the facts hold searches again.
    const furthest = site.places.get(p);
    const edit = furthest !== undefined || p === file ? lastEdit(used.text, doc.text) : undefined;
    if (edit && furthest !== undefined && edit.from < furthest && !shiftPlaces(site, p, used.text, edit)) return false;
    if (edit && p === file) {
      const at = shiftOffset(edit, site.at);
      if (at === undefined) return false;
      site.at = at;
    }
    // The bodies read, at their places in the new text (unknown, so all, when the units do not pair up).
    const moved = used.bodies && movedUnits(used.summary, now, used.bodies);
    site.deps.set(p, { version, used: { use: used.use, summary: now, text: doc.text, ...(moved ? { bodies: moved } : {}) } });
  }
  return true;
}

/** The edit between the last two texts compared: every handler file that read an edited model asks the same. */
let lastCompared: { a: string; b: string; edit: TextEdit } | undefined;
function lastEdit(a: string, b: string): TextEdit {
  if (lastCompared?.a !== a || lastCompared.b !== b) lastCompared = { a, b, edit: editBetween(a, b) };
  return lastCompared.edit;
}

/**
 * Move every place the facts hold in `p` through `edit` of its text `before` (offsets and
 * ranges of the blocking calls, handlers and chain steps written there). False, and the facts
 * left as they were, when the edit touched one of them: the search runs again.
 */
function shiftPlaces(facts: SiteFacts, p: string, before: string, edit: TextEdit): boolean {
  const offset = (o: number) => shiftOffset(edit, o);
  const range = (r: Range): Range | undefined => {
    const start = offset(offsetOf(before, r.start));
    const end = offset(offsetOf(before, r.end));
    return start === undefined || end === undefined ? undefined : { start: positionOf(edit.after, start), end: positionOf(edit.after, end) };
  };
  const inP = <T extends { path: string; range: Range }>(x: T): T | undefined => {
    if (x.path !== p) return x;
    const r = range(x.range);
    return r && { ...x, range: r };
  };
  const calls: ReachedCall[] = [];
  for (const c of facts.calls) {
    let call = c;
    if (c.path === p) {
      const [start, end, fnStart, fnEnd] = [c.start, c.end, c.fnStart, c.fnEnd].map(offset);
      const r = range(c.range);
      if (start === undefined || end === undefined || fnStart === undefined || fnEnd === undefined || !r) return false;
      call = { ...c, start, end, fnStart, fnEnd, range: r };
    }
    const handlers: HandlerPath[] = [];
    for (const h of c.handlers) {
      const moved = inP(h);
      const steps = h.steps.map(inP);
      if (!moved || steps.some((s) => !s)) return false;
      handlers.push({ ...moved, steps: steps as ChainStep[] });
    }
    calls.push({ ...call, handlers });
  }
  facts.calls = calls;
  const furthest = facts.places.get(p)!;
  facts.places.set(p, furthest + edit.delta);
  return true;
}

/** Per file, the furthest offset that a reached call, handler or chain step of `calls` holds in it. */
function placesOf(project: Project, calls: readonly ReachedCall[]): Map<string, number> {
  const out = new Map<string, number>();
  const note = (p: string, offset: number) => out.set(p, Math.max(out.get(p) ?? 0, offset));
  // The documents the search just read, for the offsets of ranges.
  const docs = new Map<string, SourceDoc | undefined>();
  const noteRange = (p: string, r: Range) => {
    if (!docs.has(p)) docs.set(p, project.untracked(() => project.getDoc(p)));
    // A file gone meanwhile: anywhere in it counts as moved.
    note(p, docs.get(p)?.offsetAt(r.end) ?? Infinity);
  };
  for (const c of calls) {
    note(c.path, Math.max(c.end, c.fnEnd));
    for (const h of c.handlers) {
      noteRange(h.path, h.range);
      for (const step of h.steps) noteRange(step.path, step.range);
    }
  }
  return out;
}

/** A blocking call a function reaches, with the calls on the way (the blocking call last). */
interface Found {
  steps: SearchStep[];
  match: BlockingCall;
}

/** A call on the way; `candidates` when its callee is one of several the receiver may be (see `candidateFunctions`). */
interface SearchStep extends CallStep {
  candidates?: number;
}

/**
 * How far a search goes from a handler: as deep as the calls go. A blocking call ten calls down
 * still blocks (node-red's library listing is six calls from its route), and each function is
 * summarised once, so the depth costs little: on node-red and outline no cut and a cut at five
 * measured the same CPU. Recursion is cut where it closes (`inProgress`).
 */
const maxDepth = Infinity;

/** An answer of a search, with the files it read (and how), their versions then, and the documents whose trees it holds. */
interface Remembered<T> {
  value: T;
  uses: Map<string, DependencyUse>;
  bodies: BodyReads;
  versions: Map<string, string | undefined>;
  docs: SourceDoc[];
}

/**
 * Answers that every handler file's search may share, by the document and node asked about: a
 * model's methods are reached from a hundred routes, and an edit of one file must not walk or
 * resolve again what all the others reach. Each holds while no file it read changed and the
 * Project still holds the trees it names; it goes with its document (when the Project lets go of
 * that, so can its answers). Summaries by depth, resolutions by callee expression.
 */
const sharedSummaries = new WeakMap<SourceDoc, Map<ts.Node, Map<number, Remembered<Found[]>>>>();
const sharedResolutions = new WeakMap<SourceDoc, Map<ts.Node, Remembered<FunctionRef | undefined>>>();

function inDoc<K, V>(shared: WeakMap<SourceDoc, Map<K, V>>, doc: SourceDoc): Map<K, V> {
  let m = shared.get(doc);
  if (!m) shared.set(doc, (m = new Map()));
  return m;
}

/**
 * What a search of one handler file found, each function summarised once: the handlers of a
 * file call much the same helpers, and a search per handler re-walked them all. Summaries not cut
 * short by recursion, and resolutions, are shared with other handler files' searches (see
 * `sharedSummaries`); whatever a search takes from an answer it did not compute itself, it
 * records as read (the files behind it), so each handler file's facts know all their files.
 */
class FileSearch {
  private readonly summaries = new Map<ts.Node, Map<number, Remembered<Found[]>>>();
  private readonly inProgress = new Set<ts.Node>();
  /** Per function being summarised, the functions in progress its search stopped at (recursion). */
  private readonly cuts: Set<ts.Node>[] = [];

  constructor(private readonly project: Project) {}

  /** Every blocking call `fn` reaches within `depth` more calls, the shortest way to each. */
  reach(fn: FunctionRef, depth = maxDepth): Found[] {
    const known = this.summaries.get(fn.fn)?.get(depth) ?? this.holding(sharedSummaries.get(fn.doc)?.get(fn.fn)?.get(depth));
    if (known) return this.recall(known);
    // Recursion: the outer summary of this function already covers what it reaches.
    if (this.inProgress.has(fn.fn)) {
      this.cuts[this.cuts.length - 1]?.add(fn.fn);
      return [];
    }
    this.inProgress.add(fn.fn);
    this.cuts.push(new Set());
    const summary = this.remember(
      () => {
        // The function's own file, whether or not a resolution read it in this summary's scope:
        // its outline, and the body walked (`callsIn` records it).
        this.project.dependOn([fn.doc.path], 'outline');
        return this.walk(fn, depth);
      },
      (found) => [fn.doc, ...found.flatMap((f) => f.steps.map((step) => step.doc))],
    );
    this.inProgress.delete(fn.fn);
    const cut = this.cuts.pop()!;
    cut.delete(fn.fn);
    for (const c of cut) this.cuts[this.cuts.length - 1]?.add(c);
    let perDepth = this.summaries.get(fn.fn);
    if (!perDepth) this.summaries.set(fn.fn, (perDepth = new Map()));
    perDepth.set(depth, summary);
    // Cut short by a function still in progress: it depends on where the search came from.
    if (cut.size === 0) {
      const shared = inDoc(sharedSummaries, fn.doc);
      let byDepth = shared.get(fn.fn);
      if (!byDepth) shared.set(fn.fn, (byDepth = new Map()));
      byDepth.set(depth, summary);
    }
    return summary.value;
  }

  private resolve(doc: SourceDoc, expr: ts.Expression): FunctionRef | undefined {
    const shared = inDoc(sharedResolutions, doc);
    let known = this.holding(shared.get(expr));
    if (known) return this.recall(known);
    known = this.remember(() => resolveFunction(this.project, doc, expr), (ref) => (ref ? [ref.doc] : []));
    shared.set(expr, known);
    return known.value;
  }

  /** Compute an answer, recording what it read. */
  private remember<T>(compute: () => T, docsOf: (value: T) => SourceDoc[]): Remembered<T> {
    const { result, uses, bodies } = this.project.recordDependencies(compute);
    return { value: result, uses, bodies, versions: new Map([...uses.keys()].map((p) => [p, this.project.versionOf(p)])), docs: [...new Set(docsOf(result))] };
  }

  /** `r`, if no file it read changed and the Project holds the trees it names. */
  private holding<T>(r: Remembered<T> | undefined): Remembered<T> | undefined {
    if (!r) return undefined;
    for (const [p, v] of r.versions) if (this.project.versionOf(p) !== v) return undefined;
    return r.docs.every((d) => this.project.isCurrent(d)) ? r : undefined;
  }

  /** An answer taken as it is: the files behind it count as read by the running search. */
  private recall<T>(r: Remembered<T>): T {
    for (const [p, use] of r.uses) this.project.dependOn([p], use);
    this.project.dependOn([], 'read', r.bodies);
    return r.value;
  }

  private walk(fn: FunctionRef, depth: number): Found[] {
    const byCall = new Map<ts.Node, Found>();
    const add = (f: Found) => {
      const last = f.steps[f.steps.length - 1]!.call;
      const seen = byCall.get(last);
      if (!seen || seen.steps.length > f.steps.length) byCall.set(last, f);
    };
    for (const call of callsIn(this.project, fn.doc, fn.fn)) {
      // A function declared inside this one runs when it is called (that call is followed), not here.
      if (inNestedDeclaration(call, fn.fn)) continue;
      const match = blockingCallOf(moduleBindings(this.project, fn.doc), call);
      if (match) {
        if (this.considered(call, fn)) add({ steps: [{ doc: fn.doc, call }], match });
        continue;
      }
      if (depth === 0) continue;
      // `commandBus.execute(new XCommand(…))` runs the @CommandHandler(XCommand) class's execute.
      const resolved = this.resolve(fn.doc, call.expression) ?? busHandler(this.project, fn.doc, call);
      // Several functions may run: values chosen at run time, or the subclasses' implementations of an
      // abstract method (resolved to its body-less declaration, or called on a value of the base).
      const overrides = resolved ? overridesOf(this.project, fn.doc, call.expression, resolved) : [];
      const callee = overrides.length > 0 ? undefined : resolved;
      const candidates = callee ? [] : overrides.length > 0 ? overrides : orElse(candidateFunctions(this.project, fn.doc, call.expression), () => overridesOf(this.project, fn.doc, call.expression));
      const entered: [FunctionRef, ts.Expression | undefined][] = callee ? (callee.fn !== fn.fn ? [[callee, undefined]] : []) : candidates.map((f) => [f, undefined]);
      for (const arg of callbackArguments(call)) {
        const cb = this.resolve(fn.doc, arg);
        if (cb && cb.fn !== fn.fn) entered.push([cb, arg]);
      }
      if (entered.length === 0 || !this.considered(call, fn)) continue;
      for (const [ref, passed] of entered) {
        const of = !passed && candidates.length > 1 ? { candidates: candidates.length } : {};
        for (const f of this.reach(ref, depth - 1)) add({ steps: [{ doc: fn.doc, call, callee: ref, ...(passed ? { passed } : {}), ...of }, ...f.steps], match: f.match });
      }
    }
    return [...byCall.values()];
  }

  /**
   * Calls that run once per process (a cache filled on first use) and calls only development
   * runs are neither reported nor followed.
   */
  private considered(call: ts.CallExpression, within: FunctionRef): boolean {
    return !runsOncePerProcess(call, within.fn) && devOnlyCondition(call) === undefined;
  }
}

function orElse<T>(xs: T[], otherwise: () => T[]): T[] {
  return xs.length > 0 ? xs : otherwise();
}

/** Whether `call` sits in a function declaration (or a class) written inside `fn`, rather than in `fn` or a callback of it. */
function inNestedDeclaration(call: ts.Node, fn: ts.Node): boolean {
  for (let n = call.parent; n && n !== fn; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isClassLike(n)) return true;
  }
  return false;
}

/**
 * The facts of every handler site of `file`: those of `previous` (the sites of the file's last
 * search, and the files they read that changed since) that still hold, at the place they moved
 * to, and a search from each other one.
 */
function searchSites(project: Project, state: ProjectState, file: string, previous: { sites: readonly SiteFacts[]; touched: readonly string[] } | undefined): SiteFacts[] {
  const doc = project.getDoc(file);
  if (!doc) return [];
  const kept = new Map<string, SiteFacts[]>();
  for (const s of previous?.sites ?? []) {
    if (!stillValid(project, s, file, previous!.touched)) continue;
    const key = `${s.label}\0${s.at}`;
    kept.set(key, [...(kept.get(key) ?? []), s]);
  }
  const out: SiteFacts[] = [];
  const search = new FileSearch(project);
  for (const h of findHandlers(project, doc)) {
    // A route that exists only in development or tests is not on a production request path.
    if (h.devOnly) continue;
    const node = h.fn ?? h.ref ?? h.factory;
    if (!node) continue;
    const at = node.getStart(doc.sourceFile);
    const same = kept.get(`${h.label}\0${at}`)?.shift();
    if (same) {
      out.push(same);
      continue;
    }
    state.searches++;
    const { result: calls, uses, bodies } = project.recordDependencies(() => {
      // The handler file's outline (where the site is, its imports), and the bodies the search walked.
      project.dependOn([file], 'outline');
      return searchSite(project, search, doc, h);
    });
    const deps = new Map<string, ReadFile>();
    for (const [d, use] of uses) deps.set(d, readFile(project, d, use, bodies.get(d)));
    out.push({ label: h.label, at, deps, places: placesOf(project, calls), calls });
  }
  return out;
}

/** Every blocking call the handlers of one site reach, one entry per (call, handler). */
function searchSite(project: Project, search: FileSearch, doc: SourceDoc, h: HandlerSite): ReachedCall[] {
  const out: ReachedCall[] = [];
  for (const start of handlerFunctions(project, doc, h)) {
    for (const reach of search.reach(start)) {
      const last = reach.steps[reach.steps.length - 1]!;
      const fn = enclosingFunction(last.call);
      const where = reach.steps.length > 1 ? 'helper' : fn === start.fn ? 'handler' : 'callback';
      const registered = h.fn ?? h.ref ?? h.factory ?? start.fn;
      const registeredDoc = h.fn || h.ref || h.factory ? doc : start.doc;
      out.push({
        path: last.doc.path,
        start: last.call.getStart(last.doc.sourceFile),
        end: last.call.getEnd(),
        range: last.doc.nodeRange(last.call),
        blocking: reach.match,
        inFunction: fn ? namedFunction(fn) : '(top level)',
        fnStart: fn ? fn.getStart(last.doc.sourceFile) : 0,
        fnEnd: fn ? fn.getEnd() : last.doc.text.length,
        handlers: [
          {
            label: h.label,
            path: registeredDoc.path,
            range: firstLine(registeredDoc, registered),
            steps: reach.steps.map((s) => ({
              path: s.doc.path,
              range: s.doc.nodeRange(s.passed ?? s.call),
              callee: shorten((s.passed ?? s.call.expression).getText(s.doc.sourceFile)),
              ...(s.passed ? { passedTo: shorten(s.call.expression.getText(s.doc.sourceFile)) } : {}),
              ...(s.candidates && s.callee ? { candidate: { path: s.callee.doc.path, of: s.candidates } } : {}),
            })),
            where,
            ...(onErrorPathOfChain(start, reach.steps) ? { errorPath: true as const } : {}),
          },
        ],
      });
    }
  }
  return out;
}

/** Whether a call of the chain runs only when something failed, in the function that makes it (a `catch`, a `.catch(…)` handler). */
function onErrorPathOfChain(start: FunctionRef, steps: readonly SearchStep[]): boolean {
  let scope: ts.Node = start.fn;
  for (const s of steps) {
    if (onErrorPathWithin(scope, s.passed ?? s.call)) return true;
    // `promise.catch(handleFailure)`: the function handed over runs only on failure.
    const callee = s.passed && skipOuterExpressions(s.call.expression);
    if (callee && ts.isPropertyAccessExpression(callee) && callee.name.text === 'catch') return true;
    if (s.callee) scope = s.callee.fn;
  }
  return false;
}

/** The name of `fn`, or of the nearest named function around it: `relationalQuery` for a `chunks.map((c) => gunzipSync(…))` callback in it. */
function namedFunction(fn: ts.FunctionLikeDeclaration): string {
  for (let f: ts.FunctionLikeDeclaration | undefined = fn; f; f = enclosingFunction(f)) {
    const name = functionName(f);
    if (name !== '(anonymous)') return name;
  }
  return '(anonymous)';
}

/** A node's range cut at the end of its first line: a related location names a place, not a whole function. */
function firstLine(doc: SourceDoc, node: ts.Node): Range {
  const start = node.getStart(doc.sourceFile);
  const eol = doc.text.indexOf('\n', start);
  return doc.rangeOf(start, eol === -1 || eol > node.getEnd() ? node.getEnd() : eol);
}

export function shorten(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}
