/**
 * A `.cpuprofile` opens in Hotpath's flame-graph editor (the Hotpath: Open Flame Graph command,
 * as the explorer's context menu runs it).
 * and by a plain open (a double-click in the explorer). VS Code's built-in "Table Visualizer for
 * JavaScript Profiles" is also a default editor for *.cpuprofile; the manifest's
 * `configurationDefaults` associates the pattern with Hotpath's editor.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateHotpath, closeAll, extensionId, fileUri, poll } from './helpers';

describe('CPU profiles', () => {
  before(activateHotpath);
  after(closeAll);

  it('Hotpath: Open Flame Graph shows a .cpuprofile in the flame-graph editor', async () => {
    // The profile of `hotpath check` kept with the repository's fixtures (the extension under
    // test is loaded from the repository).
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const source = vscode.Uri.joinPath(extension.extensionUri, 'test-fixtures', 'profiles', 'hotpath-cli.cpuprofile');
    const profile = fileUri('profiles/hotpath-cli.cpuprofile');
    await vscode.workspace.fs.copy(source, profile, { overwrite: true });

    await vscode.commands.executeCommand('hotpath.openFlameGraph', profile);
    const tab = await poll(() => {
      const active = vscode.window.tabGroups.activeTabGroup.activeTab;
      return active?.input instanceof vscode.TabInputCustom ? active : undefined;
    }, 'a custom editor tab');
    const input = tab.input as vscode.TabInputCustom;
    assert.equal(input.viewType, 'hotpath.flameGraph');
    assert.equal(input.uri.fsPath, profile.fsPath);
    assert.equal(tab.label, 'hotpath-cli.cpuprofile');

    // That the page then parses and draws the profile: client/src/profile/flame-editor.e2e.ts.
  });

  it('a plain open (double-click) of a .cpuprofile shows the flame-graph editor', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const profile = fileUri('profiles/hotpath-cli.cpuprofile');
    await vscode.commands.executeCommand('vscode.open', profile);
    const tab = await poll(() => {
      const active = vscode.window.tabGroups.activeTabGroup.activeTab;
      return active?.input instanceof vscode.TabInputCustom ? active : undefined;
    }, 'a custom editor tab');
    assert.equal((tab.input as vscode.TabInputCustom).viewType, 'hotpath.flameGraph');
  });
});
