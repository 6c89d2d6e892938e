import type { SeveritySetting } from '../../../shared/protocol';
import type { Finding } from './finding';
import { knownBodies, type Project } from './project';
import type { ReportDescriptor, Rule, RuleContext, RuleSettings } from './rule';
import type { SourceDoc } from './source';
import { ignoreNextLineFix, isSuppressed, readSuppressions } from './suppression';

export interface AnalyzeOptions {
  rules: readonly Rule[];
  /** Per-rule overrides from settings or `.hotpathrc.json`. */
  ruleSettings?: Record<string, SeveritySetting>;
  /** Other settings rules read (`hotpath.sizedImageClasses` …). */
  settings?: RuleSettings;
  /** Polled between rules; when it returns true the analysis stops and returns `cancelled`. */
  isCancelled?: () => boolean;
}

/**
 * What an analysis used of a file it read: `content` (anything: re-run it on any change),
 * `calls` (what the call graph reads: analysis/cross-file-summary), `types` (that and what the
 * TypeScript checker reads) or `imports` (its import specifiers only, read by the import-closure
 * walk).
 */
export type DependencyFacts = 'content' | 'types' | 'calls' | 'imports';

/**
 * Rules that read other script files only through the call graph, value origins, bindings and
 * the import closure (their own file they read whole). Other rules' reads count as `content`.
 * A rule added here must read nothing of another file that `crossFileSummary` leaves out.
 */
const callGraphRules = new Set(['n-plus-one', 'sync-in-handler']);

const strength: Record<DependencyFacts, number> = { imports: 0, calls: 1, types: 2, content: 3 };

export interface FileAnalysis {
  path: string;
  version: string;
  findings: Finding[];
  /** Files this analysis read (itself included): re-run it when any of them changes. */
  dependencies: Set<string>;
  /** How each dependency was used (the file itself: `content`). */
  uses: Map<string, DependencyFacts>;
  /**
   * For a file used as `calls` or `types` through the call graph and the checker alone (engine/project
   * `outline`, `types`): the outermost functions whose bodies the analysis read, by `pos` (analysis/cross-file-summary
   * `units`). An edit of another function's body changes nothing it read.
   */
  bodies: Map<string, Set<number>>;
  /** Rules that threw; the others' findings are still reported. */
  errors: { ruleId: string; message: string }[];
  /** Other files whose findings may have changed with what this analysis saw (see `RuleContext.affects`). */
  affects: Set<string>;
  cancelled?: boolean;
}

/** Run the enabled rules on one document. Never throws because of a rule or of the input. */
export function analyzeDoc(project: Project, doc: SourceDoc, options: AnalyzeOptions): FileAnalysis {
  const analysis: FileAnalysis = { path: doc.path, version: doc.version, findings: [], dependencies: new Set([doc.path]), uses: new Map([[doc.path, 'content']]), bodies: new Map(), errors: [], affects: new Set() };
  /** Files some rule read otherwise than as an outline (all their bodies count). */
  const wholeBodies = new Set<string>([doc.path]);
  const suppressions = readSuppressions(doc);
  for (const rule of options.rules) {
    if (options.isCancelled?.()) {
      analysis.cancelled = true;
      break;
    }
    const setting = options.ruleSettings?.[rule.meta.id];
    if (setting === 'off') continue;
    try {
      if (rule.mayApply && !rule.mayApply(doc)) continue;
      const { uses, bodies } = project.recordDependencies(() => rule.check(contextFor(rule, doc, project, analysis, setting, options.settings ?? {})));
      const read: DependencyFacts = callGraphRules.has(rule.meta.id) ? 'calls' : 'content';
      for (const [d, use] of uses) {
        analysis.dependencies.add(d);
        // The import-closure walk (`imports`) reads no body.
        if (use !== 'imports') {
          const known = read === 'calls' ? knownBodies(use, bodies.get(d)) : undefined;
          if (!known) wholeBodies.add(d);
          else {
            const into = analysis.bodies.get(d) ?? new Set<number>();
            for (const pos of known) into.add(pos);
            analysis.bodies.set(d, into);
          }
        }
        // The checker's reads of a file a rule reads whole are covered by that.
        const facts: DependencyFacts = use === 'imports' ? 'imports' : use === 'whole' ? 'content' : (use === 'types' || use === 'readTypes') && read === 'calls' ? 'types' : read;
        const before = analysis.uses.get(d);
        if (before === undefined || strength[facts] > strength[before]) analysis.uses.set(d, facts);
      }
    } catch (err) {
      analysis.errors.push({ ruleId: rule.meta.id, message: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  }
  for (const d of wholeBodies) analysis.bodies.delete(d);
  analysis.findings = analysis.findings.filter((f) => !isSuppressed(suppressions, f));
  for (const f of analysis.findings) f.fixes.push(ignoreNextLineFix(doc, f));
  analysis.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return analysis;
}

function contextFor(rule: Rule, doc: SourceDoc, project: Project, analysis: FileAnalysis, setting: SeveritySetting | undefined, settings: RuleSettings): RuleContext {
  return {
    doc,
    project,
    settings,
    affects(paths: Iterable<string>) {
      for (const p of paths) if (p !== doc.path) analysis.affects.add(p);
    },
    report(d: ReportDescriptor) {
      const range = d.range ?? (d.node ? doc.nodeRange(d.node) : undefined);
      if (!range) throw new Error(`rule ${rule.meta.id} reported without a node or range`);
      analysis.findings.push({
        ruleId: rule.meta.id,
        // A user's explicit setting wins over the severity a rule picks per finding.
        severity: setting && setting !== 'off' ? setting : d.severity ?? rule.meta.defaultSeverity,
        path: doc.path,
        range,
        message: d.message,
        related: d.related ?? [],
        fixes: d.fixes ? [...d.fixes] : [],
        ...(d.explanation ? { explanation: d.explanation } : {}),
      });
    },
  };
}
