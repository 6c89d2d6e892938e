/**
 * Which edits change what other files' analyses read of a file (analysis/cross-file-summary),
 * on a Prisma-style model module as apps write them. Each edit is applied to an editor version
 * of the file (parsed incrementally from the previous one, as the language server does), and to
 * a fresh parse of the same text: the summary must not depend on how the tree was built.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceDoc } from '../engine/source';
import { changedUnits, crossFileSummary, returnsRead, sameForReader } from './cross-file-summary';

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

type Change = 'imports' | 'calls';

/** [what the edit does, text to find, replacement, which fingerprints change] */
const edits: [string, string, string, Change[]][] = [
  ['adds a local variable', "  const full = `", "  const shown = true;\n  const full = `", []],
  // Places move (a finding pointing at the call after it must follow): lsp/dependent-reruns compares those.
  ['types a letter in a local name', 'const clean = name', 'const cleaned = name', []],
  // The condition of an if around a call or a return is read: `if (cached) return cached` before a
  // blocking read makes it run once per key (analysis/run-once), `if (process.env.NODE_ENV !==
  // 'production')` around a call makes it development-only (handlers devOnlyCondition).
  ['changes the condition of an if around a return', 'full.length > 40', 'full.length > 48', ['calls']],
  ['types in a log message', "'team loaded'", "'team loaded from db'", []],
  ['types in a query argument literal', "'rename', teamId", "'renamed', teamId", []],
  ['edits a comment', 'The display name, as lists show it.', 'The name shown in lists.', []],
  ['types on the line of a call, before it', '  const team = await', '  const  team = await', []],
  ['adds a query to an exported function', '  return full;\n}', '  await prisma.user.count();\n  return full;\n}', ['calls']],
  ['removes a query', "  await prisma.team.update({ where: { id: teamId }, data: { name: clean } });\n", '', ['calls']],
  ['adds a log line', '  return template.replace(', "  console.log('invite', name, JSON.stringify({ name }));\n  return template.replace(", []],
  ['adds a call to a workspace helper', '  return template.replace(', "  notifyTeam(name);\n  return template.replace(", ['calls']],
  ['wraps a query in a built-in', "const team = await prisma.team.findUnique({ where: { id: teamId } });", "const team = JSON.parse(JSON.stringify(await prisma.team.findUnique({ where: { id: teamId } })));", ['calls']],
  ['renames a called method', 'prisma.team.findUnique', 'prisma.team.findFirst', ['calls']],
  ['wraps a call in a loop', "  logger.info('team loaded', { teamId });", "  for (const id of [teamId]) logger.info('team loaded', { id });", ['calls']],
  ['drops the memoisation of a blocking read', 'if (!template) template = readFileSync', 'template = readFileSync', ['calls']],
  ['changes the file a read names', "readFileSync('templates/invite.html'", "readFileSync('templates/invite-v2.html'", []],
  ['changes what a function returns', 'return team;', 'return prisma;', ['calls']],
  ['renames an export', 'export async function loadTeam(', 'export async function loadTeams(', ['calls']],
  ['changes a parameter type', 'private readonly audit: AuditLog', 'private readonly audit: AuditTrail', ['calls']],
  ['changes where a receiver comes from', 'const prisma = new PrismaClient();', 'const prisma = makeClient();', ['calls']],
  ['adds an import', "import { logger } from '../lib/logger';", "import { logger } from '../lib/logger';\nimport { cache } from '../lib/cache';", ['imports', 'calls']],
  ['adds a "use server" directive', 'export function renderInvite(name: string) {\n', "export function renderInvite(name: string) {\n  'use server';\n", ['calls']],
];

function changed(a: ReturnType<typeof crossFileSummary>, b: ReturnType<typeof crossFileSummary>): Change[] {
  return (['imports', 'calls'] as const).filter((k) => a[k] !== b[k]);
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

/**
 * [what the edit does, text to find, replacement, the functions whose units change, or
 * 'outline' when what lies outside function bodies (or what the module binds) changes]:
 * a reader that read none of those bodies read nothing that changed.
 */
const unitEdits: [string, string, string, string[] | 'outline'][] = [
  ['adds a query to an exported function', '  return full;\n}', '  await prisma.user.count();\n  return full;\n}', ['displayName']],
  ['removes a query from a method', "  await prisma.team.update({ where: { id: teamId }, data: { name: clean } });\n", '', ['rename']],
  ['adds a call to a workspace helper', '  return template.replace(', '  notifyTeam(name);\n  return template.replace(', ['renderInvite']],
  ['changes what a function returns', 'return team;', 'return prisma;', ['loadTeam']],
  ['renames an export', 'export async function loadTeam(', 'export async function loadTeams(', 'outline'],
  ['changes a parameter type', 'private readonly audit: AuditLog', 'private readonly audit: AuditTrail', 'outline'],
  ['changes where a receiver comes from', 'const prisma = new PrismaClient();', 'const prisma = makeClient();', 'outline'],
  ['adds a "use server" directive', 'export function renderInvite(name: string) {\n', "export function renderInvite(name: string) {\n  'use server';\n", 'outline'],
  // `execSync` is bound for every function of the module (analysis/bindings), not only this one.
  ['requires a module in a function body', '  const full = `', "  const { execSync } = require('node:child_process');\n  const full = `", 'outline'],
  // A module variable's value is whatever any function assigns it (call-graph `readWhereAssigned`).
  ['changes what a function assigns a module variable', "template = readFileSync('templates/invite.html', 'utf8')", "template = loadTemplate('invite')", 'outline'],
  ['assigns a module variable in another function', "  logger.info('team loaded', { teamId });\n", "  logger.info('team loaded', { teamId });\n  template = undefined;\n", 'outline'],
  ['declares a local of a module variable’s name around its assignment', 'export function renderInvite(name: string) {\n', 'export function renderInvite(name: string) {\n  let template: string | undefined;\n', 'outline'],
  ['assigns a local variable', '  return full;\n}', '  let shown = full;\n  shown = shown.trim();\n  return shown;\n}', ['displayName']],
];

describe('changedUnits', () => {
  for (const [what, find, replace, expected] of unitEdits) {
    it(`${expected === 'outline' ? 'changes the outline' : `changes only ${expected.join(', ')}`} when an edit ${what}`, () => {
      assert.ok(model.includes(find), `the model has no ${JSON.stringify(find)}`);
      const before = new SourceDoc('/w/src/models/team.ts', model, 'open:1');
      const then = crossFileSummary(before);
      const now = crossFileSummary(new SourceDoc('/w/src/models/team.ts', model.replace(find, replace), 'open:2', before));
      const changed = changedUnits(then, now);
      if (expected === 'outline') return assert.equal(changed, undefined);
      // Each unit named by the first word of its text that is one of the model's function names.
      const names = [...(changed ?? [])].map((pos) => /(displayName|loadTeam|renderInvite|constructor|rename)/.exec(model.slice(pos))?.[1]);
      assert.deepEqual(names, expected);
    });
  }
});

/**
 * A reader that followed a memoising wrapper's callback for the client it returns (documenso's
 * `remember('prisma', () => { … })`) read the returned values, what they depend on and the
 * control flow around them, and nothing else of the body (`returnsRead`).
 */
const hub = `import { PrismaClient } from '@prisma/client';
import { readReplicas } from '@prisma/extension-read-replicas';
import { remember } from './utils/remember';

const prisma = remember('prisma', () => new PrismaClient());

export const prismaWithReplicas = remember('prismaWithReplicas', () => {
  if (!process.env.REPLICA_URLS) {
    return prisma;
  }
  const replicaUrls = process.env.REPLICA_URLS.split(',').map((url) => url.trim());
  return prisma.$extends(readReplicas({ url: replicaUrls }));
});
`;

/** [what the edit does, text to find, replacement, whether the returns reader read the same, whether a reader of the whole body did]. */
const returnsEdits: [string, string, string, boolean, boolean][] = [
  ['adds a call whose result is dropped', '  const replicaUrls', "  notifyOwner('replicas');\n  const replicaUrls", true, false],
  ['adds a local no returned value uses', '  const replicaUrls', "  const note = 'checked';\n  const replicaUrls", true, true],
  ['changes a statement a returned value depends on', '.map((url) => url.trim())', '.map((url) => url)', false, false],
  ['changes a returned value', '    return prisma;', '    return createCache();', false, false],
  ['changes the condition around a return', '!process.env.REPLICA_URLS', '!process.env.NO_REPLICAS', false, false],
];

describe('sameForReader with a returns-only read', () => {
  const before = new SourceDoc('/w/packages/prisma/index.ts', hub, 'open:1');
  const then = crossFileSummary(before);
  // The outermost functions: the two callbacks; `(url) => url.trim()` is inside the second.
  const unit = then.units.at(-1)!;
  for (const [what, find, replace, same, sameForWhole] of returnsEdits) {
    it(`${same ? 'keeps' : 'changes'} what the reader read when an edit ${what}`, () => {
      assert.ok(hub.includes(find), `the hub has no ${JSON.stringify(find)}`);
      const now = crossFileSummary(new SourceDoc('/w/packages/prisma/index.ts', hub.replace(find, replace), 'open:2', before));
      assert.equal(sameForReader('calls', then, now, new Set([returnsRead(unit.pos)])), same);
      assert.equal(sameForReader('calls', then, now, new Set([unit.pos])), sameForWhole);
    });
  }
});

/** A sequelize-typescript model as apps write them: some methods declare their return type, some leave it to the checker. */
const classModel = `import { Column, Model, Table } from 'sequelize-typescript';
import User from './User';

@Scopes(() => ({
  withViews: (userId: string) => {
    if (!userId) {
      return {};
    }
    return { include: [{ association: 'views', where: { userId }, required: false }] };
  },
}))
@Table({ tableName: 'documents', paranoid: true })
class Document extends Model {
  @Column
  title: string;

  get path(): string {
    const slug = this.title.toLowerCase().replace(/\\s+/g, '-');
    return \`/doc/\${slug}-\${this.id}\`;
  }

  async publish(user: User): Promise<this> {
    this.publishedAt = new Date();
    this.lastModifiedById = user.id;
    return this.save();
  }

  static findByUser(user: User) {
    return this.findAll({ where: { createdById: user.id } });
  }

  static async findLatest(user: User) {
    let latest = await this.findOne({ where: { createdById: user.id }, order: [['updatedAt', 'DESC']] });
    if (!latest) {
      throw new Error('no document yet');
    }
    return latest;
  }

  @BeforeSave
  static async updateTitle(model: Document) {
    if (!model.changed('title')) {
      return;
    }
    model.title = model.title.trim();
  }

  toJSON = () => {
    throw new Error('use a presenter');
  };
}

export default Document;
`;

/** [what the edit does, text to find, replacement, which fingerprints change] */
const typeEdits: [string, string, string, (Change | 'types')[]][] = [
  ['adds a local in a method that declares its return type', '    this.lastModifiedById = user.id;\n', '    const note = "checked";\n    this.lastModifiedById = user.id;\n', []],
  ['types in a getter that declares its type', '/\\s+/g', '/\\s/g', []],
  // Its type is inferred from what it returns: a local no returned value depends on is no part of it.
  ['adds a local in a method whose type is inferred from its body', '    return this.findAll(', '    const note = "checked";\n    return this.findAll(', []],
  ['adds a local in a scope a decorator declares', '    if (!userId) {', '    const note = "checked";\n    if (!userId) {', []],
  ['changes what a scope a decorator declares returns', '      return {};', '      return { where: { id: null } };', ['calls', 'types']],
  ['declares the type of the local a method returns', '    let latest = await', '    let latest: Document | null = await', ['types']],
  ['assigns the local a method returns', '    return latest;', '    if (user.isAdmin) latest = null;\n    return latest;', ['types']],
  // `if (!latest) throw` narrows what is returned to a Document.
  ['lets a method whose type is inferred go on where it threw', "      throw new Error('no document yet');", "      console.warn('no document yet');", ['types']],
  ['changes a condition before a value is returned', '    if (!latest) {', '    if (!latest?.id) {', ['types']],
  ['changes a declared return type', 'Promise<this>', 'Promise<Document>', ['calls', 'types']],
  ['adds a column', '  title: string;\n', '  title: string;\n\n  @Column\n  summary: string;\n', ['calls', 'types']],
  ['adds a local in a method that returns no value', "    model.title = model.title.trim();\n", "    const note = 'checked';\n    model.title = model.title.trim();\n", []],
  ['makes a method return a value', '      return;\n', '      return model;\n', ['calls', 'types']],
  // An arrow function that cannot end types as returning never; one that can, void.
  ['lets an arrow function that threw end', "    throw new Error('use a presenter');\n", "    console.warn('use a presenter');\n", ['types']],
  ['adds a call in a method that declares its return type', '    return this.save();', '    await user.save();\n    return this.save();', ['calls', 'types']],
];

describe('crossFileSummary types', () => {
  const summaries = (path: string, text: string, edited: string) => {
    const before = new SourceDoc(path, text, 'open:1');
    const a = crossFileSummary(before);
    void before.sourceFile;
    return [a, crossFileSummary(new SourceDoc(path, edited, 'open:2', before))] as const;
  };
  const changedAll = (a: ReturnType<typeof crossFileSummary>, b: ReturnType<typeof crossFileSummary>) => (['imports', 'calls', 'types'] as const).filter((k) => a[k] !== b[k]);
  for (const [what, find, replace, expected] of typeEdits) {
    it(`${expected.length === 0 ? 'keeps every fingerprint' : `changes ${expected.join(', ')}`} when an edit ${what}`, () => {
      assert.ok(classModel.includes(find), `the model has no ${JSON.stringify(find)}`);
      assert.deepEqual(changedAll(...summaries('/w/server/models/Document.ts', classModel, classModel.replace(find, replace))), expected);
    });
  }

  it('reads a JavaScript file whole for types: the checker infers them from JSDoc and bodies', () => {
    const js = 'class Cache {\n  /** @returns {Promise<Map<string, User>>} */\n  async load() {\n    return new Map();\n  }\n}\nmodule.exports = Cache;\n';
    const [a, b] = summaries('/w/lib/cache.js', js, js.replace('Map<string, User>', 'Map<string, Team>'));
    assert.deepEqual(changedAll(a, b), ['types']);
  });
});
