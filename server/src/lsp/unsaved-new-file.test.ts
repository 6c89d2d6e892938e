/**
 * A new file the editor has open but not saved yet, through the real protocol against the built
 * server: an import naming it resolves at once, as the file watcher's event would make it, and
 * stops resolving when the editor closes it unsaved. The loop that calls the helper it exports
 * gets its n-plus-one finding while the helper is typed, not a minute later when a slow watcher
 * reports the file (there is none to report until it is saved). Created on disk later, the
 * watcher's event re-runs the importer the same way, and its deletion too.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { tempWorkspace } from '../testing/temp-workspace';
import { TestClient } from './test-client';

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'teams-api', private: true, dependencies: { '@prisma/client': '^5.0.0', express: '^4.21.0' } }),
  'src/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
  'src/jobs/rename-teams.ts': [
    "import { renameTeam } from '../teams/rename';",
    'export async function renameTeams(teams: { id: string; name: string }[]) {',
    '  for (const team of teams) {',
    '    await renameTeam(team.id, team.name.trim());',
    '  }',
    '}',
    '',
  ].join('\n'),
};

/** The helper the job imports, typed into a new editor before it was ever saved. */
const helper = [
  "import { prisma } from '../db';",
  'export async function renameTeam(id: string, name: string) {',
  '  return prisma.team.update({ where: { id }, data: { name } });',
  '}',
  '',
].join('\n');

const nPlusOne = (ds: Diagnostic[]) => ds.filter((d) => d.source === 'hotpath' && d.code === 'n-plus-one');
const settings = { hotpath: { rules: {}, exclude: [], maxFileSizeKb: 1024, debounceMs: 0 }, files: { exclude: {} } };

describe('a new file open in the editor and not saved', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = tempWorkspace('unsaved', files).dir;
    client = await TestClient.start(root, settings);
    await client.waitFor('the workspace scan', () => client.statuses.some((s) => s.state === 'idle'), 60_000);
  });

  after(async () => {
    await client?.shutdown();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('is what an import naming it resolves to, from the moment it opens to the moment it closes', async () => {
    const job = await client.open('src/jobs/rename-teams.ts');
    await client.codeActions(job, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []);
    assert.equal(nPlusOne(client.diagnostics.get(job) ?? []).length, 0);
    assert.equal(fs.existsSync(`${root}/src/teams/rename.ts`), false);
    // No didChangeWatchedFiles: nothing is on disk.
    const opened = await client.open('src/teams/rename.ts', helper);
    const [d] = nPlusOne(await client.waitForDiagnostics(job, (ds) => nPlusOne(ds).length > 0, 20_000));
    assert.equal(d?.range.start.line, 3);
    assert.match(String(d?.message), /it calls `prisma\.team\.update` \(src\/teams\/rename\.ts:3\)$/);
    // Closed without saving: the import names nothing again.
    await client.close(opened);
    await client.waitForDiagnostics(job, (ds) => nPlusOne(ds).length === 0, 20_000);
  });

  it('re-runs the importer when the file is then created on disk and the watcher reports it', async () => {
    const job = client.uri('src/jobs/rename-teams.ts');
    fs.mkdirSync(`${root}/src/teams`, { recursive: true });
    fs.writeFileSync(`${root}/src/teams/rename.ts`, helper);
    await client.watchedFilesChanged([{ uri: client.uri('src/teams/rename.ts'), type: FileChangeType.Created }]);
    await client.waitForDiagnostics(job, (ds) => nPlusOne(ds).length > 0, 20_000);
    fs.rmSync(`${root}/src/teams/rename.ts`);
    await client.watchedFilesChanged([{ uri: client.uri('src/teams/rename.ts'), type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics(job, (ds) => nPlusOne(ds).length === 0, 20_000);
  });
});
