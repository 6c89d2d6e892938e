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
