/**
 * ORM model classes and their instances: `integration.save()` on a row an earlier query
 * returned, `membership.destroy()` on a typed parameter, `this.create(…)` in a static method of a
 * model, `this.destroy()` in one of its instance methods. A receiver is a model instance when its
 * class is a workspace class whose heritage reaches an ORM's model (analysis/value-origin), and
 * which class that is comes from syntax first — the type annotation, the finder that produced
 * the row (`await Group.findByPk(id)`), the collection a loop or callback takes it from — and
 * only then, when the caller allows it, from the TypeScript checker (analysis/types).
 */
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { bindingNameDeclares, propertyNameText, skipOuterExpressions } from './bindings';
import { classMethod, resolveClass, resolveFunction, type FunctionRef } from './call-graph';
import { entryFor, originOptions, valuesOf, type DataAccessCall, type DataAccessEntry } from './data-access';
import { typeDeclaration } from './type-declarations';
import { packageOrigin } from './value-origin';
import type { ClassRef, TypeQuestions } from './types/type-service';

/** Static finders that return one row (or `[row, created]`), and those that return a list of rows. */
const oneRow = new Set(['findByPk', 'findOne', 'findOrCreate', 'findCreateFind', 'create', 'build', 'findById', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findFirst', 'findUnique']);
const manyRows = new Set(['findAll', 'find', 'findBy', 'findMany', 'bulkCreate', 'findAllInBatches']);

/** Sequelize association mixins on an instance: `post.getComments()`, `user.countPosts()`. */
const sequelizeMixin = /^(get|count|has|set|add|create|remove)[A-Z]\w*$/;
const notMixins = new Set(['getDataValue', 'setDataValue', 'getTableName', 'getAttributes', 'setAttributes']);

/** Methods of arrays, maps, strings and promises: a receiver called with one is no model. */
const builtinMethods = new Set(['push', 'map', 'filter', 'forEach', 'find', 'some', 'every', 'reduce', 'includes', 'indexOf', 'join', 'slice', 'concat', 'get', 'set', 'has', 'add', 'delete', 'then', 'catch', 'toString', 'split', 'trim', 'replace']);

/** Array methods whose result holds elements of the receiver. */
const sameElements = new Set(['filter', 'slice', 'concat', 'reverse', 'sort', 'toSorted', 'toReversed', 'splice']);

/** Iteration methods whose callback's first parameter is an element of the receiver. */
const elementCallbacks = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find', 'findIndex']);

const classOrigins = new WeakMap<ts.Node, string | null>();

/** The catalogue row of the ORM a workspace class models (`class Team extends ParanoidModel` → Sequelize). */
export function modelEntry(project: Project, catalogue: readonly DataAccessEntry[], cls: ClassRef): DataAccessEntry | undefined {
  let module = classOrigins.get(cls.node);
  if (module === undefined) {
    const ext = cls.node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    module = (ext && packageOrigin(project, cls.doc, ext.expression, originOptions(catalogue))?.module) ?? null;
    classOrigins.set(cls.node, module);
  }
  const entry = module ? entryFor(catalogue, module) : undefined;
  return entry?.instanceCalls ? entry : undefined;
}

export interface ModelOptions {
  catalogue: readonly DataAccessEntry[];
  /** Asked only when syntax cannot tell the receiver's class. */
  types?: TypeQuestions;
}

/**
 * The query a call on a model class or instance makes: `this.create()` in a static method of a
 * model, `row.save()` / `post.getComments()` on an instance. A method the workspace class itself
 * declares is not the ORM's: the call graph follows it instead (`classMethodCalled`).
 */
export function modelCallOf(project: Project, doc: SourceDoc, call: ts.CallExpression, opts: ModelOptions): DataAccessCall | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  const recv = skipOuterExpressions(callee.expression);
  let cls: ClassRef | undefined;
  let isStatic = false;
  const connection = connectionCallOf(project, doc, call, recv, name, opts);
  if (connection) return connection;
  const thisConstructor = ts.isPropertyAccessExpression(recv) && recv.name.text === 'constructor' && skipOuterExpressions(recv.expression).kind === ts.SyntaxKind.ThisKeyword;
  if (recv.kind === ts.SyntaxKind.ThisKeyword || thisConstructor) {
    // `this.create()` in a static method; `this.destroy()` in an instance method; `(this.constructor as typeof Document).findAll()`.
    const member = enclosingMember(call);
    if (!member) return undefined;
    cls = { doc, node: member.cls };
    isStatic = member.isStatic || thisConstructor;
  } else {
    // The checker is asked only when the method is one a model instance has: most calls in loops
    // (`results.push`, `logger.info`) would cost a question each and answer nothing.
    const plausible = opts.catalogue.some((e) => e.instanceCalls?.includes(name));
    cls = instanceClassOf(project, doc, recv, plausible ? opts : { catalogue: opts.catalogue });
  }
  const entry = cls && modelEntry(project, opts.catalogue, cls);
  if (!cls || !entry || classMethod(project, cls.doc, cls.node, name)) return undefined;
  const queries = isStatic
    ? entry.calls.includes(name)
    : entry.instanceCalls!.includes(name) || (entry.library === 'Sequelize' && sequelizeMixin.test(name) && !notMixins.has(name));
  if (!queries) return undefined;
  return { node: call, entry, method: name, display: `${shortText(recv)}.${name}` };
}

/** `this.sequelize.query(…)`, `Document.sequelize.query(…)`: the connection a model holds. */
function connectionCallOf(project: Project, doc: SourceDoc, call: ts.CallExpression, recv: ts.Expression, name: string, opts: ModelOptions): DataAccessCall | undefined {
  if (!ts.isPropertyAccessExpression(recv)) return undefined;
  const owner = skipOuterExpressions(recv.expression);
  let cls: ClassRef | undefined;
  if (owner.kind === ts.SyntaxKind.ThisKeyword) {
    const m = enclosingMember(call);
    cls = m && { doc, node: m.cls };
  } else {
    cls = instanceClassOf(project, doc, owner, { catalogue: opts.catalogue }) ?? resolveClass(project, doc, owner);
  }
  const entry = cls && modelEntry(project, opts.catalogue, cls);
  if (!entry?.connections?.includes(recv.name.text) || !entry.calls.includes(name)) return undefined;
  return { node: call, entry, method: name, display: `${shortText(recv)}.${name}` };
}

/**
 * `document.findAllChildDocumentIds()` on a model instance: the workspace method it runs. Syntax
 * only: any method name can be a workspace method, so asking the checker here would mean a
 * question for nearly every call in a loop.
 */
export function instanceMethodCalled(project: Project, doc: SourceDoc, call: ts.CallExpression, opts: ModelOptions): FunctionRef | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const recv = skipOuterExpressions(callee.expression);
  if (recv.kind === ts.SyntaxKind.ThisKeyword) return undefined;
  const syntaxOnly = { catalogue: opts.catalogue };
  const askable = opts.types && !builtinMethods.has(callee.name.text) && reachedFromModel(project, doc, recv, syntaxOnly);
  const cls = instanceClassOf(project, doc, recv, syntaxOnly) ?? (askable ? instanceClassOf(project, doc, recv, opts) : undefined);
  return cls && classMethod(project, cls.doc, cls.node, callee.name.text);
}

/** An awaited property read that does I/O: it runs a getter, or it loads a lazy relation. */
export interface AwaitedRead {
  read: ts.PropertyAccessExpression;
  getter?: FunctionRef;
  relation?: DataAccessCall;
}

/**
 * The awaited reads of `fn` that do I/O: `await attachment.buffer` where `Attachment` declares `get
 * buffer()`, `await group.memberCount` where the property is decorated with a decorator that returns
 * a descriptor with a `get` (a counter cache), `await edit.author` where `Edit` declares a lazy
 * TypeORM relation. Only awaited reads, which are few: a property whose value is a promise is the
 * one that does I/O. Syntax only, memoised per function and file version.
 */
export function awaitedReads(project: Project, within: FunctionRef, opts: ModelOptions): readonly AwaitedRead[] {
  const perFile = project.memo(within.doc, 'model-instances:awaited-reads', () => new Map<ts.Node, AwaitedRead[]>());
  let found = perFile.get(within.fn);
  if (found) return found;
  found = [];
  const visit = (n: ts.Node): void => {
    if (ts.isAwaitExpression(n)) {
      const read = skipOuterExpressions(n.expression);
      if (ts.isPropertyAccessExpression(read)) {
        const getter = getterRead(project, within.doc, read, opts);
        const relation = getter ? undefined : lazyRelationRead(project, within.doc, read, opts);
        if (getter || relation) found!.push({ read, ...(getter ? { getter } : {}), ...(relation ? { relation } : {}) });
      }
    }
    ts.forEachChild(n, visit);
  };
  if (within.fn.body) visit(within.fn.body);
  perFile.set(within.fn, found);
  return found;
}

/**
 * `edit.author` where the receiver's workspace class declares `@ManyToOne(() => Author) author:
 * Promise<Author>`: TypeORM loads a lazy relation with a query when it is first read. Syntax only:
 * the receiver's class comes from annotations and finders, the decorator from its import.
 */
export function lazyRelationRead(project: Project, doc: SourceDoc, read: ts.PropertyAccessExpression, opts: ModelOptions): DataAccessCall | undefined {
  if (read.expression.kind === ts.SyntaxKind.ThisKeyword || !opts.catalogue.some((e) => e.lazyRelations)) return undefined;
  const cls = instanceClassOf(project, doc, read.expression, { catalogue: opts.catalogue });
  const prop = cls && propertyDeclaration(project, cls, read.name.text);
  const type = prop?.node.type;
  if (!prop || !type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeName.text !== 'Promise') return undefined;
  for (const d of ts.getDecorators(prop.node) ?? []) {
    const e = skipOuterExpressions(d.expression);
    const callee = skipOuterExpressions(ts.isCallExpression(e) ? e.expression : e);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (!name || !opts.catalogue.some((c) => c.lazyRelations?.includes(name))) continue;
    const module = packageOrigin(project, prop.doc, callee, originOptions(opts.catalogue))?.module;
    const entry = module ? entryFor(opts.catalogue, module) : undefined;
    if (entry?.lazyRelations?.includes(name)) return { node: read, entry, method: name, display: shortText(read), module: module! };
  }
  return undefined;
}

/**
 * The getter a read of `read` runs, when syntax places its receiver in a workspace class
 * (`attachment.buffer` on an `Attachment` declaring `get buffer()`). Syntax only.
 */
export function getterRead(project: Project, doc: SourceDoc, read: ts.PropertyAccessExpression, opts: ModelOptions): FunctionRef | undefined {
  if (read.expression.kind === ts.SyntaxKind.ThisKeyword) return undefined;
  const cls = instanceClassOf(project, doc, read.expression, { catalogue: opts.catalogue });
  return cls && classGetter(project, cls, read.name.text);
}

/** The getter a workspace class (or a class it extends) runs for a property read: `get name()`, or a decorator's descriptor. */
function classGetter(project: Project, cls: ClassRef, name: string, depth = 0): FunctionRef | undefined {
  for (const m of cls.node.members) {
    if (!m.name || !ts.isIdentifier(m.name) || m.name.text !== name) continue;
    if (ts.isGetAccessorDeclaration(m)) return m.body ? { doc: cls.doc, fn: m, name } : undefined;
    if (ts.isPropertyDeclaration(m)) {
      for (const d of ts.getDecorators(m) ?? []) {
        const getter = descriptorGetter(project, cls.doc, d);
        if (getter) return getter;
      }
      return undefined;
    }
    if (ts.isMethodDeclaration(m)) return undefined;
  }
  const ext = cls.node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  const base = ext && depth < 4 ? resolveClass(project, cls.doc, ext.expression) : undefined;
  return base && classGetter(project, base, name, depth + 1);
}

/**
 * `@CounterCache(() => GroupUser, { … })`: a workspace decorator (or decorator factory) that returns a
 * property descriptor `{ get() { … } }`; that `get` runs on every read of the property.
 */
function descriptorGetter(project: Project, doc: SourceDoc, decorator: ts.Decorator): FunctionRef | undefined {
  const e = skipOuterExpressions(decorator.expression);
  const factory = resolveFunction(project, doc, ts.isCallExpression(e) ? e.expression : e);
  if (!factory?.fn.body) return undefined;
  let getter: ts.FunctionLikeDeclaration | undefined;
  const visit = (n: ts.Node): void => {
    if (getter) return;
    if (ts.isObjectLiteralExpression(n) && ts.isReturnStatement(ts.findAncestor(n.parent, (p) => !ts.isAsExpression(p) && !ts.isParenthesizedExpression(p) && !ts.isSatisfiesExpression(p)) ?? n)) {
      for (const p of n.properties) {
        if (!p.name || !ts.isIdentifier(p.name) || p.name.text !== 'get') continue;
        if (ts.isMethodDeclaration(p) && p.body) getter = p;
        else if (ts.isPropertyAssignment(p) && (ts.isFunctionExpression(p.initializer) || ts.isArrowFunction(p.initializer))) getter = p.initializer;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(factory.fn.body);
  return getter && { doc: factory.doc, fn: getter, name: `${factory.name} getter` };
}

/**
 * Whether `expr` is read off a model instance syntax knows (`stale.group?.groupUsers?.[0]`, or a
 * name holding such a read): an association, whose class only the model's declared property
 * types tell. Only these receivers are worth a checker question here.
 */
function reachedFromModel(project: Project, doc: SourceDoc, expr: ts.Expression, opts: ModelOptions, depth = 0): boolean {
  let e = skipOuterExpressions(expr);
  if (ts.isIdentifier(e) && depth === 0) {
    const b = bindingOf(e);
    if (!b?.initializer || !ts.isIdentifier(b.name)) return false;
    e = skipOuterExpressions(b.initializer);
    if (ts.isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
  }
  if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return false;
  let root: ts.Expression = e;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
  const cls = root.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(root) ? instanceClassOf(project, doc, root, opts) : undefined;
  return !!cls && !!modelEntry(project, opts.catalogue, cls);
}

function shortText(e: ts.Expression): string {
  const t = e.getText().replace(/\s+/g, ' ');
  return t.length > 40 ? t.slice(0, 37) + '…' : t;
}

/** The class and method kind `this` refers to at `n`: arrows keep the method's `this`, functions do not. */
function enclosingMember(n: ts.Node): { cls: ts.ClassLikeDeclaration; isStatic: boolean } | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (ts.isArrowFunction(p)) continue;
    if (ts.isClassLike(p)) return undefined;
    if (ts.isFunctionLike(p) || ts.isPropertyDeclaration(p)) {
      // `isDomainAllowed = async function (this: Team, …) {…}`: a function held by a class property.
      if (ts.isFunctionExpression(p) && p.parent && ts.isPropertyDeclaration(p.parent)) p = p.parent;
      const cls = p.parent;
      if (!cls || !ts.isClassLike(cls)) return undefined;
      const isStatic = ts.canHaveModifiers(p) && (ts.getModifiers(p)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false);
      return { cls, isStatic };
    }
  }
  return undefined;
}

/** The workspace class `expr` holds an instance of. */
export function instanceClassOf(project: Project, doc: SourceDoc, expr: ts.Expression, opts: ModelOptions, depth = 0): ClassRef | undefined {
  if (depth > 12) return undefined;
  const e = skipOuterExpressions(expr);
  if (ts.isAwaitExpression(e)) return instanceClassOf(project, doc, e.expression, opts, depth + 1);
  if (e.kind === ts.SyntaxKind.ThisKeyword) {
    const m = enclosingMember(e);
    return m && !m.isStatic ? { doc, node: m.cls } : undefined;
  }
  if (ts.isIdentifier(e)) {
    const b = bindingOf(e);
    if (b) {
      const found = fromBinding(project, doc, e, b, opts, depth, false);
      if (found !== 'unknown') return found;
    }
  } else if (ts.isCallExpression(e)) {
    const rows = finderClass(project, doc, e, oneRow, opts) ?? returnedClass(project, doc, e, opts, depth, false);
    if (rows) return rows;
  } else if (ts.isNewExpression(e)) {
    return resolveClass(project, doc, e.expression);
  } else if (ts.isPropertyAccessExpression(e)) {
    // `stale.group`: the declared type of an association of a model syntax already knows.
    const owner = instanceClassOf(project, doc, e.expression, { catalogue: opts.catalogue }, depth + 1);
    const type = owner ? propertyType(project, owner, e.name.text) : memberTypeOf(project, doc, e);
    if (type) return classOfTypeNode(project, type.doc, type.node, false);
  } else if (ts.isElementAccessExpression(e)) {
    const el = elementClassOf(project, doc, e.expression, { catalogue: opts.catalogue }, depth + 1);
    if (el) return el;
  }
  return askable(e) ? opts.types?.instanceClass(doc, e) : undefined;
}

/** The workspace class of the elements of the collection `expr` holds. */
export function elementClassOf(project: Project, doc: SourceDoc, expr: ts.Expression, opts: ModelOptions, depth = 0): ClassRef | undefined {
  if (depth > 12) return undefined;
  const e = skipOuterExpressions(expr);
  if (ts.isAwaitExpression(e)) return elementClassOf(project, doc, e.expression, opts, depth + 1);
  if (ts.isIdentifier(e)) {
    const b = bindingOf(e);
    if (b) {
      const found = fromBinding(project, doc, e, b, opts, depth, true);
      if (found !== 'unknown') return found;
    }
  } else if (ts.isCallExpression(e)) {
    const rows = finderClass(project, doc, e, manyRows, opts) ?? returnedClass(project, doc, e, opts, depth, true);
    if (rows) return rows;
    // `domains.filter(…)`, `rows.slice(1)`: the same elements.
    const callee = skipOuterExpressions(e.expression);
    if (ts.isPropertyAccessExpression(callee) && sameElements.has(callee.name.text)) return elementClassOf(project, doc, callee.expression, opts, depth + 1);
  } else if (ts.isPropertyAccessExpression(e)) {
    // `group.groupUsers` declared `GroupUser[]` on the model.
    const owner = instanceClassOf(project, doc, e.expression, { catalogue: opts.catalogue }, depth + 1);
    const type = owner && propertyType(project, owner, e.name.text);
    if (type) return classOfTypeNode(project, type.doc, type.node, true);
  }
  return askable(e) ? opts.types?.elementClass(doc, e) : undefined;
}

/**
 * Receivers worth a checker question: a name or one property of a name (`importTask.import`).
 * Calls and longer chains (`view.state.tr`, `doc.querySelectorAll(…)`) need return types the
 * small programs rarely hold, and literals never hold a workspace class.
 */
function askable(e: ts.Expression): boolean {
  return ts.isIdentifier(e) || (ts.isPropertyAccessExpression(e) && ts.isIdentifier(skipOuterExpressions(e.expression)));
}

/** `Group.findByPk(id)`: the model class when `Group` is a workspace model and the finder returns its rows. */
function finderClass(project: Project, doc: SourceDoc, call: ts.CallExpression, finders: Set<string>, opts: ModelOptions): ClassRef | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !finders.has(callee.name.text)) return undefined;
  let owner = skipOuterExpressions(callee.expression);
  // `Document.scope('withDrafts').findAll()`, `Model.unscoped().findOne()`.
  while (ts.isCallExpression(owner) && ts.isPropertyAccessExpression(skipOuterExpressions(owner.expression))) {
    const inner = skipOuterExpressions(owner.expression) as ts.PropertyAccessExpression;
    if (!/^(scope|unscoped|schema)$/.test(inner.name.text)) break;
    owner = skipOuterExpressions(inner.expression);
  }
  const cls = owner.kind === ts.SyntaxKind.ThisKeyword ? thisClass(doc, owner) : resolveClass(project, doc, owner);
  return cls && modelEntry(project, opts.catalogue, cls) ? cls : undefined;
}

/**
 * The workspace class of what a workspace function returns (its elements when `element`): the
 * declared return type (`static findOne(…): Promise<Tag | null>`, `models(): Models`), else its one
 * `return new UserModel(…)`. Model layers hand their classes out so: a factory's `user()`, a
 * finder's row, a repository's list. Syntax only; the method is looked up on the receiver's class
 * when syntax knows it (`this.models().user()`), else through the call graph (`Tag.findOne`).
 */
function returnedClass(project: Project, doc: SourceDoc, call: ts.CallExpression, opts: ModelOptions, depth: number, element: boolean): ClassRef | undefined {
  const callee = skipOuterExpressions(call.expression);
  const owner = ts.isPropertyAccessExpression(callee) ? instanceClassOf(project, doc, callee.expression, { catalogue: opts.catalogue }, depth + 1) : undefined;
  const fn = (owner && classMethod(project, owner.doc, owner.node, (callee as ts.PropertyAccessExpression).name.text)) ?? resolveFunction(project, doc, callee);
  if (!fn) return undefined;
  const declared = fn.fn.type && classOfTypeNode(project, fn.doc, fn.fn.type, element);
  if (declared || element) return declared;
  const body = fn.fn.body;
  const returned = body && !ts.isBlock(body) ? body : body?.statements.find(ts.isReturnStatement)?.expression;
  const made = returned && skipOuterExpressions(returned);
  if (made && ts.isNewExpression(made)) return resolveClass(project, fn.doc, made.expression);
  // Declared as an interface (`Promise<PadType>`), or not at all: `let pad = cache.get(id); if (pad) return pad;
  // pad = new Pad(id); …; return pad;` hands out the class it makes on a miss.
  if (!body || !ts.isBlock(body)) return undefined;
  const last = body.statements[body.statements.length - 1];
  const name = last && ts.isReturnStatement(last) && last.expression && skipOuterExpressions(last.expression);
  return name && ts.isIdentifier(name) ? instanceClassOf(project, fn.doc, name, { catalogue: opts.catalogue }, depth + 1) : undefined;
}

function thisClass(doc: SourceDoc, n: ts.Node): ClassRef | undefined {
  const m = enclosingMember(n);
  return m?.isStatic ? { doc, node: m.cls } : undefined;
}

type Binding = ts.ParameterDeclaration | ts.VariableDeclaration;

/** The parameter or variable declaring `id`, in the scopes around it. */
function bindingOf(id: ts.Identifier): Binding | undefined {
  const name = id.text;
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) {
      const p = n.parameters.find((p) => bindingNameDeclares(p.name, name));
      if (p) return p;
    }
    if ((ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isForStatement(n)) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      const d = n.initializer.declarations.find((d) => bindingNameDeclares(d.name, name));
      if (d) return d;
    }
    if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) {
      for (const s of n.statements) {
        if (!ts.isVariableStatement(s)) continue;
        const d = s.declarationList.declarations.find((d) => bindingNameDeclares(d.name, name));
        if (d) return d;
      }
    }
  }
  return undefined;
}

/** What a binding tells of its value's class; 'unknown' lets the caller ask the checker. */
function fromBinding(project: Project, doc: SourceDoc, id: ts.Identifier, b: Binding, opts: ModelOptions, depth: number, element: boolean): ClassRef | undefined | 'unknown' {
  const direct = ts.isIdentifier(b.name) && b.name.text === id.text;
  if (b.type && direct) return classOfTypeNode(project, doc, b.type, element);
  if (ts.isParameter(b)) {
    // `rows.map((row) => row.save())`: the callback's first parameter is an element of `rows`.
    const fn = b.parent;
    const call = fn.parent;
    if (direct && !element && fn.parameters[0] === b && call && ts.isCallExpression(call) && call.arguments[0] === fn) {
      const callee = skipOuterExpressions(call.expression);
      if (ts.isPropertyAccessExpression(callee) && elementCallbacks.has(callee.name.text)) return elementClassOf(project, doc, callee.expression, opts, depth + 1);
    }
    return 'unknown';
  }
  const loop = b.parent.parent;
  // Where the value came from may not tell (a workspace function's result): then the name's own type may.
  if (ts.isForOfStatement(loop) && direct) {
    // `for (const group of Object.values(groupBy(rows, 'shareId')))`: each group holds elements of `rows`.
    const grouped = element ? groupedCollection(loop.expression) : undefined;
    if (element) return (grouped && elementClassOf(project, doc, grouped, opts, depth + 1)) ?? 'unknown';
    return elementClassOf(project, doc, loop.expression, opts, depth + 1) ?? 'unknown';
  }
  if (direct && !element && !b.type && ts.isVariableDeclarationList(b.parent) && !(b.parent.flags & ts.NodeFlags.Const)) {
    // `let pad = globalPads.get(id); if (pad != null) return pad; pad = new Pad.Pad(id); await pad.init()`:
    // a cache miss makes the instance, assigned after the declaration.
    for (const v of valuesOf(id)) {
      const made = skipOuterExpressions(v);
      if (ts.isNewExpression(made)) {
        const cls = resolveClass(project, doc, made.expression);
        if (cls) return cls;
      }
    }
  }
  if (!b.initializer) return 'unknown';
  if (direct) return (element ? elementClassOf(project, doc, b.initializer, opts, depth + 1) : instanceClassOf(project, doc, b.initializer, opts, depth + 1)) ?? 'unknown';
  // `const [group] = await Group.findOrCreate(…)`: the first element is the row.
  if (!element && ts.isArrayBindingPattern(b.name) && b.name.elements[0] && !ts.isOmittedExpression(b.name.elements[0]) && bindingNameDeclares(b.name.elements[0].name, id.text)) {
    let init = skipOuterExpressions(b.initializer);
    if (ts.isAwaitExpression(init)) init = skipOuterExpressions(init.expression);
    if (ts.isCallExpression(init)) return finderClass(project, doc, init, oneRow, opts) ?? 'unknown';
  }
  return 'unknown';
}

/**
 * The list whose elements a collection of groups splits up: `rows` in `Object.values(groupBy(rows, 'k'))`
 * (lodash or `Object.groupBy`), `chunk(rows, 50)`. Each group is an array of the list's elements.
 */
function groupedCollection(expr: ts.Expression): ts.Expression | undefined {
  let e = skipOuterExpressions(expr);
  const name = (c: ts.CallExpression) => {
    const callee = skipOuterExpressions(c.expression);
    return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  };
  if (ts.isCallExpression(e) && name(e) === 'values' && e.arguments[0]) e = skipOuterExpressions(e.arguments[0]);
  if (ts.isCallExpression(e) && /^(groupBy|chunk)$/.test(name(e)) && e.arguments[0]) return e.arguments[0];
  return undefined;
}

/** A property a workspace class declares, its own or inherited. */
function propertyDeclaration(project: Project, cls: ClassRef, name: string, depth = 0): { doc: SourceDoc; node: ts.PropertyDeclaration } | undefined {
  for (const m of cls.node.members) {
    if (ts.isPropertyDeclaration(m) && m.name && ts.isIdentifier(m.name) && m.name.text === name) return { doc: cls.doc, node: m };
  }
  const ext = cls.node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  const base = ext && depth < 5 ? resolveClass(project, cls.doc, ext.expression) : undefined;
  return base && propertyDeclaration(project, base, name, depth + 1);
}

/** The declared type of a property of a workspace class, its own or inherited. */
function propertyType(project: Project, cls: ClassRef, name: string): { doc: SourceDoc; node: ts.TypeNode } | undefined {
  const p = propertyDeclaration(project, cls, name);
  return p?.node.type ? { doc: p.doc, node: p.node.type } : undefined;
}

/** `Group`, `Group | null`, `Group[]`, `Array<Group>`, `Promise<Group>`: the workspace class named. */
function classOfTypeNode(project: Project, doc: SourceDoc, type: ts.TypeNode, element: boolean): ClassRef | undefined {
  if (ts.isUnionTypeNode(type)) {
    for (const t of type.types) {
      const c = classOfTypeNode(project, doc, t, element);
      if (c) return c;
    }
    return undefined;
  }
  if (ts.isParenthesizedTypeNode(type)) return classOfTypeNode(project, doc, type.type, element);
  if (element && ts.isArrayTypeNode(type)) return classOfTypeNode(project, doc, type.elementType, false);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const args = type.typeArguments;
  if (args?.length === 1 && /^(Promise|Array|ReadonlyArray)$/.test(type.typeName.text)) {
    const inner = args[0]!;
    return type.typeName.text === 'Promise' ? classOfTypeNode(project, doc, inner, element) : element ? classOfTypeNode(project, doc, inner, false) : undefined;
  }
  if (element) return undefined;
  return resolveClass(project, doc, type.typeName);
}

/**
 * The declared type of `ctx.joplin.models`, read through interfaces and type literals from the
 * annotation of the chain's root (`ctx: AppContext`, where `interface AppContext { joplin:
 * AppContextJoplin }` and `AppContextJoplin` declares `models: Models`): a context object or a
 * container typed by an interface, handing out the app's model factory or services. Syntax only,
 * a few steps.
 */
function memberTypeOf(project: Project, doc: SourceDoc, e: ts.PropertyAccessExpression): { doc: SourceDoc; node: ts.TypeNode } | undefined {
  const names: string[] = [];
  let root: ts.Expression = e;
  while (ts.isPropertyAccessExpression(root) && names.length < 4) {
    names.unshift(root.name.text);
    root = skipOuterExpressions(root.expression);
  }
  if (!ts.isIdentifier(root)) return undefined;
  const b = bindingOf(root);
  if (!b?.type || !ts.isIdentifier(b.name)) return undefined;
  let at: { doc: SourceDoc; node: ts.TypeNode } | undefined = { doc, node: b.type };
  for (const name of names) at = at && typeMember(project, at.doc, at.node, name, 0);
  return at;
}

/** The declared type of member `name` of the interface, type literal or alias `type` names. */
function typeMember(project: Project, doc: SourceDoc, type: ts.TypeNode, name: string, depth: number): { doc: SourceDoc; node: ts.TypeNode } | undefined {
  if (depth > 4) return undefined;
  if (ts.isTypeLiteralNode(type)) return memberOf(doc, type.members, name);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const decl = typeDeclaration(project, doc, type.typeName.text);
  if (!decl) return undefined;
  if (ts.isTypeAliasDeclaration(decl.node)) return typeMember(project, decl.doc, decl.node.type, name, depth + 1);
  const own = memberOf(decl.doc, decl.node.members, name);
  if (own) return own;
  for (const h of decl.node.heritageClauses ?? []) {
    for (const t of h.types) {
      if (!ts.isIdentifier(t.expression)) continue;
      const base = typeDeclaration(project, decl.doc, t.expression.text);
      const found = base && !ts.isTypeAliasDeclaration(base.node) && memberOf(base.doc, base.node.members, name);
      if (found) return found;
    }
  }
  return undefined;
}

function memberOf(doc: SourceDoc, members: ts.NodeArray<ts.TypeElement>, name: string): { doc: SourceDoc; node: ts.TypeNode } | undefined {
  for (const m of members) if (ts.isPropertySignature(m) && m.type && m.name && propertyNameText(m.name) === name) return { doc, node: m.type };
  return undefined;
}
