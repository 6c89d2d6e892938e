/**
 * ESLint with the rules closest to Hotpath's, installed for the benchmark only (into .work/,
 * never the project's dependencies): `no-await-in-loop` (n-plus-one), a `no-restricted-syntax`
 * selector for `*Sync` calls (sync-in-handler), `no-restricted-imports` for lodash and moment
 * (heavy-import) and `@next/next/no-img-element` (image-dimensions). TypeScript files go through
 * @typescript-eslint/parser, JavaScript through ESLint's own parser, as a real project does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { npmInstall } from './corpus';

export const eslintPackages = ['eslint@10.15.0', '@typescript-eslint/parser@8.73.0', '@next/eslint-plugin-next@16.4.6'];

const config = `import tsParser from '@typescript-eslint/parser';
import nextPlugin from '@next/eslint-plugin-next';

const rules = {
  'no-await-in-loop': 'warn',
  'no-restricted-syntax': ['warn', {
    selector: 'CallExpression[callee.name=/Sync$/], CallExpression[callee.property.name=/Sync$/]',
    message: 'Synchronous call: blocks the event loop',
  }],
  'no-restricted-imports': ['warn', { paths: [
    { name: 'lodash', message: 'Import per method' },
    { name: 'moment', message: 'Use date-fns or dayjs' },
  ] }],
  '@next/next/no-img-element': 'warn',
};

export default [
  {
    files: ['**/*.{js,mjs,cjs,jsx}'],
    plugins: { '@next/next': nextPlugin },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    rules,
  },
  {
    files: ['**/*.{ts,mts,cts,tsx}'],
    plugins: { '@next/next': nextPlugin },
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    rules,
  },
];
`;

export interface EslintSetup {
  bin: string;
  config: string;
}

export function setupEslint(workDir: string): EslintSetup {
  const dir = path.join(workDir, 'eslint');
  npmInstall(dir, eslintPackages);
  const configFile = path.join(dir, 'eslint.config.mjs');
  fs.writeFileSync(configFile, config);
  return { bin: path.join(dir, 'node_modules/eslint/bin/eslint.js'), config: configFile };
}
