import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRcText } from '../engine/config';

describe('heavy-import keys in .hotpathrc.json', () => {
  it('accepts valid budgets and externals without a word', () => {
    const r = parseRcText(JSON.stringify({ importBudgetKb: 30, importBudgets: { 'chart.js': 80, moment: 0 }, importExternals: ['lodash'] }), ['heavy-import']);
    assert.deepEqual(r.problems, []);
  });

  it('reports each badly typed value', () => {
    const r = parseRcText(JSON.stringify({ importBudgetKb: '30', importBudgets: { 'chart.js': 'big', ok: 5 }, importExternals: ['lodash', 7] }), ['heavy-import']);
    assert.deepEqual(r.problems, [
      '"importBudgetKb" must be a positive number of kB (gzip), not "30" (ignored)',
      '"importBudgets"."chart.js" must be a number of kB (gzip), not "big" (ignored)',
      '"importExternals"[1] must be a package name (ignored)',
    ]);
    assert.deepEqual(parseRcText(JSON.stringify({ importBudgets: [1], importExternals: 'lodash' }), []).problems, [
      '"importBudgets" must map package names to kB (gzip), like {"chart.js": 80} (ignored)',
      '"importExternals" must be an array of package names, like ["lodash"] (ignored)',
    ]);
  });
});
