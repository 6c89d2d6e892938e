/**
 * What a rule produces. Positions are 0-based lines and UTF-16 characters, exactly as in LSP
 * and as TypeScript counts them, so nothing is converted until a front end prints them.
 */

export type Severity = 'error' | 'warning' | 'info';

export const severityRank: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
  /**
   * The same edit as an LSP snippet (`width={${1:640}}`) for editors that accept snippet
   * edits, so the cursor lands on each placeholder; `newText` is what other editors insert.
   */
  snippet?: string;
}

/** A quick fix: edits to the file the finding is in (and, for one change across files, to others). */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /**
   * The same change in other files, applied together with `edits`: heavy-import reports a
   * whole-package import once per app, and its fix rewrites every import of the package.
   */
  otherFiles?: { path: string; edits: TextEdit[] }[];
  /** The fix an editor applies by default (`isPreferred` in LSP, used by fix-all). */
  preferred?: boolean;
}

/** Another place that explains the finding, e.g. the blocking call a handler reaches. */
export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Absolute path with forward slashes. */
  path: string;
  range: Range;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
  /** Markdown shown on hover: why this costs time and what to do. */
  explanation?: string;
}
