/**
 * The built command line on the front-end fixture: it waits for the import sizes before printing,
 * so the report carries them; a second run takes them from the cache folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cacheFileName } from './cost-cache';
import { makeFrontEndApp, repoRoot } from './fixture-app';

const cli = path.join(repoRoot, 'dist/cli.js');

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
}

describe('hotpath check with import costs', () => {
  let app: string;
  let cacheDir: string;
  before(() => {
    app = makeFrontEndApp();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-cli-cache-'));
  });
  after(() => {
    fs.rmSync(app, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  const check = () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [cli, 'check', '--rule', 'heavy-import', '--format', 'json', '.'], {
      cwd: app,
      env: { ...process.env, HOTPATH_CACHE_DIR: cacheDir },
      encoding: 'utf8',
    });
    const parsed = JSON.parse(r.stdout) as JsonFinding[] | { findings: JsonFinding[] };
    const findings = Array.isArray(parsed) ? parsed : parsed.findings;
    return { status: r.status, stderr: r.stderr, findings, ms: Date.now() - started };
  };

  it('prints measured sizes, not only the known-heavy table, and only for browser code', () => {
    const { findings, stderr } = check();
    const where = findings.map((f) => `${f.file}:${f.line}`);
    assert.deepEqual(where, ['src/components/SearchBox.tsx:2', 'src/components/SearchBox.tsx:3'], stderr);
    assert.match(findings[0]!.message, /^'lodash' adds \d+\.\d kB gzip \(\d+\.?\d* kB minified\) to the browser bundle, over the 20 kB budget/);
    assert.match(findings[1]!.message, /^'moment' adds \d+\.\d kB gzip/);
    const saved = JSON.parse(fs.readFileSync(path.join(cacheDir, cacheFileName), 'utf8'));
    assert.ok(Object.keys(saved.entries).length >= 8, `${Object.keys(saved.entries).length} sizes cached`);
  });

  it('applies budgets from .hotpathrc.json', () => {
    fs.writeFileSync(path.join(app, '.hotpathrc.json'), JSON.stringify({ importBudgets: { lodash: 100 }, importExternals: ['moment'] }));
    try {
      const { findings } = check();
      assert.deepEqual(findings, []);
    } finally {
      fs.rmSync(path.join(app, '.hotpathrc.json'));
    }
  });
});
