/** Hot-line annotations: from a real profile's positionTicks to labels on workspace files only. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { annotationPayload } from '../../../shared/profile/annotations';
import { frameStats } from '../../../shared/profile/frame-stats';
import { parseProfile } from '../../../shared/profile/parse';
import { indexAnnotations } from './annotation-index';
import { readFixture } from './testing/profiles';

const model = parseProfile(JSON.stringify(readFixture('hotpath-cli.cpuprofile')));
const payload = annotationPayload(model, frameStats(model.tree, model.frames.name.length));

describe('profile annotations', () => {
  it('per-line self times add up to the self time of the frames that carry line ticks', () => {
    const fromLines = payload.lines.reduce((a, l) => a + l.self, 0);
    const fromModel = model.lineTimes.filter((l) => model.frames.url[l.frame] !== '').reduce((a, l) => a + l.self, 0);
    assert.ok(Math.abs(fromLines - fromModel) < 1e-6);
    assert.ok(payload.lines.every((l) => l.line >= 0));
  });

  it('labels hot lines and functions of workspace files, and nothing outside the workspace', () => {
    const files = indexAnnotations(payload, 'cli.cpuprofile', ['/app']);
    assert.deepEqual([...files.keys()].sort(), ['/app/bin/hotpath.js', '/app/dist/cli.js']);
    // node:internal frames are hot too, but they are not workspace files.
    assert.ok(payload.lines.some((l) => l.url.startsWith('node:')) && payload.functions.some((x) => x.url.startsWith('node:')));
    const cli = files.get('/app/dist/cli.js')!;
    // __require (dist/cli.js line 8, 0-based 7) is hot: 102 of 273 samples in its own line 10.
    const requireLine = [...cli.lines].find(([line]) => line === 9);
    assert.ok(requireLine, 'line 10 of dist/cli.js is annotated');
    const self = payload.lines.filter((l) => l.url === 'file:///app/dist/cli.js' && l.line === 9).reduce((a, l) => a + l.self, 0);
    assert.equal(requireLine[1].label, `${(self / 1000).toFixed(1)} ms self (${((100 * self) / model.duration).toFixed(1)}%) · cli.cpuprofile`);
    const fn = cli.functions.find((f) => f.name === '__require');
    const f = model.frames.name.indexOf('__require');
    const stats = frameStats(model.tree, model.frames.name.length);
    assert.equal(fn?.line, model.frames.line[f]);
    assert.equal(fn?.label, `${((100 * stats.self[f]!) / model.duration).toFixed(1)}% self · ${((100 * stats.total[f]!) / model.duration).toFixed(1)}% total`);
    // Lines under 0.1% of the profile and functions under 0.5% are left alone.
    for (const [, l] of cli.lines) assert.ok(l.self >= model.duration * 0.001);
    assert.ok(payload.functions.every((x) => x.total >= model.duration * 0.005));
  });

  it('a workspace elsewhere gets no annotations at all', () => {
    assert.equal(indexAnnotations(payload, 'p', ['/elsewhere']).size, 0);
  });
});
