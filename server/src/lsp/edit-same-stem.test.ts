/**
 * Typing in a server model that imports another module of a component's name (issue 19), through
 * the real protocol against the built server. image-dimensions looks for the places a component
 * is rendered among the files importing something of its name: outline's `server/models/Document.ts`
 * imports `./Import` (a model) and was read whole for the `Import` settings scene, so every
 * keystroke in the model re-analysed the scene. Such a file is read for its imports alone: a body
 * edit re-analyses no component, an edit of its imports does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { at, EditSession, findingsOf } from './edit-session';

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

const images = (ds: Diagnostic[] | undefined) => findingsOf('image-dimensions', ds);

describe('typing in a model that imports another module of a component’s name', () => {
  let session: EditSession;
  let modelUri: string;
  let sceneUri: string;
  const diagnostics = (uri: string) => session.client.diagnostics.get(uri);

  before(async () => {
    session = await EditSession.start('edit-same-stem', files);
    sceneUri = session.client.uri('app/scenes/Import.jsx');
    modelUri = await session.open('server/models/Document.ts');
  });

  after(async () => {
    await session?.close();
  });

  const editAndSettle = async (changes: Parameters<EditSession['edit']>[1]) => (await session.edit(modelUri, changes)).rerun;

  it('starts with the scene’s unsized image reported', () => {
    assert.equal(images(diagnostics(sceneUri)).length, 1);
  });

  it('re-analyses no component after an edit in the model’s method', async () => {
    assert.equal(await editAndSettle([{ range: { start: at(7), end: at(7) }, text: '    const shown = true;\n' }]), undefined);
    assert.equal(await editAndSettle([{ range: { start: at(7), end: at(8) }, text: '' }]), undefined);
    assert.equal(images(diagnostics(sceneUri)).length, 1);
  });

  it('re-analyses the scene when the model’s imports change', async () => {
    const rerun = await editAndSettle([{ range: { start: at(1), end: at(1) }, text: "import { logger } from '../logging';\n" }]);
    assert.match(String(rerun), /^Re-analysed 1 file that read an edited file/);
    assert.equal(images(diagnostics(sceneUri)).length, 1);
  });
});
