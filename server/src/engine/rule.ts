import type ts from 'typescript';
import type { Fix, Range, RelatedLocation, Severity } from './finding';
import type { Project } from './project';
import type { SourceDoc } from './source';

export interface RuleMeta {
  /** Kebab-case id: the diagnostic code, the settings key and the docs file name. */
  id: string;
  /** One line, shown in docs, in `hotpath check --help` and in hovers. */
  description: string;
  defaultSeverity: Severity;
  /** Whether the rule offers quick fixes. */
  fixable: boolean;
  /**
   * Title of the quick fix that applies every preferred fix of this rule in a file; default
   * "Fix all <id> problems in this file".
   */
  fixAllTitle?: string;
  /** Path of the rule's docs page relative to the extension root: `docs/rules/<id>.md`. */
  docsPath: string;
}

/** What a rule hands to `context.report`. Severity defaults to the rule's default. */
export interface ReportDescriptor {
  /** Where the finding is: a node of `context.doc`, or a range in it. */
  node?: ts.Node;
  range?: Range;
  message: string;
  severity?: Severity;
  related?: RelatedLocation[];
  fixes?: Fix[];
  explanation?: string;
}

/** Settings that change what rules report (beyond severities), passed through by the front ends. */
export interface RuleSettings {
  /** `hotpath.sizedImageClasses`: classes whose CSS gives an image a fixed size (icons). */
  sizedImageClasses?: readonly string[];
  /** `hotpath.importBudgetKb`: heavy-import's budget per import, kB gzip. */
  importBudgetKb?: number;
}

export interface RuleContext {
  readonly doc: SourceDoc;
  readonly settings: RuleSettings;
  /** The workspace: other files (through `getDoc`), module resolution and memos. */
  readonly project: Project;
  report(descriptor: ReportDescriptor): void;
  /**
   * Other files whose findings this analysis found out of date (a handler now reaches a helper
   * another file's finding is about): the language server re-analyses them.
   */
  affects(paths: Iterable<string>): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  /**
   * A cheap test on the text, run before anything is parsed. Return false when the file
   * cannot hold a finding of this rule; most files of a workspace stop here.
   */
  mayApply?(doc: SourceDoc): boolean;
  check(context: RuleContext): void;
}

/** Define a rule; the docs path is derived from the id so no link is typed by hand. */
export function defineRule(rule: { meta: Omit<RuleMeta, 'docsPath'> } & Omit<Rule, 'meta'>): Rule {
  return { ...rule, meta: { ...rule.meta, docsPath: `docs/rules/${rule.meta.id}.md` } };
}
