/**
 * Which request handlers reach each blocking call, across the workspace. sync-in-handler reports
 * a blocking call once, in the file where it is written (where the fix goes), with every handler
 * that reaches it; the handlers are found here, from the files the front end lists.
 *
 * Facts per handler file are kept while neither it nor any file its search read changes (an edit
 * re-searches from the edited file's handlers only), and hold positions, not syntax nodes, so the
 * trees can leave the Project's cache. The merged index is rebuilt when the Project's generation
 * changes, and says which files' findings changed with it, for the language server to re-publish.
 */
import ts from 'typescript';
import type { Range } from '../engine/finding';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { moduleBindings } from './bindings';
import { blockingCallOf, type BlockingCall } from './blocking-apis';
import { enclosingFunction, findAllReachable, functionName, type FunctionRef } from './call-graph';
import { nonServerReason, packageRoot } from './file-roles';
import { devOnlyCondition, findHandlers, handlerFunctions, mayHoldHandlers } from './handlers';
import { mayReachBlockingApi } from './import-closure';
import { runsOncePerProcess } from './run-once';

/** One call on the way from a handler to the blocking call. */
export interface ChainStep {
  path: string;
  range: Range;
  /** The callee as written, shortened: 'loadTemplate', 'this.views.render'. */
  callee: string;
  /** When the callee is a callback given to another call: that call's callee (`basicAuth`). */
  passedTo?: string;
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

interface HandlerFileFacts {
  version: string | undefined;
  /** Every file the search read, with its version then. */
  deps: Map<string, string | undefined>;
  calls: ReachedCall[];
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
}

interface ProjectState {
  candidates: Map<string, { version: string | undefined; candidate: boolean }>;
  facts: Map<string, HandlerFileFacts>;
  index?: Index;
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

function stateOf(project: Project): ProjectState {
  let s = states.get(project);
  if (!s) {
    s = { candidates: new Map(), facts: new Map() };
    states.set(project, s);
  }
  return s;
}

function currentIndex(project: Project, doc: SourceDoc): Index {
  const state = stateOf(project);
  const list = project.listFiles();
  if (state.index && state.index.generation === project.generation && state.index.list === list) return state.index;
  const listed = [...list];
  // A front end that lists no files (a unit test of one document): the document's own handlers.
  const files = listed.length > 0 ? listed : [doc.path];
  const byFile = new Map<string, ReachedCall[]>();
  const sources = new Map<string, Set<string>>();
  const byKey = new Map<string, ReachedCall>();
  const live = new Set<string>();
  for (const file of files) {
    if (!scriptPath.test(file) || !isCandidate(project, state, file)) continue;
    live.add(file);
    const facts = handlerFileFacts(project, state, file);
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
  for (const [p, list] of byFile) signatures.set(p, JSON.stringify(list.map((c) => [c.start, c.end, c.handlers.map((h) => [h.label, h.path, h.range.start.line, h.steps.length])])));
  const changed = new Set<string>();
  const previous = state.index;
  if (previous) {
    for (const p of new Set([...signatures.keys(), ...previous.signatures.keys()])) if (signatures.get(p) !== previous.signatures.get(p)) changed.add(p);
    for (const p of previous.changed) changed.add(p);
  }
  state.index = { generation: project.generation, list, byFile, sources, changed, signatures };
  return state.index;
}

/** Whether a file may register request handlers that reach a blocking API (from its text and imports). */
function isCandidate(project: Project, state: ProjectState, file: string): boolean {
  const version = project.versionOf(file);
  const known = state.candidates.get(file);
  if (known && known.version === version) return known.candidate;
  const doc = project.getDoc(file);
  const candidate =
    !!doc &&
    doc.isScript &&
    (mayHoldHandlers(doc.text) || /\/pages\/api\//.test(doc.path)) &&
    nonServerReason(doc.path, doc.text, packageRoot(project, doc.path)) === undefined &&
    mayReachBlockingApi(project, doc);
  state.candidates.set(file, { version, candidate });
  return candidate;
}

function handlerFileFacts(project: Project, state: ProjectState, file: string): HandlerFileFacts {
  const known = state.facts.get(file);
  if (known && known.version === project.versionOf(file) && [...known.deps].every(([p, v]) => project.versionOf(p) === v)) return known;
  const { result, dependencies } = project.recordDependencies(() => searchHandlers(project, file), false);
  const deps = new Map<string, string | undefined>();
  for (const d of dependencies) deps.set(d, project.versionOf(d));
  const facts: HandlerFileFacts = { version: project.versionOf(file), deps, calls: result };
  state.facts.set(file, facts);
  return facts;
}

function isBlocking(project: Project) {
  return (doc: SourceDoc, call: ts.CallExpression): BlockingCall | undefined => blockingCallOf(moduleBindings(project, doc), call);
}

/** Every blocking call each handler of `file` reaches, one entry per (call, handler). */
function searchHandlers(project: Project, file: string): ReachedCall[] {
  const doc = project.getDoc(file);
  if (!doc) return [];
  const out: ReachedCall[] = [];
  const match = isBlocking(project);
  // Calls that run once per process (a cache filled on first use) are neither reported nor followed.
  // So are calls only development runs (`if (env.isDevelopment) return readFileSync(…)`).
  const considers = (_doc: SourceDoc, call: ts.CallExpression, within: FunctionRef) => !runsOncePerProcess(call, within.fn) && devOnlyCondition(call) === undefined;
  for (const h of findHandlers(project, doc)) {
    // A route that exists only in development or tests is not on a production request path.
    if (h.devOnly) continue;
    for (const start of handlerFunctions(project, doc, h)) {
      const seenCalls = new Set<ts.Node>();
      for (const reach of findAllReachable(project, start, match, { considers, followsCallbacks: true })) {
        const last = reach.steps[reach.steps.length - 1]!;
        if (seenCalls.has(last.call)) continue;
        seenCalls.add(last.call);
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
          inFunction: fn ? functionName(fn) : '(top level)',
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
              })),
              where,
            },
          ],
        });
      }
    }
  }
  return out;
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
