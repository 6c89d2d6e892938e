/**
 * Findings linked to a profile: which function a finding is in, where V8 says functions start
 * (checked against a real `node --cpu-prof` run), the threshold, and messages left alone.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { frameStats } from '../../../shared/profile/frame-stats';
import { parseProfile } from '../../../shared/profile/parse';
import type { Finding } from './finding';
import { ProfileLink, withoutProfileNote, type FunctionShare, type ProfileShares } from './profile-link';
import { SourceDoc } from './source';

function docOf(...docs: SourceDoc[]) {
  return (p: string) => docs.find((d) => d.path === p);
}

/** A finding on the first occurrence of `needle` in `doc`. */
function findingAt(doc: SourceDoc, needle: string, ruleId = 'n-plus-one', related: Finding['related'] = []): Finding {
  const at = doc.text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return { ruleId, severity: 'warning', path: doc.path, range: doc.rangeOf(at, at + needle.length), message: `slow thing at ${needle}`, related, fixes: [], explanation: 'Why it is slow.' };
}

/** A profile function whose V8 position is the first occurrence of `needle` (+ `shift`). */
function shareAt(doc: SourceDoc, needle: string, total: number, name = '', shift = 0): FunctionShare {
  const at = doc.text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const pos = doc.positionAt(at + shift);
  return { path: doc.path, line: pos.line, column: pos.character, name, self: total / 2, total };
}

function profile(functions: FunctionShare[]): ProfileShares {
  return { profileName: 'api.cpuprofile', unit: 'us', duration: 1_000_000, functions };
}

const handlers = new SourceDoc(
  '/w/src/handlers.ts',
  `import { pool } from './db';

export async function listOrders(req, res) {
  for (const o of orders) await pool.query('q', [o.id]);
}

export const login = async (req, res) => {
  crypto.pbkdf2Sync(req.body.password, salt, 1e5, 64, 'sha512');
};

const plain = (x) => fs.readFileSync(x);

class Controller {
  async show(req) {
    return zlib.gzipSync(req.body);
  }
}

export function outer(items) {
  return items.map(async (item) => {
    await pool.query('q', [item]);
  });
}
`,
  '1',
);

describe('linking findings to a profile', () => {
  it('a function declaration (V8: its parameter list) holding the finding gets the note and the figures', () => {
    const link = new ProfileLink(profile([shareAt(handlers, '(req, res) {\n  for', 180_000, 'listOrders')]));
    const f = findingAt(handlers, "pool.query('q', [o.id])");
    const [linked] = link.link([f], docOf(handlers));
    assert.equal(linked!.message, "slow thing at pool.query('q', [o.id]) — this function took 18% of CPU in profile api.cpuprofile");
    assert.equal(
      linked!.explanation,
      'Why it is slow.\n\n**In profile api.cpuprofile:** `listOrders` (handlers.ts:3) took 18% of the CPU time (180 ms of 1.00 s), 9.0% in its own code; the rest in what it calls.',
    );
    assert.equal(f.message, "slow thing at pool.query('q', [o.id])", 'the input finding is not changed');
  });

  it('an async arrow (V8: `async`), a plain arrow (V8: its parameter) and a method (V8: its parameter list)', () => {
    const link = new ProfileLink(
      profile([shareAt(handlers, 'async (req, res) =>', 420_000, 'login'), shareAt(handlers, '(x) => fs', 25_000, 'plain'), shareAt(handlers, '(req) {', 31_000, 'show')]),
    );
    const [a, b, c] = link.link([findingAt(handlers, 'crypto.pbkdf2Sync', 'sync-in-handler'), findingAt(handlers, 'fs.readFileSync', 'sync-in-handler'), findingAt(handlers, 'zlib.gzipSync', 'sync-in-handler')], docOf(handlers));
    assert.match(a!.message, / — this function took 42% of CPU in profile api\.cpuprofile$/);
    assert.match(b!.message, / — this function took 2\.5% of CPU in profile api\.cpuprofile$/);
    assert.match(c!.message, / — this function took 3\.1% of CPU in profile api\.cpuprofile$/);
    assert.match(a!.explanation!, /`login` \(handlers\.ts:7\)/);
  });

  it('a position anywhere in the head matches (a source map may land on the name); one in the body does not', () => {
    const onName = new ProfileLink(profile([shareAt(handlers, 'listOrders(req', 200_000)]));
    assert.match(onName.link([findingAt(handlers, 'pool.query')], docOf(handlers))[0]!.message, /this function took 20%/);
    const inBody = new ProfileLink(profile([shareAt(handlers, 'for (const o', 200_000)]));
    const f = findingAt(handlers, 'pool.query');
    assert.equal(inBody.link([f], docOf(handlers))[0], f);
  });

  it('when only an outer function is in the profile, the note names it', () => {
    const link = new ProfileLink(profile([shareAt(handlers, '(items) {', 150_000, 'outer')]));
    const [linked] = link.link([findingAt(handlers, 'pool.query(\'q\', [item])')], docOf(handlers));
    assert.match(linked!.message, / — its enclosing function `outer` took 15% of CPU in profile api\.cpuprofile$/);
  });

  it('under 1% of the profile, another function, another file, another rule or no profile functions: the finding is returned as it is', () => {
    const f = findingAt(handlers, "pool.query('q', [o.id])");
    const cases = [
      new ProfileLink(profile([shareAt(handlers, '(req, res) {\n  for', 9_999)])),
      new ProfileLink(profile([shareAt(handlers, '(x) => fs', 500_000)])),
      new ProfileLink(profile([{ ...shareAt(handlers, '(req, res) {\n  for', 500_000), path: '/w/src/other.ts' }])),
      new ProfileLink(profile([])),
    ];
    for (const link of cases) assert.equal(link.link([f], docOf(handlers))[0], f);
    const heavy = { ...f, ruleId: 'heavy-import' };
    assert.equal(new ProfileLink(profile([shareAt(handlers, '(req, res) {\n  for', 500_000)])).link([heavy], docOf(handlers))[0], heavy);
    // A file that cannot be read or parsed leaves the finding as it is.
    assert.equal(new ProfileLink(profile([shareAt(handlers, '(req, res) {\n  for', 500_000)])).link([f], () => { throw new Error('unreadable'); })[0], f);
    // Exactly 1% counts.
    assert.notEqual(new ProfileLink(profile([shareAt(handlers, '(req, res) {\n  for', 10_000)])).link([f], docOf(handlers))[0], f);
  });

  it('sync-in-handler at a reference to a handler in another file: the handler, found through the related location', () => {
    const routes = new SourceDoc('/w/src/routes.ts', "import { listOrders } from './handlers';\nrouter.get('/', listOrders);\n", '1');
    const inside = handlers.text.indexOf("pool.query('q', [o.id])");
    const related = [{ path: handlers.path, range: handlers.rangeOf(inside, inside + 10), message: 'blocking call' }];
    const f = findingAt(routes, 'listOrders)', 'sync-in-handler', related);
    const link = new ProfileLink(profile([shareAt(handlers, '(req, res) {\n  for', 330_000, 'listOrders')]));
    const [linked] = link.link([f], docOf(handlers, routes));
    assert.match(linked!.message, / — `listOrders` took 33% of CPU in profile api\.cpuprofile$/);
    // n-plus-one findings are about their own loop: no related lookup.
    const n = { ...f, ruleId: 'n-plus-one' };
    assert.equal(link.link([n], docOf(handlers, routes))[0], n);
  });

  it('withoutProfileNote gives back the rule\'s message', () => {
    for (const note of [' — this function took 18% of CPU in profile a — b.cpuprofile', ' — its enclosing function `x` took 1.5% of CPU in profile p', ' — `listOrders` took 33% of CPU in profile api.cpuprofile']) {
      assert.equal(withoutProfileNote(`\`fs.readFileSync\` blocks — really${note}`), '`fs.readFileSync` blocks — really');
    }
    assert.equal(withoutProfileNote('no note here'), 'no note here');
  });

  it("V8's function positions from a real `node --cpu-prof` run match declarations, arrows, async arrows and methods", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-v8pos-'));
    try {
      const file = path.join(dir, 'work.js');
      const burn = 'const end = Date.now() + 120; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1);';
      fs.writeFileSync(
        file,
        [
          `function declared(a, b) { ${burn} return x; }`,
          `const arrow = (a) => { ${burn} return x; };`,
          `const asyncArrow = async (a) => { ${burn} return x; };`,
          `class K { method(a) { ${burn} return x; } }`,
          `const expr = function (a) { ${burn} return x; };`,
          'declared(1, 2); arrow(1); asyncArrow(1); new K().method(1); expr(1);',
          '',
        ].join('\n'),
      );
      execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-name=p.cpuprofile', file]);
      const model = parseProfile(fs.readFileSync(path.join(dir, 'p.cpuprofile')));
      const stats = frameStats(model.tree, model.frames.name.length);
      const url = pathToFileURL(file).href;
      const functions: FunctionShare[] = [];
      for (let f = 0; f < model.frames.name.length; f++) {
        if (model.frames.url[f] !== url) continue;
        functions.push({ path: '/w/work.js', line: model.frames.line[f]!, column: model.frames.column[f]!, name: model.frames.name[f]!, self: stats.self[f]!, total: stats.total[f]! });
      }
      const doc = new SourceDoc('/w/work.js', fs.readFileSync(file, 'utf8'), '1');
      const link = new ProfileLink({ profileName: 'p.cpuprofile', unit: model.unit, duration: model.duration, functions });
      const lines = doc.text.split('\n');
      for (let line = 0; line < 5; line++) {
        const at = doc.offsetAt({ line, character: lines[line]!.indexOf('Math.sqrt') });
        const f: Finding = { ruleId: 'sync-in-handler', severity: 'warning', path: doc.path, range: doc.rangeOf(at, at + 9), message: 'm', related: [], fixes: [] };
        const [linked] = link.link([f], () => doc);
        assert.match(linked!.message, /^m — this function took \d+(\.\d)?% of CPU in profile p\.cpuprofile$/, `line ${line + 1}: ${lines[line]!.slice(0, 30)}… (V8 positions: ${functions.map((x) => `${x.name}@${x.line}:${x.column}`).join(', ')})`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
