/**
 * What a JSX props spread (`<img {...props} />`) is known to pass, read from the same file
 * only: an object literal, a variable initialised with one, or a parameter (or a destructured
 * rest) whose type is a type literal, interface or type alias declared in the file. Anything
 * else (imported types, `ImgHTMLAttributes`, calls) is unknown, and callers stay silent.
 */
import ts from 'typescript';

export interface SpreadProps {
  /** Props the spread always passes (optional members do not count). */
  names: Set<string>;
  /** False when the spread may pass more than `names` (unknown parts). */
  complete: boolean;
}

const unknown = (): SpreadProps => ({ names: new Set(), complete: false });

export function spreadProps(expr: ts.Expression): SpreadProps {
  return propsOfExpression(expr, 0);
}

function propsOfExpression(e: ts.Expression, depth: number): SpreadProps {
  if (depth > 6) return unknown();
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) {
    if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) return propsOfType(e.type, e.getSourceFile(), depth + 1);
    e = e.expression;
  }
  if (ts.isObjectLiteralExpression(e)) return propsOfObject(e, depth);
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e);
    if (!decl) return unknown();
    if (ts.isVariableDeclaration(decl)) {
      if (decl.type) return propsOfType(decl.type, decl.getSourceFile(), depth + 1);
      // Only a const keeps its initial value.
      const isConst = ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
      return isConst && decl.initializer ? propsOfExpression(decl.initializer, depth + 1) : unknown();
    }
    if (ts.isParameter(decl)) return decl.type ? propsOfType(decl.type, decl.getSourceFile(), depth + 1) : unknown();
    if (ts.isBindingElement(decl) && decl.dotDotDotToken) return restProps(decl, depth);
  }
  return unknown();
}

function propsOfObject(o: ts.ObjectLiteralExpression, depth: number): SpreadProps {
  const out: SpreadProps = { names: new Set(), complete: true };
  for (const p of o.properties) {
    if (ts.isSpreadAssignment(p)) {
      const inner = propsOfExpression(p.expression, depth + 1);
      for (const n of inner.names) out.names.add(n);
      if (!inner.complete) out.complete = false;
      continue;
    }
    const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
    if (name === undefined) out.complete = false;
    else out.names.add(name);
  }
  return out;
}

/** `({ src, ...rest }: Props)`: Props' members without the ones taken out. */
function restProps(el: ts.BindingElement, depth: number): SpreadProps {
  const pattern = el.parent;
  const owner = pattern.parent;
  const type = (ts.isParameter(owner) || ts.isVariableDeclaration(owner)) && owner.type ? owner.type : undefined;
  if (!type) return unknown();
  const all = propsOfType(type, el.getSourceFile(), depth + 1);
  for (const other of pattern.elements) {
    if (other === el || ts.isOmittedExpression(other)) continue;
    const key = other.propertyName ?? other.name;
    if (ts.isIdentifier(key) || ts.isStringLiteral(key)) all.names.delete(key.text);
  }
  return all;
}

function propsOfType(t: ts.TypeNode, sf: ts.SourceFile, depth: number): SpreadProps {
  if (depth > 6) return unknown();
  if (ts.isParenthesizedTypeNode(t)) return propsOfType(t.type, sf, depth + 1);
  if (ts.isTypeLiteralNode(t)) return propsOfMembers(t.members);
  if (ts.isIntersectionTypeNode(t)) {
    const out: SpreadProps = { names: new Set(), complete: true };
    for (const part of t.types) {
      const p = propsOfType(part, sf, depth + 1);
      for (const n of p.names) out.names.add(n);
      if (!p.complete) out.complete = false;
    }
    return out;
  }
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) {
    const name = t.typeName.text;
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st) && st.name.text === name) {
        const own = propsOfMembers(st.members);
        // Members inherited from elsewhere are unknown.
        if (st.heritageClauses?.length) own.complete = false;
        return own;
      }
      if (ts.isTypeAliasDeclaration(st) && st.name.text === name) return propsOfType(st.type, sf, depth + 1);
    }
  }
  return unknown();
}

function propsOfMembers(members: ts.NodeArray<ts.TypeElement>): SpreadProps {
  const out: SpreadProps = { names: new Set(), complete: true };
  for (const m of members) {
    if (!ts.isPropertySignature(m)) {
      if (ts.isIndexSignatureDeclaration(m)) out.complete = false;
      continue;
    }
    const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : undefined;
    if (name !== undefined && !m.questionToken) out.names.add(name);
    // An optional member may or may not be passed.
    else if (name !== undefined) out.complete = false;
  }
  return out;
}

/** The nearest declaration of an identifier, walking out through enclosing scopes of the file. */
function findDeclaration(id: ts.Identifier): ts.Node | undefined {
  const name = id.text;
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      for (const p of scope.parameters) {
        const hit = bindingDeclaring(p, name);
        if (hit) return hit;
      }
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) {
      for (const st of scope.statements) {
        if (!ts.isVariableStatement(st)) continue;
        for (const d of st.declarationList.declarations) {
          const hit = bindingDeclaring(d, name);
          if (hit) return hit;
        }
      }
    }
  }
  return undefined;
}

function bindingDeclaring(d: ts.ParameterDeclaration | ts.VariableDeclaration, name: string): ts.Node | undefined {
  if (ts.isIdentifier(d.name)) return d.name.text === name ? d : undefined;
  const visit = (pattern: ts.BindingPattern): ts.Node | undefined => {
    for (const el of pattern.elements) {
      if (ts.isOmittedExpression(el)) continue;
      if (ts.isIdentifier(el.name) && el.name.text === name) return el;
      if (!ts.isIdentifier(el.name)) {
        const inner = visit(el.name);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return visit(d.name);
}
