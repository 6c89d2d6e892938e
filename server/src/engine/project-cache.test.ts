/**
 * Project.trimCache: the language server keeps the trees of recently read files only. What it
 * drops must come back the same when read again, and open documents must never be dropped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryFileHost } from './host';
import { Project } from './project';

function counting(files: Record<string, string>): { host: MemoryFileHost; reads: string[] } {
  const host = new MemoryFileHost(files);
  const reads: string[] = [];
  const read = host.readFile.bind(host);
  host.readFile = (p: string) => {
    reads.push(p);
    return read(p);
  };
  return { host, reads };
}

describe('Project.trimCache', () => {
  it('drops the least recently used disk documents beyond the budget, with their memos; keeps the rest', () => {
    const { host, reads } = counting({ '/w/a.ts': 'a'.repeat(40), '/w/b.ts': 'b'.repeat(40), '/w/c.ts': 'c'.repeat(40) });
    const project = new Project(host, 1024 * 1024, 100);
    const a = project.getDoc('/w/a.ts')!;
    project.getDoc('/w/b.ts');
    project.memo(a, 'fact', () => 'a fact');
    project.getDoc('/w/a.ts'); // a is now the most recently used
    project.getDoc('/w/c.ts');
    project.trimCache(); // 120 bytes > 100: b goes
    reads.length = 0;
    assert.equal(project.getDoc('/w/a.ts'), a, 'a stays, the same object');
    assert.equal(project.memo(a, 'fact', () => 'computed again'), 'a fact');
    const b = project.getDoc('/w/b.ts')!;
    assert.deepEqual(reads, ['/w/b.ts'], 'only b is read again');
    assert.equal(b.text, 'b'.repeat(40));
    assert.equal(b.version, project.versionOf('/w/b.ts'), 'the same version as before: dependents see no change');
  });

  it('never drops open documents, nor their memos', () => {
    const { host } = counting({ '/w/open.ts': 'x'.repeat(500) });
    const project = new Project(host, 1024 * 1024, 10);
    project.getDoc('/w/open.ts');
    const open = project.openDocument('/w/open.ts', 'edited', 2);
    project.memo(open, 'fact', () => 'of the open text');
    project.trimCache();
    assert.equal(project.getDoc('/w/open.ts'), open);
    assert.equal(project.memo(open, 'fact', () => 'computed again'), 'of the open text');
  });

  it('a file changed on disk after it was dropped is read fresh', () => {
    const { host } = counting({ '/w/a.ts': 'one' });
    const project = new Project(host, 1024 * 1024, 0);
    assert.equal(project.getDoc('/w/a.ts')!.text, 'one');
    project.trimCache();
    host.write('/w/a.ts', 'two');
    project.invalidate('/w/a.ts');
    assert.equal(project.getDoc('/w/a.ts')!.text, 'two');
  });
});

/**
 * Project.nodeFact: an answer about a syntax node (what a callee resolves to) is kept across edits
 * of files it did not read, so an edit recomputes only the answers that read the edited file.
 */
describe('Project.nodeFact', () => {
  const files = { '/w/route.ts': 'import { load } from "./model";\nload();\n', '/w/model.ts': 'export function load() {}\n', '/w/other.ts': 'export const x = 1;\n' };

  /** A fact about route.ts's first statement that reads model.ts, counting its computations. */
  function setUp(cachedBytes = 1024 * 1024) {
    const project = new Project(new MemoryFileHost(files), 1024 * 1024, cachedBytes);
    const node = project.getDoc('/w/route.ts')!.sourceFile.statements[0]!;
    let computed = 0;
    const fact = (search = false) =>
      project.nodeFact(node, 'test:fact', () => {
        computed++;
        if (search) project.searchedWorkspace();
        return project.getDoc('/w/model.ts')!.text.length;
      });
    return { project, fact, computed: () => computed };
  }

  it('is kept while other files change, and recomputed when a file it read changes', () => {
    const { project, fact, computed } = setUp();
    fact();
    project.openDocument('/w/other.ts', 'export const x = 2;\n', 1);
    fact();
    assert.equal(computed(), 1, 'an edit of a file the answer did not read keeps it');
    const { dependencies } = project.recordDependencies(() => fact());
    assert.deepEqual([...dependencies], ['/w/model.ts'], 'a kept answer still records what it read');
    project.openDocument('/w/model.ts', 'export function load() { query(); }\n', 1);
    assert.equal(fact(), 'export function load() { query(); }\n'.length);
    assert.equal(computed(), 2);
  });

  it("is recomputed when the node's own file changes, though the answer did not read it through getDoc", () => {
    const { project, fact, computed } = setUp();
    fact();
    project.openDocument('/w/route.ts', files['/w/route.ts'] + 'load();\n', 1);
    fact();
    assert.equal(computed(), 2);
  });

  it('is recomputed when the tree of a file it read was dropped, or a file was created or deleted', () => {
    const { project, fact, computed } = setUp(0);
    fact();
    project.trimCache();
    fact();
    assert.equal(computed(), 2, 'the answer may hold nodes of the dropped tree');
    project.invalidate('/w/new.ts');
    fact();
    assert.equal(computed(), 3);
  });

  it('an answer that searched the workspace is recomputed after any edit, and so is one built on it', () => {
    const { project, fact, computed } = setUp();
    fact(true);
    const outer = () => project.nodeFact(files, 'test:outer', () => fact(true) + 1);
    outer();
    project.openDocument('/w/other.ts', 'export const x = 2;\n', 1);
    fact(true);
    assert.equal(computed(), 2);
    let outerComputed = 0;
    project.nodeFact(files, 'test:outer', () => ++outerComputed);
    assert.equal(outerComputed, 1, 'an answer that used a search is not kept either');
  });
});

describe('Project.changedSince', () => {
  it('lists the paths changed after a generation, and says nothing of one too long ago', () => {
    const project = new Project(new MemoryFileHost({ '/w/a.ts': 'a', '/w/b.ts': 'b' }));
    const start = project.generation;
    project.openDocument('/w/a.ts', 'a1', 1);
    const afterFirst = project.generation;
    project.openDocument('/w/a.ts', 'a2', 2);
    project.invalidate('/w/b.ts');
    project.closeDocument('/w/a.ts');
    assert.deepEqual(project.changedSince(start), ['/w/a.ts', '/w/a.ts', '/w/b.ts', '/w/a.ts']);
    assert.deepEqual(project.changedSince(afterFirst), ['/w/a.ts', '/w/b.ts', '/w/a.ts']);
    assert.deepEqual(project.changedSince(project.generation), []);
    // A long session keeps the last few thousand changes only.
    for (let v = 3; v < 6000; v++) project.openDocument('/w/a.ts', `a${v}`, v);
    assert.equal(project.changedSince(start), undefined);
    assert.deepEqual(project.changedSince(project.generation - 2), ['/w/a.ts', '/w/a.ts']);
  });
});
