/**
 * Which dependents an edit re-runs, by how each used the edited file: only its imports (the
 * import-closure walk), its call graph, the types the TypeScript checker infers from it, or all
 * of it; and, for one whose findings name places in the file, whether the edit moved them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DependencyFacts } from '../engine/analyze';
import type { Position } from '../engine/finding';
import { crossFileSummary } from '../analysis/cross-file-summary';
import { SourceDoc } from '../engine/source';
import { AnalysisStore } from './analysis-store';
import { dependentsToRerun, SummaryHistory } from './dependent-reruns';

const model = `import { Pool } from 'pg';
const pool = new Pool();

export async function findUser(id: number) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0];
}

export function displayName(user: { first: string; last: string }) {
  return user.first + ' ' + user.last;
}

export function initials(user: { first: string; last: string }): string {
  return user.first[0] + user.last[0];
}
`;
const hub = '/w/src/models/user.ts';

function setup(edited: string) {
  const store = new AnalysisStore();
  const history = new SummaryHistory();
  const before = new SourceDoc(hub, model, 'open:1');
  const add = (path: string, use: DependencyFacts, pointsAt?: Position[]) =>
    store.set({
      path,
      version: 'disk:1',
      findings: [],
      dependencies: new Map([[path, 'disk:1'], [hub, before.version]]),
      uses: new Map<string, DependencyFacts>([[path, 'content'], [hub, use]]),
      pointsInto: new Map(pointsAt ? [[hub, pointsAt]] : []),
      generation: 0,
    });
  add('/w/src/routes/imports-only.ts', 'imports');
  add('/w/src/routes/calls.ts', 'calls');
  add('/w/src/routes/whole.ts', 'content');
  // Asked the checker the type of a value this module gives.
  add('/w/src/routes/types.ts', 'types');
  // A finding whose chain ends at the query on line 5 (0-based 4): the call's start and end.
  add('/w/src/routes/points-at-query.ts', 'calls', [{ line: 4, character: 25 }, { line: 4, character: 78 }]);
  history.of(before);
  void before.sourceFile;
  const after = new SourceDoc(hub, edited, 'open:2', before);
  return { store, rerun: dependentsToRerun(store, history, hub, before, after).sort(), after };
}

describe('dependentsToRerun', () => {
  it('re-runs only the file that read it whole after a body edit below every named place', () => {
    const { store, rerun, after } = setup(model.replace("  return user.first[0]", "  const shown = true;\n  return user.first[0]"));
    assert.deepEqual(rerun, ['/w/src/routes/whole.ts']);
    // The others read the new version, as far as the next edit is concerned.
    assert.equal(store.get('/w/src/routes/calls.ts')!.dependencies.get(hub), after.version);
    assert.equal(store.get('/w/src/routes/types.ts')!.dependencies.get(hub), after.version);
  });

  it('keeps the checker\'s reader after a body edit of a function whose return type is inferred, when no returned value depends on it', () => {
    const { rerun } = setup(model.replace("  return user.first + ' '", "  const shown = true;\n  return user.first + ' '"));
    assert.deepEqual(rerun, ['/w/src/routes/whole.ts']);
  });

  it('re-runs the checker\'s reader when an edit can change what a function whose return type is inferred returns', () => {
    // `throw` narrows `user.first` below it.
    const { rerun } = setup(model.replace("  return user.first + ' '", "  if (!user.first) throw new Error('no name');\n  return user.first + ' '"));
    assert.deepEqual(rerun, ['/w/src/routes/types.ts', '/w/src/routes/whole.ts']);
  });

  it('re-runs the checker\'s reader when a declared return type changes', () => {
    // A signature is part of the call graph too.
    const { rerun } = setup(model.replace('}): string {', '}): string | undefined {'));
    assert.deepEqual(rerun, ['/w/src/routes/calls.ts', '/w/src/routes/points-at-query.ts', '/w/src/routes/types.ts', '/w/src/routes/whole.ts']);
  });

  it('re-runs the one whose finding points below the edit when lines move', () => {
    const { rerun } = setup(model.replace('export async function findUser(id: number) {\n', 'export async function findUser(id: number) {\n  const started = Date.now();\n'));
    assert.deepEqual(rerun, ['/w/src/routes/points-at-query.ts', '/w/src/routes/whole.ts']);
  });

  it('re-runs the one whose finding points at a call when a literal in it changes length (the end moves), and no other', () => {
    // The checker's reader re-runs too: the query's rows are what findUser returns.
    const { rerun } = setup(model.replace('SELECT * FROM users', 'SELECT id, first, last FROM users'));
    assert.deepEqual(rerun, ['/w/src/routes/points-at-query.ts', '/w/src/routes/types.ts', '/w/src/routes/whole.ts']);
  });

  it('keeps it when an edit changes the length of a line after the places its finding names, or of one before without adding lines', () => {
    assert.deepEqual(setup(model.replace('  return user.first[0] + user.last[0];', "  return user.first[0] + user.last[0]; // initials")).rerun, ['/w/src/routes/whole.ts']);
    assert.equal(setup(model.replace('const pool = new Pool();', 'const pool = new Pool(); // one per process')).rerun.includes('/w/src/routes/points-at-query.ts'), false);
  });

  it('re-runs the call-graph readers when a call is added, and not the import-closure reader', () => {
    const { rerun } = setup(model.replace('  return user.first', '  audit(user);\n  return user.first'));
    assert.deepEqual(rerun, ['/w/src/routes/calls.ts', '/w/src/routes/points-at-query.ts', '/w/src/routes/types.ts', '/w/src/routes/whole.ts']);
  });

  it('re-runs every reader when an import is added', () => {
    const { rerun } = setup(model.replace("import { Pool } from 'pg';", "import { Pool } from 'pg';\nimport { audit } from '../audit';"));
    assert.equal(rerun.length, 5);
  });

  it('keeps a reader of the call graph and the checker when a call is added to a body it did not read, and re-runs it when the body is one it read', () => {
    const before = new SourceDoc(hub, model, 'open:1');
    // The units in document order: findUser, displayName, initials.
    const [findUser] = crossFileSummary(before).units.map((u) => u.pos);
    const run = (edited: string) => {
      const store = new AnalysisStore();
      const history = new SummaryHistory();
      // Asked the checker what findUser returns, and followed its call graph into it alone.
      store.set({ path: '/w/src/routes/profile.ts', version: 'disk:1', findings: [], dependencies: new Map([[hub, before.version]]), uses: new Map<string, DependencyFacts>([[hub, 'types']]), bodies: new Map([[hub, new Set([findUser!])]]), generation: 0 });
      history.of(before);
      void before.sourceFile;
      return dependentsToRerun(store, history, hub, before, new SourceDoc(hub, edited, 'open:2', before));
    };
    // initials declares its return type: the checker reads nothing of its body.
    assert.deepEqual(run(model.replace('  return user.first[0]', '  audit(user);\n  return user.first[0]')), []);
    assert.deepEqual(run(model.replace('  return rows[0];', '  audit(rows);\n  return rows[0];')), ['/w/src/routes/profile.ts']);
    // A returned value the checker infers a type from is still its to read.
    assert.deepEqual(run(model.replace("  return user.first + ' ' + user.last;", '  return user;')), ['/w/src/routes/profile.ts']);
  });

  it('re-runs a dependent that read a version it no longer knows', () => {
    const store = new AnalysisStore();
    store.set({ path: '/w/a.ts', version: 'disk:1', findings: [], dependencies: new Map([[hub, 'disk:0']]), uses: new Map([[hub, 'calls']]), generation: 0 });
    const before = new SourceDoc(hub, model, 'open:1');
    const after = new SourceDoc(hub, model + '\n', 'open:2');
    assert.deepEqual(dependentsToRerun(store, new SummaryHistory(), hub, before, after), ['/w/a.ts']);
  });
});
