/**
 * Typing in a server model that imports another module of a component's name (issue 19), through
 * the real protocol against the built server. image-dimensions looks for the places a component
 * is rendered among the files importing something of its name: outline's `server/models/Document.ts`
 * imports `./Import` (a model) and was read whole for the `Import` settings scene, so every
 * keystroke in the model re-analysed the scene. Such a file is read for its imports alone: a body
 * edit re-analyses no component, an edit of its imports does.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { tempWorkspace } from '../testing/temp-workspace';
import { TestClient } from './test-client';

const model = [
  "import Import from './Import';",
  '',
  'export default class Document {',
  '  imports: Array<Import> = [];',
  '',
  '  title(): string {',
  "    const name = 'Untitled';",
  '    return name;',
  '  }',
  '}',
  '',
].join('\n');

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'wiki', private: true, dependencies: { react: '^18.0.0', 'react-dom': '^18.0.0', express: '^4.21.0' } }),
  'server/models/Document.ts': model,
  'server/models/Import.ts': 'export default class Import {\n  state = "created";\n}\n',
  'app/scenes/Import.jsx': 'export default function Import() {\n  return <section className="import"><img src="/import-banner.png" alt="" /></section>;\n}\n',
  'app/scenes/Settings.jsx': "import Import from './Import';\nexport const Settings = () => (\n  <main className=\"settings\">\n    <Import />\n  </main>\n);\n",
};

const images = (ds: Diagnostic[] | undefined) => (ds ?? []).filter((d) => d.source === 'hotpath' && d.code === 'image-dimensions');
const settings = { hotpath: { rules: {}, exclude: [], maxFileSizeKb: 1024, debounceMs: 0 }, files: { exclude: {} } };
const at = (line: number, character = 0) => ({ line, character });

describe('typing in a model that imports another module of a component’s name', () => {
  let root: string;
  let client: TestClient;
  let modelUri: string;
  let sceneUri: string;

  before(async () => {
    root = tempWorkspace('edit-same-stem', files).dir;
    client = await TestClient.start(root, settings);
    await client.waitFor('the workspace scan', () => client.statuses.some((s) => s.state === 'idle'), 60_000);
    sceneUri = client.uri('app/scenes/Import.jsx');
    modelUri = await client.open('server/models/Document.ts');
    await client.codeActions(modelUri, { start: at(0), end: at(0) }, []);
  });

  after(async () => {
    await client?.shutdown();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const idles = () => client.statuses.filter((s) => s.state === 'idle').length;

  async function editAndSettle(changes: Parameters<TestClient['edit']>[1]) {
    const logs = client.logs.length;
    const idlesBefore = idles();
    await client.edit(modelUri, changes);
    await client.codeActions(modelUri, { start: at(0), end: at(0) }, []);
    await client.waitFor('the server to settle', () => idles() > idlesBefore, 30_000);
    return client.logs.slice(logs).find((l) => l.startsWith('Re-analysed'));
  }

  it('starts with the scene’s unsized image reported', () => {
    assert.equal(images(client.diagnostics.get(sceneUri)).length, 1);
  });

  it('re-analyses no component after an edit in the model’s method', async () => {
    assert.equal(await editAndSettle([{ range: { start: at(7), end: at(7) }, text: '    const shown = true;\n' }]), undefined);
    assert.equal(await editAndSettle([{ range: { start: at(7), end: at(8) }, text: '' }]), undefined);
    assert.equal(images(client.diagnostics.get(sceneUri)).length, 1);
  });

  it('re-analyses the scene when the model’s imports change', async () => {
    const rerun = await editAndSettle([{ range: { start: at(1), end: at(1) }, text: "import { logger } from '../logging';\n" }]);
    assert.match(String(rerun), /^Re-analysed 1 file that read an edited file/);
    assert.equal(images(client.diagnostics.get(sceneUri)).length, 1);
  });
});
