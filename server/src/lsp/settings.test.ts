import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings } from '../../../shared/protocol';
import { filesExcludeGlobs, folderOf, folderSettings, mergeSettings, readHotpathSettings } from './settings';

describe('readHotpathSettings', () => {
  it('keeps valid values and reports bad ones', () => {
    const problems: string[] = [];
    const s = readHotpathSettings({ rules: { a: 'off', b: 'loud' }, exclude: ['dist/**', 3], maxFileSizeKb: -1 }, problems);
    assert.deepEqual(s, { rules: { a: 'off' }, exclude: ['dist/**'], maxFileSizeKb: defaultSettings.maxFileSizeKb });
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /hotpath\.rules\.b/);
    assert.match(problems.join('\n'), /maxFileSizeKb/);
  });

  it('gives the defaults for nothing', () => {
    assert.deepEqual(readHotpathSettings(undefined), defaultSettings);
    assert.deepEqual(readHotpathSettings(null), defaultSettings);
  });

  it('reads hotpath.sizedImageClasses: class names kept, anything else reported', () => {
    const problems: string[] = [];
    assert.deepEqual(readHotpathSettings({ sizedImageClasses: ['icon', 7, 'emoji'] }).sizedImageClasses, ['icon', 'emoji']);
    assert.equal(readHotpathSettings({ sizedImageClasses: 'icon' }, problems).sizedImageClasses, undefined);
    assert.match(problems.join('\n'), /hotpath\.sizedImageClasses/);
    assert.deepEqual(mergeSettings(readHotpathSettings({ sizedImageClasses: ['icon'] }), {}).sizedImageClasses, ['icon']);
  });
});

describe('hotpath.debounceMs', () => {
  it('keeps 0 and more (capped at 10 s), reports anything else, survives the merge', () => {
    const problems: string[] = [];
    assert.equal(readHotpathSettings({ debounceMs: 0 }).debounceMs, 0);
    assert.equal(readHotpathSettings({ debounceMs: 150000 }).debounceMs, 10_000);
    assert.equal(readHotpathSettings({ debounceMs: -5 }, problems).debounceMs, undefined);
    assert.equal(readHotpathSettings({ debounceMs: '200' }, problems).debounceMs, undefined);
    assert.deepEqual(problems, ['hotpath.debounceMs: expected a number of milliseconds, 0 or more', 'hotpath.debounceMs: expected a number of milliseconds, 0 or more']);
    assert.equal(mergeSettings(readHotpathSettings({ debounceMs: 40 }), {}).debounceMs, 40);
    assert.equal(mergeSettings(readHotpathSettings({}), {}).debounceMs, undefined);
  });
});

describe('filesExcludeGlobs', () => {
  it('keeps keys set to true only, from the section or its exclude map', () => {
    const map = { '**/.git': true, '**/dist': false, '**/*.js': { when: '$(basename).ts' } };
    assert.deepEqual(filesExcludeGlobs({ exclude: map }), ['**/.git']);
    assert.deepEqual(filesExcludeGlobs('nonsense'), []);
  });
});

describe('mergeSettings', () => {
  it('the editor wins per rule id, excludes add up', () => {
    const editor = { rules: { a: 'error' as const }, exclude: ['x/**'], maxFileSizeKb: defaultSettings.maxFileSizeKb };
    const merged = mergeSettings(editor, { rules: { a: 'off', b: 'off' }, exclude: ['y/**'] });
    assert.deepEqual(merged.rules, { a: 'error', b: 'off' });
    assert.deepEqual(merged.exclude, ['y/**', 'x/**']);
  });

  it('a default size limit in the editor does not hide the rc file value; a set one wins', () => {
    const base = { rules: {}, exclude: [] };
    assert.equal(mergeSettings({ ...base, maxFileSizeKb: defaultSettings.maxFileSizeKb }, { maxFileSizeKb: 64 }).maxFileSizeKb, 64);
    assert.equal(mergeSettings({ ...base, maxFileSizeKb: 200 }, { maxFileSizeKb: 64 }).maxFileSizeKb, 200);
  });

  it('folderSettings adds files.exclude to the discovery excludes', () => {
    const f = folderSettings('/w', { rules: {}, exclude: ['a'], maxFileSizeKb: 10 }, ['**/.git'], { config: { exclude: ['b'] }, problems: [] });
    assert.deepEqual(f.exclude, ['b', 'a', '**/.git']);
  });
});

describe('folderOf', () => {
  it('picks the deepest folder containing the file, not a name prefix', () => {
    const folders = [{ root: '/w' }, { root: '/w/packages/api' }, { root: '/w2' }];
    assert.equal(folderOf(folders, '/w/packages/api/src/a.ts')?.root, '/w/packages/api');
    assert.equal(folderOf(folders, '/w/src/a.ts')?.root, '/w');
    assert.equal(folderOf(folders, '/w2/a.ts')?.root, '/w2');
    assert.equal(folderOf(folders, '/w3/a.ts'), undefined);
  });
});
