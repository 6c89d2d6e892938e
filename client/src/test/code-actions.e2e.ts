/**
 * Quick fixes through VS Code's own code action machinery: the fixes are offered on the
 * diagnostic, and applying one rewrites the document exactly as the fixer intends, after
 * which the diagnostic goes away.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateHotpath, closeAll, fileUri, waitForCount } from './helpers';

/**
 * Every provider's code actions for the range. VS Code cancels the whole request when a
 * provider's input changes under it (TypeScript's server loading the project right after a file
 * opens); a user would press Ctrl+. again, and so do we, a few times.
 */
async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind?.value);
      return actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
    } catch (err) {
      if (attempt === 3 || !(err instanceof Error && err.name === 'Canceled')) throw err;
    }
  }
}

async function apply(action: vscode.CodeAction | undefined, titles: string): Promise<void> {
  assert.ok(action, `offered: ${titles}`);
  assert.ok(action.edit, `${action.title} carries an edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `${action.title} applies`);
}

describe('quick fixes', () => {
  before(activateHotpath);
  afterEach(closeAll);

  it('offers the async rewrite (preferred) and the suppression on a blocking call', async () => {
    const uri = fileUri('src/routes/files.ts');
    const [d] = await waitForCount(uri, 1);
    assert.ok(d);
    const actions = await actionsAt(uri, d.range, vscode.CodeActionKind.QuickFix);
    // Only Hotpath offers quick fixes here (TypeScript has none for a valid readFileSync call;
    // its refactorings are of other kinds).
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind?.value, a.isPreferred === true]),
      [
        ['Use await readFile from fs/promises', 'quickfix', true],
        ['Ignore sync-in-handler on this line', 'quickfix', false],
      ],
    );
  });

  it('are offered at a cursor inside the call, as Ctrl+. asks for them', async () => {
    const uri = fileUri('src/routes/files.ts');
    const [d] = await waitForCount(uri, 1);
    assert.ok(d);
    await vscode.window.showTextDocument(uri);
    const cursor = d.range.start.translate(0, 10);
    const actions = await actionsAt(uri, new vscode.Range(cursor, cursor), vscode.CodeActionKind.QuickFix);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Use await readFile from fs/promises', 'Ignore sync-in-handler on this line'],
    );
  });

  it('applying the async rewrite changes the handler and clears the diagnostic', async () => {
    const uri = fileUri('src/routes/files.ts');
    const [d] = await waitForCount(uri, 1);
    assert.ok(d);
    const doc = await vscode.workspace.openTextDocument(uri);
    const before = doc.getText();
    const actions = await actionsAt(uri, d.range);
    await apply(actions.find((a) => a.title === 'Use await readFile from fs/promises'), actions.map((a) => a.title).join(', '));
    const expected = before
      .replace("import { config } from '../config';\n", "import { config } from '../config';\nimport { readFile } from 'node:fs/promises';\n")
      .replace("filesRouter.get('/:name', (req, res) => {", "filesRouter.get('/:name', async (req, res) => {")
      .replace('const data = fs.readFileSync(file);', 'const data = await readFile(file);');
    assert.notEqual(expected, before);
    assert.equal(doc.getText(), expected);
    await waitForCount(uri, 0);
  });

  it('applying the suppression inserts the comment above the line and clears the diagnostic', async () => {
    const uri = fileUri('src/routes/auth.ts');
    const [d] = await waitForCount(uri, 1);
    assert.ok(d);
    const doc = await vscode.workspace.openTextDocument(uri);
    const before = doc.getText();
    const actions = await actionsAt(uri, d.range);
    await apply(actions.find((a) => a.title === 'Ignore sync-in-handler on this line'), actions.map((a) => a.title).join(', '));
    const lines = before.split('\n');
    lines.splice(10, 0, '  // hotpath-ignore-next-line sync-in-handler');
    assert.equal(doc.getText(), lines.join('\n'));
    await waitForCount(uri, 0);
  });

  it('fix-all applies the preferred fix through source.fixAll', async () => {
    const uri = fileUri('src/routes/export.ts');
    await waitForCount(uri, 1);
    const doc = await vscode.workspace.openTextDocument(uri);
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await actionsAt(uri, whole, vscode.CodeActionKind.SourceFixAll);
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.hotpath');
    await apply(fixAll, actions.map((a) => a.title).join(', '));
    assert.equal(fixAll?.title, 'Fix all Hotpath problems');
    const text = doc.getText();
    assert.match(text, /const body = await gzipAsync\(JSON\.stringify\(/);
    assert.match(text, /^const gzipAsync = promisify\(zlib\.gzip\);$/m);
    assert.match(text, /^import \{ promisify \} from 'node:util';$/m);
    await waitForCount(uri, 0);
  });

  it('reverting the edits brings the findings back', async () => {
    for (const file of ['src/routes/files.ts', 'src/routes/auth.ts', 'src/routes/export.ts']) {
      await waitForCount(fileUri(file), 1);
    }
  });
});
