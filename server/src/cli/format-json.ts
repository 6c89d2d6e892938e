/** `--format json`: one object, keys in a fixed order, so scripts and CI can rely on it. */
import type { ReportedFinding } from './report';

export function formatJson(findings: readonly ReportedFinding[]): string {
  // Rebuilt key by key so the order is fixed even if ReportedFinding grows fields.
  const out = findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    fixes: f.fixes.map((x) => ({ title: x.title })),
  }));
  return JSON.stringify({ version: 1, findings: out }) + '\n';
}
