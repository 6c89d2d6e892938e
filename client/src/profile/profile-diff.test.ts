/** Differential profiles: shares before and after, matched by function and file. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffProfiles } from '../../../shared/profile/diff';
import { parseProfile } from '../../../shared/profile/parse';
import { readFixture } from './testing/profiles';

describe('profile diff', () => {
  it('a profile compared with itself changes nothing', () => {
    const m = parseProfile(JSON.stringify(readFixture('hotpath-cli.cpuprofile')));
    const d = diffProfiles(m, m);
    assert.deepEqual(d.changes, []);
    assert.ok(Math.abs(d.afterTotal[0]! - 1) < 1e-9 && Math.abs(d.beforeTotal[0]! - 1) < 1e-9);
    for (let v = 0; v < d.tree.frame.length; v++) assert.ok(Math.abs(d.beforeSelf[v]! - d.afterSelf[v]!) < 1e-12);
  });

  it('finds the function that got slower, in shares of each profile, across shifted lines', () => {
    const before = parseProfile('main;parse 50\nmain;render 50\n');
    // After: render doubled; the recording is longer, so parse's share falls although its count rose.
    const after = parseProfile('main;parse 60\nmain;render 130\nmain;render;layout 20\n');
    const d = diffProfiles(before, after);
    const byName = (n: string) => d.changes.find((c) => d.frames.name[c.frame] === n)!;
    assert.deepEqual(d.changes.map((c) => d.frames.name[c.frame]), ['render', 'layout', 'parse']);
    assert.ok(Math.abs(byName('render').delta - (130 / 210 - 50 / 100)) < 1e-12);
    assert.ok(Math.abs(byName('layout').after - 20 / 210) < 1e-12 && byName('layout').before === 0);
    assert.ok(Math.abs(byName('parse').delta - (60 / 210 - 0.5)) < 1e-12);
    // Stacks only in the before profile stay in the tree with zero width after.
    const gone = diffProfiles(after, before);
    const layout = gone.tree.frame.findIndex((f) => gone.frames.name[f] === 'layout');
    assert.equal(gone.tree.total[layout], 0);
    assert.ok(gone.beforeTotal[layout]! > 0);
  });
});
