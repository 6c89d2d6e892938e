// Debian's Chromium driven by playwright-core: the browser that shows code-server's workbench.
// No browser is downloaded; scripts/ensure-chromium.sh installs the Debian package.
import { chromium } from 'playwright-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const chromiumPath = process.env.HOTPATH_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Chromium writes outside its profile folder (crash-report settings in ~/.config/chromium, dconf's
 * ~/.cache/dconf, NSS's ~/.pki): it gets a home of its own, removed when the browser closes.
 */
export async function launchBrowser() {
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run scripts/ensure-chromium.sh (as root)`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-chromium-home-'));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') },
  });
  browser.on('disconnected', () => fs.rmSync(home, { recursive: true, force: true }));
  return browser;
}

/**
 * A page at `url`. Its console (where the extension host's console, mocha's report included,
 * is forwarded) is copied to `consoleFile` when given; errors are kept for the report.
 */
export async function openWorkbench(browser, url, consoleFile) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleErrors = [];
  const log = consoleFile ? fs.createWriteStream(consoleFile) : undefined;
  page.on('console', (m) => {
    log?.write(`[${m.type()}] ${m.text()}\n`);
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('close', () => log?.end());
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { page, consoleErrors };
}
