/**
 * eslint-plugin-hotpath: in eslint.config.js
 *
 *   import hotpath from 'eslint-plugin-hotpath';
 *   export default [hotpath.configs.recommended];
 *
 * Built to dist/index.js (scripts/build.mjs) beside the rule docs in docs/rules/.
 */
import * as path from 'node:path';
import { createPlugin } from './plugin';
import { sharedCostSource } from './sync-costs';

const packageRoot = path.resolve(__dirname, '..');

export = createPlugin({
  docsDir: path.join(packageRoot, 'docs'),
  // Read at build time: esbuild inlines the JSON.
  version: (require('../package.json') as { version: string }).version,
  costs: sharedCostSource,
});
