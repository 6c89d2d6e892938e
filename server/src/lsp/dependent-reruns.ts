/**
 * Which analyses an edit of a file must re-run: only those that used a fact of it that changed.
 *
 * Every stored analysis says how it used each file it read (engine/analyze `DependencyFacts`).
 * Before and after an edit, the file's `crossFileSummary` fingerprints what each kind of use
 * can see; a dependent whose kind of use sees the same fingerprint at the version it read and at
 * the new one keeps its findings, and is marked as having read the new version. A dependent
 * whose findings name places in the file (a call chain through it) compares the places too,
 * unless the edit comes after the furthest of them. Typing in a
 * function body of a model that 125 files import then re-runs none of them, unless a call is
 * added, removed or changed.
 */
import { commonPrefix, crossFileSummary, sameForUse, type CrossFileSummary } from '../analysis/cross-file-summary';
import type { Position } from '../engine/finding';
import type { SourceDoc } from '../engine/source';
import type { AnalysisStore, StoredAnalysis } from './analysis-store';

/** One version of an edited file: its summary, and its text to tell where a later one differs. */
interface Version {
  version: string;
  summary: CrossFileSummary;
  text: string;
}

/** The summaries of the last few versions of each edited file, for the comparison. */
export class SummaryHistory {
  private readonly byPath = new Map<string, Version[]>();

  constructor(
    /** Versions kept per file. */
    private readonly keep = 4,
    /** Files kept (the most recently edited): each version holds the file's text. */
    private readonly files = 32,
  ) {}

  /** The summary of `doc`, computed once per version. */
  of(doc: SourceDoc): CrossFileSummary {
    let versions = this.byPath.get(doc.path);
    // Most recently edited last.
    if (versions) this.byPath.delete(doc.path);
    this.byPath.set(doc.path, (versions ??= []));
    if (this.byPath.size > this.files) this.byPath.delete(this.byPath.keys().next().value!);
    const hit = versions.find((v) => v.version === doc.version);
    if (hit) return hit.summary;
    const summary = crossFileSummary(doc);
    versions.push({ version: doc.version, summary, text: doc.text });
    if (versions.length > this.keep) versions.shift();
    return summary;
  }

  at(p: string, version: string | undefined): Version | undefined {
    return this.byPath.get(p)?.find((v) => v.version === version);
  }
}

function sameFacts(dependent: StoredAnalysis, p: string, then: Version, summary: CrossFileSummary, unchangedUpTo: (then: Version) => number): boolean {
  const use = dependent.uses?.get(p) ?? 'content';
  if (use === 'content') return false;
  // Its findings name places in the file: unless the edit is after all of them, they must not move.
  const furthest = dependent.pointsInto?.get(p);
  return sameForUse(use, then.summary, summary, furthest !== undefined && offsetOf(then.text, furthest) > unchangedUpTo(then));
}

function offsetOf(text: string, at: Position): number {
  let offset = 0;
  for (let line = 0; line < at.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + at.character;
}

/**
 * `p` changed from `before` (the version the editor or disk had; undefined when unknown) to
 * `after`. Returns the dependents to re-analyse; the others are updated to say they read `after`.
 */
export function dependentsToRerun(store: AnalysisStore, history: SummaryHistory, p: string, before: SourceDoc | undefined, after: SourceDoc): string[] {
  const dependents = store.dependentsOf(p);
  if (dependents.length === 0) return [];
  // Only files some dependent uses in part are summarised: a JSON config is read whole anyway.
  const partial = dependents.some((d) => (store.get(d)?.uses?.get(p) ?? 'content') !== 'content');
  if (!partial) return dependents;
  if (before) history.of(before);
  const now = history.of(after);
  const rerun: string[] = [];
  // How much of each earlier version's text the new one starts with, once per version.
  const prefixes = new Map<string, number>();
  const unchangedUpTo = (then: Version) => {
    let n = prefixes.get(then.version);
    if (n === undefined) prefixes.set(then.version, (n = commonPrefix(then.text, after.text)));
    return n;
  };
  for (const d of dependents) {
    const a = store.get(d)!;
    const then = history.at(p, a.dependencies.get(p));
    if (then && sameFacts(a, p, then, now, unchangedUpTo)) a.dependencies.set(p, after.version);
    else rerun.push(d);
  }
  return rerun;
}
