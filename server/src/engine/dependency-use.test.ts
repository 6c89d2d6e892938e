/**
 * How an analysis used each file it read (engine/project `DependencyUse`, engine/analyze
 * `DependencyFacts`): the widest use wins (the checker's and a whole read are `readTypes`),
 * call-graph rules' reads count as `calls`, the TypeScript checker's as `types` (`content` for
 * other rules), other rules' as `content`, the import-closure walk's as `imports`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDoc } from './analyze';
import { MemoryFileHost } from './host';
import { Project } from './project';
import { defineRule } from './rule';

const files = { '/w/a.ts': 'export const a = 1;\n', '/w/b.ts': 'export const b = 2;\n', '/w/c.ts': 'export const c = 3;\n', '/w/d.ts': 'export const d = 4;\n', '/w/e.ts': 'export const e = 5;\n', '/w/f.ts': 'export const f = 6;\n' };

describe('dependency uses', () => {
  it('keeps the widest use of each file', () => {
    const project = new Project(new MemoryFileHost(files));
    const { uses } = project.recordDependencies(() => {
      project.getDoc('/w/a.ts', 'imports');
      project.getDoc('/w/a.ts');
      project.getDoc('/w/b.ts', 'imports');
      project.getDoc('/w/c.ts', 'whole');
      project.getDoc('/w/c.ts');
      project.dependOn(['/w/d.ts'], 'imports');
      project.getDoc('/w/e.ts', 'imports');
      project.getDoc('/w/e.ts', 'types');
      project.getDoc('/w/e.ts');
      // The checker's reads and the call graph's of some bodies: still those bodies only.
      project.getDoc('/w/f.ts', 'outline');
      project.getDoc('/w/f.ts', 'types');
    });
    assert.deepEqual(Object.fromEntries(uses), { '/w/a.ts': 'read', '/w/b.ts': 'imports', '/w/c.ts': 'whole', '/w/d.ts': 'imports', '/w/e.ts': 'readTypes', '/w/f.ts': 'types' });
  });

  it('maps them to what each rule reads of other files', () => {
    const project = new Project(new MemoryFileHost({ ...files, '/w/main.ts': 'import "./a";\n' }));
    const reads = (id: string, read: () => void) => defineRule({ meta: { id, description: id, defaultSeverity: 'warning', fixable: false }, check: read });
    const analysis = analyzeDoc(project, project.getDoc('/w/main.ts')!, {
      rules: [
        // A call-graph rule: its reads are of the call graph, its closure walk of imports, the checker's of types.
        reads('n-plus-one', () => {
          project.getDoc('/w/a.ts');
          project.getDoc('/w/b.ts', 'imports');
          project.getDoc('/w/c.ts', 'whole');
          project.getDoc('/w/e.ts', 'types');
        }),
        // Any other rule's read is of the whole file, the checker's too.
        reads('image-dimensions', () => {
          project.getDoc('/w/d.ts');
          project.getDoc('/w/a.ts', 'types');
        }),
      ],
    });
    assert.deepEqual(Object.fromEntries(analysis.uses), { '/w/main.ts': 'content', '/w/a.ts': 'content', '/w/b.ts': 'imports', '/w/c.ts': 'content', '/w/d.ts': 'content', '/w/e.ts': 'types' });
  });
});
