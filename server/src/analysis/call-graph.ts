/**
 * Calls from one workspace function to another, across files: resolve a callee expression to
 * the function it runs (local declarations, `const f = () => …`, imports from relative modules,
 * namespace members, object-literal methods, class methods through `this.service.x()` where the
 * property's type is a workspace class), and search the calls a function makes, transitively and
 * bounded, for one that matches.
 *
 * Other files are read only through `project.getDoc`/`resolveImport`, so the engine records them
 * as dependencies. Only per-file facts are memoised: a transitive result depends on other files'
 * versions, so it is recomputed (cheaply, from the memos) on every analysis.
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import {
  bindingNameDeclares,
  commonJsTarget,
  moduleBindings,
  propertyNameText,
  requireSpecifier,
  skipOuterExpressions,
  type ModuleRef,
} from './bindings';
import { returnsRead, unitOf } from './cross-file-summary';
import { resolveWorkspaceImport } from './module-resolution';
import { typeDeclaration } from './type-declarations';
import { nodesOfKind, nodesOfKindWithin } from './tree-nodes';
import { specifiersOf } from './package-imports';

export interface FunctionRef {
  doc: SourceDoc;
  fn: ts.FunctionLikeDeclaration;
  /** For messages: 'loadTemplate', 'UsersService.findAll', '(anonymous)'. */
  name: string;
}

/** What an expression evaluates to, as far as static resolution goes. */
type Value =
  | { kind: 'function'; ref: FunctionRef }
  | { kind: 'object'; doc: SourceDoc; node: ts.ObjectLiteralExpression }
  | { kind: 'class'; doc: SourceDoc; node: ts.ClassLikeDeclaration }
  | { kind: 'module'; doc: SourceDoc }
  /** A parameter whose members the function assigns: `module.exports = function (Topics) { Topics.get = … }`. */
  | { kind: 'members'; doc: SourceDoc; scope: ts.Node; name: string };

/** Limits the work one resolution may do: re-export cycles, `const a = b; const b = a`. */
interface Budget {
  steps: number;
  /** Hand-overs of an injected value followed so far (see `injectedValue`). */
  injections?: number;
}

function isFunctionNode(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isGetAccessor(n) || ts.isConstructorDeclaration(n);
}

export function functionName(fn: ts.FunctionLikeDeclaration): string {
  const own = fn.name && propertyNameText(fn.name as ts.PropertyName);
  const cls = ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent) && fn.parent.name ? fn.parent.name.text + '.' : '';
  if (own) return cls + own;
  const p = fn.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p)) return propertyNameText(p.name) ?? '(anonymous)';
  // `exports.verify = function (…) {…}`, `Note.parseNoteId = (…) => …`
  if (p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  return '(anonymous)';
}

/** Resolve a callee (or a handler reference such as `controller.list`) to a workspace function. */
export function resolveFunction(project: Project, doc: SourceDoc, expr: ts.Expression): FunctionRef | undefined {
  // Once per expression while nothing changes: the rules and every handler file's search ask again.
  return project.nodeFact(expr, 'call-graph:function', () => {
    let v = valueOf(project, doc, expr, { steps: 40 });
    // `const getThemes = require('./getThemes'); router.get('/', getThemes)`: a CommonJS module
    // used as a function is its `module.exports` function (one controller per file).
    if (v?.kind === 'module') v = exportedValue(project, v.doc, 'default', { steps: 20 });
    return v?.kind === 'function' ? v.ref : undefined;
  });
}

/** How many subclasses' implementations one call of an abstract method may stand for. */
const maxOverrides = 4;

/**
 * `this.getFileStream(key)` in `abstract class BaseStorage`, which declares the method without a
 * body: the implementations of the workspace's direct subclasses (`LocalStorage`, `S3Storage`), any
 * of which may run. Also a call on a value typed by such a base whose method is only a placeholder
 * (`this._provider.triggerJob(…)` where `abstract class BaseJobProvider` says `throw new Error('Not
 * implemented')`, and a factory picks `LocalJobProvider` or `BullMQJobProvider` at run time):
 * `callee` is that placeholder. A subclass sits in the base class's file or imports it, so only
 * those files are read; empty for any other call.
 */
export function overridesOf(project: Project, doc: SourceDoc, expr: ts.Expression, callee?: FunctionRef): FunctionRef[] {
  const e = skipOuterExpressions(expr);
  if (!ts.isPropertyAccessExpression(e)) return [];
  const name = e.name.text;
  let base: ts.ClassLikeDeclaration | undefined;
  let baseDoc = doc;
  // The answer depends on the base's method and the name called, not on the call: kept on the
  // method's declaration, one search serves every call of it (a loop's calls ask once each).
  let declared: ts.ClassElement | undefined;
  if (callee) {
    const fn = callee.fn;
    if (!ts.isMethodDeclaration(fn) || !ts.isClassLike(fn.parent) || !isAbstractClass(fn.parent) || !isPlaceholder(fn)) return [];
    base = fn.parent;
    baseDoc = callee.doc;
    declared = fn;
  } else {
    // `this.getFileStream()` in the base class, `provider.deleteFile(key)` on a value typed or made
    // as the abstract base (`getProviderInstance(): Provider<any>`, `datasource as Datasource`), or
    // `this.storageDriver.copy()` on a member typed by an interface (its implementations).
    const receiver = e.expression.kind === ts.SyntaxKind.ThisKeyword ? undefined : valueOf(project, doc, e.expression, { steps: 40 });
    if (!receiver && e.expression.kind !== ts.SyntaxKind.ThisKeyword) return interfaceImplementations(project, doc, e);
    if (receiver && (receiver.kind !== 'class' || !isAbstractClass(receiver.node))) return [];
    base = receiver?.kind === 'class' ? receiver.node : ts.findAncestor(e, ts.isClassLike);
    if (receiver) baseDoc = receiver.doc;
    declared = base?.members.find((m) => m.name !== undefined && propertyNameText(m.name) === name);
    if (!base || !declared || !ts.isMethodDeclaration(declared) || declared.body) return [];
  }
  const cls = base;
  // `this.m()` keeps whatever its search finds; a resolved callee leaves itself out: two answers.
  return project.nodeFact(declared, `call-graph:overrides:${callee ? 'callee' : 'this'}:${name}`, () => {
    const out: FunctionRef[] = [];
    // Files importing the module at all (`default` skips the test for a called name), and the
    // base's folder, whose subclasses may import it through the folder's index (`from '.'`).
    const paths = new Set([...callerCandidates(project, baseDoc, 'default'), ...siblingScripts(project, baseDoc.path)]);
    paths.delete(baseDoc.path);
    const files = [baseDoc, ...[...paths].map((f) => project.getDoc(f)).filter((d) => d?.isScript)] as SourceDoc[];
    for (const d of files) {
      if (!d.text.includes('extends')) continue;
      for (const st of d.sourceFile.statements) {
        const ext = ts.isClassDeclaration(st) ? st.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0] : undefined;
        if (!ext || resolveClass(project, d, ext.expression)?.node !== cls) continue;
        const m = classMember(project, d, st as ts.ClassDeclaration, name, { steps: 40 });
        if (m?.kind === 'function' && m.ref.fn !== callee?.fn) out.push(m.ref);
        if (out.length === maxOverrides) return out;
      }
    }
    return out;
  });
}

/**
 * `this.storageDriver.copy(from, to)` where the class declares `@Inject(STORAGE_DRIVER_TOKEN)
 * private storageDriver: StorageDriver` and `StorageDriver` is an interface: the workspace classes
 * that `implements StorageDriver` (`S3Driver`, `LocalDriver`), any of which a module or the
 * configuration may hand in. Their method of that name, from files that import the interface's
 * module (or the barrel it came through); at most `maxOverrides`.
 */
function interfaceImplementations(project: Project, doc: SourceDoc, e: ts.PropertyAccessExpression): FunctionRef[] {
  const member = skipOuterExpressions(e.expression);
  if (!ts.isPropertyAccessExpression(member) || member.expression.kind !== ts.SyntaxKind.ThisKeyword) return [];
  const cls = ts.findAncestor(e, ts.isClassLike);
  const type = cls && declaredMemberType(cls, member.name.text);
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return [];
  const iface = type.typeName.text;
  const method = e.name.text;
  // Kept on the member's declared type: every `this.storageDriver.copy(…)` of the class asks once.
  return project.nodeFact(type, `call-graph:implementations:${method}`, () => {
    const decl = typeDeclaration(project, doc, iface);
    if (!decl || !ts.isInterfaceDeclaration(decl.node)) return [];
    const out: FunctionRef[] = [];
    const modules = new Set([decl.doc.path]);
    const via = moduleBindings(project, doc).get(iface);
    const barrel = via && resolveWorkspaceImport(project, doc.path, via.module);
    if (barrel) modules.add(barrel);
    const files = new Set<string>([decl.doc.path]);
    for (const m of modules) {
      const mdoc = project.getDoc(m);
      if (mdoc?.isScript) for (const f of callerCandidates(project, mdoc, 'default')) files.add(f);
    }
    for (const f of files) {
      const d = project.getDoc(f);
      if (!d?.isScript || !d.text.includes('implements')) continue;
      for (const st of d.sourceFile.statements) {
        if (!ts.isClassDeclaration(st) || !st.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ImplementsKeyword && h.types.some((t) => ts.isIdentifier(t.expression) && t.expression.text === iface))) continue;
        const m = classMember(project, d, st, method, { steps: 40 });
        if (m?.kind === 'function') out.push(m.ref);
        if (out.length === maxOverrides) return out;
      }
    }
    return out;
  });
}

/** The declared type of a class's property or constructor parameter property `name`. */
function declaredMemberType(cls: ts.ClassLikeDeclaration, name: string): ts.TypeNode | undefined {
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && m.name && propertyNameText(m.name) === name) return m.type;
    if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) if (ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length) return p.type;
    }
  }
  return undefined;
}

const siblingIndexes = new WeakMap<Iterable<string>, { fileEvents: number; byFolder: Map<string, string[]> }>();

/** The listed script files of a folder (one pass over the list per list and file events). */
function siblingScripts(project: Project, file: string): string[] {
  const list = project.listFiles();
  let index = siblingIndexes.get(list);
  if (!index || index.fileEvents !== project.fileEventCount) {
    index = { fileEvents: project.fileEventCount, byFolder: new Map() };
    for (const f of list) {
      if (!isScriptPath(f)) continue;
      const dir = path.posix.dirname(f);
      const l = index.byFolder.get(dir);
      if (l) l.push(f);
      else index.byFolder.set(dir, [f]);
    }
    siblingIndexes.set(list, index);
  }
  // A new sibling changes the answer, as a new caller does.
  project.searchedWorkspace();
  return index.byFolder.get(path.posix.dirname(file)) ?? [];
}

function isAbstractClass(cls: ts.ClassLikeDeclaration): boolean {
  return hasModifier(cls, ts.SyntaxKind.AbstractKeyword);
}

/** A method whose body does nothing or only throws (`throw new Error('Not implemented')`): the subclasses say what runs. */
function isPlaceholder(fn: ts.MethodDeclaration): boolean {
  // `public abstract delete(file: string): Promise<void>;` says the same without a body.
  return fn.body === undefined || fn.body.statements.every((st) => ts.isThrowStatement(st));
}

/** How many functions one call may stand for when its receiver is chosen at run time. */
const maxCandidates = 8;

/**
 * The functions a method call may run when its receiver is chosen at run time among values the
 * code names, so each is a candidate (empty when `resolveFunction` has the one answer, or the code
 * names none):
 * - a module picked from a folder: `const provider = require('./' + config.imageUploadType); provider.uploadImage(…)`;
 * - an entry of a registry object: `libraries[name].getEntry(…)` after `libraries.local = require('./local')`;
 * - a variable set from a selector function whose returns differ: `storage = moduleSelector(settings)`
 *   where it returns `require('./' + settings.storageModule)` or `require('./localfilesystem')`.
 */
export function candidateFunctions(project: Project, doc: SourceDoc, expr: ts.Expression): FunctionRef[] {
  const e = skipOuterExpressions(expr);
  if (!ts.isPropertyAccessExpression(e)) return [];
  const receiver = skipOuterExpressions(e.expression);
  // A receiver with one value (`ctx.state.user`, a parameter) is what resolveFunction already answered.
  if (computedRequirePrefix(receiver) === undefined && !handedOver(project, doc, receiver)) return [];
  return project.nodeFact(e, 'call-graph:candidates', () => {
    const out: FunctionRef[] = [];
    for (const v of candidateValues(project, doc, receiver, 3, new Set())) {
      const m = memberOf(project, v, e.name.text, { steps: 40 });
      if (m?.kind === 'function' && !out.some((r) => r.fn === m.ref.fn)) out.push(m.ref);
      if (out.length === maxCandidates) break;
    }
    return out;
  });
}

/** The decorators that register a @nestjs/cqrs handler class for a command or query class. */
const busHandlerDecorators = new Set(['CommandHandler', 'QueryHandler']);

/**
 * `this.commandBus.execute(new InvoiceGeneratePdfCommand(id))`: the @nestjs/cqrs bus runs the
 * `execute` method of the class decorated `@CommandHandler(InvoiceGeneratePdfCommand)` (or
 * `@QueryHandler` for a query), written in a file that imports the command's module (directly or
 * through its folder's index). Undefined for any other call.
 */
export function busHandler(project: Project, doc: SourceDoc, call: ts.CallExpression): FunctionRef | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'execute' || call.arguments.length === 0) return undefined;
  const bus = skipOuterExpressions(callee.expression);
  const busName = ts.isIdentifier(bus) ? bus.text : ts.isPropertyAccessExpression(bus) ? bus.name.text : '';
  if (!/bus$/i.test(busName)) return undefined;
  return project.nodeFact(call, 'call-graph:bus-handler', () => {
    const message = valueOf(project, doc, call.arguments[0]!, { steps: 40 });
    if (message?.kind !== 'class' || !ts.isClassDeclaration(message.node) || !message.node.name) return undefined;
    const cls = message.node;
    const name = cls.name!.text;
    const index = project.getDoc(path.posix.join(path.posix.dirname(message.doc.path), 'index.ts'), 'outline');
    const modules = index?.isScript ? [message.doc, index] : [message.doc];
    for (const decorator of busHandlerDecorators) {
      const files = new Set([message.doc.path, ...modules.flatMap((m) => callerCandidates(project, m, name, decorator))]);
      for (const file of files) {
        const d = project.getDoc(file);
        if (!d?.isScript || !d.text.includes(decorator)) continue;
        for (const st of d.sourceFile.statements) {
          if (!ts.isClassDeclaration(st) || !handles(project, d, st, decorator, cls)) continue;
          const m = classMember(project, d, st, 'execute', { steps: 20 });
          if (m?.kind === 'function') return m.ref;
        }
      }
    }
    return undefined;
  });
}

/** Whether a class is decorated `@CommandHandler(X)` (the decorator given) for the message class `cls`. */
function handles(project: Project, doc: SourceDoc, handler: ts.ClassDeclaration, decorator: string, cls: ts.ClassDeclaration): boolean {
  return (ts.getDecorators(handler) ?? []).some((d) => {
    const e = d.expression;
    if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== decorator || !e.arguments[0]) return false;
    const v = valueOf(project, doc, e.arguments[0], { steps: 20 });
    return v?.kind === 'class' && v.node === cls;
  });
}

/** The values `expr` may hold, as far as `depth` more hand-overs (assignments, returns) go. */
function candidateValues(project: Project, doc: SourceDoc, expr: ts.Expression, depth: number, seen: Set<ts.Node>): Value[] {
  const e = skipOuterExpressions(expr);
  if (seen.has(e)) return [];
  seen.add(e);
  const prefix = computedRequirePrefix(e);
  if (prefix !== undefined) return folderModules(project, doc, prefix);
  const sources = depth > 0 ? handedOver(project, doc, e) : undefined;
  if (sources) return sources.flatMap((s) => candidateValues(project, s.doc, s.expr, depth - 1, seen));
  const single = valueOf(project, doc, e, { steps: 40 });
  return single ? [single] : [];
}

/**
 * The expressions a value is handed over from, when there may be several: the entries of a
 * registry (`libraries[name]`), a variable's initializer and the assignments to it, a function's
 * returns (`moduleSelector(settings)`). Undefined for anything else.
 */
function handedOver(project: Project, doc: SourceDoc, e: ts.Expression): { expr: ts.Expression; doc: SourceDoc }[] | undefined {
  const here = (x: ts.Expression) => ({ expr: x, doc });
  if (ts.isElementAccessExpression(e) && !ts.isStringLiteralLike(e.argumentExpression)) {
    const registry = skipOuterExpressions(e.expression);
    return ts.isIdentifier(registry) ? registryEntries(project, doc, registry).map(here) : undefined;
  }
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e);
    if (!decl || decl === 'parameter' || !ts.isVariableDeclaration(decl)) return undefined;
    readWhereAssigned(project, doc, decl);
    const assigned = (assignmentIndex(doc.sourceFile).values.get(e.text) ?? []).filter((b) => findDeclaration(b.left as ts.Identifier) === decl);
    const init = decl.initializer && skipOuterExpressions(decl.initializer);
    // `const x = <one value>` never assigned again is that value (resolveFunction follows it).
    if (assigned.length === 0 && (!init || !(ts.isCallExpression(init) && requireSpecifier(init) === undefined))) return undefined;
    return [...(init ? [init] : []), ...assigned.map((b) => b.right)].map(here);
  }
  if (ts.isPropertyAccessExpression(e) && skipOuterExpressions(e.expression).kind === ts.SyntaxKind.ThisKeyword) return fieldSources(project, doc, e)?.map(here);
  if (ts.isCallExpression(e) && requireSpecifier(e) === undefined) {
    const callee = resolveFunction(project, doc, e.expression);
    if (callee) readBody(project, callee.doc, callee.fn);
    return callee ? returnedExpressions(callee.fn).map((x) => ({ expr: x, doc: callee.doc })) : undefined;
  }
  return undefined;
}

/**
 * What `this.storage` is filled from, when that may be several things: the field's initializer
 * when it is a call (`private storage = UploadFactory.createStorage()`, a factory that picks a
 * class by a setting) and the constructor's `this.storage = …`. Undefined for a field with one
 * value (`= new LocalStorage()`, a typed constructor parameter): resolveFunction answers those.
 */
function fieldSources(project: Project, doc: SourceDoc, e: ts.PropertyAccessExpression): ts.Expression[] | undefined {
  const cls = ts.findAncestor(e, ts.isClassLike);
  if (!cls) return undefined;
  const name = e.name.text;
  const field = cls.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && !!m.name && propertyNameText(m.name) === name);
  const init = field?.initializer && skipOuterExpressions(field.initializer);
  const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  const assigned: ts.Expression[] = [];
  if (ctor) {
    readBody(project, doc, ctor);
    for (const n of nodesOfKindWithin(doc.sourceFile, ctor, ts.SyntaxKind.BinaryExpression)) {
      const b = n as ts.BinaryExpression;
      const left = skipOuterExpressions(b.left);
      if (b.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) && left.name.text === name && skipOuterExpressions(left.expression).kind === ts.SyntaxKind.ThisKeyword) assigned.push(b.right);
    }
  }
  if (assigned.length === 0 && !(init && ts.isCallExpression(init) && requireSpecifier(init) === undefined)) return undefined;
  return [...(init ? [init] : []), ...assigned];
}

/** The modules of a folder as `require('./' + name)` in `doc` may load them: its scripts and its folders with an index. */
function folderModules(project: Project, doc: SourceDoc, prefix: string): Value[] {
  const dir = path.posix.join(path.posix.dirname(doc.path), prefix);
  const out: Value[] = [];
  for (const f of project.listDir(dir) ?? []) {
    if (/\.d\.[cm]?ts$/.test(f) || (f.includes('.') && !/\.[cm]?[jt]s$/.test(f))) continue;
    const target = resolveWorkspaceImport(project, doc.path, `${prefix}${f.replace(/\.[cm]?[jt]s$/, '')}`);
    if (target === undefined || target === doc.path || out.some((v) => v.kind === 'module' && v.doc.path === target)) continue;
    const tdoc = project.getDoc(target, 'outline');
    if (tdoc?.isScript) out.push({ kind: 'module', doc: tdoc });
  }
  return out;
}

/** What an object is filled with: `registry.local = …`, `registry['local'] = …`, `registry[id] = …` anywhere in the file, and its literal's properties. */
function registryEntries(project: Project, doc: SourceDoc, registry: ts.Identifier): ts.Expression[] {
  const decl = findDeclaration(registry);
  if (!decl || decl === 'parameter' || !ts.isVariableDeclaration(decl)) return [];
  readBody(project, doc, decl);
  const init = decl.initializer && skipOuterExpressions(decl.initializer);
  const literal = init && ts.isObjectLiteralExpression(init) ? init.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [p.initializer] : [])) : [];
  return [...literal, ...filledEntries(project, doc, decl).map((e) => e.value)];
}

/** `obj.local = …`, `obj['local'] = …` (key 'local') and `obj[id] = …` (no key) anywhere in the file (an `init` fills it), for the object `decl` declares. */
function filledEntries(project: Project, doc: SourceDoc, decl: ts.VariableDeclaration): { key: string | undefined; value: ts.Expression }[] {
  if (!ts.isIdentifier(decl.name)) return [];
  readWhereAssigned(project, doc, decl);
  const out: { key: string | undefined; value: ts.Expression }[] = [];
  for (const b of assignmentIndex(doc.sourceFile).entries.get(decl.name.text) ?? []) {
    const left = b.left as ts.PropertyAccessExpression | ts.ElementAccessExpression;
    const target = skipOuterExpressions(left.expression);
    if (!ts.isIdentifier(target) || findDeclaration(target) !== decl) continue;
    const key = ts.isPropertyAccessExpression(left) ? left.name.text : ts.isStringLiteralLike(left.argumentExpression) ? left.argumentExpression.text : undefined;
    out.push({ key, value: b.right });
  }
  return out;
}

/** The expressions a function returns (its own `return`s, not those of functions or classes inside it). */
export function returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    // A nested function's returns are its own.
    else if (!ts.isFunctionLike(n) && !ts.isClassLike(n)) ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}

/** A tree's assignments by name: `x = …` (values) and `x.k = …` / `x[k] = …` (entries), indexed once per tree. */
const assignmentIndexes = new WeakMap<ts.SourceFile, { values: Map<string, ts.BinaryExpression[]>; entries: Map<string, ts.BinaryExpression[]> }>();

function assignmentIndex(sf: ts.SourceFile): { values: Map<string, ts.BinaryExpression[]>; entries: Map<string, ts.BinaryExpression[]> } {
  let index = assignmentIndexes.get(sf);
  if (index) return index;
  index = { values: new Map(), entries: new Map() };
  const add = (m: Map<string, ts.BinaryExpression[]>, k: string, b: ts.BinaryExpression) => {
    const list = m.get(k);
    if (list) list.push(b);
    else m.set(k, [b]);
  };
  for (const n of nodesOfKind(sf, ts.SyntaxKind.BinaryExpression)) {
    const b = n as ts.BinaryExpression;
    if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    if (ts.isIdentifier(b.left)) add(index.values, b.left.text, b);
    else if ((ts.isPropertyAccessExpression(b.left) || ts.isElementAccessExpression(b.left)) && ts.isIdentifier(skipOuterExpressions(b.left.expression))) {
      add(index.entries, (skipOuterExpressions(b.left.expression) as ts.Identifier).text, b);
    }
  }
  assignmentIndexes.set(sf, index);
  return index;
}

/** `require('./' + name)`, `require(\`./providers/${name}\`)`: the relative folder prefix ('./', './providers/'). */
function computedRequirePrefix(init: ts.Expression): string | undefined {
  const e = skipOuterExpressions(init);
  if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'require' || e.arguments.length !== 1) return undefined;
  const arg = skipOuterExpressions(e.arguments[0]!);
  const head = ts.isBinaryExpression(arg) && arg.operatorToken.kind === ts.SyntaxKind.PlusToken && ts.isStringLiteralLike(arg.left) ? arg.left.text : ts.isTemplateExpression(arg) ? arg.head.text : undefined;
  return head !== undefined && /^\.\.?\/(.*\/)?$/.test(head) ? head : undefined;
}

/** The workspace class `expr` names (`Group`, `models.Group`, an imported class), if it names one. */
export function resolveClass(project: Project, doc: SourceDoc, expr: ts.Expression): { doc: SourceDoc; node: ts.ClassLikeDeclaration } | undefined {
  return project.nodeFact(expr, 'call-graph:class', () => {
    const v = valueOf(project, doc, expr, { steps: 40 });
    // Not its methods' bodies: whoever reads one has it as a function first (`classMethod`, a
    // getter handed to a search), and records it then.
    return v?.kind === 'class' ? { doc: v.doc, node: v.node } : undefined;
  });
}

/** A method of a workspace class, its own or inherited: `createWithCtx` of `Group extends BaseModel`. */
export function classMethod(project: Project, doc: SourceDoc, cls: ts.ClassLikeDeclaration, name: string): FunctionRef | undefined {
  const v = classMember(project, doc, cls, name, { steps: 40 });
  return v?.kind === 'function' ? v.ref : undefined;
}

/**
 * A function as a value: whoever is handed it may read its body, so the running analysis is
 * taken to read it (engine/project `readBodies`).
 */
function fnValue(project: Project, doc: SourceDoc, fn: ts.FunctionLikeDeclaration): Value {
  readBody(project, doc, fn);
  return { kind: 'function', ref: { doc, fn, name: functionName(fn) } };
}

/** The running analysis reads the body of the function `node` is in, in `doc` (nothing for a node outside functions). */
export function readBody(project: Project, doc: SourceDoc, node: ts.Node): void {
  const unit = unitOf(node);
  if (unit) project.readBodies(doc.path, unit.pos);
}

/**
 * The running analysis reads what function `fn` of `doc` returns, and nothing else of its body
 * (cross-file-summary `returnsRead`), when `fn` is an outermost function; else the body it is in.
 */
export function readReturns(project: Project, doc: SourceDoc, fn: ts.FunctionLikeDeclaration): void {
  const unit = unitOf(fn);
  if (unit) project.readBodies(doc.path, unit === fn ? returnsRead(fn.pos) : unit.pos);
}

/**
 * The running analysis reads the assignments to a variable: those in its function, for a local
 * (only its scope can name it). Those to a module variable, anywhere in the file, are in the
 * file's outline (cross-file-summary `moduleAssignments`): no body is read for them.
 */
export function readWhereAssigned(project: Project, doc: SourceDoc, decl: ts.Node): void {
  readBody(project, doc, decl);
}

/** The running analysis reads what every function body of `doc` holds (an index of the whole tree). */
function readAllBodies(project: Project, doc: SourceDoc): void {
  project.readBodies(doc.path, 'all');
}

function valueOf(project: Project, doc: SourceDoc, expr: ts.Expression, budget: Budget): Value | undefined {
  const v = expressionValue(project, doc, expr, budget);
  // `export default global.datasource as Datasource`: what the code says it holds, when nothing else tells.
  return v ?? (ts.isAsExpression(expr) && budget.steps > 0 ? typeValue(project, doc, expr.type, budget) : undefined);
}

function expressionValue(project: Project, doc: SourceDoc, expr: ts.Expression, budget: Budget): Value | undefined {
  if (--budget.steps < 0) return undefined;
  const e = skipOuterExpressions(expr);
  if (ts.isFunctionExpression(e) || ts.isArrowFunction(e)) return fnValue(project, doc, e);
  if (ts.isObjectLiteralExpression(e)) return { kind: 'object', doc, node: e };
  if (ts.isClassExpression(e)) return { kind: 'class', doc, node: e };
  if (ts.isIdentifier(e)) return identifierValue(project, doc, e, budget);
  if (e.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = ts.findAncestor(e, ts.isClassLike);
    return cls ? { kind: 'class', doc, node: cls } : undefined;
  }
  // `super.save(…)` in an override (`TenantAwareCrudService extends CrudService`): the base class's
  // member, never the override itself, or a CRUD base layer hides the repository call beneath it.
  if (e.kind === ts.SyntaxKind.SuperKeyword) {
    const ext = ts.findAncestor(e, ts.isClassLike)?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const base = ext && valueOf(project, doc, ext.expression, budget);
    return base?.kind === 'class' ? base : undefined;
  }
  if (ts.isNewExpression(e)) return valueOf(project, doc, e.expression, budget);
  // `var api = module.exports = { … }`: an assignment's value is its right side.
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) return valueOf(project, doc, e.right, budget);
  if (ts.isPropertyAccessExpression(e)) {
    const obj = valueOf(project, doc, e.expression, budget);
    return obj && memberOf(project, obj, e.name.text, budget);
  }
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    const obj = valueOf(project, doc, e.expression, budget);
    return obj && memberOf(project, obj, e.argumentExpression.text, budget);
  }
  const spec = requireSpecifier(e);
  if (spec !== undefined) return moduleValue(project, doc, spec);
  if (ts.isAwaitExpression(e)) return valueOf(project, doc, e.expression, budget);
  if (ts.isCallExpression(e)) return returnedInstance(project, doc, e, budget) ?? wrappedFunction(project, doc, e, budget);
  return undefined;
}

/**
 * `const user = await User.findOne({ email }); user.checkPassword(pw)`: a workspace function that
 * says it returns an instance of a workspace class (`Promise<User | undefined>`), or returns one it
 * makes (`return u ? new User(u) : u`), gives that class, so the instance's methods are followed.
 */
function returnedInstance(project: Project, doc: SourceDoc, call: ts.CallExpression, budget: Budget): Value | undefined {
  if (--budget.steps < 0 || instanceNesting >= maxInstanceNesting) return undefined;
  const callee = skipOuterExpressions(call.expression);
  // Only named callees: an immediately invoked function or a call's result called is rarely a finder.
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return undefined;
  // Asked again for every receiver that holds the call's result: once per call while nothing changes.
  return project.nodeFact(call, 'call-graph:returned-instance', () => {
    instanceNesting++;
    try {
      return computeReturnedInstance(project, doc, callee, { steps: 40 });
    } finally {
      instanceNesting--;
    }
  });
}

/** How many finders' returns one answer follows into (`getProvider()` returning `this.getProviderInstance()` is two). */
const maxInstanceNesting = 3;
let instanceNesting = 0;

function computeReturnedInstance(project: Project, doc: SourceDoc, callee: ts.Expression, budget: Budget): Value | undefined {
  const v = valueOf(project, doc, callee, budget);
  if (v?.kind !== 'function') return undefined;
  const { fn, doc: fnDoc } = v.ref;
  const declared = fn.type && instanceType(fn.type);
  if (declared) return typeValue(project, fnDoc, declared, budget);
  if (fn.type || !fn.body) return undefined;
  // `new User(row)`, or a call that returns an instance (`return this.getProviderInstance()`). A
  // factory that returns one class or another (`LocalStorage`, `S3Storage`) has no one answer:
  // `candidateFunctions` follows each.
  let found: Value | undefined;
  for (const made of returnedValues(fn.body)) {
    const cls = ts.isNewExpression(made) ? valueOf(project, fnDoc, made.expression, budget) : returnedInstance(project, fnDoc, made, budget);
    if (cls?.kind !== 'class') continue;
    if (found?.kind === 'class' && found.node !== cls.node) return undefined;
    found = cls;
  }
  return found;
}

/** `User`, `Promise<User>`, `Promise<User | undefined>`, `User | null`: the one class type named (`User[]` is not one). */
function instanceType(type: ts.TypeNode): ts.TypeReferenceNode | undefined {
  if (ts.isParenthesizedTypeNode(type)) return instanceType(type.type);
  if (ts.isUnionTypeNode(type)) {
    const named = type.types.filter((t) => !ts.isLiteralTypeNode(t) && t.kind !== ts.SyntaxKind.UndefinedKeyword && t.kind !== ts.SyntaxKind.NullKeyword && t.kind !== ts.SyntaxKind.VoidKeyword);
    return named.length === 1 ? instanceType(named[0]!) : undefined;
  }
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  if (type.typeName.text === 'Promise') return type.typeArguments?.length === 1 ? instanceType(type.typeArguments[0]!) : undefined;
  // `Provider<any>`: a generic workspace class is still that class (Array, Map … are no workspace classes).
  return type;
}

/** The `new X(…)` and calls a function body returns, directly or as a branch of `?:` (a nested function's returns are its own). */
function returnedValues(body: ts.ConciseBody): (ts.NewExpression | ts.CallExpression)[] {
  const out: (ts.NewExpression | ts.CallExpression)[] = [];
  const add = (e: ts.Expression): void => {
    let x = skipOuterExpressions(e);
    if (ts.isAwaitExpression(x)) x = skipOuterExpressions(x.expression);
    if (ts.isNewExpression(x) || ts.isCallExpression(x)) out.push(x);
    else if (ts.isConditionalExpression(x)) {
      add(x.whenTrue);
      add(x.whenFalse);
    }
  };
  if (!ts.isBlock(body)) add(body);
  else {
    const visit = (n: ts.Node): void => {
      if (ts.isReturnStatement(n) && n.expression) add(n.expression);
      else if (!ts.isFunctionLike(n) && !ts.isClassLike(n)) ts.forEachChild(n, visit);
    };
    visit(body);
  }
  return out;
}

/**
 * `traceFunction({ spanName })(documentMover)`, `withRetry(save)`, `memoize(async (id) => …)`: a
 * wrapper handed a function returns one that calls it, so the wrapped function is what runs.
 */
function wrappedFunction(project: Project, doc: SourceDoc, call: ts.CallExpression, budget: Budget): Value | undefined {
  // The wrapped function comes first and is written there (`memoize(async (id) => …, key)`), or is
  // the only argument (`withRetry(save)`): other calls' arguments are data, not worth resolving.
  const first = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  if (!first) return undefined;
  if (ts.isFunctionExpression(first) || ts.isArrowFunction(first)) return fnValue(project, doc, first);
  if (call.arguments.length !== 1 || !(ts.isIdentifier(first) || ts.isPropertyAccessExpression(first))) return undefined;
  const v = valueOf(project, doc, first, budget);
  return v?.kind === 'function' ? v : undefined;
}

function moduleValue(project: Project, doc: SourceDoc, specifier: string): Value | undefined {
  const target = resolveWorkspaceImport(project, doc.path, specifier);
  // Through a module, the call graph reads its outline and the bodies it records (`fnValue`).
  const tdoc = target ? project.getDoc(target, 'outline') : undefined;
  return tdoc && tdoc.isScript ? { kind: 'module', doc: tdoc } : undefined;
}

function identifierValue(project: Project, doc: SourceDoc, id: ts.Identifier, budget: Budget): Value | undefined {
  const decl = findDeclaration(id);
  if (decl === 'parameter') {
    const fn = ts.findAncestor(id, (n): n is ts.FunctionLikeDeclaration => ts.isFunctionLike(n) && n.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === id.text));
    return fn && 'body' in fn && fn.body ? { kind: 'members', doc, scope: fn.body, name: id.text } : undefined;
  }
  if (decl) return declarationValue(project, doc, decl, budget);
  const ref = moduleBindings(project, doc).get(id.text);
  if (ref) return moduleRefValue(project, doc, ref, budget);
  // `await exports.getSessionInfo(id)`: a CommonJS module calling its own export.
  return id.text === 'exports' && doc.isScript ? { kind: 'module', doc } : undefined;
}

function moduleRefValue(project: Project, doc: SourceDoc, ref: ModuleRef, budget: Budget): Value | undefined {
  let v = moduleValue(project, doc, ref.module);
  // `import svc from '@/services/svc'`: a path alias to a workspace file, so its default export.
  const path = ref.defaultImport ? ['default', ...ref.path] : ref.path;
  for (const name of path) {
    if (!v) return undefined;
    v = memberOf(project, v, name, budget);
  }
  return v;
}

/** A binding element is a name destructured from an object: `const { rawQuery } = clickhouse`. */
type Declaration = ts.FunctionDeclaration | ts.ClassDeclaration | ts.VariableDeclaration | ts.BindingElement;

/** The nearest declaration of `id`'s name in an enclosing scope; 'parameter' when a parameter holds it. */
function findDeclaration(id: ts.Identifier): Declaration | 'parameter' | undefined {
  const name = id.text;
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n) && n.parameters.some((p) => bindingNameDeclares(p.name, name))) return 'parameter';
    if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n)) {
      const found = declarationIn(n.statements, name);
      if (found) return found;
    }
  }
  return undefined;
}

function declarationIn(statements: readonly ts.Statement[], name: string): Declaration | undefined {
  return declarationsOf(statements).get(name);
}

/**
 * The declarations of a statement list by name (the first of each name, as a scan in order
 * finds it). Built once per list of a tree: resolving every call of a 3,000-line module used to
 * scan its hundreds of top-level statements once per identifier.
 */
const declarationIndex = new WeakMap<readonly ts.Statement[], Map<string, Declaration>>();

function declarationsOf(statements: readonly ts.Statement[]): Map<string, Declaration> {
  let index = declarationIndex.get(statements);
  if (index) return index;
  index = new Map();
  const add = (name: string, d: Declaration) => {
    if (!index!.has(name)) index!.set(name, d);
  };
  for (const s of statements) {
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) add(s.name.text, s);
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) add(d.name.text, d);
        else if (ts.isObjectBindingPattern(d.name)) addDestructured(d.name, add);
      }
    }
  }
  declarationIndex.set(statements, index);
  return index;
}

function addDestructured(pattern: ts.ObjectBindingPattern, add: (name: string, d: ts.BindingElement) => void): void {
  for (const el of pattern.elements) {
    if (el.dotDotDotToken) continue;
    if (ts.isIdentifier(el.name)) add(el.name.text, el);
    else if (ts.isObjectBindingPattern(el.name)) addDestructured(el.name, add);
  }
}

/**
 * `const { rawQuery } = clickhouse` (also nested, `const { a: { b } } = x`): the member of the
 * destructured value. Two functions of a file may each destructure the same name from a different
 * client; the module-wide bindings keep only the first.
 */
function destructuredValue(project: Project, doc: SourceDoc, el: ts.BindingElement, budget: Budget): Value | undefined {
  const keys: string[] = [];
  let n: ts.Node = el;
  while (ts.isBindingElement(n) && ts.isObjectBindingPattern(n.parent)) {
    const key = n.propertyName ? propertyNameText(n.propertyName) : ts.isIdentifier(n.name) ? n.name.text : undefined;
    if (key === undefined) return undefined;
    keys.unshift(key);
    n = n.parent.parent;
  }
  if (!ts.isVariableDeclaration(n) || !n.initializer) return undefined;
  let v = valueOf(project, doc, n.initializer, budget);
  for (const k of keys) v = v && memberOf(project, v, k, budget);
  return v;
}

function declarationValue(project: Project, doc: SourceDoc, decl: Declaration, budget: Budget): Value | undefined {
  if (ts.isFunctionDeclaration(decl)) return decl.body ? fnValue(project, doc, decl) : undefined;
  if (ts.isClassDeclaration(decl)) return { kind: 'class', doc, node: decl };
  if (ts.isBindingElement(decl)) return destructuredValue(project, doc, decl, budget);
  const v = decl.initializer ? valueOf(project, doc, decl.initializer, budget) : undefined;
  if (v || !ts.isIdentifier(decl.name)) return v;
  // `const client: AppRedisClient = globalThis[KEY] || getClient()`: the declared class says what it holds.
  const typed = ts.isVariableDeclaration(decl) && decl.type ? typeValue(project, doc, decl.type, budget) : undefined;
  if (typed) return typed;
  // `var Note = sequelize.define(…); Note.parseNoteId = function …`: a value known only by the
  // members its declaring scope assigns to it.
  const scope = ts.findAncestor(decl, (n) => ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n));
  return scope ? { kind: 'members', doc, scope, name: decl.name.text } : undefined;
}

function memberOf(project: Project, v: Value, name: string, budget: Budget): Value | undefined {
  if (--budget.steps < 0) return undefined;
  switch (v.kind) {
    case 'module':
      return exportedValue(project, v.doc, name, budget);
    case 'object':
      for (const p of v.node.properties) {
        if (!p.name || propertyNameText(p.name) !== name) continue;
        if (ts.isMethodDeclaration(p)) return p.body ? fnValue(project, v.doc, p) : undefined;
        if (ts.isPropertyAssignment(p)) return valueOf(project, v.doc, p.initializer, budget);
        if (ts.isShorthandPropertyAssignment(p)) return valueOf(project, v.doc, p.name, budget);
      }
      return laterMember(project, v.doc, v.node, name, budget);
    case 'class':
      return classMember(project, v.doc, v.node, name, budget);
    case 'function':
      return undefined;
    case 'members': {
      readBody(project, v.doc, v.scope);
      const assigned = assignedMember(v.scope, v.name, name);
      if (assigned) return valueOf(project, v.doc, assigned, budget);
      // `var editor; … function init() { editor = require('./editor') }`: a module variable set
      // later (its assignments are in the outline, as `readWhereAssigned` says).
      const later = ts.isSourceFile(v.scope) ? moduleVariableAssignments(v.scope).values.get(v.name) : undefined;
      const laterValue = later && valueOf(project, v.doc, later, budget);
      if (laterValue) return memberOf(project, laterValue, name, budget);
      const injected = injectedValue(project, v.doc, v.scope, v.name, budget);
      return injected && memberOf(project, injected, name, budget);
    }
  }
}

/**
 * What a parameter holds, or a module variable set from one (`var runtimeAPI; … init(_runtimeAPI) {
 * runtimeAPI = _runtimeAPI }`), from the calls other files make to that function: an API injected
 * at start-up (`ui.init(settings, runtimeAPI)`, `require('./routes')(app, db)`) and used later by
 * request handlers. The first caller whose argument resolves gives the value; a chain of such
 * hand-overs is followed a few times at most.
 */
function injectedValue(project: Project, doc: SourceDoc, scope: ts.Node, name: string, budget: Budget): Value | undefined {
  if ((budget.injections ?? 0) >= maxInjections || budget.steps <= 0) return undefined;
  // Asked for every member of the variable at every call site: one search per generation, its
  // files recorded again for each analysis that uses the answer.
  let byName = injectedValues.get(scope);
  if (!byName) injectedValues.set(scope, (byName = new Map()));
  const known = byName.get(name);
  if (known && known.generation === project.generation) {
    if (known.files) project.dependOn(known.files);
    // The answer came from a search of the callers (see searchInjected).
    project.searchedWorkspace();
    return known.value;
  }
  // A cycle (`a.init(b)` while resolving `b`) finds nothing new.
  byName.set(name, { generation: project.generation, value: undefined });
  const { result, dependencies } = project.recordDependencies(() => searchInjected(project, doc, scope, name, budget));
  byName.set(name, { generation: project.generation, value: result, files: dependencies });
  return result;
}

const injectedValues = new WeakMap<ts.Node, Map<string, { generation: number; value: Value | undefined; files?: Set<string> }>>();

function searchInjected(project: Project, doc: SourceDoc, scope: ts.Node, name: string, budget: Budget): Value | undefined {
  // A module variable's assignments (`runtimeAPI = _runtimeAPI` in an `init`) are in the outline.
  const source = ts.isSourceFile(scope) ? moduleVariableSource(scope, name) : parameterOf(scope, name);
  if (!source) return undefined;
  const exported = exportNameOf(project, doc, source.fn, budget);
  if (exported === undefined) return undefined;
  // Each hand-over resolves its argument with a budget of its own: the hand-overs are bounded.
  const inner: Budget = { steps: 40, injections: (budget.injections ?? 0) + 1 };
  for (const file of callerCandidates(project, doc, exported)) {
    const caller = project.getDoc(file);
    if (!caller?.isScript) continue;
    const calls = exported === 'default' ? (nodesOfKind(caller.sourceFile, ts.SyntaxKind.CallExpression) as readonly ts.CallExpression[]) : (callsByName(caller.sourceFile).get(exported) ?? []);
    for (const call of calls) {
      const arg = call.arguments[source.index];
      if (!arg || ts.isSpreadElement(arg)) continue;
      let callee = valueOf(project, caller, call.expression, { steps: 40, injections: inner.injections });
      // `require('./routes')(app, db)`: a CommonJS module called is its `module.exports` function.
      if (callee?.kind === 'module') callee = exportedValue(project, callee.doc, 'default', { steps: 20 });
      if (callee?.kind !== 'function' || callee.ref.fn !== source.fn) continue;
      const v = valueOf(project, caller, arg, inner);
      if (v) return v;
    }
  }
  return undefined;
}

/**
 * The calls of `fn` anywhere in the workspace: in its own file (also `this.name()` between methods
 * of one object), and in files that import its module and call its export by name. Undefined when
 * other files cannot name it (not exported) and its own file does not call it either.
 * `staticCallers`: also the files that call a static method of an exported utility class through
 * the class (`EmailTemplateUtils.migrate(…)`); a wider search, for callers that need every caller.
 */
export function callSitesOf(project: Project, doc: SourceDoc, fn: ts.FunctionLikeDeclaration, options: { staticCallers?: boolean } = {}): { doc: SourceDoc; call: ts.CallExpression }[] {
  const own = functionName(fn);
  const short = own.slice(own.lastIndexOf('.') + 1);
  const out: { doc: SourceDoc; call: ts.CallExpression }[] = [];
  const sameObject = (call: ts.CallExpression) => {
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
    const method = enclosingFunction(call);
    return !!method && !!fn.parent && method.parent === fn.parent && ts.isObjectLiteralExpression(fn.parent);
  };
  const matches = (d: SourceDoc, call: ts.CallExpression) => {
    if (d === doc && sameObject(call)) return true;
    const v = valueOf(project, d, call.expression, { steps: 40 });
    return v?.kind === 'function' && v.ref.fn === fn;
  };
  readAllBodies(project, doc);
  for (const call of callsByName(doc.sourceFile).get(short) ?? []) if (matches(doc, call)) out.push({ doc, call });
  const exported = exportNameOf(project, doc, fn, { steps: 20 });
  // `EmailTemplateUtils.migrate(…)` in other files: a static method of an exported class is called by its own name.
  const owner = exported === undefined && options.staticCallers ? exportedClassOf(project, doc, fn) : undefined;
  // The name other files import, and the name they call: the class and its method, or the export itself.
  const [imported, called] = owner ? [owner, short] : [exported, exported];
  if (imported === undefined || called === undefined || imported === 'default') return out;
  for (const file of callerCandidates(project, doc, imported, called)) {
    const caller = project.getDoc(file);
    if (!caller?.isScript) continue;
    for (const call of callsByName(caller.sourceFile).get(called) ?? []) if (matches(caller, call)) out.push({ doc: caller, call });
  }
  return out;
}

/**
 * The export name of the utility class whose static method `fn` is (`export class EmailTemplateUtils
 * { static migrate() … }`): a class of static members only, extending nothing. Model classes with
 * static finders are imported by most of an app, and searching their callers cost more than the rest.
 */
function exportedClassOf(project: Project, doc: SourceDoc, fn: ts.FunctionLikeDeclaration): string | undefined {
  const cls = fn.parent;
  if (!ts.isMethodDeclaration(fn) || !cls || !ts.isClassDeclaration(cls) || !cls.name || cls.heritageClauses?.length) return undefined;
  if (!cls.members.every((m) => ts.isClassStaticBlockDeclaration(m) || (ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)))) return undefined;
  const v = exportedValue(project, doc, cls.name.text, { steps: 20 });
  return v?.kind === 'class' && v.node === cls ? cls.name.text : undefined;
}

/** How many hand-overs (`init(api)` calling `child.init(api)` …) one resolution follows. */
const maxInjections = 4;

/**
 * `fn(…, name, …)` when `scope` is the body of a function with that parameter, untyped: a typed
 * parameter says what it holds (see `typeValue`), and asking every caller of every typed function
 * of a TypeScript project what it passes cost more than the rest of the search.
 */
function parameterOf(scope: ts.Node, name: string): { fn: ts.FunctionLikeDeclaration; index: number } | undefined {
  const fn = scope.parent;
  if (!fn || !isFunctionNode(fn)) return undefined;
  const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name && !p.type);
  return index >= 0 ? { fn, index } : undefined;
}

interface VariableAssignments {
  /** `runtimeAPI = _runtimeAPI` in `init(_settings, _runtimeAPI)`: the parameter a variable is set from. */
  parameters: Map<string, { fn: ts.FunctionLikeDeclaration; index: number }>;
  /** `editor = require('./editor')`: the first other value assigned to it. */
  values: Map<string, ts.Expression>;
}

const moduleVariableIndexes = new WeakMap<ts.SourceFile, VariableAssignments>();

/** What a tree's assignments to plain names (not a function's own parameters) assign, indexed once per tree. */
function moduleVariableAssignments(sf: ts.SourceFile): VariableAssignments {
  let index = moduleVariableIndexes.get(sf);
  if (index) return index;
  index = { parameters: new Map(), values: new Map() };
  for (const n of nodesOfKind(sf, ts.SyntaxKind.BinaryExpression)) {
    const b = n as ts.BinaryExpression;
    if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(b.left)) continue;
    const target = b.left.text;
    const fn = ts.findAncestor(b, isFunctionNode);
    if (fn?.parameters.some((p) => bindingNameDeclares(p.name, target))) continue;
    const right = skipOuterExpressions(b.right);
    const param = ts.isIdentifier(right) && fn ? parameterOf(fn.body ?? fn, right.text) : undefined;
    if (param) {
      if (!index.parameters.has(target)) index.parameters.set(target, param);
    } else if (!index.values.has(target) && right.kind !== ts.SyntaxKind.NullKeyword && !(ts.isIdentifier(right) && right.text === 'undefined')) {
      index.values.set(target, right);
    }
  }
  moduleVariableIndexes.set(sf, index);
  return index;
}

function moduleVariableSource(sf: ts.SourceFile, name: string): { fn: ts.FunctionLikeDeclaration; index: number } | undefined {
  return moduleVariableAssignments(sf).parameters.get(name);
}

/** The name other files call `fn` by: an export of `doc` ('default' for `module.exports = function …`). */
function exportNameOf(project: Project, doc: SourceDoc, fn: ts.FunctionLikeDeclaration, budget: Budget): string | undefined {
  const own = functionName(fn);
  const short = own.slice(own.lastIndexOf('.') + 1);
  for (const name of short === '(anonymous)' ? ['default'] : [short, 'default']) {
    const v = exportedValue(project, doc, name, { steps: Math.min(budget.steps, 20) });
    if (v?.kind === 'function' && v.ref.fn === fn) return name;
  }
  return undefined;
}

const callIndexes = new WeakMap<ts.SourceFile, Map<string, ts.CallExpression[]>>();

/** A tree's calls by the name they call (`x.init(…)` and `init(…)` under 'init'), indexed once per tree. */
function callsByName(sf: ts.SourceFile): Map<string, ts.CallExpression[]> {
  let index = callIndexes.get(sf);
  if (index) return index;
  index = new Map();
  for (const n of nodesOfKind(sf, ts.SyntaxKind.CallExpression)) {
    const callee = skipOuterExpressions((n as ts.CallExpression).expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (name === undefined) continue;
    const list = index.get(name) ?? [];
    list.push(n as ts.CallExpression);
    index.set(name, list);
  }
  callIndexes.set(sf, index);
  return index;
}

/** Whether `d` imports the file `target` (its specifiers are first sifted by their last segment). */
function imports(project: Project, d: SourceDoc, target: string, names: readonly string[]): boolean {
  return specifiersOf(d).some((s) => names.includes(stemOf(s)) && resolveWorkspaceImport(project, d.path, s) === target);
}

/** The names a file's text calls (`name(`, `.name (`), from text, once per version of the file. */
function calledNames(doc: SourceDoc): Set<string> {
  return new Set(Array.from(doc.text.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g), (m) => m[1]!));
}

/**
 * Per list of files: the script files importing a specifier by its last segment without extension
 * (the file stem a caller names), and the files that import a module and call its export, by
 * module and export. Kept across edits: only the files whose version changed are read again (an
 * edit in one file used to make every search re-read the workspace's 2,500 files).
 */
interface CallerIndex {
  fileEvents: number;
  generation: number;
  /** Each listed script's version and the stems it imports, when last read. */
  files: Map<string, { version: string | undefined; stems: string[] }>;
  importing: Map<string, string[]>;
  byExport: Map<string, { target: string; exported: string; called: string; names: string[]; files: string[] }>;
}

const callerIndexes = new WeakMap<Iterable<string>, CallerIndex>();

const isScriptPath = (f: string) => /\.[cm]?[jt]sx?$/.test(f);
const stemOf = (specifier: string) => specifier.slice(specifier.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');

/**
 * The listed script files (other than `doc`) whose text names the module and calls the export
 * by name (`init(`, for a default export any call). Read without recording them as dependencies:
 * the callers found are read again, and recorded, when their calls are resolved.
 */
function callerCandidates(project: Project, doc: SourceDoc, exported: string, called = exported): string[] {
  // A caller imports the module, so its text names the file, or for an index its folder (or the
  // package folder above lib/ or src/: `require('@node-red/editor-api')` for editor-api/lib/index.js).
  const stem = doc.path.slice(doc.path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  const dir = path.posix.dirname(doc.path);
  const folder = path.posix.basename(dir);
  const names = stem !== 'index' ? [stem] : /^(lib|src|dist)$/.test(folder) ? [folder, path.posix.basename(path.posix.dirname(dir))] : [folder];
  const key = `${doc.path}\0${exported}\0${called}`;
  // A new caller anywhere changes the answer: facts built on it are kept only while no file changes.
  project.searchedWorkspace();
  const known = callerIndexes.get(project.listFiles());
  const current = known && known.fileEvents === project.fileEventCount && known.generation === project.generation;
  const index = current ? known : project.recordDependencies(() => callerIndex(project), false).result;
  let entry = index.byExport.get(key);
  if (!entry) {
    // Asked for hundreds of (module, export) pairs in a scan: one pass over the files answers which import what.
    const importers = [...new Set(names.flatMap((n) => index.importing.get(n) ?? []))].sort();
    const files = project.recordDependencies(() => importers.filter((f) => callsExport(project, f, doc.path, exported, names, called)), false).result;
    index.byExport.set(key, (entry = { target: doc.path, exported, called, names, files }));
  }
  return entry.files.filter((f) => f !== doc.path);
}

/** Whether the listed file `f` imports `target` and its text calls `called` (`exported` itself, or a static method of it; any call, for a default export). */
function callsExport(project: Project, f: string, target: string, exported: string, names: readonly string[], called = exported): boolean {
  const d = project.getDoc(f);
  if (!d) return false;
  // Cheapest test first: most files never mention the name.
  return (exported === 'default' || (d.text.includes(exported) && project.memo(d, 'call-graph:called-names', calledNames).has(called))) && imports(project, d, target, names);
}

/** The caller index of the project's file list, brought up to date with the files changed since it was last used. */
function callerIndex(project: Project): CallerIndex {
  const list = project.listFiles();
  const known = callerIndexes.get(list);
  // A file created or deleted can change what any import resolves to: start again.
  if (!known || known.fileEvents !== project.fileEventCount) {
    const index: CallerIndex = { fileEvents: project.fileEventCount, generation: project.generation, files: new Map(), importing: new Map(), byExport: new Map() };
    for (const f of list) if (isScriptPath(f)) index.files.set(f, { version: project.versionOf(f), stems: stemsOf(project, f) });
    index.importing = importersByStem(index.files);
    callerIndexes.set(list, index);
    return index;
  }
  if (known.generation === project.generation) return known;
  // The files edited since (a keystroke: one), rather than every file's version.
  const since = project.changedSince(known.generation);
  known.generation = project.generation;
  const changed: string[] = [];
  let stemsChanged = false;
  for (const f of since ?? list) {
    if (!isScriptPath(f) || (since && !known.files.has(f))) continue;
    const version = project.versionOf(f);
    const was = known.files.get(f);
    if (was?.version === version) continue;
    const stems = stemsOf(project, f);
    if (!was || stems.join('\0') !== was.stems.join('\0')) stemsChanged = true;
    known.files.set(f, { version, stems });
    changed.push(f);
  }
  if (stemsChanged) {
    known.importing = importersByStem(known.files);
    known.byExport.clear();
    return known;
  }
  // Same imports everywhere: only the changed files' calls can add or remove a caller.
  for (const entry of known.byExport.values()) {
    for (const f of changed) {
      if (!known.files.get(f)!.stems.some((s) => entry.names.includes(s))) continue;
      const calls = callsExport(project, f, entry.target, entry.exported, entry.names, entry.called);
      if (calls !== entry.files.includes(f)) entry.files = calls ? [...entry.files, f].sort() : entry.files.filter((x) => x !== f);
    }
  }
  return known;
}

/** The stems a file's specifiers name, in order, each once. */
function stemsOf(project: Project, f: string): string[] {
  const d = project.getDoc(f);
  return d ? [...new Set(specifiersOf(d).map(stemOf))] : [];
}

function importersByStem(files: Map<string, { stems: string[] }>): Map<string, string[]> {
  const importing = new Map<string, string[]>();
  for (const [f, { stems }] of files) {
    for (const stem of stems) {
      const l = importing.get(stem);
      if (!l) importing.set(stem, [f]);
      else l.push(f);
    }
  }
  return importing;
}

/** `obj.name = <expr>` among the statements of `scope` (not in nested functions): the expression. */
function assignedMember(scope: ts.Node, obj: string, name: string): ts.Expression | undefined {
  return memberAssignments(scope).get(obj)?.get(name);
}

/**
 * Every `obj.name = <expr>` of a scope (not in nested functions), the first of each, by object
 * and member: built once per scope, since a value known by its members (a module object, a
 * Sequelize model) is asked for one member per call site. The object is keyed by its text:
 * `Helpers` for `Helpers.get = …`, `User.auth` for `User.auth.getSessions = …`.
 */
const memberAssignmentIndex = new WeakMap<ts.Node, Map<string, Map<string, ts.Expression>>>();

function memberAssignments(scope: ts.Node): Map<string, Map<string, ts.Expression>> {
  let index = memberAssignmentIndex.get(scope);
  if (index) return index;
  const sf = scope.getSourceFile();
  const found = new Map<string, Map<string, ts.Expression>>();
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left)) {
      const target = n.left.expression;
      const key = ts.isIdentifier(target) ? target.text : target.getText(sf);
      const byName = found.get(key) ?? new Map<string, ts.Expression>();
      found.set(key, byName);
      if (!byName.has(n.left.name.text)) byName.set(n.left.name.text, n.right);
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(scope, visit);
  memberAssignmentIndex.set(scope, (index = found));
  return index;
}

/**
 * A member an object literal gets after its declaration: `const Helpers = {}; Helpers.get = async …`,
 * or from a folder of modules loaded into it (`db[model.name] = require(path.join(__dirname, file))(…)`
 * over `readdirSync(__dirname)`, as sequelize-cli's models/index.js does): `db.Note` is the
 * folder's `note` module. An object assigned to a member (`User.auth = {}`) gets its members the
 * same way, by the assigned target (`laterAssignedMember`).
 */
function laterMember(project: Project, doc: SourceDoc, obj: ts.ObjectLiteralExpression, name: string, budget: Budget): Value | undefined {
  const decl = obj.parent;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return laterAssignedMember(project, doc, obj, name, budget);
  const scope = ts.findAncestor(decl, (n) => ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n));
  if (!scope) return undefined;
  readBody(project, doc, scope);
  const assigned = assignedMember(scope, decl.name.text, name) ?? filledEntries(project, doc, decl).find((e) => e.key === name)?.value;
  if (assigned) return valueOf(project, doc, assigned, budget);
  // A module object's `obj[key] = …` and `readdirSync(__dirname)` anywhere are in the outline.
  return loadsOwnFolder(doc, scope, decl.name.text) ? folderModule(project, doc, name, budget) : undefined;
}

/** Whether `scope` fills `obj[key] = …` with a computed key and the file lists its own folder. */
function loadsOwnFolder(doc: SourceDoc, scope: ts.Node, obj: string): boolean {
  if (!/\breaddir(Sync)?\(\s*__dirname\b/.test(doc.text)) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isElementAccessExpression(n.left)) {
      const target = skipOuterExpressions(n.left.expression);
      if (ts.isIdentifier(target) && target.text === obj && !ts.isStringLiteralLike(n.left.argumentExpression)) found = true;
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(scope, visit);
  return found;
}

/**
 * The module of `doc`'s folder named like `name` (`Note` → note.js, `AuthToken` → auth-token.js or
 * authToken.js), as the value it gives its loader: a factory's returned value, else the export.
 */
function folderModule(project: Project, doc: SourceDoc, name: string, budget: Budget): Value | undefined {
  const dir = doc.path.slice(0, doc.path.lastIndexOf('/'));
  const key = name.toLowerCase();
  const file = project.listDir(dir)?.find((f) => f !== doc.path.slice(dir.length + 1) && /\.[cm]?[jt]s$/.test(f) && f.replace(/\.[^.]+$/, '').replace(/[-_]/g, '').toLowerCase() === key);
  const target = file ? project.getDoc(`${dir}/${file}`, 'outline') : undefined;
  if (!target?.isScript) return undefined;
  const exported = exportedValue(project, target, 'default', budget);
  if (exported?.kind !== 'function') return exported;
  readBody(project, exported.ref.doc, exported.ref.fn);
  const returned = returnedExpression(exported.ref.fn);
  return returned ? valueOf(project, exported.ref.doc, returned, budget) : undefined;
}

/** The expression a function returns when it has one `return <expr>` of its own (or is `=> expr`). */
function returnedExpression(fn: ts.FunctionLikeDeclaration): ts.Expression | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return body;
  const returns = body.statements.filter((s): s is ts.ReturnStatement => ts.isReturnStatement(s) && !!s.expression);
  return returns.length === 1 ? returns[0]!.expression : undefined;
}

/**
 * A namespace object filled after it is made: `User.auth = {}; User.auth.getSessions = async function …`
 * (CommonJS mixins write them so): the member assigned to the same target in the same scope.
 */
function laterAssignedMember(project: Project, doc: SourceDoc, obj: ts.ObjectLiteralExpression, name: string, budget: Budget): Value | undefined {
  let p: ts.Node = obj.parent;
  while (ts.isParenthesizedExpression(p)) p = p.parent;
  if (!ts.isBinaryExpression(p) || p.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(p.left)) return undefined;
  const scope = ts.findAncestor(p, (n) => ts.isBlock(n) || ts.isSourceFile(n));
  if (scope) readBody(project, doc, scope);
  const found = scope && assignedMember(scope, p.left.getText(doc.sourceFile), name);
  return found && valueOf(project, doc, found, budget);
}

/**
 * Whether a module may export `name`: a module written only with ESM exports lists them all in its
 * top-level statements; one with `export *` or CommonJS exports may export anything.
 */
function mayExport(project: Project, doc: SourceDoc, name: string): boolean {
  const names = project.memo(doc, 'call-graph:export-names', declaredExports);
  return names === undefined || names.has(name);
}

/** The names a module's own statements export, or undefined when they cannot all be told (`export *`, CommonJS). */
function declaredExports(doc: SourceDoc): Set<string> | undefined {
  if (/\b(?:module\.)?exports\b/.test(doc.text)) return undefined;
  const names = new Set<string>();
  for (const s of doc.sourceFile.statements) {
    if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) {
      if (!hasModifier(s, ts.SyntaxKind.ExportKeyword)) continue;
      if (hasModifier(s, ts.SyntaxKind.DefaultKeyword)) names.add('default');
      else if (s.name) names.add(s.name.text);
    } else if (ts.isVariableStatement(s)) {
      if (!hasModifier(s, ts.SyntaxKind.ExportKeyword)) continue;
      for (const d of s.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) return undefined;
        names.add(d.name.text);
      }
    } else if (ts.isExportAssignment(s)) {
      if (s.isExportEquals) return undefined;
      names.add('default');
    } else if (ts.isExportDeclaration(s)) {
      if (!s.exportClause) return undefined;
      if (ts.isNamespaceExport(s.exportClause)) names.add(s.exportClause.name.text);
      else for (const el of s.exportClause.elements) names.add(el.name.text);
    } else if (ts.isModuleDeclaration(s) || ts.isEnumDeclaration(s)) {
      // `export namespace X`, `export enum E`: values too.
      if (hasModifier(s, ts.SyntaxKind.ExportKeyword)) names.add(s.name.text);
    }
  }
  return names;
}

/**
 * A CommonJS module built by mixins: `const Topics = module.exports; Topics.exists = …;
 * require('./data')(Topics);` where data.js is `module.exports = function (Topics) { Topics.getTopicFields = … }`.
 */
function mixedInExport(project: Project, doc: SourceDoc, name: string, budget: Budget): Value | undefined {
  const sf = doc.sourceFile;
  const aliases = new Set<string>();
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer && commonJsTarget(skipOuterExpressions(d.initializer)) === '') aliases.add(d.name.text);
  }
  if (aliases.size === 0) return undefined;
  for (const alias of aliases) {
    const own = assignedMember(sf, alias, name);
    if (own) return valueOf(project, doc, own, budget);
  }
  for (const s of sf.statements) {
    if (!ts.isExpressionStatement(s) || !ts.isCallExpression(s.expression)) continue;
    const call = s.expression;
    const arg = call.arguments[0];
    const spec = requireSpecifier(skipOuterExpressions(call.expression));
    if (spec === undefined || !arg || !ts.isIdentifier(arg) || !aliases.has(arg.text)) continue;
    const mod = moduleValue(project, doc, spec);
    const mixin = mod?.kind === 'module' ? exportedValue(project, mod.doc, 'default', budget) : undefined;
    if (mixin?.kind !== 'function' || !mixin.ref.fn.body) continue;
    const param = mixin.ref.fn.parameters[0];
    if (!param || !ts.isIdentifier(param.name)) continue;
    readBody(project, mixin.ref.doc, mixin.ref.fn);
    const assigned = assignedMember(mixin.ref.fn.body, param.name.text, name);
    if (assigned) return valueOf(project, mixin.ref.doc, assigned, budget);
  }
  return undefined;
}

function classMember(project: Project, doc: SourceDoc, cls: ts.ClassLikeDeclaration, name: string, budget: Budget): Value | undefined {
  for (const m of cls.members) {
    if (ts.isConstructorDeclaration(m)) {
      // NestJS injects services through parameter properties: `constructor(private readonly users: UsersService)`.
      for (const p of m.parameters) {
        if (ts.isIdentifier(p.name) && p.name.text === name && p.type) return typeValue(project, doc, p.type, budget);
      }
      continue;
    }
    if (!m.name || propertyNameText(m.name) !== name) continue;
    // Overload signatures come before the one implementation with a body (`getRepository(target)`,
    // `getRepository(ctx, target)`): skip them. An abstract method has no body anywhere.
    if (ts.isMethodDeclaration(m)) {
      if (m.body) return fnValue(project, doc, m);
      if (cls.members.some((o) => o !== m && ts.isMethodDeclaration(o) && o.body && o.name && propertyNameText(o.name) === name)) continue;
      // `public abstract delete(file: string)`: the subclasses' methods run (`overridesOf`).
      return hasModifier(m, ts.SyntaxKind.AbstractKeyword) ? fnValue(project, doc, m) : undefined;
    }
    if (ts.isPropertyDeclaration(m)) {
      if (m.initializer) return valueOf(project, doc, m.initializer, budget);
      if (m.type) return typeValue(project, doc, m.type, budget);
    }
  }
  // Inherited members: `class UsersController extends BaseController`.
  const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (ext) {
    const base = valueOf(project, doc, ext.expression, budget);
    if (base?.kind === 'class') return classMember(project, base.doc, base.node, name, budget);
  }
  return undefined;
}

/** A property typed `UsersService` holds an instance of that class, if it is a workspace class. */
function typeValue(project: Project, doc: SourceDoc, type: ts.TypeNode, budget: Budget): Value | undefined {
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const v = valueOf(project, doc, type.typeName, budget);
  return v?.kind === 'class' ? v : undefined;
}

function hasModifier(n: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === kind) ?? false);
}

/** An export of a workspace module, ESM or CommonJS, following re-exports. */
function exportedValue(project: Project, doc: SourceDoc, name: string, budget: Budget): Value | undefined {
  if (--budget.steps < 0) return undefined;
  const sf = doc.sourceFile;
  let commonJsModule: ts.Expression | undefined;
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) {
      if (!hasModifier(s, ts.SyntaxKind.ExportKeyword)) continue;
      const exported = hasModifier(s, ts.SyntaxKind.DefaultKeyword) ? 'default' : s.name?.text;
      if (exported === name) return declarationValue(project, doc, s, budget);
    } else if (ts.isVariableStatement(s)) {
      if (!hasModifier(s, ts.SyntaxKind.ExportKeyword)) {
        // `var api = module.exports = { … }`
        for (const d of s.declarationList.declarations) {
          const init = d.initializer && skipOuterExpressions(d.initializer);
          if (init && ts.isBinaryExpression(init) && init.operatorToken.kind === ts.SyntaxKind.EqualsToken && commonJsTarget(init.left) === '') commonJsModule = init.right;
        }
        continue;
      }
      const d = s.declarationList.declarations.find((x) => ts.isIdentifier(x.name) && x.name.text === name);
      if (d) return declarationValue(project, doc, d, budget);
    } else if (ts.isExportAssignment(s)) {
      if (name === 'default' || s.isExportEquals) {
        const v = valueOf(project, doc, s.expression, budget);
        if (name === 'default') return v;
        const member = v && memberOf(project, v, name, budget);
        if (member) return member;
      }
    } else if (ts.isExportDeclaration(s) && !s.isTypeOnly) {
      const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      if (!s.exportClause) {
        if (from === undefined || name === 'default') continue;
        const target = moduleValue(project, doc, from);
        // A barrel re-exports dozens of modules: those that say they do not export the name cost nothing.
        if (target?.kind !== 'module' || !mayExport(project, target.doc, name)) continue;
        const v = memberOf(project, target, name, budget);
        if (v) return v;
      } else if (ts.isNamedExports(s.exportClause)) {
        for (const el of s.exportClause.elements) {
          if (el.name.text !== name) continue;
          const local = el.propertyName ? (propertyNameText(el.propertyName) ?? name) : name;
          if (from !== undefined) {
            const target = moduleValue(project, doc, from);
            return target && memberOf(project, target, local, budget);
          }
          const decl = declarationIn(sf.statements, local);
          if (decl) return declarationValue(project, doc, decl, budget);
          const ref = moduleBindings(project, doc).get(local);
          return ref ? moduleRefValue(project, doc, ref, budget) : undefined;
        }
      }
    } else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = commonJsTarget(s.expression.left);
      if (target === name) return valueOf(project, doc, s.expression.right, budget);
      if (target === '') commonJsModule = s.expression.right;
    }
  }
  if (commonJsModule) {
    const v = valueOf(project, doc, commonJsModule, budget);
    if (name === 'default') return v;
    return v && memberOf(project, v, name, budget);
  }
  if (name !== 'default') {
    const mixed = mixedInExport(project, doc, name, budget);
    if (mixed) return mixed;
  }
  return undefined;
}

/**
 * Every call made while `fn` runs its own body, nested callbacks included (they run on the same
 * thread, often within the same tick). Memoised per file version, so it goes when the file's tree
 * leaves the Project's cache.
 */
export function callsIn(project: Project, doc: SourceDoc, fn: ts.FunctionLikeDeclaration): readonly ts.CallExpression[] {
  readBody(project, doc, fn);
  const perFile = project.memo(doc, 'analysis:calls', () => new Map<ts.Node, ts.CallExpression[]>());
  let calls = perFile.get(fn);
  if (!calls) {
    calls = !fn.body ? [] : fn.getSourceFile() === doc.sourceFile ? (nodesOfKindWithin(doc.sourceFile, fn.body, ts.SyntaxKind.CallExpression) as ts.CallExpression[]) : walkCalls(fn.body);
    perFile.set(fn, calls);
  }
  return calls;
}

/** A function of a tree the document no longer holds (an old version's): walked. */
function walkCalls(body: ts.Node): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) found.push(n);
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/** The nearest function a node sits in. */
export function enclosingFunction(n: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunctionNode(p)) return p;
  return undefined;
}

/** One call on the way from a start function to a match. */
export interface CallStep {
  doc: SourceDoc;
  /** The call made, or an awaited read of a getter (`await group.memberCount`, see `ReachOptions.getters`). */
  call: ts.CallExpression | ts.PropertyAccessExpression;
  /** The function the call enters (absent for the final, matching call). */
  callee?: FunctionRef;
  /** When the function is entered as a callback the call is given (`basicAuth({ authorizer })`): that argument. */
  passed?: ts.Expression;
}

export interface Reach<T> {
  /** The calls from the start function to the matching call, the matching call last. */
  steps: CallStep[];
  match: T;
}

export interface ReachOptions {
  /** How many function boundaries to cross after the start function. Default 5. */
  maxDepth?: number;
  /**
   * Which calls of a function the search looks at (to match or to follow); default all. A rule
   * about per-call cost can leave out calls in closures the function only creates and returns.
   */
  considers?: (doc: SourceDoc, call: ts.CallExpression, within: FunctionRef) => boolean;
  /** Resolves callees `resolveFunction` cannot place (a method of a model instance, for n-plus-one). */
  resolve?: (doc: SourceDoc, call: ts.CallExpression) => FunctionRef | undefined;
  /** Also enter workspace functions handed by name to a call of library code (`sequelize.transaction(run)`, see `callbackArguments`). */
  followCallbacks?: boolean;
  /** Getters a function runs by reading a property (`await attachment.buffer`): entered like callees. */
  getters?: (within: FunctionRef) => readonly { read: ts.PropertyAccessExpression; getter: FunctionRef }[];
  /** Enter the workspace subclasses' implementations of an abstract method called on `this` (see `overridesOf`). */
  overrides?: boolean;
  /** Whether a call enters its callee (default yes): n-plus-one skips one whose options make the callee return before its work. */
  enters?: (call: ts.CallExpression, callee: FunctionRef) => boolean;
}

const listenerRegistrations = new Set(['on', 'once', 'addListener', 'prependListener', 'addEventListener', 'subscribe']);

/**
 * Names given to a call as arguments, directly or as values of an object literal argument: the
 * workspace functions among them run as callbacks of the callee (`items.map(loadItem)`,
 * `basicAuth({ authorizer: checkKey })`, `p.then(render)`), mostly within the same request.
 * Listener registrations (`on`, `once`, `addListener`) give none: other events run those.
 */
export function callbackArguments(call: ts.CallExpression): ts.Expression[] {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isPropertyAccessExpression(callee) && listenerRegistrations.has(callee.name.text)) return [];
  const out: ts.Expression[] = [];
  for (const a of call.arguments) {
    const e = skipOuterExpressions(a);
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) out.push(e);
    else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) {
          const v = skipOuterExpressions(p.initializer);
          if (ts.isIdentifier(v) || ts.isPropertyAccessExpression(v)) out.push(v);
        } else if (ts.isShorthandPropertyAssignment(p)) out.push(p.name);
      }
    }
  }
  return out;
}

/**
 * Breadth-first search from `start` through the calls it makes, for a call `match` accepts.
 * Returns the shortest chain, or undefined. Cycles and depth are bounded.
 */
export function findReachable<T>(
  project: Project,
  start: FunctionRef,
  match: (doc: SourceDoc, call: ts.CallExpression) => T | undefined,
  options: ReachOptions & {
    /** Property reads of a function that match by themselves (`await edit.author`, a lazy relation), checked after its calls. */
    matchedReads?: (within: FunctionRef) => readonly { read: ts.PropertyAccessExpression; match: T }[];
  } = {},
): Reach<T> | undefined {
  const maxDepth = options.maxDepth ?? 5;
  interface Node { ref: FunctionRef; depth: number; via: CallStep[] }
  const seen = new Set<ts.Node>([start.fn]);
  let frontier: Node[] = [{ ref: start, depth: 0, via: [] }];
  while (frontier.length > 0) {
    const next: Node[] = [];
    for (const node of frontier) {
      const all = callsIn(project, node.ref.doc, node.ref.fn);
      const calls = options.considers ? all.filter((c) => options.considers!(node.ref.doc, c, node.ref)) : all;
      for (const call of calls) {
        const m = match(node.ref.doc, call);
        if (m !== undefined) return { steps: [...node.via, { doc: node.ref.doc, call }], match: m };
      }
      const read = options.matchedReads?.(node.ref)[0];
      if (read) return { steps: [...node.via, { doc: node.ref.doc, call: read.read }], match: read.match };
      if (node.depth >= maxDepth) continue;
      for (const call of calls) {
        const callee = resolveFunction(project, node.ref.doc, call.expression) ?? options.resolve?.(node.ref.doc, call);
        const overrides = options.overrides ? overridesOf(project, node.ref.doc, call.expression, callee) : [];
        for (const c of overrides.length > 0 ? overrides : callee ? [callee] : []) {
          if (seen.has(c.fn) || (options.enters && !options.enters(call, c))) continue;
          seen.add(c.fn);
          next.push({ ref: c, depth: node.depth + 1, via: [...node.via, { doc: node.ref.doc, call, callee: c }] });
        }
        // A workspace callee is entered above; functions handed to a library call (`transaction(run)`,
        // `p.then(render)`) run inside it, where no search can follow.
        if (!options.followCallbacks || callee) continue;
        for (const passed of callbackArguments(call)) {
          const fn = resolveFunction(project, node.ref.doc, passed);
          if (!fn || seen.has(fn.fn)) continue;
          seen.add(fn.fn);
          next.push({ ref: fn, depth: node.depth + 1, via: [...node.via, { doc: node.ref.doc, call, callee: fn, passed }] });
        }
      }
      for (const { read, getter } of options.getters?.(node.ref) ?? []) {
        if (seen.has(getter.fn)) continue;
        seen.add(getter.fn);
        next.push({ ref: getter, depth: node.depth + 1, via: [...node.via, { doc: node.ref.doc, call: read, callee: getter }] });
      }
    }
    frontier = next;
  }
  return undefined;
}

