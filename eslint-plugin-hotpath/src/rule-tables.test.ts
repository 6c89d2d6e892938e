/**
 * The rule tables of server/src/rules/*.test.ts, run through ESLint's RuleTester with the plugin:
 * every valid case must give no ESLint message, every invalid case the table's messages at the
 * table's lines and columns. The tables are the rule test files' own (runRuleTablesWith hands them
 * here); the test files' other tests run here again, unchanged.
 *
 * What ESLint applies is checked too: its `output` (every preferred fix, as `eslint --fix`) and each
 * suggestion's must be the engine's edits applied to the text (what `hotpath fix` and the editor
 * write), and where the table states the fixed text, it must be that; fixed code goes through the
 * table's own checks (parses, type-checks).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { RuleTester } from 'eslint';
import { applyEdits, selectFixes } from '../../server/src/engine/fix-selection';
import { MemoryFileHost } from '../../server/src/engine/host';
import type { Rule } from '../../server/src/engine/rule';
import { SourceDoc } from '../../server/src/engine/source';
import { type InvalidCase, type RuleTables, ruleFixes, runRule, runRuleTablesWith, type ValidCase, workspaceRoot } from '../../server/src/testing/rule-tester';
import { createPlugin } from './plugin';
import { languageOptionsFor } from './testing/parsers';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester();
let cases = 0;

function caseName(c: ValidCase): string {
  return c.name ?? c.code.trim().split('\n').find((l) => l.trim() && !l.trim().startsWith('import'))?.trim().slice(0, 90) ?? '(empty)';
}

/**
 * The plugin over an in-memory workspace holding the case's files, the linted one included (on
 * disk it is there too: a folder's listing names it).
 */
function eslintRuleFor(rule: Rule, c: ValidCase) {
  const files: Record<string, string | Uint8Array> = {};
  for (const [rel, text] of Object.entries(c.files ?? {})) files[`${workspaceRoot}/${rel}`] = text;
  files[`${workspaceRoot}/${c.filename ?? 'src/server.ts'}`] = c.code;
  const plugin = createPlugin({ host: new MemoryFileHost(files), cwd: workspaceRoot, docsDir: path.join(__dirname, '../../docs'), version: '0.0.0-test' });
  return plugin.rules[rule.meta.id]!;
}

function baseCase(c: ValidCase) {
  const filename = `${workspaceRoot}/${c.filename ?? 'src/server.ts'}`;
  return {
    name: caseName(c),
    code: c.code,
    filename,
    languageOptions: languageOptionsFor(filename),
    ...(c.settings ? { options: [c.settings] } : {}),
  };
}

function invalidCase(rule: Rule, c: InvalidCase) {
  // How the engine fixes this code: the oracle for what ESLint must write.
  const { findings } = runRule(rule, c);
  const preferred = new Set(selectFixes(findings));
  const fixed = applyEdits(c.code, [...preferred].flatMap((f) => f.edits));
  if (c.output !== undefined && findings.length === 1 && ruleFixes(findings[0]!)[0]?.preferred) {
    // The table's own fixed text, where ESLint's whole-file fix is that one fix.
    assert.equal(fixed, c.output, `${caseName(c)}: the table's output`);
  }
  if (preferred.size > 0) c.checkOutput?.(fixed, c.filename ?? 'src/server.ts');
  return {
    ...baseCase(c),
    output: preferred.size > 0 ? fixed : null,
    errors: c.errors.map((e, i) => {
      const finding = findings[i];
      const suggestions = finding ? ruleFixes(finding).filter((x) => !x.preferred) : [];
      return {
        // ESLint's tester wants a message; where the table states none, it checks none either.
        ...(e.message !== undefined ? { message: e.message } : finding ? { message: finding.message } : {}),
        ...(e.line !== undefined ? { line: e.line } : {}),
        ...(e.column !== undefined ? { column: e.column } : {}),
        ...(e.endLine !== undefined ? { endLine: e.endLine } : {}),
        ...(e.endColumn !== undefined ? { endColumn: e.endColumn } : {}),
        suggestions: suggestions.map((s) => ({ desc: s.title, output: applyEdits(c.code, s.edits) })),
      };
    }),
  };
}

/** Code with a syntax error: ESLint reports the parse error and runs no rule (Hotpath reads it anyway). */
function unparsable(c: ValidCase): boolean {
  const doc = new SourceDoc(`${workspaceRoot}/${c.filename ?? 'src/server.ts'}`, c.code, '0');
  return doc.isScript && doc.parseErrorCount > 0;
}

function eslintTables(rule: Rule, tables: RuleTables): void {
  describe(`hotpath/${rule.meta.id} in ESLint's RuleTester`, () => {
    for (const raw of tables.valid) {
      const c = typeof raw === 'string' ? { code: raw } : raw;
      cases++;
      if (unparsable(c)) it(caseName(c), { skip: 'a syntax error: ESLint lints no code its parser rejects' });
      else tester.run(caseName(c), eslintRuleFor(rule, c), { valid: [baseCase(c)], invalid: [] });
    }
    for (const c of tables.invalid) {
      cases++;
      if (unparsable(c)) it(caseName(c), { skip: 'a syntax error: ESLint lints no code its parser rejects' });
      // An invalid case that expects no finding (a table's way of keeping a near miss beside its
      // reported twins) is a valid case to ESLint, which requires errors in invalid ones.
      else if (c.errors.length === 0) tester.run(caseName(c), eslintRuleFor(rule, c), { valid: [baseCase(c)], invalid: [] });
      else tester.run(caseName(c), eslintRuleFor(rule, c), { valid: [], invalid: [invalidCase(rule, c)] });
    }
  });
}

runRuleTablesWith(eslintTables);
for (const id of ['heavy-import', 'image-dimensions', 'n-plus-one', 'sync-in-handler']) require(`../../server/src/rules/${id}.test`);
runRuleTablesWith(undefined);

after(() => {
  // A table that went missing (renamed file, a rule test that stopped calling ruleTester) fails here.
  assert.ok(cases > 200, `only ${cases} table cases reached ESLint's RuleTester`);
});
