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

  it('searches again when the edit moves the read, and the finding follows it', () => {
    const { edit } = setup();
    const { calls, searched, lineOf } = edit('  const template = readFileSync', "  const note = 'checked';\n  const template = readFileSync");
    assert.equal(searched, 1);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.range.start.line, lineOf('readFileSync('));
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

  it('answers after a run of edits as a fresh project does', () => {
    const { edit } = setup();
    edit('  return `©', "  const note = 'checked';\n  return `©");
    edit("const note = 'checked'", "const note = 'checked twice'");
    edit("  return template.replace(", "  const shown = true;\n  return template.replace(");
    edit('  const template = readFileSync', '  logger.info(name);\n  const template = readFileSync');
    const last = edit("'invite rendered'", "'invite sent'");
    const fresh = new Project(new MemoryFileHost({ '/w/src/routes/invites.ts': routes, [helper]: last.text, '/w/src/lib/logger.ts': 'export const logger = { info(..._args: unknown[]) {} };\n' }));
    fresh.listFiles = () => ['/w/src/routes/invites.ts', helper, '/w/src/lib/logger.ts'];
    assert.deepEqual(last.calls, reachedCallsIn(fresh, fresh.getDoc(helper)!).calls);
  });
});
