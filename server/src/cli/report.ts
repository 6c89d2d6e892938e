/**
 * The findings of a run as both output formats print them: 1-based lines and columns, paths
 * relative to the current folder, and only the rule's own fixes (the engine's "Ignore … on this
 * line" fix is an editor affordance, meaningless in a report).
 */
import * as path from 'node:path';
import type { Finding, Severity } from '../engine/finding';

export interface ReportedFinding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixes: { title: string }[];
}

export function toReported(f: Finding, cwd: string): ReportedFinding {
  const ignoreTitle = `Ignore ${f.ruleId} on this line`;
  return {
    rule: f.ruleId,
    severity: f.severity,
    file: relativeFile(f.path, cwd),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
    fixes: f.fixes.filter((x) => x.title !== ignoreTitle).map((x) => ({ title: x.title })),
  };
}

export function relativeFile(absPath: string, cwd: string): string {
  const rel = path.relative(cwd, absPath).replace(/\\/g, '/');
  return rel === '' ? path.basename(absPath) : rel;
}

/** By file, then line, then column: the order people read and diff reports in. */
export function compareReported(a: ReportedFinding, b: ReportedFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
