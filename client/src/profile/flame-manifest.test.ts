/**
 * The flame-graph editor's wiring: manifest contributions, the page's CSP, the files the
 * package ships, and the folded-stacks grammar.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { flameHtml } from './flame-html';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('flame-graph editor contributions', () => {
  it('opens .cpuprofile (and .cpuprofile.gz) by default and folded stacks / trace JSON (also gzip) on request', () => {
    const editors = manifest.contributes.customEditors as Array<{ viewType: string; selector: Array<{ filenamePattern: string }>; priority: string }>;
    const byType = new Map(editors.map((e) => [e.viewType, e]));
    assert.deepEqual(byType.get('hotpath.flameGraph')?.selector.map((s) => s.filenamePattern), ['*.cpuprofile', '*.cpuprofile.gz']);
    assert.equal(byType.get('hotpath.flameGraph')?.priority, 'default');
    assert.deepEqual(byType.get('hotpath.flameGraphOption')?.selector.map((s) => s.filenamePattern), ['*.folded', '*.collapsed', '*.json', '*.json.gz']);
    assert.equal(byType.get('hotpath.flameGraphOption')?.priority, 'option');
    for (const e of editors) assert.ok(manifest.activationEvents.includes(`onCustomEditor:${e.viewType}`), e.viewType);
    const editorSource = fs.readFileSync(path.join(__dirname, 'flame-editor.ts'), 'utf8');
    for (const e of editors) assert.ok(editorSource.includes(`'${e.viewType}'`), `${e.viewType} registered`);
  });

  it('every command the profile code registers is contributed, and the reverse', () => {
    const sources = ['flame-editor.ts'].map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8')).join('\n');
    const registered = [...sources.matchAll(/registerCommand\('(hotpath\.[\w.]+)'/g)].map((m) => m[1]!);
    const contributed = (manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    for (const id of registered) assert.ok(contributed.includes(id), `${id} contributed`);
    for (const id of contributed.filter((c) => /FlameGraph|Profile/i.test(c))) assert.ok(registered.includes(id), `${id} registered`);
  });

  it('ships the webview bundle, the worker, its wasm, the media and the grammar', () => {
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const line of ['!dist/flame.js', '!dist/profile-worker.js', '!dist/mappings.wasm', '!media/**/*.css', '!syntaxes/*.json']) assert.ok(ignore.includes(line), line);
  });

  it('the folded-stacks grammar is contributed and tokenizes frames, locations and counts', () => {
    const grammar = (manifest.contributes.grammars as Array<{ language: string; scopeName: string; path: string }>).find((g) => g.scopeName === 'source.folded');
    assert.ok(grammar);
    const lang = (manifest.contributes.languages as Array<{ id: string; extensions: string[] }>).find((l) => l.id === grammar.language);
    assert.deepEqual(lang?.extensions, ['.folded', '.collapsed']);
    const json = JSON.parse(fs.readFileSync(path.join(root, grammar.path), 'utf8'));
    assert.equal(json.scopeName, 'source.folded');
    const line = 'main;parse (file:///app/a.js:3:5);tokenize_[j] 42';
    const tokens = tokenize(line, json.repository.line.patterns);
    assert.deepEqual(tokens, [
      ['main', 'entity.name.function.folded'],
      [';', 'punctuation.separator.frame.folded'],
      ['parse', 'entity.name.function.folded'],
      ['(file:///app/a.js:3:5)', 'meta.location.folded'],
      [';', 'punctuation.separator.frame.folded'],
      ['tokenize_[j]', 'entity.name.function.folded'],
      [' 42', 'constant.numeric.count.folded'],
    ]);
  });
});

describe('flame-graph page', () => {
  const parts = { cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x.vscode-cdn.net/dist/flame.js', styleUri: 'https://x.vscode-cdn.net/media/flame/flame.css' };
  it('has a strict CSP: nothing by default, scripts only with a fresh nonce, no inline or eval, workers only from blobs, fetches only from webview resources', () => {
    const a = flameHtml(parts);
    const b = flameHtml(parts);
    assert.notEqual(a.nonce, b.nonce);
    assert.ok(a.nonce.length >= 20);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(a.html)![1]!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${a.nonce}'(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    // The parse worker starts from a Blob of the bundle's own text; the page fetches the profile,
    // a webview resource (the extension puts only that file into localResourceRoots), nothing else.
    assert.match(csp, /(^|; )worker-src blob:(;|$)/);
    assert.match(csp, /(^|; )connect-src https:\/\/x\.vscode-cdn\.net(;|$)/);
    assert.deepEqual(csp.split('; ').map((d) => d.split(' ')[0]), ['default-src', 'img-src', 'style-src', 'font-src', 'connect-src', 'script-src', 'worker-src']);
    assert.equal([...a.html.matchAll(/<script/g)].length, 1);
    assert.match(a.html, new RegExp(`<script nonce="${a.nonce}" src="https://x.vscode-cdn.net/dist/flame.js">`));
  });
  it('escapes the resource urls it is given', () => {
    const { html } = flameHtml({ ...parts, scriptUri: 'https://x/"><script>alert(1)</script>' });
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(html.includes('&quot;&gt;&lt;script&gt;'));
    const withProfile = flameHtml({ ...parts, profileUri: 'https://x.vscode-cdn.net/p/"><img src=x onerror=alert(1)>.cpuprofile' }).html;
    assert.ok(!withProfile.includes('<img'));
  });

  it('preloads the profile the page will fetch, in CORS mode like the fetch, and nothing without one', () => {
    const url = 'https://file%2B.vscode-resource.vscode-cdn.net/home/me/app/api.cpuprofile';
    const { html } = flameHtml({ ...parts, profileUri: url });
    assert.ok(html.includes(`<link rel="preload" href="${url}" as="fetch" crossorigin="anonymous">`), html);
    assert.ok(!flameHtml(parts).html.includes('preload'));
  });
});

/**
 * TextMate's rule for one line: at each position the pattern whose match starts first wins
 * (ties go to the earlier pattern); a match's name is its own or its first capture's.
 */
function tokenize(line: string, patterns: Array<{ match: string; name?: string; captures?: Record<string, { name: string }> }>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let pos = 0;
  while (pos < line.length) {
    let best: { m: RegExpExecArray; p: (typeof patterns)[number] } | null = null;
    for (const p of patterns) {
      const re = new RegExp(p.match, 'g');
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && m[0] !== '' && (!best || m.index < best.m.index)) best = { m, p };
    }
    if (!best) break;
    out.push([best.m[0], best.p.name ?? best.p.captures?.['1']?.name ?? '']);
    pos = best.m.index + best.m[0].length;
  }
  return out.filter(([text]) => text.trim() !== '' || text === ' 42');
}
