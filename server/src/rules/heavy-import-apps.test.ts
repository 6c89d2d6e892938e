/**
 * heavy-import on whole apps, written to disk the way real front ends are laid out: which files a
 * browser bundle reaches, what the build does to an import (babel-plugin-lodash, aliases, Next
 * config, stripped moment locales), packages bundled anyway, and one finding per package and app.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeDoc } from '../engine/analyze';
import type { Finding } from '../engine/finding';
import { NodeFileHost } from '../engine/host';
import { Project } from '../engine/project';
import { tempWorkspace } from '../testing/temp-workspace';
import { heavyImport } from './heavy-import';
import { lockfileFixtures } from '../analysis/lockfile-fixtures';

const removers: (() => void)[] = [];
after(() => {
  for (const r of removers) r();
});

interface AppFinding {
  file: string;
  severity: string;
  line: number;
  message: string;
  related: string[];
  explanation: string;
}

/** Analyses every listed source file of the workspace, as `hotpath check` does, and returns the findings. */
function check(files: Record<string, string>): AppFinding[] {
  const ws = tempWorkspace('heavy-apps', files);
  removers.push(ws.remove);
  const project = new Project(new NodeFileHost());
  const out: Finding[] = [];
  for (const rel of Object.keys(files).sort()) {
    if (!/\.(tsx?|jsx?|vue|svelte)$/.test(rel)) continue;
    const doc = project.getDoc(path.join(ws.dir, rel))!;
    const analysis = analyzeDoc(project, doc, { rules: [heavyImport] });
    assert.deepEqual(analysis.errors, []);
    out.push(...analysis.findings);
  }
  const rel = (p: string) => path.relative(ws.dir, p);
  return out.map((f) => ({ file: rel(f.path), severity: f.severity, line: f.range.start.line + 1, message: f.message, related: f.related.map((r) => `${rel(r.path)}:${r.range.start.line + 1}`), explanation: f.explanation ?? '' }));
}

const manifest = (deps: Record<string, string>, extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'app', private: true, dependencies: deps, ...extra });

const viteApp = (deps: Record<string, string> = {}) => ({
  'package.json': manifest({ react: '^18.3.0', 'react-dom': '^18.3.0', vite: '^5.4.0', lodash: '^4.17.21', ...deps }),
  'index.html': '<!doctype html><div id="root"></div><script type="module" src="/src/main.tsx"></script>',
  'src/main.tsx': "import { createRoot } from 'react-dom/client';\nimport { App } from './App';\ncreateRoot(document.getElementById('root')!).render(<App />);\n",
});

describe('heavy-import: one finding per package and client app', () => {
  it('reports whole lodash once, where the first importer is, with the other importers as related locations', () => {
    const findings = check({
      ...viteApp(),
      'src/App.tsx': "import { debounce } from 'lodash';\nimport { Search } from './Search';\nimport { Cart } from './cart/Cart';\nexport const App = () => <><Search /><Cart /></>;\nexport const save = debounce(() => {}, 100);\n",
      'src/Search.tsx': "import { useMemo } from 'react';\nimport _ from 'lodash';\nexport const Search = () => { const f = useMemo(() => _.throttle(() => {}, 50), []); return <input onChange={f} />; };\n",
      'src/cart/Cart.tsx': "import { sumBy } from 'lodash';\nexport const Cart = () => <p>{sumBy([{ p: 1 }], 'p')}</p>;\n",
    });
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f!.file, 'src/App.tsx');
    assert.equal(f!.line, 1);
    assert.deepEqual(f!.related.sort(), ['src/Search.tsx:2', 'src/cart/Cart.tsx:1']);
    assert.match(f!.message, /^'lodash' is a known heavy import \(≈ 26 kB gzip\), imported by 3 files of this app/);
    assert.match(f!.message, /Checked: no babel-plugin-lodash or modularizeImports for it; no resolve\.alias of it\.$/);
  });

  it('reports nothing in a folder the client entries never reach (a Koa server beside the client in one package)', () => {
    const findings = check({
      ...viteApp(),
      'src/App.tsx': "import { groupBy } from 'lodash';\nexport const App = () => <p>{Object.keys(groupBy([1, 2], (n) => n % 2)).length}</p>;\n",
      // No import of a server package here: only the client's entries say this is not browser code.
      'server/utils/collections.ts': "import _ from 'lodash';\nexport const byId = (rows: { id: string }[]) => _.keyBy(rows, 'id');\n",
      'server/utils/dates.ts': "import moment from 'moment';\nexport const stamp = () => moment().toISOString();\n",
    });
    assert.deepEqual(
      findings.map((f) => f.file),
      ['src/App.tsx'],
    );
  });

  it('a file that imports express and calls listen is server code even in a React app', () => {
    const findings = check({
      'package.json': manifest({ react: '^18.3.0', 'react-dom': '^18.3.0', express: '^4.21.0', moment: '^2.30.0' }),
      'src/server.ts': "import express from 'express';\nimport moment from 'moment';\nconst app = express();\napp.get('/time', (_req, res) => res.send(moment().format()));\napp.listen(3000);\n",
    });
    assert.deepEqual(findings, []);
  });

  it('type-only imports do not make a shared file browser code', () => {
    const findings = check({
      ...viteApp(),
      'src/App.tsx': "import type { Order } from '../shared/order';\nexport const App = ({ o }: { o?: Order }) => <p>{o?.id}</p>;\n",
      'shared/order.ts': "import moment from 'moment';\nexport interface Order { id: string }\nexport const due = () => moment().add(3, 'days');\n",
    });
    assert.deepEqual(findings, []);
  });
});

describe('heavy-import: Nx api + client', () => {
  const nx = {
    'package.json': manifest({ '@angular/core': '^17.0.0', '@nestjs/core': '^10.0.0', moment: '^2.30.0' }),
    'nx.json': '{}',
    'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@acme/dto': ['libs/dto/src/index.ts'] } } }),
    'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { baseUrl: '.', paths: { '@acme/dto': ['libs/dto/src/index.ts'] } } }),
    'apps/api/project.json': JSON.stringify({ name: 'api', projectType: 'application', targets: { build: { executor: '@nx/webpack:webpack', options: { target: 'node', main: 'apps/api/src/main.ts' } } } }),
    'apps/api/src/main.ts': "import { bootstrap } from './app';\nbootstrap();\n",
    'apps/api/src/app.ts': "import moment from 'moment';\nexport function bootstrap() { console.log('started', moment().format()); }\n",
    'apps/web/project.json': JSON.stringify({ name: 'web', projectType: 'application', targets: { build: { executor: '@angular-devkit/build-angular:browser', options: { main: 'apps/web/src/main.ts' } } } }),
    'apps/web/src/main.ts': "import { platformBrowser } from '@angular/platform-browser';\nimport { AppModule } from './app/app.module';\nplatformBrowser().bootstrapModule(AppModule);\n",
    'apps/web/src/app/app.module.ts': "import * as moment from 'moment';\nimport type { OrderDto } from '@acme/dto';\nimport { DuePipe } from './due.pipe';\nexport class AppModule { due = DuePipe; now = moment(); o?: OrderDto; }\n",
    'apps/web/src/app/due.pipe.ts': "import * as moment from 'moment';\nexport class DuePipe { transform(d: string) { return moment(d).fromNow(); } }\n",
    'libs/dto/project.json': JSON.stringify({ name: 'dto', projectType: 'library' }),
    'libs/dto/src/index.ts': "import moment from 'moment';\nexport class OrderDto { id = ''; created = moment().toISOString(); }\n",
  };

  it('reports the client once, and neither the Node api nor a library the client imports only as types', () => {
    const findings = check(nx);
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}`),
      ['apps/web/src/app/app.module.ts:1'],
    );
    assert.deepEqual(findings[0]!.related, ['apps/web/src/app/due.pipe.ts:1']);
  });

  // The usual Nx layout: the app's tsconfig.json extends tsconfig.base.json, which alone holds the paths.
  const extendsBase = {
    ...nx,
    'tsconfig.json': undefined,
    'apps/web/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { strict: true } }),
    'apps/web/src/app/app.module.ts': "import { DuePipe } from './due.pipe';\nimport { TimeAgo } from '@acme/time';\nexport class AppModule { due = DuePipe; ago = TimeAgo; }\n",
    'apps/web/src/app/due.pipe.ts': "import moment from 'moment-timezone';\nexport class DuePipe { transform(d: string, tz: string) { return moment.tz(d, tz).fromNow(); } }\n",
    'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@acme/dto': ['libs/dto/src/index.ts'], '@acme/time': ['libs/time/src/index.ts'] } } }),
    'libs/time/project.json': JSON.stringify({ name: 'time', projectType: 'library', targets: { build: { executor: '@nx/js:tsc', options: { main: 'libs/time/src/index.ts' } } } }),
    'libs/time/package.json': manifest({ 'moment-timezone': '^0.5.45' }),
    'libs/time/src/index.ts': "import moment from 'moment-timezone';\nexport class TimeAgo { transform(d: string, tz: string) { return moment.tz(d, tz).fromNow(); } }\n",
  };

  it("follows the app's tsconfig extends to the library: one finding for the app, the library's import related", () => {
    const files = Object.fromEntries(Object.entries(extendsBase).filter((e): e is [string, string] => e[1] !== undefined));
    const findings = check(files);
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}`),
      ['apps/web/src/app/due.pipe.ts:1'],
    );
    assert.deepEqual(findings[0]!.related, ['libs/time/src/index.ts:1']);
  });

  it("a library reached by the app: the app's ngx-moment bundles moment anyway, whatever the library's package.json says", () => {
    const findings = check({
      'package.json': manifest({}),
      'nx.json': '{}',
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@acme/plugin-ui': ['packages/plugin-ui/src/index.ts'] } } }),
      'apps/web/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json' }),
      'apps/web/package.json': manifest({ '@angular/core': '^19.0.0', moment: '^2.30.0', 'ngx-moment': '^6.0.0' }),
      'apps/web/project.json': JSON.stringify({ name: 'web', projectType: 'application', targets: { build: { executor: '@angular-devkit/build-angular:browser', options: { main: 'apps/web/src/main.ts' } } } }),
      'apps/web/src/main.ts': "import { PluginModule } from '@acme/plugin-ui';\nexport const modules = [PluginModule];\n",
      'packages/plugin-ui/package.json': manifest({ '@angular/core': '^19.0.0', moment: '^2.30.0' }),
      'packages/plugin-ui/src/index.ts': "import * as moment from 'moment';\nexport class PluginModule { today = moment().format('LL'); }\n",
    });
    assert.deepEqual(findings, []);
  });

  it('Electron: the main process (package.json main) and what only it reaches are not browser code; the renderer is', () => {
    const findings = check({
      'package.json': manifest({ '@angular/core': '^19.0.0', electron: '^33.0.0', moment: '^2.30.0', lodash: '^4.17.21' }),
      'nx.json': '{}',
      'apps/agent/project.json': JSON.stringify({ name: 'agent', projectType: 'application', targets: { build: { executor: '@angular-builders/custom-webpack:browser', options: { main: 'apps/agent/src/main.ts' } } } }),
      'apps/agent/src/main.ts': "import { AppModule } from './app/app.module';\nexport const m = AppModule;\n",
      'apps/agent/src/app/app.module.ts': "import { groupBy } from 'lodash';\nexport class AppModule { g = groupBy([1, 2], (n) => n % 2); }\n",
      'apps/agent/src/package.json': JSON.stringify({ name: 'agent-main', main: 'index.js' }),
      'apps/agent/src/index.ts': "import { app, BrowserWindow } from 'electron';\nimport { SyncManager } from './main/queue/sync-manager';\napp.whenReady().then(() => new BrowserWindow());\nnew SyncManager();\n",
      'apps/agent/src/main/queue/sync-manager.ts': "import * as moment from 'moment';\nexport class SyncManager { at = moment().unix(); }\n",
    });
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}`),
      ['apps/agent/src/app/app.module.ts:1'],
    );
  });
});

describe('heavy-import: build facts', () => {
  const lodashUsers = {
    'src/App.tsx': "import { debounce } from 'lodash';\nimport _ from 'lodash';\nexport const App = () => <p>{_.capitalize('x')}</p>;\nexport const save = debounce(() => {}, 100);\n",
  };

  for (const [form, config] of [
    ['.babelrc', { '.babelrc': '{\n  // cherry-pick lodash\n  "plugins": ["lodash", "@babel/plugin-transform-runtime"]\n}' }],
    ['babel.config.js', { 'babel.config.js': "module.exports = (api) => {\n  api.cache(true);\n  return { presets: ['@babel/preset-react'], plugins: [process.env.COVERAGE && 'istanbul', 'lodash'].filter(Boolean) };\n};\n" }],
    ['babel.config.json', { 'babel.config.json': JSON.stringify({ plugins: [['babel-plugin-lodash', { id: ['lodash'] }]] }) }],
    ['package.json#babel', { 'package.json': manifest({ react: '^18.3.0', 'react-dom': '^18.3.0', vite: '^5.4.0', lodash: '^4.17.21' }, { babel: { plugins: ['lodash'] } }) }],
  ] as const) {
    it(`babel-plugin-lodash in ${form}: named imports and _.x members are cherry-picked`, () => {
      assert.deepEqual(check({ ...viteApp(), ...lodashUsers, ...config }), []);
    });
  }

  it('babel-plugin-lodash does not help a lodash object passed around as a value', () => {
    const findings = check({ ...viteApp(), '.babelrc': '{ "plugins": ["lodash"] }', 'src/App.tsx': "import _ from 'lodash';\nexport const App = () => null;\nexport const lib = _;\n" });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /babel-plugin-lodash in \.babelrc rewrites named imports, not this one/);
  });

  it('a webpack config named by a package.json script, and the babel config beside it, are read', () => {
    const files = {
      'package.json': manifest({ react: '^18.3.0', 'react-dom': '^18.3.0', webpack: '^5.90.0', lodash: '^4.17.21' }, { scripts: { build: 'webpack --config ./frontend/build/webpack.config.js' } }),
      'frontend/build/webpack.config.js': "const path = require('path');\nmodule.exports = { entry: { index: './frontend/src/index.tsx' } };\n",
      'frontend/src/index.tsx': "import { uniq } from 'lodash';\nexport const tags = (t: string[]) => uniq(t);\n",
      // Not reached from the entry: a Node script of the same package.
      'ops/release-notes.ts': "import _ from 'lodash';\nexport const notes = (l: string[]) => _.uniq(l).join('\\n');\n",
    };
    const findings = check(files);
    assert.deepEqual(findings.map((f) => f.file), ['frontend/src/index.tsx']);
    assert.match(findings[0]!.explanation, /build configs read: frontend\/build\/webpack\.config\.js/);
    assert.deepEqual(check({ ...files, 'frontend/babel.config.js': "module.exports = { plugins: ['lodash'] };\n" }), []);
  });

  it('a babel config whose plugins are computed is named as unreadable, not guessed', () => {
    const findings = check({ ...viteApp(), ...lodashUsers, 'babel.config.js': "const plugins = require('./build/babel-plugins');\nmodule.exports = { plugins: plugins.list() };\n" });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /not readable statically: babel\.config\.js \(plugins computed when the build runs\)/);
  });

  it("Next.js modularizeImports rewrites lodash; optimizePackageImports does not split lodash's single module", () => {
    const next = {
      'package.json': manifest({ next: '^14.2.0', react: '^18.3.0', 'react-dom': '^18.3.0', lodash: '^4.17.21' }),
      'pages/index.tsx': "import { debounce } from 'lodash';\nexport default function Home() { return <button onClick={debounce(() => {}, 50)}>go</button>; }\n",
    };
    assert.deepEqual(check({ ...next, 'next.config.js': "/** @type {import('next').NextConfig} */\nmodule.exports = { modularizeImports: { lodash: { transform: 'lodash/{{member}}' } } };\n" }), []);
    const findings = check({ ...next, 'next.config.mjs': "export default { experimental: { optimizePackageImports: ['lodash', '@acme/ui'] } };\n" });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /optimizePackageImports in next\.config\.mjs splits barrel files, not lodash's single module/);
  });

  it('a Next app re-exporting lucide-react from a barrel, its importers taking named icons: nothing to report', () => {
    const findings = check({
      'package.json': manifest({ next: '^15.0.0', react: '^19.0.0', 'react-dom': '^19.0.0', 'lucide-react': '^0.460.0' }),
      'components/icons.ts': "export * from 'lucide-react';\n",
      'pages/index.tsx': "'use client';\nimport { Camera, Search } from '../components/icons';\nexport default function Home() { return <><Camera /><Search /></>; }\n",
    });
    assert.deepEqual(findings, []);
  });

  it('a webpack alias of lodash-es to lodash makes named lodash-es imports whole lodash', () => {
    const findings = check({
      'package.json': manifest({ react: '^18.3.0', 'react-dom': '^18.3.0', webpack: '^5.90.0', 'lodash-es': '^4.17.21' }),
      'webpack.config.js': "const path = require('path');\nmodule.exports = {\n  entry: './src/index.js',\n  resolve: { alias: { 'lodash-es': 'lodash' } },\n};\n",
      'src/index.js': "import { debounce } from 'lodash-es';\nexport const save = debounce(() => {}, 100);\n",
    });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /'lodash-es' is aliased to 'lodash' \(resolve\.alias in webpack\.config\.js\), so this bundles 'lodash'/);
  });

  it('a Vite alias of lodash to lodash-es makes named lodash imports tree-shakable', () => {
    assert.deepEqual(
      check({
        ...viteApp(),
        'vite.config.ts': "import { defineConfig } from 'vite';\nexport default defineConfig({ resolve: { alias: [{ find: 'lodash', replacement: 'lodash-es' }] } });\n",
        'src/App.tsx': "import { debounce } from 'lodash';\nexport const App = () => null;\nexport const save = debounce(() => {}, 100);\n",
      }),
      [],
    );
  });
});

describe('heavy-import: moment', () => {
  const momentApp = (deps: Record<string, string>, more: Record<string, string> = {}) => ({
    'package.json': manifest({ react: '^18.3.0', 'react-dom': '^18.3.0', webpack: '^5.90.0', moment: '^2.30.0', ...deps }),
    'webpack.config.js': "module.exports = { entry: './src/index.jsx' };\n",
    'src/index.jsx': "import moment from 'moment';\nexport const Due = ({ at }) => <time>{moment(at).fromNow()}</time>;\n",
    ...more,
  });

  it('antd 4 date pickers bundle moment anyway: moving this code to dayjs saves nothing', () => {
    assert.deepEqual(check(momentApp({ antd: '^4.24.0' })), []);
  });

  it('antd 5 no longer requires moment: reported', () => {
    assert.equal(check(momentApp({ antd: '^5.20.0' })).length, 1);
  });

  it('locales stripped by ContextReplacementPlugin: the message says what remains', () => {
    const findings = check(
      momentApp({}, { 'webpack.config.js': "const webpack = require('webpack');\nmodule.exports = { entry: './src/index.jsx', plugins: [new webpack.ContextReplacementPlugin(/moment[/\\\\]locale$/, /en|de/)] };\n" }),
    );
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /its locales are already stripped by webpack\.config\.js, so what remains is moment itself/);
  });

  it('webpack externals: moment and highlight.js loaded by the page as globals are not in the bundle', () => {
    const findings = check(
      momentApp(
        { 'highlight.js': '^11.0.0' },
        {
          'webpack.config.js': "module.exports = { entry: './src/index.jsx', externals: { moment: 'moment', 'highlight.js': 'hljs' } };\n",
          'src/code.jsx': "import hljs from 'highlight.js';\nimport _ from 'lodash';\nexport const Code = ({ src }) => <pre>{hljs.highlightAuto(src).value}</pre>;\nexport const later = _.debounce(() => {}, 10);\n",
        },
      ),
    );
    // lodash is no external: still reported.
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`), ['src/code.jsx:2']);
  });

  it('computed webpack externals: a pattern is read, a function is named as unreadable, never guessed', () => {
    const findings = check(
      momentApp(
        { 'highlight.js': '^11.0.0', lodash: '^4.17.21' },
        {
          'webpack.config.js':
            "const { cdnGlobals } = require('./build/cdn');\nmodule.exports = {\n  entry: './src/index.jsx',\n  externals: [\n    /^(moment|highlight\\.js)$/,\n    ({ request }, callback) => (cdnGlobals[request] ? callback(null, cdnGlobals[request]) : callback()),\n  ],\n};\n",
          'src/code.jsx': "import hljs from 'highlight.js';\nimport _ from 'lodash';\nexport const Code = ({ src }) => <pre>{hljs.highlightAuto(src).value}</pre>;\nexport const later = _.debounce(() => {}, 10);\n",
        },
      ),
    );
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`), ['src/code.jsx:2']);
    assert.match(findings[0]!.message, /not readable statically: webpack\.config\.js \(externals a function \(line 6\)\)/);
  });

  it("moment-timezone's cost is its timezone data", () => {
    const findings = check(momentApp({ 'moment-timezone': '^0.5.45' }, { 'src/index.jsx': "import moment from 'moment-timezone';\nexport const local = (at, tz) => moment.tz(at, tz).format('LLL');\n" }));
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /^'moment-timezone' is a known heavy import \(≈ 39 kB gzip\): 'moment-timezone' bundles the whole IANA timezone database/);
  });
});

describe('heavy-import: the lockfile when node_modules is missing', () => {
  // A Nextcloud-style Vue 2 app: components import moment and @nextcloud/moment, which wraps it.
  const nextcloudApp = (lock: Record<string, string>, more: Record<string, string> = {}) => ({
    'package.json': manifest({ vue: '^2.7.0', '@nextcloud/moment': '^1.3.1', moment: '^2.30.0', webpack: '^5.90.0' }),
    'webpack.config.js': "module.exports = { entry: { main: './src/main.js' } };\n",
    'src/main.js': "import Vue from 'vue';\nimport CardItem from './components/CardItem.vue';\nnew Vue({ render: (h) => h(CardItem) }).$mount('#content');\n",
    'src/components/CardItem.vue':
      "<template><span>{{ due }} · {{ ago }}</span></template>\n<script>\nimport moment from 'moment';\nimport relative from '@nextcloud/moment';\nexport default {\n  props: ['card'],\n  computed: {\n    due() { return moment(this.card.duedate).format('LL'); },\n    ago() { return relative(this.card.lastModified).fromNow(); },\n  },\n};\n</script>\n",
    ...lock,
    ...more,
  });

  for (const [label, { file, text }] of Object.entries(lockfileFixtures)) {
    it(`${label}: a wrapper the components import (@nextcloud/moment) bundles moment anyway; the wrapper is named, once`, () => {
      const findings = check(nextcloudApp({ [file]: text }, { 'src/components/CardMeta.vue': "<template><i>{{ when }}</i></template>\n<script>\nimport moment from '@nextcloud/moment';\nexport default { props: ['at'], computed: { when() { return moment(this.at).fromNow(); } } };\n</script>\n" }));
      assert.deepEqual(findings.map((f) => `${f.file}:${f.line} ${f.severity}`), ['src/components/CardItem.vue:4 info']);
      assert.deepEqual(findings[0]!.related, ['src/components/CardMeta.vue:3']);
      assert.match(findings[0]!.message, new RegExp(`^'@nextcloud/moment' bundles 'moment' \\(its dependency, per ${file.replace('.', '\\.')}\\), ≈ 20 kB gzip, imported by 2 files of this app`));
      assert.match(findings[0]!.message, /The app's own imports of 'moment' add nothing more while '@nextcloud\/moment' stays\./);
    });
  }

  it('without a lockfile, or when no browser file imports the wrapper, moment is reported', () => {
    assert.equal(check(nextcloudApp({})).length, 1);
    const { file, text } = lockfileFixtures['package-lock.json v3']!;
    const withoutWrapperImport = nextcloudApp(
      { [file]: text },
      { 'src/components/CardItem.vue': "<template><span>{{ due }}</span></template>\n<script>\nimport moment from 'moment';\nexport default { props: ['card'], computed: { due() { return moment(this.card.duedate).format('LL'); } } };\n</script>\n" },
    );
    assert.equal(check(withoutWrapperImport).length, 1);
  });

  it('a requirer the table reports itself (moment-timezone) does not set moment aside', () => {
    const findings = check({
      'package.json': manifest({ vue: '^3.4.0', moment: '^2.30.0', 'moment-timezone': '^0.5.45', vite: '^5.4.0' }),
      'index.html': '<script type="module" src="/src/main.js"></script>',
      'src/main.js': "import moment from 'moment';\nimport tz from 'moment-timezone';\nexport const now = () => moment().format('LLL');\nexport const zones = () => tz.tz.names();\n",
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/moment-timezone': { version: '0.5.45', dependencies: { moment: '^2.29.4' } }, 'node_modules/moment': { version: '2.30.1' } } }),
    });
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`).sort(), ['src/main.js:1', 'src/main.js:2']);
  });

  it('a broken lockfile changes nothing and breaks nothing; its reason is in the message', () => {
    const findings = check(nextcloudApp({ 'package-lock.json': '{ "lockfileVersion": 3, "packages": ' }));
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /package-lock\.json does not parse/);
  });

  // A pnpm monorepo with one package.json (Next front end, NestJS back end): a server library's
  // Sentry set-up imports lodash, and no client entry's imports say whether it is browser code.
  const monorepo = (lock: Record<string, string>) => ({
    'package.json': manifest({ next: '^15.0.0', react: '^19.0.0', 'react-dom': '^19.0.0', '@nestjs/core': '^11.0.0', '@sentry/nestjs': '^10.45.0', lodash: '^4.17.21' }),
    'apps/frontend/package.json': manifest({}),
    'apps/frontend/src/components/agent.tsx': "'use client';\nimport { capitalize } from 'lodash';\nexport const Agent = ({ name }: { name: string }) => <b>{capitalize(name)}</b>;\n",
    'libraries/server/src/sentry/initialize.sentry.ts': "import * as Sentry from '@sentry/nestjs';\nimport { pick } from 'lodash';\nexport const initializeSentry = (o: Record<string, string>) => Sentry.init(pick(o, ['dsn']));\n",
    ...lock,
  });

  it('a file importing a package that depends on a server framework (@sentry/nestjs → @nestjs/core) is server code', () => {
    const { file, text } = lockfileFixtures['pnpm-lock.yaml v9']!;
    assert.deepEqual(check(monorepo({ [file]: text })).map((f) => `${f.file}:${f.line}`), ['apps/frontend/src/components/agent.tsx:2']);
    // Without the lockfile nothing says what @sentry/nestjs is, but the Next.js app's 'use client'
    // files are its client entries, and none of them imports the server library.
    assert.deepEqual(check(monorepo({})).map((f) => `${f.file}:${f.line}`), ['apps/frontend/src/components/agent.tsx:2']);
  });
});

describe('heavy-import: server code of a Next.js monorepo reached from nothing a browser loads', () => {
  // A Turborepo with a Next.js app (App Router) and an e-mail package whose entry is its source.
  const turbo = (more: Record<string, string> = {}) => ({
    'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
    'apps/web/package.json': manifest({ next: '^15.1.0', react: '^19.0.0', 'react-dom': '^19.0.0', lodash: '^4.17.21', moment: '^2.30.1', '@acme/email': 'workspace:*' }),
    'apps/web/app/(app)/billing/page.tsx': "import { BillingForm } from '@/modules/billing/components/billing-form';\nexport default function Page() { return <BillingForm />; }\n",
    'apps/web/tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
    // A client component outside app/: its 'use client' makes it an entry of the client bundle.
    'apps/web/modules/billing/components/billing-form.tsx': "'use client';\nimport { groupBy } from 'lodash';\nimport { formatPlan } from '../lib/format-plan';\nexport const BillingForm = ({ plans = [] }: { plans?: { tier: string }[] }) => <p>{formatPlan(Object.keys(groupBy(plans, 'tier')))}</p>;\n",
    'apps/web/modules/billing/lib/format-plan.ts': "export const formatPlan = (tiers: string[]) => tiers.join(', ');\n",
    // Beside it, a helper only the route handler uses: server code, though its folder holds client code.
    'apps/web/modules/billing/lib/portal-session.ts': "import moment from 'moment';\nexport const portalExpiry = () => moment().add(1, 'hour').unix();\n",
    'apps/web/app/api/billing/portal/route.ts': "import { portalExpiry } from '@/modules/billing/lib/portal-session';\nimport { sendReceipt } from '@acme/email';\nexport async function POST() { await sendReceipt(); return Response.json({ expires: portalExpiry() }); }\n",
    'packages/email/package.json': JSON.stringify({ name: '@acme/email', private: true, main: './src/index.ts', dependencies: { react: '^19.0.0', '@react-email/components': '^1.0.0', moment: '^2.30.1' }, devDependencies: { vite: '^6.0.0' } }),
    'packages/email/src/index.ts': "import moment from 'moment';\nexport { ReceiptEmail } from './receipt-email';\nexport async function sendReceipt() { return moment().format('LL'); }\n",
    'packages/email/src/receipt-email.tsx': "import moment from 'moment';\nexport const ReceiptEmail = ({ at }: { at: string }) => <p>Paid on {moment(at).format('LL')}</p>;\n",
    ...more,
  });

  it("reports only what a page or 'use client' file reaches: not a server helper beside client code, nor an e-mail package only route handlers import", () => {
    assert.deepEqual(check(turbo()).map((f) => `${f.file}:${f.line}`), ['apps/web/modules/billing/components/billing-form.tsx:2']);
  });

  it('reports the e-mail package once a client component imports it', () => {
    const findings = check(
      turbo({ 'apps/web/modules/billing/components/receipt-preview.tsx': "'use client';\nimport { ReceiptEmail } from '@acme/email';\nexport const ReceiptPreview = () => <ReceiptEmail at=\"2024-01-01\" />;\n" }),
    );
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`).sort(), ['apps/web/modules/billing/components/billing-form.tsx:2', 'packages/email/src/index.ts:1']);
    assert.deepEqual(findings.find((f) => f.file.startsWith('packages'))!.related, ['packages/email/src/receipt-email.tsx:1']);
  });
});

describe("heavy-import: a Next.js monorepo whose UI packages hold 'use client' components", () => {
  const lib = (name: string) => JSON.stringify({ name, private: true, exports: { '.': './src/index.ts' }, dependencies: { next: '^15.0.0', react: '^19.0.0', lodash: '^4.17.21' } });
  const repo = {
    'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
    'apps/web/package.json': manifest({ next: '^15.0.0', react: '^19.0.0', 'react-dom': '^19.0.0', '@acme/ui': 'workspace:*', '@acme/widgets': 'workspace:*' }),
    'apps/web/next.config.mjs': 'export default {};\n',
    'apps/web/app/layout.tsx': "import { Header } from '@acme/ui';\nexport default function Layout({ children }: { children: React.ReactNode }) { return <><Header />{children}</>; }\n",
    'apps/web/app/board/page.tsx': "import { Board } from '@acme/widgets';\nexport default function Page() { return <Board />; }\n",
    'packages/ui/package.json': lib('@acme/ui'),
    'packages/ui/src/index.ts': "export { Header } from './header';\n",
    'packages/ui/src/header.tsx': "'use client';\nimport Link from 'next/link';\nimport { startCase } from 'lodash';\nexport const Header = () => <Link href=\"/\">{startCase('home page')}</Link>;\n",
    'packages/widgets/package.json': lib('@acme/widgets'),
    'packages/widgets/src/index.ts': "export { Board } from './board';\n",
    'packages/widgets/src/board.tsx': "'use client';\nimport { sortBy } from 'lodash';\nexport const Board = ({ items = [] }: { items?: { order: number }[] }) => <ol>{sortBy(items, 'order').map((i) => <li key={i.order} />)}</ol>;\n",
  };

  it('reports a package both libraries import once, for the app that bundles them', () => {
    const findings = check(repo);
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`), ['packages/ui/src/header.tsx:3']);
    assert.deepEqual(findings[0]!.related, ['packages/widgets/src/board.tsx:2']);
  });
});

describe('heavy-import: a package aliased to a file of the app', () => {
  it("does not report an import the build resolves to the app's own file (webpack alias with a $ suffix)", () => {
    const findings = check({
      'package.json': manifest({ vue: '^2.7.0', moment: '^2.30.1', webpack: '^5.90.0', dayjs: '^1.11.0' }),
      'webpack.config.js': [
        "const path = require('path');",
        'module.exports = {',
        "  entry: { app: './client/index.js' },",
        "  resolve: { alias: { '@': path.join(process.cwd(), 'client'), 'moment$': path.resolve(process.cwd(), 'client/shims/moment-dayjs.js') } },",
        '};',
      ].join('\n'),
      'client/index.js': "import moment from 'moment';\nimport 'moment/locale/de';\nexport const today = () => moment().format('LL');\n",
      'client/shims/moment-dayjs.js': "import dayjs from 'dayjs';\nexport default dayjs;\n",
    });
    // The bare 'moment' is the shim; 'moment/locale/de' is not covered by the exact alias.
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`), ['client/index.js:2']);
  });
});

describe('heavy-import: what a Next.js page imports only for getServerSideProps / getStaticProps', () => {
  // A pages-router app: the data functions run on the server, Next removes them and what only they use.
  const pagesApp = (more: Record<string, string> = {}) => ({
    'package.json': manifest({ next: '^14.2.0', react: '^18.3.1', 'react-dom': '^18.3.1', moment: '^2.30.1', lodash: '^4.17.21', '@prisma/client': '^6.5.0' }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
    'lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport default prisma;\n",
    // A data-access helper the pages call from getStaticProps only.
    'lib/links/link-data.ts': "import _ from 'lodash';\nimport prisma from '@/lib/prisma';\nexport async function fetchLink(id: string) { return _.pick(await prisma.link.findUnique({ where: { id } }), ['id', 'name']); }\n",
    'lib/format.ts': "import moment from 'moment';\nexport const expiry = (at: string) => moment(at).add(7, 'days').format('LL');\n",
    'components/link-view.tsx': "export const LinkView = ({ name }: { name: string }) => <h1>{name}</h1>;\n",
    'pages/view/[linkId]/index.tsx': [
      "import { GetStaticPropsContext } from 'next';",
      "import { fetchLink } from '@/lib/links/link-data';",
      "import { expiry } from '@/lib/format';",
      "import { LinkView } from '@/components/link-view';",
      '',
      'export interface ViewPageProps { link: { id: string; name: string }; expires: string }',
      '',
      '// A helper only the data function calls goes with it.',
      'async function load(id: string) { const link = await fetchLink(id); return { link, expires: expiry(new Date().toISOString()) }; }',
      '',
      'export const getStaticProps = async (context: GetStaticPropsContext) => ({ props: await load(String(context.params?.linkId)), revalidate: 10 });',
      'export async function getStaticPaths() { return { paths: [], fallback: true }; }',
      '',
      'export default function ViewPage({ link }: ViewPageProps) { return <LinkView name={link.name} />; }',
      '',
    ].join('\n'),
    // Another page borrowing those data functions, importing the props type without `import type`.
    'pages/view/[linkId]/embed.tsx': [
      "import { ViewPageProps } from './index';",
      "import { LinkView } from '@/components/link-view';",
      "export { getStaticProps, getStaticPaths } from './index';",
      'export default function Embed(props: ViewPageProps) { return <LinkView name={props.link.name} />; }',
      '',
    ].join('\n'),
    ...more,
  });

  it('reports nothing that only the data functions reach, in the page or in the files they import', () => {
    assert.deepEqual(check(pagesApp()), []);
  });

  it('reports the same helper once the page also uses it while rendering', () => {
    const findings = check(
      pagesApp({
        'pages/links.tsx': [
          "import { GetServerSideProps } from 'next';",
          "import moment from 'moment';",
          "import { expiry } from '@/lib/format';",
          "import prisma from '@/lib/prisma';",
          '',
          "export const getServerSideProps: GetServerSideProps = async () => ({ props: { at: moment().toISOString(), count: await prisma.link.count() } });",
          'export default function Links({ at }: { at: string }) { return <p>Expires {expiry(at)}</p>; }',
          '',
        ].join('\n'),
      }),
    );
    // pages/links.tsx's own moment import serves getServerSideProps alone; lib/format.ts is rendered.
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`), ['lib/format.ts:1']);
  });

  it('a utils module every page imports is browser code though it imports crypto (Next polyfills it); one only API routes import is not', () => {
    const findings = check(
      pagesApp({
        'lib/utils.ts': "import crypto from 'crypto';\nimport moment from 'moment';\nexport const cn = (...c: string[]) => c.join(' ');\nexport const token = () => crypto.randomBytes(8).toString('hex');\nexport const since = (at: string) => moment(at).fromNow();\n",
        'lib/signing.ts': "import crypto from 'crypto';\nimport _ from 'lodash';\nexport const sign = (body: object) => crypto.createHmac('sha256', 'k').update(JSON.stringify(_.sortBy(Object.keys(body)))).digest('hex');\n",
        'pages/api/webhook.ts': "import { sign } from '@/lib/signing';\nexport default function handler(req: any, res: any) { res.json({ sig: sign(req.body) }); }\n",
        'components/link-view.tsx': "import { cn } from '@/lib/utils';\nexport const LinkView = ({ name }: { name: string }) => <h1 className={cn('title')}>{name}</h1>;\n",
      }),
    );
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`), ['lib/utils.ts:2']);
  });
});
