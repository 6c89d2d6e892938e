import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDoc } from '../engine/analyze';
import { nPlusOne } from '../rules/n-plus-one';
import { builtinCatalogue } from './data-access';
import { mayReachBlockingApi, mayReachDataAccess } from './import-closure';
import { workspace } from './test-helpers';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';

const reaches = (files: Record<string, string>, start: string) => {
  const w = workspace(files);
  return mayReachDataAccess(w.project, w.doc(start), builtinCatalogue);
};

const loopOverHelper = `import { loadUser } from './users';
export async function handler(ids: string[]) {
  for (const id of ids) await loadUser(id);
}`;

describe('mayReachDataAccess (which files n-plus-one parses)', () => {
  it('follows workspace imports to a file that imports a data-access package', () => {
    const files = {
      'src/handler.ts': loopOverHelper,
      'src/users.ts': `import { db } from './db';\nexport const loadUser = (id: string) => db.user.findUnique({ where: { id } });`,
      'src/db.ts': `import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();`,
    };
    assert.equal(reaches(files, 'src/handler.ts'), true);
  });

  it('says no when nothing the file imports, however deep, reaches a catalogue package or fetch', () => {
    const files = {
      'src/math.ts': `import { add } from './vector';\nexport const sum = (xs: number[]) => xs.reduce(add, 0);`,
      'src/vector.ts': `import { sum } from './math';\nimport lodash from 'lodash';\nexport const add = (a: number, b: number) => a + b; // fetches nothing`,
    };
    assert.equal(reaches(files, 'src/math.ts'), false);
    assert.equal(reaches(files, 'src/vector.ts'), false);
  });

  it('counts calls of the global fetch, also through a helper', () => {
    const files = {
      'src/list.ts': `import { get } from './http';\nexport const all = (ids: string[]) => Promise.all(ids.map(get));`,
      'src/http.ts': `export const get = (id: string) => fetch<unknown>(\`/api/\${id}\`);`,
    };
    assert.equal(reaches(files, 'src/list.ts'), true);
    assert.equal(reaches({ 'a.ts': `const r = await window.fetch?.('/x');` }, 'a.ts'), true);
  });

  it('follows tsconfig paths and monorepo packages, and requires', () => {
    assert.equal(
      reaches(
        {
          'tsconfig.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "@server/*": ["src/*"] } } }`,
          'src/job.ts': `const { pool } = require('@server/db');`,
          'src/db.ts': `import { Pool } from 'pg';\nexport const pool = new Pool();`,
        },
        'src/job.ts',
      ),
      true,
    );
    assert.equal(
      reaches(
        {
          'package.json': `{ "workspaces": ["packages/*"] }`,
          'packages/api/src/orders.ts': `import { prisma } from '@acme/db';`,
          'packages/db/package.json': `{ "name": "@acme/db", "main": "./index.ts" }`,
          'packages/db/index.ts': `export const prisma = remember('prisma', () => new (require('@prisma/client').PrismaClient)());`,
        },
        'packages/api/src/orders.ts',
      ),
      true,
    );
  });

  it('uses the rows a .hotpathrc.json adds to the catalogue', () => {
    const w = workspace({ 'a.ts': `import { client } from '@acme/http-client';` });
    assert.equal(mayReachDataAccess(w.project, w.doc('a.ts'), builtinCatalogue), false);
    const withRow = [{ library: 'Acme', modules: ['@acme/http-client'], calls: ['get'], unit: 'request' as const }, ...builtinCatalogue];
    assert.equal(mayReachDataAccess(w.project, w.doc('a.ts'), withRow), true);
  });

  it('changes its answer when an open file in the closure starts importing a client, and records the files it read', () => {
    const w = workspace({ 'src/handler.ts': loopOverHelper, 'src/users.ts': `export const loadUser = (id: string) => ({ id });` });
    const handler = w.doc('src/handler.ts');
    const first = analyzeDoc(w.project, handler, { rules: [nPlusOne] });
    assert.deepEqual(first.findings, []);
    // The users file is a dependency although the rule never parsed it: editing it re-runs this analysis.
    assert.ok(first.dependencies.has('/w/src/users.ts'));

    w.project.openDocument('/w/src/users.ts', `import { PrismaClient } from '@prisma/client';\nconst db = new PrismaClient();\nexport const loadUser = (id: string) => db.user.findFirst({ where: { id } });`, 2);
    const second = analyzeDoc(w.project, handler, { rules: [nPlusOne] });
    assert.deepEqual(
      second.findings.map((f) => f.ruleId),
      ['n-plus-one'],
    );
    w.project.closeDocument('/w/src/users.ts');
    assert.deepEqual(analyzeDoc(w.project, handler, { rules: [nPlusOne] }).findings, []);
  });
});

describe('import-closure answers after file events', () => {
  it('walks again when a file an import names is created, and answers for the files on the way', () => {
    const host = new MemoryFileHost({
      '/w/src/handler.ts': loopOverHelper,
      '/w/src/users.ts': `import { db } from './db';\nexport const loadUser = (id: string) => db.user.findFirst({ where: { id } });`,
    });
    const project = new Project(host);
    const handler = () => project.getDoc('/w/src/handler.ts')!;
    assert.equal(mayReachDataAccess(project, handler(), builtinCatalogue), false);
    host.write('/w/src/db.ts', `import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();`);
    project.invalidate('/w/src/db.ts');
    assert.equal(mayReachDataAccess(project, handler(), builtinCatalogue), true);
    // users.ts was on the way from handler.ts to db.ts: its answer is known without another walk.
    assert.equal(mayReachDataAccess(project, project.getDoc('/w/src/users.ts')!, builtinCatalogue), true);
    assert.equal(project.getDoc('/w/src/users.ts')!.isParsed, false);
  });
});

describe('import-closure walks that meet a file answered before', () => {
  const files = {
    'src/routes/orders.ts': `import { listOrders } from '../services/orders';\nimport { money } from '../lib/format';\nexport const orders = () => listOrders().then((os) => os.map((o) => money(o.total)));`,
    'src/services/orders.ts': `import { db } from '../db';\nexport const listOrders = () => db.order.findMany();`,
    'src/db.ts': `import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();`,
    'src/lib/format.ts': `import { round } from './numbers';\nexport const money = (n: number) => round(n).toFixed(2);`,
    'src/lib/numbers.ts': `export const round = (n: number) => Math.round(n * 100) / 100;`,
  };

  it('take its answer, and still depend on every file that answer rests on', () => {
    const w = workspace(files);
    // Answered first: a yes (services/orders.ts, through db.ts) and a no (lib/format.ts and its closure).
    assert.equal(mayReachDataAccess(w.project, w.doc('src/services/orders.ts'), builtinCatalogue), true);
    assert.equal(mayReachDataAccess(w.project, w.doc('src/lib/format.ts'), builtinCatalogue), false);
    const { result, dependencies } = w.project.recordDependencies(() => mayReachDataAccess(w.project, w.doc('src/routes/orders.ts'), builtinCatalogue));
    assert.equal(result, true);
    assert.ok(dependencies.has('/w/src/services/orders.ts') && dependencies.has('/w/src/db.ts'), [...dependencies].join());

    // The helper stops importing the client: the routes file's answer follows, though its own text is unchanged.
    w.project.openDocument('/w/src/db.ts', `export const db = { order: { findMany: async () => [] } };`, 2);
    assert.equal(mayReachDataAccess(w.project, w.doc('src/routes/orders.ts'), builtinCatalogue), false);
    // A file deep in the closure that was answered no starts calling fetch: yes again.
    w.project.openDocument('/w/src/lib/numbers.ts', `export const round = (n: number) => Math.round(n);\nexport const rate = () => fetch('/rate');`, 2);
    assert.equal(mayReachDataAccess(w.project, w.doc('src/routes/orders.ts'), builtinCatalogue), true);
  });
});

describe('mayReachBlockingApi (which files sync-in-handler parses)', () => {
  const blocking = (files: Record<string, string>, start: string) => {
    const w = workspace(files);
    return mayReachBlockingApi(w.project, w.doc(start));
  };

  it('says yes when a helper the routes import reads files synchronously, with or without node:', () => {
    const routes = `import { Router } from 'express';\nimport { render } from './views';\nexport const r = Router().get('/', (req, res) => res.send(render('home')));`;
    assert.equal(blocking({ 'src/routes.ts': routes, 'src/views.ts': `import { readFileSync } from 'node:fs';\nexport const render = (n: string) => readFileSync(n, 'utf8');` }, 'src/routes.ts'), true);
    assert.equal(blocking({ 'src/routes.ts': routes, 'src/views.ts': `const bcrypt = require('bcryptjs');\nexport const render = (n: string) => bcrypt.hashSync(n);` }, 'src/routes.ts'), true);
  });

  it('says no for handlers whose closure imports no module with blocking APIs', () => {
    const files = {
      'src/routes.ts': `import express from 'express';\nimport { list } from './users';\nconst app = express();\napp.get('/users', async (req, res) => res.json(await list()));`,
      'src/users.ts': `import { readFile } from 'fs/promises';\nexport const list = async () => JSON.parse(await readFile('users.json', 'utf8'));`,
    };
    assert.equal(blocking(files, 'src/routes.ts'), false);
  });
});
