/**
 * `--shard i/n` and `hotpath merge`, as a CI matrix uses them: every file lands in exactly one
 * shard, and merging the shards' reports gives exactly the report of one full run.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseShard, shardOf } from './shard';
import { assertBuilt, copyFixture, hotpath, tempDir } from './testing/run-cli';
import { sarifSchemaErrors } from './testing/sarif-schema';

const tmp = tempDir('shard');
let app: string;

before(() => {
  assertBuilt();
  app = copyFixture('express-app', tmp.dir);
});
after(() => tmp.remove());

describe('--shard', () => {
  it('parses i/n with 1 <= i <= n and nothing else', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', '2', '1/2/3', 'a/b', '-1/2', '1.5/2', '']) assert.equal(parseShard(bad), undefined, bad);
  });

  it('puts a path in the same shard every time and spreads paths evenly', () => {
    assert.equal(shardOf('src/routes/files.ts', 7), shardOf('src/routes/files.ts', 7));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[shardOf(`packages/p${i % 37}/src/module-${i}.ts`, 4) - 1]!++;
    for (const c of counts) assert.ok(c > 900 && c < 1100, `shard sizes ${counts.join(', ')}`);
  });

  it('splits the files into disjoint shards that together are the full run', () => {
    const full = hotpath(app, 'check', '--verbose', '--format', 'json');
    const analyzed = (stderr: string) => Number(/^Analyzed (\d+) files/m.exec(stderr)![1]);
    let total = 0;
    const files = new Set<string>();
    for (let i = 1; i <= 3; i++) {
      const run = hotpath(app, 'check', '--shard', `${i}/3`, '--verbose', '--format', 'json');
      total += analyzed(run.stderr);
      for (const f of (JSON.parse(run.stdout) as { findings: { file: string }[] }).findings) {
        assert.equal(shardOf(f.file, 3), i);
        files.add(f.file);
      }
    }
    assert.equal(total, analyzed(full.stderr));
    assert.deepEqual([...files].sort(), [...new Set((JSON.parse(full.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file))].sort());
  });
});

describe('hotpath merge', () => {
  function shardReports(format: 'json' | 'sarif', count: number): string[] {
    const files: string[] = [];
    for (let i = 1; i <= count; i++) {
      const out = path.join(tmp.dir, `shard-${i}.${format}`);
      const run = hotpath(app, 'check', '--shard', `${i}/${count}`, '--format', format, '--output', out);
      assert.ok(run.status === 0 || run.status === 1, run.stderr);
      files.push(out);
    }
    return files;
  }

  it('merges the JSON of the shards into exactly the JSON of a full run', () => {
    const full = hotpath(app, 'check', '--format', 'json').stdout;
    const merged = hotpath(app, 'merge', ...shardReports('json', 3));
    assert.equal(merged.status, 0, merged.stderr);
    assert.equal(merged.stdout, full);
  });

  it('merges SARIF into one valid run with the full run\'s rules and results', () => {
    const full = JSON.parse(hotpath(app, 'check', '--format', 'sarif').stdout) as { runs: { tool: { driver: { rules: unknown[] } }; results: unknown[] }[] };
    const out = path.join(tmp.dir, 'merged.sarif');
    const merged = hotpath(app, 'merge', ...shardReports('sarif', 2), '--output', out);
    assert.equal(merged.status, 0, merged.stderr);
    assert.equal(merged.stdout, '');
    const log = JSON.parse(fs.readFileSync(out, 'utf8')) as typeof full;
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.equal(log.runs.length, 1);
    assert.deepEqual(log.runs[0]!.tool.driver.rules, full.runs[0]!.tool.driver.rules);
    assert.deepEqual(log.runs[0]!.results, full.runs[0]!.results);
  });

  it('keeps a finding given twice once', () => {
    const [one] = shardReports('json', 1);
    assert.equal(hotpath(app, 'merge', one!, one!).stdout, fs.readFileSync(one!, 'utf8'));
  });

  it('refuses mixed formats and files that are not reports', () => {
    const [json] = shardReports('json', 1);
    const [sarif] = shardReports('sarif', 1);
    fs.writeFileSync(path.join(tmp.dir, 'broken.json'), '{"version": 1, "findings": [\n  {"rule": "x",}\n]}');
    fs.writeFileSync(path.join(tmp.dir, 'other.json'), '{"results": []}');
    const cases: [string[], RegExp][] = [
      [[json!, sarif!], /is SARIF but .* is JSON/],
      [[path.join(tmp.dir, 'broken.json')], /broken\.json: invalid JSON at line 2, column 16/],
      [[path.join(tmp.dir, 'other.json')], /other\.json: not a Hotpath JSON report/],
      [[path.join(tmp.dir, 'missing.json')], /missing\.json: no such file/],
      [[], /merge needs the reports to merge/],
    ];
    for (const [files, message] of cases) {
      const run = hotpath(app, 'merge', ...files);
      assert.equal(run.status, 2, files.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    }
  });
});
