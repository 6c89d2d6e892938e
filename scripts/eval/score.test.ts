import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkoutStampName, parseLabelFile, type Label } from './labels';
import { namedLocations, ratios, scoreApp, type EvalFinding } from './match';
import { assertBuilt } from '../../server/src/cli/testing/run-cli';
import { tempWorkspace } from '../../server/src/testing/temp-workspace';
import { main } from './score';
import { installedWorkDir, installStampName } from './installed';

const sha = 'a'.repeat(40);
const label = (file: string, line: Label['line'], verdict: Label['verdict'], source: Label['source'] = 'reading'): Label => ({ file, line, verdict, source, why: 'test' });
const finding = (file: string, line: number, extra: Partial<EvalFinding> = {}): EvalFinding => ({ rule: 'sync-in-handler', severity: 'warning', file, line, message: 'blocks', ...extra });

describe('label files', () => {
  const text = (o: object) => JSON.stringify({ app: 'shop', repo: 'acme/shop', commit: sha, split: 'holdout', rule: 'n-plus-one', labels: [], ...o });

  it('reads a well-formed file, defaulting root to the top and source to reading', () => {
    const f = parseLabelFile('/x/shop.n-plus-one.json', text({ labels: [{ file: 'src/a.ts', line: 3, verdict: 'problem', why: 'query per order' }] }));
    assert.equal(f.root, '.');
    assert.deepEqual(f.labels, [{ file: 'src/a.ts', line: 3, verdict: 'problem', source: 'reading', why: 'query per order' }]);
  });

  it('names the file and the field that is wrong', () => {
    assert.throws(() => parseLabelFile('/x/other.json', text({})), /other\.json: .*must be named shop\.n-plus-one\.json/);
    assert.throws(() => parseLabelFile('/x/shop.n-plus-one.json', text({ commit: 'abc' })), /"commit" must be a full 40-hex sha/);
    assert.throws(() => parseLabelFile('/x/shop.n-plus-one.json', text({ labels: [{ file: 'a.ts', line: 0, verdict: 'problem', why: 'x' }] })), /labels\[0\]\.line/);
    assert.throws(() => parseLabelFile('/x/shop.n-plus-one.json', text({ labels: [{ file: 'a.ts', line: 2, verdict: 'bug', why: 'x' }] })), /labels\[0\]\.verdict/);
    assert.throws(() => parseLabelFile('/x/shop.n-plus-one.json', text({ labels: [{ file: 'a.ts', line: 2, verdict: 'trap', why: ' ' }] })), /labels\[0\]\.why/);
    assert.throws(() => parseLabelFile('/x/shop.n-plus-one.json', '{'), /not JSON/);
  });
});

describe('scoring', () => {
  it('finds path:line pairs in messages, without leading ../', () => {
    assert.deepEqual(namedLocations('`render()` calls `execSync` (../../packages/x/render.ts:9) and lib/a.js:12'), [
      { file: 'packages/x/render.ts', line: 9 },
      { file: 'lib/a.js', line: 12 },
    ]);
  });

  it('matches by position, related location or named location, and counts recall on problems found by reading only', () => {
    const labels = [
      label('src/routes/a.ts', 10, 'problem'),
      label('src/lib/render.ts', 9, 'problem'),
      label('src/lib/cache.ts', [20, 22], 'problem'),
      label('src/routes/b.ts', 5, 'problem'),
      label('src/boot.ts', 3, 'trap'),
      label('src/odd.ts', 7, 'debatable'),
      label('src/extra.ts', 1, 'problem', 'finding'),
    ];
    const s = scoreApp({ rule: 'sync-in-handler', labels }, [
      finding('src/routes/a.ts', 10),
      finding('src/routes/c.ts', 4, { related: [{ file: 'src/lib/render.ts', line: 9 }] }),
      finding('src/routes/d.ts', 8, { message: '`load()` calls readFileSync (../lib/cache.ts:21)' }),
      finding('src/routes/e.ts', 8, { message: 'also (src/lib/cache.ts:21)', severity: 'info' }),
      finding('src/boot.ts', 3),
      finding('src/odd.ts', 7),
      finding('src/extra.ts', 1),
      finding('src/nobody.ts', 2),
      finding('src/routes/b.ts', 5, { rule: 'n-plus-one' }),
    ]);
    assert.deepEqual(
      { problems: s.problems, found: s.found, missed: s.missed.map((m) => m.file), findings: s.findings, warnings: s.warnings },
      { problems: 4, found: 3, missed: ['src/routes/b.ts'], findings: 8, warnings: 7 },
    );
    assert.deepEqual({ t: s.true, f: s.false, d: s.debatable, u: s.unjudged, distinct: s.distinctProblems, traps: `${s.trapsFlagged}/${s.traps}` }, { t: 5, f: 1, d: 1, u: 1, distinct: 4, traps: '1/1' });
    const r = ratios(s);
    assert.equal(r.recall, 3 / 4);
    assert.equal(r.precision, 5 / 6);
    assert.equal(r.warningPrecision, 4 / 5);
    assert.equal(r.perProblem, 5 / 4);
    assert.equal(r.debatableShare, 1 / 7);
  });

  it('counts problems one finding matches together (one loop, one finding) as one problem', () => {
    const labels = [label('src/jobs/publish.ts', 5, 'problem'), label('src/jobs/publish.ts', 6, 'problem'), label('src/jobs/publish.ts', 7, 'problem'), label('src/api/a.ts', 3, 'problem')];
    const merged = scoreApp({ rule: 'sync-in-handler', labels }, [
      finding('src/jobs/publish.ts', 5, { related: [{ file: 'src/jobs/publish.ts', line: 6 }, { file: 'src/jobs/publish.ts', line: 7 }] }),
      finding('src/api/a.ts', 3),
    ]);
    assert.deepEqual({ found: merged.found, t: merged.true, distinct: merged.distinctProblems }, { found: 4, t: 2, distinct: 2 });
    assert.equal(ratios(merged).perProblem, 1);
    // One finding per call: labels are per line, so each is its own problem; merged above, the three
    // labels of one loop are one problem and "per problem" stays 1 instead of falling to 1/3.
    const split = scoreApp({ rule: 'sync-in-handler', labels }, [finding('src/jobs/publish.ts', 5), finding('src/jobs/publish.ts', 6), finding('src/jobs/publish.ts', 7), finding('src/api/a.ts', 3)]);
    assert.deepEqual({ t: split.true, distinct: split.distinctProblems }, { t: 4, distinct: 4 });
  });

  it('judges by the finding’s own position before what it names', () => {
    const s = scoreApp({ rule: 'sync-in-handler', labels: [label('src/boot.ts', 3, 'trap'), label('src/lib/render.ts', 9, 'problem')] }, [
      finding('src/boot.ts', 3, { related: [{ file: 'src/lib/render.ts', line: 9 }] }),
    ]);
    assert.equal(s.judged[0]!.judgement, 'false');
  });

  it('judges a finding anchored on a debatable call by a real problem among its locations, never by a trap', () => {
    const labels = [label('src/jobs/import.ts', 12, 'debatable'), label('src/jobs/import.ts', 14, 'problem'), label('src/jobs/sync.ts', 3, 'debatable'), label('src/jobs/sync.ts', 5, 'trap')];
    const s = scoreApp({ rule: 'n-plus-one', labels }, [
      finding('src/jobs/import.ts', 12, { rule: 'n-plus-one', related: [{ file: 'src/jobs/import.ts', line: 14 }] }),
      finding('src/jobs/sync.ts', 3, { rule: 'n-plus-one', related: [{ file: 'src/jobs/sync.ts', line: 5 }] }),
    ]);
    assert.deepEqual(s.judged.map((j) => `${j.judgement} ${j.label?.line}`), ['true 14', 'debatable 3']);
    assert.deepEqual({ t: s.true, d: s.debatable, found: s.found }, { t: 1, d: 1, found: 1 });
  });

  it('counts a trap as flagged only by a finding judged false, not by one that lists it beside its real problem', () => {
    const labels = [label('src/jobs/a.ts', 5, 'problem'), label('src/jobs/a.ts', 6, 'trap'), label('src/jobs/b.ts', 9, 'trap'), label('src/jobs/c.ts', 2, 'trap')];
    const s = scoreApp({ rule: 'n-plus-one', labels }, [
      finding('src/jobs/a.ts', 5, { rule: 'n-plus-one', related: [{ file: 'src/jobs/a.ts', line: 6 }] }),
      finding('src/jobs/b.ts', 9, { rule: 'n-plus-one' }),
      finding('src/jobs/x.ts', 1, { rule: 'n-plus-one', related: [{ file: 'src/jobs/c.ts', line: 2 }] }),
    ]);
    assert.deepEqual(s.judged.map((j) => j.judgement), ['true', 'false', 'false']);
    assert.equal(`${s.trapsFlagged}/${s.traps}`, '2/3');
  });
});

/** Runs `test` in a temporary folder holding an empty `labels/` folder (`dir`), removed afterwards; the CLI must be built. */
function inTempFolder(test: (root: string, dir: string) => void): void {
  assertBuilt();
  const { dir: root, remove } = tempWorkspace('eval');
  const dir = path.join(root, 'labels');
  try {
    fs.mkdirSync(dir);
    test(root, dir);
  } finally {
    remove();
  }
}

/** Writes `app`'s sync-in-handler label file (holdout, read at `sha`) into `dir`. */
function writeLabelFile(dir: string, app: string, labels: Label[]): void {
  fs.writeFileSync(path.join(dir, `${app}.sync-in-handler.json`), JSON.stringify({ app, repo: 'hotpath/fixtures', commit: sha, split: 'holdout', rule: 'sync-in-handler', labels }));
}

describe('score.ts on a real run of the built CLI', () => {
  it('scores test-fixtures/express-app and fails a goal it does not meet', () => {
    inTempFolder((root, dir) => {
      const report = path.join(root, 'out.json');
      const labels = [
        label('src/routes/auth.ts', 11, 'problem'), // pbkdf2Sync in POST /login: reported there
        label('src/services/report-renderer.ts', 9, 'problem'), // execSync, reported at the handler that reaches it
        label('src/routes/users.ts', 1, 'problem'), // nothing blocks there: a miss, so recall is below 1
        label('src/routes/files.ts', 10, 'trap'), // labelled a trap to see a false finding counted
      ];
      writeLabelFile(dir, 'express-app', labels);
      const out: string[] = [];
      const status = main(['--labels', dir, '--work', path.resolve(__dirname, '../../test-fixtures'), '--require', 'recall=0.8', '--json', report, '--details'], (s) => out.push(s));
      const text = out.join('\n');
      assert.equal(status, 1, text);
      assert.match(text, /express-app\s+recall 2\/3 0\.67/);
      assert.match(text, /traps 1\/1/);
      assert.match(text, /BELOW GOAL: sync-in-handler holdout recall 0\.67 \(goal ≥ 0\.8\)/);
      assert.match(text, /missed {3}src\/routes\/users\.ts:1/);
      const json = JSON.parse(fs.readFileSync(report, 'utf8'));
      assert.equal(json[0].found, 2);
      assert.equal(json[0].false, 1);
      const quiet: string[] = [];
      assert.equal(main(['--labels', dir, '--work', path.resolve(__dirname, '../../test-fixtures'), '--require', 'recall=0.6'], (s) => quiet.push(s)), 0);
      // Without --details a holdout app shows how many problems it missed, never which.
      assert.doesNotMatch(quiet.join('\n'), /users\.ts/);
      assert.match(quiet.join('\n'), /1 missed, 1 unjudged/);
      // --unjudged lists the findings to judge by reading, still never the misses.
      const toJudge: string[] = [];
      main(['--labels', dir, '--work', path.resolve(__dirname, '../../test-fixtures'), '--unjudged'], (s) => toJudge.push(s));
      assert.match(toJudge.join('\n'), /^unjudged src\/\S+:\d+ warning: /m);
      assert.doesNotMatch(toJudge.join('\n'), /missed {3}|users\.ts/);
    });
  });

  it('--installed scores the installed copies, and names an app whose install failed instead of scoring it', () => {
    inTempFolder((root, dir) => {
      const work = path.join(root, 'work');
      const installed = installedWorkDir(work);
      const labels = [label('src/routes/auth.ts', 11, 'problem'), label('src/routes/users.ts', 1, 'problem')];
      for (const app of ['express-app', 'broken-app']) {
        writeLabelFile(dir, app, labels);
        fs.cpSync(path.resolve(__dirname, '../../test-fixtures/express-app'), path.join(installed, app), { recursive: true });
      }
      const stamp = (ok: boolean) => JSON.stringify({ commit: sha, ok, steps: [{ dir: '.', lockfile: 'package-lock.json', ok, seconds: 1, ...(ok ? {} : { error: 'npm exited 1: ETARGET' }) }] });
      fs.writeFileSync(path.join(installed, 'express-app', installStampName), stamp(true));
      fs.writeFileSync(path.join(installed, 'broken-app', installStampName), stamp(false));
      const out: string[] = [];
      assert.equal(main(['--labels', dir, '--work', work, '--installed'], (s) => out.push(s)), 0);
      const text = out.join('\n');
      assert.match(text, /not scored installed: broken-app: install failed in \. \(package-lock\.json\): npm exited 1: ETARGET/);
      assert.match(text, /== sync-in-handler, holdout, installed ==/);
      assert.match(text, /express-app\s+recall 1\/2/);
      assert.doesNotMatch(text, /broken-app\s+recall/);
      // Without --installed the plain checkouts are scored, and there are none in this work folder.
      assert.throws(() => main(['--labels', dir, '--work', work], () => {}), /(?:express|broken)-app is not checked out/);
      fs.rmSync(path.join(installed, 'express-app', installStampName));
      const none: string[] = [];
      assert.equal(main(['--labels', dir, '--work', work, '--installed'], (s) => none.push(s)), 1);
      assert.match(none.join('\n'), /not scored installed: express-app: no installed copy/);
    });
  });
  it('refuses a checkout that holds another commit than the labels were read at', () => {
    inTempFolder((root, dir) => {
      const work = path.join(root, 'work');
      const labels = [label('src/routes/auth.ts', 11, 'problem')];
      writeLabelFile(dir, 'express-app', labels);
      fs.cpSync(path.resolve(__dirname, '../../test-fixtures/express-app'), path.join(work, 'express-app'), { recursive: true });
      fs.writeFileSync(path.join(work, 'express-app', checkoutStampName), 'f'.repeat(40) + '\n');
      assert.throws(() => main(['--labels', dir, '--work', work], () => {}), /express-app is checked out at ffffffffff but express-app\.sync-in-handler\.json is labelled at .*checkout\.ts --app express-app/);
      fs.writeFileSync(path.join(work, 'express-app', checkoutStampName), sha + '\n');
      const out: string[] = [];
      assert.equal(main(['--labels', dir, '--work', work], (s) => out.push(s)), 0);
      assert.match(out.join('\n'), /express-app\s+recall 1\/1/);
    });
  });
  it('--app takes a comma list, and names an app no label file has instead of scoring nothing', () => {
    inTempFolder((root, dir) => {
      const work = path.join(root, 'work');
      const labels = [label('src/routes/auth.ts', 11, 'problem')];
      for (const app of ['shop-a', 'shop-b', 'shop-c']) {
        writeLabelFile(dir, app, labels);
        fs.cpSync(path.resolve(__dirname, '../../test-fixtures/express-app'), path.join(work, app), { recursive: true });
        fs.writeFileSync(path.join(work, app, checkoutStampName), sha + '\n');
      }
      const out: string[] = [];
      assert.equal(main(['--labels', dir, '--work', work, '--app', 'shop-a,shop-c'], (s) => out.push(s)), 0);
      const text = out.join('\n');
      assert.match(text, /shop-a\s+recall 1\/1/);
      assert.match(text, /shop-c\s+recall 1\/1/);
      assert.doesNotMatch(text, /shop-b\s+recall/);
      assert.throws(() => main(['--labels', dir, '--work', work, '--app', 'shop-a,shop-z'], () => {}), /--app: no label file names shop-z/);
    });
  });
});
