/**
 * `hotpath check --profile`: on test-fixtures/profile-app, copied elsewhere so the profile's
 * absolute urls (of the machine that made it) must be relocated, and its bundle's positions
 * mapped through build/drive.js.map to the .ts sources. Expected shares are read from the profile
 * by function name, without source maps.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, describe, it } from 'node:test';
import { frameStats } from '../../../shared/profile/frame-stats';
import { parseProfile } from '../../../shared/profile/parse';
import { percent } from '../engine/profile-link';
import { fixtures, hotpath, repo, tempDir } from './testing/run-cli';

const fixture = path.join(fixtures, 'profile-app');
const work = tempDir('profile-cli');
const tmp = work.dir;
const app = path.join(tmp, 'checkout', 'app');
fs.cpSync(fixture, app, { recursive: true });

/** Total share of the bundle's function that starts on `bundleLine` (1-based) of build/drive.js. */
function shareOfBundleLine(bundleLine: number): string {
  const model = parseProfile(fs.readFileSync(path.join(fixture, 'profiles/app.cpuprofile')));
  const stats = frameStats(model.tree, model.frames.name.length);
  const f = model.frames.url.findIndex((u, i) => u.endsWith('/build/drive.js') && model.frames.line[i] === bundleLine - 1);
  assert.ok(f >= 0, `a profile frame starts on line ${bundleLine} of the bundle`);
  return percent(stats.total[f]!, model.duration);
}

function bundleLineOf(text: string): number {
  const line = fs.readFileSync(path.join(fixture, 'build/drive.js'), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(line >= 0, text);
  return line + 1;
}

describe('hotpath check --profile', { timeout: 120_000 }, () => {
  after(work.remove);

  const login = shareOfBundleLine(bundleLineOf('app.post("/login"'));
  const listOrders = shareOfBundleLine(bundleLineOf('async function listOrders('));
  const report = shareOfBundleLine(bundleLineOf('function compressedReport('));

  it('the hot handlers of the fixture: their findings say how much CPU they took (text)', () => {
    const plain = hotpath(app, 'check');
    const run = hotpath(app, 'check', '--profile', 'profiles/app.cpuprofile');
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /^Profile app\.cpuprofile: \d+ functions with CPU time in \d+ files here \(\d+ positions mapped through source maps\)$/m);
    const lines = run.stdout.split('\n').filter((l) => l.includes('  warning  '));
    assert.deepEqual(lines, [
      `src/app.ts:12:16  warning  sync-in-handler  \`crypto.pbkdf2Sync\` blocks the event loop in the handler for POST /login; use \`await promisify(crypto.pbkdf2)(…)\` — this function took ${login} of CPU in profile app.cpuprofile`,
      `src/routes/orders.ts:11:25  warning  n-plus-one  1 query per row: \`pool.query\` (pg) runs for each element of \`rows\` — this function took ${listOrders} of CPU in profile app.cpuprofile`,
      `src/services/report.ts:6:16  warning  sync-in-handler  \`zlib.gzipSync\` blocks the event loop in the handler for GET /latest.gz; use \`await promisify(zlib.gzip)(…)\` — this function took ${report} of CPU in profile app.cpuprofile`,
    ]);
    // Without the profile: the rules' own messages.
    assert.deepEqual(
      plain.stdout.split('\n').filter((l) => l.includes('  warning  ')),
      lines.map((l) => l.replace(/ — .* took .*% of CPU in profile app\.cpuprofile$/, '')),
    );
  });

  it('the same sentences in JSON and SARIF', () => {
    const json = JSON.parse(hotpath(app, 'check', '--format', 'json', '--profile', 'profiles/app.cpuprofile').stdout) as { findings: { message: string }[] };
    assert.deepEqual(
      json.findings.map((f) => f.message.match(/ — .*$/)?.[0]),
      [` — this function took ${login} of CPU in profile app.cpuprofile`, ` — this function took ${listOrders} of CPU in profile app.cpuprofile`, ` — this function took ${report} of CPU in profile app.cpuprofile`],
    );
    const sarif = JSON.parse(hotpath(app, 'check', '--format', 'sarif', '--profile', 'profiles/app.cpuprofile').stdout) as { runs: { results: { message: { text: string } }[] }[] };
    assert.deepEqual(
      sarif.runs[0]!.results.map((r) => r.message.text),
      json.findings.map((f) => f.message),
    );
  });

  it('a gzip-compressed profile reads as the plain one; a broken gzip is a usage error', () => {
    const gz = path.join(tmp, 'app.cpuprofile.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(path.join(app, 'profiles/app.cpuprofile'))));
    const plain = hotpath(app, 'check', '--profile', 'profiles/app.cpuprofile');
    const run = hotpath(app, 'check', '--profile', gz);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, / of CPU in profile app\.cpuprofile\.gz$/m);
    assert.equal(run.stdout.replaceAll('app.cpuprofile.gz', 'app.cpuprofile'), plain.stdout);
    fs.writeFileSync(gz, fs.readFileSync(gz).subarray(0, 40));
    const broken = hotpath(app, 'check', '--profile', gz);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /--profile .*app\.cpuprofile\.gz: it is gzip-compressed but cannot be inflated/);
  });

  it('a profile of other code changes nothing; an unreadable or broken one is a usage error', () => {
    const other = hotpath(app, 'check', '--profile', path.join(repo, 'test-fixtures/profiles/hotpath-cli.cpuprofile'));
    assert.equal(other.stdout, hotpath(app, 'check').stdout);
    assert.match(other.stderr, /Profile hotpath-cli\.cpuprofile: none of its functions is in a file under .*, so no finding is noted/);
    const missing = hotpath(app, 'check', '--profile', 'nope.cpuprofile');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--profile nope\.cpuprofile: cannot read it/);
    fs.writeFileSync(path.join(app, 'broken.cpuprofile'), '{"nodes": [');
    const broken = hotpath(app, 'check', '--profile', 'broken.cpuprofile');
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /--profile broken\.cpuprofile: The file is not valid JSON \(it looks truncated\)/);
    assert.match(hotpath(app, 'check', '--profile').stderr, /--profile needs a value/);
  });
});
