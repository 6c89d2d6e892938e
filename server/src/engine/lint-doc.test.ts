import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { MemoryFileHost } from './host';
import { withLintDocument } from './lint-doc';
import { Project } from './project';
import type { SourceDoc } from './source';

const file = '/app/src/server.ts';
const text = `import fs from 'node:fs';\nexport const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));\n`;

function parse(t: string): ts.SourceFile {
  return ts.createSourceFile(file, t, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function projectWithFile(): Project {
  return new Project(new MemoryFileHost({ [file]: text }));
}

describe('withLintDocument: a document another tool read, and maybe parsed', () => {
  it('is the project\'s own document when the text is what is on disk, so other files share it', () => {
    const project = projectWithFile();
    assert.equal(withLintDocument(project, file, text, undefined, (doc) => doc), project.getDoc(file));
  });

  it('has the tool\'s text when it differs from the disk (an unsaved buffer, a --fix pass), for other files\' analyses too while its rules run', () => {
    const project = new Project(new MemoryFileHost({ [file]: text, '/app/src/other.ts': 'export const y = 1;\n' }));
    const edited = text.replace('config.json', 'settings.json');
    assert.equal(withLintDocument(project, file, edited, undefined, (doc) => doc.text), edited);
    assert.equal(project.getDoc(file)!.text, edited, 'a cross-file analysis reads the text being linted');
    withLintDocument(project, '/app/src/other.ts', 'export const y = 1;\n', undefined, () => undefined);
    assert.equal(project.getDoc(file)!.text, text, 'once another file starts, the disk copy again');
    // ESLint's next rule on the same text shares the document (its tree and memos).
    const first = withLintDocument(project, file, edited, undefined, (doc) => doc);
    assert.equal(withLintDocument(project, file, edited, undefined, (doc) => doc), first);
    assert.notEqual(withLintDocument(project, file, edited + '\n', undefined, (doc) => doc), first);
  });

  it('a rule that asks for the tree gets the one given instead of a second parse; kept for that file only', () => {
    const other = '/app/src/other.ts';
    const project = new Project(new MemoryFileHost({ [file]: text, [other]: 'export const y = 1;\n' }));
    const tree = parse(text);
    const count = (doc: SourceDoc) => project.memo(doc, 'test:statements', (d) => d.sourceFile.statements.length);
    assert.equal(withLintDocument(project, file, text, tree, (doc) => (assert.equal(doc.sourceFile, tree), count(doc))), 2);
    // ESLint runs its next rule on the same file: same document, tree and memos.
    assert.equal(withLintDocument(project, file, text, tree, (doc) => doc.sourceFile), tree);
    assert.equal(project.getDoc(file)!.sourceFile, tree);
    // The next file's analysis starts: the file is forgotten with its memos, and read and parsed again when needed.
    withLintDocument(project, other, 'export const y = 1;\n', undefined, () => undefined);
    const again = project.getDoc(file)!;
    assert.equal(again.isParsed, false);
    assert.notEqual(again.sourceFile, tree);
    let recomputed = false;
    project.memo(again, 'test:statements', () => (recomputed = true));
    assert.ok(recomputed);
  });

  it('a tree no rule asked for is not kept', () => {
    const project = projectWithFile();
    const tree = parse(text);
    withLintDocument(project, file, text, tree, (doc) => doc.text.includes('Sync'));
    const doc = project.getDoc(file)!;
    assert.equal(doc.isParsed, false);
    assert.notEqual(doc.sourceFile, tree);
  });

  it('parses itself when the tree is of another text, from another TypeScript, or a tree is already there', () => {
    const other = parse(text + '\n// more');
    assert.notEqual(withLintDocument(projectWithFile(), file, text, other, (doc) => doc.sourceFile), other);

    // Another copy of TypeScript makes its nodes with its own constructors (maybe other kind numbers).
    const foreign = Object.assign(Object.create(null) as ts.SourceFile, parse(text));
    assert.notEqual(withLintDocument(projectWithFile(), file, text, foreign, (doc) => doc.sourceFile), foreign);

    // Without parent pointers (a program's tree before it is bound), rules could not walk up.
    const noParents = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    assert.notEqual(withLintDocument(projectWithFile(), file, text, noParents, (doc) => doc.sourceFile), noParents);

    const parsedAlready = projectWithFile();
    const first = parsedAlready.getDoc(file)!.sourceFile;
    assert.equal(withLintDocument(parsedAlready, file, text, parse(text), (doc) => doc.sourceFile), first);
  });
});
