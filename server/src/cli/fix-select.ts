/**
 * Which fixes `hotpath fix` applies to one file in one pass: every preferred fix whose edits
 * collide with no fix already taken, all or nothing (half a fix could leave code that does not
 * parse). The collision test is the one the editor's "Fix all" uses (lsp/code-actions.ts), kept
 * here too because that module loads the language-server library, which a CLI must not start.
 */
import type { Finding, Fix, Position, TextEdit } from '../engine/finding';
import type { SourceDoc } from '../engine/source';

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Overlapping ranges, or two insertions at one point (their order would be arbitrary), collide; touching ranges do not. */
export function editsCollide(a: TextEdit, b: TextEdit): boolean {
  const aEmpty = compare(a.range.start, a.range.end) === 0;
  const bEmpty = compare(b.range.start, b.range.end) === 0;
  if (aEmpty && bEmpty) return compare(a.range.start, b.range.start) === 0;
  if (aEmpty) return compare(b.range.start, a.range.start) < 0 && compare(a.range.start, b.range.end) < 0;
  if (bEmpty) return compare(a.range.start, b.range.start) < 0 && compare(b.range.start, a.range.end) < 0;
  return compare(a.range.start, b.range.end) < 0 && compare(b.range.start, a.range.end) < 0;
}

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

/** The text with the fixes' edits applied (they must not collide: see selectFixes). */
export function applyFixes(doc: SourceDoc, fixes: readonly Fix[]): string {
  const spans = fixes
    .flatMap((f) => f.edits)
    .map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = doc.text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}
