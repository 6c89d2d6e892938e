/**
 * Typing in a database module whose client is a module variable set in a function (issue 19),
 * through the real protocol against the built server. The routes follow `db()` to the variable
 * and to what `connect()` assigns it: those assignments are part of the module's outline, so a
 * route does not count as having read every function body. A call added to a function no route
 * read re-analyses no route; changing what `connect()` assigns does, and the routes' findings
 * follow it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { at, EditSession, findingsOf } from './edit-session';

const routes = 12;

const dbModule = [
  "import { PrismaClient } from '@prisma/client';",
  "import { createCache } from './cache';",
  '',
  'let client;',
  '',
  'export function connect() {',
  '  client = new PrismaClient();',
  '  return client;',
  '}',
  '',
  'export function db() {',
  '  return client;',
  '}',
  '',
  'export function displayName(user: { first: string; last: string }) {',
  '  return `${user.first} ${user.last}`;',
  '}',
  '',
].join('\n');

function route(i: number): string {
  return [
    "import { Router } from 'express';",
    "import { db } from '../models/db';",
    '',
    'export const router = Router();',
    `router.post('/stores/${i}/orders/lookup', async (req, res) => {`,
    '  const ids: number[] = req.body.ids;',
    '  const orders = [];',
    '  for (const id of ids) {',
    '    orders.push(await db().order.findUnique({ where: { id } }));',
    '  }',
    '  res.json(orders);',
    '});',
    '',
  ].join('\n');
}

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop-api', private: true, dependencies: { express: '^4.21.0', '@prisma/client': '^5.0.0' } }),
  'src/models/db.ts': dbModule,
  'src/models/cache.ts': 'export function createCache() {\n  return new Map<string, unknown>();\n}\n',
};
for (let i = 0; i < routes; i++) files[`src/routes/store-${i}.ts`] = route(i);

const nPlusOne = (ds: Diagnostic[] | undefined) => findingsOf('n-plus-one', ds);

describe('editing a module whose client is a module variable set in a function', () => {
  let session: EditSession;
  let dbUri: string;
  const routeUris: string[] = [];
  const diagnostics = (uri: string) => session.client.diagnostics.get(uri);

  before(async () => {
    session = await EditSession.start('edit-module-variable', files);
    for (let i = 0; i < routes; i++) routeUris.push(session.client.uri(`src/routes/store-${i}.ts`));
    dbUri = await session.open('src/models/db.ts');
  });

  after(async () => {
    await session?.close();
  });

  /** The module has no findings: the edit is timed to a code action's reply. */
  const editAndSettle = async (changes: Parameters<EditSession['edit']>[1]) => (await session.edit(dbUri, changes)).rerun;

  it('starts with a finding in every route', () => {
    for (const uri of routeUris) assert.equal(nPlusOne(diagnostics(uri)).length, 1, uri);
  });

  it('re-analyses no route after a call is added to a function no route read, nor after it goes again', async () => {
    const rerun = await editAndSettle([{ range: { start: at(15), end: at(15) }, text: '  audit(user);\n' }]);
    assert.equal(rerun, undefined);
    assert.equal(await editAndSettle([{ range: { start: at(15), end: at(16) }, text: '' }]), undefined);
    for (const uri of routeUris) assert.equal(nPlusOne(diagnostics(uri)).length, 1, uri);
  });

  it('re-analyses every route when connect() assigns the variable something else, and their findings go', async () => {
    const rerun = await editAndSettle([{ range: { start: at(6, 11), end: at(6, 29) }, text: 'createCache()' }]);
    assert.equal(rerun?.startsWith(`Re-analysed ${routes} files`), true, rerun);
    for (const uri of routeUris) assert.equal(nPlusOne(diagnostics(uri)).length, 0, uri);
  });

  it('brings the findings back when the client is assigned again', async () => {
    const rerun = await editAndSettle([{ range: { start: at(6, 11), end: at(6, 24) }, text: 'new PrismaClient()' }]);
    assert.equal(rerun?.startsWith(`Re-analysed ${routes} files`), true, rerun);
    for (const uri of routeUris) assert.equal(nPlusOne(diagnostics(uri)).length, 1, uri);
  });
});
