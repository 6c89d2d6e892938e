/**
 * The last analysis of every file the server published diagnostics for, with the versions of
 * the files it read. It answers three questions: is a re-analysis needed (nothing it read
 * changed → no), which files must be re-analysed when a file changes (those that read it),
 * and what hover / code actions should show.
 */
import type { DependencyFacts } from '../engine/analyze';
import type { Finding, Position } from '../engine/finding';

export interface StoredAnalysis {
  path: string;
  version: string;
  findings: Finding[];
  /** Every file the analysis read (itself included) → its version then (undefined: missing). */
  dependencies: Map<string, string | undefined>;
  /** What it used of each dependency (absent: `content`), see lsp/dependent-reruns. */
  uses?: Map<string, DependencyFacts>;
  /** Per file it used as `calls` through the call graph alone, the functions whose bodies it read (engine/analyze `bodies`). */
  bodies?: Map<string, Set<number>>;
  /** Other files its findings point into (related locations, "src/db.ts:42" in messages), with the places in each (each location's start and end). */
  pointsInto?: Map<string, Position[]>;
  /** Settings generation it ran under: a settings change makes every analysis stale. */
  generation: number;
}

export class AnalysisStore {
  private readonly byPath = new Map<string, StoredAnalysis>();

  get(p: string): StoredAnalysis | undefined {
    return this.byPath.get(p);
  }

  set(a: StoredAnalysis): void {
    this.byPath.set(a.path, a);
  }

  delete(p: string): boolean {
    return this.byPath.delete(p);
  }

  /** Another analysis found this one out of date although nothing it read changed: re-run it. */
  markStale(p: string): void {
    const a = this.byPath.get(p);
    if (a) a.generation = -1;
  }

  paths(): string[] {
    return [...this.byPath.keys()];
  }

  /** Files whose last analysis read `p`, other than `p` itself. */
  dependentsOf(p: string): string[] {
    const out: string[] = [];
    for (const a of this.byPath.values()) if (a.path !== p && a.dependencies.has(p)) out.push(a.path);
    return out;
  }

  totalFindings(): number {
    let n = 0;
    for (const a of this.byPath.values()) n += a.findings.length;
    return n;
  }
}
