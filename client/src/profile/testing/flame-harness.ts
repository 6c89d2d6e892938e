/**
 * Serves the flame-graph webview page (the same HTML, CSP and bundle the editor uses) on
 * loopback with `acquireVsCodeApi` stubbed, and drives Debian's Chromium with playwright-core.
 * Messages the page sends to "the extension" are collected in `window.__sent`.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { flameHtml } from '../flame-html';

// Functions passed to page.evaluate run in the browser; the repository's type-check has no DOM lib.
declare const document: any, window: any, TextEncoder: any;

export const repoRoot = path.resolve(__dirname, '../../../..');
export const chromiumPath = '/usr/bin/chromium';
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** VS Code's Dark Modern values for the variables the page reads. */
export const darkTheme: Record<string, string> = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-orange': '#d18616',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-font-family': 'sans-serif',
};
export const lightTheme: Record<string, string> = {
  ...darkTheme,
  '--vscode-editor-background': '#ffffff',
  '--vscode-editor-foreground': '#3b3b3b',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-orange': '#d18616',
};
/** VS Code's Dark High Contrast: black background, borders in the contrast colour. */
export const highContrastTheme: Record<string, string> = {
  ...darkTheme,
  '--vscode-editor-background': '#000000',
  '--vscode-editor-foreground': '#ffffff',
  '--vscode-contrastBorder': '#6fc3df',
};

export interface Harness {
  url: string;
  /** How many times the page asked for the profile (1: the preload was what the page's fetch used). */
  profileRequests(): number;
  close(): Promise<void>;
}

export interface HarnessOptions {
  theme?: Record<string, string>;
  /**
   * A file served at `/profile`, offered when the page says `ready` as the extension host does:
   * by default its url and size (the page fetches it); `via: 'bytes'` sends the bytes by message
   * instead (hosts that cannot serve it), `via: 'broken-url'` a url that fails, so the page asks
   * for the bytes (`sendBytes`) and gets them.
   */
  profile?: { file: string; name: string; via?: 'url' | 'bytes' | 'broken-url' };
  /** Rewrites the page's CSP (tests of what the page does when a host forbids something). */
  csp?: (policy: string) => string;
  /** The class VS Code puts on <body> for the theme kind. */
  bodyClass?: 'vscode-dark' | 'vscode-light' | 'vscode-high-contrast';
}

export function serveFlamePage(theme: Record<string, string> = darkTheme, options: HarnessOptions = {}): Promise<Harness> {
  let profileRequests = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = `http://${req.headers.host}`;
    if (url.pathname === '/profile' && options.profile) {
      profileRequests++;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      fs.createReadStream(options.profile.file).pipe(res);
      return;
    }
    if (url.pathname === '/') {
      // Like the editor: a profile the page fetches is preloaded from the page's head.
      const preload = options.profile && (options.profile.via ?? 'url') === 'url' ? { profileUri: `${origin}/profile` } : {};
      const page = flameHtml({ cspSource: origin, scriptUri: `${origin}/dist/flame.js`, styleUri: `${origin}/media/flame/flame.css`, ...preload });
      const { nonce } = page;
      let html = page.html;
      if (options.csp) html = html.replace(/(http-equiv="Content-Security-Policy" content=")([^"]*)"/, (_, head: string, policy: string) => `${head}${options.csp!(policy)}"`);
      // Like the editor: on `ready`, the file's url (or, where asked, its bytes).
      const profile = options.profile;
      const name = JSON.stringify(profile?.name ?? '');
      const sendBytes = `fetch('/profile').then((r) => r.arrayBuffer()).then((b) => window.postMessage({ type: 'load', fileName: ${name}, bytes: new Uint8Array(b) }, '*'));`;
      const onReady = !profile
        ? ''
        : profile.via === 'bytes'
          ? `if (m.type === 'ready') ${sendBytes}`
          : `if (m.type === 'ready') window.postMessage({ type: 'load', fileName: ${name}, url: '${profile.via === 'broken-url' ? '/missing' : '/profile'}', size: ${fs.statSync(profile.file).size} }, '*');
             if (m.type === 'sendBytes') ${sendBytes}`;
      // The stub stands in for VS Code: it records messages and sets the theme variables, as VS Code does on <html>.
      const stub = `<script nonce="${nonce}">
window.__sent = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => { window.__sent.push(m); ${onReady} }, getState: () => undefined, setState: () => undefined });
const vars = ${JSON.stringify(theme)};
for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
document.addEventListener('DOMContentLoaded', () => document.body.classList.add(${JSON.stringify(options.bodyClass ?? 'vscode-dark')}));
</script>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html.replace('<div id="app"></div>', `<div id="app"></div>\n${stub}`));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const allowed = ['/dist/flame.js', '/dist/flame.js.map', '/media/flame/flame.css'];
    if (!allowed.includes(url.pathname)) {
      res.writeHead(404).end();
      return;
    }
    const file = path.join(repoRoot, url.pathname);
    res.writeHead(200, { 'content-type': url.pathname.endsWith('.css') ? 'text/css' : 'text/javascript' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, profileRequests: () => profileRequests, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/**
 * Chromium writes outside its profile folder (crash-report settings in ~/.config/chromium, dconf's
 * ~/.cache/dconf, NSS's ~/.pki): it gets a home of its own, removed when the browser closes.
 */
export async function launchChromium(): Promise<Browser> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-chromium-home-'));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') };
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true, env });
  browser.on('disconnected', () => fs.rmSync(home, { recursive: true, force: true }));
  return browser;
}

/** Opens the page and sends it a file the way the editor does (bytes by postMessage). */
export async function openProfile(page: Page, url: string, fileName: string, bytes: Uint8Array | string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string }> }).__sent.some((m) => m.type === 'ready'));
  const data = Buffer.from(bytes).toString('base64');
  await page.evaluate(
    ([name, b64]) => {
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      window.postMessage({ type: 'load', fileName: name, bytes }, '*');
    },
    [fileName, data] as const,
  );
  await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error');
}

export async function sent<T = { type: string }>(page: Page): Promise<T[]> {
  return page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent) as Promise<T[]>;
}

/** Opens the page and sends it two files to compare, as the compare command does. */
export async function openComparison(page: Page, url: string, before: [string, string], after: [string, string]): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string }> }).__sent.some((m) => m.type === 'ready'));
  await page.evaluate(
    ([b, a]) => {
      const enc = new TextEncoder();
      window.postMessage({ type: 'compare', before: { fileName: b[0], bytes: enc.encode(b[1]) }, after: { fileName: a[0], bytes: enc.encode(a[1]) } }, '*');
    },
    [before, after] as const,
  );
  await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error');
}

/** The pages one test file serves: `serve` starts one (as `serveFlamePage`), `closeAll` stops them all. */
export function servedPages(): { serve: typeof serveFlamePage; closeAll: () => Promise<void> } {
  const harnesses: Harness[] = [];
  return {
    serve: async (...args) => {
      const h = await serveFlamePage(...args);
      harnesses.push(h);
      return h;
    },
    closeAll: async () => {
      for (const h of harnesses.splice(0)) await h.close();
    },
  };
}
