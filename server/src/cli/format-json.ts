/**
 * `--format json`: one object, exactly the keys issue 2 promised, in a fixed order, so scripts and
 * CI can rely on it. Fingerprints belong to baselines and SARIF (`partialFingerprints`).
 */
import type { ReportedFinding } from './report';

export interface JsonReportFinding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixes: { title: string }[];
}

export interface JsonReport {
  version: 1;
  findings: JsonReportFinding[];
}

export function toJsonFinding(f: JsonReportFinding): JsonReportFinding {
  // Rebuilt key by key so the order is fixed even if ReportedFinding grows fields.
  return {
    rule: f.rule,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    fixes: f.fixes.map((x) => ({ title: x.title })),
  };
}

export function formatJson(findings: readonly (ReportedFinding | JsonReportFinding)[]): string {
  const report: JsonReport = { version: 1, findings: findings.map(toJsonFinding) };
  return JSON.stringify(report) + '\n';
}
