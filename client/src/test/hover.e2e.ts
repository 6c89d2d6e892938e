/** Hovering a finding explains it: rule, what was found, why it costs, the docs link. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateHotpath, closeAll, fileUri, waitForCount } from './helpers';

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

describe('hover', () => {
  before(activateHotpath);
  after(closeAll);

  it('explains the finding under the cursor and links the docs', async () => {
    const uri = fileUri('src/routes/files.ts');
    const [d] = await waitForCount(uri, 1);
    assert.ok(d);
    await vscode.window.showTextDocument(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, d.range.start.translate(0, 4));
    const text = markdownOf(hovers);
    assert.match(text, /\*\*Hotpath: `sync-in-handler`\*\*/);
    assert.match(text, /`fs\.readFileSync` blocks the event loop in the handler for GET \/:name/);
    assert.match(text, /\[Rule documentation\]\(file:\/\/\/.*\/docs\/rules\/sync-in-handler\.md\)/);
    assert.ok(text.length > d.message.length + 80, `the hover says more than the message: ${text}`);
  });

  it('says nothing away from findings', async () => {
    const uri = fileUri('src/routes/files.ts');
    await vscode.window.showTextDocument(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 3));
    assert.doesNotMatch(markdownOf(hovers), /Hotpath/);
  });
});
