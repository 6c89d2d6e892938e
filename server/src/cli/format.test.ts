import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from './args';
import { formatJson } from './format-json';
import { colorsFor, formatText, summary } from './format-text';
import type { ReportedFinding } from './report';

function finding(severity: ReportedFinding['severity'], file = 'src/a.ts', line = 1): ReportedFinding {
  return {
    rule: 'sync-in-handler', severity, file, line, column: 3, endLine: line, endColumn: 9, message: 'blocks', fingerprint: '0123456789abcdef:0', related: [],
    fixes: [{ title: 'Use await', preferred: true, edits: [{ line, column: 3, endLine: line, endColumn: 3, newText: 'await ' }] }],
  };
}

describe('text output', () => {
  it('summarises counts by severity, most severe first, with plurals', () => {
    assert.equal(summary([], 1), 'No findings in 1 file');
    assert.equal(summary([finding('warning')], 1), '1 finding (1 warning) in 1 file');
    assert.equal(summary([finding('info'), finding('error'), finding('info'), finding('warning')], 12), '4 findings (1 error, 1 warning, 2 info) in 12 files');
  });

  it('prints file:line:column, severity, rule and message separated by two spaces', () => {
    assert.equal(formatText([finding('error', 'b.ts', 7)], 3), 'b.ts:7:3  error  sync-in-handler  blocks\n\n1 finding (1 error) in 3 files\n');
    assert.equal(formatText([], 3), 'No findings in 3 files\n');
  });

  it('colours only a terminal without NO_COLOR', () => {
    const line = (isTTY: boolean, env: NodeJS.ProcessEnv) => formatText([finding('error')], 1, colorsFor(isTTY, env));
    assert.match(line(true, {}), /\x1b\[31merror/);
    assert.doesNotMatch(line(true, { NO_COLOR: '1' }), /\x1b\[/);
    assert.doesNotMatch(line(false, {}), /\x1b\[/);
  });
});

describe('JSON output', () => {
  it('has the documented keys in the documented order, leaving out fix edits', () => {
    assert.equal(
      formatJson([finding('info')]),
      '{"version":1,"findings":[{"rule":"sync-in-handler","severity":"info","file":"src/a.ts","line":1,"column":3,"endLine":1,"endColumn":9,"message":"blocks","related":[],"fixes":[{"title":"Use await"}]}]}\n',
    );
  });

  it('gives related locations with paths relative like file, 1-based, without their end', () => {
    const withRelated: ReportedFinding = {
      ...finding('warning'),
      related: [{ file: 'src/routes/users.ts', line: 12, column: 5, endLine: 12, endColumn: 30, message: 'GET /users reaches it' }],
    };
    const parsed = JSON.parse(formatJson([withRelated]));
    assert.deepEqual(parsed.findings[0].related, [{ file: 'src/routes/users.ts', line: 12, column: 5, message: 'GET /users reaches it' }]);
  });
});

describe('parseArgs', () => {
  it('reads check options in both spellings and keeps paths in order', () => {
    assert.deepEqual(parseArgs(['check', 'a', '--format=json', '--rule', 'x,y', '--rule=z', 'b', '--fail-on', 'info', '--verbose', '--', '--weird-name']), {
      command: 'check', paths: ['a', 'b', '--weird-name'], format: 'json', rules: ['x', 'y', 'z'], failOn: 'info', verbose: true, progress: true,
    });
  });

  it('has defaults', () => {
    assert.deepEqual(parseArgs(['check']), { command: 'check', paths: [], format: 'text', rules: [], failOn: 'warning', verbose: false, progress: true });
    assert.deepEqual(parseArgs([]), { command: 'help' });
    assert.deepEqual(parseArgs(['check', '-h']), { command: 'help', topic: 'check' });
  });

  it('turns mistakes into usage errors', () => {
    assert.equal(parseArgs(['check', '--rule']).command, 'usage-error');
    assert.equal(parseArgs(['rules', 'extra']).command, 'usage-error');
    assert.equal(parseArgs(['--fail-on', 'error']).command, 'usage-error');
  });
});
