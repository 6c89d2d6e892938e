/**
 * Findings → LSP diagnostics. Pure, so it is unit-tested without a process.
 */
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/finding';
import { withoutProfileNote } from '../engine/profile-link';
import { pathToUri } from './uri';

/** What a diagnostic carries so code actions and hover can find its finding again. */
export interface DiagnosticData {
  ruleId: string;
  /** The document version the finding was computed for (engine spelling: `open:3`, `disk:…`). */
  version: string;
  /** Index of the finding in that analysis. */
  index: number;
}

export interface ConversionOptions {
  /** The folder holding `docs/rules/`; the parent of the folder holding `dist/server.js`. */
  extensionRoot: string;
  /** Whether the client renders `relatedInformation` (else it is left out, as the spec asks). */
  relatedInformation: boolean;
}

export interface AnalysisLike {
  version: string;
  findings: readonly Finding[];
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function docsUri(extensionRoot: string, ruleId: string): string {
  return pathToUri(path.join(extensionRoot, 'docs', 'rules', `${ruleId}.md`));
}

export function toDiagnostic(f: Finding, index: number, version: string, options: ConversionOptions): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, version, index };
  const d: Diagnostic = {
    range: f.range,
    severity: severities[f.severity],
    code: f.ruleId,
    codeDescription: { href: docsUri(options.extensionRoot, f.ruleId) },
    source: 'hotpath',
    message: f.message,
    data,
  };
  if (options.relatedInformation && f.related.length > 0) {
    d.relatedInformation = f.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri: pathToUri(r.path), range: r.range }, message: r.message }),
    );
  }
  return d;
}

export function toDiagnostics(analysis: AnalysisLike, options: ConversionOptions): Diagnostic[] {
  return analysis.findings.map((f, i) => toDiagnostic(f, i, analysis.version, options));
}

function isDiagnosticData(x: unknown): x is DiagnosticData {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.ruleId === 'string' && typeof o.version === 'string' && typeof o.index === 'number';
}

function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/**
 * The finding behind a diagnostic the client sent back. By index when the analysis is the one
 * the diagnostic came from; otherwise by rule, range and message, so a diagnostic that survived
 * a re-analysis unchanged still gets its fixes. Messages are compared without a profile's note
 * (engine/profile-link), which comes and goes as profiles are opened and cleared.
 */
export function findingForDiagnostic(analysis: AnalysisLike, d: Diagnostic): Finding | undefined {
  if (d.source !== 'hotpath') return undefined;
  const data = isDiagnosticData(d.data) ? d.data : undefined;
  if (data && data.version === analysis.version) {
    const f = analysis.findings[data.index];
    if (f && f.ruleId === data.ruleId) return f;
  }
  const ruleId = data?.ruleId ?? (typeof d.code === 'string' ? d.code : undefined);
  const message = typeof d.message === 'string' ? withoutProfileNote(d.message) : undefined;
  return analysis.findings.find((f) => f.ruleId === ruleId && withoutProfileNote(f.message) === message && sameRange(f.range, d.range));
}
