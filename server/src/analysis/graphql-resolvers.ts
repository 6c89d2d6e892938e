/**
 * GraphQL field resolvers on object types (`Post.author`), where the first argument is the parent
 * object. GraphQL calls such a resolver once per parent in a list, so a lookup keyed by the
 * parent is an N+1 in disguise. Root types (Query, Mutation, Subscription) run once per operation
 * and are left out.
 *
 * Recognised shapes: resolver maps (`const resolvers = { Post: { author(parent) {…} } }`, a
 * `resolvers:` property, or an object typed `…Resolvers`), NestJS `@ResolveField()` with
 * `@Parent()`, and TypeGraphQL `@FieldResolver()` with `@Root()`.
 */
import ts from 'typescript';
import { propertyNameText, skipOuterExpressions } from './bindings';

export interface FieldResolver {
  /** 'Post', or the resolver class name when the type is not written down. */
  typeName: string;
  fieldName: string;
  fn: ts.FunctionLikeDeclaration;
  /** Names bound to the parent object. */
  parentNames: Set<string>;
}

const rootTypes = new Set(['Query', 'Mutation', 'Subscription']);

/** Cheap text test: only files that look like GraphQL code are parsed for resolvers. */
export function mayHoldResolvers(text: string): boolean {
  return /\bresolvers?\b|Resolvers\b|@ResolveField|@FieldResolver|graphql|gql`/.test(text);
}

export function findFieldResolvers(sf: ts.SourceFile): FieldResolver[] {
  const out: FieldResolver[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isObjectLiteralExpression(n) && isResolverMap(n)) collectMap(n, out);
    if (ts.isClassDeclaration(n)) collectClass(n, out);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function isResolverMap(obj: ts.ObjectLiteralExpression): boolean {
  const p = obj.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) {
    if (/resolvers?$/i.test(p.name.text)) return true;
    if (p.type && /Resolvers\b/.test(p.type.getText())) return true;
  }
  if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'resolvers') return true;
  if ((ts.isSatisfiesExpression(p) || ts.isAsExpression(p)) && /Resolvers\b/.test(p.type.getText())) return true;
  return false;
}

function functionOf(p: ts.ObjectLiteralElementLike): ts.FunctionLikeDeclaration | undefined {
  if (ts.isMethodDeclaration(p)) return p.body ? p : undefined;
  if (ts.isPropertyAssignment(p)) {
    const v = skipOuterExpressions(p.initializer);
    if (ts.isArrowFunction(v) || ts.isFunctionExpression(v)) return v;
    // `author: { resolve(parent) {…} }` (subscriptions and some servers write fields this way).
    if (ts.isObjectLiteralExpression(v)) {
      const resolve = v.properties.find((x) => x.name && propertyNameText(x.name) === 'resolve');
      return resolve ? functionOf(resolve) : undefined;
    }
  }
  return undefined;
}

function parentNamesOf(fn: ts.FunctionLikeDeclaration, index = 0): Set<string> {
  const names = new Set<string>();
  const p = fn.parameters[index];
  const add = (b: ts.BindingName): void => {
    if (ts.isIdentifier(b)) names.add(b.text);
    else for (const el of b.elements) if (!ts.isOmittedExpression(el)) add(el.name);
  };
  if (p) add(p.name);
  return names;
}

function collectMap(map: ts.ObjectLiteralExpression, out: FieldResolver[]): void {
  for (const typeProp of map.properties) {
    const typeName = typeProp.name && propertyNameText(typeProp.name);
    if (!typeName || rootTypes.has(typeName) || !/^[A-Z]/.test(typeName) || !ts.isPropertyAssignment(typeProp)) continue;
    const fields = skipOuterExpressions(typeProp.initializer);
    if (!ts.isObjectLiteralExpression(fields)) continue;
    for (const f of fields.properties) {
      const fieldName = f.name && propertyNameText(f.name);
      const fn = functionOf(f);
      if (!fieldName || !fn || fieldName.startsWith('__')) continue;
      const parentNames = parentNamesOf(fn);
      if (parentNames.size > 0) out.push({ typeName, fieldName, fn, parentNames });
    }
  }
}

function decoratorName(d: ts.Decorator): string | undefined {
  const e = d.expression;
  const callee = ts.isCallExpression(e) ? e.expression : e;
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** NestJS `@Resolver(() => Post)` / TypeGraphQL `@Resolver(of => Post)`: the type the class resolves. */
function resolverTypeName(cls: ts.ClassDeclaration): string | undefined {
  for (const d of ts.getDecorators(cls) ?? []) {
    if (decoratorName(d) !== 'Resolver' || !ts.isCallExpression(d.expression)) continue;
    const arg = d.expression.arguments[0];
    if (arg && (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg))) {
      const body = ts.isArrowFunction(arg) && !ts.isBlock(arg.body) ? skipOuterExpressions(arg.body) : undefined;
      if (body && ts.isIdentifier(body)) return body.text;
    }
    if (arg && ts.isIdentifier(arg)) return arg.text;
    if (arg && ts.isStringLiteral(arg)) return arg.text;
    return cls.name?.text.replace(/Resolver$/, '');
  }
  return undefined;
}

function collectClass(cls: ts.ClassDeclaration, out: FieldResolver[]): void {
  const typeName = resolverTypeName(cls);
  if (typeName === undefined) return;
  for (const m of cls.members) {
    if (!ts.isMethodDeclaration(m) || !m.body) continue;
    if (!(ts.getDecorators(m) ?? []).some((d) => ['ResolveField', 'FieldResolver', 'ResolveProperty'].includes(decoratorName(d) ?? ''))) continue;
    const index = m.parameters.findIndex((p) => (ts.getDecorators(p) ?? []).some((d) => ['Parent', 'Root'].includes(decoratorName(d) ?? '')));
    if (index < 0) continue;
    const fieldName = m.name && propertyNameText(m.name);
    if (fieldName) out.push({ typeName, fieldName, fn: m, parentNames: parentNamesOf(m, index) });
  }
}
