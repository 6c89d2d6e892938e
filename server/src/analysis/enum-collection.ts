/**
 * A loop over a parameter typed as a list of an enum's values (`flagTypes: UserFlagType[]`): the
 * list holds at most as many distinct values as the enum declares, a number written in the code
 * that does not grow with the data. n-plus-one reports such loops as `info`.
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { skipOuterExpressions } from './bindings';
import type { Iteration } from './loops';
import { resolveWorkspaceImport } from './module-resolution';

/** The enum whose values the loop's collection holds, with how many members it declares. */
export function enumCollection(project: Project, doc: SourceDoc, it: Iteration): { name: string; members: number } | undefined {
  const c = it.collection && skipOuterExpressions(it.collection);
  if (!c || !ts.isIdentifier(c)) return undefined;
  const element = elementTypeName(parameterType(it.node, c.text));
  if (!element) return undefined;
  const decl = enumDeclaration(project, doc, element);
  return decl ? { name: element, members: decl.members.length } : undefined;
}

/** The declared type of the parameter `name` of a function around `node`. */
function parameterType(node: ts.Node, name: string): ts.TypeNode | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (!ts.isFunctionLike(n)) continue;
    const p = n.parameters.find((q) => ts.isIdentifier(q.name) && q.name.text === name);
    if (p) return p.type;
  }
  return undefined;
}

/** `T[]`, `readonly T[]`, `Array<T>`, `ReadonlyArray<T>` → `T`, when `T` is a plain name. */
function elementTypeName(type: ts.TypeNode | undefined): string | undefined {
  let t = type;
  if (t && ts.isTypeOperatorNode(t)) t = t.type;
  let element: ts.TypeNode | undefined;
  if (t && ts.isArrayTypeNode(t)) element = t.elementType;
  else if (t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && /^(Readonly)?Array$/.test(t.typeName.text)) element = t.typeArguments?.[0];
  return element && ts.isTypeReferenceNode(element) && ts.isIdentifier(element.typeName) ? element.typeName.text : undefined;
}

/** The enum `name` declared in the file, or imported by name from a workspace module that declares it. */
function enumDeclaration(project: Project, doc: SourceDoc, name: string): ts.EnumDeclaration | undefined {
  const own = declaredEnum(doc.sourceFile, name);
  if (own) return own;
  for (const st of doc.sourceFile.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const bindings = st.importClause?.namedBindings;
    const el = bindings && ts.isNamedImports(bindings) ? bindings.elements.find((e) => e.name.text === name) : undefined;
    if (!el) continue;
    const file = resolveWorkspaceImport(project, doc.path, st.moduleSpecifier.text);
    const target = file ? project.getDoc(file) : undefined;
    return target?.isScript ? declaredEnum(target.sourceFile, (el.propertyName ?? el.name).text) : undefined;
  }
  return undefined;
}

function declaredEnum(file: ts.SourceFile, name: string): ts.EnumDeclaration | undefined {
  return file.statements.find((s): s is ts.EnumDeclaration => ts.isEnumDeclaration(s) && s.name.text === name);
}
