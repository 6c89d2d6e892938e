import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundleRole } from './front-end-files';
import { workspace } from './test-helpers';

const manifest = (deps: Record<string, string>) => JSON.stringify({ name: 'x', dependencies: deps });

function role(files: Record<string, string>, file: string): string {
  const w = workspace(files);
  const r = bundleRole(w.project, w.doc(file));
  return `${r.browser ? 'browser' : 'not'}: ${r.reason}`;
}

describe('bundleRole', () => {
  const vite = { 'package.json': manifest({ react: '^19', vite: '^6' }) };
  const next = { 'package.json': manifest({ next: '^15', react: '^19' }) };
  const cases: [string, Record<string, string>, string, string][] = [
    ['a Vite app file', { ...vite, 'src/a.ts': 'export const a = 1;' }, 'src/a.ts', 'browser: part of an app that depends on vite'],
    ['a Vue SFC', { 'package.json': manifest({}), 'src/A.vue': '<template/>' }, 'src/A.vue', 'browser: a Vue component'],
    ['a React component in a plain package', { 'package.json': manifest({}), 'src/A.tsx': "import React from 'react';" }, 'src/A.tsx', 'browser: a React component'],
    ["'use client'", { ...next, 'app/x.tsx': "'use client';\nexport const X = 1;" }, 'app/x.tsx', "browser: a 'use client' module"],
    ["'use client' after a comment", { ...next, 'app/x.tsx': "// header\n/* more */\n\"use client\"\nexport const X = 1;" }, 'app/x.tsx', "browser: a 'use client' module"],
    ['a Next.js page', { ...next, 'pages/index.tsx': 'export default function P() {}' }, 'pages/index.tsx', 'browser: a Next.js page'],
    ['a Server Component', { ...next, 'app/page.tsx': 'export default function P() {}' }, 'app/page.tsx', "not: a Next.js Server Component (no 'use client')"],
    ['a Next.js API route', { ...next, 'pages/api/x.ts': '' }, 'pages/api/x.ts', 'not: a Next.js API route'],
    ['middleware', { ...next, 'middleware.ts': '' }, 'middleware.ts', 'not: Next.js middleware (runs on the server)'],
    ["'use server'", { ...next, 'lib/actions.ts': "'use server';" }, 'lib/actions.ts', "not: a 'use server' module (server actions)"],
    ['a SvelteKit server file', { 'package.json': manifest({ '@sveltejs/kit': '2' }), 'src/routes/+page.server.ts': '' }, 'src/routes/+page.server.ts', 'not: a SvelteKit server file'],
    ['a Node import', { ...vite, 'src/gen.ts': "import { readFileSync } from 'fs';" }, 'src/gen.ts', "not: imports 'fs', so it runs on Node"],
    ['server-only', { ...next, 'lib/db.ts': "import 'server-only';" }, 'lib/db.ts', "not: imports 'server-only', so it runs on Node"],
    ['a test', { ...vite, 'src/a.test.ts': '' }, 'src/a.test.ts', 'not: test code'],
    ['a story', { ...vite, 'src/A.stories.tsx': '' }, 'src/A.stories.tsx', 'not: a Storybook story'],
    ['a config', { ...vite, 'vite.config.ts': '' }, 'vite.config.ts', 'not: build configuration'],
    ['a script', { ...vite, 'scripts/x.ts': '' }, 'scripts/x.ts', 'not: a script'],
    ['a lint-staged rc file', { ...vite, '.lintstagedrc.js': "module.exports = { '*.{js,ts}': ['eslint --fix'] };" }, '.lintstagedrc.js', 'not: tool configuration'],
    ['a webpack config split per mode, in a .webpack folder', { ...vite, '.webpack/webpack.prod.mjs': "import { merge } from 'webpack-merge';\nimport common from './webpack.common.mjs';\nexport default merge(common, { mode: 'production' });" }, '.webpack/webpack.prod.mjs', 'not: build configuration'],
    ['a webpack.dev.js at the app root', { ...vite, 'webpack.dev.js': "const { merge } = require('webpack-merge');" }, 'webpack.dev.js', 'not: build configuration'],
    ['a shared config in .webpack/', { ...vite, '.webpack/paths.mjs': 'export const dist = "dist";' }, '.webpack/paths.mjs', 'not: build configuration'],
    ['a vitest set-up file named in camel case', { ...vite, 'vitestSetup.ts': "import '@testing-library/jest-dom/vitest';" }, 'vitestSetup.ts', 'not: test setup'],
    ['a jest set-up file', { ...vite, 'src/setupTests.ts': "import '@testing-library/jest-dom';" }, 'src/setupTests.ts', 'not: test setup'],
    ['a component whose name ends in Setup is still app code', { ...vite, 'src/AccountSetup.tsx': 'export const AccountSetup = () => null;' }, 'src/AccountSetup.tsx', 'browser: part of an app that depends on vite'],
    ['an Electron main-process file', { 'package.json': manifest({ react: '^19', electron: '^33' }), 'src/updater.ts': "import { BrowserWindow, type IpcMainEvent } from 'electron';" }, 'src/updater.ts', "not: Electron main-process code (imports electron's BrowserWindow), so it runs on Node"],
    ['an Electron renderer file', { 'package.json': manifest({ 'react-dom': '^19', electron: '^33' }), 'src/bridge.ts': "import { ipcRenderer } from 'electron';" }, 'src/bridge.ts', 'browser: part of an app that depends on react-dom'],
    ['a Prisma import with no client entry', { 'package.json': manifest({ express: '4' }), 'src/db.ts': "import { PrismaClient } from '@prisma/client';" }, 'src/db.ts', "not: imports '@prisma/client', so it runs on Node"],
    ['an Express package', { 'package.json': manifest({ express: '4' }), 'src/app.ts': '' }, 'src/app.ts', 'not: part of a server package (express)'],
    ['no package.json', { 'src/a.ts': '' }, 'src/a.ts', 'not: no package.json above it names a bundler or UI framework'],
  ];
  for (const [name, files, file, expected] of cases) it(name, () => assert.equal(role(files, file), expected));

  it('reads the package.json nearest to the file in a monorepo', () => {
    const files = {
      'package.json': manifest({}),
      'apps/web/package.json': manifest({ vite: '6' }),
      'apps/web/src/a.ts': '',
      'apps/api/package.json': manifest({ fastify: '5' }),
      'apps/api/src/a.ts': '',
    };
    assert.equal(role(files, 'apps/web/src/a.ts'), 'browser: part of an app that depends on vite');
    assert.equal(role(files, 'apps/api/src/a.ts'), 'not: part of a server package (fastify)');
  });

  it('a client file that imports Prisma enums stays browser code: its Nx build target or its client entries say so', () => {
    const files = {
      'package.json': manifest({ '@angular/core': '^19', '@prisma/client': '^6', '@nestjs/core': '^11' }),
      'nx.json': '{}',
      'apps/client/project.json': JSON.stringify({ projectType: 'application', targets: { build: { executor: '@nx/angular:browser-esbuild', options: { main: 'apps/client/src/main.ts' } } } }),
      'apps/client/src/main.ts': "import { AccountDialog } from './app/account-dialog';\n",
      'apps/client/src/app/account-dialog.ts': "import { AccountType } from '@prisma/client';\nimport { isNumber } from 'lodash';\n",
      'apps/api/project.json': JSON.stringify({ projectType: 'application', targets: { build: { executor: '@nx/webpack:webpack', options: { target: 'node', main: 'apps/api/src/main.ts' } } } }),
      'apps/api/src/account.service.ts': "import { AccountType } from '@prisma/client';\nimport { round } from 'lodash';\n",
    };
    assert.equal(role(files, 'apps/client/src/app/account-dialog.ts'), "browser: bundled for browsers by '@nx/angular:browser-esbuild' (project.json of client)");
    assert.equal(role(files, 'apps/api/src/account.service.ts'), "not: built for Node by '@nx/webpack:webpack' (project.json of api)");
  });

  it('a monorepo library that names a bundler but no UI runtime is browser code only when a client app reaches it', () => {
    const lib = (name: string, deps: Record<string, string>, peers: Record<string, string> = {}) =>
      JSON.stringify({ name, private: true, main: './src/index.ts', dependencies: deps, peerDependencies: peers, devDependencies: { vite: '^6.0.0', vitest: '^3.0.0' } });
    const files = {
      'package.json': JSON.stringify({ name: 'acme', private: true }),
      'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n',
      'apps/web/package.json': manifest({ next: '^15', react: '^19', '@acme/cache': 'workspace:*', '@acme/ui': 'workspace:*', '@acme/i18n': 'workspace:*' }),
      'apps/web/app/settings/page.tsx': "import { getCached } from '@acme/cache';\nimport { LocaleSwitch } from './locale-switch';\nexport default async function Page() { return <LocaleSwitch initial={await getCached('locale')} />; }\n",
      'apps/web/app/settings/locale-switch.tsx': "'use client';\nimport { Select } from '@acme/ui';\nimport { locales } from '@acme/i18n';\nexport const LocaleSwitch = ({ initial }: { initial: string }) => <Select value={initial} options={locales} />;\n",
      // Redis on the server: Vite only builds it and Vitest tests it.
      'packages/cache/package.json': lib('@acme/cache', { redis: '^4.7.0' }),
      'packages/cache/src/index.ts': "import { createClient } from 'redis';\nconst client = createClient({ url: process.env.REDIS_URL });\nexport const getCached = (key: string) => client.get(key);\n",
      // Plain TypeScript the client component imports.
      'packages/i18n/package.json': lib('@acme/i18n', { 'date-fns': '^4.0.0' }),
      'packages/i18n/src/index.ts': "export const locales = ['en', 'de'];\n",
      // A component library peers React: it ships to the browser whatever the walk finds.
      'packages/ui/package.json': lib('@acme/ui', {}, { react: '^19.0.0' }),
      'packages/ui/src/index.ts': "export { Select } from './select';\n",
      'packages/ui/src/select.tsx': 'export const Select = (p: { value: string; options: string[] }) => <select value={p.value} />;\n',
    };
    assert.equal(role(files, 'packages/cache/src/index.ts'), 'not: a library of the monorepo that no client app imports (web)');
    assert.equal(role(files, 'packages/i18n/src/index.ts'), 'browser: reached through imports from the client entries of web');
    assert.equal(role(files, 'packages/ui/src/select.tsx'), 'browser: reached through imports from the client entries of web');
  });

  it("an Electron main process that imports Node modules still owns what it alone reaches (the client walk's server stop does not cut it)", () => {
    const files = {
      'package.json': JSON.stringify({ name: 'agent', main: 'src/main/index.js', dependencies: { electron: '^33', 'react-dom': '^19', vite: '^6', moment: '^2' } }),
      'index.html': '<script type="module" src="/src/renderer/main.tsx"></script>',
      'src/renderer/main.tsx': "import { createRoot } from 'react-dom/client';\ncreateRoot(document.body);\n",
      'src/main/index.ts': "import { app, BrowserWindow } from 'electron';\nimport * as fs from 'fs';\nimport { SyncManager } from './queue/sync-manager';\napp.whenReady().then(() => { new BrowserWindow(); fs.mkdirSync(app.getPath('userData'), { recursive: true }); new SyncManager(); });\n",
      'src/main/queue/sync-manager.ts': "import moment from 'moment';\nexport class SyncManager { started = moment(); }\n",
    };
    assert.equal(role(files, 'src/main/queue/sync-manager.ts'), 'not: Electron main-process code (reached only from src/main/index.ts), so it runs on Node');
  });
});
