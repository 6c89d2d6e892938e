/**
 * A Hotpath rule as an ESLint rule: the engine's `analyzeDoc` runs the rule on the file ESLint is
 * linting and each finding becomes an ESLint message with the same message and range. The
 * preferred fix (the one `hotpath fix` and an editor's fix-all apply) becomes ESLint's `fix`;
 * the others become suggestions. Nothing about the rule is re-implemented here.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule as EslintRule } from 'eslint';
import type ts from 'typescript';
import { analyzeDoc } from '../../server/src/engine/analyze';
import type { Fix } from '../../server/src/engine/finding';
import { withLintDocument } from '../../server/src/engine/lint-doc';
import type { Rule } from '../../server/src/engine/rule';
import type { SourceDoc } from '../../server/src/engine/source';
import { ignoreNextLineFix } from '../../server/src/engine/suppression';
import { optionsSchema, ruleSettingsOf, type RuleOptions } from './options';
import type { Projects } from './projects';
import { worthAnalyzing } from './skip';

export interface RuleEnvironment {
  projects: Projects;
  /** Folder holding `rules/<id>.md` (the package's `docs/`). */
  docsDir: string;
}

export function eslintRule(rule: Rule, env: RuleEnvironment): EslintRule.RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description: rule.meta.description, recommended: true, url: pathToFileURL(path.join(env.docsDir, 'rules', `${rule.meta.id}.md`)).href },
      ...(rule.meta.fixable ? { fixable: 'code' as const, hasSuggestions: true } : {}),
      schema: optionsSchema(rule.meta.id),
    },
    create(context) {
      return {
        Program(node) {
          const file = path.resolve(context.cwd, context.filename);
          const text = context.sourceCode.text;
          // '<input>' and other names ESLint gives text without a file: nothing to resolve imports from.
          if (!path.isAbsolute(context.filename) && context.filename.startsWith('<')) return;
          if (!worthAnalyzingOnce(context.sourceCode, file, text)) return;
          const options = (context.options[0] ?? {}) as RuleOptions;
          const project = env.projects.projectFor(context.cwd, options.dataAccess, file);
          try {
            withLintDocument(project, file, text, parsedTree(context, node), (doc) => {
              const analysis = analyzeDoc(project, doc, { rules: [rule], settings: ruleSettingsOf(options) });
              // A rule that crashed on this file says so on the file, as the CLI does on stderr, and the
              // lint run goes on (a thrown error would stop ESLint on every file).
              for (const crash of analysis.errors) {
                context.report({ loc: { line: 1, column: 0 }, message: `Hotpath's ${crash.ruleId} could not analyse this file (please report it): ${crash.message.split('\n')[0]}` });
              }
              for (const f of analysis.findings) {
                const fixes = f.fixes.filter((x) => !isIgnoreFix(doc, f, x));
                const preferred = fixes.find((x) => x.preferred);
                context.report({
                  message: f.message,
                  loc: { start: { line: f.range.start.line + 1, column: f.range.start.character }, end: { line: f.range.end.line + 1, column: f.range.end.character } },
                  ...(preferred ? { fix: toEslintFix(doc, preferred) } : {}),
                  suggest: fixes.filter((x) => x !== preferred).map((x) => ({ desc: x.title, fix: toEslintFix(doc, x) })),
                });
              }
            });
          } finally {
            // Trees of files read for cross-file facts stay within the project's budget between files.
            project.trimCache();
            env.projects.touch();
          }
        },
      };
    },
  };
}

/** The four rules see the same SourceCode object for a file: its text is looked at once. */
const worth = new WeakMap<object, boolean>();

function worthAnalyzingOnce(sourceCode: object, file: string, text: string): boolean {
  let answer = worth.get(sourceCode);
  if (answer === undefined) worth.set(sourceCode, (answer = worthAnalyzing(file, text)));
  return answer;
}

/**
 * The TypeScript tree typescript-eslint's parser built for this file (it keeps a map from its
 * ESTree nodes to TypeScript's: the Program maps to the SourceFile). Other parsers have none.
 */
function parsedTree(context: EslintRule.RuleContext, program: unknown): ts.SourceFile | undefined {
  const services = context.sourceCode.parserServices as { esTreeNodeToTSNodeMap?: { get(node: unknown): unknown } } | undefined;
  const tree = services?.esTreeNodeToTSNodeMap?.get(program) as ts.SourceFile | undefined;
  return tree && typeof tree.text === 'string' ? tree : undefined;
}

/** The engine's own "Ignore … on this line" fix: ESLint users have `eslint-disable-next-line`. */
function isIgnoreFix(doc: SourceDoc, finding: Parameters<typeof ignoreNextLineFix>[1], fix: Fix): boolean {
  return fix.title === ignoreNextLineFix(doc, finding).title;
}

function toEslintFix(doc: SourceDoc, fix: Fix): EslintRule.ReportFixer {
  return (fixer) => fix.edits.map((e) => fixer.replaceTextRange([doc.offsetAt(e.range.start), doc.offsetAt(e.range.end)], e.newText));
}
