/**
 * Interfaces and type aliases by name, as syntax finds them: in a file's top level, or imported
 * from a workspace module (its own declaration, or one a barrel re-exports with `export * from`).
 * For receivers typed by an interface: a context object whose members hand out the app's models
 * (analysis/model-instances), an injected driver whose implementations do the I/O (analysis/call-graph).
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { moduleBindings } from './bindings';
import { resolveWorkspaceImport } from './module-resolution';

export type TypeDecl = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

/** The interface or type alias `name` names in `doc`, with the file declaring it. */
export function typeDeclaration(project: Project, doc: SourceDoc, name: string): { doc: SourceDoc; node: TypeDecl } | undefined {
  const local = topLevelType(doc, name);
  if (local) return { doc, node: local };
  const ref = moduleBindings(project, doc).get(name);
  if (!ref || ref.path.length !== 1) return undefined;
  const target = resolveWorkspaceImport(project, doc.path, ref.module);
  const tdoc = target ? project.getDoc(target) : undefined;
  if (!tdoc?.isScript) return undefined;
  const own = topLevelType(tdoc, ref.path[0]!);
  if (own) return { doc: tdoc, node: own };
  // `export * from './storage-driver.interface'` in an index.ts barrel.
  for (const st of tdoc.sourceFile.statements) {
    if (!ts.isExportDeclaration(st) || st.exportClause || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const next = resolveWorkspaceImport(project, tdoc.path, st.moduleSpecifier.text);
    const ndoc = next ? project.getDoc(next) : undefined;
    const found = ndoc?.isScript ? topLevelType(ndoc, ref.path[0]!) : undefined;
    if (found && ndoc) return { doc: ndoc, node: found };
  }
  return undefined;
}

function topLevelType(doc: SourceDoc, name: string): TypeDecl | undefined {
  for (const st of doc.sourceFile.statements) if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name.text === name) return st;
  return undefined;
}
