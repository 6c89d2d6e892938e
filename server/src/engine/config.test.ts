import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { findRcFile, loadRcFile, parseRcText } from './config';

const known = ['sync-in-handler', 'n-plus-one'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-config-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

describe('parseRcText', () => {
  it('reads a valid file', () => {
    const r = parseRcText(JSON.stringify({ rules: { 'sync-in-handler': 'error', 'n-plus-one': 'off' }, exclude: ['**/legacy/**'], maxFileSizeKb: 256 }), known);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.config, { rules: { 'sync-in-handler': 'error', 'n-plus-one': 'off' }, exclude: ['**/legacy/**'], maxFileSizeKb: 256 });
  });

  it('says where bad JSON is, with 1-based line and column', () => {
    const r = parseRcText('{\n  "rules": {\n    "sync-in-handler": "off",\n  }\n}', known);
    assert.deepEqual(r.config, {});
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!, /^invalid JSON at line 4, column 3: trailing comma before '}'/);
  });

  it('locates a truncated file at its end', () => {
    const r = parseRcText('{"rules": ', known);
    assert.match(r.problems[0]!, /^invalid JSON at line 1, column 11: unexpected end of file/);
  });

  it('reads n-plus-one data-access rows and reports bad ones by index', () => {
    const r = parseRcText(
      JSON.stringify({
        dataAccess: [
          { module: '@acme/db', calls: ['fetchOne', 'fetchMany'] },
          { module: '@acme/http', callable: true, unit: 'request', library: 'Acme HTTP' },
          { module: '', calls: ['x'] },
          { module: 'x', calls: 'query' },
          { module: 'y', calls: ['q'], unit: 'seconds' },
          'z',
        ],
      }),
      known,
    );
    assert.deepEqual(r.config.dataAccess, [
      { library: '@acme/db', modules: ['@acme/db'], calls: ['fetchOne', 'fetchMany'], unit: 'query' },
      { library: 'Acme HTTP', modules: ['@acme/http'], calls: [], unit: 'request', callable: true },
    ]);
    assert.deepEqual(r.problems, [
      '"dataAccess"[2]: "module" must name the package, like "@acme/db" (ignored)',
      '"dataAccess"[3]: "calls" must be an array of method names, like ["query", "findOne"] (ignored)',
      '"dataAccess"[4]: "unit" must be "query", "request" or "round trip" (ignored)',
      '"dataAccess"[5] must be an object with "module" and "calls" (ignored)',
    ]);
    assert.deepEqual(parseRcText('{"dataAccess": {}}', known).problems, ['"dataAccess" must be an array like [{ "module": "my-db", "calls": ["query"] }] (ignored)']);
  });

  it('reports unknown rules and bad severities, and keeps the valid entries', () => {
    const r = parseRcText(JSON.stringify({ rules: { 'sync-in-handlr': 'off', 'n-plus-one': 'loud', 'sync-in-handler': 'info' } }), known);
    assert.deepEqual(r.config.rules, { 'sync-in-handler': 'info' });
    assert.equal(r.problems.length, 2);
    assert.match(r.problems[0]!, /unknown rule "sync-in-handlr"/);
    assert.match(r.problems[1]!, /rule "n-plus-one": "loud" is not one of/);
  });

  it('rejects badly typed keys without losing the others', () => {
    const r = parseRcText(JSON.stringify({ rules: [], exclude: ['ok/**', 3], maxFileSizeKb: -1, futureKey: { sampling: 'high' } }), known);
    assert.deepEqual(r.config, { exclude: ['ok/**'] });
    assert.equal(r.problems.length, 3);
    assert.ok(r.problems.some((p) => p.startsWith('"rules" must be an object')));
    assert.ok(r.problems.some((p) => p.startsWith('"exclude"[1]')));
    assert.ok(r.problems.some((p) => p.startsWith('"maxFileSizeKb"')));
    assert.ok(!r.problems.some((p) => p.includes('futureKey')), 'unknown top-level keys are kept for future versions');
  });

  it('rejects a file that is not an object', () => {
    assert.match(parseRcText('[1, 2]', known).problems[0]!, /must hold a JSON object/);
    assert.match(parseRcText('', known).problems[0]!, /^invalid JSON/);
  });

  it('accepts a byte order mark', () => {
    assert.deepEqual(parseRcText('\uFEFF{"exclude": []}', known), { config: { exclude: [] }, problems: [] });
  });
});

describe('loadRcFile', () => {
  it('finds the file in an ancestor folder', () => {
    const rc = write('project/.hotpathrc.json', '{"rules": {"sync-in-handler": "off"}}');
    fs.mkdirSync(path.join(tmp, 'project/src/deep'), { recursive: true });
    const loaded = loadRcFile(path.join(tmp, 'project/src/deep'));
    assert.equal(loaded.path, rc.replace(/\\/g, '/'));
    assert.deepEqual(loaded.config, { rules: { 'sync-in-handler': 'off' } });
    assert.deepEqual(loaded.problems, []);
  });

  it('prefers the nearest file', () => {
    write('nested/.hotpathrc.json', '{"maxFileSizeKb": 1}');
    const inner = write('nested/pkg/.hotpathrc.json', '{"maxFileSizeKb": 2}');
    const loaded = loadRcFile(path.join(tmp, 'nested/pkg'));
    assert.equal(loaded.path, inner.replace(/\\/g, '/'));
    assert.equal(loaded.config.maxFileSizeKb, 2);
  });

  it('returns an empty config when there is none, and never throws on a folder named like the file', () => {
    const none = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-norc-'));
    try {
      // Unless some ancestor of the temp folder has one, nothing is found.
      if (findRcFile(path.dirname(none)) === undefined) assert.deepEqual(loadRcFile(none), { config: {}, problems: [] });
      fs.mkdirSync(path.join(none, '.hotpathrc.json'));
      assert.doesNotThrow(() => loadRcFile(none));
    } finally {
      fs.rmSync(none, { recursive: true, force: true });
    }
  });

  it('reports bad JSON with the file path and keeps going', () => {
    write('broken/.hotpathrc.json', '{ "rules": { "sync-in-handler": off } }');
    const loaded = loadRcFile(path.join(tmp, 'broken'));
    assert.match(loaded.path ?? '', /broken\/\.hotpathrc\.json$/);
    assert.deepEqual(loaded.config, {});
    assert.match(loaded.problems[0]!, /^invalid JSON at line 1, column 33: unexpected "o", expected a value/);
  });

  it('checks rule ids against the registered rules by default', () => {
    write('registry/.hotpathrc.json', '{"rules": {"sync-in-handler": "error", "made-up": "off"}}');
    const loaded = loadRcFile(path.join(tmp, 'registry'));
    assert.deepEqual(loaded.config.rules, { 'sync-in-handler': 'error' });
    assert.equal(loaded.problems.length, 1);
  });
});
