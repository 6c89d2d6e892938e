/**
 * Fixes of findings → LSP code actions: one quick fix per fix of a finding, and a
 * `source.fixAll.hotpath` action that applies every preferred fix that does not collide
 * with another. Pure, so the merging is unit-tested without a process.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type SnippetTextEdit, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Finding, Fix, TextEdit } from '../engine/finding';
import { pathToUri } from './uri';
import { mergePreferredFixes } from '../engine/fix-selection';
import { findRule } from '../rules/index';

export const fixAllKind = `${CodeActionKind.SourceFixAll}.hotpath`;

/**
 * Whether a client asking for `only` these kinds wants actions of `kind`. Kinds are
 * hierarchical: asking for `source.fixAll` includes `source.fixAll.hotpath`.
 */
export function wantsKind(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export interface QuickFixOptions {
  /** The client accepts LSP 3.18 snippet edits (`workspace.workspaceEdit.snippetEditSupport`). */
  snippets?: boolean;
  /** Every finding of the file, for "Fix all <rule> problems in this file". */
  fileFindings?: readonly Finding[];
}

export function quickFixes(uri: string, finding: Finding, diagnostic: Diagnostic, options: QuickFixOptions = {}): CodeAction[] {
  const actions: CodeAction[] = finding.fixes.map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred === true,
    edit: withOtherFiles(workspaceEdit(uri, fix.edits, options.snippets === true), fix.otherFiles),
  }));
  const ruleAll = options.fileFindings ? ruleFixAllAction(uri, finding.ruleId, options.fileFindings) : undefined;
  if (ruleAll) actions.push(ruleAll);
  return actions;
}

/**
 * Edits with a snippet go out as `SnippetTextEdit`s (placeholders the user tabs through) when
 * the client accepts them; other clients get the plain text.
 */
function workspaceEdit(uri: string, edits: readonly TextEdit[], snippets: boolean): WorkspaceEdit {
  if (!snippets || !edits.some((e) => e.snippet !== undefined)) return { changes: { [uri]: edits.map(toLspEdit) } };
  const lspEdits: (LspTextEdit | SnippetTextEdit)[] = edits.map((e) =>
    e.snippet !== undefined ? { range: e.range, snippet: { kind: 'snippet', value: e.snippet } } : toLspEdit(e),
  );
  return { documentChanges: [{ textDocument: { uri, version: null }, edits: lspEdits }] };
}

/** A fix's edits to other files (every import of a package), as more changes of the same edit. */
function withOtherFiles(edit: WorkspaceEdit, others: Fix['otherFiles']): WorkspaceEdit {
  if (!others || others.length === 0) return edit;
  if (edit.changes) {
    const changes = { ...edit.changes };
    for (const o of others) changes[pathToUri(o.path)] = o.edits.map(toLspEdit);
    return { changes };
  }
  return { documentChanges: [...(edit.documentChanges ?? []), ...others.map((o) => ({ textDocument: { uri: pathToUri(o.path), version: null }, edits: o.edits.map(toLspEdit) }))] };
}

/**
 * "Fix all <rule> problems in this file" (or the rule's own `fixAllTitle`): the preferred fixes
 * of one rule's findings, merged like fix-all. Offered beside a finding's own fixes when at
 * least two findings have one.
 */
export function ruleFixAllAction(uri: string, ruleId: string, findings: readonly Finding[]): CodeAction | undefined {
  const mine = findings.filter((f) => f.ruleId === ruleId);
  if (mine.filter((f) => f.fixes.some((x) => x.preferred)).length < 2) return undefined;
  const edits = mergePreferredFixes(mine);
  if (edits.length === 0) return undefined;
  const title = findRule(ruleId)?.meta.fixAllTitle ?? `Fix all ${ruleId} problems in this file`;
  return { title, kind: CodeActionKind.QuickFix, edit: { changes: { [uri]: edits.map(toLspEdit) } } };
}

function toLspEdit(e: TextEdit): LspTextEdit {
  return { range: e.range, newText: e.newText };
}

export function fixAllAction(uri: string, findings: readonly Finding[]): CodeAction | undefined {
  const edits = mergePreferredFixes(findings);
  if (edits.length === 0) return undefined;
  return { title: 'Fix all Hotpath problems', kind: fixAllKind, edit: { changes: { [uri]: edits.map(toLspEdit) } } };
}
