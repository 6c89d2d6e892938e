import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
import { clientReach, lazyChunkOf, reachOf } from './client-reach';

function workspace(files: Record<string, string>) {
  const abs: Record<string, string> = {};
  for (const [rel, text] of Object.entries(files)) abs[`/w/${rel}`] = text;
  const project = new Project(new MemoryFileHost(abs));
  return {
    project,
    reached: () => [...(clientReach(project, '/w/package.json')?.owner.keys() ?? [])].map((p) => p.slice(3)).sort(),
    entries: () => (clientReach(project, '/w/package.json')?.apps ?? []).map((a) => `${a.root.slice(3) || '.'}: ${a.how.join(', ')}`),
  };
}

const deps = (d: Record<string, string>) => JSON.stringify({ name: 'app', dependencies: d });

describe('client entries and what they reach', () => {
  it('index.html scripts, through relative imports; type-only imports and assets are not followed', () => {
    const w = workspace({
      'package.json': deps({ vite: '^5.0.0', react: '^18.0.0' }),
      'index.html': '<script type="module" src="/src/main.tsx"></script><script src="https://cdn.example.com/x.js"></script>',
      'src/main.tsx': "import './styles.css';\nimport { App } from './App';\nimport type { Config } from '../server/config';\nexport const c: Config | undefined = undefined;\nApp();\n",
      'src/App.tsx': "export { Button } from './ui/Button';\nexport function App() {}\n",
      'src/ui/Button.tsx': 'export const Button = 1;\n',
      'server/config.ts': 'export interface Config { port: number }\n',
    });
    assert.deepEqual(w.reached(), ['src/App.tsx', 'src/main.tsx', 'src/ui/Button.tsx']);
    assert.deepEqual(w.entries(), ['.: index.html <script>']);
  });

  it('a webpack entry object, a package.json script --config, CRA src/index', () => {
    const webpack = workspace({
      'package.json': JSON.stringify({ name: 'a', scripts: { build: 'webpack --config config/prod.webpack.js' }, dependencies: { webpack: '^5.0.0' } }),
      'config/prod.webpack.js': "module.exports = { entry: { app: ['./client/index.js'], setup: './client/setup.js' } };\n",
      'client/index.js': "import './lib';\n",
      'client/lib.js': 'export {};\n',
      'client/setup.js': 'export {};\n',
    });
    assert.deepEqual(webpack.reached(), ['client/index.js', 'client/lib.js', 'client/setup.js']);
    const cra = workspace({ 'package.json': deps({ 'react-scripts': '5.0.1' }), 'src/index.jsx': 'export {};\n' });
    assert.deepEqual(cra.reached(), ['src/index.jsx']);
  });

  it("Next pages and 'use client' files; SvelteKit routes; Remix routes", () => {
    const next = workspace({
      'package.json': deps({ next: '^15.0.0' }),
      'pages/index.tsx': "import { Nav } from '../components/Nav';\nexport default Nav;\n",
      'pages/api/hello.ts': 'export default function h() {}\n',
      'components/Nav.tsx': 'export const Nav = 1;\n',
      'app/dashboard/page.tsx': 'export default function P() {}\n',
      'app/dashboard/chart.tsx': "'use client';\nexport const Chart = 1;\n",
    });
    assert.deepEqual(next.reached(), ['app/dashboard/chart.tsx', 'components/Nav.tsx', 'pages/index.tsx']);
    const kit = workspace({ 'package.json': deps({ '@sveltejs/kit': '^2.0.0' }), 'src/routes/+page.svelte': '<script>import { x } from "$lib/x";</script>', 'src/routes/+page.server.ts': 'export const load = () => ({});\n' });
    assert.deepEqual(kit.reached(), ['src/routes/+page.svelte']);
    const remix = workspace({ 'package.json': deps({ '@remix-run/react': '^2.0.0' }), 'app/root.tsx': 'export {};\n', 'app/routes/_index.tsx': 'export {};\n' });
    assert.deepEqual(remix.reached(), ['app/root.tsx', 'app/routes/_index.tsx']);
  });

  it("a Next.js monorepo: 'use client' files of its UI packages are the app's, a next/dynamic import opens a lazy chunk, a server logger beside client constants is server code", () => {
    const pkg = (name: string, d: Record<string, string>, exports?: Record<string, string>) => JSON.stringify({ name, private: true, ...(exports ? { exports } : {}), dependencies: d });
    const w = workspace({
      'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'apps/web/package.json': pkg('@acme/web', { next: '^15.0.0', react: '^19.0.0', '@acme/widgets': 'workspace:*', '@acme/ui': 'workspace:*', '@acme/core': 'workspace:*' }),
      'apps/web/next.config.ts': "export default { transpilePackages: ['@acme/ui', '@acme/widgets'] };\n",
      'apps/web/src/app/[locale]/layout.tsx': "import { Providers } from './_providers/providers';\nimport { UserButton } from '@acme/ui';\nexport default function Layout({ children }: { children: React.ReactNode }) { return <Providers><UserButton />{children}</Providers>; }\n",
      'apps/web/src/app/[locale]/boards/page.tsx': "import { Board } from '@acme/widgets';\nexport default function Page() { return <Board />; }\n",
      'apps/web/src/app/[locale]/_providers/providers.tsx': "'use client';\nimport dynamic from 'next/dynamic';\nconst DevTools = process.env.NODE_ENV === 'development' ? dynamic(() => import('./dev-tools'), { ssr: false }) : () => null;\nexport const Providers = ({ children }: { children: React.ReactNode }) => <>{children}<DevTools /></>;\n",
      'apps/web/src/app/[locale]/_providers/dev-tools.tsx': "'use client';\nexport default function DevTools() { return <aside />; }\n",
      'apps/web/src/app/[locale]/_providers/dev-tools.test.tsx': "import DevTools from './dev-tools';\nDevTools();\n",
      'apps/web/src/app/[locale]/settings/log-level.tsx': "'use client';\nimport { logLevels } from '@acme/core/logs/constants';\nexport const LogLevel = () => <select>{logLevels.map((l) => <option key={l}>{l}</option>)}</select>;\n",
      'apps/web/src/app/[locale]/settings/page.tsx': "import { LogLevel } from './log-level';\nexport default function Page() { return <LogLevel />; }\n",
      // Libraries that use next/link and next/dynamic, with no routes of their own.
      'packages/ui/package.json': pkg('@acme/ui', { next: '^15.0.0', react: '^19.0.0' }, { '.': './src/index.ts' }),
      'packages/ui/src/index.ts': "export { UserButton } from './user-button';\n",
      'packages/ui/src/user-button.tsx': "'use client';\nimport Link from 'next/link';\nexport const UserButton = () => <Link href=\"/me\">me</Link>;\n",
      'packages/widgets/package.json': pkg('@acme/widgets', { next: '^15.0.0', react: '^19.0.0' }, { '.': './src/index.ts' }),
      'packages/widgets/src/index.ts': "export { Board } from './board';\n",
      'packages/widgets/src/board.tsx': "'use client';\nimport dynamic from 'next/dynamic';\nconst Video = dynamic(() => import('./app/video'));\nexport const Board = () => <Video />;\n",
      'packages/widgets/src/app/video.tsx': "'use client';\nexport default function Video() { return <video />; }\n",
      'packages/core/package.json': pkg('@acme/core', { winston: '^3.0.0' }, { './logs': './src/logs/index.ts', './logs/constants': './src/logs/constants.ts' }),
      'packages/core/src/logs/constants.ts': "export const logLevels = ['error', 'warn', 'info'] as const;\n",
      'packages/core/src/logs/index.ts': "import winston from 'winston';\nexport const logger = winston.createLogger({});\n",
    });
    // One app: the libraries' 'use client' files are entries of the Next.js app that depends on them.
    assert.deepEqual(w.entries(), ["apps/web: Next.js 'use client' files"]);
    const reach = clientReach(w.project, '/w/package.json')!;
    assert.deepEqual(new Set(reach.owner.values()), new Set(['/w/apps/web']));
    // next/dynamic (and only a test besides) leads to these: lazy chunks, not the initial bundle.
    assert.equal(lazyChunkOf(w.project, '/w/apps/web/src/app/[locale]/_providers/dev-tools.tsx'), '/w/apps/web/src/app/[locale]/_providers/providers.tsx');
    assert.equal(lazyChunkOf(w.project, '/w/packages/widgets/src/app/video.tsx'), '/w/packages/widgets/src/board.tsx');
    assert.equal(lazyChunkOf(w.project, '/w/packages/ui/src/user-button.tsx'), undefined);
    // The logger shares a folder with constants a client component imports, but no client file imports it.
    assert.deepEqual(reachOf(w.project, '/w/packages/core/src/logs/constants.ts', '/w/packages/core'), { reached: true, app: '/w/apps/web' });
    assert.deepEqual(reachOf(w.project, '/w/packages/core/src/logs/index.ts', '/w/packages/core'), { reached: false, reason: "no page or 'use client' file of the Next.js app (web) imports it, so it runs on the server" });
  });

  it('angular.json browser builds, not server builds; a library reached through tsconfig paths belongs to the app', () => {
    const w = workspace({
      'package.json': deps({ '@angular/core': '^17.0.0' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@acme/ui': ['projects/ui/src/index.ts'] } } }),
      'angular.json': JSON.stringify({
        projects: {
          web: { root: '', projectType: 'application', architect: { build: { builder: '@angular-devkit/build-angular:application', options: { browser: 'src/main.ts', polyfills: ['zone.js'] } } } },
          ssr: { root: 'ssr', projectType: 'application', architect: { build: { builder: '@angular-devkit/build-angular:server', options: { main: 'ssr/main.server.ts' } } } },
        },
      }),
      'src/main.ts': "import { Button } from '@acme/ui';\nexport const b = Button;\n",
      'projects/ui/src/index.ts': 'export const Button = 1;\n',
      'ssr/main.server.ts': 'export {};\n',
    });
    assert.deepEqual(w.reached(), ['projects/ui/src/index.ts', 'src/main.ts']);
  });

  it('reachOf: reached, in a folder beside reached files (auto-imported), or not browser code', () => {
    const w = workspace({
      'package.json': deps({ vite: '^5.0.0', vue: '^3.0.0' }),
      'index.html': '<script type="module" src="/src/main.ts"></script>',
      'src/main.ts': 'export {};\n',
      'src/components/AutoImported.vue': '<template><p /></template>',
      'server/index.ts': 'export {};\n',
    });
    assert.deepEqual(reachOf(w.project, '/w/src/main.ts', '/w'), { reached: true, app: '/w' });
    assert.deepEqual(reachOf(w.project, '/w/src/components/AutoImported.vue', '/w'), { reached: true, app: '/w', byFolder: true });
    assert.deepEqual(reachOf(w.project, '/w/server/index.ts', '/w'), { reached: false, reason: "not reached through imports from the app's client entries (src/main.ts)" });
  });

  it('an edit that changes no import keeps the walk; one that adds an import redoes it', () => {
    const w = workspace({
      'package.json': deps({ vite: '^5.0.0' }),
      'index.html': '<script type="module" src="/src/main.ts"></script>',
      'src/main.ts': 'export const a = 1;\n',
      'lib/extra.ts': 'export const b = 2;\n',
    });
    const first = clientReach(w.project, '/w/package.json');
    w.project.openDocument('/w/src/main.ts', 'export const a = 2;\n', 2);
    assert.equal(clientReach(w.project, '/w/package.json'), first);
    w.project.openDocument('/w/src/main.ts', "import { b } from '../lib/extra';\nexport const a = b;\n", 3);
    assert.deepEqual(w.reached(), ['lib/extra.ts', 'src/main.ts']);
  });

  it('Nx: app paths through an extended tsconfig.base.json; a library build target is no client entry; an Electron main process is not browser code', () => {
    const w = workspace({
      'package.json': deps({ '@angular/core': '^19.0.0', electron: '^33.0.0' }),
      'nx.json': '{}',
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@acme/ui': ['libs/ui/src/index.ts'], '@acme/desktop': ['libs/desktop/src/index.ts'] } } }),
      'apps/agent/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json' }),
      'apps/agent/project.json': JSON.stringify({ projectType: 'application', targets: { build: { executor: '@angular-builders/custom-webpack:browser', options: { main: 'apps/agent/src/main.ts' } } } }),
      'apps/agent/src/main.ts': "import { Button } from '@acme/ui';\nexport const b = Button;\n",
      // The Electron main process: its package.json names the compiled index.js.
      'apps/agent/src/package.json': JSON.stringify({ name: 'agent', main: 'index.js' }),
      'apps/agent/src/index.ts': "import { app, BrowserWindow } from 'electron';\nimport { SyncManager } from './main/sync-manager';\nimport { Store } from '@acme/desktop';\n",
      'apps/agent/src/main/sync-manager.ts': "import * as moment from 'moment';\nexport class SyncManager {}\n",
      'libs/ui/project.json': JSON.stringify({ projectType: 'library', targets: { build: { executor: '@nx/angular:ng-packagr-lite' } } }),
      'libs/ui/src/index.ts': 'export const Button = 1;\n',
      'libs/desktop/project.json': JSON.stringify({ projectType: 'library', targets: { build: { executor: '@nx/js:tsc', options: { main: 'libs/desktop/src/index.ts' } } } }),
      'libs/desktop/src/index.ts': 'export const Store = 1;\n',
    });
    assert.deepEqual(w.entries(), ['apps/agent: project.json build']);
    assert.deepEqual(w.reached(), ['apps/agent/src/main.ts', 'libs/ui/src/index.ts']);
    const main = clientReach(w.project, '/w/package.json')!.electronMain;
    assert.deepEqual([...main.keys()].map((p) => p.slice(3)).sort(), ['apps/agent/src/index.ts', 'apps/agent/src/main/sync-manager.ts', 'libs/desktop/src/index.ts']);
  });

  it("a Vite library build is no client app; the app reaching its web export leaves its Node export unreached", () => {
    const w = workspace({
      'package.json': JSON.stringify({ name: 'root', private: true }),
      'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n",
      'packages/web/package.json': deps({ vite: '^6.0.0', vue: '^3.5.0', '@acme/sandbox': 'workspace:*' }),
      'packages/web/index.html': '<script type="module" src="/src/main.ts"></script>',
      'packages/web/src/main.ts': "import { run } from '@acme/sandbox/web';\nrun();\n",
      'packages/sandbox/package.json': JSON.stringify({ name: '@acme/sandbox', exports: { './web': { import: './dist/web.js' }, './node': { import: './dist/node.js' } }, devDependencies: { vite: '^6.0.0' } }),
      'packages/sandbox/vite.config.ts': "export default { build: { lib: { entry: { web: './src/web/index.ts', node: './src/node/index.ts' } } } };\n",
      'packages/sandbox/src/web/index.ts': "import { shared } from '../utils/shared';\nexport const run = () => shared;\n",
      'packages/sandbox/src/web/Other.vue': '<template><p /></template>',
      'packages/sandbox/src/node/index.ts': "import { shared } from '../utils/shared';\nexport const run = () => shared;\n",
      'packages/sandbox/src/utils/shared.ts': 'export const shared = 1;\n',
    });
    assert.deepEqual(w.entries(), ['packages/web: index.html <script>']);
    assert.deepEqual(w.reached(), ['packages/sandbox/src/utils/shared.ts', 'packages/sandbox/src/web/index.ts', 'packages/web/src/main.ts']);
    assert.deepEqual(reachOf(w.project, '/w/packages/sandbox/src/web/Other.vue', '/w/packages/sandbox'), { reached: true, app: '/w/packages/web', byFolder: true });
    assert.deepEqual(reachOf(w.project, '/w/packages/sandbox/src/node/index.ts', '/w/packages/sandbox'), { reached: false, reason: 'a client app (web) imports this library, but nothing of this folder' });
    // Without an `exports` split, deep imports may go through a build folder the walk cannot follow: no verdict.
    w.project.openDocument('/w/packages/sandbox/package.json', JSON.stringify({ name: '@acme/sandbox', main: 'src/web/index.ts' }), 2);
    w.project.openDocument('/w/packages/web/src/main.ts', "import { run } from '@acme/sandbox';\nrun();\n", 2);
    assert.equal(reachOf(w.project, '/w/packages/sandbox/src/node/index.ts', '/w/packages/sandbox'), undefined);
  });

  it('lazy chunks: what only import() reaches (Vue router, defineAsyncComponent, a loader module), not what a static import also reaches', () => {
    const w = workspace({
      'package.json': deps({ vite: '^5.0.0', vue: '^3.4.0', 'vue-router': '^4.3.0' }),
      'index.html': '<div id="app"></div><script type="module" src="/src/main.ts"></script>',
      'src/main.ts': "import { createApp } from 'vue';\nimport App from './App.vue';\nimport { router } from './router';\ncreateApp(App).use(router).mount('#app');\n",
      'src/App.vue': "<script setup lang=\"ts\">\nimport { defineAsyncComponent } from 'vue';\nimport TopBar from './components/TopBar.vue';\nconst ProfileScreen = defineAsyncComponent(() => import('./screens/ProfileScreen.vue'));\n</script>\n<template><TopBar /><ProfileScreen /></template>\n",
      'src/router.ts': "import { createRouter, createWebHistory } from 'vue-router';\nimport Home from './views/Home.vue';\nexport const router = createRouter({\n  history: createWebHistory(),\n  routes: [\n    { path: '/', component: Home },\n    { path: '/admin', component: () => import(/* webpackChunkName: \"admin\" */ './views/Admin.vue') },\n  ],\n});\n",
      'src/views/Home.vue': "<script setup lang=\"ts\">\nimport { formatDate } from '../lib/dates';\n</script>\n<template><p>{{ formatDate(new Date()) }}</p></template>\n",
      'src/views/Admin.vue': "<script setup lang=\"ts\">\nimport { formatDate } from '../lib/dates';\nimport UserTable from '../components/admin/UserTable.vue';\n</script>\n<template><UserTable /></template>\n",
      'src/components/TopBar.vue': '<template><nav /></template>',
      'src/components/admin/UserTable.vue': '<template><table /></template>',
      'src/components/admin/RoleBadge.vue': '<template><span /></template>',
      'src/screens/ProfileScreen.vue': "<script setup lang=\"ts\">\nimport ImageCropper from '../components/ImageCropper.vue';\n</script>\n<template><ImageCropper /></template>\n",
      'src/components/ImageCropper.vue': '<template><div /></template>',
      'src/lib/dates.ts': 'export const formatDate = (d: Date) => d.toISOString();\n',
      // A loader module: the editor is fetched when the user opens it.
      'src/editor/loader.ts': "export const loadEditor = () => import('.');\n",
      'src/editor/index.ts': 'export const Editor = 1;\n',
    });
    w.project.openDocument('/w/src/components/TopBar.vue', "<script setup lang=\"ts\">\nimport { loadEditor } from '../editor/loader';\n</script>\n<template><button @click=\"loadEditor\" /></template>", 2);
    const lazy = (f: string) => lazyChunkOf(w.project, `/w/${f}`)?.slice(3);
    assert.equal(lazy('src/views/Admin.vue'), 'src/router.ts');
    assert.equal(lazy('src/components/admin/UserTable.vue'), 'src/router.ts');
    assert.equal(lazy('src/screens/ProfileScreen.vue'), 'src/App.vue');
    assert.equal(lazy('src/components/ImageCropper.vue'), 'src/App.vue');
    assert.equal(lazy('src/editor/index.ts'), 'src/editor/loader.ts');
    // Reached statically too (Home.vue imports it): in the initial bundle.
    assert.equal(lazy('src/lib/dates.ts'), undefined);
    assert.equal(lazy('src/views/Home.vue'), undefined);
    assert.equal(lazy('src/editor/loader.ts'), undefined);
    // Beside lazily reached files only (auto-imported): lazy as well; beside eager ones: eager.
    assert.equal(lazy('src/components/admin/RoleBadge.vue'), 'src/router.ts');
    // Lazy files are still reached, and belong to the app.
    assert.deepEqual(reachOf(w.project, '/w/src/views/Admin.vue', '/w'), { reached: true, app: '/w' });
  });

  it("an entry's import() of the module that mounts the app is first-load code (a loading screen first, Module Federation's bootstrap); other import() of an entry stay lazy", () => {
    const vue = workspace({
      'package.json': deps({ vite: '^6.0.0', vue: '^3.5.0', 'vue-router': '^4.5.0' }),
      'index.html': '<div id="app"></div><script type="module" src="/src/main.ts"></script>',
      'src/main.ts':
        "import { initPreferences } from './preferences';\n\nasync function initApplication() {\n  await initPreferences({ namespace: 'admin' });\n  const { bootstrap } = await import('./bootstrap');\n  await bootstrap();\n  if (import.meta.env.DEV) await import('./dev/mock');\n}\n\ninitApplication();\n",
      'src/preferences.ts': 'export async function initPreferences(o: { namespace: string }) { return o; }\n',
      'src/bootstrap.ts':
        "import { createApp } from 'vue';\nimport App from './app.vue';\nimport { initComponentAdapter } from './adapter/component';\nimport { router } from './router';\n\nexport async function bootstrap() {\n  await initComponentAdapter();\n  const app = createApp(App);\n  app.use(router);\n  app.mount('#app');\n}\n",
      'src/app.vue': '<template><RouterView /></template>',
      'src/adapter/component.ts': "import { RichEditor } from '../editor/rich-editor';\nexport async function initComponentAdapter() { return { RichEditor }; }\n",
      'src/editor/rich-editor.ts': 'export const RichEditor = 1;\n',
      'src/router.ts': "import { createRouter, createWebHistory } from 'vue-router';\nexport const router = createRouter({ history: createWebHistory(), routes: [{ path: '/', component: () => import('./views/Dashboard.vue') }] });\n",
      'src/views/Dashboard.vue': '<template><main /></template>',
      'src/dev/mock.ts': 'export const mock = 1;\n',
    });
    const lazy = (f: string) => lazyChunkOf(vue.project, `/w/${f}`)?.slice(3);
    assert.equal(lazy('src/bootstrap.ts'), undefined);
    assert.equal(lazy('src/editor/rich-editor.ts'), undefined);
    // A route view and a dev-only module the entry imports lazily mount nothing: lazy chunks still.
    assert.equal(lazy('src/views/Dashboard.vue'), 'src/router.ts');
    assert.equal(lazy('src/dev/mock.ts'), 'src/main.ts');
    // webpack Module Federation: index.js only does import('./bootstrap'), which renders the app.
    const federated = workspace({
      'package.json': deps({ webpack: '^5.90.0', react: '^18.3.0', 'react-dom': '^18.3.0' }),
      'webpack.config.js': "module.exports = { entry: './src/index.js', plugins: [] };\n",
      'src/index.js': "import('./bootstrap');\n",
      'src/bootstrap.jsx': "import { createRoot } from 'react-dom/client';\nimport { App } from './App';\ncreateRoot(document.getElementById('root')).render(<App />);\n",
      'src/App.jsx': "import { Chart } from './Chart';\nexport const App = () => <Chart />;\n",
      'src/Chart.jsx': 'export const Chart = () => null;\n',
    });
    assert.equal(lazyChunkOf(federated.project, '/w/src/bootstrap.jsx'), undefined);
    assert.equal(lazyChunkOf(federated.project, '/w/src/Chart.jsx'), undefined);
    // Outside an entry, a lazily loaded module that happens to mount something (a widget's own root) stays lazy.
    const widget = workspace({
      'package.json': deps({ vite: '^6.0.0', react: '^18.3.0', 'react-dom': '^18.3.0' }),
      'index.html': '<script type="module" src="/src/main.tsx"></script>',
      'src/main.tsx': "import { createRoot } from 'react-dom/client';\nimport { App } from './App';\ncreateRoot(document.getElementById('root')!).render(<App />);\n",
      'src/App.tsx': "export const App = () => <button onClick={() => import('./widget/mount').then((m) => m.open())} />;\n",
      'src/widget/mount.tsx': "import { createRoot } from 'react-dom/client';\nexport const open = () => createRoot(document.body).render(<div />);\n",
    });
    assert.equal(lazyChunkOf(widget.project, '/w/src/widget/mount.tsx'), '/w/src/App.tsx');
  });

  it("lazy chunks: React.lazy and Angular loadChildren are lazy; webpackMode 'eager' and a static import of the same file are not", () => {
    const react = workspace({
      'package.json': deps({ 'react-scripts': '5.0.1', react: '^18.0.0' }),
      'src/index.tsx': "import { lazy } from 'react';\nimport { Ops } from './ops';\nconst Editor = lazy(() => import('./Editor'));\nconst Chart = lazy(() => import('./Chart'));\nexport { Chart } from './Chart';\nexport const app = [Editor, Chart, Ops];\n",
      'src/Editor.tsx': 'export default function Editor() { return null; }\n',
      'src/Chart.tsx': 'export default function Chart() { return null; }\n',
      'src/ops.ts': "export const Ops = [() => import(/* webpackMode: \"eager\" */ './operations/Entropy')];\n",
      'src/operations/Entropy.ts': 'export const run = 1;\n',
    });
    assert.equal(lazyChunkOf(react.project, '/w/src/Editor.tsx'), '/w/src/index.tsx');
    assert.equal(lazyChunkOf(react.project, '/w/src/Chart.tsx'), undefined);
    assert.equal(lazyChunkOf(react.project, '/w/src/operations/Entropy.ts'), undefined);
    const angular = workspace({
      'package.json': deps({ '@angular/core': '^17.0.0', '@angular/router': '^17.0.0' }),
      'angular.json': JSON.stringify({ projects: { web: { root: '', projectType: 'application', architect: { build: { builder: '@angular-devkit/build-angular:application', options: { browser: 'src/main.ts' } } } } } }),
      'src/main.ts': "import { bootstrapApplication } from '@angular/platform-browser';\nimport { provideRouter } from '@angular/router';\nimport { routes } from './app/app.routes';\nbootstrapApplication(class {}, { providers: [provideRouter(routes)] });\n",
      'src/app/app.routes.ts': "import type { Routes } from '@angular/router';\nexport const routes: Routes = [\n  { path: 'admin', loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES) },\n  { path: 'settings', loadComponent: () => import('./settings/settings.component').then((m) => m.SettingsComponent) },\n];\n",
      'src/app/admin/admin.routes.ts': "import { UsersComponent } from './users.component';\nexport const ADMIN_ROUTES = [{ path: '', component: UsersComponent }];\n",
      'src/app/admin/users.component.ts': 'export class UsersComponent {}\n',
      'src/app/settings/settings.component.ts': 'export class SettingsComponent {}\n',
    });
    assert.equal(lazyChunkOf(angular.project, '/w/src/app/admin/users.component.ts'), '/w/src/app/app.routes.ts');
    assert.equal(lazyChunkOf(angular.project, '/w/src/app/settings/settings.component.ts'), '/w/src/app/app.routes.ts');
    assert.equal(lazyChunkOf(angular.project, '/w/src/app/app.routes.ts'), undefined);
  });

  it("stops at the server: a 'use server' module a client component imports, a file importing server-only or a Node module no bundler polyfills", () => {
    const w = workspace({
      'package.json': deps({ next: '^15.0.0', react: '^19.0.0' }),
      'app/settings/profile-form.tsx': "'use client';\nimport { updateProfile } from './actions';\nimport { hashEmail } from '../../lib/gravatar';\nimport { slug } from '../../lib/slug';\nexport const ProfileForm = () => <form action={updateProfile} data-h={hashEmail('a') + slug('b')} />;\n",
      'app/settings/actions.ts': "'use server';\nimport { getCached } from '../../lib/cache';\nexport async function updateProfile(data: FormData) { await getCached(String(data.get('id'))); }\n",
      'lib/cache.ts': "import { createClient } from 'redis';\nexport const getCached = (key: string) => createClient().get(key);\n",
      'lib/gravatar.ts': "import { createHash } from 'node:crypto';\nimport { sign } from './signing';\nexport const hashEmail = (e: string) => sign(createHash('md5').update(e).digest('hex'));\n",
      'lib/signing.ts': 'export const sign = (s: string) => s;\n',
      'lib/slug.ts': "import 'server-only';\nimport { normalize } from './normalize';\nexport const slug = (s: string) => normalize(s);\n",
      'lib/normalize.ts': 'export const normalize = (s: string) => s.toLowerCase();\n',
    });
    // The boundary files themselves are reached (bundleRole says what they are); what only they import is not.
    assert.deepEqual(w.reached(), ['app/settings/actions.ts', 'app/settings/profile-form.tsx', 'lib/gravatar.ts', 'lib/slug.ts']);
  });
});
