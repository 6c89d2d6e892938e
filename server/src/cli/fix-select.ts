/**
 * What `hotpath fix` applies to one file in one pass: the fixes the editor's "Fix all" takes
 * (engine/fix-selection.ts).
 */
import { applyEdits, selectFixes } from '../engine/fix-selection';
import type { Fix } from '../engine/finding';
import type { SourceDoc } from '../engine/source';

export { selectFixes };

/** The text with the fixes' edits applied (they must not collide: see selectFixes). */
export function applyFixes(doc: SourceDoc, fixes: readonly Fix[]): string {
  return applyEdits(doc.text, fixes.flatMap((f) => f.edits));
}
