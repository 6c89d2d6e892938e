/**
 * Analyse one file through the engine unless nothing it read has changed since its last
 * analysis (same version of itself and of every dependency, same settings).
 */
import { analyzeDoc } from '../engine/analyze';
import { formatBytes } from '../engine/file-sniff';
import type { SeveritySetting } from '../../../shared/protocol';
import type { Project } from '../engine/project';
import type { Rule, RuleSettings } from '../engine/rule';
import type { Finding, Position } from '../engine/finding';
import type { AnalysisStore, StoredAnalysis } from './analysis-store';

export type AnalyzeOutcome =
  | { kind: 'analyzed'; analysis: StoredAnalysis; errors: { ruleId: string; message: string }[]; affects: ReadonlySet<string> }
  | { kind: 'unchanged'; analysis: StoredAnalysis }
  /** Missing, unreadable, not a file, or larger than the limit: it has no diagnostics. */
  | { kind: 'unavailable'; reason: string }
  | { kind: 'cancelled' };

export interface AnalyzerContext {
  project: Project;
  store: AnalysisStore;
  rules: readonly Rule[];
  generation: number;
  ruleSettings: Record<string, SeveritySetting>;
  /** Settings rules read beyond severities (`hotpath.sizedImageClasses`). */
  settings?: RuleSettings;
  maxFileBytes: number;
}

function isUpToDate(ctx: AnalyzerContext, stored: StoredAnalysis, version: string): boolean {
  if (stored.generation !== ctx.generation || stored.version !== version) return false;
  for (const [dep, depVersion] of stored.dependencies) {
    if (dep === stored.path) continue;
    if (ctx.project.versionOf(dep) !== depVersion) return false;
  }
  return true;
}

export function analyzeFile(ctx: AnalyzerContext, path: string, isCancelled: () => boolean = () => false): AnalyzeOutcome {
  const doc = ctx.project.getDoc(path);
  if (!doc) {
    const stat = ctx.project.stat(path);
    const reason = !stat ? 'missing or unreadable' : !stat.isFile ? 'not a file' : `too large (${formatBytes(stat.size)} > ${formatBytes(ctx.maxFileBytes)})`;
    return { kind: 'unavailable', reason };
  }
  // Open documents bypass the Project's size check; the limit applies to them too.
  if (doc.text.length > ctx.maxFileBytes) {
    return { kind: 'unavailable', reason: `too large (${formatBytes(Buffer.byteLength(doc.text))} > ${formatBytes(ctx.maxFileBytes)})` };
  }
  const stored = ctx.store.get(path);
  if (stored && isUpToDate(ctx, stored, doc.version)) return { kind: 'unchanged', analysis: stored };
  const result = analyzeDoc(ctx.project, doc, { rules: ctx.rules, ruleSettings: ctx.ruleSettings, ...(ctx.settings ? { settings: ctx.settings } : {}), isCancelled });
  if (result.cancelled) return { kind: 'cancelled' };
  const dependencies = new Map<string, string | undefined>();
  for (const dep of result.dependencies) dependencies.set(dep, dep === path ? doc.version : ctx.project.versionOf(dep));
  const analysis: StoredAnalysis = { path, version: doc.version, findings: result.findings, dependencies, uses: result.uses, bodies: result.bodies, pointsInto: pointedInto(result.findings, path), generation: ctx.generation };
  ctx.store.set(analysis);
  return { kind: 'analyzed', analysis, errors: result.errors, affects: result.affects };
}

/**
 * The other files the findings name a place in (their related locations: each step of a call
 * chain, which are also the places their messages and hovers give as `file:line`), with each
 * location's start and end: an edit that moves none of them leaves the findings as they are.
 */
function pointedInto(findings: readonly Finding[], self: string): Map<string, Position[]> {
  const out = new Map<string, Position[]>();
  for (const f of findings) {
    for (const r of f.related) {
      if (r.path === self) continue;
      let places = out.get(r.path);
      if (!places) out.set(r.path, (places = []));
      places.push(r.range.start, r.range.end);
    }
  }
  return out;
}
