import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
import { defineRule } from '../engine/rule';
import { AnalysisStore } from './analysis-store';
import { analyzeFile, type AnalyzerContext } from './file-analyzer';

// Reports `slow()` calls, and calls of functions imported from a module that contains `slow(`.
let checks = 0;
const slowRule = defineRule({
  meta: { id: 'slow', description: 'test', defaultSeverity: 'warning', fixable: false },
  check(ctx) {
    checks++;
    const visit = (n: ts.Node): void => {
      if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
        const target = ctx.project.resolveImport(ctx.doc.path, n.moduleSpecifier.text);
        const dep = target ? ctx.project.getDoc(target) : undefined;
        if (dep?.text.includes('slow(')) ctx.report({ node: n, message: 'imports something slow' });
      }
      if (ts.isCallExpression(n) && n.expression.getText() === 'slow') ctx.report({ node: n, message: 'slow call' });
      ts.forEachChild(n, visit);
    };
    visit(ctx.doc.sourceFile);
  },
});

function setup() {
  const host = new MemoryFileHost({ '/w/a.ts': "import { f } from './b';\nf();\n", '/w/b.ts': 'export function f() { slow(); }\n' });
  const project = new Project(host);
  const store = new AnalysisStore();
  const ctx: AnalyzerContext = { project, store, rules: [slowRule], generation: 1, ruleSettings: {}, maxFileBytes: 1000 };
  return { host, project, store, ctx };
}

describe('analyzeFile', () => {
  it('analyses, records dependencies, and skips the next run when nothing changed', () => {
    const { ctx, store } = setup();
    checks = 0;
    const first = analyzeFile(ctx, '/w/a.ts');
    assert.equal(first.kind, 'analyzed');
    assert.equal(first.kind === 'analyzed' && first.analysis.findings[0]?.message, 'imports something slow');
    assert.deepEqual([...store.get('/w/a.ts')!.dependencies.keys()].sort(), ['/w/a.ts', '/w/b.ts']);
    assert.deepEqual(store.dependentsOf('/w/b.ts'), ['/w/a.ts']);
    assert.equal(analyzeFile(ctx, '/w/a.ts').kind, 'unchanged');
    assert.equal(checks, 1);
  });

  it('re-analyses when a dependency changes on disk or in the editor, or when settings change', () => {
    const { ctx, host, project } = setup();
    analyzeFile(ctx, '/w/a.ts');
    host.write('/w/b.ts', 'export function f() {}\n');
    // The server learns of disk changes from watched-file events and invalidates the path.
    project.invalidate('/w/b.ts');
    const afterDisk = analyzeFile(ctx, '/w/a.ts');
    assert.equal(afterDisk.kind === 'analyzed' && afterDisk.analysis.findings.length, 0);
    project.openDocument('/w/b.ts', 'export function f() { slow(); }\n', 2);
    const afterEdit = analyzeFile(ctx, '/w/a.ts');
    assert.equal(afterEdit.kind === 'analyzed' && afterEdit.analysis.findings.length, 1);
    assert.equal(analyzeFile(ctx, '/w/a.ts').kind, 'unchanged');
    assert.equal(analyzeFile({ ...ctx, generation: 2, ruleSettings: { slow: 'off' } }, '/w/a.ts').kind, 'analyzed');
  });

  it('reports missing and too-large files as unavailable, open ones included', () => {
    const { ctx, project } = setup();
    const missing = analyzeFile(ctx, '/w/none.ts');
    assert.deepEqual(missing, { kind: 'unavailable', reason: 'missing or unreadable' });
    project.openDocument('/w/big.ts', 'x'.repeat(5000), 1);
    const big = analyzeFile(ctx, '/w/big.ts');
    assert.equal(big.kind, 'unavailable');
    assert.match(big.kind === 'unavailable' ? big.reason : '', /too large/);
  });

  it('stops when cancelled', () => {
    const { ctx, store } = setup();
    assert.deepEqual(analyzeFile(ctx, '/w/a.ts', () => true), { kind: 'cancelled' });
    assert.equal(store.get('/w/a.ts'), undefined);
  });
});
