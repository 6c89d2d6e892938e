/** The commands the status bar and the palette offer. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateHotpath, fileUri, poll, recordCounts, serverPids, waitForClearedThenBack } from './helpers';

describe('commands', () => {
  before(activateHotpath);

  it('Hotpath: Show Output reveals the server log', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('hotpath.showOutput'));
    await vscode.commands.executeCommand('hotpath.showOutput');
    // The output channel is a text document (its name is in the URI's path) whose text is
    // filled in from the log file after it is shown.
    await poll(
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && /Hotpath/.test(d.uri.path) && /Analyzing \d+ files/.test(d.getText())),
      'the Hotpath output channel showing the scan\'s log line',
    );
  });

  it('Hotpath: Restart Language Server starts a new server that analyses again', async () => {
    const [old] = await poll(() => (serverPids().length === 1 ? serverPids() : undefined), 'exactly one Hotpath server process');
    const uri = fileUri('src/routes/auth.ts');
    const record = recordCounts(uri);
    await vscode.commands.executeCommand('hotpath.restartServer');
    await poll(() => serverPids().find((pid) => pid !== old), 'a new server process');
    await waitForClearedThenBack(uri, record, 1);
  });
});
