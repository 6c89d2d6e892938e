import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import type { SourceDoc } from '../engine/source';
import { callSitesOf, findReachable, overridesOf, resolveFunction, type FunctionRef } from './call-graph';
import { callsNamed, onlyCall, workspace } from './test-helpers';

/** Where a resolved function is: `file:line name`. */
function where(ref: FunctionRef | undefined): string | undefined {
  return ref && `${ref.doc.path.slice(3)}:${ref.doc.positionAt(ref.fn.getStart(ref.doc.sourceFile)).line + 1} ${ref.name}`;
}

function resolveIn(files: Record<string, string>, callee: string, file = 'src/main.ts'): string | undefined {
  const w = workspace(files);
  const doc = w.doc(file);
  return where(resolveFunction(w.project, doc, onlyCall(doc, callee).expression));
}

describe('call graph: resolving callees', () => {
  it('resolves local declarations, arrows and object-literal methods', () => {
    const code = `function a() {}\nconst b = () => 1;\nconst o = { m() {}, n: () => 2 };\na(); b(); o.m(); o.n();`;
    assert.equal(resolveIn({ 'src/main.ts': code }, 'a'), 'src/main.ts:1 a');
    assert.equal(resolveIn({ 'src/main.ts': code }, 'b'), 'src/main.ts:2 b');
    assert.equal(resolveIn({ 'src/main.ts': code }, 'o.m'), 'src/main.ts:3 m');
    assert.equal(resolveIn({ 'src/main.ts': code }, 'o.n'), 'src/main.ts:3 n');
  });

  it('follows ESM imports: named, aliased, default, namespace, re-exports', () => {
    const files = {
      'src/lib/a.ts': `export function load() {}\nexport default function main() {}\nexport const svc = { save() {} };\n`,
      'src/lib/index.ts': `export { load as loadAll } from './a';\nexport * from './a';\n`,
      'src/main.ts': `import main, { load, load as l, svc } from './lib/a';\nimport * as lib from './lib/a';\nimport { loadAll } from './lib';\nload(); l(); main(); svc.save(); lib.load(); loadAll();\n`,
    };
    assert.equal(resolveIn(files, 'load'), 'src/lib/a.ts:1 load');
    assert.equal(resolveIn(files, 'l'), 'src/lib/a.ts:1 load');
    assert.equal(resolveIn(files, 'main'), 'src/lib/a.ts:2 main');
    assert.equal(resolveIn(files, 'svc.save'), 'src/lib/a.ts:3 save');
    assert.equal(resolveIn(files, 'lib.load'), 'src/lib/a.ts:1 load');
    assert.equal(resolveIn(files, 'loadAll'), 'src/lib/a.ts:1 load');
  });

  it('finds a name in a barrel of many `export *` modules, past those that do not export it (CommonJS ones may)', () => {
    const modules = Array.from({ length: 40 }, (_, i) => `q${i}`);
    const files: Record<string, string> = {
      ...Object.fromEntries(modules.map((m) => [`src/queries/${m}.ts`, `export async function ${m}() {}\nexport const ${m}Name = '${m}';\nfunction saveRecording() {}\n`])),
      'src/queries/legacy.js': `exports.legacyReport = function legacyReport() {};\n`,
      'src/queries/replays.ts': `export async function saveRecording() {}\n`,
      'src/queries/index.ts': [...modules, 'legacy', 'replays'].map((m) => `export * from './${m}';\n`).join(''),
      'src/main.ts': `import { saveRecording, legacyReport, q39 } from './queries';\nsaveRecording(); legacyReport(); q39();\n`,
    };
    // saveRecording is declared in every qN module, but exported only by replays.ts.
    assert.equal(resolveIn(files, 'saveRecording'), 'src/queries/replays.ts:1 saveRecording');
    assert.equal(resolveIn(files, 'legacyReport'), 'src/queries/legacy.js:1 legacyReport');
    assert.equal(resolveIn(files, 'q39'), 'src/queries/q39.ts:1 q39');
  });

  it('follows the instance a finder declares or makes, and stops on finders that call themselves', () => {
    const w = workspace({
      'src/user.ts': `export class User {\n  check() {\n    return 1;\n  }\n  static async findOne(where: object): Promise<User | undefined> {\n    return undefined;\n  }\n  static async load(id: string) {\n    return id ? new User() : null;\n  }\n}\n`,
      'src/loop.ts': `export function again(): any {\n  return again();\n}\nexport function twice(n: number): any {\n  return n ? twice(n - 1) : again();\n}\n`,
      'src/routes.ts': `import { User } from './user';\nimport { again, twice } from './loop';\nexport async function a() {\n  (await User.findOne({}))!.check();\n  const u = await User.load('1');\n  u.check();\n  twice(3).check();\n  again().check();\n}\n`,
    });
    const d = w.doc('src/routes.ts');
    const checks: (string | undefined)[] = [];
    for (const c of [...callsNamed(d, '(await User.findOne({}))!.check'), ...callsNamed(d, 'u.check')]) checks.push(where(resolveFunction(w.project, d, c.expression)));
    assert.deepEqual(checks, ['src/user.ts:2 User.check', 'src/user.ts:2 User.check']);
    assert.equal(resolveFunction(w.project, d, onlyCall(d, 'twice(3).check').expression), undefined);
    assert.equal(resolveFunction(w.project, d, onlyCall(d, 'again().check').expression), undefined);
  });

  it('resolves a name each function destructures from a different client (const { rawQuery } = clickhouse)', () => {
    const files = {
      'src/lib/prisma.ts': `async function rawQuery(sql: string) {\n  return [];\n}\nexport default { rawQuery };\n`,
      'src/lib/clickhouse.ts': `async function rawQuery(sql: string) {\n  return [];\n}\nexport default { rawQuery };\n`,
      'src/main.ts': `import prisma from './lib/prisma';\nimport clickhouse from './lib/clickhouse';\nexport async function relational() {\n  const { rawQuery } = prisma;\n  return rawQuery('select 1');\n}\nexport async function columnar() {\n  const { rawQuery } = clickhouse;\n  return rawQuery('select 2');\n}\n`,
    };
    const w = workspace(files);
    const doc = w.doc('src/main.ts');
    const [first, second] = callsNamed(doc, 'rawQuery');
    assert.equal(where(resolveFunction(w.project, doc, first!.expression)), 'src/lib/prisma.ts:1 rawQuery');
    assert.equal(where(resolveFunction(w.project, doc, second!.expression)), 'src/lib/clickhouse.ts:1 rawQuery');
  });

  it('follows CommonJS exports', () => {
    const files = {
      'src/db.js': `function getUser() {}\nmodule.exports = { getUser };\n`,
      'src/util.js': `exports.slug = (s) => s;\nmodule.exports.trim = function trim(s) { return s; };\n`,
      'src/main.js': `const { getUser } = require('./db');\nconst util = require('./util');\ngetUser(); util.slug(); util.trim(); require('./db').getUser();\n`,
    };
    assert.equal(resolveIn(files, 'getUser', 'src/main.js'), 'src/db.js:1 getUser');
    assert.equal(resolveIn(files, 'util.slug', 'src/main.js'), 'src/util.js:1 slug');
    assert.equal(resolveIn(files, 'util.trim', 'src/main.js'), 'src/util.js:2 trim');
    assert.equal(resolveIn(files, "require('./db').getUser", 'src/main.js'), 'src/db.js:1 getUser');
  });

  it('resolves a member of a namespace object filled after it is made (User.auth = {}; User.auth.x = …)', () => {
    const files = {
      'src/user/index.js': `const User = module.exports;\nrequire('./auth')(User);\n`,
      'src/user/auth.js': `module.exports = function (User) {\n  User.auth = {};\n  User.auth.getSessions = async function (uid) {\n    return [];\n  };\n};\n`,
      'src/main.js': `const user = require('./user');\nuser.auth.getSessions(1);\n`,
    };
    assert.equal(resolveIn(files, 'user.auth.getSessions', 'src/main.js'), 'src/user/auth.js:3 getSessions');
    // Another object's member of the same name is not it.
    assert.equal(resolveIn({ 'src/main.js': `const a = {};\nconst b = {};\nb.go = () => 1;\nconst o = {};\no.x = {};\no.y = {};\no.y.go = () => 2;\no.x.go();\n` }, 'o.x.go', 'src/main.js'), undefined);
  });

  it('resolves a function exported through a wrapper that calls it (tracing, retry, memoising)', () => {
    const files = {
      'src/commands/mover.ts': `import { traceFunction } from '../tracing';\nasync function documentMover(id: string) {\n  return id;\n}\nexport default traceFunction({ spanName: 'documentMover' })(documentMover);\n`,
      'src/main.ts': `import documentMover from './commands/mover';\ndocumentMover('1');\n`,
    };
    assert.equal(resolveIn(files, 'documentMover'), 'src/commands/mover.ts:2 documentMover');
    assert.equal(resolveIn({ 'src/main.ts': `import { wrap } from 'lib';\nconst options = { retries: 3 };\nconst run = wrap(options);\nrun();\n` }, 'run'), undefined);
  });

  it('resolves this.service.method() through the property type (NestJS injection)', () => {
    const files = {
      'src/users.service.ts': `export class UsersService {\n  findAll() { return []; }\n}\n`,
      'src/users.controller.ts': `import { UsersService } from './users.service';\nexport class UsersController {\n  constructor(private readonly users: UsersService) {}\n  list() { return this.users.findAll(); }\n  again() { return this.list(); }\n}\n`,
    };
    assert.equal(resolveIn(files, 'this.users.findAll', 'src/users.controller.ts'), 'src/users.service.ts:2 UsersService.findAll');
    assert.equal(resolveIn(files, 'this.list', 'src/users.controller.ts'), 'src/users.controller.ts:4 UsersController.list');
  });

  it('resolves a call again after its file is edited, though the edit kept its node (answers are kept across edits of other files)', () => {
    const model = `import { record } from './audit';\nexport async function auditUser(id: number) {\n  await record(id);\n}\n`;
    const w = workspace({ 'src/audit.ts': 'export async function record(id: number) {}\n', 'src/quiet.ts': 'export async function record(id: number) {}\n', 'src/teams.ts': 'export const x = 1;\n' });
    const before = w.project.openDocument('/w/src/user.ts', model, 1);
    const call = onlyCall(before, 'record');
    assert.equal(where(resolveFunction(w.project, before, call.expression)), 'src/audit.ts:1 record');
    w.project.openDocument('/w/src/teams.ts', 'export const x = 2;\n', 1);
    assert.equal(where(resolveFunction(w.project, before, call.expression)), 'src/audit.ts:1 record', 'an edit of another file changes nothing');
    const after = w.project.openDocument('/w/src/user.ts', model.replace("'./audit'", "'./quiet'"), 2);
    // The incremental parser keeps the function's nodes; the answer read the file through them, not getDoc.
    assert.equal(onlyCall(after, 'record'), call);
    assert.equal(where(resolveFunction(w.project, after, call.expression)), 'src/quiet.ts:1 record');
  });

  it("finds a function's callers again after edits, reading only the files that changed", () => {
    const w = workspace({
      'src/lib.ts': 'export function load(id: number) {\n  return id;\n}\n',
      'src/a.ts': "import { load } from './lib';\nload(1);\n",
      'src/b.ts': "import { load } from './lib';\nexport const b = 1;\n",
      'src/c.ts': 'export const c = 1;\n',
    });
    w.project.listFiles = () => ['/w/src/lib.ts', '/w/src/a.ts', '/w/src/b.ts', '/w/src/c.ts'];
    const lib = w.doc('src/lib.ts');
    const fn = lib.sourceFile.statements[0] as ts.FunctionDeclaration;
    const callers = () => callSitesOf(w.project, lib, fn).map((s) => `${s.doc.path.slice(7)}:${s.doc.positionAt(s.call.getStart(s.doc.sourceFile)).line + 1}`);
    assert.deepEqual(callers(), ['a.ts:2']);
    w.project.openDocument('/w/src/b.ts', "import { load } from './lib';\nexport const b = load(2);\n", 1);
    assert.deepEqual(callers(), ['a.ts:2', 'b.ts:2'], 'a call added in a file that imported the module');
    w.project.openDocument('/w/src/a.ts', "import { load } from './lib';\n", 1);
    assert.deepEqual(callers(), ['b.ts:2'], 'a call removed');
    w.project.openDocument('/w/src/c.ts', "import { load } from './lib';\nexport const c = load(3);\n", 1);
    assert.deepEqual(callers(), ['b.ts:2', 'c.ts:2'], 'a file that starts importing the module');
  });

  it('resolves nothing for packages, parameters and missing files, and survives export cycles', () => {
    const files = {
      'src/a.ts': `export * from './b';\n`,
      'src/b.ts': `export * from './a';\n`,
      'src/main.ts': `import { x } from './a';\nimport { render } from 'ejs';\nimport { gone } from './missing';\nfunction f(cb) { cb(); }\nx(); render(); gone();\n`,
    };
    assert.equal(resolveIn(files, 'x'), undefined);
    assert.equal(resolveIn(files, 'render'), undefined);
    assert.equal(resolveIn(files, 'gone'), undefined);
    assert.equal(resolveIn(files, 'cb'), undefined);
  });
});

describe('call graph: reachability', () => {
  const isExec = (doc: SourceDoc, call: ts.CallExpression) => (call.expression.getText(doc.sourceFile) === 'exec' ? 'exec' : undefined);

  function reach(files: Record<string, string>, start: string, maxDepth?: number) {
    const w = workspace(files);
    const doc = w.doc('src/main.ts');
    const fn = resolveFunction(w.project, doc, onlyCall(doc, start).expression)!;
    const r = findReachable(w.project, fn, isExec, maxDepth === undefined ? {} : { maxDepth });
    return r && r.steps.map((s) => `${s.doc.path.slice(3)}:${s.doc.positionAt(s.call.getStart(s.doc.sourceFile)).line + 1}`);
  }

  const chain = {
    'src/main.ts': `import { a } from './a';\na();\n`,
    'src/a.ts': `import { b } from './b';\nexport function a() {\n  return b();\n}\n`,
    'src/b.ts': `import { c } from './c';\nexport const b = () => c();\n`,
    'src/c.ts': `export function c() {\n  exec();\n}\n`,
  };

  it('returns the call chain to the matching call across files', () => {
    assert.deepEqual(reach(chain, 'a'), ['src/a.ts:3', 'src/b.ts:2', 'src/c.ts:2']);
  });

  it('stops at the depth limit', () => {
    assert.deepEqual(reach(chain, 'a', 2), ['src/a.ts:3', 'src/b.ts:2', 'src/c.ts:2']);
    assert.equal(reach(chain, 'a', 1), undefined);
  });

  it('terminates on recursion and finds nothing when nothing matches', () => {
    const files = { 'src/main.ts': `function p() { q(); }\nfunction q() { r(); q(); }\nfunction r() { p(); }\n` };
    assert.equal(reach(files, 'r'), undefined);
  });

  it('records the files it read as dependencies', () => {
    const w = workspace(chain);
    const doc = w.doc('src/main.ts');
    const { dependencies } = w.project.recordDependencies(() => {
      const fn = resolveFunction(w.project, doc, onlyCall(doc, 'a').expression)!;
      return findReachable(w.project, fn, isExec);
    });
    assert.deepEqual([...dependencies].sort(), ['/w/src/a.ts', '/w/src/b.ts', '/w/src/c.ts']);
  });
});

describe('call graph: overrides of an abstract method', () => {
  const base = `export abstract class BaseStorage {\n  abstract remove(key: string): Promise<void>;\n  async removeAll(keys: string[]) { for (const k of keys) await this.remove(k); }\n  purge() { return this.remove('tmp'); }\n}\n`;
  const s3 = `import { BaseStorage } from './base';\nexport class S3Storage extends BaseStorage {\n  async remove(key: string) { await fetch(key, { method: 'DELETE' }); }\n}\n`;
  const local = `import { BaseStorage } from './base';\nexport class LocalStorage extends BaseStorage {\n  async remove(key: string) { await import('node:fs/promises').then((fs) => fs.rm(key)); }\n}\n`;
  const storage = () => {
    const w = workspace({ 'src/storage/base.ts': base, 'src/storage/s3.ts': s3, 'src/storage/local.ts': local });
    w.project.listFiles = () => ['/w/src/storage/base.ts', '/w/src/storage/s3.ts', '/w/src/storage/local.ts'];
    return w;
  };
  const overrides = (w: ReturnType<typeof workspace>, doc: SourceDoc, nth: number) => overridesOf(w.project, doc, callsNamed(doc, 'this.remove')[nth]!.expression).map(where).sort();

  it("answers every call of one method alike, and again after a subclass's file is edited", () => {
    const w = storage();
    const doc = w.doc('src/storage/base.ts');
    const both = ['src/storage/local.ts:3 LocalStorage.remove', 'src/storage/s3.ts:3 S3Storage.remove'];
    assert.deepEqual(overrides(w, doc, 0), both);
    assert.deepEqual(overrides(w, doc, 1), both, 'the second call of the same method gets the same subclasses');
    // LocalStorage stops extending the base: neither call may keep the answer read before the edit.
    w.project.openDocument('/w/src/storage/local.ts', local.replace(' extends BaseStorage', ''), 1);
    assert.deepEqual(overrides(w, doc, 1), ['src/storage/s3.ts:3 S3Storage.remove']);
    assert.deepEqual(overrides(w, doc, 0), ['src/storage/s3.ts:3 S3Storage.remove']);
  });

  it('leaves out the abstract method a resolved callee stands for, though a call on `this` of the same method keeps its own answer', () => {
    const w = storage();
    const doc = w.doc('src/storage/base.ts');
    const call = callsNamed(doc, 'this.remove')[0]!;
    const callee = resolveFunction(w.project, doc, call.expression);
    assert.equal(where(callee), 'src/storage/base.ts:2 BaseStorage.remove');
    assert.deepEqual(overridesOf(w.project, doc, call.expression, callee).map(where).sort(), ['src/storage/local.ts:3 LocalStorage.remove', 'src/storage/s3.ts:3 S3Storage.remove']);
    assert.deepEqual(overrides(w, doc, 1), ['src/storage/local.ts:3 LocalStorage.remove', 'src/storage/s3.ts:3 S3Storage.remove']);
  });
});
