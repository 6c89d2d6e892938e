import type { Finding, Fix } from './finding';
import type { SourceDoc } from './source';

/**
 * Suppression comments:
 *   // hotpath-ignore-next-line sync-in-handler      (one rule, or several separated by commas/spaces)
 *   // hotpath-ignore-next-line                      (every rule)
 *   /* hotpath-ignore-file n-plus-one *\/             (anywhere in the file)
 */
const nextLinePattern = /(?:\/\/|\/\*|<!--)\s*hotpath-ignore-next-line\b([^\n*]*)/g;
const filePattern = /(?:\/\/|\/\*|<!--)\s*hotpath-ignore-file\b([^\n*]*)/g;

interface Suppressions {
  file: Set<string> | 'all' | undefined;
  /** 0-based line → rules ignored on it ('all' for every rule). */
  lines: Map<number, Set<string> | 'all'>;
}

function ruleList(text: string): Set<string> | 'all' {
  const ids = text.split(/[\s,]+/).filter((s) => /^[a-z][a-z0-9-]*$/.test(s));
  return ids.length === 0 ? 'all' : new Set(ids);
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

export function readSuppressions(doc: SourceDoc): Suppressions {
  const result: Suppressions = { file: undefined, lines: new Map() };
  if (!doc.text.includes('hotpath-ignore')) return result;
  for (const m of doc.text.matchAll(filePattern)) result.file = merge(result.file, ruleList(m[1] ?? ''));
  for (const m of doc.text.matchAll(nextLinePattern)) {
    const line = doc.positionAt(m.index ?? 0).line + 1;
    result.lines.set(line, merge(result.lines.get(line), ruleList(m[1] ?? '')));
  }
  return result;
}

function covers(set: Set<string> | 'all' | undefined, ruleId: string): boolean {
  return set === 'all' || (set !== undefined && set.has(ruleId));
}

export function isSuppressed(s: Suppressions, finding: Finding): boolean {
  return covers(s.file, finding.ruleId) || covers(s.lines.get(finding.range.start.line), finding.ruleId);
}

/** The quick fix that inserts `// hotpath-ignore-next-line <rule>` above the finding's line. */
export function ignoreNextLineFix(doc: SourceDoc, finding: Finding): Fix {
  const line = finding.range.start.line;
  const lineStart = doc.offsetAt({ line, character: 0 });
  const indent = /^[ \t]*/.exec(doc.text.slice(lineStart))?.[0] ?? '';
  const comment = doc.kind === 'html' || doc.kind === 'vue' || doc.kind === 'svelte'
    ? `${indent}<!-- hotpath-ignore-next-line ${finding.ruleId} -->`
    : `${indent}// hotpath-ignore-next-line ${finding.ruleId}`;
  return {
    title: `Ignore ${finding.ruleId} on this line`,
    edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: comment + '\n' }],
  };
}
