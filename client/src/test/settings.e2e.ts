/**
 * `hotpath.rules` changes take effect without a reload: a severity override re-colours the
 * diagnostics, `off` removes them, and clearing the setting restores the default.
 */
import * as vscode from 'vscode';
import { activateHotpath, fileUri, waitForCount } from './helpers';

async function setRules(rules: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('hotpath').update('rules', rules, vscode.ConfigurationTarget.Workspace);
}

const severity = (s: vscode.DiagnosticSeverity) => (ds: vscode.Diagnostic[]) => ds.every((d) => d.severity === s);

describe('settings', () => {
  before(activateHotpath);
  after(() => setRules(undefined));

  it('a severity override applies to every finding', async () => {
    await setRules({ 'sync-in-handler': 'error' });
    await waitForCount(fileUri('src/routes/files.ts'), 1, severity(vscode.DiagnosticSeverity.Error));
    await waitForCount(fileUri('src/services/report-renderer.ts'), 1, severity(vscode.DiagnosticSeverity.Error));
  });

  it('turning the rule off removes its diagnostics, in unopened files too', async () => {
    await setRules({ 'sync-in-handler': 'off' });
    await waitForCount(fileUri('src/routes/files.ts'), 0);
    await waitForCount(fileUri('src/routes/auth.ts'), 0);
  });

  it('clearing the setting restores the default severity', async () => {
    await setRules(undefined);
    await waitForCount(fileUri('src/routes/files.ts'), 1, severity(vscode.DiagnosticSeverity.Warning));
    await waitForCount(fileUri('src/routes/auth.ts'), 1, severity(vscode.DiagnosticSeverity.Warning));
  });
});
