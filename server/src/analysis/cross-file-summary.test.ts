/**
 * Which edits change what other files' analyses read of a file (analysis/cross-file-summary),
 * on a Prisma-style model module as apps write them. Each edit is applied to an editor version
 * of the file (parsed incrementally from the previous one, as the language server does), and to
 * a fresh parse of the same text: the summary must not depend on how the tree was built.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceDoc } from '../engine/source';
import { crossFileSummary } from './cross-file-summary';

const model = `import { PrismaClient } from '@prisma/client';
import { readFileSync } from 'node:fs';
import { logger } from '../lib/logger';

const prisma = new PrismaClient();
let template: string | undefined;

/** The display name, as lists show it. */
export function displayName(user: { first: string; last: string }) {
  const full = \`\${user.first} \${user.last}\`;
  if (full.length > 40) {
    return full.slice(0, 39) + '…';
  }
  return full;
}

export async function loadTeam(teamId: number) {
  const team = await prisma.team.findUnique({ where: { id: teamId } });
  logger.info('team loaded', { teamId });
  return team;
}

export function renderInvite(name: string) {
  if (!template) template = readFileSync('templates/invite.html', 'utf8');
  return template.replace('{{name}}', name);
}

export class TeamService {
  constructor(private readonly audit: AuditLog) {}

  async rename(teamId: number, name: string) {
    const clean = name.trim();
    await prisma.team.update({ where: { id: teamId }, data: { name: clean } });
    this.audit.record('rename', teamId);
  }
}
`;

type Change = 'imports' | 'calls' | 'callsAt';

/** [what the edit does, text to find, replacement, which fingerprints change] */
const edits: [string, string, string, Change[]][] = [
  ['adds a local variable', "  const full = `", "  const shown = true;\n  const full = `", ['callsAt']],
  // The call after it on the line moves: a finding pointing at it must follow.
  ['types a letter in a local name', 'const clean = name', 'const cleaned = name', ['callsAt']],
  ['changes the condition of an if around a return', 'full.length > 40', 'full.length > 48', []],
  ['types in a log message', "'team loaded'", "'team loaded from db'", []],
  ['types in a query argument literal', "'rename', teamId", "'renamed', teamId", []],
  ['edits a comment', 'The display name, as lists show it.', 'The name shown in lists.', []],
  ['types on the line of a call, before it', '  const team = await', '  const  team = await', ['callsAt']],
  ['adds a query to an exported function', '  return full;\n}', '  await prisma.user.count();\n  return full;\n}', ['calls', 'callsAt']],
  ['removes a query', "  await prisma.team.update({ where: { id: teamId }, data: { name: clean } });\n", '', ['calls', 'callsAt']],
  ['adds a log line', '  return template.replace(', "  console.log('invite', name, JSON.stringify({ name }));\n  return template.replace(", ['callsAt']],
  ['adds a call to a workspace helper', '  return template.replace(', "  notifyTeam(name);\n  return template.replace(", ['calls', 'callsAt']],
  ['wraps a query in a built-in', "const team = await prisma.team.findUnique({ where: { id: teamId } });", "const team = JSON.parse(JSON.stringify(await prisma.team.findUnique({ where: { id: teamId } })));", ['calls', 'callsAt']],
  ['renames a called method', 'prisma.team.findUnique', 'prisma.team.findFirst', ['calls', 'callsAt']],
  ['wraps a call in a loop', "  logger.info('team loaded', { teamId });", "  for (const id of [teamId]) logger.info('team loaded', { id });", ['calls', 'callsAt']],
  ['drops the memoisation of a blocking read', 'if (!template) template = readFileSync', 'template = readFileSync', ['calls', 'callsAt']],
  ['changes the file a read names', "readFileSync('templates/invite.html'", "readFileSync('templates/invite-v2.html'", []],
  ['changes what a function returns', 'return team;', 'return prisma;', ['calls', 'callsAt']],
  ['renames an export', 'export async function loadTeam(', 'export async function loadTeams(', ['calls', 'callsAt']],
  ['changes a parameter type', 'private readonly audit: AuditLog', 'private readonly audit: AuditTrail', ['calls', 'callsAt']],
  ['changes where a receiver comes from', 'const prisma = new PrismaClient();', 'const prisma = makeClient();', ['calls', 'callsAt']],
  ['adds an import', "import { logger } from '../lib/logger';", "import { logger } from '../lib/logger';\nimport { cache } from '../lib/cache';", ['imports', 'calls', 'callsAt']],
  ['adds a "use server" directive', 'export function renderInvite(name: string) {\n', "export function renderInvite(name: string) {\n  'use server';\n", ['calls', 'callsAt']],
];

function changed(a: ReturnType<typeof crossFileSummary>, b: ReturnType<typeof crossFileSummary>): Change[] {
  return (['imports', 'calls', 'callsAt'] as const).filter((k) => a[k] !== b[k]);
}

describe('crossFileSummary', () => {
  for (const [what, find, replace, expected] of edits) {
    it(`${expected.length === 0 ? 'keeps every fingerprint' : `changes ${expected.join(', ')}`} when an edit ${what}`, () => {
      assert.ok(model.includes(find), `the model has no ${JSON.stringify(find)}`);
      const edited = model.replace(find, replace);
      const before = new SourceDoc('/w/src/models/team.ts', model, 'open:1');
      const beforeSummary = crossFileSummary(before);
      // Parse incrementally from the previous tree, as for an editor's next version.
      void before.sourceFile;
      const after = new SourceDoc('/w/src/models/team.ts', edited, 'open:2', before);
      const afterSummary = crossFileSummary(after);
      assert.deepEqual(changed(beforeSummary, afterSummary), expected);
      const fresh = crossFileSummary(new SourceDoc('/w/src/models/team.ts', edited, 'disk:1'));
      assert.deepEqual(fresh, afterSummary);
    });
  }

  it('reads a file that is not a script whole', () => {
    const a = crossFileSummary(new SourceDoc('/w/tsconfig.json', '{ "compilerOptions": {} }', 'disk:1'));
    const b = crossFileSummary(new SourceDoc('/w/tsconfig.json', '{ "compilerOptions": { } }', 'disk:2'));
    assert.notEqual(a.calls, b.calls);
    assert.notEqual(a.imports, b.imports);
  });
});
