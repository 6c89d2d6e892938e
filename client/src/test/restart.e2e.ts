/**
 * The language server is a separate process that can die (out of memory, a bug). The client
 * must start a new one, and the new one must analyse again: diagnostics come back and follow
 * edits.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateHotpath, closeAll, fileUri, poll, recordCounts, serverPids, waitForClearedThenBack, waitForCount } from './helpers';

describe('server crash', () => {
  before(activateHotpath);
  after(closeAll);

  it('a killed server is restarted and diagnostics come back', async () => {
    const [old] = await poll(() => (serverPids().length === 1 ? serverPids() : undefined), 'exactly one Hotpath server process');
    assert.ok(old);
    const uri = fileUri('src/routes/files.ts');
    await waitForCount(uri, 1);

    const record = recordCounts(uri);
    process.kill(old, 'SIGKILL');
    const fresh = await poll(() => serverPids().find((pid) => pid !== old), 'a new server process');
    assert.notEqual(fresh, old);
    assert.throws(() => process.kill(old, 0), 'the old server is gone');

    // The client drops the dead server's diagnostics; the new server's scan publishes them again.
    // An edit then proves the new server analyses open documents as they change.
    await waitForClearedThenBack(uri, record, 1);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    // A second route (two blocking calls in one handler would be one finding: one root cause).
    const last = doc.lineAt(11);
    await editor.edit((b) => b.insert(last.range.end, "\nfilesRouter.get('/raw/:name', (req, res) => res.send(fs.readFileSync(path.basename(req.params.name))));"));
    const ds = await waitForCount(uri, 2);
    assert.deepEqual(ds.map((d) => d.range.start.line).sort((a, b) => a - b), [9, 12]);
  });
});
