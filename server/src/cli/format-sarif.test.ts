/**
 * `hotpath check --format sarif`, run as CI runs it, validated against the SARIF 2.1.0 schema
 * and against what GitHub code scanning reads: rules with help and links, results with
 * locations, fingerprints and fixes, and notifications for what was skipped.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { rules } from '../rules/index';
import { firstParagraph, relativeUri } from './format-sarif';
import { assertBuilt, copyFixture, hotpath, jsonFindings, repo, tempDir } from './testing/run-cli';
import { sarifSchemaErrors } from './testing/sarif-schema';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface Location {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: Region };
  message?: { text: string };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Location[];
  relatedLocations?: Location[];
  partialFingerprints: Record<string, string>;
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[] }[];
}
interface Log {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string; markdown: string }; helpUri: string; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; locations?: Location[] }[] }[];
    results: Result[];
  }[];
}

const tmp = tempDir('sarif');
let app: string;

before(() => {
  assertBuilt();
  app = copyFixture('express-app', tmp.dir);
});
after(() => tmp.remove());

function sarif(cwd: string, ...args: string[]): Log {
  const run = hotpath(cwd, 'check', '--format', 'sarif', ...args);
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  const log = JSON.parse(run.stdout) as Log;
  assert.deepEqual(sarifSchemaErrors(log), [], 'valid against the SARIF 2.1.0 schema');
  return log;
}

/** Apply SARIF replacements (1-based, UTF-16 columns) to a text, last first. */
function applyReplacements(text: string, replacements: { deletedRegion: Region; insertedContent: { text: string } }[]): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  const spans = replacements
    .map((r) => ({ start: offset(r.deletedRegion.startLine, r.deletedRegion.startColumn), end: offset(r.deletedRegion.endLine, r.deletedRegion.endColumn), text: r.insertedContent.text }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

describe('hotpath check --format sarif', () => {
  it('describes every registered rule with its docs page as help and a link to it', () => {
    const log = sarif(app);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0]!.tool.driver;
    assert.equal(driver.name, 'Hotpath');
    assert.equal(driver.version, (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version);
    assert.deepEqual(driver.rules.map((r) => r.id), rules.map((r) => r.meta.id).sort());
    for (const r of driver.rules) {
      const meta = rules.find((x) => x.meta.id === r.id)!.meta;
      const docs = fs.readFileSync(path.join(repo, meta.docsPath), 'utf8');
      assert.equal(r.shortDescription.text, meta.description);
      assert.equal(r.help.markdown, docs);
      assert.equal(r.help.text, docs);
      assert.ok(docs.replace(/\s+/g, ' ').includes(r.fullDescription.text), `${r.id}: fullDescription is prose from the docs`);
      assert.equal(fileURLToPath(r.helpUri), path.join(repo, meta.docsPath));
      assert.equal(r.defaultConfiguration.level, meta.defaultSeverity === 'info' ? 'note' : meta.defaultSeverity);
    }
  });

  it('gives each finding a location, rule index, level, fingerprint, related locations and fixes', () => {
    const log = sarif(app);
    const run = log.runs[0]!;
    const json = jsonFindings(hotpath(app, 'check', '--format', 'json'));
    assert.equal(run.results.length, 4);
    assert.equal(fileURLToPath(run.originalUriBaseIds['%SRCROOT%']!.uri), app + path.sep);
    run.results.forEach((r, i) => {
      const f = json[i]!;
      assert.equal(r.ruleId, f.rule);
      assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
      assert.equal(r.level, 'warning');
      assert.equal(r.message.text, f.message);
      assert.deepEqual(r.locations, [
        { physicalLocation: { artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' }, region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } } },
      ]);
      assert.deepEqual(Object.keys(r.partialFingerprints), ['hotpath/v1']);
      assert.match(r.partialFingerprints['hotpath/v1']!, /^[0-9a-f]{16}:\d+$/);
      assert.equal(r.fixes?.length ?? 0, f.fixes.length);
    });
    // The cross-file finding is at the blocking call in the service; the handler reaching it is related.
    const reports = run.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'src/services/report-renderer.ts')!;
    const related = reports.relatedLocations!.map((l) => `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region!.startLine}`);
    assert.ok(related.includes('src/routes/reports.ts:8'), related.join(', '));
  });

  it('writes fixes as artifactChanges whose replacements turn the blocking call into an awaited one', () => {
    const run = sarif(app).runs[0]!;
    const files = run.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'src/routes/files.ts')!;
    const [fix] = files.fixes!;
    assert.equal(fix!.artifactChanges.length, 1);
    assert.equal(fix!.artifactChanges[0]!.artifactLocation.uri, 'src/routes/files.ts');
    const before = fs.readFileSync(path.join(app, 'src/routes/files.ts'), 'utf8');
    const fixed = applyReplacements(before, fix!.artifactChanges[0]!.replacements);
    assert.match(fixed, /const data = await readFile\(file\);/);
    assert.doesNotMatch(fixed, /readFileSync/);
  });

  it('says in notifications which files were skipped and why, and encodes unusual file names', () => {
    const dir = path.join(tmp.dir, 'odd names');
    copyFixture('bad-input', tmp.dir, 'odd names');
    fs.writeFileSync(
      path.join(dir, 'a #1 ?.js'),
      "const express = require('express');\nconst fs = require('fs');\nconst app = express();\napp.get('/', (req, res) => res.send(fs.readFileSync('x')));\n",
    );
    const run = sarif(dir).runs[0]!;
    const notes = run.invocations[0]!.toolExecutionNotifications.map((n) => `${n.level} ${n.locations?.[0]?.physicalLocation.artifactLocation.uri}: ${n.message.text}`);
    assert.ok(notes.includes('note bundle.js: Skipped: minified'), notes.join('\n'));
    assert.ok(notes.includes('note binary.js: Skipped: binary'), notes.join('\n'));
    assert.equal(run.invocations[0]!.executionSuccessful, true);
    assert.deepEqual(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri), ['a%20%231%20%3F.js']);
  });

  it('writes the report to --output and nothing to stdout', () => {
    const out = path.join(tmp.dir, 'reports/hotpath.sarif');
    const run = hotpath(app, 'check', '--format', 'sarif', '--output', out);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    const log = JSON.parse(fs.readFileSync(out, 'utf8')) as Log;
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.equal(log.runs[0]!.results.length, 4);
  });

  it('is rejected by the schema check when a required field is missing (the check can fail)', () => {
    const log = sarif(app);
    delete (log.runs[0]!.tool as { driver?: unknown }).driver;
    assert.notDeepEqual(sarifSchemaErrors(log), []);
  });
});

describe('SARIF helpers', () => {
  it('percent-encodes each path segment and keeps the slashes', () => {
    assert.equal(relativeUri('src/a b/#1?.ts'), 'src/a%20b/%231%3F.ts');
  });

  it('takes the first prose paragraph of a docs page, below the title, description and facts', () => {
    const page = '# x\n\nDoes x.\n\n- Default severity: `warning`\n\nWhy it is slow,\nin two lines.\n\n## Rule Details\n';
    assert.equal(firstParagraph(page), 'Why it is slow, in two lines.');
  });
});
