/** Small fixtures for the analysis unit tests: an in-memory workspace and node finders. */
import ts from 'typescript';
import { MemoryFileHost } from '../engine/host';
import { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';

export function workspace(files: Record<string, string>): { project: Project; doc: (rel: string) => SourceDoc } {
  const abs: Record<string, string> = {};
  for (const [rel, text] of Object.entries(files)) abs[`/w/${rel}`] = text;
  const project = new Project(new MemoryFileHost(abs));
  return {
    project,
    doc(rel) {
      const d = project.getDoc(`/w/${rel}`);
      if (!d) throw new Error(`no fixture ${rel}`);
      return d;
    },
  };
}

/** Every call expression whose callee text is `calleeText`, in document order. */
export function callsNamed(doc: SourceDoc, calleeText: string): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && n.expression.getText(doc.sourceFile) === calleeText) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(doc.sourceFile);
  return out;
}

export function onlyCall(doc: SourceDoc, calleeText: string): ts.CallExpression {
  const calls = callsNamed(doc, calleeText);
  if (calls.length !== 1) throw new Error(`expected one call to ${calleeText}, found ${calls.length}`);
  return calls[0]!;
}
