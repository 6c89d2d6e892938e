// Checks `npm run demo` as a newcomer uses it: run the command, open the URL it prints, and see
// Hotpath's findings for every rule in the demo workspace.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './build-tests.mjs';
import { openWorkbench } from './browser.mjs';

/** Every rule finds one thing in test-fixtures/demo-workspace (see its README). */
const expectedFindings = 4;

function waitForUrl(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`npm run demo printed no URL in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const url = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(output);
      if (url) {
        clearTimeout(timer);
        resolve(url[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run demo exited (${code}) before printing a URL:\n${output}`));
    });
  });
}

export async function checkDemo({ browser, outDir }) {
  // Its own process group, so stopping it reaches npm, the demo script and code-server.
  const child = spawn('npm', ['run', '--silent', 'demo'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const checks = [];
  let page;
  try {
    const url = await waitForUrl(child, 120_000);
    checks.push({ name: 'npm run demo prints a loopback URL', ok: true, detail: url.slice(0, url.indexOf('?')) });
    ({ page } = await openWorkbench(browser, url));
    const status = page.locator('.statusbar-item', { hasText: new RegExp(`Hotpath ${expectedFindings}\\b`) });
    try {
      await status.waitFor({ timeout: 60_000 });
      // Show where the findings are: the Problems panel lists every rule's finding.
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel');
      await problems.waitFor({ timeout: 15_000 });
      // The panel's list is virtual: rows below its fold are not in the page (a CI run under load
      // showed three of the four). Read, scroll, read again, for up to 15 s.
      const rules = ['sync-in-handler', 'n-plus-one', 'heavy-import', 'image-dimensions'];
      let text = '';
      for (const deadline = Date.now() + 15_000; ; ) {
        text += `\n${await problems.innerText()}`;
        if (rules.every((rule) => text.includes(rule)) || Date.now() > deadline) break;
        await problems.locator('.monaco-list').first().hover().catch(() => {});
        await page.mouse.wheel(0, 150);
        await page.waitForTimeout(250);
      }
      const missing = rules.filter((rule) => !text.includes(rule));
      if (missing.length > 0) throw new Error(`the Problems panel lacks ${missing.join(', ')}:\n${text}`);
      await page.mouse.wheel(0, -1_000);
      await page.screenshot({ path: path.join(outDir, 'demo.png') });
      checks.push({ name: `the demo workspace shows ${expectedFindings} findings, one per rule`, ok: true, detail: 'demo.png' });
    } catch (err) {
      await page.screenshot({ path: path.join(outDir, 'demo.png') }).catch(() => {});
      checks.push({ name: `the demo workspace shows ${expectedFindings} findings, one per rule`, ok: false, detail: err instanceof Error ? err.message : String(err) });
    }
  } catch (err) {
    checks.push({ name: 'npm run demo prints a loopback URL', ok: false, detail: err instanceof Error ? err.message : String(err) });
  } finally {
    await page?.close().catch(() => {});
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
  }
  return checks;
}
