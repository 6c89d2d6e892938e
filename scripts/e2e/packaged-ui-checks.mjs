// The packaged extension, as a user gets it: `npm run package`, `code-server --install-extension`
// into an empty extensions folder, then the workbench in Chromium with no development path, so
// everything seen comes from the .vsix (a .vscodeignore that drops a file shows up here).
// UI checks on the way: squiggles on the right lines, the hover, the quick-fix menu, the status
// bar, and a .cpuprofile in the flame-graph editor (parsed in the page's worker, frames drawn, a
// function named in the tooltip).
// Screenshots go to test-results/e2e/ for a person to look at.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { repoRoot } from './build-tests.mjs';
import { openWorkbench } from './browser.mjs';
import { installExtension, makeProfile, startCodeServer, workbenchUrl } from './code-server.mjs';
import { copyFixture } from './extension-host-suite.mjs';
import { zipEntries } from './zip-entries.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;
// `npm run package` passes --target <platform>-<arch> (the .vsix carries esbuild's native binary).
export const vsixPath = path.join(repoRoot, `${manifest.name}-${process.platform}-${process.arch}-${manifest.version}.vsix`);

/** Builds the .vsix with `npm run package`, then puts the development build back in dist/. */
export function buildVsix(npm) {
  fs.rmSync(vsixPath, { force: true });
  try {
    npm('package');
  } finally {
    // vsce runs vscode:prepublish, which leaves minified bundles without source maps in dist/.
    npm('build');
  }
  if (!fs.existsSync(vsixPath)) throw new Error(`npm run package did not produce ${vsixPath}`);
  return { path: vsixPath, bytes: fs.statSync(vsixPath).size };
}

/** Opens a workspace file through Quick Open, as a user would. */
async function openFile(page, relative, timeout = 30_000) {
  await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(relative);
  // Wait for the row of this very file: the list first shows the previous query's rows (recently
  // opened files), and an Enter pressed on one of those opens the wrong file (a CI run failed so).
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: path.basename(relative) }).first();
  await row.waitFor({ timeout });
  await row.click();
  await page.locator(`.tab.active[aria-label^="${path.basename(relative)}"]`).waitFor({ timeout });
}

/**
 * The webview frame (VS Code nests it: iframe.webview > #active-frame) that holds the flame graph's
 * canvas and, with several open, that `accept`s.
 */
async function flameGraphFrame(page, timeoutMs, accept = async () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame.locator(flameCanvas).count().catch(() => 0);
      if (found > 0 && (await accept(frame).catch(() => false))) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame shows ${flameCanvas} after ${timeoutMs / 1000} s (frames: ${page.frames().map((f) => f.url().slice(0, 60)).join(', ')})`);
}
const flameCanvas = 'canvas[aria-label="Flame graph of the profile"]';
const flameProfile = 'hotpath-cli.cpuprofile';

/** Line numbers (1-based) of the editor lines that carry a squiggle of `kind` (warning, error). */
async function squiggleLines(page, kind) {
  return page.evaluate((cls) => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    if (!editor) return [];
    const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].map((el) => ({ box: el.getBoundingClientRect(), n: Number(el.textContent) }));
    const lines = new Set();
    for (const sq of editor.querySelectorAll(`.view-overlays .${cls}`)) {
      const box = sq.getBoundingClientRect();
      const middle = box.top + box.height / 2;
      const line = numbers.find((l) => l.box.top <= middle && middle <= l.box.bottom);
      if (line) lines.add(line.n);
    }
    return [...lines].sort((a, b) => a - b);
  }, `squiggly-${kind}`);
}

/** The middle of the first squiggle, read in one go (the editor re-renders its overlays often). */
async function squiggleCenter(page, kind) {
  const handle = await page.waitForFunction(
    (cls) => {
      for (const el of document.querySelectorAll(`.editor-instance .monaco-editor .view-overlays .${cls}`)) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) return { x: r.left + r.width / 2, y: r.top + r.height / 2, height: r.height };
      }
      return false;
    },
    `squiggly-${kind}`,
    { timeout: 10_000 },
  );
  return handle.jsonValue();
}

export async function checkPackagedExtension({ bin, browser, outDir, npm }) {
  const checks = [];
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      checks.push({ name, ok: true, detail });
      return true;
    } catch (err) {
      checks.push({ name, ok: false, detail: err instanceof Error ? err.message : String(err) });
      return false;
    }
  };
  const shot = (page, name) => page.screenshot({ path: path.join(outDir, name) });

  let vsix;
  if (!(await check('npm run package builds the .vsix', () => {
    vsix = buildVsix(npm);
    return `${path.basename(vsix.path)}, ${(vsix.bytes / 1024).toFixed(0)} kB`;
  }))) return checks;

  // The guide's rule for the package: bundles, media styles, grammars, rule docs and the manifest; no sources.
  await check('the .vsix ships only bundles, styles, grammars, docs and the manifest', () => {
    const shipped = zipEntries(vsix.path).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    const allowed = [/^dist\/[\w-]+\.(js|wasm)$/, /^dist\/esbuild\/(package\.json|lib\/main\.js|bin\/esbuild(\.exe)?)$/, /^media\/.+\.(css|png|svg)$/, /^syntaxes\/[\w.-]+\.json$/, /^docs\/rules\/[\w-]+\.md$/, /^(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i];
    const unexpected = shipped.filter((n) => !allowed.some((re) => re.test(n)));
    if (unexpected.length > 0) throw new Error(`unexpected files in the .vsix: ${unexpected.join(', ')}`);
    for (const needed of ['dist/extension.js', 'dist/server.js', 'dist/flame.js', 'media/flame/flame.css']) if (!shipped.includes(needed)) throw new Error(`${needed} is missing from the .vsix`);
    return `${shipped.length} files`;
  });

  const profile = makeProfile(path.join(outDir, 'vsix'));
  if (!(await check('code-server --install-extension installs it', () => {
    const listed = installExtension(bin, profile, vsix.path);
    const expected = `${extensionId}@${manifest.version}`;
    if (!listed.includes(expected)) throw new Error(`--list-extensions shows [${listed.join(', ')}], not ${expected}`);
    return listed.join(', ');
  }))) return checks;

  const workspace = copyFixture('express-app');
  fs.copyFileSync(path.join(repoRoot, 'test-fixtures/profiles', flameProfile), path.join(workspace, flameProfile));
  const server = await startCodeServer(bin, profile, workspace);
  let page;
  try {
    ({ page } = await openWorkbench(browser, workbenchUrl(server, workspace), path.join(profile.dir, 'console.log')));
    const statusItem = page.locator('.statusbar-item', { hasText: /Hotpath/ });

    await check('the installed extension activates and its status bar item counts the findings', async () => {
      await openFile(page, 'src/routes/files.ts');
      await statusItem.filter({ hasText: /Hotpath 4\b/ }).waitFor({ timeout: 60_000 });
      const loaded = fs.readdirSync(profile.extensionsDir).find((d) => d.startsWith(`${extensionId}-`));
      if (!loaded) throw new Error(`nothing in ${profile.extensionsDir}`);
      for (const needed of ['dist/extension.js', 'dist/server.js', 'docs/rules/sync-in-handler.md']) {
        if (!fs.existsSync(path.join(profile.extensionsDir, loaded, needed))) throw new Error(`${needed} is missing from the installed extension`);
      }
      return `"${(await statusItem.first().innerText()).trim()}" from ${loaded}`;
    });

    const squiggles = await check('squiggles mark the blocking call in files.ts (line 10 only)', async () => {
      await page.locator('.editor-instance .squiggly-warning').first().waitFor({ timeout: 30_000 });
      const lines = await squiggleLines(page, 'warning');
      if (JSON.stringify(lines) !== '[10]') throw new Error(`warning squiggles on lines [${lines}]`);
      await shot(page, 'diagnostics.png');
      return 'diagnostics.png';
    });

    if (squiggles) {
      await check('the hover explains the finding', async () => {
        const at = await squiggleCenter(page, 'warning');
        await page.mouse.move(at.x - 20, at.y);
        await page.mouse.move(at.x, at.y, { steps: 5 });
        // The diagnostic's own part shows first; Hotpath's hover provider answers a moment later.
        const hover = page.locator('.monaco-hover', { hasText: 'Rule documentation' });
        await hover.waitFor({ timeout: 15_000 });
        const text = await hover.innerText();
        for (const expected of ['Hotpath: sync-in-handler', 'fs.readFileSync', 'GET /:name', 'Rule documentation']) {
          if (!text.includes(expected)) throw new Error(`the hover lacks "${expected}": ${text}`);
        }
        await shot(page, 'hover.png');
        return 'hover.png';
      });

      await check('the quick-fix lightbulb menu lists Hotpath\'s fixes', async () => {
        await page.keyboard.press('Escape');
        const at = await squiggleCenter(page, 'warning');
        await page.mouse.click(at.x, at.y);
        // The lightbulb appears once every code action provider has answered for the cursor
        // (TypeScript's first answer can take seconds while its server loads the project).
        // Before that, a bulb may still stand on the line the cursor came from. VS Code draws it
        // on the cursor's line, or on the line above when the code leaves it no room.
        await page.waitForFunction(
          ({ y, lineHeight }) => {
            const r = document.querySelector('.editor-instance .lightBulbWidget')?.getBoundingClientRect();
            const middle = r && (r.top + r.bottom) / 2;
            return r !== undefined && r.height > 0 && middle > y - 1.5 * lineHeight && middle < y + lineHeight / 2;
          },
          { y: at.y, lineHeight: at.height },
          { timeout: 30_000 },
        );
        await page.locator('.editor-instance .lightBulbWidget').click();
        const menu = page.locator('.action-widget');
        await menu.waitFor({ timeout: 15_000 });
        const text = await menu.innerText();
        for (const title of ['Use await readFile from fs/promises', 'Ignore sync-in-handler on this line']) {
          if (!text.includes(title)) throw new Error(`the menu lacks "${title}": ${text}`);
        }
        await shot(page, 'quick-fix-menu.png');
        await page.keyboard.press('Escape');
        return 'quick-fix-menu.png';
      });
    }

    // heavy-import measures with the esbuild the .vsix ships in dist/esbuild/ (no node_modules in
    // a .vsix): a measured size in an inlay hint proves the installed server loaded it. The front
    // end goes in after the checks above (it would change the status bar's count).
    await check('heavy-import measures an import size (inlay hint "kB gzip" on lodash-es in web/src/lib/dates.ts)', async () => {
      await page.keyboard.press('Escape');
      const web = path.join(workspace, 'web');
      // Only the package measured: a copy, not a link to the repository's node_modules. Copied
      // before the sources: the server measures as soon as it sees dates.ts, and a half-copied
      // package failed to bundle ('Could not resolve "./_hashSet.js"'), a failure it keeps.
      fs.cpSync(path.join(repoRoot, 'node_modules/lodash-es'), path.join(web, 'node_modules/lodash-es'), { recursive: true });
      fs.cpSync(path.join(repoRoot, 'test-fixtures/front-end-app'), web, { recursive: true });
      // Quick Open's file search does not list files added after it started: its absolute path opens it.
      // Under load the file watcher can take a while to report the new folder: retry a few times.
      for (let attempt = 1; ; attempt++) {
        await page.waitForTimeout(1_000 * attempt);
        try {
          await openFile(page, path.join(web, 'src/lib/dates.ts'), 15_000);
          break;
        } catch (err) {
          await page.keyboard.press('Escape');
          if (attempt === 4) {
            await shot(page, 'import-size.png').catch(() => {});
            throw err;
          }
        }
      }
      const handle = await page.waitForFunction(() => {
        const lines = document.querySelector('.editor-instance .monaco-editor .view-lines');
        // The editor renders spaces as no-break spaces.
        return lines?.textContent.match(/[\d.]+\s*kB\sgzip/)?.[0].replace(/\s/g, ' ') ?? false;
      }, undefined, { timeout: 60_000 }).catch(async () => {
        const text = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText().catch(() => '');
        throw new Error(`no "kB gzip" inlay hint within 60 s; the editor shows: ${text.slice(0, 300)}`);
      });
      const hint = await handle.jsonValue();
      await shot(page, 'import-size.png');
      return `"${hint}"; import-size.png`;
    });

    await check(`the flame graph opens for ${flameProfile}, draws frames and names a function in its tooltip`, async () => {
      await page.keyboard.press('Escape');
      // A double-click in the explorer opens a .cpuprofile in Hotpath's custom editor
      // (hotpath.flameGraph), the default for the file type.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: flameProfile }).first().dblclick();
      await page.locator(`.tab.active[aria-label^="${flameProfile}"]`).waitFor({ timeout: 15_000 });
      const frame = await flameGraphFrame(page, 60_000);
      const canvas = frame.locator(flameCanvas);
      await frame.waitForFunction((sel) => document.querySelector(sel)?.dataset.drawMs !== undefined, flameCanvas, { timeout: 30_000 });
      // The page parses in a Web Worker started from a Blob; VS Code's webview origin and CSP must allow it.
      const parsedIn = await frame.evaluate(() => document.body.dataset.parsedIn);
      if (parsedIn !== 'worker') throw new Error(`the profile was parsed ${parsedIn === 'page' ? 'on the page: the webview could not start the parse worker' : `in "${parsedIn}"`}`);
      // Drawn frames: pixels unlike the background (the bottom-right corner, below the deepest stack).
      const pixels = await canvas.evaluate((c) => {
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const at = (i) => `${data[i]},${data[i + 1]},${data[i + 2]}`;
        const background = at(data.length - 4);
        const colours = new Set();
        let drawn = 0;
        for (let i = 0; i < data.length; i += 4) {
          const colour = at(i);
          if (colour !== background) drawn++;
          if (colours.size < 1000) colours.add(colour);
        }
        return { drawn, total: data.length / 4, colours: colours.size };
      });
      if (pixels.drawn < pixels.total * 0.02 || pixels.colours < 3) {
        throw new Error(`the canvas looks empty: ${pixels.drawn} of ${pixels.total} pixels drawn, ${pixels.colours} colours`);
      }
      // Hover frames row by row (18 px rows from the top) until the tooltip names a profiled function.
      const profiled = new Set(
        JSON.parse(fs.readFileSync(path.join(repoRoot, 'test-fixtures/profiles', flameProfile), 'utf8'))
          .nodes.map((n) => n.callFrame.functionName)
          .filter((name) => name && !name.startsWith('(')),
      );
      const box = await canvas.boundingBox();
      const seen = [];
      let named;
      for (let row = 1; row < 12 && !named; row++) {
        const x = box.x + box.width * 0.4;
        const y = box.y + row * 18 + 9;
        await page.mouse.move(x - 10, y);
        await page.mouse.move(x, y, { steps: 3 });
        const tip = await frame.waitForFunction(() => {
          const el = document.getElementById('tooltip');
          return el && !el.hidden && el.querySelector('.tt-name')?.textContent;
        }, undefined, { timeout: 5_000 }).then((h) => h.jsonValue(), () => undefined);
        if (tip) seen.push(tip);
        if (tip && profiled.has(tip)) named = tip;
      }
      if (!named) throw new Error(`no tooltip named a function of ${flameProfile}; tooltips seen: [${seen.join(', ')}]`);
      await shot(page, 'flame-graph.png');
      return `parsed in a worker; ${pixels.drawn} of ${pixels.total} pixels drawn in ${pixels.colours} colours; tooltip "${named}"; flame-graph.png`;
    });

    await check('a profile of a bundle with a source map shows the generated and the original position in the tooltip', async () => {
      // The source-map fixture, bundled with a map and profiled into the workspace now (after the
      // checks that count findings).
      const dir = path.join(workspace, 'sourcemapped');
      fs.cpSync(path.join(repoRoot, 'test-fixtures/profiles/sourcemapped'), dir, { recursive: true });
      const source = path.join(dir, 'src', 'app.ts');
      const hotLine = fs.readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes('function hotLoop'));
      const bundle = path.join(dir, 'dist', 'app.js');
      buildSync({ entryPoints: [source], outfile: bundle, bundle: true, platform: 'node', sourcemap: true, logLevel: 'silent' });
      execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${workspace}`, '--cpu-prof-name=sourcemapped.cpuprofile', bundle], { stdio: 'ignore' });
      await page.keyboard.press('Escape');
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sourcemapped.cpuprofile' }).first().dblclick({ timeout: 30_000 });
      await page.locator('.tab.active[aria-label^="sourcemapped.cpuprofile"]').waitFor({ timeout: 15_000 });
      const frame = await flameGraphFrame(page, 60_000, async (f) => (await f.locator('#table td.name', { hasText: /^hotLoop$/ }).count()) > 0);
      // The table shows originals once the extension has answered the page's request.
      await frame.waitForFunction(() => document.querySelector('#table td.file[title]'), undefined, { timeout: 30_000 });
      const canvas = frame.locator(flameCanvas);
      const box = await canvas.boundingBox();
      let found;
      for (let row = 1; row < 30 && !found; row++) {
        for (const fx of [0.2, 0.5, 0.8]) {
          const x = box.x + box.width * fx;
          const y = box.y + row * 18 + 9;
          await page.mouse.move(x - 5, y);
          await page.mouse.move(x, y, { steps: 2 });
          const tip = await frame.waitForFunction(() => {
            const el = document.getElementById('tooltip');
            return el && !el.hidden && [...el.children].map((c) => c.textContent);
          }, undefined, { timeout: 1_500 }).then((h) => h.jsonValue(), () => undefined);
          if (tip?.[0] === 'hotLoop') {
            found = tip;
            break;
          }
        }
      }
      if (!found) throw new Error('no frame of the flame graph is hotLoop');
      const [, generated, original] = found;
      if (!generated.startsWith(`${bundle}:`)) throw new Error(`the tooltip's position is ${generated}, not in ${bundle}`);
      if (!new RegExp(`^↳ sourcemapped/src/app\\.ts:${hotLine + 1}:\\d+ \\(source map\\)$`).test(original)) throw new Error(`the tooltip's original position is "${original}", not line ${hotLine + 1} of sourcemapped/src/app.ts`);
      await shot(page, 'flame-source-map.png');
      return `"${generated}" and "${original}"; flame-source-map.png`;
    });
  } finally {
    if (page) await shot(page, 'vsix-end.png').catch(() => {});
    await page?.close().catch(() => {});
    await server.stop();
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  }
  return checks;
}
