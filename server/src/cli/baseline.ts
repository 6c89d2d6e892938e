/**
 * Baselines: `hotpath baseline` records the current findings, `hotpath check --baseline FILE`
 * reports only the ones it does not hold, so an existing codebase can adopt Hotpath and gate new
 * code without fixing everything first. Findings match by rule, file and fingerprint (see
 * fingerprint.ts), never by line, so edits elsewhere in a file keep old findings matched.
 * Paths in the file are relative to the baseline's own folder, so it works from any current folder.
 */
import * as path from 'node:path';
import { readJsonFile } from './read-json';
import type { ReportedFinding } from './report';

export interface BaselineEntry {
  rule: string;
  file: string;
  fingerprint: string;
  /** Informational only (where it was when recorded); never used to match. */
  line: number;
  message: string;
}

export interface Baseline {
  version: 1;
  tool: 'hotpath';
  findings: BaselineEntry[];
}

function toBaselinePath(file: string, cwd: string, baselineDir: string): string {
  return path.relative(baselineDir, path.resolve(cwd, file)).replace(/\\/g, '/');
}

export function createBaseline(findings: readonly ReportedFinding[], cwd: string, baselineFile: string): Baseline {
  const dir = path.dirname(path.resolve(cwd, baselineFile));
  return {
    version: 1,
    tool: 'hotpath',
    findings: findings.map((f) => ({ rule: f.rule, file: toBaselinePath(f.file, cwd, dir), fingerprint: f.fingerprint, line: f.line, message: f.message })),
  };
}

export function formatBaseline(baseline: Baseline): string {
  // One finding a line: a baseline lives in the repository, and this keeps its diffs readable.
  const lines = baseline.findings.map((f) => '    ' + JSON.stringify(f));
  return `{\n  "version": 1,\n  "tool": "hotpath",\n  "findings": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
}

function isEntry(x: unknown): x is BaselineEntry {
  const e = x as Partial<BaselineEntry> | null;
  return typeof e === 'object' && e !== null && typeof e.rule === 'string' && typeof e.file === 'string' && typeof e.fingerprint === 'string';
}

export function readBaseline(file: string): Baseline | { error: string } {
  const read = readJsonFile(file);
  if ('error' in read) return read;
  const data = read.data;
  const b = data as Partial<Baseline> | null;
  if (typeof b !== 'object' || b === null || b.tool !== 'hotpath' || b.version !== 1 || !Array.isArray(b.findings)) {
    return { error: "not a Hotpath baseline (expected {\"version\": 1, \"tool\": \"hotpath\", \"findings\": [...]}; make one with 'hotpath baseline')" };
  }
  const bad = b.findings.findIndex((e) => !isEntry(e));
  if (bad !== -1) return { error: `finding ${bad + 1} lacks rule, file or fingerprint` };
  return b as Baseline;
}

export interface BaselineMatch {
  /** Findings the baseline does not hold: the ones to report. */
  fresh: ReportedFinding[];
  /** Findings the baseline holds. */
  known: number;
  /** Baseline entries no finding matched any more (fixed, or their code changed). */
  gone: number;
}

export function matchBaseline(findings: readonly ReportedFinding[], baseline: Baseline, cwd: string, baselineFile: string): BaselineMatch {
  const dir = path.dirname(path.resolve(cwd, baselineFile));
  const key = (rule: string, file: string, fp: string) => `${rule}\0${file}\0${fp}`;
  // A multiset: the same key twice in the baseline matches two findings, not more.
  const remaining = new Map<string, number>();
  for (const e of baseline.findings) {
    const k = key(e.rule, e.file, e.fingerprint);
    remaining.set(k, (remaining.get(k) ?? 0) + 1);
  }
  const fresh: ReportedFinding[] = [];
  let known = 0;
  for (const f of findings) {
    const k = key(f.rule, toBaselinePath(f.file, cwd, dir), f.fingerprint);
    const n = remaining.get(k) ?? 0;
    if (n > 0) {
      remaining.set(k, n - 1);
      known++;
    } else {
      fresh.push(f);
    }
  }
  let gone = 0;
  for (const n of remaining.values()) gone += n;
  return { fresh, known, gone };
}
