/**
 * ESLint with the rules closest to Hotpath's, installed for the benchmark only (into .work/,
 * never the project's dependencies): `no-await-in-loop` (n-plus-one), a `no-restricted-syntax`
 * selector for `*Sync` calls (sync-in-handler), `no-restricted-imports` for lodash and moment
 * (heavy-import) and `@next/next/no-img-element` (image-dimensions). TypeScript files go through
 * @typescript-eslint/parser, JavaScript through ESLint's own parser, as a real project does.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parityConfigText } from '../../eslint-plugin-hotpath/src/parity';
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

/**
 * ESLint with eslint-plugin-hotpath as a user installs it: the package `npm pack` makes of this
 * repository's build, beside the same ESLint and typescript-eslint parser as above and one
 * TypeScript for both (the plugin's), so the plugin analyses the trees that parser builds.
 */
export const pluginPeers = ['eslint@10.15.0', '@typescript-eslint/parser@8.73.0', 'typescript@5.9.3'];

export interface EslintPluginSetup {
  bin: string;
  /** Every file through typescript-eslint's parser: the plugin reuses its tree. */
  typescriptEslintConfig: string;
  /** The same with the tree withheld from the plugin, which parses again: what the reuse saves. */
  withheldTreeConfig: string;
  /** JavaScript through espree, TypeScript through typescript-eslint: the engine parses the JavaScript it needs again. */
  espreeConfig: string;
}

export function setupEslintPlugin(workDir: string, repo: string): EslintPluginSetup {
  const dir = path.join(workDir, 'eslint-hotpath');
  npmInstall(dir, pluginPeers);
  // Packed from the current build every time (a rebuilt plugin keeps its version number).
  const packed = execFileSync('npm', ['pack', '--silent', '-w', 'eslint-plugin-hotpath', '--pack-destination', dir], { cwd: repo, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  // npm takes a tarball at the same path for the package it installed before: remove that first.
  fs.rmSync(path.join(dir, 'node_modules/eslint-plugin-hotpath'), { recursive: true, force: true });
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', path.join(dir, packed)], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  const typescriptEslintConfig = path.join(dir, 'eslint.typescript-eslint.config.mjs');
  const espreeConfig = path.join(dir, 'eslint.espree.config.mjs');
  const withheldTreeConfig = path.join(dir, 'eslint.withheld-tree.config.mjs');
  fs.writeFileSync(withheldTreeConfig, parityConfigText('eslint-plugin-hotpath', '@typescript-eslint/parser', true, true));
  fs.writeFileSync(typescriptEslintConfig, parityConfigText('eslint-plugin-hotpath', '@typescript-eslint/parser', true));
  fs.writeFileSync(espreeConfig, parityConfigText('eslint-plugin-hotpath', '@typescript-eslint/parser'));
  return { bin: path.join(dir, 'node_modules/eslint/bin/eslint.js'), typescriptEslintConfig, withheldTreeConfig, espreeConfig };
}
