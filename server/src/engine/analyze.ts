import type { SeveritySetting } from '../../../shared/protocol';
import type { Finding } from './finding';
import type { Project } from './project';
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

export interface FileAnalysis {
  path: string;
  version: string;
  findings: Finding[];
  /** Files this analysis read (itself included): re-run it when any of them changes. */
  dependencies: Set<string>;
  /** Rules that threw; the others' findings are still reported. */
  errors: { ruleId: string; message: string }[];
  /** Other files whose findings may have changed with what this analysis saw (see `RuleContext.affects`). */
  affects: Set<string>;
  cancelled?: boolean;
}

/** Run the enabled rules on one document. Never throws because of a rule or of the input. */
export function analyzeDoc(project: Project, doc: SourceDoc, options: AnalyzeOptions): FileAnalysis {
  const analysis: FileAnalysis = { path: doc.path, version: doc.version, findings: [], dependencies: new Set([doc.path]), errors: [], affects: new Set() };
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
      const { dependencies } = project.recordDependencies(() => rule.check(contextFor(rule, doc, project, analysis, setting, options.settings ?? {})));
      for (const d of dependencies) analysis.dependencies.add(d);
    } catch (err) {
      analysis.errors.push({ ruleId: rule.meta.id, message: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  }
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
