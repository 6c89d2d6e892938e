import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { MemoryFileHost } from '../../engine/host';
import { Project } from '../../engine/project';
import type { SourceDoc } from '../../engine/source';
import { miniLib } from './mini-lib';
import { surelyAny } from './surely-any';
import { typeService, typeServiceStats } from './type-service';

const models = {
  '/w/src/models/Document.ts': `import { Model } from 'sequelize-typescript';\nexport class Document extends Model {\n  title = '';\n}\n`,
  '/w/src/models/index.ts': `export { Document } from './Document';\n`,
  '/w/src/load.ts': `import { Document } from './models';\nexport function loadDocuments(): Document[] {\n  return [];\n}\n`,
};

/** The last expression in `doc` whose text is `text` (the use, after its declaration). */
function expr(doc: SourceDoc, text: string): ts.Expression {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isExpression(n) && n.getText(doc.sourceFile) === text) found = n;
    ts.forEachChild(n, visit);
  };
  visit(doc.sourceFile);
  assert.ok(found, `no ${text}`);
  return found;
}

/** The type TypeScript gives `text` in a program like the type service's (mini lib, packages unresolved). */
function checkerSaysAny(files: Record<string, string>, file: string, text: string): boolean {
  const lib = '/lib.d.ts';
  const all: Record<string, string> = { ...files, [lib]: miniLib };
  const options: ts.CompilerOptions = { noLib: true, allowJs: true, noEmit: true, target: ts.ScriptTarget.ES5, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strictNullChecks: true, types: [] };
  const host = ts.createCompilerHost(options);
  host.getSourceFile = (f) => (all[f] === undefined ? undefined : ts.createSourceFile(f, all[f]!, ts.ScriptTarget.Latest, true));
  host.fileExists = (f) => all[f] !== undefined;
  host.readFile = (f) => all[f];
  host.getDefaultLibFileName = () => lib;
  host.getCurrentDirectory = () => '/';
  const program = ts.createProgram({ rootNames: [lib, file], options, host });
  const sf = program.getSourceFile(file)!;
  let node: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isExpression(n) && n.getText(sf) === text) node = n;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return (program.getTypeChecker().getTypeAtLocation(node!).flags & ts.TypeFlags.Any) !== 0;
}

/** [code of /w/src/job.ts, receiver, whether syntax settles it as any] */
const cases: [string, string, boolean][] = [
  // Values from packages (unresolved in the small programs).
  [`import { keyBy } from 'lodash';\nconst byId = keyBy(rows, 'id');\nfor (const id of ids) byId[id].save();\n`, 'byId[id]', true],
  [`import naturalSort from 'natural-sort';\nexport function f(xs: string[]) {\n  const sorted = naturalSort(xs);\n  for (const x of sorted) x.save();\n}\n`, 'x', true],
  [`export async function html(content: string) {\n  const { JSDOM } = await import('jsdom');\n  const dom = new JSDOM(content);\n  const document = dom.window.document;\n  const elements = document.querySelectorAll('script');\n  elements.forEach((el) => el.remove());\n}\n`, 'elements', true],
  [`import * as _ from 'lodash';\nconst groups = Object.values(_.groupBy(rows, 'shareId'));\nfor (const grouped of groups) grouped.save();\n`, 'grouped', true],
  [`const parsed = JSON.parse(text);\nparsed.items.forEach((i) => i.save());\n`, 'parsed.items', true],
  // Workspace values, casts, declared types and names syntax cannot follow: the checker's.
  [`import { loadDocuments } from './load';\nconst docs = loadDocuments();\nfor (const d of docs) d.save();\n`, 'docs', false],
  [`import { keyBy } from 'lodash';\nimport { Document } from './models';\nconst byId = keyBy(rows, 'id') as Record<string, Document>;\nbyId[x].save();\n`, 'byId', false],
  [`import { keyBy } from 'lodash';\nimport { Document } from './models';\nconst byId: Record<string, Document> = keyBy(rows, 'id');\nbyId[x].save();\n`, 'byId', false],
  [`import { keyBy } from 'lodash';\nexport function f(rows: unknown[]) {\n  let byId = keyBy(rows, 'id');\n  byId.x.save();\n}\n`, 'byId', false],
  [`import { Document } from './models';\nexport function f(doc: Document) {\n  doc.save();\n}\n`, 'doc', false],
  [`const loaded = require('./load');\nloaded.loadDocuments();\n`, 'loaded', false],
  [`import { keyBy } from 'lodash';\nconst byId = keyBy(rows, 'id');\nexport function f() {\n  if (a) {\n    var byId = new Map();\n  }\n  byId.get(1);\n}\n`, 'byId', false],
  [`const found = document.querySelector('img');\nfound.remove();\n`, 'found', false],
];

describe('surelyAny', () => {
  for (const [code, receiver, settled] of cases) {
    it(`${settled ? 'settles' : 'leaves to the checker'} \`${receiver}\` in ${JSON.stringify(code.split('\n').find((l) => l.includes('=')) ?? code)}`, () => {
      const files = { ...models, '/w/src/job.ts': code };
      const project = new Project(new MemoryFileHost(files));
      const doc = project.getDoc('/w/src/job.ts')!;
      assert.equal(surelyAny(project, doc, expr(doc, receiver), (f) => /\.[jt]sx?$/.test(f)), settled);
      // What it settles, TypeScript itself types as `any`: no question could have been answered.
      if (settled) assert.ok(checkerSaysAny(files, '/w/src/job.ts', receiver), 'TypeScript gives it a type');
    });
  }

  it('spares the type service a program: a settled question builds none', () => {
    const files = { ...models, '/w/src/job.ts': cases[0]![0] };
    const project = new Project(new MemoryFileHost(files));
    const doc = project.getDoc('/w/src/job.ts')!;
    assert.equal(typeService(project).instanceClass(doc, expr(doc, 'byId[id]')), undefined);
    const stats = typeServiceStats(project)!;
    assert.deepEqual([stats.programs, stats.questions, stats.settled], [0, 0, 1]);
  });
});
