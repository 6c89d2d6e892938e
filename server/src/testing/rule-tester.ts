/**
 * RuleTester-style tables, as in ESLint: `valid` code must produce no finding, each
 * `invalid` case lists the findings it must produce (1-based lines and columns) and,
 * with `output`, the text after applying the first fix of the first finding.
 *
 * Cases run in an in-memory workspace rooted at /workspace, so a case can bring more files
 * (`files`) to test findings that cross modules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { analyzeDoc } from '../engine/analyze';
import type { Finding } from '../engine/finding';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
import type { Rule, RuleSettings } from '../engine/rule';
import { applyEdits } from './apply-fix';

export const workspaceRoot = '/workspace';

export interface ValidCase {
  /** Shown in the test report; defaults to the first line of code. */
  name?: string;
  code: string;
  /** Path of `code` relative to the workspace root; default `src/server.ts`. */
  filename?: string;
  /** Other files of the workspace, by relative path (bytes for binary files such as images). */
  files?: Record<string, string | Uint8Array>;
  /** Settings beyond severities (`hotpath.sizedImageClasses` …). */
  settings?: RuleSettings;
}

export interface ExpectedFinding {
  message?: string | RegExp;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity?: Finding['severity'];
  /** Related locations, in order: relative file path and 1-based line. */
  related?: { file: string; line: number }[];
  /** Titles of the rule's own fixes (the engine's "Ignore … on this line" is left out). */
  fixes?: string[];
}

/** The finding expected at 1-based `line` and `column`, with `more` of it (message, related, …) when a test checks them. */
export const at = (line: number, column: number, more: ExpectedFinding = {}): ExpectedFinding => ({ line, column, ...more });

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The text after applying the first fix of the first finding. */
  output?: string;
  /** Check on the fixed text, e.g. that it parses and type-checks. */
  checkOutput?: (output: string, filename: string) => void;
}

export interface RunResult {
  findings: Finding[];
  path: string;
}

export function runRule(rule: Rule, c: ValidCase): RunResult {
  const filename = c.filename ?? 'src/server.ts';
  const files: Record<string, string | Uint8Array> = {};
  for (const [rel, text] of Object.entries(c.files ?? {})) files[`${workspaceRoot}/${rel}`] = text;
  const path = `${workspaceRoot}/${filename}`;
  files[path] = c.code;
  const project = new Project(new MemoryFileHost(files));
  const listed = Object.keys(files);
  project.listFiles = () => listed;
  const doc = project.getDoc(path);
  assert.ok(doc, `fixture ${filename} was not readable`);
  const analysis = analyzeDoc(project, doc, { rules: [rule], ...(c.settings ? { settings: c.settings } : {}) });
  assert.deepEqual(analysis.errors, [], 'the rule threw');
  return { findings: analysis.findings, path };
}

/** The rule's own fixes, without the engine's suppression fix. */
export function ruleFixes(f: Finding) {
  return f.fixes.filter((x) => !x.title.startsWith('Ignore '));
}

function caseName(c: ValidCase): string {
  return c.name ?? c.code.trim().split('\n').find((l) => l.trim() && !l.trim().startsWith('import'))?.trim().slice(0, 90) ?? '(empty)';
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}`).join('\n') || '  (none)';
}

export interface RuleTables {
  valid: (ValidCase | string)[];
  invalid: InvalidCase[];
}

let otherRunner: ((rule: Rule, tables: RuleTables) => void) | undefined;

/**
 * Hand the tables the rule test files declare to another front end's tester (the ESLint plugin
 * runs them through ESLint's RuleTester) instead of running them on the engine here: one set of
 * tables for every front end.
 */
export function runRuleTablesWith(runner: ((rule: Rule, tables: RuleTables) => void) | undefined): void {
  otherRunner = runner;
}

export function ruleTester(rule: Rule, tables: RuleTables): void {
  if (otherRunner) return otherRunner(rule, tables);
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const raw of tables.valid) {
        const c = typeof raw === 'string' ? { code: raw } : raw;
        it(caseName(c), () => {
          const { findings } = runRule(rule, c);
          assert.equal(findings.length, 0, `expected no findings, got:\n${describeFindings(findings)}`);
        });
      }
    });
    describe('invalid', () => {
      for (const c of tables.invalid) {
        it(caseName(c), () => {
          const { findings } = runRule(rule, c);
          assert.equal(findings.length, c.errors.length, `expected ${c.errors.length} findings, got:\n${describeFindings(findings)}`);
          c.errors.forEach((e, i) => checkFinding(findings[i]!, e, i));
          if (c.output !== undefined || c.checkOutput) {
            const fix = ruleFixes(findings[0]!)[0];
            assert.ok(fix, 'expected a fix on the first finding');
            const output = applyEdits(c.code, fix.edits);
            if (c.output !== undefined) assert.equal(output, c.output);
            c.checkOutput?.(output, c.filename ?? 'src/server.ts');
          }
        });
      }
    });
  });
}

function checkFinding(f: Finding, e: ExpectedFinding, i: number): void {
  const where = `finding #${i + 1} (${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message})`;
  if (e.message instanceof RegExp) assert.match(f.message, e.message, where);
  else if (e.message !== undefined) assert.equal(f.message, e.message, where);
  if (e.line !== undefined) assert.equal(f.range.start.line + 1, e.line, `${where}: line`);
  if (e.column !== undefined) assert.equal(f.range.start.character + 1, e.column, `${where}: column`);
  if (e.endLine !== undefined) assert.equal(f.range.end.line + 1, e.endLine, `${where}: endLine`);
  if (e.endColumn !== undefined) assert.equal(f.range.end.character + 1, e.endColumn, `${where}: endColumn`);
  if (e.severity !== undefined) assert.equal(f.severity, e.severity, `${where}: severity`);
  if (e.related !== undefined) {
    assert.deepEqual(
      f.related.map((r) => ({ file: r.path.slice(workspaceRoot.length + 1), line: r.range.start.line + 1 })),
      e.related,
      `${where}: related locations`,
    );
  }
  if (e.fixes !== undefined) assert.deepEqual(ruleFixes(f).map((x) => x.title), e.fixes, `${where}: fixes`);
}

/** Assert that a text parses without syntax errors as the given file kind. */
export function assertParses(text: string, filename: string): void {
  const sf = ts.createSourceFile(filename, text, ts.ScriptTarget.Latest, true);
  const diags = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  assert.deepEqual(diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], `fixed code does not parse:\n${text}`);
}
