/**
 * Which package a value comes from: `prisma` in `const prisma = new PrismaClient()` comes from
 * '@prisma/client', `this.users` typed `Repository<User>` from 'typeorm', `User` in
 * `class User extends Model {}` from 'sequelize', `pool` imported from './db' (where it is
 * `new Pool()`) from 'pg'. Data-access rules recognise receivers by this, never by their name.
 *
 * The trace follows local declarations, parameters' and properties' type annotations, class
 * heritage, imports and workspace exports (ESM and CommonJS), within a step budget so cycles and
 * deep re-export chains end. It reads other files through `project.getDoc` only.
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { bindingNameDeclares, commonJsTarget, isWorkspaceModule, moduleBindings, normalizeModule, propertyNameText, requireSpecifier, skipOuterExpressions, type ModuleRef } from './bindings';
import { readBody, readReturns, readWhereAssigned, resolveClass, resolveFunction, returnedExpressions } from './call-graph';
import { resolveWorkspaceImport } from './module-resolution';

/** A package and the names taken from it (`import { request } from 'graphql-request'` → ['request']). */
export interface PackageOrigin {
  module: string;
  path: string[];
}

/**
 * A package's value, a workspace module, an object literal whose properties hold values (`export
 * default { client, enabled }`), or an object type whose properties' types name them (`{ client: S3Client }`).
 */
type Traced =
  | { kind: 'package'; origin: PackageOrigin }
  | { kind: 'workspace-module'; doc: SourceDoc }
  | { kind: 'object'; doc: SourceDoc; node: ts.ObjectLiteralExpression }
  | { kind: 'object-type'; doc: SourceDoc; node: ts.TypeLiteralNode }
  /** An instance of a workspace class that extends no package (`PrismaRepository<'user'>`): its members are traced. */
  | { kind: 'instance'; doc: SourceDoc; cls: ts.ClassLikeDeclaration };

export interface OriginOptions {
  /**
   * True when `method` called on a value of `module` returns data rather than another client
   * (`prisma.user.findMany()` returns rows, `pool.connect()` returns a client).
   */
  returnsData(module: string, method: string): boolean;
}

interface Tracer {
  project: Project;
  options: OriginOptions;
  steps: number;
}

/** The package `expr` (in `doc`) comes from, or undefined when unknown or workspace-made. */
export function packageOrigin(project: Project, doc: SourceDoc, expr: ts.Expression, options: OriginOptions): PackageOrigin | undefined {
  const tracer = { project, options, steps: 80 };
  let t = trace(tracer, doc, expr);
  // `const pool = require('./db')` where db.js ends in `module.exports = pool`: the module is its export.
  if (t?.kind === 'workspace-module') t = traceExport(tracer, t.doc, 'default');
  return t?.kind === 'package' ? t.origin : undefined;
}

/**
 * The package a chain's root comes from, reading on through the members it names while the value
 * is a workspace object rather than a client (`this.users.model.user.findMany()`, where
 * `users: PrismaRepository<'user'>` holds `model: Pick<PrismaService, T>`): the origin, and how
 * many of `names` it took. Only members that are read, not called, are followed.
 */
export function chainOrigin(
  project: Project,
  doc: SourceDoc,
  root: ts.Expression,
  names: readonly string[],
  called: readonly boolean[],
  options: OriginOptions,
): { origin: PackageOrigin; consumed: number } | undefined {
  const tracer = { project, options, steps: 80 };
  let t = trace(tracer, doc, root);
  if (t?.kind === 'workspace-module') t = traceExport(tracer, t.doc, 'default');
  let consumed = 0;
  while (t?.kind === 'instance' && consumed < names.length && !called[consumed]) t = member(tracer, t, names[consumed++]!);
  return t?.kind === 'package' ? { origin: t.origin, consumed } : undefined;
}

/** The package a type annotation names (`Repository<User>`, `Knex.Transaction`, a class extending one). */
export function typeOrigin(project: Project, doc: SourceDoc, type: ts.TypeNode, options: OriginOptions): PackageOrigin | undefined {
  const t = traceType({ project, options, steps: 80 }, doc, type);
  return t?.kind === 'package' ? t.origin : undefined;
}

function pkg(module: string, path: string[]): Traced {
  return { kind: 'package', origin: { module, path } };
}

function trace(t: Tracer, doc: SourceDoc, expr: ts.Expression): Traced | undefined {
  if (--t.steps < 0) return undefined;
  const asserted = assertedType(expr);
  const e = skipOuterExpressions(expr);
  // `export default global.prisma as PrismaClient`: a value no trace can follow (a global, a
  // cast `any`) whose assertion names its type; the value itself is asked first.
  if (asserted) return traceValue(t, doc, e) ?? traceType(t, doc, asserted);
  return traceValue(t, doc, e);
}

/** The type of the outermost `as T` / `<T>` / `satisfies T` around `expr`, through parentheses. */
function assertedType(expr: ts.Expression): ts.TypeNode | undefined {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return ts.isAsExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e) ? e.type : undefined;
}

function traceValue(t: Tracer, doc: SourceDoc, e: ts.Expression): Traced | undefined {
  if (ts.isAwaitExpression(e)) return trace(t, doc, e.expression);
  if (ts.isIdentifier(e)) return traceIdentifier(t, doc, e);
  if (ts.isPropertyAccessExpression(e) || (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))) {
    const name = ts.isPropertyAccessExpression(e) ? e.name.text : (e.argumentExpression as ts.StringLiteralLike).text;
    if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return traceThisMember(t, doc, e, name);
    return member(t, trace(t, doc, e.expression), name);
  }
  if (ts.isNewExpression(e)) return trace(t, doc, e.expression);
  if (ts.isCallExpression(e)) {
    const spec = requireSpecifier(e);
    if (spec !== undefined) return moduleTraced(t, doc, spec, []);
    const callee = skipOuterExpressions(e.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method === 'then' || method === 'catch' || method === 'finally') return undefined;
    const c = trace(t, doc, callee);
    if (c === undefined) return traceLocalFunctionResult(t, doc, callee) ?? traceCallbackResult(t, doc, e);
    if (c.kind !== 'package') return undefined;
    const last = method ?? c.origin.path[c.origin.path.length - 1];
    if (last !== undefined && t.options.returnsData(c.origin.module, last)) return undefined;
    return c;
  }
  if (ts.isConditionalExpression(e)) return trace(t, doc, e.whenTrue) ?? trace(t, doc, e.whenFalse);
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(e.operatorToken.kind)) {
    return trace(t, doc, e.left) ?? trace(t, doc, e.right);
  }
  if (ts.isClassExpression(e)) return traceClass(t, doc, e);
  if (ts.isObjectLiteralExpression(e)) return { kind: 'object', doc, node: e };
  return undefined;
}

/**
 * `remember('prisma', () => new PrismaClient())`, `singleton(() => new Pool())`: a call of our
 * own code that is handed a function making a client is taken to return what that function
 * returns (memoising wrappers, as monorepos write them to survive hot reloads). A callback that
 * returns data (`retry(() => p.user.findMany())`) yields nothing, as the query itself would.
 */
function traceCallbackResult(t: Tracer, doc: SourceDoc, call: ts.CallExpression): Traced | undefined {
  for (const arg of call.arguments) {
    const fn = skipOuterExpressions(arg);
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) continue;
    const r = traceReturned(t, doc, fn);
    if (r) return r;
  }
  return undefined;
}

/**
 * `prismaClientSingleton()` where `const prismaClientSingleton = () => new PrismaClient()`
 * (the Next.js singleton Prisma's docs recommend): a call of a function declared in this file
 * returns what the function returns.
 */
function traceLocalFunctionResult(t: Tracer, doc: SourceDoc, callee: ts.Expression): Traced | undefined {
  // `await this.getS3()`: a method of the class the call is written in; `this.connection.getRepository(ctx, User)`:
  // a method of an injected workspace service (a NestJS wrapper around the DataSource) that hands out a repository.
  // A method returning rows traces to nothing, as the query it returns does.
  if (ts.isPropertyAccessExpression(callee)) {
    const ref = resolveFunction(t.project, doc, callee);
    return ref && traceReturned(t, ref.doc, ref.fn);
  }
  if (!ts.isIdentifier(callee)) return undefined;
  // `taskQueue()` imported from the module that makes the queue: what the workspace function returns.
  if (!findLocal(callee)) {
    const ref = resolveFunction(t.project, doc, callee);
    return ref && traceReturned(t, ref.doc, ref.fn);
  }
  const local = findLocal(callee);
  let fn: ts.FunctionLikeDeclaration | undefined;
  if (local?.kind === 'function') fn = local.decl;
  else if (local?.kind === 'variable' && local.decl.initializer) {
    const init = skipOuterExpressions(local.decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fn = init;
  }
  return fn && traceReturned(t, doc, fn);
}

/** The first package value `fn` returns (a client it makes), or undefined. */
function traceReturned(t: Tracer, doc: SourceDoc, fn: ts.FunctionLikeDeclaration): Traced | undefined {
  // Only what it returns: a local a returned value names is read where it is assigned (`traceVariable`).
  readReturns(t.project, doc, fn);
  for (const returned of returnedExpressions(fn)) {
    const r = trace(t, doc, returned);
    if (r?.kind === 'package') return r;
  }
  // `function createDatabaseInstance(…): Sequelize { let instance; … instance = new Sequelize(…) }`:
  // what is returned is assigned on several paths, but the declared return type names the client.
  // `getS3(): Promise<{ sdk: typeof AwsS3; client: S3Client }>`: an object type, whose properties are read next.
  const declared = fn.type && traceType(t, doc, fn.type);
  if (declared?.kind === 'package' || declared?.kind === 'object-type') return declared;
  // An overloaded method's implementation often declares `any`; its overload signatures name the client.
  for (const o of overloadsOf(fn)) {
    const typed = o.type && traceType(t, doc, o.type);
    if (typed?.kind === 'package') return typed;
  }
  return undefined;
}

/** The overload signatures (no body) written before a class method's implementation. */
function overloadsOf(fn: ts.FunctionLikeDeclaration): ts.MethodDeclaration[] {
  if (!ts.isMethodDeclaration(fn) || !fn.name || !ts.isClassLike(fn.parent)) return [];
  const name = propertyNameText(fn.name);
  return fn.parent.members.filter((m): m is ts.MethodDeclaration => m !== fn && ts.isMethodDeclaration(m) && !m.body && !!m.name && propertyNameText(m.name) === name);
}

function member(t: Tracer, obj: Traced | undefined, name: string): Traced | undefined {
  if (!obj) return undefined;
  if (obj.kind === 'package') return pkg(obj.origin.module, [...obj.origin.path, name]);
  if (obj.kind === 'object') return objectProperty(t, obj.doc, obj.node, name);
  if (obj.kind === 'object-type') {
    const p = obj.node.members.find((m) => ts.isPropertySignature(m) && m.name && propertyNameText(m.name) === name) as ts.PropertySignature | undefined;
    return p?.type && traceType(t, obj.doc, p.type);
  }
  if (obj.kind === 'instance') return traceInstanceMember(t, obj.doc, obj.cls, name);
  return traceExport(t, obj.doc, name);
}

/** `{ client, transaction }.client`, `{ db: pool }.db`: what the literal's property holds. */
function objectProperty(t: Tracer, doc: SourceDoc, obj: ts.ObjectLiteralExpression, name: string): Traced | undefined {
  for (const p of obj.properties) {
    if (!p.name || propertyNameText(p.name) !== name) continue;
    if (ts.isPropertyAssignment(p)) return trace(t, doc, p.initializer);
    if (ts.isShorthandPropertyAssignment(p)) return trace(t, doc, p.name);
  }
  return undefined;
}

function moduleTraced(t: Tracer, doc: SourceDoc, specifier: string, path: string[]): Traced | undefined {
  const target = resolveWorkspaceImport(t.project, doc.path, specifier);
  if (!target) return isWorkspaceModule(specifier) ? undefined : pkg(normalizeModule(specifier), path);
  // Its outline, and the bodies the trace reads (`traceReturned`, `traceAssigned`, a constructor's).
  const tdoc = t.project.getDoc(target, 'outline');
  if (!tdoc || !tdoc.isScript) return undefined;
  let v: Traced | undefined = { kind: 'workspace-module', doc: tdoc };
  for (const name of path) v = member(t, v, name);
  return v;
}

function refTraced(t: Tracer, doc: SourceDoc, ref: ModuleRef): Traced | undefined {
  const target = isWorkspaceModule(ref.module) ? 'workspace' : resolveWorkspaceImport(t.project, doc.path, ref.module);
  if (!target) return pkg(ref.module, ref.path);
  // A default import of an aliased workspace file is its default export.
  return moduleTraced(t, doc, ref.module, ref.defaultImport ? ['default', ...ref.path] : ref.path);
}

type LocalDecl =
  | { kind: 'variable'; decl: ts.VariableDeclaration }
  | { kind: 'parameter'; decl: ts.ParameterDeclaration }
  | { kind: 'class'; decl: ts.ClassLikeDeclaration }
  | { kind: 'function'; decl: ts.FunctionDeclaration }
  | { kind: 'type'; decl: ts.TypeAliasDeclaration | ts.InterfaceDeclaration }
  | { kind: 'other' };

/** The nearest declaration of an identifier's name in the scopes around it. */
function findLocal(id: ts.Identifier): LocalDecl | undefined {
  const name = id.text;
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) {
      const p = n.parameters.find((x) => bindingNameDeclares(x.name, name));
      if (p) return { kind: 'parameter', decl: p };
    }
    if ((ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isForStatement(n)) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      const d = n.initializer.declarations.find((x) => bindingNameDeclares(x.name, name));
      if (d) return ts.isForStatement(n) ? { kind: 'variable', decl: d } : { kind: 'other' };
    }
    if (ts.isCatchClause(n) && n.variableDeclaration && bindingNameDeclares(n.variableDeclaration.name, name)) return { kind: 'other' };
    if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) {
      const found = declarationIn(n.statements, name);
      if (found) return found;
    }
  }
  return undefined;
}

function declarationIn(statements: readonly ts.Statement[], name: string): LocalDecl | undefined {
  return declarationsOf(statements).get(name);
}

/**
 * A statement list's declarations by name, the first of each name as a scan in order finds it.
 * Built once per list: tracing the receivers of a large module's calls scanned its hundreds of
 * top-level statements once per identifier.
 */
const declarationIndex = new WeakMap<readonly ts.Statement[], Map<string, LocalDecl>>();

function declarationsOf(statements: readonly ts.Statement[]): Map<string, LocalDecl> {
  let index = declarationIndex.get(statements);
  if (index) return index;
  const found = new Map<string, LocalDecl>();
  const add = (name: string, d: LocalDecl) => {
    if (!found.has(name)) found.set(name, d);
  };
  const types: (ts.TypeAliasDeclaration | ts.InterfaceDeclaration)[] = [];
  const names = (b: ts.BindingName, into: (name: string) => void): void => {
    if (ts.isIdentifier(b)) into(b.text);
    else for (const el of b.elements) if (!ts.isOmittedExpression(el)) names(el.name, into);
  };
  for (const s of statements) {
    if (ts.isClassDeclaration(s) && s.name) add(s.name.text, { kind: 'class', decl: s });
    else if (ts.isFunctionDeclaration(s) && s.name) add(s.name.text, { kind: 'function', decl: s });
    else if (ts.isEnumDeclaration(s) && s.name) add(s.name.text, { kind: 'other' });
    else if (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) types.push(s);
    else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) names(d.name, (n) => add(n, { kind: 'variable', decl: d }));
    }
  }
  // A value and a type may share a name (`const User = …; type User = …`): the value wins.
  for (const d of types) add(d.name.text, { kind: 'type', decl: d });
  declarationIndex.set(statements, found);
  index = found;
  return index;
}

function traceIdentifier(t: Tracer, doc: SourceDoc, id: ts.Identifier): Traced | undefined {
  const local = findLocal(id);
  if (!local) {
    const ref = moduleBindings(t.project, doc).get(id.text);
    return ref ? refTraced(t, doc, ref) : undefined;
  }
  switch (local.kind) {
    case 'class':
      return traceClass(t, doc, local.decl);
    case 'variable':
      return traceVariable(t, doc, local.decl, id.text);
    case 'parameter':
      return traceParameter(t, doc, local.decl);
    case 'type':
      return traceTypeDeclaration(t, doc, local.decl);
    case 'function':
    case 'other':
      return undefined;
  }
}

function traceVariable(t: Tracer, doc: SourceDoc, d: ts.VariableDeclaration, name: string): Traced | undefined {
  if (d.type) {
    const typed = traceType(t, doc, d.type);
    if (typed) return typed;
  }
  if (!d.initializer) return ts.isIdentifier(d.name) ? traceAssigned(t, doc, d, d.name.text) : undefined;
  const init = trace(t, doc, d.initializer);
  if (ts.isIdentifier(d.name)) return init;
  // `const { User, Post } = require('./models')`: the property the name was taken from.
  const key = bindingKey(d.name, name);
  return key === undefined ? init : member(t, init, key);
}

/**
 * `let queue; … if (!queue) queue = createQueue('tasks'); return queue;`: a lazily made client is
 * what the variable is first assigned, anywhere in the declaration's scope.
 */
function traceAssigned(t: Tracer, doc: SourceDoc, d: ts.VariableDeclaration, name: string): Traced | undefined {
  const scope = ts.findAncestor(d, (n) => ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n));
  readWhereAssigned(t.project, doc, d);
  let found: Traced | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && n.left.text === name) {
      const r = trace(t, doc, n.right);
      if (r?.kind === 'package') found = r;
    }
    ts.forEachChild(n, visit);
  };
  if (scope) ts.forEachChild(scope, visit);
  return found;
}

/** The property a destructured name comes from (one level): `{ User: U }` → 'User' for U. */
function bindingKey(pattern: ts.BindingName, name: string): string | undefined {
  if (!ts.isObjectBindingPattern(pattern)) return undefined;
  for (const el of pattern.elements) {
    if (ts.isIdentifier(el.name) && el.name.text === name) return el.propertyName ? propertyNameText(el.propertyName) : name;
  }
  return undefined;
}

function traceParameter(t: Tracer, doc: SourceDoc, p: ts.ParameterDeclaration): Traced | undefined {
  if (p.type) return traceType(t, doc, p.type);
  // `prisma.$transaction(async (tx) => …)`, `sequelize.transaction(async (t) => …)`: a callback
  // handed to a client method receives a client of the same library.
  const fn = p.parent;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return undefined;
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !/transaction|connect|session|batch/i.test(callee.name.text)) return undefined;
  const owner = trace(t, doc, callee.expression);
  return owner?.kind === 'package' ? pkg(owner.origin.module, []) : undefined;
}

function traceType(t: Tracer, doc: SourceDoc, type: ts.TypeNode): Traced | undefined {
  if (--t.steps < 0) return undefined;
  if (ts.isUnionTypeNode(type)) {
    for (const u of type.types) {
      const r = traceType(t, doc, u);
      if (r) return r;
    }
    return undefined;
  }
  // `private userModel: typeof User` (NestJS `@InjectModel(User)`): the class itself.
  if (ts.isTypeQueryNode(type)) return traceEntityName(t, doc, type.exprName);
  if (ts.isTypeLiteralNode(type)) return { kind: 'object-type', doc, node: type };
  // `Promise<{ client: S3Client }>`: what awaiting it gives (the trace reads through `await`).
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise' && type.typeArguments?.length === 1) return traceType(t, doc, type.typeArguments[0]!);
  // `Pick<PrismaService, T>`, `Readonly<Db>`: the same client, with fewer members in its type.
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && sameValueTypes.has(type.typeName.text) && type.typeArguments?.length) {
    return traceType(t, doc, type.typeArguments[0]!);
  }
  if (!ts.isTypeReferenceNode(type)) return undefined;
  return traceEntityName(t, doc, type.typeName) ?? workspaceInstance(t, doc, type.typeName);
}

/** Utility types whose value is the first type argument's value, with its members narrowed or marked. */
const sameValueTypes = new Set(['Pick', 'Omit', 'Partial', 'Required', 'Readonly', 'NonNullable']);

/**
 * `constructor(private users: PrismaRepository<'user'>)` (NestJS injection by type): a workspace
 * class that extends no package is no client itself, but its members may hold one
 * (`this.users.model.user.findMany()` where `model: Pick<PrismaService, T>`).
 */
function workspaceInstance(t: Tracer, doc: SourceDoc, name: ts.EntityName): Traced | undefined {
  if (!ts.isIdentifier(name)) return undefined;
  const cls = resolveClass(t.project, doc, name);
  return cls ? { kind: 'instance', doc: cls.doc, cls: cls.node } : undefined;
}

/** `type Db = Knex`, `interface Tx extends Knex.Transaction {}`: what the alias names or the interface extends. */
function traceTypeDeclaration(t: Tracer, doc: SourceDoc, d: ts.TypeAliasDeclaration | ts.InterfaceDeclaration): Traced | undefined {
  if (ts.isTypeAliasDeclaration(d)) return traceType(t, doc, d.type);
  const ext = d.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  return ext ? trace(t, doc, ext.expression) : undefined;
}

/** `Knex.Transaction`, `User`: the name's first identifier traced, then its members. */
function traceEntityName(t: Tracer, doc: SourceDoc, name: ts.EntityName): Traced | undefined {
  let left = name;
  const path: string[] = [];
  while (ts.isQualifiedName(left)) {
    path.unshift(left.right.text);
    left = left.left;
  }
  let v = traceIdentifier(t, doc, left);
  for (const n of path) v = member(t, v, n);
  return v;
}

function traceClass(t: Tracer, doc: SourceDoc, cls: ts.ClassLikeDeclaration): Traced | undefined {
  const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  return ext ? trace(t, doc, ext.expression) : undefined;
}

/**
 * `this.users`: a property's initializer or type, a constructor parameter property's type, a
 * getter's result (`protected get db(): DbConnection`), in the class or the workspace classes it
 * extends (`UserModel extends BaseModel`, which holds the connection).
 */
function traceThisMember(t: Tracer, doc: SourceDoc, e: ts.Expression, name: string): Traced | undefined {
  return traceInstanceMember(t, doc, ts.findAncestor(e, ts.isClassLike), name);
}

/** A member of an instance of `cls` (declared in `doc`), its own or inherited from workspace classes. */
function traceInstanceMember(t: Tracer, doc: SourceDoc, cls: ts.ClassLikeDeclaration | undefined, name: string): Traced | undefined {
  for (let depth = 0; cls && depth < 5; depth++) {
    const own = traceOwnMember(t, doc, cls, name);
    if (own !== undefined) return own ?? undefined;
    const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const base = ext && resolveClass(t.project, doc, ext.expression);
    if (!base) return undefined;
    doc = base.doc;
    cls = base.node;
  }
  return undefined;
}

/** A member the class itself declares: what it holds (undefined when untraceable), or undefined when the class has no such member. */
function traceOwnMember(t: Tracer, doc: SourceDoc, cls: ts.ClassLikeDeclaration, name: string): Traced | null | undefined {
  for (const m of cls.members) {
    if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) {
        if (ts.isIdentifier(p.name) && p.name.text === name && p.type) return traceType(t, doc, p.type) ?? null;
      }
      continue;
    }
    if (!m.name || propertyNameText(m.name) !== name) continue;
    if (ts.isPropertyDeclaration(m)) {
      const typed = m.type && traceType(t, doc, m.type);
      if (typed) return typed;
      return (m.initializer && trace(t, doc, m.initializer)) ?? null;
    }
    if (ts.isGetAccessorDeclaration(m)) return traceReturned(t, doc, m) ?? null;
  }
  // Constructor assignments in JavaScript classes: `this.db = new Pool()`.
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  if (ctor) readBody(t.project, doc, ctor);
  for (const s of ctor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression) || s.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const left = s.expression.left;
    if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name) return trace(t, doc, s.expression.right) ?? null;
  }
  return undefined;
}

function hasExportModifier(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

function isDefault(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
}

/** The origin of a workspace module's export `name` ('default' for the default export). */
function traceExport(t: Tracer, doc: SourceDoc, name: string): Traced | undefined {
  if (--t.steps < 0) return undefined;
  const sf = doc.sourceFile;
  let commonJs: ts.Expression | undefined;
  for (const s of sf.statements) {
    if (ts.isClassDeclaration(s) && hasExportModifier(s) && (isDefault(s) ? 'default' : s.name?.text) === name) return traceClass(t, doc, s);
    if ((ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && hasExportModifier(s) && s.name.text === name) return traceTypeDeclaration(t, doc, s);
    if (ts.isVariableStatement(s) && hasExportModifier(s)) {
      const d = s.declarationList.declarations.find((x) => bindingNameDeclares(x.name, name));
      if (d) return traceVariable(t, doc, d, name);
    }
    if (ts.isExportAssignment(s) && (name === 'default' || s.isExportEquals)) {
      const v = trace(t, doc, s.expression);
      if (name === 'default') return v;
      const m = member(t, v, name);
      if (m) return m;
    }
    if (ts.isExportDeclaration(s) && !s.isTypeOnly) {
      const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      if (!s.exportClause) {
        if (from === undefined || name === 'default') continue;
        const v = moduleTraced(t, doc, from, [name]);
        if (v) return v;
      } else if (ts.isNamedExports(s.exportClause)) {
        const el = s.exportClause.elements.find((x) => x.name.text === name);
        if (!el) continue;
        const local = el.propertyName ? (propertyNameText(el.propertyName) ?? name) : name;
        if (from !== undefined) return moduleTraced(t, doc, from, [local]);
        return traceTopLevelName(t, doc, local);
      }
    }
    if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = commonJsTarget(s.expression.left);
      if (target === name) return trace(t, doc, s.expression.right);
      if (target === '') commonJs = s.expression.right;
    }
  }
  if (!commonJs) return undefined;
  if (name === 'default') return trace(t, doc, commonJs);
  return member(t, trace(t, doc, commonJs), name);
}

function traceTopLevelName(t: Tracer, doc: SourceDoc, name: string): Traced | undefined {
  const d = declarationIn(doc.sourceFile.statements, name);
  if (d?.kind === 'variable') return traceVariable(t, doc, d.decl, name);
  if (d?.kind === 'class') return traceClass(t, doc, d.decl);
  if (d?.kind === 'type') return traceTypeDeclaration(t, doc, d.decl);
  if (d) return undefined;
  const ref = moduleBindings(t.project, doc).get(name);
  return ref ? refTraced(t, doc, ref) : undefined;
}

