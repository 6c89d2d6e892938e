/**
 * Where two versions of a text differ, and where a place of the old one is in the new one.
 * The language server (lsp/dependent-reruns) and blocking-reach's per-edit cache both move what
 * they hold through an edit instead of analysing again; the type service keeps answers about
 * places before the first change.
 */
import type { Position } from '../engine/finding';

/** How many characters two versions of a text share from the start: places before that did not move. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The old text's [from, to) became the new one's [from, to + delta). */
export interface TextEdit {
  from: number;
  to: number;
  delta: number;
  after: string;
}

export function editBetween(before: string, after: string): TextEdit {
  const from = commonPrefix(before, after);
  // The common end, not overlapping the common start.
  const max = Math.min(before.length, after.length) - from;
  let same = 0;
  while (same < max && before.charCodeAt(before.length - 1 - same) === after.charCodeAt(after.length - 1 - same)) same++;
  return { from, to: before.length - same, delta: after.length - before.length, after };
}

/**
 * An offset of the old text in the new one, or undefined when the edit touched it: at or
 * inside the changed part, or on either edge of it (where an insertion's text may belong to the
 * place before or after it).
 */
export function shiftOffset(edit: TextEdit, offset: number): number | undefined {
  if (offset < edit.from) return offset;
  if (offset > edit.to) return offset + edit.delta;
  return undefined;
}

export function offsetOf(text: string, at: Position): number {
  let offset = 0;
  for (let line = 0; line < at.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + at.character;
}

export function positionOf(text: string, offset: number): Position {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}
