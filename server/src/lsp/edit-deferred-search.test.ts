/**
 * Typing in a helper module that many routes reach (issue 19), through the real protocol against
 * the built server. sync-in-handler reports a blocking call where it is written, with the routes
 * that reach it, found by a search from each route file. A call edit in a function those searches
 * read makes them stale: the edited file's diagnostics do not wait for the routes to be searched
 * again (their places follow the edit), and once typing pauses the file is analysed again with
 * fresh searches, published only if its findings changed. An edit that removes a place the
 * findings hold (the blocking call itself) cannot be followed: then the routes are searched at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { at, EditSession, findingsOf } from './edit-session';

const routes = 12;

const helper = [
  "import { execSync } from 'node:child_process';",
  "import { readFileSync } from 'node:fs';",
  '',
  'export function renderInvite(name: string) {',
  "  const template = readFileSync('templates/invite.html', 'utf8');",
  "  return template.replace('{{name}}', name);",
  '}',
  '',
  'export function buildInfo() {',
  "  return execSync('git rev-parse HEAD').toString().trim();",
  '}',
  '',
].join('\n');

function route(i: number): string {
  return [
    "import { Router } from 'express';",
    "import { renderInvite } from '../mail/invite';",
    '',
    'export const router = Router();',
    `router.post('/teams/${i}/invite', (req, res) => {`,
    '  res.send(renderInvite(req.body.name));',
    '});',
    '',
  ].join('\n');
}

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'team-api', private: true, dependencies: { express: '^4.21.0' } }),
  'src/mail/invite.ts': helper,
};
for (let i = 0; i < routes; i++) files[`src/routes/team-${i}.ts`] = route(i);

const blocking = (ds: Diagnostic[] | undefined) => findingsOf('sync-in-handler', ds);

describe('typing in a helper that request handlers reach', () => {
  let session: EditSession;
  let uri: string;

  before(async () => {
    session = await EditSession.start('edit-deferred-search', files);
    uri = await session.open('src/mail/invite.ts');
  });

  after(async () => {
    await session?.close();
  });

  /** Make an edit and let the server settle: the helper's diagnostics at its first publication of the version, and how many times it published that version. */
  async function editAndSettle(changes: Parameters<EditSession['edit']>[1]) {
    const { version, own, published } = await session.edit(uri, changes, true);
    return { first: blocking(own), publications: published.filter((p) => p.uri === uri && p.version === version).length };
  }

  it('starts with the blocking read, reached by every route', () => {
    const [d] = blocking(session.client.diagnostics.get(uri));
    assert.equal(d?.range.start.line, 4);
    assert.match(String(d?.message), /readFileSync/);
    assert.equal(blocking(session.client.diagnostics.get(uri)).length, 1);
  });

  it('publishes a call edit in the function the routes reach at once, the blocking read moved with it, and not again when the searches find the same', async () => {
    const { first, publications } = await editAndSettle([{ range: { start: at(4), end: at(4) }, text: '  audit(name);\n' }]);
    assert.deepEqual(first.map((d) => d.range.start.line), [5]);
    assert.equal(publications, 1);
    assert.deepEqual(blocking(session.client.diagnostics.get(uri)).map((d) => d.range.start.line), [5]);
  });

  it('reports a blocking call added there once typing pauses, in a second publication of the same version', async () => {
    const { first, publications } = await editAndSettle([{ range: { start: at(4), end: at(5) }, text: "  execSync('git fetch');\n" }]);
    // The first publication does not wait for the twelve routes' searches.
    assert.deepEqual(first.map((d) => d.range.start.line), [5]);
    assert.equal(publications, 2);
    // One finding per function, at its first blocking call, naming both.
    const now = blocking(session.client.diagnostics.get(uri));
    assert.deepEqual(now.map((d) => d.range.start.line), [4]);
    assert.match(String(now[0]?.message), /^`child_process\.execSync` and `fs\.readFileSync` in `renderInvite`/);
  });

  it('searches again at once when the edit removes a place the findings hold', async () => {
    const { first, publications } = await editAndSettle([{ range: { start: at(4), end: at(5) }, text: '' }]);
    assert.deepEqual(first.map((d) => d.range.start.line), [4]);
    assert.match(String(first[0]?.message), /^`fs\.readFileSync` in `renderInvite`/);
    assert.equal(publications, 1);
  });
});
