import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding } from '../engine/finding';
import { findingForDiagnostic, toDiagnostic, toDiagnostics } from './diagnostics';

const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'sync-in-handler',
    severity: 'warning',
    path: '/w/src/app.ts',
    range: range(5, 2, 20),
    message: 'readFileSync blocks the event loop',
    related: [{ path: '/w/src/helper.ts', range: range(3, 9, 30), message: 'blocking call' }],
    fixes: [],
    ...over,
  };
}

const options = { extensionRoot: '/ext', relatedInformation: true };

describe('toDiagnostic', () => {
  it('carries rule id, docs link, source, range and the data to find the finding again', () => {
    const d = toDiagnostic(finding(), 3, 'open:7', options);
    assert.equal(d.code, 'sync-in-handler');
    assert.equal(d.source, 'hotpath');
    assert.equal(d.codeDescription?.href, 'file:///ext/docs/rules/sync-in-handler.md');
    assert.deepEqual(d.range, range(5, 2, 20));
    assert.deepEqual(d.data, { ruleId: 'sync-in-handler', version: 'open:7', index: 3 });
  });

  it('maps severities, info to Information', () => {
    assert.equal(toDiagnostic(finding({ severity: 'error' }), 0, 'v', options).severity, DiagnosticSeverity.Error);
    assert.equal(toDiagnostic(finding({ severity: 'warning' }), 0, 'v', options).severity, DiagnosticSeverity.Warning);
    assert.equal(toDiagnostic(finding({ severity: 'info' }), 0, 'v', options).severity, DiagnosticSeverity.Information);
  });

  it('turns related locations into relatedInformation only when the client supports it', () => {
    const d = toDiagnostic(finding(), 0, 'v', options);
    assert.deepEqual(d.relatedInformation, [{ location: { uri: 'file:///w/src/helper.ts', range: range(3, 9, 30) }, message: 'blocking call' }]);
    assert.equal(toDiagnostic(finding(), 0, 'v', { ...options, relatedInformation: false }).relatedInformation, undefined);
    assert.equal(toDiagnostic(finding({ related: [] }), 0, 'v', options).relatedInformation, undefined);
  });
});

describe('findingForDiagnostic', () => {
  const a = finding({ range: range(1, 0, 4), message: 'first' });
  const b = finding({ range: range(9, 0, 4), message: 'second' });
  const analysis = { version: 'open:2', findings: [a, b] };

  it('finds by index in the same version', () => {
    const [, db] = toDiagnostics(analysis, options);
    assert.equal(findingForDiagnostic(analysis, db!), b);
  });

  it('falls back to rule, range and message after a re-analysis', () => {
    const old = toDiagnostic(b, 0, 'open:1', options);
    assert.equal(findingForDiagnostic(analysis, old), b);
    const moved = { ...old, range: range(10, 0, 4) };
    assert.equal(findingForDiagnostic(analysis, moved), undefined);
  });

  it('ignores other sources', () => {
    const d = { ...toDiagnostic(a, 0, 'open:2', options), source: 'eslint' };
    assert.equal(findingForDiagnostic(analysis, d), undefined);
  });
});
