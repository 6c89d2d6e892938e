/**
 * Baselines end to end: record the express fixture's findings, then edit the code the way a
 * team does (lines inserted above, re-indentation, a new blocking call, a fixed one) and check
 * that only the new finding is reported. Plus the fingerprint itself, unit by unit.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Finding } from '../engine/finding';
import { fingerprints } from './fingerprint';
import { assertBuilt, copyFixture, hotpath, jsonFindings, tempDir } from './testing/run-cli';

const tmp = tempDir('baseline');
let app: string;
let n = 0;

before(() => assertBuilt());
beforeEach(() => {
  app = copyFixture('express-app', tmp.dir, `app-${++n}`);
});
after(() => tmp.remove());

function edit(file: string, change: (text: string) => string): void {
  const p = path.join(app, file);
  fs.writeFileSync(p, change(fs.readFileSync(p, 'utf8')));
}

const newRoute = `
filesRouter.get('/:name/meta', (req, res) => {
  res.json(JSON.parse(fs.readFileSync(path.join(config.uploadDir, path.basename(req.params.name) + '.json'), 'utf8')));
});
`;

describe('hotpath baseline and check --baseline', () => {
  it('records every finding with a fingerprint, one a line', () => {
    const run = hotpath(app, 'baseline');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, 'Recorded 4 findings from 12 files in .hotpath-baseline.json\n');
    const text = fs.readFileSync(path.join(app, '.hotpath-baseline.json'), 'utf8');
    const baseline = JSON.parse(text) as { version: number; tool: string; findings: { rule: string; file: string; fingerprint: string; line: number }[] };
    assert.equal(baseline.version, 1);
    assert.equal(baseline.tool, 'hotpath');
    assert.deepEqual(baseline.findings.map((f) => `${f.file}:${f.line}`), ['src/routes/auth.ts:11', 'src/routes/export.ts:9', 'src/routes/files.ts:10', 'src/services/report-renderer.ts:9']);
    assert.equal(text.split('\n').filter((l) => l.includes('"fingerprint"')).length, 4, 'one finding a line keeps diffs readable');
    // The same fingerprints as SARIF's partialFingerprints: one definition for both.
    const sarif = JSON.parse(hotpath(app, 'check', '--format', 'sarif').stdout) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    assert.deepEqual(baseline.findings.map((f) => f.fingerprint), sarif.runs[0]!.results.map((r) => r.partialFingerprints['hotpath/v1']));
  });

  it('keeps old findings matched after lines are inserted above and code is re-indented, and reports the new one', () => {
    hotpath(app, 'baseline');
    edit('src/routes/auth.ts', (t) => `// Authentication routes.\n// Passwords are hashed with PBKDF2.\n\n${t}`);
    edit('src/routes/export.ts', (t) => t.replace('  const body = zlib.gzipSync(', '    const body =   zlib.gzipSync('));
    edit('src/routes/files.ts', (t) => `/* files */\n\n\n\n\n${t}${newRoute}`);
    const run = hotpath(app, 'check', '--baseline', '.hotpath-baseline.json', '--format', 'json');
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'Baseline .hotpath-baseline.json: 4 known findings not reported; 0 no longer found\n');
    const fresh = jsonFindings(run);
    assert.deepEqual(fresh.map((f) => `${f.file}:${f.line}`), ['src/routes/files.ts:20']);
    assert.match(fresh[0]!.message, /readFileSync/);
  });

  it('exits 0 when every finding is known, and counts the findings that went away', () => {
    hotpath(app, 'baseline');
    edit('src/routes/export.ts', (t) => t.replace('zlib.gzipSync(', 'await gzip('));
    const run = hotpath(app, 'check', '--baseline', '.hotpath-baseline.json');
    assert.equal(run.status, 0);
    assert.equal(run.stdout, 'No findings in 12 files\n');
    assert.equal(run.stderr, 'Baseline .hotpath-baseline.json: 3 known findings not reported; 1 no longer found\n');
  });

  it('reports a copy of a known line as new: the baseline counts occurrences', () => {
    hotpath(app, 'baseline');
    // The same line in a second route (in one handler, two reads are one finding: one fix).
    edit('src/routes/files.ts', (t) => t + "\nfilesRouter.get('/copy/:name', (req, res) => {\n  const file = req.params.name;\n  const data = fs.readFileSync(file);\n  res.send(data);\n});\n");
    const fresh = jsonFindings(hotpath(app, 'check', '--baseline', '.hotpath-baseline.json', '--format', 'json'));
    assert.deepEqual(fresh.map((f) => `${f.file}:${f.line}`), ['src/routes/files.ts:16']);
  });

  it('matches paths relative to the baseline file, from any current folder', () => {
    const out = hotpath(app, 'baseline', '--output', 'ci/hotpath-baseline.json');
    assert.equal(out.status, 0);
    const run = hotpath(path.join(app, 'src'), 'check', '--baseline', '../ci/hotpath-baseline.json', '--format', 'json');
    assert.deepEqual(jsonFindings(run), []);
    assert.equal(run.status, 0);
  });

  it('refuses a missing, broken or foreign baseline with a usage error', () => {
    const cases: [string, string | undefined, RegExp][] = [
      ['missing.json', undefined, /^hotpath: --baseline missing\.json: no such file$/m],
      ['broken.json', '{"version": 1,\n "findings": [}', /^hotpath: --baseline broken\.json: invalid JSON at line 2, column 15/m],
      ['eslint.json', '[{"filePath": "a.js", "messages": []}]', /^hotpath: --baseline eslint\.json: not a Hotpath baseline/m],
      ['bad-entry.json', '{"version": 1, "tool": "hotpath", "findings": [{"rule": "x"}]}', /finding 1 lacks rule, file or fingerprint/],
    ];
    for (const [name, content, message] of cases) {
      if (content !== undefined) fs.writeFileSync(path.join(app, name), content);
      const run = hotpath(app, 'check', '--baseline', name);
      assert.equal(run.status, 2, name);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    }
  });
});

function finding(line: number, start: number, end: number, ruleId = 'sync-in-handler'): Finding {
  return { ruleId, severity: 'warning', path: '/a.ts', range: { start: { line, character: start }, end: { line, character: end } }, message: 'm', related: [], fixes: [] };
}

describe('fingerprints', () => {
  const text = 'app.get("/", (req, res) => {\n  const a = fs.readFileSync(f);\n  res.send(a);\n});\n';

  it('do not change when lines are inserted above or the line is re-indented', () => {
    const [fp] = fingerprints([finding(1, 12, 30)], text);
    const shifted = '// one\n// two\n' + text.replace('  const a =', '\t\tconst a =');
    assert.deepEqual(fingerprints([finding(3, 12, 30)], shifted), [fp]);
    assert.deepEqual(fingerprints([finding(3, 16, 34)], '// one\n// two\n' + text.replace('  const a =', '    const a =  ')), [fp]);
  });

  it('change when the flagged code, the line around it or the rule changes', () => {
    const [fp] = fingerprints([finding(1, 12, 30)], text);
    assert.notEqual(fingerprints([finding(1, 12, 30)], text.replace('readFileSync(f)', 'readFileSync(g)'))[0], fp);
    assert.notEqual(fingerprints([finding(1, 12, 30)], text.replace('const a', 'const b'))[0], fp);
    assert.notEqual(fingerprints([finding(1, 12, 30, 'n-plus-one')], text)[0], fp);
  });

  it('tell identical lines apart by occurrence, counted in document order', () => {
    const twice = 'x();\nfs.readFileSync(f);\nfs.readFileSync(f);\n';
    const [first, second] = fingerprints([finding(2, 0, 18), finding(1, 0, 18)], twice);
    assert.match(second!, /:0$/);
    assert.match(first!, /:1$/);
    assert.equal(first!.split(':')[0], second!.split(':')[0]);
  });
});
