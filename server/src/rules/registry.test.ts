/**
 * Keeps the registry, the docs pages and the extension manifest in step: a rule without a
 * docs page, a stray page, or a rule missing from the settings schema fails here.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { rules } from './index';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('rule registry', () => {
  it('is sorted by id and ids are kebab-case and unique', () => {
    const ids = rules.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+(-[a-z0-9]+)*$/);
  });

  it('has one file per rule beside this one', () => {
    for (const r of rules) assert.ok(fs.existsSync(path.join(__dirname, `${r.meta.id}.ts`)), `server/src/rules/${r.meta.id}.ts`);
    for (const r of rules) assert.ok(fs.existsSync(path.join(__dirname, `${r.meta.id}.test.ts`)), `server/src/rules/${r.meta.id}.test.ts`);
  });

  it('has exactly one docs page per rule, titled by its id and stating its description', () => {
    const pages = fs.readdirSync(path.join(root, 'docs/rules')).filter((f) => f.endsWith('.md')).sort();
    assert.deepEqual(pages, rules.map((r) => `${r.meta.id}.md`).sort());
    for (const r of rules) {
      assert.equal(r.meta.docsPath, `docs/rules/${r.meta.id}.md`);
      const text = fs.readFileSync(path.join(root, r.meta.docsPath), 'utf8');
      assert.match(text, new RegExp(`^# ${r.meta.id}\\b`), `${r.meta.docsPath} starts with "# ${r.meta.id}"`);
      assert.ok(text.includes(r.meta.description), `${r.meta.docsPath} states the rule's description`);
    }
  });

  it('lists every rule in the hotpath.rules setting schema', () => {
    const schema = manifest.contributes.configuration.properties['hotpath.rules'].properties;
    assert.deepEqual(Object.keys(schema).sort(), rules.map((r) => r.meta.id).sort());
    for (const r of rules) assert.deepEqual(schema[r.meta.id].enum, ['off', 'info', 'warning', 'error']);
  });
});
