/**
 * Typing in a database module whose client is made by a memoising wrapper's callback (issue 19;
 * documenso's `packages/prisma/index.ts`: `export const prisma = remember('prisma', () => { …
 * return prisma.$extends(…); })`, imported by some 480 files), through the real protocol against the built
 * server. The routes follow `prisma` to what the callback returns and read nothing else of its
 * body: a call added to the callback (a log line, a replica set-up) re-analyses no route, while
 * changing what it returns re-analyses every route, and their findings follow it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { at, EditSession, findingsOf } from './edit-session';

const routes = 12;

const dbModule = [
  "import { PrismaClient } from '@prisma/client';",
  "import { remember } from './remember';",
  "import { createCache } from './cache';",
  '',
  "const client = remember('client', () => new PrismaClient());",
  '',
  "export const db = remember('db', () => {",
  "  if (process.env.DATABASE_LOG === 'query') {",
  "    console.log('db: logging queries');",
  '  }',
  '  return client;',
  '});',
  '',
].join('\n');

function route(i: number): string {
  return [
    "import { Router } from 'express';",
    "import { db } from '../db';",
    '',
    'export const router = Router();',
    `router.post('/teams/${i}/members/lookup', async (req, res) => {`,
    '  const ids: number[] = req.body.ids;',
    '  const members = [];',
    '  for (const id of ids) {',
    '    members.push(await db.member.findFirst({ where: { id } }));',
    '  }',
    '  res.json(members);',
    '});',
    '',
  ].join('\n');
}

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'teams-api', private: true, dependencies: { express: '^4.21.0', '@prisma/client': '^5.0.0' } }),
  'src/db/index.ts': dbModule,
  // Kept across hot reloads in development, as monorepos write it.
  'src/db/remember.ts': 'export function remember<T>(name: string, make: () => T): T {\n  const g = globalThis as unknown as Record<string, T>;\n  g[name] ??= make();\n  return g[name];\n}\n',
  'src/db/cache.ts': 'export function createCache() {\n  return new Map<string, unknown>();\n}\n',
};
for (let i = 0; i < routes; i++) files[`src/routes/team-${i}.ts`] = route(i);

const nPlusOne = (ds: Diagnostic[] | undefined) => findingsOf('n-plus-one', ds);

describe('editing a module whose client a memoising wrapper makes', () => {
  let session: EditSession;
  let dbUri: string;
  const routeUris: string[] = [];
  const diagnostics = (uri: string) => session.client.diagnostics.get(uri);

  before(async () => {
    session = await EditSession.start('edit-memoised-client', files);
    for (let i = 0; i < routes; i++) routeUris.push(session.client.uri(`src/routes/team-${i}.ts`));
    dbUri = await session.open('src/db/index.ts');
  });

  after(async () => {
    await session?.close();
  });

  /** The module has no findings: the edit is timed to a code action's reply. */
  const editAndSettle = async (changes: Parameters<EditSession['edit']>[1]) => (await session.edit(dbUri, changes)).rerun;

  it('starts with a finding in every route', () => {
    for (const uri of routeUris) assert.equal(nPlusOne(diagnostics(uri)).length, 1, uri);
  });

  it('re-analyses no route after a call is added to the callback, nor after it goes again', async () => {
    assert.equal(await editAndSettle([{ range: { start: at(10), end: at(10) }, text: "  audit('db: client ready');\n" }]), undefined);
    assert.equal(await editAndSettle([{ range: { start: at(10), end: at(11) }, text: '' }]), undefined);
    for (const uri of routeUris) assert.equal(nPlusOne(diagnostics(uri)).length, 1, uri);
  });

  it('re-analyses every route when the callback returns something else, and their findings go', async () => {
    const rerun = await editAndSettle([{ range: { start: at(10, 9), end: at(10, 15) }, text: 'createCache()' }]);
    assert.equal(rerun?.startsWith(`Re-analysed ${routes} files`), true, rerun);
    for (const uri of routeUris) assert.equal(nPlusOne(diagnostics(uri)).length, 0, uri);
  });

  it('brings the findings back when it returns the client again', async () => {
    const rerun = await editAndSettle([{ range: { start: at(10, 9), end: at(10, 22) }, text: 'client' }]);
    assert.equal(rerun?.startsWith(`Re-analysed ${routes} files`), true, rerun);
    for (const uri of routeUris) assert.equal(nPlusOne(diagnostics(uri)).length, 1, uri);
  });
});
