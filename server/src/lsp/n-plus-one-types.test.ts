/**
 * n-plus-one's type-checker answers through the real protocol against the built server: rows
 * whose class only the checker can read from a workspace function's declared return type (an
 * alias of the row list) are model instances, and
 * editing that declaration in another open file changes the answer (the server's type service
 * follows the editor's text, and the loop's file is re-analysed). Typing in the body of a
 * function whose return type is declared re-analyses no file that asked the checker (issue 19);
 * typing in one whose type is inferred from its body does only where the returned value can
 * depend on it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { tempWorkspace } from '../testing/temp-workspace';
import { TestClient } from './test-client';

const groups = [
  "import { Group } from './models';",
  // An alias: syntax reads a class only from a return type that names it, the checker reads this one.
  'type Groups = Group[];',
  'export async function loadGroups(parentId: string): Promise<Groups> {',
  '  return Group.findAll({ where: { parentId } });',
  '}',
  '',
].join('\n');

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'groups-api', private: true, dependencies: { 'sequelize-typescript': '^2.1.0' } }),
  'src/models/Group.ts': ["import { Model } from 'sequelize-typescript';", 'export class Group extends Model {', '  declare name: string;', '}', ''].join('\n'),
  'src/models/index.ts': "export { Group } from './Group';\n",
  'src/groups.ts': groups,
  'src/jobs/rename.ts': [
    "import { loadGroups } from '../groups';",
    'export async function rename(parentId: string) {',
    '  const groups = await loadGroups(parentId);',
    '  for (const group of groups) {',
    '    group.name = group.name.trim();',
    '    await group.save();',
    '  }',
    '}',
    '',
  ].join('\n'),
};

const ours = (ds: Diagnostic[]) => ds.filter((d) => d.source === 'hotpath' && d.code === 'n-plus-one');

describe('n-plus-one with the type checker, over the language server protocol', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = tempWorkspace('n1-types', files).dir;
    client = await TestClient.start(root);
  });

  after(async () => {
    await client?.shutdown();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  let loop: string;
  let helper: string;

  it('reports the save of each row whose class only the declared return type tells, and follows an edit of that declaration', async () => {
    loop = await client.open('src/jobs/rename.ts');
    const [d] = ours(await client.waitForDiagnostics(loop, (ds) => ours(ds).length > 0));
    assert.ok(d);
    assert.equal(d.range.start.line, 5);
    assert.equal(d.message, '1 query per group: `group.save` (Sequelize) runs for each element of `groups`');
    helper = await client.open('src/groups.ts');
    await client.replace(helper, groups.replace('Promise<Groups>', 'Promise<{ name: string; save(): Promise<void> }[]>'));
    await client.waitForDiagnostics(loop, (ds) => ours(ds).length === 0);
    await client.replace(helper, groups);
    await client.waitForDiagnostics(loop, (ds) => ours(ds).length > 0);
  });

  /** Replace the helper's text and wait until the server is idle after it: what did it re-analyse? */
  async function settle(text: string): Promise<string | undefined> {
    // The previous edit's dependents first: the server is idle and has said nothing for a while.
    for (let said = -1; said !== client.logs.length + client.statuses.length || client.statuses.at(-1)?.state !== 'idle'; ) {
      said = client.logs.length + client.statuses.length;
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    const idles = client.statuses.filter((s) => s.state === 'idle').length;
    const logs = client.logs.length;
    await client.replace(helper, text);
    await client.waitFor('the edit and its dependents', () => client.statuses.filter((s) => s.state === 'idle').length > idles, 30_000);
    return client.logs.slice(logs).find((l) => l.startsWith('Re-analysed'));
  }

  it('re-analyses the loop only when an edit can change a type the checker gave it', async () => {
    // loadGroups declares its return type: its body cannot change it.
    const typed = groups.replace('  return Group.findAll(', "  const note = 'checked';\n  return Group.findAll(");
    assert.equal(await settle(typed), undefined);
    assert.equal(ours(client.diagnostics.get(loop) ?? []).length, 1);
    // A function whose type is inferred from its body: a body edit can change it.
    const inferred = `${typed}export function label(group: Group) {\n  return group.name;\n}\n`;
    assert.match((await settle(inferred)) ?? '', /^Re-analysed 1 file /);
    // Only by what its returned value depends on: a local kept for a log line changes nothing.
    const noted = inferred.replace('  return group.name;', "  const note = 'checked';\n  return group.name;");
    assert.equal(await settle(noted), undefined);
    // A `throw` narrows the returned value: that can change its type.
    assert.match((await settle(noted.replace('  return group.name;', "  if (!group.name) throw new Error('unnamed');\n  return group.name;"))) ?? '', /^Re-analysed 1 file /);
    assert.equal(ours(client.diagnostics.get(loop) ?? []).length, 1);
  });
});
