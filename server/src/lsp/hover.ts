/**
 * Hover over a finding: what the rule is, what it found here, why it costs time, where else
 * to look, and the docs page. Pure: built from the last analysis of the document.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { Finding, Position } from '../engine/finding';
import { docsUri } from './diagnostics';
import { pathToUri } from './uri';

export interface HoverOptions {
  extensionRoot: string;
  /** The rule's one-line description, by id. */
  describeRule: (ruleId: string) => string | undefined;
}

function contains(f: Finding, p: Position): boolean {
  const { start, end } = f.range;
  const afterStart = p.line > start.line || (p.line === start.line && p.character >= start.character);
  const beforeEnd = p.line < end.line || (p.line === end.line && p.character <= end.character);
  return afterStart && beforeEnd;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Markdown for one finding. Links use file URIs so they open in the editor. */
export function findingMarkdown(f: Finding, options: HoverOptions): string {
  const description = options.describeRule(f.ruleId);
  const parts = [`**Hotpath: \`${f.ruleId}\`**${description ? ` — ${description}` : ''}`, f.message];
  if (f.explanation) parts.push(f.explanation);
  if (f.related.length > 0) {
    const lines = f.related.map((r) => {
      const where = `${basename(r.path)}:${r.range.start.line + 1}`;
      const uri = `${pathToUri(r.path)}#L${r.range.start.line + 1},${r.range.start.character + 1}`;
      return `- [${where}](${uri}) ${r.message}`;
    });
    parts.push(['Related:', ...lines].join('\n'));
  }
  parts.push(`[Rule documentation](${docsUri(options.extensionRoot, f.ruleId)})`);
  return parts.join('\n\n');
}

export function hoverAt(findings: readonly Finding[], position: Position, options: HoverOptions): Hover | null {
  const hits = findings.filter((f) => contains(f, position));
  const first = hits[0];
  if (!first) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: hits.map((f) => findingMarkdown(f, options)).join('\n\n---\n\n') },
    range: first.range,
  };
}
