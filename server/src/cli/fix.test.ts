/**
 * `hotpath fix` on a copy of the express fixture: the dry run's diff is exactly what the real
 * run writes, the fixed project still type-checks against the real @types/express and
 * @types/node, fixes that collide are applied over several passes, and a second run is a no-op.
 */
import { applyPatch, parsePatch } from 'diff';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { typecheck } from '../testing/typecheck';
import { assertBuilt, copyFixture, hotpath, jsonFindings, tempDir } from './testing/run-cli';

const tmp = tempDir('fix');
let app: string;

/** Every file of the project, relative path → text. */
function readProject(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files[path.relative(root, p).replace(/\\/g, '/')] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return files;
}

// Two blocking reads in one handler: both fixes insert the same import at the same place, so
// they collide, and the second is applied in the next pass.
const twoReads = `import * as fs from 'node:fs';
import { Router } from 'express';

export const twoRouter = Router();

twoRouter.get('/both', (req, res) => {
  const a = fs.readFileSync('a.txt', 'utf8');
  const b = fs.readFileSync('b.txt', 'utf8');
  res.send(a + b);
});
`;

before(() => {
  assertBuilt();
  app = copyFixture('express-app', tmp.dir);
  fs.writeFileSync(path.join(app, 'src/routes/two.ts'), twoReads);
});
after(() => tmp.remove());

describe('hotpath fix', () => {
  let original: Record<string, string>;
  let dryRunDiff: string;

  it('type-checks before any fix (so a later failure is the fixes\' doing)', () => {
    original = readProject(app);
    assert.deepEqual(typecheck(original), []);
  });

  it('--dry-run prints a unified diff, writes nothing and exits 1', () => {
    const run = hotpath(app, 'fix', '--dry-run');
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, 'Would fix 5 findings in 4 files (3 passes); 1 finding without a safe fix remains\n');
    assert.deepEqual(readProject(app), original);
    const patches = parsePatch(run.stdout);
    assert.deepEqual(patches.map((p) => p.oldFileName), ['a/src/routes/auth.ts', 'a/src/routes/export.ts', 'a/src/routes/files.ts', 'a/src/routes/two.ts']);
    assert.match(run.stdout, /^-  const data = fs\.readFileSync\(file\);\n\+  const data = await readFile\(file\);$/m);
    dryRunDiff = run.stdout;
  });

  it('writes exactly the dry run\'s diff, and the fixed project type-checks', () => {
    const run = hotpath(app, 'fix');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, 'Fixed 5 findings in 4 files (3 passes); 1 finding without a safe fix remains\n');
    const fixed = readProject(app);
    for (const patch of parsePatch(dryRunDiff)) {
      const file = patch.oldFileName!.replace(/^a\//, '');
      assert.equal(applyPatch(original[file]!, patch), fixed[file], file);
    }
    assert.deepEqual(typecheck(fixed), []);
    assert.match(fixed['src/routes/two.ts']!, /const a = await readFile\('a\.txt', 'utf8'\);\n {2}const b = await readFile\('b\.txt', 'utf8'\);/);
    assert.equal(fixed['src/routes/two.ts']!.match(/from 'node:fs\/promises'/g)?.length, 1, 'one import for both reads');
  });

  it('leaves only the finding without a fix, and a second run changes nothing', () => {
    const left = jsonFindings(hotpath(app, 'check', '--format', 'json'));
    assert.deepEqual(left.map((f) => `${f.file}:${f.line}`), ['src/services/report-renderer.ts:9']);
    const before = readProject(app);
    const again = hotpath(app, 'fix');
    assert.equal(again.status, 0);
    assert.equal(again.stderr, 'Fixed 0 findings in 0 files (1 pass); 1 finding without a safe fix remains\n');
    assert.deepEqual(readProject(app), before);
    const dry = hotpath(app, 'fix', '--dry-run');
    assert.equal(dry.status, 0);
    assert.equal(dry.stdout, '');
  });

  it('fixes only the files and rules it is given', () => {
    const other = copyFixture('express-app', tmp.dir, 'other');
    const run = hotpath(other, 'fix', 'src/routes/files.ts', '--rule', 'sync-in-handler');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, 'Fixed 1 finding in 1 file (2 passes); 0 findings without a safe fix remain\n');
    assert.match(fs.readFileSync(path.join(other, 'src/routes/auth.ts'), 'utf8'), /pbkdf2Sync/);
    const none = hotpath(other, 'fix', '--rule', 'n-plus-one');
    assert.equal(none.stderr, 'Fixed 0 findings in 0 files (1 pass); 0 findings without a safe fix remain\n');
  });
});
