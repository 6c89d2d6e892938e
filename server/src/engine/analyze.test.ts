import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDoc } from './analyze';
import { MemoryFileHost } from './host';
import { Project } from './project';
import { defineRule } from './rule';
import ts from 'typescript';

// A rule that reports every call to `slow()`, to test the engine around rules.
const slowCalls = defineRule({
  meta: { id: 'slow-call', description: 'test rule', defaultSeverity: 'warning', fixable: false },
  mayApply: (doc) => doc.text.includes('slow('),
  check(ctx) {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && n.expression.getText() === 'slow') ctx.report({ node: n, message: 'slow call' });
      ts.forEachChild(n, visit);
    };
    visit(ctx.doc.sourceFile);
  },
});

const throwing = defineRule({
  meta: { id: 'throws', description: 'test rule', defaultSeverity: 'error', fixable: false },
  check() {
    throw new Error('boom');
  },
});

function analyze(text: string, ruleSettings = {}) {
  const project = new Project(new MemoryFileHost({ '/w/a.ts': text }));
  return analyzeDoc(project, project.getDoc('/w/a.ts')!, { rules: [slowCalls, throwing], ruleSettings });
}

describe('analyzeDoc', () => {
  it('reports findings with 0-based ranges and adds the ignore fix', () => {
    const a = analyze('const x = 1;\n  slow();\n');
    assert.equal(a.findings.length, 1);
    assert.deepEqual(a.findings[0]!.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } });
    assert.equal(a.findings[0]!.fixes[0]!.title, 'Ignore slow-call on this line');
    assert.equal(a.findings[0]!.fixes[0]!.edits[0]!.newText, '  // hotpath-ignore-next-line slow-call\n');
  });

  it('keeps going when another rule throws, and says which', () => {
    const a = analyze('slow();');
    assert.equal(a.findings.length, 1);
    assert.equal(a.errors[0]!.ruleId, 'throws');
  });

  it('honours ignore comments for the next line and the file', () => {
    assert.equal(analyze('// hotpath-ignore-next-line slow-call\nslow();\nslow();').findings.length, 1);
    assert.equal(analyze('// hotpath-ignore-next-line other-rule\nslow();').findings.length, 1);
    assert.equal(analyze('/* hotpath-ignore-file slow-call */\nslow();\nslow();').findings.length, 0);
  });

  it('applies severity settings and turns rules off', () => {
    assert.equal(analyze('slow();', { 'slow-call': 'error' }).findings[0]!.severity, 'error');
    assert.equal(analyze('slow();', { 'slow-call': 'off' }).findings.length, 0);
  });

  it('survives a file that does not parse', () => {
    const a = analyze('function (((( { slow(');
    assert.deepEqual(a.errors.filter((e) => e.ruleId !== 'throws'), []);
  });
});
