/**
 * The flame-graph editor in a real VS Code (the extension-host suite, client/src/test/): a profile
 * of workspace code is opened, its page parses and draws it, and the hot function gets a CodeLens
 * with its share of the profile. The CodeLens only appears after the webview has drawn the graph
 * and sent its per-line and per-function times, so it proves the whole path.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateHotpath, closeAll, fileUri, lensWith } from '../test/helpers';

describe('flame-graph editor', () => {
  before(activateHotpath);
  after(closeAll);

  it('draws a profile of workspace code and puts CPU time on the hot function', async () => {
    const source = fileUri('src/app.ts');
    const url = source.toString();
    const frame = (id: number, functionName: string, lineNumber: number, extra: object = {}) => ({
      id,
      callFrame: { functionName, scriptId: '1', url: lineNumber < 0 ? '' : url, lineNumber, columnNumber: lineNumber < 0 ? -1 : 0 },
      ...extra,
    });
    const profile = {
      nodes: [
        frame(1, '(root)', -1, { children: [2, 3] }),
        frame(2, 'handleRequest', 4, { positionTicks: [{ line: 6, ticks: 3 }] }),
        frame(3, '(idle)', -1),
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [2, 2, 2, 3],
      timeDeltas: [0, 2500, 2500, 2500],
    };
    const file = fileUri('profiles/e2e.cpuprofile');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(profile)));
    await vscode.commands.executeCommand('hotpath.openFlameGraph', file);

    // CodeLens is computed for open documents only.
    await vscode.workspace.openTextDocument(source);
    const lens = await lensWith(source, '% self', 60_000);
    // handleRequest: 7.5 of 10 ms, all self.
    assert.equal(lens.command?.title, '$(flame) 75.0% self · 75.0% total');
    assert.equal(lens.range.start.line, 4);

    await vscode.commands.executeCommand('hotpath.clearProfileAnnotations');
    const after = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', source)) ?? [];
    assert.equal(after.filter((l) => l.command?.title.includes('% self')).length, 0);
  });
});
