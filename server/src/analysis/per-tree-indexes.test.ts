/**
 * The per-tree indexes behind fixes and call resolution (declarations by name, identifiers by
 * text, taken names, file style) answer as the scans they replaced did, and a new version of a
 * file, which has a new tree, is never answered from the old one's index.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { SourceDoc } from '../engine/source';
import { detectStyle } from '../fixes/file-style';
import { takenNames } from '../fixes/module-bindings';
import { resolveFunction } from './call-graph';
import { packageOrigin } from './value-origin';
import { packageImports, referencesTo } from './package-imports';
import { nodesOfKind, nodesOfKindWithin, treeNodes } from './tree-nodes';
import { onlyCall, workspace } from './test-helpers';

describe('per-tree indexes', () => {
  it('call resolution: the first declaration of a name wins, an inner scope shadows, an edit is seen', () => {
    const v1 = `function pick() { return 1; }\nconst pick2 = () => 2;\nfunction run() {\n  const pick2 = function inner() {};\n  pick2();\n}\npick();\nfunction dup() {}\nfunction dup() {}\ndup();\n`;
    const w = workspace({ 'src/a.ts': v1 });
    const doc = w.doc('src/a.ts');
    const resolved = (d: SourceDoc, callee: string) => {
      const ref = resolveFunction(w.project, d, onlyCall(d, callee).expression);
      return ref && `${d.positionAt(ref.fn.getStart(d.sourceFile)).line + 1} ${ref.name}`;
    };
    assert.equal(resolved(doc, 'pick'), '1 pick');
    assert.equal(resolved(doc, 'pick2'), '4 inner', 'the block declaration, not the module one');
    assert.equal(resolved(doc, 'dup'), '8 dup', 'the first of two, as the scan in order found');
    // A new version (an editor's text) with pick declared elsewhere: a new tree, a new index.
    const v2 = w.project.openDocument('/w/src/a.ts', `const x = 0;\nconst pick = () => x;\npick();\n`, 2);
    assert.equal(resolved(v2, 'pick'), '2 pick');
    // The old version's answers are unchanged (its tree is its own).
    assert.equal(resolved(doc, 'pick'), '1 pick');
  });

  it('value origins: destructured names, the first declaration of a name, an edit is seen', () => {
    const code = `import { PrismaClient } from '@prisma/client';\nimport db, { Pool } from 'pg';\nconst client = new Pool();\nconst client2 = client;\nclient2.query('x');\nexport function f(ctx: any) {\n  const { conn: [db2], db } = ctx;\n  db.query('y');\n}\n`;
    const w = workspace({ 'src/a.ts': code });
    const origin = (d: SourceDoc, callee: string) => {
      const call = onlyCall(d, callee);
      const receiver = (call.expression as import('typescript').PropertyAccessExpression).expression;
      return packageOrigin(w.project, d, receiver, { returnsData: () => false })?.module;
    };
    const doc = w.doc('src/a.ts');
    assert.equal(origin(doc, 'client2.query'), 'pg');
    // A destructured local named like the import hides it.
    assert.equal(origin(doc, 'db.query'), undefined);
    const edited = w.project.openDocument('/w/src/a.ts', code.replace('const client2 = client;', 'const client2 = new PrismaClient();'), 2);
    assert.equal(origin(edited, 'client2.query'), '@prisma/client');
    assert.equal(origin(doc, 'client2.query'), 'pg', 'the old version answers from its own tree');
  });

  it('references to an import: shadowed and property uses left out, per version', () => {
    const text = `import _ from 'lodash';\n_.map([], f);\nfunction g(_: number) { return _; }\nconst o = { _: 1 };\nexport const h = () => _.uniq([]);\n`;
    const doc = new SourceDoc('/w/a.ts', text, 'open:1');
    const imp = packageImports(doc)[0]!;
    const local = (imp.node as import('typescript').ImportDeclaration).importClause!.name!;
    const lines = (d: SourceDoc, refs: { getStart(): number }[]) => refs.map((r) => d.positionAt(r.getStart()).line + 1);
    assert.deepEqual(lines(doc, referencesTo(local, doc.sourceFile)), [2, 5]);
    // Asked twice: the same answer, not a list that grew.
    assert.deepEqual(lines(doc, referencesTo(local, doc.sourceFile)), [2, 5]);
    const edited = new SourceDoc('/w/a.ts', text + `_.debounce(f, 10);\n`, 'open:2');
    const local2 = (packageImports(edited)[0]!.node as import('typescript').ImportDeclaration).importClause!.name!;
    assert.deepEqual(lines(edited, referencesTo(local2, edited.sourceFile)), [2, 5, 6]);
  });

  it('taken names: each caller gets its own set; a new version sees its new names', () => {
    const doc = new SourceDoc('/w/a.ts', `const users = 1;\nobj.loader = 2;\n`, 'open:1');
    const first = takenNames(doc.sourceFile);
    assert.ok(first.has('users') && first.has('obj') && !first.has('loader'));
    first.add('claimedByAFix');
    assert.equal(first.has('claimedByAFix'), true);
    assert.equal(takenNames(doc.sourceFile).has('claimedByAFix'), false);
    // A fix that removes the file's own binding (a rewritten import) frees its name, for itself only.
    first.delete('users');
    assert.equal(first.has('users'), false);
    assert.equal(takenNames(doc.sourceFile).has('users'), true);
    first.add('users');
    assert.equal(first.has('users'), true);
    const edited = new SourceDoc('/w/a.ts', `const users = 1;\nconst loader = 2;\n`, 'open:2');
    assert.equal(takenNames(edited.sourceFile).has('loader'), true);
  });

  it('file style: each caller gets its own object; a new version is read again', () => {
    const doc = new SourceDoc('/w/a.ts', `import a from 'a';\nconst b = 'x';\n`, 'open:1');
    const style = detectStyle(doc.sourceFile);
    assert.deepEqual([style.quote, style.semicolon], ["'", true]);
    style.quote = '"';
    assert.equal(detectStyle(doc.sourceFile).quote, "'");
    const edited = new SourceDoc('/w/a.ts', `import a from "a"\nconst b = "x"\n`, 'open:2');
    assert.deepEqual([detectStyle(edited.sourceFile).quote, detectStyle(edited.sourceFile).semicolon], ['"', false]);
  });
  it("nodes by kind: the walk's nodes of those kinds, in walk order, per version", () => {
    const text = `import fs from 'fs';\nconst a = fs.readFileSync('x');\nfunction f(p: string) {\n  const b = g(() => h(p), [1]);\n  return <img src={b} />;\n}\nclass C { m() { return f('y'); } }\n`;
    const doc = new SourceDoc('/w/a.tsx', text, 'open:1');
    const kinds = [ts.SyntaxKind.CallExpression, ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration];
    const walked = treeNodes(doc.sourceFile).filter((n) => kinds.includes(n.kind));
    const label = (ns: readonly ts.Node[]) => ns.map((n) => `${ts.SyntaxKind[n.kind]} ${n.getText(doc.sourceFile).slice(0, 12)}`);
    assert.deepEqual(label(nodesOfKind(doc.sourceFile, ...kinds)), label(walked));
    assert.deepEqual(label(walked).slice(0, 2), ["VariableDeclaration a = fs.readF", "CallExpression fs.readFileS"], 'the declaration comes before the call in it');
    assert.deepEqual(label(nodesOfKind(doc.sourceFile, ts.SyntaxKind.JsxSelfClosingElement)), ['JsxSelfClosingElement <img src={b}'], 'one kind');
    assert.deepEqual(nodesOfKind(doc.sourceFile, ts.SyntaxKind.ClassStaticBlockDeclaration), [], 'a kind the file lacks');
    // Asked again: the same list; a new version: its own nodes.
    assert.equal(nodesOfKind(doc.sourceFile, ...kinds), nodesOfKind(doc.sourceFile, ...kinds));
    const edited = new SourceDoc('/w/a.tsx', text + `f('z');\n`, 'open:2');
    assert.equal(nodesOfKind(edited.sourceFile, ts.SyntaxKind.CallExpression).length, nodesOfKind(doc.sourceFile, ts.SyntaxKind.CallExpression).length + 1);
  });
  it('nodes of a kind within a node: what a walk of that node finds, on every function of real modules', () => {
    const dir = path.resolve(__dirname, '../../../test-fixtures');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(tsx?|jsx?|mjs)$/.test(f) && !f.includes('node_modules'));
    assert.ok(files.length > 20);
    let functions = 0;
    for (const f of files) {
      const doc = new SourceDoc(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8'), 'open:1');
      const sf = doc.sourceFile;
      for (const fn of treeNodes(sf)) {
        if (!ts.isFunctionLike(fn) || !('body' in fn) || !fn.body) continue;
        functions++;
        for (const kind of [ts.SyntaxKind.CallExpression, ts.SyntaxKind.Identifier, ts.SyntaxKind.Block]) {
          const walked: ts.Node[] = [];
          const visit = (n: ts.Node): void => {
            if (n.kind === kind) walked.push(n);
            ts.forEachChild(n, visit);
          };
          visit(fn.body);
          assert.deepEqual(nodesOfKindWithin(sf, fn.body, kind), walked, `${f}: ${ts.SyntaxKind[kind]} in the function at ${fn.pos}`);
        }
      }
    }
    assert.ok(functions > 200, `${functions} functions`);
  });
});
