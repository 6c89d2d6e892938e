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
import { resolveWorkspaceImport } from './module-resolution';
import { nodesOfKindWithin } from './tree-nodes';

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
    const v = valueOf(project, doc, expr, { steps: 40 });
    return v?.kind === 'function' ? v.ref : undefined;
  });
}

/** The workspace class `expr` names (`Group`, `models.Group`, an imported class), if it names one. */
export function resolveClass(project: Project, doc: SourceDoc, expr: ts.Expression): { doc: SourceDoc; node: ts.ClassLikeDeclaration } | undefined {
  return project.nodeFact(expr, 'call-graph:class', () => {
    const v = valueOf(project, doc, expr, { steps: 40 });
    return v?.kind === 'class' ? { doc: v.doc, node: v.node } : undefined;
  });
}

/** A method of a workspace class, its own or inherited: `createWithCtx` of `Group extends BaseModel`. */
export function classMethod(project: Project, doc: SourceDoc, cls: ts.ClassLikeDeclaration, name: string): FunctionRef | undefined {
  const v = classMember(project, doc, cls, name, { steps: 40 });
  return v?.kind === 'function' ? v.ref : undefined;
}

function fnValue(doc: SourceDoc, fn: ts.FunctionLikeDeclaration): Value {
  return { kind: 'function', ref: { doc, fn, name: functionName(fn) } };
}

function valueOf(project: Project, doc: SourceDoc, expr: ts.Expression, budget: Budget): Value | undefined {
  if (--budget.steps < 0) return undefined;
  const e = skipOuterExpressions(expr);
  if (ts.isFunctionExpression(e) || ts.isArrowFunction(e)) return fnValue(doc, e);
  if (ts.isObjectLiteralExpression(e)) return { kind: 'object', doc, node: e };
  if (ts.isClassExpression(e)) return { kind: 'class', doc, node: e };
  if (ts.isIdentifier(e)) return identifierValue(project, doc, e, budget);
  if (e.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = ts.findAncestor(e, ts.isClassLike);
    return cls ? { kind: 'class', doc, node: cls } : undefined;
  }
  if (ts.isNewExpression(e)) return valueOf(project, doc, e.expression, budget);
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
  return undefined;
}

function moduleValue(project: Project, doc: SourceDoc, specifier: string): Value | undefined {
  const target = resolveWorkspaceImport(project, doc.path, specifier);
  const tdoc = target ? project.getDoc(target) : undefined;
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
  return ref ? moduleRefValue(project, doc, ref, budget) : undefined;
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

type Declaration = ts.FunctionDeclaration | ts.ClassDeclaration | ts.VariableDeclaration;

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
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text, d);
    }
  }
  declarationIndex.set(statements, index);
  return index;
}

function declarationValue(project: Project, doc: SourceDoc, decl: Declaration, budget: Budget): Value | undefined {
  if (ts.isFunctionDeclaration(decl)) return decl.body ? fnValue(doc, decl) : undefined;
  if (ts.isClassDeclaration(decl)) return { kind: 'class', doc, node: decl };
  return decl.initializer ? valueOf(project, doc, decl.initializer, budget) : undefined;
}

function memberOf(project: Project, v: Value, name: string, budget: Budget): Value | undefined {
  if (--budget.steps < 0) return undefined;
  switch (v.kind) {
    case 'module':
      return exportedValue(project, v.doc, name, budget);
    case 'object':
      for (const p of v.node.properties) {
        if (!p.name || propertyNameText(p.name) !== name) continue;
        if (ts.isMethodDeclaration(p)) return p.body ? fnValue(v.doc, p) : undefined;
        if (ts.isPropertyAssignment(p)) return valueOf(project, v.doc, p.initializer, budget);
        if (ts.isShorthandPropertyAssignment(p)) return valueOf(project, v.doc, p.name, budget);
      }
      return undefined;
    case 'class':
      return classMember(project, v.doc, v.node, name, budget);
    case 'function':
      return undefined;
    case 'members': {
      const assigned = assignedMember(v.scope, v.name, name);
      return assigned && valueOf(project, v.doc, assigned, budget);
    }
  }
}

/** `obj.name = <expr>` among the statements of `scope` (not in nested functions): the expression. */
function assignedMember(scope: ts.Node, obj: string, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.name.text === name) {
      const target = n.left.expression;
      if (ts.isIdentifier(target) && target.text === obj) found = n.right;
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(scope, visit);
  return found;
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
    if (ts.isMethodDeclaration(m)) return m.body ? fnValue(doc, m) : undefined;
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
      if (!hasModifier(s, ts.SyntaxKind.ExportKeyword)) continue;
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
        const v = target && memberOf(project, target, name, budget);
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
  call: ts.CallExpression;
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
  options: ReachOptions = {},
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
      if (node.depth >= maxDepth) continue;
      for (const call of calls) {
        const callee = resolveFunction(project, node.ref.doc, call.expression) ?? options.resolve?.(node.ref.doc, call);
        if (!callee || seen.has(callee.fn)) continue;
        seen.add(callee.fn);
        next.push({ ref: callee, depth: node.depth + 1, via: [...node.via, { doc: node.ref.doc, call, callee }] });
      }
    }
    frontier = next;
  }
  return undefined;
}

