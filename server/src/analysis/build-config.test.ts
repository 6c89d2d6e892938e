import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
import { aliasedToFile, buildFacts, isOptimized } from './build-config';

function factsOf(files: Record<string, string>, appRoot = '/w', manifestRoot = appRoot) {
  const abs: Record<string, string> = {};
  for (const [rel, text] of Object.entries(files)) abs[`/w/${rel}`] = text;
  return buildFacts(new Project(new MemoryFileHost(abs)), appRoot, manifestRoot);
}

const pkg = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'app', dependencies: { react: '^18.0.0' }, ...extra });

describe('build facts read statically', () => {
  it('babel-plugin-lodash in an env section of .babelrc (comments allowed), and babel-plugin-import for antd', () => {
    const f = factsOf({
      'package.json': pkg(),
      '.babelrc': '{\n  /* prod only */\n  "env": { "production": { "plugins": ["lodash", ["import", { "libraryName": "antd", "style": true }]] } }\n}',
    });
    assert.equal(f.cherryPicked.get('lodash'), 'babel-plugin-lodash in .babelrc');
    assert.equal(f.cherryPicked.get('antd'), 'babel-plugin-import in .babelrc');
    assert.deepEqual(f.unreadable, []);
  });

  it('a monorepo root babel.config.js applies to a package below it; a .babelrc above it does not', () => {
    const f = factsOf(
      {
        'babel.config.js': "module.exports = { plugins: [require.resolve('babel-plugin-lodash')] };\n",
        '.babelrc': '{ "plugins": ["transform-imports"] }',
        'packages/web/package.json': pkg(),
      },
      '/w/packages/web',
    );
    assert.match(f.cherryPicked.get('lodash') ?? '', /^babel-plugin-lodash in \.\.\/\.\.\/babel\.config\.js$/);
    assert.equal(f.cherryPicked.size, 2);
  });

  it('plugins behind a condition or a const are read; a computed list is named, not guessed', () => {
    const read = factsOf({ 'package.json': pkg(), 'babel.config.js': "const isProd = process.env.NODE_ENV === 'production';\nconst plugins = [isProd ? 'lodash' : null];\nmodule.exports = { plugins };\n" });
    assert.ok(read.cherryPicked.has('lodash'));
    const computed = factsOf({ 'package.json': pkg(), 'babel.config.js': "module.exports = { plugins: require('./plugins')() };\n" });
    assert.equal(computed.cherryPicked.size, 0);
    assert.deepEqual(computed.unreadable, ['babel.config.js (plugins computed when the build runs)']);
  });

  it("webpack: a package aliased to a file of the app (path.resolve of a loader's config) is a file alias, exact with $", () => {
    const f = factsOf({
      'package.json': pkg(),
      'webpack.prod.js': [
        "const path = require('path');",
        'module.exports = {',
        "  resolve: { alias: { '@': path.join(process.cwd(), 'client'), 'apollo-link': path.join(process.cwd(), 'node_modules/apollo-link'), 'modernizr$': path.resolve(process.cwd(), 'client/.modernizrrc.js') } },",
        '};',
      ].join('\n'),
    });
    assert.deepEqual([...f.fileAliases].map(([k, v]) => `${k}->${v.to} exact=${v.exact}`), ['modernizr->client/.modernizrrc.js exact=true']);
    assert.equal(aliasedToFile(f, 'modernizr'), 'client/.modernizrrc.js');
    assert.equal(aliasedToFile(f, 'modernizr/src/addTest'), undefined);
    assert.equal(aliasedToFile(f, 'apollo-link'), undefined);
  });

  it('webpack: aliases (object, $ suffix, node_modules paths), lodash-webpack-plugin, moment locales', () => {
    const f = factsOf({
      'package.json': pkg(),
      'webpack.config.js': [
        "const path = require('path');",
        "const LodashModuleReplacementPlugin = require('lodash-webpack-plugin');",
        'module.exports = {',
        "  resolve: { alias: { '@': path.resolve(__dirname, 'src'), 'lodash-es$': path.resolve(__dirname, 'node_modules/lodash'), moment$: 'moment/moment.js' } },",
        '  plugins: [new LodashModuleReplacementPlugin(), new webpack.IgnorePlugin({ resourceRegExp: /^\\.\\/locale$/, contextRegExp: /moment$/ })],',
        '};',
      ].join('\n'),
    });
    assert.deepEqual([...f.aliases].map(([k, v]) => `${k}->${v.to}`), ['lodash-es->lodash', 'moment->moment']);
    assert.equal(f.lodashWebpackPlugin, 'webpack.config.js');
    assert.equal(f.momentLocalesStripped, 'webpack.config.js');
  });

  it('an alias map imported from elsewhere is named as unreadable', () => {
    const f = factsOf({ 'package.json': pkg(), 'vite.config.ts': "import { aliases } from './aliases';\nexport default { resolve: { alias: aliases } };\n" });
    assert.deepEqual(f.unreadable, ['vite.config.ts (alias computed when the build runs)']);
  });

  it("Next: modularizeImports, optimizePackageImports and Next's default list", () => {
    const f = factsOf({
      'package.json': JSON.stringify({ dependencies: { next: '^15.0.0' } }),
      'next.config.ts': "import type { NextConfig } from 'next';\nconst config: NextConfig = { modularizeImports: { '@acme/icons': { transform: '@acme/icons/{{member}}' } }, experimental: { optimizePackageImports: ['@acme/ui'] } };\nexport default config;\n",
    });
    assert.equal(f.cherryPicked.get('@acme/icons'), 'modularizeImports in next.config.ts');
    assert.equal(isOptimized(f, '@acme/ui'), 'optimizePackageImports in next.config.ts');
    assert.equal(isOptimized(f, 'lucide-react'), "Next.js's default optimizePackageImports");
    assert.equal(isOptimized(f, 'react-icons/fa'), "Next.js's default optimizePackageImports");
    assert.equal(isOptimized(f, 'lodash'), undefined);
  });

  it('a config that does not parse as JSON is said so', () => {
    const f = factsOf({ 'package.json': pkg(), '.babelrc': '{ "plugins": [lodash] }' });
    assert.deepEqual(f.unreadable, ['.babelrc (not valid JSON)']);
  });
});
