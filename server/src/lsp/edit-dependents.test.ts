/**
 * Typing in a module that many route files import (issue 19), through the real protocol against
 * the built server: the edited file's diagnostics come before any dependent's, and an open
 * dependent's before the others'; an edit in a function body that adds no call re-analyses no
 * dependent, nor does one that adds a call to a function whose body no dependent read; an edit
 * that adds a query to an exported function re-analyses its callers and their findings appear; an edit that moves lines re-analyses the dependents whose findings point into
 * the file below it, so their related locations follow, and no other; so does one that makes a
 * literal inside the call they point to longer (the location's end moves).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { at, EditSession, findingsOf } from './edit-session';

const routes = 24;

const hub = [
  "import { Pool } from 'pg';",
  'const pool = new Pool();',
  '',
  'export async function auditUser(user: { id: number; name: string }) {',
  '  const stamp = Date.now();',
  '  return { id: user.id, stamp };',
  '}',
  '',
  'export async function loadUsers(ids: number[]) {',
  '  const out = [];',
  '  for (const id of ids) {',
  "    const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);",
  '    out.push(rows[0]);',
  '  }',
  '  return out;',
  '}',
  '',
].join('\n');

function route(i: number): string {
  return [
    "import { Router } from 'express';",
    "import { auditUser } from '../models/user';",
    'export const router = Router();',
    `router.post('/teams/${i}/audit', async (req, res) => {`,
    '  const users: { id: number; name: string }[] = req.body.users;',
    '  const audited = [];',
    '  for (const user of users) {',
    '    audited.push(await auditUser(user));',
    '  }',
    '  res.json(audited);',
    '});',
    '',
  ].join('\n');
}

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'team-api', private: true, dependencies: { express: '^4.21.0', pg: '^8.0.0' } }),
  'src/models/user.ts': hub,
};
for (let i = 0; i < routes; i++) files[`src/routes/team-${i}.ts`] = route(i);

const nPlusOne = (ds: Diagnostic[] | undefined) => findingsOf('n-plus-one', ds);

describe('editing a module many files import', () => {
  let session: EditSession;
  let hubUri: string;
  const routeUris: string[] = [];
  const client = () => session.client;

  before(async () => {
    session = await EditSession.start('edit-deps', files);
    for (let i = 0; i < routes; i++) routeUris.push(client().uri(`src/routes/team-${i}.ts`));
    hubUri = await session.open('src/models/user.ts');
  });

  after(async () => {
    await session?.close();
  });

  const editAndSettle = (changes: Parameters<EditSession['edit']>[1]) => session.edit(hubUri, changes, true);

  it('starts with the module own finding and none in the routes', () => {
    assert.equal(nPlusOne(client().diagnostics.get(hubUri)).length, 1);
    for (const uri of routeUris) assert.equal(nPlusOne(client().diagnostics.get(uri)).length, 0);
  });

  it('re-analyses no route after an edit in a function body that adds no call', async () => {
    const { rerun, published } = await editAndSettle([{ range: { start: at(5), end: at(5) }, text: "  const note = 'audited';\n" }]);
    assert.equal(rerun, undefined);
    assert.deepEqual(published.map((p) => p.uri), [hubUri]);
    // Typing in the new line is no different.
    const typed = await editAndSettle([{ range: { start: at(5, 12), end: at(5, 12) }, text: 's' }]);
    assert.equal(typed.rerun, undefined);
  });

  it('re-analyses no route after a call is added to a function whose body no route read, nor after it goes again', async () => {
    // After the line above, loadUsers's `const out = [];` is line 10; the routes call auditUser only.
    const { rerun, published } = await editAndSettle([{ range: { start: at(11), end: at(11) }, text: "  await pool.query('SELECT 1');\n" }]);
    assert.equal(rerun, undefined);
    assert.deepEqual(published.map((p) => p.uri), [hubUri]);
    const removed = await editAndSettle([{ range: { start: at(11), end: at(12) }, text: '' }]);
    assert.equal(removed.rerun, undefined);
  });

  it('re-analyses every route after a query is added to the function they call, its own diagnostics first, then the open route', async () => {
    // The last route, open in the editor beside the module: its diagnostics come next.
    const open = await session.open(`src/routes/team-${routes - 1}.ts`);
    const query = "  await pool.query('UPDATE users SET audited_at = now() WHERE id = $1', [user.id]);\n";
    const { version, rerun, published } = await editAndSettle([{ range: { start: at(5), end: at(5) }, text: query }]);
    assert.equal(rerun?.startsWith(`Re-analysed ${routes} files`), true, rerun);
    assert.deepEqual(published[0], { uri: hubUri, version });
    assert.equal(published[1]?.uri, open);
    assert.deepEqual(new Set(published.slice(1).map((p) => p.uri)), new Set(routeUris));
    for (const uri of routeUris) {
      const [d] = nPlusOne(client().diagnostics.get(uri));
      assert.ok(d, `no finding in ${uri}`);
      assert.equal(d.range.start.line, 7);
      assert.match(String(d.message), /it calls `pool\.query` \(src\/models\/user\.ts:6\)$/);
      assert.equal(d.relatedInformation?.[0]?.location.range.start.line, 5);
    }
  });

  it('moves the routes’ related locations when lines are added above the query they point to', async () => {
    const { rerun } = await editAndSettle([{ range: { start: at(4), end: at(4) }, text: '  // audited on every request\n' }]);
    assert.equal(rerun?.startsWith(`Re-analysed ${routes} files`), true, rerun);
    for (const uri of routeUris) {
      const [d] = nPlusOne(client().diagnostics.get(uri));
      assert.match(String(d?.message), /\(src\/models\/user\.ts:7\)$/);
      assert.equal(d?.relatedInformation?.[0]?.location.range.start.line, 6);
    }
  });

  it('moves the ends of the routes’ related locations when a literal in the query they point to changes length', async () => {
    const line = "  await pool.query('UPDATE users SET audited_at = now() WHERE id = $1', [user.id]);";
    const typedAt = line.indexOf("$1'") + 2;
    const { rerun } = await editAndSettle([{ range: { start: at(6, typedAt), end: at(6, typedAt) }, text: ' AND active' }]);
    assert.equal(rerun?.startsWith(`Re-analysed ${routes} files`), true, rerun);
    for (const uri of routeUris) {
      const range = nPlusOne(client().diagnostics.get(uri))[0]?.relatedInformation?.[0]?.location.range;
      assert.deepEqual(range, { start: at(6, line.indexOf('pool')), end: at(6, line.indexOf(');') + 1 + ' AND active'.length) });
    }
  });

  it('re-analyses no route when lines are added below every place their findings name', async () => {
    // Line 13 is in loadUsers, below auditUser's query (line 6): nothing the routes show moves.
    const { rerun } = await editAndSettle([{ range: { start: at(13), end: at(13) }, text: '    // one row per id\n' }]);
    assert.equal(rerun, undefined);
    const removed = await editAndSettle([{ range: { start: at(13), end: at(14) }, text: '' }]);
    assert.equal(removed.rerun, undefined);
  });

  it('clears the routes’ findings when the query goes again', async () => {
    const { rerun } = await editAndSettle([{ range: { start: at(6), end: at(7) }, text: '' }]);
    assert.equal(rerun?.startsWith(`Re-analysed ${routes} files`), true, rerun);
    for (const uri of routeUris) assert.equal(nPlusOne(client().diagnostics.get(uri)).length, 0);
    assert.equal(nPlusOne(client().diagnostics.get(hubUri)).length, 1);
  });
});
