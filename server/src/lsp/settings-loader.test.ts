import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadedConfig } from '../engine/config';
import { loadSettings, type ConfigurationItem, type SettingsSource } from './settings-loader';

const rcFiles: Record<string, LoadedConfig> = {
  '/a': { config: { rules: { x: 'off', y: 'off' }, exclude: ['gen/**'] }, path: '/a/.hotpathrc.json', problems: ['unknown rule "zz"'] },
  '/b': { config: {}, problems: [] },
};

function source(over: Partial<SettingsSource> = {}) {
  const logs: string[] = [];
  const asked: ConfigurationItem[][] = [];
  const s: SettingsSource = {
    pull: async (items) => {
      asked.push(items);
      return items.map((i) =>
        i.section === 'files' ? { exclude: { '**/.git': true } } : { rules: { y: i.scopeUri === 'file:///a' ? 'error' : 'info' }, exclude: [], maxFileSizeKb: 1024 },
      );
    },
    pushed: { rules: { x: 'warning' } },
    loadRc: (root) => rcFiles[root] ?? { config: {}, problems: [] },
    log: (m) => logs.push(m),
    ...over,
  };
  return { s, logs, asked };
}

describe('loadSettings', () => {
  it('pulls hotpath and files per folder and merges each over its rc file', async () => {
    const { s, logs, asked } = source();
    const { folders } = await loadSettings(['/a', '/b'], s);
    assert.deepEqual(asked[0], [
      { section: 'hotpath', scopeUri: 'file:///a' },
      { section: 'files', scopeUri: 'file:///a' },
      { section: 'hotpath', scopeUri: 'file:///b' },
      { section: 'files', scopeUri: 'file:///b' },
    ]);
    assert.deepEqual(folders[0]!.settings.rules, { x: 'off', y: 'error' });
    assert.deepEqual(folders[0]!.exclude, ['gen/**', '**/.git']);
    assert.deepEqual(folders[1]!.settings.rules, { y: 'info' });
    assert.ok(logs.includes('[.hotpathrc.json] /a/.hotpathrc.json: unknown rule "zz"'), logs.join('\n'));
  });

  it('uses the pushed settings without pull support, or when the pull fails', async () => {
    const noPull = source();
    delete noPull.s.pull;
    assert.deepEqual((await loadSettings(['/b'], noPull.s)).folders[0]!.settings.rules, { x: 'warning' });
    const failing = source({ pull: async () => Promise.reject(new Error('client gone')) });
    const { fallback } = await loadSettings([], failing.s);
    assert.deepEqual(fallback.settings.rules, { x: 'warning' });
    assert.match(failing.logs.join('\n'), /workspace\/configuration failed.*client gone/);
  });
});
