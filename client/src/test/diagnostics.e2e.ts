/**
 * The workspace scan: findings show up as diagnostics on the exact ranges, in files nobody
 * opened, with the docs link and the related location of a cross-file finding.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cleanFiles, expectedFindings } from './expected';
import { activateHotpath, describeDiagnostics, fileUri, hotpathDiagnostics, rangeText, waitForCount, waitForDiagnostics } from './helpers';

describe('diagnostics', () => {
  before(async () => {
    await activateHotpath();
  });

  it('appear on the expected ranges in files that were never opened', async () => {
    for (const expected of expectedFindings) {
      const uri = fileUri(expected.file);
      const [d] = await waitForCount(uri, 1);
      assert.ok(d);
      assert.equal(rangeText(d.range), expected.range, describeDiagnostics(uri));
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d.code && typeof d.code === 'object' ? d.code.value : d.code, 'sync-in-handler');
      assert.match(d.message, expected.message);
    }
    assert.equal(
      vscode.workspace.textDocuments.filter((doc) => expectedFindings.some((e) => doc.uri.fsPath === fileUri(e.file).fsPath)).length,
      0,
      'found by the workspace scan, not because an editor opened the files',
    );
  });

  it('link the rule documentation shipped with the extension', () => {
    const [d] = hotpathDiagnostics(fileUri('src/routes/files.ts'));
    assert.ok(d && d.code && typeof d.code === 'object', 'the code carries a link');
    const target = d.code.target;
    assert.equal(target.scheme, 'file');
    assert.match(target.path, /\/docs\/rules\/sync-in-handler\.md$/);
  });

  it('report a cross-file finding at the blocking call, pointing at the handler one file away', () => {
    const [d] = hotpathDiagnostics(fileUri('src/services/report-renderer.ts'));
    assert.ok(d);
    const related = d.relatedInformation ?? [];
    assert.equal(related.length, 1, JSON.stringify(related));
    assert.equal(related[0]?.location.uri.fsPath, fileUri('src/routes/reports.ts').fsPath);
    assert.equal(related[0]?.location.range.start.line, 7);
  });

  it('leave the look-alikes alone (start-up code, tests, scripts, async handlers)', async () => {
    // Diagnostics only ever arrive for files with findings; wait for the four, then no other
    // file in the workspace may carry one.
    await waitForDiagnostics(
      () => expectedFindings.every((e) => hotpathDiagnostics(fileUri(e.file)).length === 1),
      () => expectedFindings.map((e) => describeDiagnostics(fileUri(e.file))).join(', '),
    );
    const withFindings = vscode.languages
      .getDiagnostics()
      .filter(([, ds]) => ds.some((d) => d.source === 'hotpath'))
      .map(([uri]) => vscode.workspace.asRelativePath(uri))
      .sort();
    assert.deepEqual(withFindings, expectedFindings.map((e) => e.file).sort());
    for (const clean of cleanFiles) assert.deepEqual(hotpathDiagnostics(fileUri(clean)), [], clean);
  });
});
