import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { MemoryFileHost } from './host';
import { lintDocument } from './lint-doc';
import { Project } from './project';

const file = '/app/src/server.ts';
const text = `import fs from 'node:fs';\nexport const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));\n`;

function parse(t: string): ts.SourceFile {
  return ts.createSourceFile(file, t, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

describe('lintDocument: a document another tool read and parsed', () => {
  it('is the project\'s own document when the text is what is on disk, so other files share it', () => {
    const project = new Project(new MemoryFileHost({ [file]: text }));
    assert.equal(lintDocument(project, file, text), project.getDoc(file));
  });

  it('has the tool\'s text when it differs from the disk (an unsaved buffer, a --fix pass)', () => {
    const project = new Project(new MemoryFileHost({ [file]: text }));
    const edited = text.replace('config.json', 'settings.json');
    const doc = lintDocument(project, file, edited);
    assert.equal(doc.text, edited);
    assert.equal(project.getDoc(file)!.text, text, 'the disk copy is left as it is');
  });

  it('analyses the given tree instead of parsing again', () => {
    const project = new Project(new MemoryFileHost({ [file]: text }));
    const tree = parse(text);
    assert.equal(lintDocument(project, file, text, tree).sourceFile, tree);
  });

  it('parses itself when the tree is of another text, from another TypeScript, or a tree is already there', () => {
    const other = parse(text + '\n// more');
    const project = new Project(new MemoryFileHost({ [file]: text }));
    assert.notEqual(lintDocument(project, file, text, other).sourceFile, other);

    // Another copy of TypeScript makes its nodes with its own constructors (maybe other kind numbers).
    const foreign = Object.assign(Object.create(null) as ts.SourceFile, parse(text));
    const fresh = new Project(new MemoryFileHost({ [file]: text }));
    assert.notEqual(lintDocument(fresh, file, text, foreign).sourceFile, foreign);

    const parsedAlready = new Project(new MemoryFileHost({ [file]: text }));
    const first = parsedAlready.getDoc(file)!.sourceFile;
    assert.equal(lintDocument(parsedAlready, file, text, parse(text)).sourceFile, first);
  });
});
