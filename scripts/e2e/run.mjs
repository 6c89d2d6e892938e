#!/usr/bin/env node
// Hotpath in a real VS Code (code-server in headless Chromium), run by scripts/test.sh:
//  1. the extension-host suite (client/src/test/) against the repository's build;
//  2. `npm run package`, the .vsix installed into a clean code-server, and UI checks there
//     (squiggles, hover, quick-fix menu, status bar) with screenshots in test-results/e2e/;
//  3. `npm run demo`: the URL it prints shows a finding of every rule.
// Exits non-zero when anything fails, including a missing prerequisite.
// Options: --suite-only, --ui-only, --grep <text> (suite cases whose title matches).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './build-tests.mjs';
import { launchBrowser } from './browser.mjs';
import { installCodeServer } from './code-server.mjs';
import { runExtensionHostSuite } from './extension-host-suite.mjs';
import { checkDemo } from './demo-check.mjs';
import { checkPackagedExtension } from './packaged-ui-checks.mjs';

const args = process.argv.slice(2);
const only = args.includes('--suite-only') ? 'suite' : args.includes('--ui-only') ? 'ui' : undefined;
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args[grepAt + 1] : undefined;
const outDir = path.join(repoRoot, 'test-results/e2e');

function npm(...npmArgs) {
  const result = spawnSync('npm', ['run', '--silent', ...npmArgs], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${npmArgs.join(' ')} failed (exit ${result.status})`);
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  let t = Date.now();
  const bin = installCodeServer();
  console.log(`e2e: code-server ready (${seconds(t)} s)`);
  npm('build');
  const browser = await launchBrowser();
  let failed = 0;
  try {
    if (only !== 'ui') {
      t = Date.now();
      const results = await runExtensionHostSuite({ bin, browser, outDir, grep });
      for (const c of results.cases) {
        console.log(`  ${c.state === 'passed' ? '✔' : '✘'} ${c.title} (${c.durationMs} ms)`);
        if (c.error) console.log(c.error.replace(/^/gm, '      '));
      }
      if (results.error) console.log(results.error);
      console.log(`e2e: extension-host suite: ${results.passed} passed, ${results.failed} failed (${seconds(t)} s)`);
      if (results.failed > 0 || results.passed === 0 || results.error) failed++;
    }
    if (only !== 'suite') {
      t = Date.now();
      const checks = await checkPackagedExtension({ bin, browser, outDir, npm });
      for (const c of checks) console.log(`  ${c.ok ? '✔' : '✘'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
      const bad = checks.filter((c) => !c.ok).length;
      console.log(`e2e: packaged extension and UI: ${checks.length - bad} passed, ${bad} failed (${seconds(t)} s); screenshots in ${path.relative(repoRoot, outDir)}/`);
      if (bad > 0) failed++;
      t = Date.now();
      const demo = await checkDemo({ browser, outDir });
      for (const c of demo) console.log(`  ${c.ok ? '✔' : '✘'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
      console.log(`e2e: npm run demo: ${demo.filter((c) => c.ok).length} passed, ${demo.filter((c) => !c.ok).length} failed (${seconds(t)} s)`);
      if (demo.some((c) => !c.ok)) failed++;
    }
  } finally {
    await browser.close();
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(`e2e: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
