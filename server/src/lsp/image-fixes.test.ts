/**
 * image-dimensions through the real protocol against the built server: diagnostics for JSX,
 * HTML and Vue files of a scanned workspace with real image files, the size fix, the per-rule
 * "Fix all … in this file" action, placeholders as LSP 3.18 snippet edits for clients that
 * accept them (plain text otherwise), and `hotpath.sizedImageClasses`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileChangeType, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { attribute, computeMarkupFacts } from '../analysis/markup-elements';
import { SourceDoc } from '../engine/source';
import { applyEdits } from '../testing/apply-fix';
import { png, svg } from '../testing/image-fixtures';
import { assertParses } from '../testing/rule-tester';
import { tempWorkspace } from '../testing/temp-workspace';
import { editsFor, TestClient } from './test-client';

const rule = 'image-dimensions';

const gallery = [
  'export function Gallery() {',
  '  return (',
  '    <section>',
  '      <img src="/hero.png" alt="Hero" />',
  '      <img src="/logo.svg" alt="Logo" />',
  '      <img src="https://cdn.example.com/a.jpg" alt="" />',
  '    </section>',
  '  );',
  '}',
  '',
].join('\n');

const files: Record<string, string | Uint8Array> = {
  'package.json': JSON.stringify({ name: 'shop', private: true }),
  'public/hero.png': png(1200, 630),
  'public/logo.svg': svg('width="120" height="40"'),
  'public/index.html': '<!doctype html>\n<html><body>\n  <img src="hero.png" alt="">\n</body></html>\n',
  'src/components/Gallery.tsx': gallery,
  'src/components/Icon.vue': '<template>\n  <img class="icon" src="../../public/logo.svg" alt="">\n</template>\n',
};

const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const ours = (ds: Diagnostic[] | undefined): Diagnostic[] => (ds ?? []).filter((d) => d.source === 'hotpath' && d.code === rule);

function sizesOf(text: string, file: string): string[] {
  return computeMarkupFacts(new SourceDoc(file, text, 'x')).images.map((el) => `${attribute(el, 'width')?.expression ?? attribute(el, 'width')?.value ?? '-'}x${attribute(el, 'height')?.expression ?? attribute(el, 'height')?.value ?? '-'}`);
}

describe('image-dimensions over the protocol', () => {
  let root: string;
  let client: TestClient;
  let snippetClient: TestClient | undefined;

  before(async () => {
    root = tempWorkspace('images', files).dir;
    client = await TestClient.start(root);
  });

  after(async () => {
    await client?.shutdown();
    await snippetClient?.shutdown();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('the scan reports unopened HTML and Vue files', async () => {
    const html = ours(await client.waitForDiagnostics(client.uri('public/index.html'), (d) => ours(d).length > 0, 20_000));
    assert.equal(html.length, 1);
    assert.equal(html[0]!.range.start.line, 2);
    assert.match(messageOf(html[0]!), /hero\.png is 1200×630/);
    const vue = ours(await client.waitForDiagnostics(client.uri('src/components/Icon.vue'), (d) => ours(d).length > 0, 20_000));
    assert.match(messageOf(vue[0]!), /logo\.svg is 120×40/);
  });

  it('hover on a finding explains the layout shift, the intrinsic size and the file it was read from', async () => {
    const uri = client.uri('public/index.html');
    const [d] = ours(client.diagnostics.get(uri));
    const hover = await client.hover(uri, d!.range.start);
    const md = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(md, /Cumulative Layout Shift/);
    assert.match(md, /intrinsic/);
    assert.match(md, /hero\.png is 1200×630/);
  });

  it('quick fixes: the real size, and "Add dimensions to all images in this file" for every size it can read', async () => {
    const uri = await client.open('src/components/Gallery.tsx');
    const diags = ours(await client.waitForDiagnostics(uri, (d) => ours(d).length === 3));
    const actions = await client.codeActions(uri, diags[0]!.range, [diags[0]!], ['quickfix']);
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, [
      'Add width and height from hero.png (1200×630)',
      'Add loading="lazy" decoding="async" (the image is not in the first screen)',
      'Ignore image-dimensions on this line',
      'Add dimensions to all images in this file',
    ]);
    const single = applyEdits(gallery, editsFor(actions[0]!, uri));
    assert.deepEqual(sizesOf(single, '/g.tsx'), ['1200x630', '-x-', '-x-']);

    const all = actions.find((a) => a.title === 'Add dimensions to all images in this file')!;
    const fixed = applyEdits(gallery, editsFor(all, uri));
    assertParses(fixed, 'Gallery.tsx');
    // The remote image keeps its finding: placeholders are not applied in bulk.
    assert.deepEqual(sizesOf(fixed, '/g.tsx'), ['1200x630', '120x40', '-x-']);
    await client.replace(uri, fixed);
    const after = ours(await client.waitForDiagnostics(uri, (d) => ours(d).length === 1));
    assert.match(messageOf(after[0]!), /remote URL/);
  });

  it('a client without snippet support gets plain placeholders', async () => {
    const uri = client.uri('src/components/Gallery.tsx');
    const [d] = ours(client.diagnostics.get(uri));
    const actions = await client.codeActions(uri, d!.range, [d!], ['quickfix']);
    const placeholder = actions.find((a: CodeAction) => a.title.startsWith('Add width and height placeholders'))!;
    assert.ok(placeholder.edit?.changes, 'plain `changes`');
    assert.deepEqual(editsFor(placeholder, uri).map((e) => e.newText), [' width={0} height={0}']);
  });

  it('a client with snippetEditSupport gets SnippetTextEdits with tab stops', async () => {
    snippetClient = await TestClient.start(root, undefined, { workspaceEdit: { documentChanges: true, snippetEditSupport: true } });
    const uri = await snippetClient.open('src/components/Gallery.tsx');
    const diags = ours(await snippetClient.waitForDiagnostics(uri, (d) => ours(d).length === 3));
    const actions = await snippetClient.codeActions(uri, diags[2]!.range, [diags[2]!], ['quickfix']);
    const placeholder = actions.find((a) => a.title.startsWith('Add width and height placeholders'))!;
    const change = placeholder.edit?.documentChanges?.[0] as { textDocument: { uri: string }; edits: { range: unknown; snippet?: { kind: string; value: string } }[] };
    assert.equal(change.textDocument.uri, uri);
    assert.deepEqual(change.edits.map((e) => e.snippet), [{ kind: 'snippet', value: ' width={${1:width}} height={${2:height}}' }]);
    // Fixes without placeholders stay plain even for this client.
    const sized = await snippetClient.codeActions(uri, diags[0]!.range, [diags[0]!], ['quickfix']);
    assert.ok(sized[0]!.edit?.changes, 'the real-size fix is a plain edit');
  });

  it('a replaced or created image file re-runs the files that use it', async () => {
    const uri = client.uri('public/index.html');
    assert.match(messageOf(ours(client.diagnostics.get(uri))[0]!), /hero\.png is 1200×630/);
    fs.writeFileSync(path.join(root, 'public/hero.png'), png(800, 400));
    await client.watchedFilesChanged([{ uri: client.uri('public/hero.png'), type: FileChangeType.Changed }]);
    await client.waitForDiagnostics(uri, (d) => ours(d).some((x) => /hero\.png is 800×400/.test(messageOf(x))));

    fs.writeFileSync(path.join(root, 'public/late.html'), '<p>x</p>\n<img src="late.png">\n');
    await client.watchedFilesChanged([{ uri: client.uri('public/late.html'), type: FileChangeType.Created }]);
    const late = client.uri('public/late.html');
    await client.waitForDiagnostics(late, (d) => ours(d).some((x) => /late\.png\) was not found/.test(messageOf(x))), 20_000);
    fs.writeFileSync(path.join(root, 'public/late.png'), png(30, 20));
    await client.watchedFilesChanged([{ uri: client.uri('public/late.png'), type: FileChangeType.Created }]);
    await client.waitForDiagnostics(late, (d) => ours(d).some((x) => /late\.png is 30×20/.test(messageOf(x))), 20_000);
  });

  it('hotpath.sizedImageClasses silences images with a listed class', async () => {
    const uri = client.uri('src/components/Icon.vue');
    assert.equal(ours(client.diagnostics.get(uri)).length, 1);
    client.settings.hotpath = { ...client.settings.hotpath, sizedImageClasses: ['icon'] };
    await client.configurationChanged();
    await client.waitForDiagnostics(uri, (d) => ours(d).length === 0);
    client.settings.hotpath = { ...client.settings.hotpath, sizedImageClasses: [] };
    await client.configurationChanged();
    await client.waitForDiagnostics(uri, (d) => ours(d).length === 1);
  });
});
