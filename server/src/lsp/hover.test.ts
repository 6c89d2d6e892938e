import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../engine/finding';
import { hoverAt } from './hover';

const f: Finding = {
  ruleId: 'sync-in-handler',
  severity: 'warning',
  path: '/w/src/app.ts',
  range: { start: { line: 2, character: 4 }, end: { line: 2, character: 20 } },
  message: 'readFileSync blocks every request',
  explanation: 'While it runs, no other request is served.',
  related: [{ path: '/w/src/helper.ts', range: { start: { line: 9, character: 2 }, end: { line: 9, character: 8 } }, message: 'the blocking call' }],
  fixes: [],
};
const options = { extensionRoot: '/ext', describeRule: (id: string) => (id === 'sync-in-handler' ? 'Blocking work in a handler' : undefined) };

describe('hoverAt', () => {
  it('explains the finding under the cursor with rule, message, explanation, related links and docs', () => {
    const h = hoverAt([f], { line: 2, character: 10 }, options);
    assert.ok(h && typeof h.contents === 'object' && 'value' in h.contents);
    const md = h.contents.value;
    assert.match(md, /`sync-in-handler`\*\* — Blocking work in a handler/);
    assert.ok(md.includes(f.message));
    assert.ok(md.includes(f.explanation!));
    assert.ok(md.includes('[helper.ts:10](file:///w/src/helper.ts#L10,3) the blocking call'), md);
    assert.ok(md.includes('(file:///ext/docs/rules/sync-in-handler.md)'));
    assert.deepEqual(h.range, f.range);
  });

  it('is null outside every finding; range ends are inclusive', () => {
    assert.equal(hoverAt([f], { line: 2, character: 3 }, options), null);
    assert.equal(hoverAt([f], { line: 3, character: 0 }, options), null);
    assert.notEqual(hoverAt([f], { line: 2, character: 20 }, options), null);
  });
});
