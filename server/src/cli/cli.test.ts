/**
 * End-to-end tests of the built command line: they spawn `node bin/hotpath.js` exactly as a user
 * or CI would, on the fixtures in test-fixtures/ (see its README for the expected findings).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertBuilt, copyFixture, fixtures, hotpath, repo, tempDir, type JsonFinding, type Run } from './testing/run-cli';

const expressApp = path.join(fixtures, 'express-app');
const badInput = path.join(fixtures, 'bad-input');
const work = tempDir('cli');
const tmp = work.dir;

function parseReport(run: Run): JsonFinding[] {
  const report = JSON.parse(run.stdout) as { version: number; findings: JsonFinding[] };
  assert.deepEqual(Object.keys(report), ['version', 'findings']);
  assert.equal(report.version, 1);
  for (const f of report.findings) {
    assert.deepEqual(Object.keys(f), ['rule', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'related', 'fixes']);
    for (const x of f.fixes) assert.deepEqual(Object.keys(x), ['title']);
  }
  return report.findings;
}

/**
 * The findings test-fixtures/express-app is designed to produce (see test-fixtures/README.md):
 * file, 1-based position, the code the range must start with, and what the message names.
 */
const expectedExpressFindings = [
  { file: 'src/routes/auth.ts', line: 11, column: 16, code: 'crypto.pbkdf2Sync(', message: /pbkdf2Sync/, direct: true },
  { file: 'src/routes/export.ts', line: 9, column: 16, code: 'zlib.gzipSync(', message: /gzipSync/, direct: true },
  { file: 'src/routes/files.ts', line: 10, column: 16, code: 'fs.readFileSync(file)', message: /readFileSync/, direct: true },
  { file: 'src/services/report-renderer.ts', line: 9, column: 10, code: 'execSync(', message: /execSync[\s\S]*renderReport[\s\S]*POST/, direct: false },
];

/** The source text a finding's range covers. */
function rangeText(root: string, f: JsonFinding): string {
  const lines = fs.readFileSync(path.join(root, f.file), 'utf8').split('\n');
  if (f.line === f.endLine) return (lines[f.line - 1] ?? '').slice(f.column - 1, f.endColumn - 1);
  return [
    (lines[f.line - 1] ?? '').slice(f.column - 1),
    ...lines.slice(f.line, f.endLine - 1),
    (lines[f.endLine - 1] ?? '').slice(0, f.endColumn - 1),
  ].join('\n');
}

before(assertBuilt);
after(work.remove);

describe('hotpath check on test-fixtures/express-app', () => {
  it('reports the designed findings as JSON, sorted, with exit status 1', () => {
    const run = hotpath(expressApp, 'check', '--format', 'json');
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
    const findings = parseReport(run);
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}:${f.column}`),
      expectedExpressFindings.map((e) => `${e.file}:${e.line}:${e.column}`),
    );
    findings.forEach((f, i) => {
      const e = expectedExpressFindings[i]!;
      assert.equal(f.rule, 'sync-in-handler');
      assert.equal(f.severity, 'warning');
      assert.match(f.message, e.message);
      const text = rangeText(expressApp, f);
      assert.ok(text.startsWith(e.code) && text.endsWith(')'), `${f.file}:${f.line}: range covers ${JSON.stringify(text)}`);
      assert.ok(!f.fixes.some((x) => x.title.startsWith('Ignore ')), 'the engine\'s ignore fix is left out');
      // Direct calls in a handler get the rule's async rewrite; a call into a service does not.
      assert.equal(f.fixes.length > 0, e.direct, `${f.file}: fixes ${JSON.stringify(f.fixes)}`);
    });
  });

  it('prints one finding a line and a summary as text', () => {
    const run = hotpath(expressApp, 'check');
    assert.equal(run.status, 1);
    const [body, summary, ...rest] = run.stdout.split('\n\n');
    assert.deepEqual(rest, []);
    assert.equal(summary, '4 findings (4 warnings) in 12 files\n');
    const lines = body!.split('\n');
    assert.equal(lines.length, 4);
    lines.forEach((line, i) => {
      const e = expectedExpressFindings[i]!;
      assert.ok(line.startsWith(`${e.file}:${e.line}:${e.column}  warning  sync-in-handler  `), line);
      assert.match(line.split('  ').slice(3).join('  '), e.message);
    });
    assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
  });

  it('names files relative to the current folder', () => {
    const run = hotpath(path.dirname(expressApp), 'check', 'express-app/src/routes', '--format=json');
    assert.deepEqual(parseReport(run).map((f) => f.file), ['express-app/src/routes/auth.ts', 'express-app/src/routes/export.ts', 'express-app/src/routes/files.ts', 'express-app/src/routes/reports.ts']);
  });

  it('reports a blocking call outside the checked folder at the route that reaches it, naming where it is', () => {
    // src/services is not checked: the execSync a route reaches there is reported in the route's
    // file, at its call of the service, with the execSync as a related location.
    const run = hotpath(expressApp, 'check', 'src/routes', '--format', 'json');
    assert.equal(run.status, 1);
    const findings = parseReport(run);
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}:${f.column}`), ['src/routes/auth.ts:11:16', 'src/routes/export.ts:9:16', 'src/routes/files.ts:10:16', 'src/routes/reports.ts:8:15']);
    const outside = findings[3]!;
    assert.equal(outside.message, '`child_process.execSync` in `renderReport` (src/services/report-renderer.ts:9, outside the checked files) blocks the event loop of the handler for POST /:id; use `await promisify(exec)(…)` there');
    assert.equal(rangeText(expressApp, outside), "renderReport(req.params.id, req.body?.format ?? 'a4')");
    assert.deepEqual(outside.related.map((r) => `${r.file}:${r.line}`), ['src/services/report-renderer.ts:9']);
    assert.deepEqual(outside.fixes, [], 'no rewrite: the fix goes in the service');
    // Checked whole, the same call is one finding in the service, as before.
    assert.deepEqual(parseReport(hotpath(expressApp, 'check', '--format', 'json')).filter((f) => f.file.startsWith('src/services/')).map((f) => `${f.file}:${f.line}`), ['src/services/report-renderer.ts:9']);
  });

  it('finds the handlers reaching a checked service among the rest of its package', () => {
    // The routes that call the service are not checked, but they are read: the finding is the service's own.
    const run = hotpath(path.join(expressApp, 'src/services'), 'check', '.', '--format', 'json');
    assert.deepEqual(parseReport(run).map((f) => `${f.file}:${f.line}:${f.column}`), ['report-renderer.ts:9:10']);
    assert.match(parseReport(run)[0]!.message, /^`child_process\.execSync` in `renderReport` blocks the event loop of the handler for POST \/:id/);
  });

  it('reads no project above the repository of the checked folder', () => {
    // The same services folder as its own repository (a checkout kept in another project's folder,
    // a submodule): the routes around it belong to another project, and are not read.
    const outer = copyFixture('express-app', tmp, 'nested-repository');
    const services = path.join(outer, 'src/services');
    fs.mkdirSync(path.join(services, '.git'));
    assert.deepEqual(parseReport(hotpath(services, 'check', '.', '--format', 'json')), []);
    // Its own handlers are still found: a route added inside the repository reaches the same call.
    fs.writeFileSync(path.join(services, 'routes.ts'), "import { Router } from 'express';\nimport { renderReport } from './report-renderer';\n\nexport const router = Router();\nrouter.get('/report/:id', (req, res) => res.send(renderReport(req.params.id, 'a4')));\n");
    assert.deepEqual(parseReport(hotpath(services, 'check', '.', '--format', 'json')).map((f) => `${f.file}:${f.line}:${f.column}`), ['report-renderer.ts:9:10']);
  });

  it('analyzes only the files it is given', () => {
    const run = hotpath(expressApp, 'check', 'src/routes/files.ts', 'src/config.ts', '--format', 'json');
    assert.deepEqual(parseReport(run).map((f) => f.file), ['src/routes/files.ts']);
    assert.equal(run.status, 1);
  });

  it('runs only the rules given with --rule', () => {
    const run = hotpath(expressApp, 'check', '--rule', 'sync-in-handler', '--format', 'json');
    assert.equal(parseReport(run).length, expectedExpressFindings.length);
    assert.equal(run.status, 1);
  });

  it('fails only on findings at or above --fail-on', () => {
    const errorOnly = hotpath(expressApp, 'check', '--fail-on', 'error');
    assert.equal(errorOnly.status, 0);
    assert.match(errorOnly.stdout, /^4 findings \(4 warnings\) in 12 files$/m, 'findings are still printed');
    assert.equal(hotpath(expressApp, 'check', '--fail-on', 'info').status, 1);
    assert.equal(hotpath(expressApp, 'check', '--fail-on=warning').status, 1);
  });
});

describe('.hotpathrc.json', () => {
  function withRc(name: string, rc: string): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '.hotpathrc.json'), rc);
    return dir;
  }

  it('turns a rule off', () => {
    const cwd = withRc('rule-off', '{"rules": {"sync-in-handler": "off"}}');
    const run = hotpath(cwd, 'check', expressApp, '--format', 'json');
    assert.deepEqual(parseReport(run), []);
    assert.equal(run.status, 0);
  });

  it('is found in an ancestor of the current folder and sets severities', () => {
    const dir = withRc('rule-error', '{"rules": {"sync-in-handler": "error"}}');
    const cwd = path.join(dir, 'nested/deeper');
    fs.mkdirSync(cwd, { recursive: true });
    const run = hotpath(cwd, 'check', expressApp, '--format', 'json', '--fail-on', 'error');
    const findings = parseReport(run);
    assert.equal(findings.length, expectedExpressFindings.length);
    assert.ok(findings.every((f) => f.severity === 'error'));
    assert.equal(run.status, 1);
  });

  it('applies its exclude patterns and reports its problems on stderr only', () => {
    const cwd = withRc('exclude', '{"exclude": ["**/routes/files.ts"], "rules": {"no-such-rule": "off"}}');
    const run = hotpath(cwd, 'check', expressApp, '--format', 'json');
    assert.deepEqual(parseReport(run).map((f) => path.basename(f.file)), ['auth.ts', 'export.ts', 'report-renderer.ts']);
    assert.match(run.stderr, /\.hotpathrc\.json: unknown rule "no-such-rule"/);
  });

  it('says where its JSON is broken and still runs', () => {
    const cwd = withRc('broken', '{\n  "rules": {"sync-in-handler": "off",}\n}\n');
    const run = hotpath(cwd, 'check', expressApp, '--format', 'json');
    assert.match(run.stderr, /\.hotpathrc\.json: invalid JSON at line 2, column 38: trailing comma/);
    assert.equal(parseReport(run).length, expectedExpressFindings.length);
  });
});

describe('hotpath check on test-fixtures/bad-input', () => {
  it('lists skipped files and why with --verbose, and analyzes the rest without crashing', (t) => {
    const dir = path.join(tmp, 'bad-input');
    fs.cpSync(badInput, dir, { recursive: true });
    // Made here, not committed: a link to its own folder and a file over the 1 MB default limit.
    fs.writeFileSync(path.join(dir, 'huge.js'), `// filler\n${'const x = 1;\n'.repeat(100_000)}`);
    let haveLoop = true;
    try {
      fs.symlinkSync(dir, path.join(dir, 'loop'), 'dir');
    } catch {
      haveLoop = false;
      t.diagnostic('symlinks are not allowed here: the loop is not tested');
    }
    const run = hotpath(dir, 'check', '--verbose');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'No findings in 2 files\n');
    const skipped = run.stderr.split('\n').filter((l) => l.startsWith('skipped '));
    assert.deepEqual(skipped, [
      'skipped binary.js: binary',
      'skipped bundle.js: minified',
      'skipped generated.ts: generated',
      'skipped huge.js: too large (1.2 MB > 1 MB)',
      ...(haveLoop ? ['skipped loop: symlink loop'] : []),
      'skipped vendor.min.js: minified',
    ]);
    assert.match(run.stderr, /^Analyzed 2 files in [\d.]+ s \(\d+ files\/s\); \d+ skipped$/m);
    assert.doesNotMatch(run.stderr, /crashed/);
  });

  it('analyzes a gitignored file when it is named', () => {
    const run = hotpath(badInput, 'check', 'ignored.js', '--verbose');
    assert.equal(run.stdout, 'No findings in 1 file\n');
    assert.equal(run.status, 0);
  });

  it('prints an empty JSON report when there is nothing to report', () => {
    const run = hotpath(badInput, 'check', 'ok.ts', 'broken.ts', '--format', 'json');
    assert.equal(run.stdout, '{"version":1,"findings":[]}\n');
    assert.equal(run.status, 0);
  });
});

describe('usage', () => {
  const usageErrors: [string[], RegExp][] = [
    [['check', '--nope'], /^hotpath: unknown option '--nope'$/],
    [['check', '--format', 'xml'], /^hotpath: unknown format 'xml' \(use text, json or sarif\)$/],
    [['check', '--format'], /^hotpath: --format needs a value/],
    [['check', '--fail-on', 'fatal'], /^hotpath: unknown severity 'fatal'/],
    [['check', '--rule', 'no-such-rule'], /^hotpath: unknown rule 'no-such-rule'$/],
    [['check', 'does/not/exist'], /^hotpath: path not found: does\/not\/exist$/],
    [['lint'], /^hotpath: unknown command 'lint'$/],
    [['--verbose'], /^hotpath: unknown option '--verbose'$/],
    [['check', '--shard', '3/2'], /^hotpath: --shard needs i\/n with 1 <= i <= n, e\.g\. --shard 2\/4 \(got '3\/2'\)$/],
    [['check', '--baseline'], /^hotpath: --baseline needs a value$/],
    [['baseline', '--format', 'json'], /^hotpath: unknown option '--format'$/],
    [['fix', '--fail-on', 'error'], /^hotpath: unknown option '--fail-on'$/],
    [['merge'], /^hotpath: merge needs the reports to merge$/],
    [['merge', '--dry-run', 'a.json'], /^hotpath: unknown option '--dry-run'$/],
  ];
  for (const [args, message] of usageErrors) {
    it(`exits 2 with a message and a hint for: hotpath ${args.join(' ')}`, () => {
      const run = hotpath(expressApp, ...args);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      const lines = run.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, run.stderr);
      assert.match(lines[0]!, message);
      assert.match(lines[1]!, /^(Run|Give|Options|Commands) /);
    });
  }

  it('prints help and the version', () => {
    const help = hotpath(tmp, '--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: hotpath <command>/);
    assert.match(hotpath(tmp, 'check', '--help').stdout, /--fail-on <info\|warning\|error>/);
    assert.match(hotpath(tmp, 'check', '--help').stdout, /--format <text\|json\|sarif>/);
    assert.match(hotpath(tmp, 'baseline', '--help').stdout, /^Usage: hotpath baseline /);
    assert.match(hotpath(tmp, 'fix', '-h').stdout, /--dry-run/);
    assert.match(hotpath(tmp, 'merge', '--help').stdout, /^Usage: hotpath merge <reports\.\.\.>/);
    for (const command of ['check', 'baseline', 'fix', 'merge']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    assert.equal(hotpath(tmp, '--version').stdout, `${pkg.version}\n`);
  });

  it('lists the rules with their default severity and description', () => {
    const run = hotpath(tmp, 'rules');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^sync-in-handler\s{2,}warning\s{2,}Blocking synchronous work/m);
  });
});

describe('a front end checked before its dependencies are installed', () => {
  it('reports known-heavy imports and names the packages it could not measure', () => {
    const dir = path.join(tmp, 'not-installed');
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'shop', dependencies: { react: '^19.0.0', lodash: '^4.17.21', 'chart.js': '^4.4.0' }, devDependencies: { vite: '^6.0.0' } }));
    fs.writeFileSync(path.join(dir, 'src/chart.ts'), `import { EventEmitter } from 'events';\nimport _ from 'lodash';\nimport { Chart } from 'chart.js';\nexport const draw = (el: HTMLCanvasElement) => new Chart(el, _.merge({}, { type: 'bar' }) as never);\nexport const bus = new EventEmitter();\nexport const label = (name: string) => 'import' + name + 'from';\n`);
    const run = hotpath(dir, 'check', '.', '--format', 'json');
    assert.deepEqual(
      parseReport(run).map((f) => [f.rule, f.line, f.message.slice(0, 48)]),
      [['heavy-import', 2, "'lodash' is a known heavy import (≈ 26 kB gzip):"]],
    );
    // Node's own `events` (a bundler polyfills it) is not a package to install, and the words
    // around a string (\`'import' + name\`) are no import.
    assert.match(run.stderr, /^hotpath: heavy-import measured no size for 2 packages that are imported but not installed \(chart\.js, lodash\); install the dependencies first \(npm ci\)$/m);
  });
});
