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
