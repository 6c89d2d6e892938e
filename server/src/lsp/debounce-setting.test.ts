/**
 * `hotpath.debounceMs` through the protocol, with the server in this process (its own file: see
 * testing/in-process-server.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inProcessServer, slowCallsRule } from '../testing/in-process-server';

describe('hotpath.debounceMs', () => {
  const settings = (debounceMs: number) => ({ hotpath: { rules: {}, exclude: [], maxFileSizeKb: 1024, debounceMs }, files: { exclude: {} } });
  const server = inProcessServer({ 'typed.ts': 'slow();\n' }, [slowCallsRule()], settings(10_000));

  it('a long debounce holds an edit back until a request needs it; 0 publishes every edit', async () => {
    const uri = await server.client.open('typed.ts');
    const anywhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    await server.client.codeActions(uri, anywhere, []);
    await server.client.waitFor('version 1 published', () => server.client.publishedVersion.get(uri) === 1);
    const version = await server.client.edit(uri, [{ range: anywhere, text: 'slow();\n' }]);
    // The default (150 ms) would have published long before this; 10 s holds it back.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(server.client.publishedVersion.get(uri), 1, 'nothing published while the edit waits');
    await server.client.codeActions(uri, anywhere, []);
    await server.client.waitFor('the edit published', () => server.client.publishedVersion.get(uri) === version);
    assert.equal(server.client.diagnostics.get(uri)?.length, 2);

    server.client.settings = settings(0);
    await server.client.configurationChanged();
    await server.client.waitFor('the rescan to end', () => server.client.statuses.filter((s) => s.state === 'idle').length >= 2);
    for (let i = 0; i < 3; i++) {
      const v = await server.client.edit(uri, [{ range: anywhere, text: 'slow();\n' }]);
      // No request asks for it: only the zero debounce publishes it.
      await server.client.waitFor(`version ${v} published`, () => server.client.publishedVersion.get(uri) === v);
      assert.equal(server.client.diagnostics.get(uri)?.length, 3 + i);
    }
  });
});
