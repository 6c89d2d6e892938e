/**
 * Fingerprints that identify a finding across edits, for baselines and SARIF
 * `partialFingerprints`. A fingerprint is a hash of the rule, the flagged line(s) with whitespace
 * collapsed, and the flagged code itself (the context that tells two findings on one line apart),
 * followed by an occurrence index among the file's findings with the same hash. It holds no line
 * number, so lines inserted or removed above a finding keep it matched; editing the flagged line
 * itself makes it a new finding, which is what a reviewer would expect.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../engine/finding';

/** Whitespace runs become one space, so re-indenting or reformatting does not change a fingerprint. */
export function normaliseCode(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function lineHash(f: Finding, lines: readonly string[]): string {
  const { start, end } = f.range;
  const flaggedLines = lines.slice(start.line, end.line + 1);
  // A long multi-line range (a whole loop) is identified by its first and last line.
  const kept = flaggedLines.length > 2 ? [flaggedLines[0]!, flaggedLines[flaggedLines.length - 1]!] : flaggedLines;
  const flaggedCode = flaggedLines.join('\n');
  const startCol = start.character;
  const endCol = end.line === start.line ? end.character : flaggedCode.length - (flaggedLines.at(-1)!.length - end.character);
  const code = flaggedCode.slice(startCol, Math.max(startCol, endCol));
  return createHash('sha256')
    .update(`${f.ruleId}\0${kept.map(normaliseCode).join('\n')}\0${normaliseCode(code)}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * One fingerprint per finding of one file, in the order given. `text` is the file's content
 * when it was analyzed. Occurrences are counted in document order, whatever order `findings` is in.
 */
export function fingerprints(findings: readonly Finding[], text: string): string[] {
  const lines = text.split(/\r?\n/);
  const hashes = findings.map((f) => lineHash(f, lines));
  const order = findings
    .map((_f, i) => i)
    .sort((a, b) => {
      const ra = findings[a]!.range.start;
      const rb = findings[b]!.range.start;
      return ra.line - rb.line || ra.character - rb.character || a - b;
    });
  const seen = new Map<string, number>();
  const out = new Array<string>(findings.length);
  for (const i of order) {
    const h = hashes[i]!;
    const n = seen.get(h) ?? 0;
    seen.set(h, n + 1);
    out[i] = `${h}:${n}`;
  }
  return out;
}
