/**
 * `--format text`: one finding a line, `file:line:column  severity  rule  message`, which
 * editors and terminals turn into links, then a one-line summary.
 */
import type { Severity } from '../engine/finding';
import type { ReportedFinding } from './report';

export interface Colors {
  severity(s: Severity, text: string): string;
  dim(text: string): string;
}

const plain: Colors = { severity: (_s, t) => t, dim: (t) => t };

const ansi: Colors = {
  severity: (s, t) => `\x1b[${s === 'error' ? 31 : s === 'warning' ? 33 : 36}m${t}\x1b[39m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
};

/** Colours only for a person at a terminal: never in pipes or files, never with NO_COLOR set. */
export function colorsFor(isTTY: boolean, env: NodeJS.ProcessEnv): Colors {
  return isTTY && !('NO_COLOR' in env && env.NO_COLOR !== '') ? ansi : plain;
}

export function formatText(findings: readonly ReportedFinding[], fileCount: number, colors: Colors = plain): string {
  const lines = findings.map(
    (f) => `${f.file}:${f.line}:${f.column}  ${colors.severity(f.severity, f.severity)}  ${colors.dim(f.rule)}  ${f.message}`,
  );
  return (lines.length > 0 ? lines.join('\n') + '\n\n' : '') + summary(findings, fileCount) + '\n';
}

/** "3 findings (2 warnings, 1 info) in 12 files" or "No findings in 12 files". */
export function summary(findings: readonly ReportedFinding[], fileCount: number): string {
  const files = plural(fileCount, 'file');
  if (findings.length === 0) return `No findings in ${files}`;
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const parts = [
    count('error') ? plural(count('error'), 'error') : '',
    count('warning') ? plural(count('warning'), 'warning') : '',
    count('info') ? `${count('info')} info` : '',
  ].filter(Boolean);
  return `${plural(findings.length, 'finding')} (${parts.join(', ')}) in ${files}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
