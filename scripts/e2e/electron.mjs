#!/usr/bin/env node
// The same extension-host suite in a desktop VS Code, through @vscode/test-electron.
// HOTPATH_VSCODE_EXECUTABLE names the VS Code to use (e.g. /usr/share/code/code, or
// "C:\Program Files\Microsoft VS Code\Code.exe"); without it test-electron downloads the latest
// stable build, which needs internet access (CI uses scripts/e2e/run.mjs, which does not).
import { runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTests, repoRoot } from './build-tests.mjs';
import { copyFixture } from './extension-host-suite.mjs';

export function electronOptions({ executable, testsPath, workspace, scratch }) {
  return {
    ...(executable ? { vscodeExecutablePath: executable } : {}),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsPath,
    extensionTestsEnv: { HOTPATH_E2E_RESULTS: path.join(scratch, 'results.json') },
    launchArgs: [
      workspace,
      // Only Hotpath (and VS Code's built-ins): other installed extensions would add diagnostics.
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      path.join(scratch, 'user-data'),
      // Else test-electron puts an extensions folder in the repository (.vscode-test/).
      `--extensions-dir=${path.join(scratch, 'extensions')}`,
    ],
  };
}

async function main() {
  const executable = process.env.HOTPATH_VSCODE_EXECUTABLE;
  if (executable && !fs.existsSync(executable)) throw new Error(`HOTPATH_VSCODE_EXECUTABLE=${executable} does not exist`);
  const { spawnSync } = await import('node:child_process');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const testsPath = await buildTests();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-electron-'));
  const workspace = copyFixture('express-app');
  try {
    const code = await runTests(electronOptions({ executable, testsPath, workspace, scratch }));
    const resultsFile = path.join(scratch, 'results.json');
    if (fs.existsSync(resultsFile)) {
      const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      console.log(`extension-host suite in desktop VS Code: ${results.passed} passed, ${results.failed} failed`);
    }
    process.exitCode = code;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
