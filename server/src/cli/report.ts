/**
 * The findings of a run as the output formats print them: 1-based lines and columns, paths
 * relative to the current folder, a fingerprint that survives line shifts, and only the rule's
 * own fixes (the engine's "Ignore … on this line" fix is an editor affordance, meaningless in a
 * report).
 */
import * as path from 'node:path';
import type { Finding, Range, Severity } from '../engine/finding';

/** A range with 1-based lines and columns (columns count UTF-16 code units, as editors do). */
export interface ReportedRegion {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ReportedEdit extends ReportedRegion {
  newText: string;
}

export interface ReportedFix {
  title: string;
  preferred: boolean;
  edits: ReportedEdit[];
  /** The same change in other files (relative paths), applied with `edits`. */
  otherFiles?: { file: string; edits: ReportedEdit[] }[];
}

export interface ReportedRelated extends ReportedRegion {
  file: string;
  message: string;
}

export interface ReportedFinding extends ReportedRegion {
  rule: string;
  severity: Severity;
  file: string;
  message: string;
  /** See fingerprint.ts: rule + normalised flagged code + occurrence, no line number. */
  fingerprint: string;
  related: ReportedRelated[];
  fixes: ReportedFix[];
}

export function toRegion(r: Range): ReportedRegion {
  return { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

export function toReported(f: Finding, cwd: string, fingerprint: string): ReportedFinding {
  const ignoreTitle = `Ignore ${f.ruleId} on this line`;
  return {
    rule: f.ruleId,
    severity: f.severity,
    file: relativeFile(f.path, cwd),
    ...toRegion(f.range),
    message: f.message,
    fingerprint,
    related: f.related.map((r) => ({ file: relativeFile(r.path, cwd), ...toRegion(r.range), message: r.message })),
    fixes: f.fixes
      .filter((x) => x.title !== ignoreTitle)
      .map((x) => ({
        title: x.title,
        preferred: x.preferred === true,
        edits: x.edits.map((e) => ({ ...toRegion(e.range), newText: e.newText })),
        ...(x.otherFiles?.length ? { otherFiles: x.otherFiles.map((o) => ({ file: relativeFile(o.path, cwd), edits: o.edits.map((e) => ({ ...toRegion(e.range), newText: e.newText })) })) } : {}),
      })),
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
