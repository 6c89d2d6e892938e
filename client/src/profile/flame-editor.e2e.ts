/**
 * The flame-graph editor in a real VS Code (the extension-host suite, client/src/test/): a profile
 * of workspace code is opened, its page parses and draws it, and the hot function gets a CodeLens
 * with its share of the profile. The CodeLens only appears after the webview has drawn the graph
 * and sent its per-line and per-function times, so it proves the whole path.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import { activateHotpath, closeAll, fileUri, lensWith } from '../test/helpers';

/** A profile whose hot function is at `url` line `line` (0-based): 75% of its 10 ms. */
function hotProfile(url: string, line: number) {
  const frame = (id: number, functionName: string, lineNumber: number, extra: object = {}) => ({
    id,
    callFrame: { functionName, scriptId: '1', url: lineNumber < 0 ? '' : url, lineNumber, columnNumber: lineNumber < 0 ? -1 : 0 },
    ...extra,
  });
  return {
    nodes: [frame(1, '(root)', -1, { children: [2, 3] }), frame(2, 'handleRequest', line, { positionTicks: [{ line: line + 2, ticks: 3 }] }), frame(3, '(idle)', -1)],
    startTime: 0,
    endTime: 10_000,
    samples: [2, 2, 2, 3],
    timeDeltas: [0, 2500, 2500, 2500],
  };
}

/** The hot function's CodeLens appears (the page drew the profile and sent its times), then is cleared. */
async function expectLensThenClear(source: vscode.Uri): Promise<void> {
  await vscode.workspace.openTextDocument(source);
  const lens = await lensWith(source, '% self', 60_000);
  assert.equal(lens.command?.title, '$(flame) 75.0% self · 75.0% total');
  assert.equal(lens.range.start.line, 4);
  await vscode.commands.executeCommand('hotpath.clearProfileAnnotations');
}

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

  it('opens a gzip-compressed profile (.cpuprofile.gz): the page fetches and decompresses it', async () => {
    const source = fileUri('src/app.ts');
    const file = fileUri('profiles/e2e-gzip.cpuprofile.gz');
    await vscode.workspace.fs.writeFile(file, gzipSync(JSON.stringify(hotProfile(source.toString(), 4))));
    await vscode.commands.executeCommand('hotpath.openFlameGraph', file);
    await expectLensThenClear(source);
  });

  it('opens a profile saved outside the workspace and maps its bundle through the source map beside it', async () => {
    // A download folder: the profile, the bundle it profiled and the bundle's map, whose source
    // is the workspace's src/app.ts (line 0 of the bundle is line 4 of the source).
    const source = fileUri('src/app.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-e2e-outside-'));
    const bundle = path.join(dir, 'app.js');
    fs.writeFileSync(bundle, 'function a(){for(;;);}\n//# sourceMappingURL=app.js.map\n');
    fs.writeFileSync(`${bundle}.map`, JSON.stringify({ version: 3, sources: [source.toString()], names: ['handleRequest'], mappings: 'AAIA' }));
    const profile = path.join(dir, 'downloaded.cpuprofile');
    fs.writeFileSync(profile, JSON.stringify(hotProfile(vscode.Uri.file(bundle).toString(), 0)));
    try {
      await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(profile), 'hotpath.flameGraph');
      await expectLensThenClear(source);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
