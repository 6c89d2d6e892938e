/**
 * Entry point VS Code calls in the extension host (`extensionTestsPath`), for both runners:
 * scripts/e2e/run.mjs (code-server in Chromium) and scripts/e2e/electron.mjs (desktop VS Code).
 * Runs the mocha suite and writes the results as JSON where HOTPATH_E2E_RESULTS says, because
 * in code-server the extension host's console is not the runner's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface CaseResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  cases: CaseResult[];
  /** Set when the suite could not run at all. */
  error?: string;
}

function writeResults(results: SuiteResults): void {
  const file = process.env.HOTPATH_E2E_RESULTS;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
}

async function loadSuites(mocha: Mocha): Promise<void> {
  // Mocha's BDD globals (describe, it, before…) must exist before a suite module runs.
  mocha.suite.emit('pre-require', globalThis, 'hotpath-e2e', mocha);
  await import('./diagnostics.e2e.js');
  await import('./hover.e2e.js');
  await import('./code-actions.e2e.js');
  await import('./settings.e2e.js');
  await import('./commands.e2e.js');
  await import('./profile.e2e.js');
  await import('../profile/flame-editor.e2e.js');
  await import('../profile/profile-link.e2e.js');
  // Last: it replaces the server process the other cases talk to.
  await import('./restart.e2e.js');
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.HOTPATH_E2E_GREP;
  if (grep) mocha.grep(grep);
  const results: SuiteResults = { passed: 0, failed: 0, cases: [] };
  try {
    await loadSuites(mocha);
  } catch (err) {
    writeResults({ ...results, failed: 1, error: `loading the suite failed: ${err instanceof Error ? err.stack : String(err)}` });
    throw err;
  }
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      results.passed++;
      results.cases.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
    });
    runner.on('fail', (test, err: Error) => {
      results.failed++;
      results.cases.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: err.stack ?? String(err) });
    });
  });
  writeResults(results);
  if (results.failed > 0 || results.passed === 0) throw new Error(`${results.failed} of ${results.passed + results.failed} extension-host tests failed`);
}
