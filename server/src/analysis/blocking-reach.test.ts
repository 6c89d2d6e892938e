/**
 * What an edit costs blocking-reach, and that its answers stay right: an Express app whose
 * routes reach a blocking read in a helper module open in the editor. Typing in the helper
 * searches the routes' handlers again only when what their search used of it changed (a call,
 * a condition around one), or when the places the findings name moved.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
import { handlerSearches, reachedCallsIn } from './blocking-reach';

const routes = `import express from 'express';
import { renderInvite } from '../lib/templates';

export const router = express.Router();

router.get('/invites/:name', (req, res) => {
  res.send(renderInvite(req.params.name));
});
`;

const templates = `import { readFileSync } from 'node:fs';
import { logger } from './logger';

export function renderInvite(name: string): string {
  const template = readFileSync('templates/invite.html', 'utf8');
  logger.info('invite rendered', { name });
  return template.replace('{{name}}', name);
}

export function footer(team: { name: string }): string {
  const year = new Date().getFullYear();
  return \`© \${year} \${team.name}\`;
}
`;

const helper = '/w/src/lib/templates.ts';

function setup() {
  const files = { '/w/src/routes/invites.ts': routes, [helper]: templates, '/w/src/lib/logger.ts': 'export const logger = { info(..._args: unknown[]) {} };\n' };
  const project = new Project(new MemoryFileHost(files));
  project.listFiles = () => Object.keys(files);
  let version = 1;
  let text = templates;
  project.openDocument(helper, text, version);
  /** Replace `find` in the helper as an editor's next version, and what blocking-reach says of it then. */
  const edit = (find: string, replace: string) => {
    assert.ok(text.includes(find), `the helper has no ${JSON.stringify(find)}`);
    text = text.replace(find, replace);
    const doc = project.openDocument(helper, text, ++version);
    const before = handlerSearches(project);
    const { calls } = reachedCallsIn(project, doc);
    return { calls, text, searched: handlerSearches(project) - before, lineOf: (s: string) => text.slice(0, text.indexOf(s)).split('\n').length - 1 };
  };
  const first = reachedCallsIn(project, project.getDoc(helper)!);
  return { project, edit, first };
}

describe('blocking-reach per edit', () => {
  it('finds the read the route reaches', () => {
    const { first } = setup();
    assert.equal(first.calls.length, 1);
    assert.equal(first.calls[0]!.blocking.api.name, 'readFileSync');
    assert.deepEqual(first.calls[0]!.handlers.map((h) => h.label), ['GET /invites/:name']);
  });

  it('searches no handler again after a body edit below the read, and keeps the finding', () => {
    const { edit } = setup();
    const { calls, searched } = edit('  return `©', "  const note = 'checked';\n  return `©");
    assert.equal(searched, 0);
    assert.equal(calls.length, 1);
  });

  it('searches no handler again when a body edit above the read moves it, and the finding follows it', () => {
    const { edit } = setup();
    const { calls, searched, text, lineOf } = edit('  const template = readFileSync', "  const note = 'checked';\n  const template = readFileSync");
    assert.equal(searched, 0);
    assert.equal(calls.length, 1);
    const at = text.indexOf("readFileSync('templates");
    assert.equal(calls[0]!.range.start.line, lineOf("readFileSync('templates"));
    assert.equal(text.slice(calls[0]!.start, calls[0]!.end), "readFileSync('templates/invite.html', 'utf8')");
    assert.equal(calls[0]!.start, at);
    // The function it is in, as messages and fixes take it from the offsets.
    assert.ok(text.slice(calls[0]!.fnStart, calls[0]!.fnEnd).startsWith('export function renderInvite'));
  });

  it('keeps the facts when typing inside the read moves only its end, and the finding spans the new text', () => {
    const { edit } = setup();
    const { calls, searched, text } = edit("'templates/invite.html'", "'templates/invitation.html'");
    assert.equal(searched, 0);
    assert.equal(calls.length, 1);
    assert.equal(text.slice(calls[0]!.start, calls[0]!.end), "readFileSync('templates/invitation.html', 'utf8')");
  });

  it('searches again when the edit lands on the edge of a place (text typed right before the read)', () => {
    const { edit } = setup();
    const { calls, searched, text } = edit('= readFileSync', '= /* sync */ readFileSync');
    assert.equal(searched, 1);
    assert.equal(calls.length, 1);
    assert.equal(text.slice(calls[0]!.start, calls[0]!.end), "readFileSync('templates/invite.html', 'utf8')");
  });

  it('moves the read with edits on its own line before it, and with lines removed above it', () => {
    const { edit } = setup();
    const one = edit('  const template = readFileSync', '  const template /* cached */ = readFileSync');
    assert.equal(one.searched, 0);
    assert.equal(one.text.slice(one.calls[0]!.start, one.calls[0]!.end), "readFileSync('templates/invite.html', 'utf8')");
    assert.equal(one.calls[0]!.range.start.character, one.text.split('\n')[one.lineOf('readFileSync(')]!.indexOf('readFileSync('));
    const two = edit("import { logger } from './logger';\n", '');
    // The import line goes: the call graph's facts change (logger is a callee's root), so it searches again.
    assert.equal(two.calls.length, 1);
    assert.equal(two.text.slice(two.calls[0]!.start, two.calls[0]!.end), "readFileSync('templates/invite.html', 'utf8')");
  });

  it('searches again when a call is added, and finds the new blocking call', () => {
    const { edit } = setup();
    const { calls, searched } = edit("  return template.replace(", "  execSync('sync');\n  return template.replace(");
    assert.equal(searched, 1);
    // execSync is not imported from child_process here: only the read is blocking.
    assert.equal(calls.length, 1);
    const second = edit("import { readFileSync } from 'node:fs';", "import { readFileSync } from 'node:fs';\nimport { execSync } from 'node:child_process';");
    assert.equal(second.searched, 1);
    assert.deepEqual(second.calls.map((c) => c.blocking.api.name).sort(), ['execSync', 'readFileSync']);
  });

  it('searches again when the read becomes development-only, and drops it', () => {
    const { edit } = setup();
    const { calls, searched } = edit(
      "  const template = readFileSync('templates/invite.html', 'utf8');",
      "  let template = '{{name}}';\n  if (process.env.NODE_ENV !== 'production') template = readFileSync('templates/invite.html', 'utf8');",
    );
    assert.equal(searched, 1);
    assert.equal(calls.length, 0);
  });

  it('searches no handler again when a call is added in a function no route reaches, and keeps the finding', () => {
    const { edit, first } = setup();
    const added = edit('  return `©', '  logger.info(team.name);\n  return `©');
    assert.equal(added.searched, 0);
    assert.deepEqual(added.calls, first.calls);
    // Even a blocking call there: no route reaches \`footer\`.
    const blocking = edit('  logger.info(team.name);', "  const notice = readFileSync('NOTICE', 'utf8');");
    assert.equal(blocking.searched, 0);
    assert.deepEqual(blocking.calls, first.calls);
  });

  it('searches again when an unreached function binds a name for the whole module (a require in its body)', () => {
    const { edit } = setup();
    const { searched } = edit('  const year = new Date().getFullYear();', "  const year = new Date().getFullYear();\n  const { execSync } = require('node:child_process');");
    assert.equal(searched, 1);
  });

  it('follows a call edit in an unreached function with one in the reached one: the new blocking call is found', () => {
    const { edit } = setup();
    assert.equal(edit('  return `©', '  logger.info(team.name);\n  return `©').searched, 0);
    const { calls, searched } = edit("  return template.replace(", "  readFileSync('templates/footer.html');\n  return template.replace(");
    assert.equal(searched, 1);
    assert.equal(calls.length, 2);
  });

  it('answers after a run of edits as a fresh project does', () => {
    const { edit } = setup();
    edit('  return `©', "  const note = 'checked';\n  return `©");
    edit("const note = 'checked'", "const note = 'checked twice'");
    edit("  return template.replace(", "  const shown = true;\n  return template.replace(");
    edit('  const template = readFileSync', '  logger.info(name);\n  const template = readFileSync');
    edit("  logger.info(name);\n", '');
    edit('export function renderInvite', "const greeting = 'hello';\n\nexport function renderInvite");
    edit('  return `©', "  logger.info(team.name);\n  return `©");
    edit("  logger.info(team.name);", "  logger.info(footerFor(team));");
    const last = edit("'invite rendered'", "'invite sent'");
    const fresh = new Project(new MemoryFileHost({ '/w/src/routes/invites.ts': routes, [helper]: last.text, '/w/src/lib/logger.ts': 'export const logger = { info(..._args: unknown[]) {} };\n' }));
    fresh.listFiles = () => ['/w/src/routes/invites.ts', helper, '/w/src/lib/logger.ts'];
    assert.deepEqual(last.calls, reachedCallsIn(fresh, fresh.getDoc(helper)!).calls);
  });
});

describe('blocking-reach: a routes module given its values by its caller', () => {
  it('is looked at again once an edit gives it that shape (the shape is known per version of the file)', () => {
    const files = {
      '/w/src/storage.js': `const fs = require('fs');\nexports.read = (id) => fs.readFileSync('data/' + id);\n`,
      '/w/src/routes.js': `function register(app, storage) {\n  app.get('/files/:id', (req, res) => res.send(storage.read(req.params.id)));\n}\nmodule.exports = register;\n`,
      '/w/src/server.js': `const express = require('express');\nconst app = express();\nrequire('./routes')(app, require('./storage'));\napp.listen(3000);\n`,
    };
    const project = new Project(new MemoryFileHost(files));
    project.listFiles = () => Object.keys(files);
    const storage = () => project.getDoc('/w/src/storage.js')!;
    project.openDocument('/w/src/routes.js', files['/w/src/routes.js'], 1);
    // Written as a named function exported later: not a shape the sift knows, so no handler file.
    assert.deepEqual(reachedCallsIn(project, storage()).calls, []);
    project.openDocument('/w/src/routes.js', `module.exports = function (app, storage) {\n  app.get('/files/:id', (req, res) => res.send(storage.read(req.params.id)));\n};\n`, 2);
    const { calls } = reachedCallsIn(project, storage());
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.blocking.api.name, 'readFileSync');
    assert.deepEqual(calls[0]!.handlers.map((h) => h.label), ['GET /files/:id']);
  });
});

describe('blocking-reach: typing in a route file', () => {
  // Shaped like outline's documents.ts: a Koa router with one handler per RPC, each its own search.
  const routesPath = '/w/server/routes/documents.ts';
  const exportPath = '/w/server/utils/export.ts';
  const routesText = `import Router from 'koa-router';
import { readFileSync } from 'node:fs';
import { renderExport } from '../utils/export';
import { presentDocument } from '../presenters/document';

const router = new Router();

router.post('documents.info', async (ctx) => {
  const { id } = ctx.request.body;
  ctx.body = { data: presentDocument(id) };
});

router.post('documents.export', async (ctx) => {
  const { id } = ctx.request.body;
  ctx.body = renderExport(id);
});

router.post('documents.template', async (ctx) => {
  const template = readFileSync('templates/document.md', 'utf8');
  ctx.body = template;
});

export default router;
`;
  const files = {
    [routesPath]: routesText,
    [exportPath]: `import { gzipSync } from 'node:zlib';\n\nexport function renderExport(id: string) {\n  const body = JSON.stringify({ id });\n  return gzipSync(body);\n}\n`,
    '/w/server/presenters/document.ts': 'export function presentDocument(id: string) {\n  return { id };\n}\n',
  };

  function setup() {
    const project = new Project(new MemoryFileHost(files));
    project.listFiles = () => Object.keys(files);
    let version = 1;
    let text = routesText;
    project.openDocument(routesPath, text, version);
    /** Every reached call, in both files that hold one, as `file:line api (handler labels)`. */
    const all = (p: Project) => [routesPath, exportPath].flatMap((f) => reachedCallsIn(p, p.getDoc(f)!).calls.map((c) => `${f.slice(3)}:${c.range.start.line} ${c.blocking.api.name} (${c.handlers.map((h) => `${h.label}@${h.range.start.line}`).join(', ')})`));
    all(project);
    const edit = (find: string, replace: string) => {
      assert.ok(text.includes(find), `the routes have no ${JSON.stringify(find)}`);
      text = text.replace(find, replace);
      project.openDocument(routesPath, text, ++version);
      const before = handlerSearches(project);
      const calls = all(project);
      // The same as a project that never saw the earlier versions.
      const fresh = new Project(new MemoryFileHost({ ...files, [routesPath]: text }));
      fresh.listFiles = () => Object.keys(files);
      assert.deepEqual(calls, all(fresh));
      return { calls, searched: handlerSearches(project) - before };
    };
    return { project, edit, first: all(project) };
  }

  it('finds the read in the route file and the compression its export handler reaches', () => {
    assert.deepEqual(setup().first, [
      "server/routes/documents.ts:18 readFileSync (POST 'documents.template'@17)",
      "server/utils/export.ts:4 gzipSync (POST 'documents.export'@12)",
    ]);
  });

  it('searches from no handler again after a line added in one handler, and moves the findings below it', () => {
    const { calls, searched } = setup().edit("  ctx.body = { data:", "  const note = 'checked';\n  ctx.body = { data:");
    assert.equal(searched, 0);
    assert.deepEqual(calls, ["server/routes/documents.ts:19 readFileSync (POST 'documents.template'@18)", "server/utils/export.ts:4 gzipSync (POST 'documents.export'@13)"]);
  });

  it('searches again from the one handler whose calls changed', () => {
    const { edit } = setup();
    assert.equal(edit('  ctx.body = { data:', '  audit(id);\n  ctx.body = { data:').searched, 1);
    const { calls, searched } = edit("  ctx.body = template;", "  ctx.body = template + readFileSync('templates/footer.md', 'utf8');");
    assert.equal(searched, 1);
    assert.deepEqual(calls, [
      "server/routes/documents.ts:19 readFileSync (POST 'documents.template'@18)",
      "server/routes/documents.ts:20 readFileSync (POST 'documents.template'@18)",
      "server/utils/export.ts:4 gzipSync (POST 'documents.export'@13)",
    ]);
  });

  it('searches from every handler when the module outside them changes (an import)', () => {
    const { searched } = setup().edit("import Router from 'koa-router';", "import Router from 'koa-router';\nimport { execSync } from 'node:child_process';");
    assert.equal(searched, 3);
  });

  it('drops a handler removed and searches from one added', () => {
    const { edit } = setup();
    const removed = edit("router.post('documents.export', async (ctx) => {\n  const { id } = ctx.request.body;\n  ctx.body = renderExport(id);\n});\n\n", '');
    assert.deepEqual(removed.calls, ["server/routes/documents.ts:13 readFileSync (POST 'documents.template'@12)"]);
    const added = edit('export default router;', "router.post('documents.download', async (ctx) => {\n  ctx.body = renderExport(ctx.request.body.id);\n});\n\nexport default router;");
    assert.deepEqual(added.calls, ["server/routes/documents.ts:13 readFileSync (POST 'documents.template'@12)", "server/utils/export.ts:4 gzipSync (POST 'documents.download'@17)"]);
  });
});
