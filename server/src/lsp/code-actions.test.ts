import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, Fix, TextEdit } from '../engine/finding';
import { applyEdits } from '../testing/apply-fix';
import { editsCollide, mergePreferredFixes } from '../engine/fix-selection';
import { fixAllAction, quickFixes, wantsKind } from './code-actions';
import { toDiagnostic } from './diagnostics';

const at = (line: number, from: number, to: number = from) => ({ start: { line, character: from }, end: { line, character: to } });
const edit = (line: number, from: number, to: number, newText: string): TextEdit => ({ range: at(line, from, to), newText });

function finding(line: number, fixes: Fix[]): Finding {
  return { ruleId: 'r', severity: 'warning', path: '/w/a.ts', range: at(line, 0, 5), message: `m${line}`, related: [], fixes };
}

describe('editsCollide', () => {
  it('overlapping ranges collide, touching ones do not', () => {
    assert.equal(editsCollide(edit(0, 0, 5, 'a'), edit(0, 4, 8, 'b')), true);
    assert.equal(editsCollide(edit(0, 0, 5, 'a'), edit(0, 5, 8, 'b')), false);
    assert.equal(editsCollide(edit(0, 0, 5, 'a'), edit(1, 0, 2, 'b')), false);
  });

  it('two insertions at the same point collide; an insertion inside a replaced range collides', () => {
    assert.equal(editsCollide(edit(2, 0, 0, 'a'), edit(2, 0, 0, 'b')), true);
    assert.equal(editsCollide(edit(2, 3, 3, 'a'), edit(2, 0, 6, 'b')), true);
    assert.equal(editsCollide(edit(2, 0, 0, 'a'), edit(2, 0, 6, 'b')), false);
  });
});

describe('mergePreferredFixes', () => {
  it('takes every preferred fix, whole, skips colliding ones and non-preferred ones, in document order', () => {
    const text = 'aaaaa\nbbbbb\nccccc\n';
    const findings = [
      finding(2, [{ title: 'C', preferred: true, edits: [edit(2, 0, 5, 'CC')] }]),
      finding(0, [
        { title: 'A', preferred: true, edits: [edit(0, 0, 1, 'X'), edit(1, 0, 1, 'Y')] },
        { title: 'not preferred', edits: [edit(0, 2, 3, 'Z')] },
      ]),
      // Collides with A's second edit: dropped entirely, including its harmless first edit.
      finding(1, [{ title: 'B', preferred: true, edits: [edit(2, 5, 5, '!'), edit(1, 0, 3, 'W')] }]),
    ];
    const merged = mergePreferredFixes(findings);
    assert.deepEqual(merged.map((e) => e.newText), ['X', 'Y', 'CC']);
    assert.equal(applyEdits(text, merged), 'Xaaaa\nYbbbb\nCC\n');
  });

  it('is empty without preferred fixes, and then there is no fix-all action', () => {
    const findings = [finding(0, [{ title: 'Ignore r on this line', edits: [edit(0, 0, 0, '// x\n')] }])];
    assert.deepEqual(mergePreferredFixes(findings), []);
    assert.equal(fixAllAction('file:///w/a.ts', findings), undefined);
  });

  it('fix-all carries the merged edits under source.fixAll.hotpath', () => {
    const findings = [finding(0, [{ title: 'A', preferred: true, edits: [edit(0, 0, 1, 'X')] }])];
    const action = fixAllAction('file:///w/a.ts', findings);
    assert.equal(action?.kind, 'source.fixAll.hotpath');
    assert.deepEqual(action?.edit?.changes?.['file:///w/a.ts'], [edit(0, 0, 1, 'X')]);
  });
});

describe('quickFixes', () => {
  it('one quick fix per fix, with isPreferred and the diagnostic', () => {
    const f = finding(0, [
      { title: 'Make it async', preferred: true, edits: [edit(0, 0, 1, 'X')] },
      { title: 'Ignore r on this line', edits: [edit(0, 0, 0, '// hotpath-ignore-next-line r\n')] },
    ]);
    const d = toDiagnostic(f, 0, 'v', { extensionRoot: '/ext', relatedInformation: false });
    const actions = quickFixes('file:///w/a.ts', f, d);
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [
      ['Make it async', 'quickfix', true],
      ['Ignore r on this line', 'quickfix', false],
    ]);
    assert.deepEqual(actions[0]!.diagnostics, [d]);
    assert.deepEqual(actions[1]!.edit?.changes?.['file:///w/a.ts'], [edit(0, 0, 0, '// hotpath-ignore-next-line r\n')]);
  });
});

describe('wantsKind', () => {
  it('follows the kind hierarchy', () => {
    assert.equal(wantsKind(undefined, 'quickfix'), true);
    assert.equal(wantsKind(['source.fixAll'], 'source.fixAll.hotpath'), true);
    assert.equal(wantsKind(['source'], 'source.fixAll.hotpath'), true);
    assert.equal(wantsKind(['source.fixAll'], 'quickfix'), false);
    assert.equal(wantsKind(['source.fixAllX'], 'source.fixAll.hotpath'), false);
  });
});
