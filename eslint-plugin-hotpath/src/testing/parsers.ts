/**
 * How the plugin's tests parse each kind of file, as a project's eslint.config.js would: TypeScript
 * through typescript-eslint's parser (whose tree the plugin reuses), JavaScript through ESLint's own
 * espree with JSX, Vue through vue-eslint-parser (its <script> through typescript-eslint's). HTML and
 * Svelte go through `markupParser`, a stand-in for @html-eslint/parser and svelte-eslint-parser: to
 * Hotpath only the file's text matters there (the engine parses it itself), so the stand-in gives
 * ESLint an empty program over the whole text.
 */
import type { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

export const markupParser: Linter.Parser = {
  meta: { name: 'hotpath-test-markup' },
  parseForESLint(code: string) {
    const lines = code.split(/\r\n|\r|\n/);
    const ast = {
      type: 'Program',
      body: [],
      sourceType: 'module',
      range: [0, code.length],
      loc: { start: { line: 1, column: 0 }, end: { line: lines.length, column: lines.at(-1)!.length } },
      tokens: [],
      comments: [],
    };
    return { ast, visitorKeys: { Program: [] } } as unknown as Linter.ESLintParseResult;
  },
};

export function languageOptionsFor(filename: string): Linter.LanguageOptions {
  if (/\.[cm]?tsx?$/.test(filename)) return { parser: tseslint.parser as Linter.Parser };
  if (filename.endsWith('.vue')) return { parser: vueParser as Linter.Parser, parserOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' } };
  if (/\.(?:html?|svelte)$/.test(filename)) return { parser: markupParser };
  return { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } };
}
