import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { analyzeDoc } from '../engine/analyze';
import { MemoryFileHost } from '../engine/host';
import type { RuleSettings } from '../engine/rule';
import { Project } from '../engine/project';
import type { CostResult, CostSource } from '../bundle-cost/cost-service';
import { attachImportCosts, importCosts, type ImportCostEnvironment } from '../bundle-cost/import-costs';
import type { ImportProbe } from '../bundle-cost/measure';
import { applyEdits } from '../testing/apply-fix';
import { at, assertParses, ruleFixes, ruleTester } from '../testing/rule-tester';
import { typecheck } from '../testing/typecheck';
import { heavyImport } from './heavy-import';

const repoRoot = path.resolve(__dirname, '../../..');

/** A manifest for node_modules/<name>/package.json. */
const pkg = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...extra });

/** A Vite + React app with the packages the cases import installed. */
function app(extra: Record<string, string> = {}, deps: Record<string, string> = { react: '^19.0.0', 'react-dom': '^19.0.0', vite: '^6.0.0' }): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'shop', private: true, dependencies: deps }),
    'node_modules/lodash/package.json': pkg('lodash', { version: '4.17.21' }),
    'node_modules/lodash/debounce.js': 'module.exports = function debounce() {}',
    'node_modules/lodash/get.js': 'module.exports = function get() {}',
    'node_modules/lodash/groupBy.js': 'module.exports = function groupBy() {}',
    'node_modules/lodash-es/package.json': pkg('lodash-es', { type: 'module', main: 'lodash.js', sideEffects: false }),
    'node_modules/moment/package.json': pkg('moment', { version: '2.30.1' }),
    'node_modules/aws-sdk/package.json': pkg('aws-sdk', { version: '2.1692.0' }),
    'node_modules/core-js/package.json': pkg('core-js', { version: '3.38.0' }),
    'node_modules/rxjs/package.json': pkg('rxjs', { version: '6.6.7' }),
    'node_modules/lucide-react/package.json': pkg('lucide-react', { module: 'dist/esm/lucide-react.mjs', sideEffects: false, peerDependencies: { react: '*' } }),
    'node_modules/@fortawesome/free-solid-svg-icons/package.json': pkg('@fortawesome/free-solid-svg-icons'),
    'node_modules/date-fns/package.json': pkg('date-fns', { type: 'module', sideEffects: false }),
    'node_modules/chart.js/package.json': pkg('chart.js', { version: '4.4.0', type: 'module' }),
    ...extra,
  };
}

/** The fixed code must type-check (real @types/lodash, bundler resolution) and bundle with esbuild. */
function compilesAndBundles(output: string, filename: string): void {
  assertParses(output, filename);
  assert.deepEqual(typecheck({ [path.basename(filename)]: output }, { module: 'esnext' }), []);
  const result = esbuild.buildSync({
    stdin: { contents: output, resolveDir: repoRoot, loader: filename.endsWith('x') ? 'tsx' : 'ts', sourcefile: filename },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  assert.equal(result.errors.length, 0);
}

/** The fixed code bundles with esbuild from the repository's real packages (for fixes whose target has no types installed). */
function bundles(output: string, filename: string): void {
  assertParses(output, filename);
  const loader = filename.endsWith('.js') ? 'js' : filename.endsWith('x') ? 'tsx' : 'ts';
  const result = esbuild.buildSync({ stdin: { contents: output, resolveDir: repoRoot, loader, sourcefile: filename }, bundle: true, write: false, format: 'esm', platform: 'browser', logLevel: 'silent' });
  assert.equal(result.errors.length, 0);
}

/** A React component file: type-checked with the DOM and React's JSX types, then bundled. */
function componentCompilesAndBundles(output: string, filename: string): void {
  assert.deepEqual(typecheck({ [path.basename(filename)]: output }, { module: 'esnext', compilerOptions: { jsx: ts.JsxEmit.ReactJSX, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] } }), []);
  bundles(output, filename);
}

/** gzip bytes of a bundle of `code` built from the repository's real node_modules. */
function bundledGzip(code: string): number {
  const result = esbuild.buildSync({ stdin: { contents: code, resolveDir: repoRoot, loader: 'ts' }, bundle: true, write: false, minify: true, format: 'esm', platform: 'browser', logLevel: 'silent' });
  return zlib.gzipSync(result.outputFiles[0]!.contents).length;
}

const searchWithLodash = `import _ from 'lodash';

export function makeSearch(load: (q: string) => void) {
  return _.debounce((q: string) => load(q), 300);
}

export function title(product: { meta?: { title?: string } }): string {
  return _.get(product, 'meta.title', 'Untitled');
}
`;

ruleTester(heavyImport, {
  valid: [
    { name: 'lodash per-method module', code: `import debounce from 'lodash/debounce';\nexport const f = debounce(() => {}, 100);`, filename: 'src/search.ts', files: app() },
    { name: 'named import from lodash-es (ESM, tree-shaken)', code: `import { debounce } from 'lodash-es';\nexport const f = debounce(() => {}, 100);`, filename: 'src/search.ts', files: app() },
    { name: 'lodash-es namespace read by member', code: `import * as _ from 'lodash-es';\nexport const f = _.debounce(() => {}, 100);`, filename: 'src/search.ts', files: app() },
    { name: 'date-fns named import', code: `import { format } from 'date-fns';\nexport const today = format(new Date(), 'yyyy-MM-dd');`, filename: 'src/dates.ts', files: app() },
    { name: 'type-only import of moment', code: `import type { Moment } from 'moment';\nexport type When = Moment;`, filename: 'src/types.ts', files: app() },
    { name: 'inline type-only specifiers', code: `import { type Moment } from 'moment';\nexport type When = Moment;`, filename: 'src/types.ts', files: app() },
    // TypeScript drops an import no value refers to (tsc, esbuild, SWC and Babel alike).
    {
      name: 'a Next.js app types its session user with next-auth (no import type)',
      code: `import { User as NextAuthUser } from 'next-auth';\nimport type { User as PrismaUser } from '@prisma/client';\n\nexport type CustomUser = NextAuthUser & PrismaUser;\nexport interface Viewer { user: CustomUser; since: typeof NextAuthUser }\n`,
      filename: 'lib/types.ts',
      files: app({ 'node_modules/next-auth/package.json': pkg('next-auth') }, { next: '^14.2.0', react: '^18.3.1', 'react-dom': '^18.3.1', 'next-auth': '^4.24.0' }),
    },
    {
      name: 'a Moment used only as a parameter type in a component',
      code: `import { Moment } from 'moment';\nimport { useState } from 'react';\n\nexport function DueDate({ due }: { due: Moment }) {\n  const [open] = useState(false);\n  return <span>{open ? 'due' : ''}</span>;\n}\n`,
      filename: 'src/DueDate.tsx',
      files: app(),
    },
    {
      name: 'a Moment in props and an interface, the component class extending React',
      code: `import { Moment } from 'moment';\nimport { Component } from 'react';\n\ninterface Props { due: Moment }\nexport class DueCell extends Component<Props> {\n  render() { return <td>{this.props.due.toString()}</td>; }\n}\n`,
      filename: 'src/DueCell.tsx',
      files: app(),
    },
    { name: 'one crypto-js algorithm module', code: `import MD5 from 'crypto-js/md5';\nexport const hash = (s: string) => MD5(s).toString();`, filename: 'src/hash.ts', files: app() },
    {
      name: 'highlight.js core with the languages registered one by one',
      code: `import hljs from 'highlight.js/lib/core';\nimport json from 'highlight.js/lib/languages/json';\nhljs.registerLanguage('json', json);\nexport const highlight = (code: string) => hljs.highlight(code, { language: 'json' }).value;`,
      filename: 'src/highlight.ts',
      files: app(),
    },
    { name: 'Material Design icon paths imported by name', code: `import { mdiAccount, mdiCog } from '@mdi/js';\nexport const paths = { mdiAccount, mdiCog };`, filename: 'src/icons.ts', files: app() },
    { name: 'icons imported by name', code: `import { Camera, Search } from 'lucide-react';\nexport const icons = [Camera, Search];`, filename: 'src/icons.ts', files: app() },
    { name: 'icon pack namespace read by member', code: `import * as Icons from 'lucide-react';\nexport const icon = Icons.Camera;`, filename: 'src/icons.ts', files: app() },
    { name: 'lazy import() of moment is its own chunk', code: `export async function when() {\n  const { default: moment } = await import('moment');\n  return moment().format();\n}`, filename: 'src/when.ts', files: app() },
    { name: 'polyfill of stable features only', code: `import 'core-js/stable';`, filename: 'src/polyfills.ts', files: app() },
    { name: 'side-effect import of lodash does nothing', code: `import 'lodash';`, filename: 'src/x.ts', files: app() },
    // ---- not browser code ----
    { name: 'an Express server', code: `import _ from 'lodash';\nimport express from 'express';\nconst app = express();\napp.get('/', (req, res) => res.json(_.pick(req.query, ['a'])));`, filename: 'src/server.ts', files: app({}, { express: '^4.0.0' }) },
    { name: 'a Node file in a front-end app', code: `import fs from 'node:fs';\nimport moment from 'moment';\nfs.writeFileSync('stamp.txt', moment().format());`, filename: 'src/build-stamp.ts', files: app() },
    { name: 'a Next.js API route', code: `import moment from 'moment';\nexport default function handler(req: any, res: any) { res.json({ now: moment().format() }); }`, filename: 'pages/api/now.ts', files: app({}, { next: '^15.0.0', react: '^19.0.0' }) },
    { name: 'a Next.js route handler', code: `import moment from 'moment';\nexport async function GET() { return Response.json({ now: moment().format() }); }`, filename: 'app/api/now/route.ts', files: app({}, { next: '^15.0.0', react: '^19.0.0' }) },
    { name: 'a Next.js Server Component', code: `import moment from 'moment';\nexport default function Page() { return <p>{moment().format('LL')}</p>; }`, filename: 'app/page.tsx', files: app({}, { next: '^15.0.0', react: '^19.0.0' }) },
    { name: "a 'use server' module", code: `'use server';\nimport _ from 'lodash';\nexport async function save(form: FormData) { return _.trim(String(form.get('name'))); }`, filename: 'src/actions.ts', files: app() },
    { name: 'a SvelteKit server load', code: `import moment from 'moment';\nexport const load = () => ({ now: moment().format() });`, filename: 'src/routes/+page.server.ts', files: app({}, { '@sveltejs/kit': '^2.0.0', svelte: '^5.0.0' }) },
    { name: 'a test file', code: `import _ from 'lodash';\nexport const ids = _.range(10);`, filename: 'src/Cart.test.tsx', files: app() },
    { name: 'a Storybook story', code: `import moment from 'moment';\nexport default { title: 'Date', args: { at: moment() } };`, filename: 'src/Date.stories.tsx', files: app() },
    { name: 'a build config', code: `import _ from 'lodash';\nexport default _.merge({}, {});`, filename: 'vite.config.ts', files: app() },
    { name: 'a script folder', code: `import _ from 'lodash';\nconsole.log(_.range(3));`, filename: 'scripts/seed.ts', files: app() },
    { name: 'a library with no bundler or framework', code: `import _ from 'lodash';\nexport const f = _.debounce(() => {}, 1);`, filename: 'src/index.ts', files: app({}, { lodash: '^4.17.21' }) },
    // ---- host-provided ----
    { name: 'a Grafana plugin must import lodash from the host', code: `import _ from 'lodash';\nexport const f = _.debounce(() => {}, 1);`, filename: 'src/panel.ts', files: app({}, { '@grafana/data': '^11.0.0', react: '^18.0.0' }) },
    {
      name: 'importExternals in .hotpathrc.json',
      code: `import moment from 'moment';\nexport const now = moment();`,
      filename: 'src/now.ts',
      files: app({ '.hotpathrc.json': JSON.stringify({ importExternals: ['moment'] }) }),
    },
    {
      name: 'a per-package budget accepts a known-heavy package',
      code: `import moment from 'moment';\nexport const now = moment();`,
      filename: 'src/now.ts',
      files: app({ '.hotpathrc.json': JSON.stringify({ importBudgets: { moment: 80 } }) }),
    },
    { name: 'not installed, no known-heavy row: nothing to measure', code: `import { Chart } from 'chart.js';\nexport const c = Chart;`, filename: 'src/chart.ts', files: { 'package.json': JSON.stringify({ dependencies: { vite: '^6.0.0' } }) } },
  ],
  invalid: [
    {
      // A checkout before `npm ci`, or CI running the linter without installing: the table needs no measurement.
      name: 'not installed: a known-heavy library is still reported, without a size',
      code: `import moment from 'moment';\nexport const now = moment();`,
      filename: 'src/now.ts',
      files: { 'package.json': JSON.stringify({ dependencies: { vite: '^6.0.0', moment: '^2.30.0' } }) },
      errors: [at(1, 20, { message: /^'moment' is a known heavy import \(≈ 20 kB gzip\): 'moment' is not tree-shakable/, fixes: [] })],
    },
    {
      // A class heritage is a value: the base class ships with the subclass.
      name: 'a class extending an Observable of rxjs/Rx is a value use',
      code: `import { Observable } from 'rxjs/Rx';\n\nexport class Ticker extends Observable<number> {}\nexport type Feed = Observable<string>;\n`,
      filename: 'src/ticker.ts',
      files: app(),
      errors: [at(1, 28, { message: /^'rxjs\/Rx' is a known heavy import/ })],
    },
    {
      name: 'default import of lodash: per-method imports and uses rewritten',
      code: searchWithLodash,
      filename: 'src/search.ts',
      files: app(),
      errors: [at(1, 15, { message: /^'lodash' is a known heavy import \(≈ 26 kB gzip\): the 'lodash' root is one CommonJS module/, fixes: ['Import 2 lodash methods per method and rewrite their uses'] })],
      output: `import debounce from 'lodash/debounce';
import get from 'lodash/get';

export function makeSearch(load: (q: string) => void) {
  return debounce((q: string) => load(q), 300);
}

export function title(product: { meta?: { title?: string } }): string {
  return get(product, 'meta.title', 'Untitled');
}
`,
      checkOutput: compilesAndBundles,
    },
    {
      name: 'namespace import of lodash',
      code: `import * as _ from 'lodash';\n\nexport const byCategory = (items: { category: string }[]) => _.groupBy(items, 'category');\n`,
      filename: 'src/group.ts',
      files: app(),
      errors: [at(1, 20)],
      output: `import groupBy from 'lodash/groupBy';\n\nexport const byCategory = (items: { category: string }[]) => groupBy(items, 'category');\n`,
      checkOutput: compilesAndBundles,
    },
    {
      name: 'named import from the lodash root',
      code: `import { debounce, get as read } from 'lodash';\n\nexport const save = debounce(() => read({ a: 1 }, 'a'), 500);\n`,
      filename: 'src/save.ts',
      files: app(),
      errors: [at(1, 39, { fixes: ['Import 2 lodash methods per method'] })],
      output: `import debounce from 'lodash/debounce';\nimport read from 'lodash/get';\n\nexport const save = debounce(() => read({ a: 1 }, 'a'), 500);\n`,
      checkOutput: compilesAndBundles,
    },
    {
      name: 'a local name that collides gets a prefixed one',
      code: `import _ from 'lodash';\n\nconst get = (k: string) => k;\nexport const v = _.get({ a: get('a') }, 'a');\n`,
      filename: 'src/collide.ts',
      files: app(),
      errors: [at(1, 15)],
      output: `import lodashGet from 'lodash/get';\n\nconst get = (k: string) => k;\nexport const v = lodashGet({ a: get('a') }, 'a');\n`,
      checkOutput: compilesAndBundles,
    },
    {
      name: 'require of lodash in a CommonJS component file',
      code: `const _ = require('lodash');\n\nmodule.exports = function onResize(cb) {\n  return _.debounce(cb, 100);\n};\n`,
      filename: 'src/resize.js',
      files: app(),
      errors: [at(1, 19)],
      output: `const debounce = require('lodash/debounce');\n\nmodule.exports = function onResize(cb) {\n  return debounce(cb, 100);\n};\n`,
      checkOutput: bundles,
    },
    {
      name: 'lodash used as a value: reported, no rewrite',
      code: `import _ from 'lodash';\nexport const top = (xs: number[]) => _(xs).sortBy().take(3).value();\n`,
      filename: 'src/top.ts',
      files: app(),
      errors: [at(1, 15, { fixes: [] })],
    },
    {
      name: 'lodash-es default object: named imports',
      code: `import _ from 'lodash-es';\n\nexport const f = _.debounce(() => _.noop(), 10);\n`,
      filename: 'src/f.ts',
      files: app(),
      errors: [at(1, 15, { message: /default export of 'lodash-es' is an object/ })],
      output: `import { debounce, noop } from 'lodash-es';\n\nexport const f = debounce(() => noop(), 10);\n`,
      checkOutput: bundles,
    },
    {
      name: 'moment: no automatic fix, the message names the alternatives',
      code: `import moment from 'moment';\n\nexport const label = (d: Date) => moment(d).format('LL');\n`,
      filename: 'src/label.ts',
      files: app(),
      errors: [at(1, 20, { message: /'dayjs'.*'date-fns'.*Intl\.DateTimeFormat.*no automatic fix/, fixes: [] })],
    },
    {
      name: "moment in a 'use client' component of a Next.js app",
      code: `'use client';\nimport moment from 'moment';\nexport default function Clock() { return <time>{moment().format('LT')}</time>; }\n`,
      filename: 'app/clock.tsx',
      files: app({}, { next: '^15.0.0', react: '^19.0.0' }),
      errors: [at(2, 20)],
    },
    {
      name: 'moment in a React component outside any framework package',
      code: `import React from 'react';\nimport moment from 'moment';\nexport function Clock() { return <time>{moment().format('LT')}</time>; }\n`,
      filename: 'src/Clock.tsx',
      files: app({}, {}),
      errors: [at(2, 20)],
    },
    {
      name: 'moment used only in a click handler: load it when the event fires',
      code: `import moment from 'moment';

export function ExportButton({ rows }: { rows: { at: Date }[] }) {
  return <button onClick={() => download(rows.map((r) => moment(r.at).format('L')))}>Export</button>;
}

declare function download(lines: string[]): void;
`,
      filename: 'src/ExportButton.tsx',
      files: app(),
      errors: [at(1, 20, { fixes: ["Load 'moment' when the event fires (import() in the handler)"] })],
      output: `
export function ExportButton({ rows }: { rows: { at: Date }[] }) {
  return <button onClick={async () => {
    const { default: moment } = await import('moment');
    download(rows.map((r) => moment(r.at).format('L')));
  }}>Export</button>;
}

declare function download(lines: string[]): void;
`,
      checkOutput: componentCompilesAndBundles,
    },
    { name: 'aws-sdk v2', code: `import AWS from 'aws-sdk';\nexport const s3 = new AWS.S3();`, filename: 'src/upload.ts', files: app(), errors: [at(1, 17, { message: /@aws-sdk\/client-s3/ })] },
    { name: 'core-js whole', code: `import 'core-js';`, filename: 'src/polyfills.ts', files: app(), errors: [at(1, 8, { message: /useBuiltIns/ })] },
    { name: 'RxJS 5 patch import', code: `import 'rxjs/add/operator/map';`, filename: 'src/streams.ts', files: app(), errors: [at(1, 8, { message: /pipe\(\)/ })] },
    {
      name: 'icon pack used as an object',
      code: `import * as Icons from 'lucide-react';\nexport const iconFor = (name: string) => (Icons as Record<string, unknown>)[name];`,
      filename: 'src/icon.ts',
      files: app(),
      errors: [at(1, 24, { message: /every icon in it is bundled/ })],
    },
    {
      name: 'a Gravatar MD5 from the crypto-js root in an avatar component',
      code: `import { enc, MD5 } from 'crypto-js';\n\nexport function UserAvatar({ email }: { email: string }) {\n  const hash = MD5(email.trim().toLowerCase()).toString(enc.Hex);\n  return <img src={\`https://www.gravatar.com/avatar/\${hash}?d=mp\`} alt="" width={32} height={32} />;\n}\n`,
      filename: 'src/components/UserAvatar.tsx',
      files: app(),
      errors: [at(1, 26, { message: /'crypto-js\/md5'.*crypto\.subtle/ })],
    },
    {
      name: "a markdown renderer highlighting code with the whole of highlight.js (SvelteKit)",
      code: `import { Marked } from 'marked';\nimport { markedHighlight } from 'marked-highlight';\nimport hljs from 'highlight.js';\n\nexport const marked = new Marked(\n  markedHighlight({ langPrefix: 'hljs language-', highlight: (code, lang) => hljs.highlight(code, { language: hljs.getLanguage(lang) ? lang : 'plaintext' }).value }),\n);\n`,
      filename: 'src/lib/marked.ts',
      files: app({}, { '@sveltejs/kit': '^2.0.0', svelte: '^5.0.0', vite: '^6.0.0' }),
      errors: [at(3, 18, { message: /every language.*'highlight\.js\/lib\/core'/ })],
    },
    {
      name: 'Material Design icon paths required as one object (Create React App)',
      code: `import MDIIcon from '@mdi/react';\n\nexport const Icon = ({ icon }: { icon: string }) => {\n  const MDIcons = require('@mdi/js');\n  const path = MDIcons[icon] ?? MDIcons.mdiCancel;\n  return <MDIIcon path={path} size={1} />;\n};\n`,
      filename: 'src/components/UI/Icon.tsx',
      files: app({}, { react: '^18.0.0', 'react-dom': '^18.0.0', 'react-scripts': '5.0.1' }),
      errors: [at(4, 27, { message: /every icon in it is bundled/ })],
    },
    { name: 'a whole Font Awesome pack', code: `import { library } from './icons';\nimport { fas } from '@fortawesome/free-solid-svg-icons';\nlibrary.add(fas);`, filename: 'src/fa.ts', files: app(), errors: [at(2, 21)] },
    {
      name: 'reported in a Vue app without React',
      code: `import moment from 'moment';\nexport const now = moment();`,
      filename: 'src/composables/now.ts',
      files: app({}, { vue: '^3.0.0', vite: '^6.0.0' }),
      errors: [at(1, 20)],
    },
    {
      name: 'a Vue single-file component: found in <script setup>, fixed in place',
      code: `<template>
  <input @input="search($event.target.value)" />
</template>

<script setup lang="ts">
import _ from 'lodash';
const search = _.debounce((q: string) => console.log(q), 300);
</script>
`,
      filename: 'src/components/Search.vue',
      files: app({}, { vue: '^3.0.0', vite: '^6.0.0' }),
      errors: [at(6, 15)],
      output: `<template>
  <input @input="search($event.target.value)" />
</template>

<script setup lang="ts">
import debounce from 'lodash/debounce';
const search = debounce((q: string) => console.log(q), 300);
</script>
`,
    },
    {
      name: 'a Svelte component',
      code: `<script>\n  import moment from 'moment';\n  export let at;\n</script>\n\n<time>{moment(at).fromNow()}</time>\n<p>import _ from 'lodash' is only text here</p>\n`,
      filename: 'src/lib/Ago.svelte',
      files: app({}, { svelte: '^5.0.0', vite: '^6.0.0' }),
      errors: [at(2, 22)],
    },
    {
      name: 'hoisted node_modules of a monorepo',
      code: `import moment from 'moment';\nexport const now = moment();`,
      filename: 'packages/web/src/now.ts',
      files: {
        'package.json': JSON.stringify({ private: true, workspaces: ['packages/*'] }),
        'packages/web/package.json': JSON.stringify({ name: 'web', dependencies: { vite: '^6.0.0', moment: '^2.0.0' } }),
        'node_modules/moment/package.json': pkg('moment'),
      },
      errors: [at(1, 20)],
    },
  ],
});

/** A cost source with fixed answers; records what was requested. */
class FakeCosts implements CostSource {
  requested: { key: string; probe: ImportProbe }[] = [];
  constructor(private readonly sizes: Record<string, CostResult>) {}
  lookup(key: string): CostResult | undefined {
    for (const [prefix, v] of Object.entries(this.sizes)) if (key.startsWith(prefix)) return v;
    return undefined;
  }
  request(key: string, probe: ImportProbe): void {
    this.requested.push({ key, probe });
  }
  isPending(key: string): boolean {
    return this.requested.some((r) => r.key === key);
  }
}

const kb = (gzipKb: number) => ({ bytes: gzipKb * 3000, gzip: gzipKb * 1000, contents: [{ name: 'chart.js', bytes: gzipKb * 2800 }, { name: '@kurkle/color', bytes: gzipKb * 200 }], ms: 50 });

function run(code: string, filename: string, files: Record<string, string>, env: ImportCostEnvironment, settings: RuleSettings = {}) {
  const abs: Record<string, string> = {};
  for (const [rel, text] of Object.entries(files)) abs[`/w/${rel}`] = text;
  abs[`/w/${filename}`] = code;
  const project = attachImportCosts(new Project(new MemoryFileHost(abs)), env);
  const doc = project.getDoc(`/w/${filename}`)!;
  const analysis = analyzeDoc(project, doc, { rules: [heavyImport], settings });
  assert.deepEqual(analysis.errors, []);
  return analysis.findings;
}

/** Analyses the workspace's files under src/ (or those listed), in path order, as `hotpath check` does. */
function runAll(files: Record<string, string>, env: ImportCostEnvironment, paths = Object.keys(files).filter((f) => f.startsWith('src/'))) {
  const abs: Record<string, string> = {};
  for (const [rel, text] of Object.entries(files)) abs[`/w/${rel}`] = text;
  const project = attachImportCosts(new Project(new MemoryFileHost(abs)), env);
  return [...paths].sort().flatMap((f) => analyzeDoc(project, project.getDoc(`/w/${f}`)!, { rules: [heavyImport] }).findings);
}

const chartCode = `import { Chart } from 'chart.js';\nexport const draw = (el: HTMLCanvasElement) => new Chart(el, { type: 'bar', data: { datasets: [] } });\n`;

describe('heavy-import with measured sizes', () => {
  it('reports an import over the default 20 kB budget with its size and contents', () => {
    const costs = new FakeCosts({ 'chart.js@4.4.0|chart.js|Chart': kb(61.2) });
    const [f, ...rest] = run(chartCode, 'src/chart.ts', app(), { costs });
    assert.equal(rest.length, 0);
    assert.equal(f!.message, "'chart.js' adds 61.2 kB gzip (184 kB minified) to the browser bundle, over the 20 kB budget. Find a lighter package, import less of it, or load it lazily with import().");
    assert.match(f!.explanation!, /Inside: chart\.js 171 kB, @kurkle\/color 12\.2 kB/);
    // The cached size is not measured again; the entry's whole size is asked for once, so the
    // next analysis can tell from text and the cache whether this file needs parsing at all.
    assert.deepEqual(
      costs.requested.map((r) => r.key),
      ['chart.js@4.4.0|chart.js|*'],
    );
  });

  it("a Next.js custom Document and Create React App's setupProxy.js never reach the browser (the same imports elsewhere do)", () => {
    const next = app({ 'node_modules/@mantine/next/package.json': pkg('@mantine/next', { version: '6.0.21' }) }, { next: '^13.4.0', react: '^18.2.0', 'react-dom': '^18.2.0', '@mantine/next': '^6.0.21' });
    const document = `import { createGetInitialProps } from '@mantine/next';\nimport Document, { Head, Html, Main, NextScript } from 'next/document';\n\nconst getInitialProps = createGetInitialProps();\n\nexport default class _Document extends Document {\n  static getInitialProps = getInitialProps;\n\n  render() {\n    return (\n      <Html>\n        <Head />\n        <body>\n          <Main />\n          <NextScript />\n        </body>\n      </Html>\n    );\n  }\n}\n`;
    const mantine = () => new FakeCosts({ '@mantine/next@': kb(58.7) });
    assert.equal(run(document, 'src/pages/_document.tsx', next, { costs: mantine() }).length, 0);
    assert.equal(run(document, 'pages/_document.jsx', next, { costs: mantine() }).length, 0);
    assert.equal(run(document.replace('class _Document', 'class Page'), 'src/pages/index.tsx', next, { costs: mantine() }).length, 1);
    const cra = app({ 'node_modules/http-proxy-middleware/package.json': pkg('http-proxy-middleware', { version: '2.0.6' }) }, { react: '^18.2.0', 'react-dom': '^18.2.0', 'react-scripts': '5.0.1' });
    const proxy = `const { createProxyMiddleware } = require('http-proxy-middleware');\n\nmodule.exports = function (app) {\n  app.use(['/api', '/uploads'], createProxyMiddleware({ target: 'http://localhost:5005', changeOrigin: true }));\n};\n`;
    const hpm = () => new FakeCosts({ 'http-proxy-middleware@': kb(26.7) });
    assert.equal(run(proxy, 'src/setupProxy.js', cra, { costs: hpm() }).length, 0);
    assert.equal(run(proxy, 'src/apiProxy.js', cra, { costs: hpm() }).length, 1);
  });

  it('a package that another import of the app bundles anyway adds nothing (a dependency, not a peer)', () => {
    const files = app(
      {
        'node_modules/@mantine/prism/package.json': pkg('@mantine/prism', { version: '6.0.21', dependencies: { 'prism-react-renderer': '^1.3.5' }, peerDependencies: { react: '>=16.8.0' } }),
        'node_modules/prism-react-renderer/package.json': pkg('prism-react-renderer', { version: '1.3.5', peerDependencies: { react: '>=0.14.9' } }),
        'node_modules/react-chartjs-2/package.json': pkg('react-chartjs-2', { version: '5.2.0', peerDependencies: { 'chart.js': '^4.1.1', react: '^16.8.0 || ^17.0.0 || ^18.0.0' } }),
      },
      { react: '^18.2.0', 'react-dom': '^18.2.0', vite: '^5.0.0', '@mantine/prism': '^6.0.21', 'react-chartjs-2': '^5.2.0', 'chart.js': '^4.4.0' },
    );
    const prismCode = `import { Prism } from '@mantine/prism';\nimport { Prism as PrismLib } from 'prism-react-renderer';\n\n(typeof global !== 'undefined' ? global : window).Prism = PrismLib;\n\nexport function PrismCode({ code, ext }: { code: string; ext: string }) {\n  return <Prism language={ext as any}>{code}</Prism>;\n}\n`;
    const costs = () => new FakeCosts({ 'prism-react-renderer@': kb(24.7), '@mantine/prism@': kb(4) });
    assert.equal(run(prismCode, 'src/components/render/PrismCode.tsx', files, { costs: costs() }).length, 0);
    // Without the @mantine/prism import, the file's own import is what brings prism-react-renderer.
    const alone = `import { Prism as PrismLib } from 'prism-react-renderer';\nexport const prism = PrismLib;\n`;
    assert.equal(run(alone, 'src/components/render/PrismCode.tsx', files, { costs: costs() }).length, 1);
    // react-chartjs-2 only peers chart.js: the app's chart.js import is where chart.js is charged.
    const chart = `import { Chart, BarElement } from 'chart.js';\nimport { Bar } from 'react-chartjs-2';\n\nChart.register(BarElement);\nexport const Stats = () => <Bar data={{ labels: [], datasets: [] }} />;\n`;
    const [f] = run(chart, 'src/Stats.tsx', files, { costs: new FakeCosts({ 'chart.js@': kb(50.4), 'react-chartjs-2@': kb(2) }) });
    assert.match(f!.message, /'chart\.js' adds 50\.4 kB gzip.*'react-chartjs-2' also depends on 'chart\.js'/);
  });

  it('does not parse a file whose every imported entry fits the budget even whole', () => {
    const files = app();
    const abs: Record<string, string> = { '/w/src/chart.ts': chartCode };
    for (const [rel, text] of Object.entries(files)) abs[`/w/${rel}`] = text;
    const analyse = (costs: FakeCosts) => {
      const project = attachImportCosts(new Project(new MemoryFileHost(abs)), { costs });
      const doc = project.getDoc('/w/src/chart.ts')!;
      return { findings: analyzeDoc(project, doc, { rules: [heavyImport] }).findings, parsed: doc.isParsed, costs };
    };
    const small = analyse(new FakeCosts({ 'chart.js@4.4.0|chart.js|*': kb(15) }));
    assert.deepEqual([small.findings.length, small.parsed, small.costs.requested.length], [0, false, 0]);
    // Over the budget whole: the file is parsed and exactly what it imports is measured.
    const big = analyse(new FakeCosts({ 'chart.js@4.4.0|chart.js|*': kb(61.2) }));
    assert.deepEqual([big.findings.length, big.parsed, big.costs.requested.map((r) => r.key)], [0, true, ['chart.js@4.4.0|chart.js|Chart']]);
  });

  it('stays silent under the budget, and under per-package and editor budgets', () => {
    assert.equal(run(chartCode, 'src/chart.ts', app(), { costs: new FakeCosts({ 'chart.js@': kb(19.9) }) }).length, 0);
    const rc = app({ '.hotpathrc.json': JSON.stringify({ importBudgets: { 'chart.js': 80 } }) });
    assert.equal(run(chartCode, 'src/chart.ts', rc, { costs: new FakeCosts({ 'chart.js@': kb(61.2) }) }).length, 0);
    const rcGlobal = app({ '.hotpathrc.json': JSON.stringify({ importBudgetKb: 100 }) });
    assert.equal(run(chartCode, 'src/chart.ts', rcGlobal, { costs: new FakeCosts({ 'chart.js@': kb(61.2) }) }).length, 0);
    assert.equal(run(chartCode, 'src/chart.ts', app(), { costs: new FakeCosts({ 'chart.js@': kb(61.2) }) }, { importBudgetKb: 70 }).length, 0);
    // The editor's default (20) does not override the rc file's budget.
    assert.equal(run(chartCode, 'src/chart.ts', rcGlobal, { costs: new FakeCosts({ 'chart.js@': kb(61.2) }) }, { importBudgetKb: 20 }).length, 0);
    assert.equal(run(chartCode, 'src/chart.ts', rcGlobal, { costs: new FakeCosts({ 'chart.js@': kb(61.2) }) }, { importBudgetKb: 50 }).length, 1);
    // The per-package budget still applies when exceeded.
    const [over] = run(chartCode, 'src/chart.ts', rc, { costs: new FakeCosts({ 'chart.js@': kb(90) }) });
    assert.match(over!.message, /over the 80 kB budget/);
  });

  it('says when named imports cannot help because the browser build is CommonJS', () => {
    const files = app({ 'node_modules/big-cjs/package.json': pkg('big-cjs', { main: 'lib/index.js' }) });
    const [f] = run(`import { plot } from 'big-cjs';\nexport const p = plot;`, 'src/p.ts', files, { costs: new FakeCosts({ 'big-cjs@': kb(40) }) });
    assert.match(f!.message, /over the 20 kB budget\. .* Its browser build is CommonJS, so importing names does not shake off the rest\.$/);
    const esm = app({ 'node_modules/big-esm/package.json': pkg('big-esm', { module: 'es/index.js' }) });
    const [g] = run(`import { plot } from 'big-esm';\nexport const p = plot;`, 'src/p.ts', esm, { costs: new FakeCosts({ 'big-esm@': kb(40) }) });
    assert.doesNotMatch(g!.message, /CommonJS/);
  });

  it('stays silent on moment when a dependency bundles it anyway (installed antd 4)', () => {
    const files = app({ 'node_modules/antd/package.json': pkg('antd', { version: '4.24.0', dependencies: { moment: '^2.29.0' } }) }, { vite: '^6.0.0', antd: '^4.24.0', moment: '^2.29.0' });
    // antd 4's date pickers bundle moment whatever the app imports: moving to dayjs saves nothing.
    assert.deepEqual(run(`import moment from 'moment';\nexport const now = moment();`, 'src/now.ts', files, {}), []);
    // Measured on its own it is over the budget, but this import adds none of it (measured on a real
    // app with its dependencies installed: one warning per importing file before).
    assert.deepEqual(run(`import moment from 'moment';\nexport const now = moment();`, 'src/now.ts', files, { costs: new FakeCosts({ 'moment@': kb(20.7) }) }), []);
  });

  it('installed requirers of moment: one the browser code imports sets it aside; moment-timezone (reported itself) or one never imported does not', () => {
    const files = app(
      {
        'node_modules/moment-timezone/package.json': pkg('moment-timezone', { version: '0.5.45', dependencies: { moment: '^2.29.4' } }),
        'node_modules/vue-ctk-date-time-picker/package.json': pkg('vue-ctk-date-time-picker', { version: '2.5.0', dependencies: { moment: '^2.29.0', 'moment-range': '^4.0.2' } }),
      },
      { vite: '^5.0.0', vue: '^2.7.0', moment: '^2.29.4', 'moment-timezone': '^0.5.45', 'vue-ctk-date-time-picker': '^2.5.0' },
    );
    const format = `import moment from 'moment';\n\nexport default function formatDate(date: string, dateFormat: string) {\n  return date ? moment(date).format(dateFormat) : '';\n}\n`;
    const tz = `import moment from 'moment-timezone';\n\nexport const convertToTimezone = (date: string, zone: string) => moment.tz(date, zone);\n`;
    // moment-timezone is reported itself: its fix removes moment with it, so it sets nothing aside.
    const both = runAll({ ...files, 'src/Utilities/Date/formatDate.ts': format, 'src/Utilities/Date/convertToTimezone.ts': tz }, {});
    assert.deepEqual(both.map((f) => f.message.slice(0, 32)).sort(), ["'moment' is a known heavy import", "'moment-timezone' is a known hea"]);
    // The date picker the calendar imports requires moment whatever the app's own code does.
    const picker = `<script>\nimport VueCtkDateTimePicker from 'vue-ctk-date-time-picker';\nexport default { components: { VueCtkDateTimePicker } };\n</script>\n<template><VueCtkDateTimePicker /></template>\n`;
    assert.deepEqual(runAll({ ...files, 'src/Utilities/Date/formatDate.ts': format, 'src/Calendar/Picker.vue': picker }, {}, ['src/Utilities/Date/formatDate.ts']), []);
  });

  it('adds the measured size to a known-heavy message', () => {
    const findings = run(searchWithLodash, 'src/search.ts', app(), { costs: new FakeCosts({ 'lodash@4.17.21|lodash|default;': kb(24.1) }) });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /^'lodash' adds 24\.1 kB gzip \(72\.3 kB minified\) to the browser bundle, over the 20 kB budget: the 'lodash' root/);
  });

  it('requests unknown sizes with a probe of exactly what is imported, and reports nothing yet', () => {
    const costs = new FakeCosts({});
    const code = `import { Chart, BarController } from 'chart.js';\nimport * as _ from 'lodash-es';\nimport 'date-fns';\nexport const x = [Chart, BarController, _.debounce, _.get];\n`;
    assert.equal(run(code, 'src/c.ts', app(), { costs }).length, 0);
    assert.deepEqual(
      costs.requested.map((r) => [r.key, r.probe.names, r.probe.form, r.probe.resolveDir]),
      [
        // Whole entries first (lodash-es has known-heavy rows: it is parsed whatever its size).
        ['chart.js@4.4.0|chart.js|*', [], 'static', '/w'],
        ['date-fns@1.0.0|date-fns|*', [], 'static', '/w'],
        ['chart.js@4.4.0|chart.js|BarController,Chart', ['Chart', 'BarController'], 'static', '/w'],
        ['lodash-es@1.0.0|lodash-es|debounce,get', ['debounce', 'get'], 'static', '/w'],
        ['date-fns@1.0.0|date-fns|side-effect', [], 'side-effect', '/w'],
      ],
    );
  });

  it('asks only for sizes that can change a finding: not the framework runtime, not an entry that fits whole, not a lazy import', () => {
    // A Vue component of a Vite app: vue is the platform, lucide-vue-next fits whole, the editor loads lazily.
    const files = app(
      { 'index.html': '<script type="module" src="/src/main.ts"></script>', 'src/main.ts': "import './player';\n" },
      { vue: '^3.5.0', vite: '^6.0.0', 'lucide-vue-next': '^0.5.0', '@codemirror/view': '^6.0.0', 'chart.js': '^4.4.0' },
    );
    for (const name of ['vue', 'lucide-vue-next', '@codemirror/view']) files[`node_modules/${name}/package.json`] = pkg(name, { module: 'index.js' });
    const code = "import { ref, computed } from 'vue';\nimport { PlayIcon } from 'lucide-vue-next';\nimport { Chart } from 'chart.js';\nexport const load = () => import('@codemirror/view');\nexport const s = [ref, computed, PlayIcon, Chart];\n";
    const costs = new FakeCosts({ 'vue@1.0.0|vue|*': kb(45), 'lucide-vue-next@1.0.0|lucide-vue-next|*': kb(12), 'chart.js@4.4.0|chart.js|*': kb(61.2) });
    run(code, 'src/player.ts', files, { costs });
    // The lazy import's whole entry is asked for from the text (which does not tell import() apart), never its own probe.
    assert.deepEqual(costs.requested.map((r) => r.key), ['@codemirror/view@1.0.0|@codemirror/view|*', 'chart.js@4.4.0|chart.js|Chart']);
    // The inline costs (hover, inlay hints) still ask for every import's own size.
    const all = new FakeCosts({ 'vue@1.0.0|vue|*': kb(45), 'lucide-vue-next@1.0.0|lucide-vue-next|*': kb(12), 'chart.js@4.4.0|chart.js|*': kb(61.2) });
    const abs: Record<string, string> = { '/w/src/player.ts': code };
    for (const [rel, text] of Object.entries(files)) abs[`/w/${rel}`] = text;
    const project = attachImportCosts(new Project(new MemoryFileHost(abs)), { costs: all });
    importCosts(project, project.getDoc('/w/src/player.ts')!, []);
    assert.equal(all.requested.length, 4);
  });

  it('leaves peers out of the probe (React for an icon library)', () => {
    const costs = new FakeCosts({});
    run(`import { Camera } from 'lucide-react';\nexport const c = Camera;`, 'src/c.ts', app(), { costs });
    assert.deepEqual(costs.requested[0]!.probe.external, ['react']);
    assert.equal(costs.requested[0]!.key, 'lucide-react@1.0.0|lucide-react|Camera|ext:react');
  });

  it('reports a package over the budget once per app: the first importer over it, the other importers over it related', () => {
    const files = {
      ...app(),
      'src/reports/Sales.tsx': `import { Chart, registerables } from 'chart.js';\nChart.register(...registerables);\nexport const sales = (el: HTMLCanvasElement) => new Chart(el, { type: 'bar', data: { datasets: [] } });\n`,
      'src/dashboard/Trend.tsx': chartCode,
      // Lazy: its own chunk, not the initial bundle; under the budget: not the same cost.
      'src/admin/Stats.tsx': `export const load = () => import('chart.js');\n`,
      'src/util/colors.ts': `import { Color } from 'chart.js';\nexport const c = Color;\n`,
    };
    const costs = new FakeCosts({ 'chart.js@4.4.0|chart.js|Chart,registerables': kb(61.2), 'chart.js@4.4.0|chart.js|Chart': kb(48.5), 'chart.js@4.4.0|chart.js|Color': kb(1.2), 'chart.js@4.4.0|chart.js|*': kb(61.2) });
    const findings = runAll(files, { costs });
    assert.deepEqual(
      findings.map((f) => `${f.path.slice(3)}:${f.range.start.line + 1}`),
      ['src/dashboard/Trend.tsx:1'],
    );
    assert.deepEqual(findings[0]!.related.map((r) => `${r.path.slice(3)}:${r.range.start.line + 1}`), ['src/reports/Sales.tsx:1']);
    assert.match(findings[0]!.message, /^'chart\.js' adds 48\.5 kB gzip \(146 kB minified\) to the browser bundle, over the 20 kB budget, imported by 2 files of this app \(the others are related locations\); it costs the bundle once\. /);
  });

  it("does not hold the app's platform to the budget: a UI kit most of its pages are written with", () => {
    const page = (n: number) => `import { Button, Table } from 'antd';\nexport const Page${n} = ({ rows }: { rows: object[] }) => <><Button type="primary">New</Button><Table dataSource={rows} /></>;\n`;
    const files = (pages: number): Record<string, string> => {
      const out: Record<string, string> = { ...app({ 'node_modules/antd/package.json': pkg('antd', { version: '5.21.0', module: 'es/index.js', peerDependencies: { react: '*' } }) }) };
      for (let i = 0; i < pages; i++) out[`src/pages/page${String(i).padStart(2, '0')}.tsx`] = page(i);
      return out;
    };
    const costs = () => new FakeCosts({ 'antd@5.21.0|antd|': kb(30.2) });
    // Every page of an admin app: rewriting the app is the only way to drop it.
    assert.deepEqual(runAll(files(15), { costs: costs() }), []);
    // Two screens of an app otherwise built without it: a cost to question, reported once.
    const few = runAll(files(2), { costs: costs() });
    assert.deepEqual(few.map((f) => `${f.path.slice(3)}:${f.range.start.line + 1}`), ['src/pages/page00.tsx:1']);
    assert.match(few[0]!.message, /^'antd' adds 30\.2 kB gzip .* imported by 2 files of this app/);
  });

  it("decides that a package is the app's platform without parsing every importer (three.js's 280 examples import `three`)", () => {
    const abs: Record<string, string> = {};
    for (const [rel, text] of Object.entries(app({ 'node_modules/three/package.json': pkg('three', { version: '0.170.0', module: 'build/three.module.js' }) }))) abs[`/w/${rel}`] = text;
    const pages = 40;
    for (let i = 0; i < pages; i++) {
      abs[`/w/src/examples/e${String(i).padStart(2, '0')}.ts`] = `import { Mesh, Vector3 } from 'three';\nexport const make${i} = () => new Mesh().position.add(new Vector3(${i}, 0, 0));\n`;
    }
    const three = { bytes: 480_000, gzip: 160_000, contents: [{ name: 'three', bytes: 480_000 }], ms: 50 };
    const project = attachImportCosts(new Project(new MemoryFileHost(abs)), { costs: new FakeCosts({ 'three@0.170.0|three|': three }) });
    const examples = Object.keys(abs).filter((p) => p.includes('/examples/')).sort();
    const findings = examples.flatMap((p) => analyzeDoc(project, project.getDoc(p)!, { rules: [heavyImport] }).findings);
    assert.deepEqual(findings, []);
    // The first 15 importers (in path order) settle it; the others are not parsed at all.
    assert.equal(examples.filter((p) => project.getDoc(p)!.isParsed).length, 15);
    // A file the rule parses anyway (it imports another package over the budget) asks the same question the same way.
    abs['/w/src/examples/e99.ts'] = `import { Mesh } from 'three';\nimport { Chart } from 'chart.js';\nexport const both = () => [new Mesh(), Chart];\n`;
    const more = attachImportCosts(new Project(new MemoryFileHost(abs)), { costs: new FakeCosts({ 'three@0.170.0|three|': three, 'chart.js@4.4.0|chart.js|': kb(61.2) }) });
    const last = analyzeDoc(more, more.getDoc('/w/src/examples/e99.ts')!, { rules: [heavyImport] }).findings;
    assert.deepEqual(last.map((f) => f.message.split(' adds')[0]), ["'chart.js'"]);
    assert.equal(examples.filter((p) => more.getDoc(p)!.isParsed).length, 15);
  });

  it('does not hold the Radix primitives under the shadcn/ui components an app is written with to the budget', () => {
    const files = (pages: number): Record<string, string> => {
      const out: Record<string, string> = {
        ...app({ 'node_modules/@radix-ui/react-select/package.json': pkg('@radix-ui/react-select', { version: '2.2.6', module: 'dist/index.mjs', peerDependencies: { react: '*' } }) }, { next: '^14.2.0', react: '^18.3.1', 'react-dom': '^18.3.1' }),
        'components.json': JSON.stringify({ style: 'default', tsx: true, aliases: { components: '@/components', utils: '@/lib/utils', ui: '@/components/ui' } }),
        'components/ui/select.tsx': "import * as SelectPrimitive from '@radix-ui/react-select';\n\nexport const Select = SelectPrimitive.Root;\nexport const SelectTrigger = SelectPrimitive.Trigger;\nexport const SelectContent = SelectPrimitive.Content;\n",
      };
      for (let i = 0; i < pages; i++) out[`pages/settings/s${String(i).padStart(2, '0')}.tsx`] = `import { Select, SelectTrigger } from '../../components/ui/select';\nexport default function Settings${i}() { return <Select><SelectTrigger /></Select>; }\n`;
      return out;
    };
    const costs = () => new FakeCosts({ '@radix-ui/react-select@2.2.6|': kb(26.4) });
    const check = (pages: number) => runAll(files(pages), { costs: costs() }, ['components/ui/select.tsx']).map((f) => `${f.path.slice(3)}:${f.range.start.line + 1}`);
    assert.deepEqual(check(15), []);
    // A primitive only a couple of screens use through its wrapper is a cost like any other.
    assert.deepEqual(check(2), ['components/ui/select.tsx:1']);
  });

  it('does not hold a lazy import() against the budget', () => {
    const code = `export async function draw() {\n  const { Chart } = await import('chart.js');\n  return Chart;\n}\n`;
    assert.equal(run(code, 'src/lazy.ts', app(), { costs: new FakeCosts({ 'chart.js@': kb(61.2) }) }).length, 0);
  });

  it('does not hold a file only import() reaches against the budget (a lazy route or component), nor let it take the finding from an eager importer', () => {
    const files: Record<string, string> = {
      ...app({ 'node_modules/@codemirror/view/package.json': pkg('@codemirror/view', { version: '6.26.0', type: 'module' }) }),
      'index.html': '<div id="root"></div><script type="module" src="/src/main.tsx"></script>',
      'src/main.tsx': "import { createRoot } from 'react-dom/client';\nimport { App } from './App';\ncreateRoot(document.getElementById('root')!).render(<App />);\n",
      'src/App.tsx': "import { lazy, Suspense } from 'react';\nimport { Dashboard } from './dashboard/Dashboard';\nconst NoteEditor = lazy(() => import('./editor/NoteEditor'));\nexport const App = () => <Suspense fallback={null}><Dashboard /><NoteEditor /></Suspense>;\n",
      'src/dashboard/Dashboard.tsx': `import { Chart } from 'chart.js';\nexport const Dashboard = () => <canvas ref={(el) => el && new Chart(el, { type: 'bar', data: { datasets: [] } })} />;\n`,
      // Sorts before the dashboard, and only the lazy editor reaches it.
      'src/a-reports/Sales.tsx': `import { Chart } from 'chart.js';\nexport const sales = (el: HTMLCanvasElement) => new Chart(el, { type: 'line', data: { datasets: [] } });\n`,
      'src/editor/NoteEditor.tsx': "import { EditorView } from '@codemirror/view';\nimport { sales } from '../a-reports/Sales';\nexport default function NoteEditor() { return <div ref={(parent) => parent && new EditorView({ parent })} onClick={() => sales} />; }\n",
    };
    const costs = new FakeCosts({ 'chart.js@4.4.0|chart.js|Chart': kb(48.5), 'chart.js@4.4.0|chart.js|*': kb(61.2), '@codemirror/view@': kb(58) });
    const findings = runAll(files, { costs });
    assert.deepEqual(
      findings.map((f) => `${f.path.slice(3)}:${f.range.start.line + 1} ${f.related.map((r) => r.path.slice(3)).join(',')}`),
      ['src/dashboard/Dashboard.tsx:1 '],
    );
  });

  it("does not hold the app's UI framework against the budget (react-dom, vue, @angular/core, next/*), but react-dom/server in browser code is a cost", () => {
    const costs = new FakeCosts({ 'react-dom@': kb(45), 'vue@': kb(38), '@angular/core@': kb(95), 'next@': kb(30) });
    const installed = {
      'node_modules/react-dom/package.json': pkg('react-dom', { version: '19.0.0', peerDependencies: { react: '^19.0.0' } }),
      'node_modules/vue/package.json': pkg('vue', { version: '3.5.0', module: 'dist/vue.runtime.esm-bundler.js' }),
      'node_modules/@angular/core/package.json': pkg('@angular/core', { version: '19.0.0', type: 'module' }),
      'node_modules/next/package.json': pkg('next', { version: '15.0.0' }),
    };
    const cases: [string, string, string][] = [
      ["import { createRoot } from 'react-dom/client';\nimport { App } from './App';\ncreateRoot(document.getElementById('root')!).render(<App />);\n", 'src/main.tsx', 'react-dom/client'],
      ["import { createPortal } from 'react-dom';\nexport const Modal = ({ children }: { children: React.ReactNode }) => createPortal(children, document.body);\n", 'src/Modal.tsx', 'react-dom'],
      ["import { createApp } from 'vue';\nimport App from './App.vue';\ncreateApp(App).mount('#app');\n", 'src/main.ts', 'vue'],
      ["import { Component, inject } from '@angular/core';\n@Component({ selector: 'app-root', template: '<router-outlet />' })\nexport class AppComponent {}\nexport const i = inject;\n", 'src/app/app.component.ts', '@angular/core'],
      ["'use client';\nimport { useRouter } from 'next/navigation';\nexport function Back() { const r = useRouter(); return <button onClick={() => r.back()} />; }\n", 'app/back.tsx', 'next/navigation'],
    ];
    for (const [code, file, spec] of cases) assert.deepEqual(run(code, file, app(installed), { costs }), [], spec);
    const server = "import { renderToStaticMarkup } from 'react-dom/server';\nimport L from 'leaflet';\nexport const pin = (el: JSX.Element) => L.divIcon({ html: renderToStaticMarkup(el) });\n";
    const [f, ...rest] = run(server, 'src/map/pin.tsx', app(installed), { costs });
    assert.equal(rest.length, 0);
    assert.match(f!.message, /^'react-dom\/server' adds 45\.0 kB gzip/);
  });

  it("does not measure the monorepo's own packages as dependencies (linked into node_modules); their own imports are what count", () => {
    const ui = JSON.stringify({ name: '@acme/ui', version: '0.0.0', private: true, main: './src/index.ts', dependencies: { 'chart.js': '^4.4.0' }, peerDependencies: { react: '^19.0.0', 'react-dom': '^19.0.0' } });
    const files: Record<string, string> = {
      ...app(),
      'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'apps/web/package.json': JSON.stringify({ name: '@acme/web', private: true, dependencies: { '@acme/ui': 'workspace:*', react: '^19.0.0', vite: '^6.0.0' } }),
      'packages/ui/package.json': ui,
      // npm and pnpm link a workspace package into node_modules: found there, it looks installed.
      'node_modules/@acme/ui/package.json': ui,
      'packages/ui/src/index.ts': "export { SalesChart } from './SalesChart';\n",
    };
    const costs = new FakeCosts({ '@acme/ui@': kb(64), 'chart.js@': kb(48.5) });
    assert.deepEqual(run("import { SalesChart } from '@acme/ui';\nexport const Page = () => <SalesChart />;\n", 'apps/web/src/Page.tsx', files, { costs }), []);
    const [f] = run(chartCode, 'packages/ui/src/SalesChart.tsx', files, { costs });
    assert.match(f!.message, /^'chart\.js' adds 48\.5 kB gzip/);
  });

  it('charges a shared core once: sibling plugins and thin wrappers are not charged for what the app imports directly', () => {
    const lexicalApp = {
      ...app({
        'node_modules/lexical/package.json': pkg('lexical', { version: '0.17.0', type: 'module' }),
        'node_modules/@lexical/list/package.json': pkg('@lexical/list', { version: '0.17.0', type: 'module', dependencies: { lexical: '0.17.0', '@lexical/utils': '0.17.0' } }),
        'node_modules/@lexical/utils/package.json': pkg('@lexical/utils', { version: '0.17.0', type: 'module', dependencies: { lexical: '0.17.0' } }),
      }),
      'index.html': '<div id="root"></div><script type="module" src="/src/main.tsx"></script>',
      'src/main.tsx': "import { Editor } from './editor/Editor';\nimport { isEmpty } from './editor/empty';\nexport const app = [Editor, isEmpty];\n",
      'src/editor/empty.ts': "import { $getRoot, type EditorState } from 'lexical';\nexport const isEmpty = (s: EditorState) => s.read(() => $getRoot().getTextContent().trim() === '');\n",
      'src/editor/Editor.tsx': "import { ListNode, ListItemNode } from '@lexical/list';\nimport { mergeRegister } from '@lexical/utils';\nexport const Editor = { nodes: [ListNode, ListItemNode], mergeRegister };\n",
    };
    const weighs = (gzipKb: number, contents: [string, number][]) => ({ bytes: gzipKb * 3000, gzip: gzipKb * 1000, contents: contents.map(([name, share]) => ({ name, bytes: gzipKb * 3000 * share })), ms: 40 });
    const costs = new FakeCosts({
      'lexical@0.17.0|lexical|$getRoot': weighs(46, [['lexical', 1]]),
      // Mostly the lexical core: its own share is 12 kB gzip.
      '@lexical/list@': weighs(52, [['lexical', 0.7], ['@lexical/list', 0.2], ['@lexical/utils', 0.1]]),
      '@lexical/utils@': weighs(49, [['lexical', 0.9], ['@lexical/utils', 0.1]]),
      'lexical@': weighs(46, [['lexical', 1]]),
    });
    const findings = runAll(lexicalApp, { costs });
    assert.deepEqual(findings.map((f) => `${f.path.slice(3)}:${f.range.start.line + 1} ${f.message.slice(0, 40)}`), ["src/editor/empty.ts:1 'lexical' adds 46.0 kB gzip (138 kB mini"]);
    // Without the app's own import of the core, the plugin is what brings it: reported.
    // What a directly imported package depends on goes with it: prismjs under @lexical/code, bundled by @lexical/markdown too.
    const withCode = {
      ...lexicalApp,
      'node_modules/@lexical/code/package.json': pkg('@lexical/code', { version: '0.17.0', type: 'module', dependencies: { lexical: '0.17.0', prismjs: '^1.29.0' } }),
      'node_modules/@lexical/markdown/package.json': pkg('@lexical/markdown', { version: '0.17.0', type: 'module', dependencies: { lexical: '0.17.0', '@lexical/code': '0.17.0' } }),
      'node_modules/prismjs/package.json': pkg('prismjs', { version: '1.29.0' }),
      'src/editor/Markdown.tsx': "import { CodeNode } from '@lexical/code';\nimport { TRANSFORMERS } from '@lexical/markdown';\nexport const markdown = { nodes: [CodeNode], TRANSFORMERS };\n",
    };
    const withCodeCosts = new FakeCosts({
      '@lexical/code@': weighs(40, [['prismjs', 0.5], ['lexical', 0.2], ['@lexical/code', 0.3]]),
      '@lexical/markdown@': weighs(60, [['lexical', 0.4], ['prismjs', 0.3], ['@lexical/code', 0.1], ['@lexical/markdown', 0.2]]),
      'lexical@': weighs(46, [['lexical', 1]]),
    });
    assert.deepEqual(runAll(withCode, { costs: withCodeCosts }, ['src/editor/Markdown.tsx']).map((f) => f.message.slice(0, 30)), ["'@lexical/code' adds 40.0 kB g"]);
    const { 'src/editor/empty.ts': _empty, ...withoutCore } = lexicalApp;
    const alone = run(withoutCore['src/editor/Editor.tsx'], 'src/editor/Editor.tsx', withoutCore, { costs: new FakeCosts({ '@lexical/list@': weighs(52, [['lexical', 0.7], ['@lexical/list', 0.3]]) }) });
    assert.equal(alone.length, 1);
  });

  it("leaves import 'core-js/stable' to @babel/preset-env when its useBuiltIns is 'entry' (it becomes what the targets need)", () => {
    const entry = "import 'core-js/stable';\nimport 'regenerator-runtime/runtime';\nimport { createApp } from 'vue';\ncreateApp({}).mount('#app');\n";
    const costs = new FakeCosts({ 'core-js@3.38.0|core-js/stable|side-effect': kb(47) });
    const babelrc = (env: Record<string, unknown>) => JSON.stringify({ presets: [['@babel/preset-env', env]], plugins: ['lodash'] }, null, 2);
    assert.deepEqual(run(entry, 'client/index-app.js', app({ '.babelrc': babelrc({ useBuiltIns: 'entry', corejs: 3 }) }), { costs }), []);
    const required = "require('core-js/stable');\nrequire('regenerator-runtime/runtime');\nrequire('./client-app');\n";
    const requiredCosts = new FakeCosts({ 'core-js@3.38.0|core-js/stable|': kb(47) });
    assert.deepEqual(run(required, 'client/index-app.js', app({ '.babelrc': babelrc({ useBuiltIns: 'entry', corejs: 3 }) }), { costs: requiredCosts }), []);
    assert.equal(run(required, 'client/index-app.js', app({ '.babelrc': babelrc({ corejs: 3 }) }), { costs: requiredCosts }).length, 1);
    // In a JS config, and in babel-loader options of a webpack config, the same.
    assert.deepEqual(run(entry, 'client/index-app.js', app({ 'babel.config.js': "module.exports = {\n  presets: [['@babel/preset-env', { useBuiltIns: 'entry', corejs: '3.38' }]],\n};\n" }), { costs }), []);
    // Without useBuiltIns, every stable polyfill ships: reported.
    const [f, ...rest] = run(entry, 'src/app.js', app({ '.babelrc': JSON.stringify({ compact: false, presets: ['@babel/preset-env'], plugins: [] }) }), { costs });
    assert.equal(rest.length, 0);
    assert.match(f!.message, /^'core-js\/stable' adds 47\.0 kB gzip/);
  });

  it('offers React.lazy for a heavy component used only as an element', () => {
    const code = `import { useState } from 'react';
import Editor from 'chart.js';

export function Notes() {
  const [open, setOpen] = useState(false);
  return <div>{open && <Editor height={400} />}<button onClick={() => setOpen(true)}>Edit</button></div>;
}
`;
    const [f] = run(code, 'src/Notes.tsx', app(), { costs: new FakeCosts({ 'chart.js@': kb(61.2) }) });
    assert.ok(f);
    assert.match(f.message, /Load it lazily where it is used/);
    const fixes = ruleFixes(f);
    assert.deepEqual(fixes.map((x) => [x.title, x.preferred]), [['Load <Editor> lazily (React.lazy and Suspense)', false]]);
    const out = applyEdits(code, fixes[0]!.edits);
    assert.equal(
      out,
      `import { useState, lazy, Suspense } from 'react';
const Editor = lazy(() => import('chart.js'));

export function Notes() {
  const [open, setOpen] = useState(false);
  return <div>{open && <Suspense fallback={null}><Editor height={400} /></Suspense>}<button onClick={() => setOpen(true)}>Edit</button></div>;
}
`,
    );
    // Against a typed stand-in for the heavy component, the result compiles.
    const errors = typecheck(
      {
        'Notes.tsx': out,
        'chart.d.ts': "declare module 'chart.js' {\n  const Editor: (props: { height: number }) => null;\n  export default Editor;\n}\n",
      },
      { module: 'esnext', compilerOptions: { jsx: ts.JsxEmit.ReactJSX, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] } },
    );
    assert.deepEqual(errors, []);
  });

  it('the lodash fix makes the real bundle smaller', () => {
    const findings = run(searchWithLodash, 'src/search.ts', app(), {});
    const fixed = applyEdits(searchWithLodash, ruleFixes(findings[0]!)[0]!.edits);
    const before = bundledGzip(searchWithLodash);
    const after = bundledGzip(fixed);
    assert.ok(after * 3 < before, `per-method bundle ${after} B gzip vs whole lodash ${before} B`);
  });
});
