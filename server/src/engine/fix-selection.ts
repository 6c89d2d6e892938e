/**
 * Choosing and applying fixes in bulk, for every front end: the editor's "Fix all" actions and
 * `hotpath fix` take the same fixes, so what a user previews is what the CLI writes.
 */
import type { Finding, Fix, Position, TextEdit } from './finding';
import { SourceDoc } from './source';

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * Two edits collide when their ranges overlap, or when both insert at the same point (their
 * order would be arbitrary). Touching ranges are fine: `[a, b)` then `[b, c)`.
 */
export function editsCollide(a: TextEdit, b: TextEdit): boolean {
  const aEmpty = compare(a.range.start, a.range.end) === 0;
  const bEmpty = compare(b.range.start, b.range.end) === 0;
  if (aEmpty && bEmpty) return compare(a.range.start, b.range.start) === 0;
  if (aEmpty) return compare(b.range.start, a.range.start) < 0 && compare(a.range.start, b.range.end) < 0;
  if (bEmpty) return compare(a.range.start, b.range.start) < 0 && compare(b.range.start, a.range.end) < 0;
  return compare(a.range.start, b.range.end) < 0 && compare(b.range.start, a.range.end) < 0;
}

/**
 * Every preferred fix whose edits collide with no fix already taken, all or nothing: half a
 * fix could leave code that does not parse.
 */
export function selectFixes(findings: readonly Finding[]): Fix[] {
  const taken: Fix[] = [];
  const edits: TextEdit[] = [];
  for (const f of findings) {
    for (const fix of f.fixes) {
      if (!fix.preferred || taken.includes(fix) || fix.edits.length === 0) continue;
      if (fix.edits.some((e) => edits.some((t) => editsCollide(e, t)))) continue;
      // Within one fix, edits must not collide either, or applying them is ambiguous.
      if (fix.edits.some((e, i) => fix.edits.some((o, j) => j > i && editsCollide(e, o)))) continue;
      taken.push(fix);
      edits.push(...fix.edits);
    }
  }
  return taken;
}

/** The edits of `selectFixes`, in document order. */
export function mergePreferredFixes(findings: readonly Finding[]): TextEdit[] {
  return selectFixes(findings)
    .flatMap((f) => f.edits)
    .sort((a, b) => compare(a.range.start, b.range.start) || compare(a.range.end, b.range.end));
}

/** Apply non-overlapping edits to a text, as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const doc = new SourceDoc('/edits.ts', text, '0');
  const spans = edits
    .map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Infinity;
  for (const s of spans) {
    if (s.end > lastStart) throw new Error('overlapping edits');
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    lastStart = s.start;
  }
  return out;
}
