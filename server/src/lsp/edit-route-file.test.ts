/**
 * Typing in a route file that registers many handlers (issue 19; outline's documents.ts holds
 * some eighty), through the real protocol against the built server. sync-in-handler searches
 * from each handler for the blocking calls it reaches; an edit in one handler searches again
 * only from the handlers whose search used what changed, and keeps the others' findings with
 * their places moved: in the route file itself (a blocking read in a handler) and in the helper
 * a handler reaches (its related location, the handler's call of the helper, follows the edit
 * once typing pauses). What the edit does change is found at once: a blocking call typed into a handler,
 * a handler removed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { at, EditSession, findingsOf } from './edit-session';

/** Handlers that reach nothing blocking: their searches are the work an edit should not redo. */
const quietHandlers = 12;

const routes = [
  "import Router from 'koa-router';",
  "import { readFileSync } from 'node:fs';",
  "import { renderExport } from '../utils/export';",
  "import { presentDocument } from '../presenters/document';",
  '',
  'const router = new Router();',
  '',
  "router.post('documents.export', async (ctx) => {",
  '  const { id } = ctx.request.body;',
  '  ctx.body = renderExport(id);',
  '});',
  '',
  ...Array.from({ length: quietHandlers }, (_, i) => [`router.post('documents.info${i}', async (ctx) => {`, '  const { id } = ctx.request.body;', '  ctx.body = { data: presentDocument(id) };', '});', ''].join('\n')),
  "router.post('documents.template', async (ctx) => {",
  "  const template = readFileSync('templates/document.md', 'utf8');",
  '  ctx.body = template;',
  '});',
  '',
  'export default router;',
  '',
].join('\n');

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'docs-api', private: true, dependencies: { koa: '^2.15.0', 'koa-router': '^12.0.0' } }),
  'server/routes/documents.ts': routes,
  'server/utils/export.ts': "import { gzipSync } from 'node:zlib';\n\nexport function renderExport(id: string) {\n  const body = JSON.stringify({ id });\n  return gzipSync(body);\n}\n",
  'server/presenters/document.ts': 'export function presentDocument(id: string) {\n  return { id };\n}\n',
};

const lines = routes.split('\n');
const lineOf = (text: string) => lines.findIndex((l) => l.includes(text));
const blocking = (ds: Diagnostic[] | undefined) => findingsOf('sync-in-handler', ds);

describe('typing in a route file with many handlers', () => {
  let session: EditSession;
  let uri: string;
  const exportDiagnostics = () => blocking([...session.client.diagnostics].find(([u]) => u.endsWith('/server/utils/export.ts'))?.[1]);
  /** The route file's blocking calls, by line, and the place the helper's finding names there (the handler's call of the helper). */
  const state = () => ({
    routes: blocking(session.client.diagnostics.get(uri)).map((d) => d.range.start.line),
    exportRelated: exportDiagnostics().flatMap((d) => (d.relatedInformation ?? []).filter((r) => r.location.uri.endsWith('/documents.ts')).map((r) => r.location.range.start.line)),
  });

  before(async () => {
    session = await EditSession.start('edit-route-file', files);
    uri = await session.open('server/routes/documents.ts');
  });

  after(async () => {
    await session?.close();
  });

  it('starts with the read in the template handler and the compression the export handler reaches', () => {
    assert.deepEqual(state(), { routes: [lineOf("readFileSync('templates")], exportRelated: [lineOf('renderExport(id)')] });
  });

  it('moves both findings with a line added above them in a handler, the helper’s once typing pauses', async () => {
    const { own } = await session.edit(uri, [{ range: { start: at(lineOf('documents.export') + 1), end: at(lineOf('documents.export') + 1) }, text: "  const note = 'checked';\n" }], true);
    assert.deepEqual(blocking(own).map((d) => d.range.start.line), [lineOf("readFileSync('templates") + 1]);
    assert.deepEqual(state(), { routes: [lineOf("readFileSync('templates") + 1], exportRelated: [lineOf('renderExport(id)') + 1] });
    await session.edit(uri, [{ range: { start: at(0), end: at(0) }, text: '// Document RPCs.\n' }], true);
    assert.deepEqual(state(), { routes: [lineOf("readFileSync('templates") + 2], exportRelated: [lineOf('renderExport(id)') + 2] });
  });

  it('reports a blocking call typed into a quiet handler at once', async () => {
    // After the two lines added above: the first quiet handler's body line.
    const line = lineOf("'documents.info0'") + 3;
    const { own } = await session.edit(uri, [{ range: { start: at(line), end: at(line) }, text: "  readFileSync('templates/info.md', 'utf8');\n" }], true);
    assert.deepEqual(blocking(own).map((d) => d.range.start.line), [line, lineOf("readFileSync('templates") + 3]);
    assert.match(String(blocking(own)[0]?.message), /`fs\.readFileSync`.*POST 'documents\.info0'/);
  });

  it('drops the helper’s finding when the handler that reached it is removed', async () => {
    // The handler, its line added and the blank line after it: six lines, one below where it was written.
    const from = lineOf("'documents.export'") + 1;
    await session.edit(uri, [{ range: { start: at(from), end: at(from + 6) }, text: '' }], true);
    assert.deepEqual(state(), { routes: [lineOf("'documents.info0'") - 3, lineOf("readFileSync('templates") - 3], exportRelated: [] });
  });
});
