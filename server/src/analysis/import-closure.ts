/**
 * Whether analysing a file can meet a call the rule looks for at all, decided from text, without
 * parsing: a yes/no question about the file's workspace-import closure (itself included).
 *
 * The rules recognise data-access and blocking calls by the package or built-in module their
 * receiver was imported from (analysis/value-origin, bindings), or as the global `fetch`; their
 * traces and call chains cross files only through workspace imports (`resolveWorkspaceImport`).
 * So unless some file of the closure imports such a module, the rule has nothing to find there.
 * In a library or a front end most files are like that, and the rules stopped parsing them: on
 * the benchmark corpus this was most of n-plus-one's time.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { normalizeModule } from './bindings';
import { entryFor, type DataAccessEntry } from './data-access';
import { isBlockingModule } from './blocking-apis';
import { specifiersOf } from './package-imports';
import { resolveWorkspaceImport } from './module-resolution';

/** What a file's text says, read once per version of the file. */
export interface ImportTextFacts {
  /** Module specifiers after `from`, `import`, `import(` and `require(` (node: prefixes kept). */
  specifiers: string[];
  /** A call of the global fetch as data-access.ts recognises it: `fetch(`, `fetch<T>(`, `fetch?.(`. */
  callsFetch: boolean;
}

export interface ClosureQuestion {
  /** Whether this one file's text gives the answer yes. */
  matches(facts: ImportTextFacts): boolean;
}

interface Answer {
  reaches: boolean;
  /** The files read to decide, with their versions; an answer of another generation is checked against them. */
  files: Map<string, string | undefined>;
  generation: number;
  /** A created or deleted file can change what an import resolves to: then the walk is redone. */
  fileEvents: number;
}

const answers = new WeakMap<Project, WeakMap<ClosureQuestion, Map<string, Answer>>>();

export function closureReaches(project: Project, doc: SourceDoc, question: ClosureQuestion): boolean {
  let byQuestion = answers.get(project);
  if (!byQuestion) answers.set(project, (byQuestion = new WeakMap()));
  let cache = byQuestion.get(question);
  if (!cache) byQuestion.set(question, (cache = new Map()));

  const cached = cache.get(doc.path);
  if (cached && stillValid(project, cached)) {
    project.dependOn(cached.files.keys(), 'imports');
    return cached.reaches;
  }
  const { answer, matchedVia } = explore(project, doc, question, cache);
  project.dependOn(answer.files.keys(), 'imports');
  // Every file on the way from this one to the match reaches it too; no file of a closure
  // without a match has a match in its own closure (it is inside this one). Either way one walk
  // answers for several files.
  for (const p of answer.reaches ? matchedVia : answer.files.keys()) cache.set(p, answer);
  return answer.reaches;
}

function stillValid(project: Project, a: Answer): boolean {
  if (a.generation === project.generation) return true;
  if (a.fileEvents !== project.fileEventCount) return false;
  for (const [p, version] of a.files) if (project.versionOf(p) !== version) return false;
  a.generation = project.generation;
  return true;
}

/**
 * Breadth first over workspace imports, stopping at the first file that matches. A file met on
 * the way that an earlier walk already answered for is not walked again: a yes is this file's
 * yes (by way of it), a no covers its whole closure. In an app where most files reach a model,
 * walks from 2,500 files re-read the same few hundred files' imports without this.
 */
function explore(project: Project, start: SourceDoc, question: ClosureQuestion, known: Map<string, Answer>): { answer: Answer; matchedVia: string[] } {
  const answer: Answer = { reaches: false, files: new Map([[start.path, start.version]]), generation: project.generation, fileEvents: project.fileEventCount };
  const queue: SourceDoc[] = [start];
  /** Who imported each file first: the way back from a match. */
  const importer = new Map<string, string>();
  const reached = (doc: SourceDoc) => {
    answer.reaches = true;
    const via = [doc.path];
    for (let p = importer.get(doc.path); p !== undefined; p = importer.get(p)) via.push(p);
    return { answer, matchedVia: via };
  };
  for (let i = 0; i < queue.length; i++) {
    const doc = queue[i]!;
    const facts = project.memo(doc, 'import-closure:text', importTextFacts);
    // A specifier written with escapes cannot be resolved from text: assume the worst.
    if (question.matches(facts) || facts.specifiers.some((s) => s.includes('\\'))) return reached(doc);
    const { targets, missed } = importTargets(project, doc, facts);
    for (const m of missed) if (!answer.files.has(m)) answer.files.set(m, undefined);
    for (const target of targets) {
      if (answer.files.has(target)) continue;
      const earlier = known.get(target);
      if (earlier && stillValid(project, earlier)) {
        // Its answer rests on the files its walk read: so does this one.
        for (const [p, version] of earlier.files) if (!answer.files.has(p)) answer.files.set(p, version);
        if (earlier.reaches) return reached(doc);
        continue;
      }
      const next = project.getDoc(target, 'imports');
      answer.files.set(target, next?.version);
      importer.set(target, doc.path);
      if (next?.isScript) queue.push(next);
    }
  }
  return { answer, matchedVia: [] };
}

/**
 * The workspace files a file's import specifiers resolve to, until a file is created or deleted,
 * and the paths tried in vain for those that resolve to nothing (`missed`): a walk's answer rests
 * on those not being there.
 */
function importTargets(project: Project, doc: SourceDoc, facts: ImportTextFacts): { targets: string[]; missed: string[] } {
  return project.workspaceFact(`import-closure:targets\0${doc.path}\0${doc.version}`, () => {
    const { result: targets, uses } = project.recordDependencies(() => resolvedTargets(project, doc, facts));
    const missed = [...uses].filter(([p, use]) => use === 'imports' && project.versionOf(p) === undefined).map(([p]) => p);
    return { targets, missed };
  });
}

function resolvedTargets(project: Project, doc: SourceDoc, facts: ImportTextFacts): string[] {
  const out: string[] = [];
  for (const s of facts.specifiers) {
    const target = resolveWorkspaceImport(project, doc.path, s);
    if (target !== undefined && !out.includes(target)) out.push(target);
    // `require('./' + config.provider)` reads as the folder prefix './': any module of that folder may load.
    if (/^\.\.?\/(.*\/)?$/.test(s)) {
      const dir = path.posix.join(path.posix.dirname(doc.path), s);
      for (const f of project.listDir(dir) ?? []) {
        const file = `${dir}/${f}`;
        if (/\.[cm]?[jt]sx?$/.test(f) && file !== doc.path && !out.includes(file)) out.push(file);
      }
    }
  }
  return out;
}

const fetchCall = /\bfetch\s*(?:\?\.\s*)?[(<]/;

/** The facts the closure walk reads of one file (also what analysis/cross-file-summary compares). */
export function importTextFacts(doc: SourceDoc): ImportTextFacts {
  return { specifiers: specifiersOf(doc), callsFetch: fetchCall.test(doc.text) };
}

const dataAccessQuestions = new WeakMap<readonly DataAccessEntry[], ClosureQuestion>();

/** n-plus-one: can the file reach a module of the data-access catalogue, or the global fetch? */
export function mayReachDataAccess(project: Project, doc: SourceDoc, catalogue: readonly DataAccessEntry[]): boolean {
  let question = dataAccessQuestions.get(catalogue);
  if (!question) {
    question = { matches: (f) => f.callsFetch || f.specifiers.some((s) => entryFor(catalogue, normalizeModule(s)) !== undefined) };
    dataAccessQuestions.set(catalogue, question);
  }
  return closureReaches(project, doc, question);
}

const modelQuestions = new WeakMap<readonly DataAccessEntry[], ClosureQuestion>();

/** n-plus-one: can the file reach an ORM with model instances (Sequelize, TypeORM, Mongoose)? Only then is the type checker asked about it. */
export function mayReachModels(project: Project, doc: SourceDoc, catalogue: readonly DataAccessEntry[]): boolean {
  let question = modelQuestions.get(catalogue);
  if (!question) {
    question = { matches: (f) => f.specifiers.some((s) => entryFor(catalogue, normalizeModule(s))?.instanceCalls !== undefined) };
    modelQuestions.set(catalogue, question);
  }
  return closureReaches(project, doc, question);
}

const blockingQuestion: ClosureQuestion = { matches: (f) => f.specifiers.some(isBlockingModule) };

/** sync-in-handler: can the file reach a module with blocking APIs (fs, child_process, crypto, zlib, bcrypt)? */
export function mayReachBlockingApi(project: Project, doc: SourceDoc): boolean {
  return closureReaches(project, doc, blockingQuestion);
}
