/**
 * `--format json`: one object, the keys issue 2 promised (plus `related`, added later), in a fixed order, so scripts and
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
  /** Other places that explain the finding (e.g. the handlers that reach a blocking call), paths relative like `file`. */
  related: JsonReportRelated[];
  fixes: { title: string }[];
}

export interface JsonReportRelated {
  file: string;
  line: number;
  column: number;
  message: string;
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
    // Reports written before `related` existed (merged by `hotpath merge`) have none.
    related: (f.related ?? []).map((r) => ({ file: r.file, line: r.line, column: r.column, message: r.message })),
    fixes: f.fixes.map((x) => ({ title: x.title })),
  };
}

export function formatJson(findings: readonly (ReportedFinding | JsonReportFinding)[]): string {
  const report: JsonReport = { version: 1, findings: findings.map(toJsonFinding) };
  return JSON.stringify(report) + '\n';
}
