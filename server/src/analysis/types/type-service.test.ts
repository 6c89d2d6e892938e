import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { MemoryFileHost } from '../../engine/host';
import { Project } from '../../engine/project';
import type { SourceDoc } from '../../engine/source';
import { typeService, typeServiceStats } from './type-service';

const files = {
  '/w/src/models/Team.ts': `export class Team {\n  id = '';\n  members: Member[] = [];\n}\nexport class Member {\n  userId = '';\n}\n`,
  '/w/src/models/index.ts': `export { Team, Member } from './Team';\n`,
  '/w/src/teams.ts': `import { Team } from './models';\nexport async function loadTeams(): Promise<Team[]> {\n  return [];\n}\n`,
  '/w/src/job.ts': `import { loadTeams } from './teams';\nexport async function run() {\n  const teams = await loadTeams();\n  for (const team of teams) team.members.forEach((m) => m.userId);\n}\n`,
};

/** The first expression in `doc` whose text is `text`. */
function expr(doc: SourceDoc, text: string): ts.Expression {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (!found && ts.isExpression(n) && n.getText(doc.sourceFile) === text) found = n;
    ts.forEachChild(n, visit);
  };
  visit(doc.sourceFile);
  assert.ok(found, `no ${text}`);
  return found;
}

describe('type service', () => {
  it('answers which workspace class a value or a collection holds, through imports and a barrel', () => {
    const project = new Project(new MemoryFileHost(files));
    assert.equal(typeServiceStats(project), undefined, 'nothing is built before a question');
    const types = typeService(project);
    const job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.instanceClass(job, expr(job, 'team'))?.node.name?.text, 'Team');
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    assert.equal(types.elementClass(job, expr(job, 'team.members'))?.node.name?.text, 'Member');
    assert.equal(types.instanceClass(job, expr(job, 'm'))?.node.name?.text, 'Member');
    // The answer is a node of the project's own tree, so rules can follow its members.
    assert.equal(types.instanceClass(job, expr(job, 'team'))?.doc, project.getDoc('/w/src/models/Team.ts'));
    const stats = typeServiceStats(project)!;
    assert.equal(stats.programs, 1, 'one program answers every question about one file');
    assert.equal(stats.questions, 4, 'the second question about `team` is answered from the cache');
    assert.ok(stats.files <= 6, `the program holds the lib and the files the imports reach (${stats.files})`);
  });

  it('follows edits of open documents: a changed return type changes the answer', () => {
    const project = new Project(new MemoryFileHost(files));
    const types = typeService(project);
    let job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    project.openDocument('/w/src/teams.ts', files['/w/src/teams.ts'].replace('Promise<Team[]>', 'Promise<string[]>'), 2);
    job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.elementClass(job, expr(job, 'teams')), undefined);
    assert.equal(typeServiceStats(project)!.programs, 2);
  });

  it('keeps a program across an edit of a file outside it, with its answers', () => {
    const host = new MemoryFileHost({ ...files, '/w/src/other.ts': `export const x = 1;\n` });
    const project = new Project(host);
    const types = typeService(project);
    const job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    project.openDocument('/w/src/other.ts', `export const x = 2;\n`, 2);
    host.write('/w/src/unrelated.ts', `export const y = 1;\n`);
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    // A kept program still makes the asking analysis depend on the files the answer came from.
    const { uses } = project.recordDependencies(() => types.elementClass(job, expr(job, 'teams')));
    assert.equal(uses.get('/w/src/models/Team.ts'), 'types');
    assert.equal(uses.get('/w/src/teams.ts'), 'types');
    const stats = typeServiceStats(project)!;
    assert.equal(stats.programs, 1, 'no file of the program changed: no new program');
    assert.equal(stats.questions, 1, 'and the answer is kept');
    // A file on disk changed inside the program (a watcher event): rebuilt, and asked again.
    host.write('/w/src/teams.ts', files['/w/src/teams.ts'].replace('Promise<Team[]>', 'Promise<string[]>'));
    project.invalidate('/w/src/teams.ts');
    assert.equal(types.elementClass(job, expr(job, 'teams')), undefined);
    assert.equal(stats.programs, 2);
    assert.equal(stats.questions, 2);
  });

  it('rebuilds after an edit in the asking file from the old program, reaching the same files through the barrel', () => {
    const project = new Project(new MemoryFileHost(files));
    const types = typeService(project);
    let job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.instanceClass(job, expr(job, 'm'))?.node.name?.text, 'Member');
    const stats = typeServiceStats(project)!;
    const firstFiles = stats.files;
    for (let v = 2; v < 5; v++) {
      // A body edit: TypeScript reuses every other file and their imports' resolutions.
      job = project.openDocument('/w/src/job.ts', files['/w/src/job.ts'].replace('m.userId', `m.userId + ${v}`), v);
      assert.equal(types.instanceClass(job, expr(job, 'm'))?.node.name?.text, 'Member', `edit ${v}`);
      assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team', `edit ${v}`);
    }
    assert.equal(stats.programs, 4, 'one program per version of the asking file');
    assert.equal(stats.files, firstFiles * 4, 'each rebuild holds the same files as the first build');
    // An edit in a file one import away: TypeScript asks again what its imports resolve to, from its own depth.
    project.openDocument('/w/src/teams.ts', files['/w/src/teams.ts'].replace('return [];', 'return [] as Team[];'), 2);
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    assert.equal(stats.files, firstFiles * 5, 'the rebuild still reaches the model through the barrel');
    assert.equal(stats.reused, 4, 'every rebuild so far took the old program over (TypeScript still exposes structureIsReused)');
    // An edit that adds an import of a model the file did not reach yet: resolved from the asking file's depth.
    job = project.openDocument('/w/src/job.ts', `import { Member } from './models/Team';\n${files['/w/src/job.ts']}\nexport const one = new Member();\n`, 5);
    assert.equal(types.instanceClass(job, expr(job, 'one'))?.node.name?.text, 'Member');
    assert.equal(stats.reused, 4, 'changed imports: built afresh, depths counted anew');
  });

  it('keeps the answers about a function an edit left alone (of the asking file or of an open one it imports), and builds nothing for them', () => {
    const job2 = `${files['/w/src/job.ts']}export function label(name: string) {\n  return name.trim();\n}\n`;
    const project = new Project(new MemoryFileHost({ ...files, '/w/src/job.ts': job2 }));
    const types = typeService(project);
    let job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    const stats = typeServiceStats(project)!;
    // Typing in another function, in a statement no returned value depends on: its type is unchanged.
    job = project.openDocument('/w/src/job.ts', job2.replace('  return name.trim();', '  const note = 1;\n  return name.trim();'), 2);
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    assert.deepEqual([stats.programs, stats.questions, stats.carried], [1, 1, 1]);
    // Typing in the function the question is about: asked again, from a rebuilt program.
    job = project.openDocument('/w/src/job.ts', job.text.replace('const teams = await loadTeams();', 'const teams = await loadTeams();\n  const started = 0;'), 3);
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    assert.deepEqual([stats.programs, stats.questions, stats.carried], [2, 2, 1]);
    // Changing what another function returns can change any type in the file: asked again.
    job = project.openDocument('/w/src/job.ts', job.text.replace('return name.trim();', 'return name.length;'), 4);
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    assert.deepEqual([stats.programs, stats.questions, stats.carried], [3, 3, 1]);
    // So does an edit in another file of the program.
    project.openDocument('/w/src/teams.ts', files['/w/src/teams.ts'].replace('Promise<Team[]>', 'Promise<string[]>'), 2);
    job = project.openDocument('/w/src/job.ts', job.text.replace('  const note = 1;\n', ''), 5);
    assert.equal(types.elementClass(job, expr(job, 'teams')), undefined);
    assert.deepEqual([stats.programs, stats.questions, stats.carried], [4, 4, 1]);
    // Typing in that file, open now, in the body of a function that declares its type: kept, nothing built.
    const teams = project.getDoc('/w/src/teams.ts')!.text;
    project.openDocument('/w/src/teams.ts', teams.replace('  return [];', '  const note = 1;\n  return [];'), 3);
    assert.equal(types.elementClass(job, expr(job, 'teams')), undefined);
    assert.deepEqual([stats.programs, stats.questions, stats.carried], [4, 4, 2]);
    // The asking analysis still rests on the edited file, at its new version.
    const { uses } = project.recordDependencies(() => types.elementClass(job, expr(job, 'teams')));
    assert.equal(uses.get('/w/src/teams.ts'), 'types');
  });

  it('counts import depths afresh when an edit changes imports: a file moved three steps away leaves the program', () => {
    const chain = {
      '/w/src/a.ts': `export class Alpha {\n  id = '';\n}\n`,
      '/w/src/c.ts': `export { Alpha } from './a';\nexport const c = 1;\n`,
      '/w/src/b.ts': `import { c } from './c';\nexport const b = c;\n`,
      '/w/src/job.ts': `import { Alpha } from './a';\nexport const one: Alpha = new Alpha();\n`,
    };
    const project = new Project(new MemoryFileHost(chain));
    const types = typeService(project);
    let job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.instanceClass(job, expr(job, 'one'))?.node.name?.text, 'Alpha');
    const stats = typeServiceStats(project)!;
    const firstFiles = stats.files;
    // Now job reaches a.ts only through b and c: three steps, past the limit, as a fresh program sees it.
    job = project.openDocument('/w/src/job.ts', `import { b } from './b';\nexport const one = b;\n`, 2);
    types.instanceClass(job, expr(job, 'one'));
    const fresh = new Project(new MemoryFileHost({ ...chain, '/w/src/job.ts': job.text }));
    const freshJob = fresh.getDoc('/w/src/job.ts')!;
    typeService(fresh).instanceClass(freshJob, expr(freshJob, 'one'));
    assert.equal(stats.programs, 2);
    assert.equal(stats.files - firstFiles, typeServiceStats(fresh)!.files, 'the rebuild holds what a fresh program holds (lib, job, b, c)');
    assert.equal(typeServiceStats(fresh)!.files, 4);
  });

  it('answers right after a class is renamed and after a model moves to another file', () => {
    const host = new MemoryFileHost(files);
    const project = new Project(host);
    const types = typeService(project);
    let job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.instanceClass(job, expr(job, 'team'))?.node.name?.text, 'Team');
    // Renamed in the model and in the files that name it (as a rename refactoring leaves them).
    const rename = (text: string) => text.replace(/\bTeam\b(?!')/g, 'Squad');
    project.openDocument('/w/src/models/Team.ts', rename(files['/w/src/models/Team.ts']), 2);
    project.openDocument('/w/src/models/index.ts', rename(files['/w/src/models/index.ts']), 2);
    project.openDocument('/w/src/teams.ts', rename(files['/w/src/teams.ts']), 2);
    job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.instanceClass(job, expr(job, 'team'))?.node.name?.text, 'Squad');
    for (const f of ['/w/src/models/Team.ts', '/w/src/models/index.ts', '/w/src/teams.ts']) project.closeDocument(f);
    assert.equal(types.instanceClass(job, expr(job, 'team'))?.node.name?.text, 'Team', 'closed unsaved: the disk copies again');
    // Member moves to its own file; the barrel re-exports it from there.
    host.write('/w/src/models/Team.ts', `import { Member } from './Member';\nexport class Team {\n  id = '';\n  members: Member[] = [];\n}\n`);
    host.write('/w/src/models/Member.ts', `export class Member {\n  userId = '';\n}\n`);
    host.write('/w/src/models/index.ts', `export { Team } from './Team';\nexport { Member } from './Member';\n`);
    for (const f of ['/w/src/models/Team.ts', '/w/src/models/Member.ts', '/w/src/models/index.ts']) project.invalidate(f);
    const member = types.instanceClass(job, expr(job, 'm'));
    assert.equal(member?.node.name?.text, 'Member');
    assert.equal(member?.doc.path, '/w/src/models/Member.ts');
  });

  it('resolves an import again when the file it names is created', () => {
    const host = new MemoryFileHost({ '/w/src/job.ts': `import { Alpha } from './a';\nexport const one = new Alpha();\n` });
    const project = new Project(host);
    const types = typeService(project);
    const job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.instanceClass(job, expr(job, 'one')), undefined);
    host.write('/w/src/a.ts', `export class Alpha {\n  id = '';\n}\n`);
    project.invalidate('/w/src/a.ts');
    assert.equal(types.instanceClass(job, expr(job, 'one'))?.node.name?.text, 'Alpha');
  });

  it('shares the trees of a kept program with the next, and still records them as what the asking analysis read', () => {
    const project = new Project(new MemoryFileHost({ ...files, '/w/src/job2.ts': files['/w/src/job.ts'].replace('run', 'run2') }));
    const types = typeService(project);
    const job = project.getDoc('/w/src/job.ts')!;
    assert.equal(types.elementClass(job, expr(job, 'teams'))?.node.name?.text, 'Team');
    const job2 = project.getDoc('/w/src/job2.ts')!;
    const { result, uses } = project.recordDependencies(() => types.elementClass(job2, expr(job2, 'teams')));
    assert.equal(result?.node.name?.text, 'Team');
    assert.equal(uses.get('/w/src/models/Team.ts'), 'types');
    assert.equal(uses.get('/w/src/teams.ts'), 'types');
    assert.equal(typeServiceStats(project)!.programs, 2);
  });

  it('leaves packages unresolved (typed any) and never throws on code it cannot type', () => {
    const project = new Project(
      new MemoryFileHost({ '/w/src/a.ts': `import { Repo } from 'some-orm';\nexport function f(r: Repo, xs: any) {\n  return [r, xs.y.z];\n}\n` }),
    );
    const doc = project.getDoc('/w/src/a.ts')!;
    const types = typeService(project);
    assert.equal(types.instanceClass(doc, expr(doc, 'r')), undefined);
    assert.equal(types.elementClass(doc, expr(doc, 'xs.y.z')), undefined);
  });
});
