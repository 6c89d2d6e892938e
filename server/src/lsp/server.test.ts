/**
 * The built language server (dist/server.js) driven through the real protocol over stdio, in a
 * temporary copy of a small Express workspace. `bash scripts/test.sh` builds before testing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../testing/apply-fix';
import { tempWorkspace } from '../testing/temp-workspace';
import { editsFor, TestClient } from './test-client';

const rule = 'sync-in-handler';

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'fixture', private: true, dependencies: { express: '^4.21.0' } }, null, 2),
  'src/app.ts': [
    "import express from 'express';",
    "import * as fs from 'fs';",
    '',
    'const app = express();',
    '',
    "app.get('/x', (req, res) => { const s = fs.readFileSync('a.txt','utf8'); res.send(s) });",
    '',
    'app.listen(3000);',
    '',
  ].join('\n'),
  // Never opened: only the workspace scan can publish its diagnostics.
  'src/unopened.ts': [
    "import express from 'express';",
    "import * as fs from 'fs';",
    '',
    'const router = express.Router();',
    '',
    "router.post('/y', (req, res) => {",
    "  const body = fs.readFileSync('b.json', 'utf8');",
    '  res.json(JSON.parse(body));',
    '});',
    '',
    'export default router;',
    '',
  ].join('\n'),
  // The handler in routes.ts blocks only through this helper.
  'src/helper.ts': ["import * as fs from 'fs';", '', 'export function loadConfig(): string {', "  return fs.readFileSync('config.json', 'utf8');", '}', ''].join('\n'),
  'src/routes.ts': [
    "import express from 'express';",
    "import { loadConfig } from './helper';",
    '',
    'const app = express();',
    '',
    "app.get('/config', (req, res) => {",
    '  res.send(loadConfig());',
    '});',
    '',
  ].join('\n'),
  'src/broken.ts': [
    "import express from 'express';",
    "import * as fs from 'fs';",
    'const app = express();',
    "app.get('/b', (req, res) => { res.send(fs.readFileSync('x', 'utf8')) });",
    'function (((( { const = ;',
    'class {',
  ].join('\n'),
};

const asyncHelper = ["import * as fs from 'fs';", '', 'export async function loadConfig(): Promise<string> {', "  return fs.promises.readFile('config.json', 'utf8');", '}', ''].join('\n');

function ours(ds: Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.source === 'hotpath' && d.code === rule);
}

const hasFinding = (ds: Diagnostic[]): boolean => ours(ds).length > 0;
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : String(d.message));
const noFinding = (ds: Diagnostic[]): boolean => ours(ds).length === 0;

describe('language server over stdio', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = tempWorkspace('lsp', files).dir;
    // 5 MB of valid code: above the default 1024 kB limit, so it must be skipped, not analysed.
    const line = "export const value = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';\n";
    fs.writeFileSync(path.join(root, 'src/big.ts'), line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)));
    // A binary file with a script extension.
    fs.writeFileSync(path.join(root, 'src/blob.js'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
    client = await TestClient.start(root);
  });

  after(async () => {
    await client?.shutdown();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('sends hotpath/status: analyzing during the scan, then idle with totals', async () => {
    const idle = await client.waitFor('idle status', () => client.statuses.find((s) => s.state === 'idle'), 20_000);
    assert.ok(client.statuses.some((s) => s.state === 'analyzing' && typeof s.filesTotal === 'number'), 'an analyzing status with counts');
    assert.equal(typeof idle.findings, 'number');
    assert.ok((idle.skipped ?? 0) >= 1, `the 5 MB file is counted as skipped: ${JSON.stringify(idle)}`);
  });

  it('scans the workspace: diagnostics for an unopened file, progress with a title, skipped files logged', async () => {
    const diags = await client.waitForDiagnostics(client.uri('src/unopened.ts'), hasFinding, 20_000);
    assert.equal(ours(diags)[0]!.range.start.line, 6, 'on the readFileSync line');
    const begin = await client.waitFor('progress end', () => client.progress.find((p) => p.value.kind === 'end') && client.progress.find((p) => p.value.kind === 'begin'));
    assert.equal(begin.value.kind, 'begin');
    assert.match(begin.value.kind === 'begin' ? begin.value.title : '', /^Hotpath: analyzing \d+ files$/);
    const reports = client.progress.filter((p) => p.token === begin.token && p.value.kind === 'report');
    assert.ok(reports.length > 0, 'at least one report');
    const last = reports.at(-1)!.value;
    assert.ok(last.kind === 'report' && last.percentage === 100 && /^(\d+)\/\1$/.test(last.message ?? ''), `last report is k/N at 100%: ${JSON.stringify(last)}`);
    assert.ok(client.logs.some((l) => l.includes('big.ts') && /too large/.test(l)), 'the 5 MB file is logged as skipped');
    assert.ok(!client.diagnostics.get(client.uri('src/big.ts'))?.length, 'the 5 MB file has no diagnostics');
  });

  it('publishes a sync-in-handler diagnostic for an opened Express handler, with docs link and data', async () => {
    const uri = await client.open('src/app.ts');
    const [d] = ours(await client.waitForDiagnostics(uri, hasFinding));
    assert.ok(d);
    assert.equal(d.range.start.line, 5);
    assert.equal(d.source, 'hotpath');
    assert.ok(d.severity !== undefined && d.severity >= 1 && d.severity <= 3);
    assert.match(d.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\/sync-in-handler\.md$/);
    assert.equal((d.data as { ruleId?: string }).ruleId, rule);
  });

  it('hover over the finding explains it and links the docs', async () => {
    const uri = client.uri('src/app.ts');
    const [d] = ours(client.diagnostics.get(uri) ?? []);
    assert.ok(d, 'the previous test left a diagnostic');
    const hover = await client.hover(uri, d.range.start);
    assert.ok(hover && typeof hover.contents === 'object' && 'kind' in hover.contents, 'markdown hover');
    const md = (hover.contents as { value: string }).value;
    assert.ok(md.includes(rule), md);
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    assert.ok(md.includes(message), md);
    assert.match(md, /docs\/rules\/sync-in-handler\.md/);
    assert.ok(md.length > message.length + 80, `hover says more than the message (the explanation): ${md}`);
    assert.equal(await client.hover(uri, { line: 0, character: 0 }), null, 'no hover away from findings');
  });

  it('the ignore-line code action, applied, removes the finding', async () => {
    const uri = client.uri('src/app.ts');
    const [d] = ours(client.diagnostics.get(uri) ?? []);
    assert.ok(d);
    const actions = await client.codeActions(uri, d.range, [d]);
    const ignore = actions.find((a) => a.title === `Ignore ${rule} on this line`);
    assert.ok(ignore, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(ignore.kind, 'quickfix');
    assert.deepEqual(ignore.diagnostics, [d]);
    const text = applyEdits(files['src/app.ts']!, editsFor(ignore, uri));
    assert.match(text, /\/\/ hotpath-ignore-next-line sync-in-handler\napp\.get/);
    await client.replace(uri, text);
    await client.waitForDiagnostics(uri, noFinding);
    // Back to the original for the next test.
    await client.replace(uri, files['src/app.ts']!);
    await client.waitForDiagnostics(uri, hasFinding);
  });

  it('the preferred quick fix, applied, removes the finding; fix-all offers the same edit', async () => {
    const uri = client.uri('src/app.ts');
    const [d] = ours(client.diagnostics.get(uri) ?? []);
    assert.ok(d);
    const actions = await client.codeActions(uri, d.range, [d]);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    const fixAll = (await client.codeActions(uri, d.range, [], ['source.fixAll'])).find((a) => a.kind === 'source.fixAll.hotpath');
    assert.ok(fixAll, 'source.fixAll.hotpath is offered');
    assert.deepEqual(editsFor(fixAll, uri), editsFor(fix, uri));
    await client.replace(uri, applyEdits(files['src/app.ts']!, editsFor(fix, uri)));
    await client.waitForDiagnostics(uri, noFinding);
    await client.replace(uri, files['src/app.ts']!);
    await client.waitForDiagnostics(uri, hasFinding);
  });

  it('an edit that fixes the code by hand clears the diagnostics (incremental change)', async () => {
    const uri = client.uri('src/app.ts');
    const line = 5;
    const original = files['src/app.ts']!.split('\n')[line]!;
    const fixed = "app.get('/x', async (req, res) => { const s = await fs.promises.readFile('a.txt','utf8'); res.send(s) });";
    await client.edit(uri, [{ range: { start: { line, character: 0 }, end: { line, character: original.length } }, text: fixed }]);
    await client.waitForDiagnostics(uri, noFinding);
    await client.edit(uri, [{ range: { start: { line, character: 0 }, end: { line, character: fixed.length } }, text: original }]);
    await client.waitForDiagnostics(uri, hasFinding);
  });

  it("publishes a helper's blocking call in the helper's file, and re-publishes it when the handlers reaching it change (editor edit, close, created file)", async () => {
    const helper = client.uri('src/helper.ts');
    const routes = client.uri('src/routes.ts');
    const [d] = ours(await client.waitForDiagnostics(helper, hasFinding));
    assert.match(text(d!), /^`fs\.readFileSync` in `loadConfig` blocks the event loop of the handler for GET \/config/);
    assert.equal(ours(client.diagnostics.get(routes) ?? []).length, 0, 'one root cause, one entry: none at the handler');
    // The handler stops calling the helper (unsaved edit): the helper's finding goes.
    const opened = await client.open('src/routes.ts');
    await client.replace(opened, files['src/routes.ts']!.replace('res.send(loadConfig());', "res.send('ok');"));
    await client.waitForDiagnostics(helper, noFinding);
    // Closing without saving: the disk copy (still calling it) counts again.
    await client.close(opened);
    await client.waitForDiagnostics(helper, hasFinding);
    // A new route file calling the helper: the helper's one finding now names both handlers.
    const rel = 'src/more-routes.ts';
    fs.writeFileSync(path.join(root, rel), files['src/routes.ts']!.replace("'/config'", "'/config/raw'"));
    await client.watchedFilesChanged([{ uri: client.uri(rel), type: FileChangeType.Created }]);
    await client.waitForDiagnostics(helper, (ds) => ours(ds).some((x) => /of 2 request handlers: GET \/config\/raw, GET \/config;/.test(text(x))));
    fs.rmSync(path.join(root, rel));
    await client.watchedFilesChanged([{ uri: client.uri(rel), type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics(helper, (ds) => ours(ds).some((x) => /of the handler for GET \/config;/.test(text(x))));
    // The helper itself made asynchronous: nothing blocks.
    const h = await client.open('src/helper.ts');
    await client.replace(h, asyncHelper);
    await client.waitForDiagnostics(helper, noFinding);
    await client.close(h);
    await client.waitForDiagnostics(helper, hasFinding);
  });

  it('turning the rule off in the settings clears its diagnostics everywhere; on again brings them back', async () => {
    const app = client.uri('src/app.ts');
    const unopened = client.uri('src/unopened.ts');
    await client.waitForDiagnostics(app, hasFinding);
    client.settings.hotpath = { ...client.settings.hotpath, rules: { [rule]: 'off' } };
    await client.configurationChanged();
    await client.waitForDiagnostics(app, noFinding);
    await client.waitForDiagnostics(unopened, noFinding);
    client.settings.hotpath = { ...client.settings.hotpath, rules: { [rule]: 'error' } };
    await client.configurationChanged();
    const [d] = ours(await client.waitForDiagnostics(unopened, (ds) => ours(ds).some((x) => x.severity === 1)));
    assert.equal(d?.severity, 1, 'the severity setting applies');
  });

  it('.hotpathrc.json changes apply on the watched-file event, under the editor settings', async () => {
    const unopened = client.uri('src/unopened.ts');
    client.settings.hotpath = { ...client.settings.hotpath, rules: {} };
    await client.configurationChanged();
    await client.waitForDiagnostics(unopened, hasFinding);
    const rc = path.join(root, '.hotpathrc.json');
    fs.writeFileSync(rc, JSON.stringify({ rules: { [rule]: 'off' } }));
    await client.watchedFilesChanged([{ uri: client.uri('.hotpathrc.json'), type: FileChangeType.Created }]);
    await client.waitForDiagnostics(unopened, noFinding);
    // The editor setting wins over the rc file for the same rule.
    client.settings.hotpath = { ...client.settings.hotpath, rules: { [rule]: 'warning' } };
    await client.configurationChanged();
    await client.waitForDiagnostics(unopened, hasFinding);
    // Without an editor setting for the rule, the rc file applies again.
    client.settings.hotpath = { ...client.settings.hotpath, rules: {} };
    await client.configurationChanged();
    await client.waitForDiagnostics(unopened, noFinding);
    fs.rmSync(rc);
    await client.watchedFilesChanged([{ uri: client.uri('.hotpathrc.json'), type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics(unopened, hasFinding);
  });

  it('files created on disk are analysed, deleted ones lose their diagnostics', async () => {
    const rel = 'src/created.ts';
    fs.writeFileSync(path.join(root, rel), files['src/unopened.ts']!);
    await client.watchedFilesChanged([{ uri: client.uri(rel), type: FileChangeType.Created }]);
    await client.waitForDiagnostics(client.uri(rel), hasFinding);
    fs.rmSync(path.join(root, rel));
    await client.watchedFilesChanged([{ uri: client.uri(rel), type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics(client.uri(rel), (ds) => ds.length === 0);
  });

  it('a file written after the scan and opened before the watcher reports it is analysed (a late file watcher)', async () => {
    const rel = 'src/late.ts';
    fs.writeFileSync(path.join(root, rel), files['src/unopened.ts']!);
    // No didChangeWatchedFiles: code-server's watcher, under load, reported new files a minute late.
    const uri = await client.open(rel);
    await client.waitForDiagnostics(uri, hasFinding);
  });

  it('open files the workspace excludes get no diagnostics (node_modules, hotpath.exclude)', async () => {
    const handler = files['src/app.ts']!;
    fs.mkdirSync(path.join(root, 'node_modules/lib'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules/lib/index.ts'), handler);
    fs.mkdirSync(path.join(root, 'scripts'), { recursive: true });
    fs.writeFileSync(path.join(root, 'scripts/dev.ts'), handler);
    fs.writeFileSync(path.join(root, 'src/control.ts'), handler);
    client.settings.hotpath = { ...client.settings.hotpath, exclude: ['scripts/**'] };
    await client.configurationChanged();
    const statusesBefore = client.statuses.length;
    // An idle status of earlier work may still arrive: the rescan's own idle follows its 'analyzing'.
    await client.waitFor('the rescan to end', () => {
      const since = client.statuses.slice(statusesBefore);
      const started = since.findIndex((s) => s.state === 'analyzing');
      return started !== -1 && since.slice(started).some((s) => s.state === 'idle');
    });
    for (const rel of ['node_modules/lib/index.ts', 'scripts/dev.ts']) {
      const uri = await client.open(rel);
      // A request runs the pending analysis first; a publish would arrive before the answer.
      await client.hover(uri, { line: 5, character: 20 });
      assert.equal(client.diagnostics.get(uri), undefined, `${rel} must not be analysed`);
    }
    // The same file outside the excluded folder is analysed, so the check above can fail.
    const control = await client.open('src/control.ts');
    // Waited for, not read after a request: these files were written within moments of the last
    // scan, so opening one may start another scan (see the late-watcher case above).
    await client.waitForDiagnostics(control, hasFinding);
  });

  it('survives a file with syntax errors, a 5 MB file and a binary file, and keeps answering', async () => {
    const broken = await client.open('src/broken.ts');
    // A request forces the debounced analysis to run now.
    assert.equal(await client.hover(broken, { line: 4, character: 2 }), null);
    const big = await client.open('src/big.ts');
    await client.waitFor('a log line saying the 5 MB file is not analysed', () => client.logs.some((l) => l.includes('big.ts') && l.includes('too large')));
    assert.deepEqual(await client.codeActions(big, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, []), []);
    const blob = await client.open('src/blob.js', fs.readFileSync(path.join(root, 'src/blob.js'), 'latin1'));
    assert.equal(await client.hover(blob, { line: 0, character: 0 }), null);
    assert.ok(!client.hasExited, 'the server is still running');
    assert.ok(!client.logs.some((l) => l.startsWith('[error]')), `no handler or rule failed:\n${client.logs.filter((l) => l.startsWith('[error]')).join('\n')}`);
    // And it still analyses: a fresh edit to app.ts is diagnosed.
    const app = client.uri('src/app.ts');
    await client.replace(app, files['src/app.ts']!.replace("'a.txt'", "'c.txt'"));
    await client.waitForDiagnostics(app, hasFinding);
  });
});
