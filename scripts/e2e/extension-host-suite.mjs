// Runs the mocha suite (client/src/test/) inside code-server's extension host: the extension is
// loaded from the repository (extensionDevelopmentPath), the suite from out/test/index.js.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTests, repoRoot } from './build-tests.mjs';
import { openWorkbench } from './browser.mjs';
import { makeProfile, startCodeServer, workbenchUrl } from './code-server.mjs';

/**
 * A fresh copy of a fixture, since the suite edits files and writes workspace settings. It lives
 * outside the repository: inside it, the repository's .gitignore (test-results/) would apply
 * and Hotpath would rightly skip every file.
 */
export function copyFixture(name) {
  const dest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-e2e-')), name);
  fs.cpSync(path.join(repoRoot, 'test-fixtures', name), dest, { recursive: true });
  return dest;
}

/** Resolves with the suite's results once its file appears, or rejects when the host exits without one. */
function waitForResults(server, file, timeoutMs) {
  return new Promise((resolve, reject) => {
    const finish = (err, value) => {
      clearInterval(poll);
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value);
    };
    const read = () => {
      if (!fs.existsSync(file)) return false;
      finish(undefined, JSON.parse(fs.readFileSync(file, 'utf8')));
      return true;
    };
    const poll = setInterval(read, 250);
    const timer = setTimeout(() => finish(new Error(`no results after ${timeoutMs / 1000} s`)), timeoutMs);
    server
      .waitForLine(/Extension Host Process exited with code/, timeoutMs, 'the extension host to exit')
      .then((line) => setTimeout(() => read() || finish(new Error(`the extension host exited without results: ${line}`)), 1_000))
      .catch(() => {});
  });
}

export async function runExtensionHostSuite({ bin, browser, outDir, grep }) {
  const testsPath = await buildTests();
  const profile = makeProfile(path.join(outDir, 'suite'));
  const workspace = copyFixture('express-app');
  const resultsFile = path.join(profile.dir, 'results.json');
  const env = { HOTPATH_E2E_RESULTS: resultsFile, ...(grep ? { HOTPATH_E2E_GREP: grep } : {}) };
  const server = await startCodeServer(bin, profile, workspace, env);
  const started = Date.now();
  let page;
  try {
    const url = workbenchUrl(server, workspace, { extensionDevelopmentPath: repoRoot, extensionTestsPath: testsPath });
    ({ page } = await openWorkbench(browser, url, path.join(profile.dir, 'console.log')));
    const results = await waitForResults(server, resultsFile, 5 * 60_000);
    results.seconds = (Date.now() - started) / 1000;
    return results;
  } finally {
    if (page) await page.screenshot({ path: path.join(outDir, 'suite-end.png') }).catch(() => {});
    await page?.close().catch(() => {});
    await server.stop();
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  }
}
