/**
 * Which analyses an edit of a file must re-run: only those that used a fact of it that changed.
 *
 * Every stored analysis says how it used each file it read (engine/analyze `DependencyFacts`).
 * Before and after an edit, the file's `crossFileSummary` fingerprints what each kind of use
 * can see; a dependent whose kind of use sees the same fingerprint at the version it read and at
 * the new one keeps its findings, and is marked as having read the new version. A dependent
 * whose findings name places in the file (a call chain through it) re-runs if any of them is at
 * another line or column now. Typing in a
 * function body of a model that 125 files import then re-runs none of them, unless a call is
 * added, removed or changed; and then only those that read the body of the function edited
 * (or read the file otherwise than through the call graph).
 */
import { crossFileSummary, movedUnits, sameForReader, type CrossFileSummary } from '../analysis/cross-file-summary';
import { editBetween, offsetOf, positionOf, type TextEdit as Edit } from '../analysis/text-edit';
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
    /** The summary of a version (the language server's is memoised per version in its Project, which blocking-reach asks too). */
    private readonly summarise: (doc: SourceDoc) => CrossFileSummary = crossFileSummary,
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
    const summary = this.summarise(doc);
    versions.push({ version: doc.version, summary, text: doc.text });
    if (versions.length > this.keep) versions.shift();
    return summary;
  }

  at(p: string, version: string | undefined): Version | undefined {
    return this.byPath.get(p)?.find((v) => v.version === version);
  }
}

function sameFacts(dependent: StoredAnalysis, p: string, then: Version, summary: CrossFileSummary, edit: (then: Version) => Edit): boolean {
  const use = dependent.uses?.get(p) ?? 'content';
  if (use === 'content') return false;
  // Its findings name places in the file (a call chain's steps): none of them may have moved.
  const places = dependent.pointsInto?.get(p);
  if (places && places.some((at) => moves(then.text, edit(then), at))) return false;
  // Or a call edit in a function whose body it did not read (it read the file through the call graph, and the checker, alone).
  return sameForReader(use, then.summary, summary, dependent.bodies?.get(p));
}

/** A dependent kept through an edit: the bodies it read, at their places in the new version (unknown, so all, when the units do not pair up). */
function moveBodies(dependent: StoredAnalysis, p: string, then: Version, now: CrossFileSummary): void {
  const read = dependent.bodies?.get(p);
  if (!read) return;
  const moved = movedUnits(then.summary, now, read);
  if (moved) dependent.bodies!.set(p, moved);
  else dependent.bodies!.delete(p);
}

/**
 * Whether a place of the old text is at another line or column in the new one: inside the
 * changed part, or after it when the edit added or removed lines, or on the line the change
 * ends on (a literal typed longer before a call's end moves the end, not the next line).
 */
function moves(before: string, edit: Edit, at: Position): boolean {
  const offset = offsetOf(before, at);
  if (offset <= edit.from) return false;
  if (offset < edit.to) return true;
  const now = positionOf(edit.after, offset + edit.delta);
  return now.line !== at.line || now.character !== at.character;
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
  // Where each earlier version's text differs from the new one, once per version.
  const edits = new Map<string, Edit>();
  const edit = (then: Version) => {
    let e = edits.get(then.version);
    if (e === undefined) edits.set(then.version, (e = editBetween(then.text, after.text)));
    return e;
  };
  for (const d of dependents) {
    const a = store.get(d)!;
    const then = history.at(p, a.dependencies.get(p));
    if (then && sameFacts(a, p, then, now, edit)) {
      moveBodies(a, p, then, now);
      a.dependencies.set(p, after.version);
    } else rerun.push(d);
  }
  return rerun;
}
