/**
 * A profile of a bundled app in a real VS Code: test-fixtures/profile-app (its esbuild bundle
 * build/drive.js with a source map, and profiles/app.cpuprofile made from it on another path)
 * is copied into the workspace and the profile opened in the flame-graph editor. The hot
 * function's CodeLens must appear on the TypeScript source, not the bundle, and the language
 * server's diagnostics on the hot handlers must say how much CPU they took, also after the server
 * is restarted; clearing the annotations takes both away.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateHotpath, closeAll, extensionId, fileUri, hotpathDiagnostics, lensWith, poll, serverPids, waitForDiagnostics } from '../test/helpers';

const note = / — this function took \d+(\.\d)?% of CPU in profile app\.cpuprofile$/;

describe('a profile of a bundle with a source map', () => {
  before(activateHotpath);
  after(async () => {
    await vscode.commands.executeCommand('hotpath.clearProfileAnnotations');
    await closeAll();
    await vscode.workspace.fs.delete(fileUri('profile-app'), { recursive: true, useTrash: false });
  });

  it('annotates the .ts sources and notes the CPU share on the hot findings', async () => {
    const extension = vscode.extensions.getExtension(extensionId)!;
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.extensionUri, 'test-fixtures', 'profile-app'), fileUri('profile-app'), { overwrite: true });
    const app = fileUri('profile-app/src/app.ts');
    const orders = fileUri('profile-app/src/routes/orders.ts');
    // The workspace scan picks up the new files first.
    const [before] = await waitForDiagnostics(
      () => {
        const ds = hotpathDiagnostics(app).filter((d) => d.code === 'sync-in-handler' || (typeof d.code === 'object' && d.code.value === 'sync-in-handler'));
        return ds.length > 0 && ds;
      },
      () => `app.ts has: ${hotpathDiagnostics(app).map((d) => d.message).join(' | ') || 'nothing'}`,
      60_000,
    );
    assert.doesNotMatch(before!.message, note);

    await vscode.commands.executeCommand('hotpath.openFlameGraph', fileUri('profile-app/profiles/app.cpuprofile'));
    const document = await vscode.workspace.openTextDocument(orders);
    const lens = await lensWith(orders, '% self', 60_000);
    const declaration = document.getText().split('\n').findIndex((l) => l.includes('async function listOrders('));
    assert.equal(lens.range.start.line, declaration, 'the CodeLens is on listOrders in orders.ts, mapped from build/drive.js');
    assert.match(lens.command!.title, /^\$\(flame\) \d+\.\d% self · \d+\.\d% total$/);

    const [linked] = await waitForDiagnostics(
      () => {
        const ds = hotpathDiagnostics(app).filter((d) => note.test(d.message));
        return ds.length > 0 && ds;
      },
      () => `app.ts has: ${hotpathDiagnostics(app).map((d) => d.message).join(' | ') || 'nothing'}`,
      60_000,
    );
    assert.ok(linked!.message.startsWith(`${before!.message} — this function took `), linked!.message);
    await waitForDiagnostics(
      () => hotpathDiagnostics(orders).some((d) => note.test(d.message)),
      () => `orders.ts has: ${hotpathDiagnostics(orders).map((d) => d.message).join(' | ')}`,
    );

    // A new server process (after a crash) is told the profile again by the extension.
    const [old] = await poll(() => (serverPids().length === 1 ? serverPids() : undefined), 'exactly one Hotpath server process');
    let cleared = false;
    process.kill(old!, 'SIGKILL');
    await waitForDiagnostics(
      () => {
        if (hotpathDiagnostics(app).length === 0) cleared = true;
        return cleared && hotpathDiagnostics(app).some((d) => note.test(d.message));
      },
      () => `after the restart (${cleared ? 'cleared' : 'not yet cleared'}), app.ts has: ${hotpathDiagnostics(app).map((d) => d.message).join(' | ') || 'nothing'}`,
      60_000,
    );
    assert.notEqual(serverPids()[0], old);

    await vscode.commands.executeCommand('hotpath.clearProfileAnnotations');
    await waitForDiagnostics(
      () => hotpathDiagnostics(app).length > 0 && hotpathDiagnostics(app).every((d) => !note.test(d.message)),
      () => `app.ts still has: ${hotpathDiagnostics(app).map((d) => d.message).join(' | ')}`,
    );
    const after = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', orders)) ?? [];
    assert.equal(after.filter((l) => l.command?.title.includes('% self')).length, 0);
    // A scan of the copied app, a profile, a restart: more than the suite's default minute on a busy machine.
  }).timeout(180_000);
});
