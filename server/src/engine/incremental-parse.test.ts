/**
 * An open document's next version is parsed incrementally from the previous version's tree
 * (SourceDoc, Project.openDocument). The tree must be the one a fresh parse gives (kinds,
 * positions, parents), the findings the same, and an older version that handed its tree over
 * must still answer correctly.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { nodesOfKind, nodesOfKindWhere, statementFacts, treeNodes } from '../analysis/tree-nodes';
import { rules } from '../rules/index';
import { analyzeDoc } from './analyze';
import { NodeFileHost } from './host';
import { Project } from './project';
import { changeBetween, SourceDoc } from './source';

/** Every node as kind@pos-end under its parent's kind, in walk order. */
function shape(sf: ts.SourceFile): string[] {
  return treeNodes(sf).map((n) => `${ts.SyntaxKind[n.kind]}@${n.pos}-${n.end}<${n.parent ? ts.SyntaxKind[n.parent.kind] : '-'}`);
}

function fresh(doc: SourceDoc): ts.SourceFile {
  return new SourceDoc(doc.path, doc.text, 'fresh').sourceFile;
}

const appRoot = path.resolve(__dirname, '../../../test-fixtures/express-app');

describe('incremental parsing of open documents', () => {
  it('the span that changed: prefix and suffix left out, also for insertions and deletions', () => {
    assert.deepEqual(changeBetween('abcdef', 'abXYef'), { span: { start: 2, length: 2 }, newLength: 2 });
    assert.deepEqual(changeBetween('abc', 'abXc'), { span: { start: 2, length: 0 }, newLength: 1 });
    assert.deepEqual(changeBetween('aaaa', 'aaa'), { span: { start: 3, length: 1 }, newLength: 0 });
    assert.deepEqual(changeBetween('same', 'same'), { span: { start: 4, length: 0 }, newLength: 0 });
  });

  it('the span that changed in long texts (compared by blocks): as a character-by-character scan finds it', () => {
    const naive = (a: string, b: string) => {
      let start = 0;
      while (start < Math.min(a.length, b.length) && a[start] === b[start]) start++;
      let ea = a.length;
      let eb = b.length;
      while (ea > start && eb > start && a[ea - 1] === b[eb - 1]) {
        ea--;
        eb--;
      }
      return { span: { start, length: ea - start }, newLength: eb - start };
    };
    const base = Array.from({ length: 4000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
    // Edits at, next to and between block edges (256), insertions, deletions, replacements, repeats.
    const cases: [number, number, string][] = [[0, 0, 'x'], [255, 256, 'Q'], [256, 256, 'QQ'], [257, 300, ''], [1000, 1000, base.slice(1000, 1300)], [3999, 4000, ''], [4000, 4000, 'zz'], [512, 1024, 'abc'], [100, 3900, '']];
    for (const [from, to, text] of cases) {
      const after = base.slice(0, from) + text + base.slice(to);
      assert.deepEqual(changeBetween(base, after), naive(base, after), `${from}-${to} '${text.slice(0, 5)}'`);
      assert.deepEqual(changeBetween(after, base), naive(after, base), `reverse of ${from}-${to}`);
    }
    assert.deepEqual(changeBetween(base, base), naive(base, base));
  });

  it('after edits anywhere (typing, lines added and removed, a broken then mended statement) the tree is a fresh parse', () => {
    const project = new Project(new NodeFileHost());
    const p = path.join(appRoot, 'src/routes/auth.ts').replace(/\\/g, '/');
    const original = fs.readFileSync(p, 'utf8');
    // Inside the handler, before the blocking call the rule reports.
    const mid = original.indexOf('  const hash');
    const tail = '\nexport function tail() { return [1, 2].map((x) => x * 2); }\n';
    const edits: ((t: string) => string)[] = [
      (t) => t.slice(0, mid) + '  const typed = 1;\n' + t.slice(mid),
      (t) => t.replace('const typed = 1;', 'const typed = (1'),
      (t) => t.replace('const typed = (1', 'const typed = (1 + 2);'),
      (t) => t.replace('crypto.pbkdf2Sync(', 'crypto.pbkdf2Sync2('),
      (t) => '// header\n' + t,
      (t) => t + tail,
      (t) => t.replace('crypto.pbkdf2Sync2(', 'crypto.pbkdf2Sync('),
      (t) => t.replace('  const typed = (1 + 2);\n', ''),
      (t) => t.replace('// header\n', ''),
      (t) => t.slice(0, -tail.length),
    ];
    let text = original;
    let doc = project.openDocument(p, text, 1);
    void doc.sourceFile;
    for (const [i, edit] of edits.entries()) {
      text = edit(text);
      doc = project.openDocument(p, text, i + 2);
      assert.deepEqual(shape(doc.sourceFile), shape(fresh(doc)), `after edit ${i + 1}`);
      const findings = (d: SourceDoc) => analyzeDoc(project, d, { rules }).findings.map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.character} ${f.message}`);
      assert.deepEqual(findings(doc), findings(new SourceDoc(doc.path, doc.text, `check-${i}`)), `findings after edit ${i + 1}`);
    }
    assert.equal(text, original, 'the edits undo themselves');
    assert.ok(analyzeDoc(project, doc, { rules }).findings.length > 0, 'the fixture has findings, so the comparison compared something');
  });

  it('versions nobody parsed are skipped; a version that handed its tree over parses its own text again', () => {
    const project = new Project(new NodeFileHost());
    const p = '/w/a.ts';
    const v1 = project.openDocument(p, 'const a = 1;\nfunction f() { return a; }\n', 1);
    const before = shape(v1.sourceFile);
    project.openDocument(p, 'const a = 12;\nfunction f() { return a; }\n', 2); // typed, never analyzed
    const v3 = project.openDocument(p, 'const a = 123;\nfunction f() { return a; }\n', 3);
    assert.deepEqual(shape(v3.sourceFile), shape(fresh(v3)));
    // v1's tree went to v3; asked again, v1 answers from its own text.
    assert.deepEqual(shape(v1.sourceFile), before);
    assert.notEqual(v1.sourceFile, v3.sourceFile);
  });
  it('per-statement facts are computed again only for the statements an edit changed', () => {
    const project = new Project(new NodeFileHost());
    const p = '/w/a.ts';
    const text = `export function a() { return f(1); }\nexport function b() { return g(2); }\nexport function c() { return h(3); }\n`;
    let computed = 0;
    const callees = (d: SourceDoc) =>
      statementFacts(d.sourceFile, 'test:callees', (s) => {
        computed++;
        return s.ofKind(ts.SyntaxKind.CallExpression).map((c) => (c as ts.CallExpression).expression.getText());
      });
    const v1 = project.openDocument(p, text, 1);
    assert.deepEqual(callees(v1), [['f'], ['g'], ['h'], []], 'three statements and the end-of-file token');
    assert.equal(computed, 4);
    callees(v1);
    assert.equal(computed, 4, 'asked again: cached');
    const v2 = project.openDocument(p, text.replace('g(2)', 'g(k(2))'), 2);
    assert.deepEqual(callees(v2), [['f'], ['g', 'k'], ['h'], []]);
    assert.equal(computed, 6, 'the edited statement and the end-of-file token');
    // A selection by a per-statement test: the same as filtering the walk of the new tree.
    const v3 = project.openDocument(p, text.replace('h(3)', 'h(3) + q(4)'), 3);
    const named = (n: ts.Node) => ts.isCallExpression(n) && n.expression.getText() !== 'f';
    assert.deepEqual(nodesOfKindWhere(v3.sourceFile, 'test:not-f', [ts.SyntaxKind.CallExpression], named), treeNodes(v3.sourceFile).filter(named));
  });

  it('every fixture module, edited in the middle and at the end: findings as a fresh analysis finds them', () => {
    const root = path.resolve(__dirname, '../../../test-fixtures');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !f.includes('node_modules'));
    let compared = 0;
    for (const f of files) {
      const project = new Project(new NodeFileHost());
      const p = path.join(root, f).replace(/\\/g, '/');
      const original = fs.readFileSync(p, 'utf8');
      const middle = original.indexOf('\n', Math.floor(original.length / 2)) + 1;
      const texts = [
        original.slice(0, middle) + 'const inserted = 1;\n' + original.slice(middle),
        original.slice(0, middle) + 'const inserted = [1].map((x) => x);\n' + original.slice(middle),
        original + '\nexport function added(req: any, res: any) { res.send(String(1)); }\n',
        original,
      ];
      let doc = project.openDocument(p, original, 1);
      const findings = (d: SourceDoc) => analyzeDoc(project, d, { rules }).findings.map((x) => `${x.ruleId} ${x.range.start.line}:${x.range.start.character} ${x.message} ${JSON.stringify(x.fixes)}`);
      const first = findings(doc);
      for (const [i, t] of texts.entries()) {
        doc = project.openDocument(p, t, i + 2);
        assert.deepEqual(findings(doc), findings(new SourceDoc(doc.path, doc.text, `fresh-${i}`)), `${f} after edit ${i + 1}`);
        compared++;
      }
      assert.deepEqual(findings(doc), first, `${f}: back to the original text`);
    }
    assert.ok(compared >= 80, `${compared} versions compared`);
  });
});

describe('treeNodes', () => {
  it('lists the nodes in the order a recursive forEachChild visit reaches them, once per tree', () => {
    const doc = new SourceDoc('/w/a.tsx', `import x from 'x';\nexport const C = () => <div onClick={() => x.y(1)}>{[1].map((i) => <b key={i} />)}</div>;\n`, '1');
    const walked: ts.Node[] = [];
    const visit = (n: ts.Node): void => {
      walked.push(n);
      ts.forEachChild(n, visit);
    };
    visit(doc.sourceFile);
    assert.deepEqual(treeNodes(doc.sourceFile), walked);
    assert.equal(treeNodes(doc.sourceFile), treeNodes(doc.sourceFile));
  });
  it('after an edit, statements the edit did not touch keep their node lists; the lists match a walk of the new tree', () => {
    const project = new Project(new NodeFileHost());
    const p = '/w/a.ts';
    const text = `import fs from 'fs';\nexport function a() { return fs.readFileSync('a'); }\nexport function b() { return g(1); }\nexport const c = () => h(2);\n`;
    const v1 = project.openDocument(p, text, 1);
    const [, a1, b1, c1] = v1.sourceFile.statements;
    const calls1 = nodesOfKind(v1.sourceFile, ts.SyntaxKind.CallExpression);
    const v2 = project.openDocument(p, text.replace('g(1)', 'g(1, k(3))'), 2);
    const sf = v2.sourceFile;
    // What the reuse relies on: TypeScript moves untouched statements (the same objects) into the new tree.
    assert.equal(sf.statements[1], a1);
    assert.notEqual(sf.statements[2], b1);
    assert.equal(sf.statements[3], c1);
    const walked: ts.Node[] = [];
    const visit = (n: ts.Node): void => {
      walked.push(n);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    assert.deepEqual(treeNodes(sf), walked);
    assert.deepEqual(nodesOfKind(sf, ts.SyntaxKind.CallExpression), walked.filter(ts.isCallExpression));
    assert.equal(nodesOfKind(sf, ts.SyntaxKind.CallExpression).length, calls1.length + 1);
  });
});
