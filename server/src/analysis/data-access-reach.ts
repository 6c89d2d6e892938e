/**
 * Whether analysing a file can meet a data-access call at all, decided from text, without parsing.
 *
 * Data-access calls are recognised by the package their receiver was imported from
 * (analysis/value-origin), or are the global `fetch`; traces and call chains cross files only
 * through workspace imports (`resolveWorkspaceImport`). So unless some file of a file's
 * workspace-import closure (itself included) imports a catalogue module or calls `fetch`, n-plus-one
 * has nothing to find there. In a library or a front end most files are like that, and the rule
 * stopped parsing them: on the benchmark corpus this was most of its time.
 */
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import type { DataAccessEntry } from './data-access';
import { specifiersInText } from './package-imports';
import { resolveWorkspaceImport } from './module-resolution';

/** A call of the global fetch as data-access.ts recognises it: `fetch(`, `fetch<T>(`, `fetch?.(`. */
const fetchCall = /\bfetch\s*(?:\?\.\s*)?[(<]/;

interface TextFacts {
  specifiers: string[];
  callsFetch: boolean;
}

interface Answer {
  reaches: boolean;
  /** The files read to decide, with their versions; an answer of another generation is checked against them. */
  files: Map<string, string | undefined>;
  generation: number;
}

/** Per project and catalogue (a `.hotpathrc.json` with `dataAccess` rows makes another). */
const answers = new WeakMap<Project, WeakMap<readonly DataAccessEntry[], Map<string, Answer>>>();

export function mayReachDataAccess(project: Project, doc: SourceDoc, catalogue: readonly DataAccessEntry[]): boolean {
  let byCatalogue = answers.get(project);
  if (!byCatalogue) answers.set(project, (byCatalogue = new WeakMap()));
  let cache = byCatalogue.get(catalogue);
  if (!cache) byCatalogue.set(catalogue, (cache = new Map()));

  const cached = cache.get(doc.path);
  if (cached && stillValid(project, cached)) {
    project.dependOn(cached.files.keys());
    return cached.reaches;
  }
  const answer = explore(project, doc, catalogue);
  project.dependOn(answer.files.keys());
  if (answer.reaches) cache.set(doc.path, answer);
  // No file of the closure reaches one, so none of the files visited does either (each one's
  // closure is inside this one): one walk answers for all of them.
  else for (const p of answer.files.keys()) cache.set(p, answer);
  return answer.reaches;
}

function stillValid(project: Project, a: Answer): boolean {
  if (a.generation === project.generation) return true;
  for (const [p, version] of a.files) if (project.versionOf(p) !== version) return false;
  a.generation = project.generation;
  return true;
}

/** Breadth first over workspace imports, stopping at the first file that imports a catalogue module or calls fetch. */
function explore(project: Project, start: SourceDoc, catalogue: readonly DataAccessEntry[]): Answer {
  const modules = catalogue.flatMap((c) => c.modules);
  const names = (s: string) => {
    const m = s.startsWith('node:') ? s.slice(5) : s;
    return modules.some((x) => m === x || m.startsWith(x + '/'));
  };
  const answer: Answer = { reaches: false, files: new Map([[start.path, start.version]]), generation: project.generation };
  const queue: SourceDoc[] = [start];
  for (let i = 0; i < queue.length; i++) {
    const doc = queue[i]!;
    const facts = project.memo(doc, 'data-access-reach:text', textFacts);
    // A specifier written with escapes cannot be resolved from text: assume the worst.
    if (facts.callsFetch || facts.specifiers.some((s) => names(s) || s.includes('\\'))) {
      answer.reaches = true;
      return answer;
    }
    for (const s of facts.specifiers) {
      const target = resolveWorkspaceImport(project, doc.path, s);
      if (target === undefined || answer.files.has(target)) continue;
      const next = project.getDoc(target);
      answer.files.set(target, next?.version);
      if (next?.isScript) queue.push(next);
    }
  }
  return answer;
}

function textFacts(doc: SourceDoc): TextFacts {
  return { specifiers: specifiersInText(doc.text), callsFetch: fetchCall.test(doc.text) };
}
