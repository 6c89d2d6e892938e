/**
 * What other files' analyses can read from a file, as fingerprints: when an edit leaves them
 * unchanged, no analysis that depends on the file needs to run again (lsp/dependent-reruns.ts).
 *
 * Three fingerprints, one per way an analysis uses another file (engine/project `DependencyUse`):
 *
 * - `imports`: its import specifiers and whether it calls `fetch`, all that the import-closure
 *   walk reads (analysis/import-closure).
 * - `calls`: what the call graph and value origins read (analysis/call-graph, value-origin,
 *   bindings, handlers): everything outside function bodies (imports, exports, declarations,
 *   signatures, decorators, class members, top-level code), and of each function body only the
 *   calls and `new`s with their arguments and the statements around them, the returned values,
 *   the declarations and assignments of names that calls start from, directives ('use server'),
 *   and nested functions the same way; literals only as such, and calls of built-ins (`console`,
 *   `JSON` …) only by what their arguments hold. A body edit that adds no call and changes no
 *   returned value (a local variable, a log line, a condition, a string, a comment) leaves it
 *   unchanged.
 * - `types`: `calls` plus what the TypeScript checker infers types from (analysis/types): the
 *   text of everything but the bodies of functions that declare their return type or return
 *   no value; of a function whose type is inferred from its body, what the inference reads
 *   (`inferenceText`: returned values, the statements they depend on, control flow); of a
 *   JavaScript file, all of it (the checker reads JSDoc and `this.x =` assignments there).
 *
 * Files that are not scripts (package.json, tsconfig, .hotpathrc.json) are read whole: all four
 * are the hash of the text.
 */
import { createHash } from 'node:crypto';
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { computeBindings, moduleBindings, skipOuterExpressions, type ModuleBindings } from './bindings';
import { importTextFacts } from './import-closure';

export interface CrossFileSummary {
  imports: string;
  calls: string;
  types: string;
  /** What the checker reads alone, without `calls` (analysis/types keeps its answers while it is unchanged). */
  checker: string;
  /**
   * `calls` split by outermost function (`unitOf`): `outline` is all of it but those functions'
   * bodies, plus what is read of the file as a whole although it is written in bodies (the
   * module's bindings: `const fs = require('fs')` in a function binds `fs` for every resolution
   * in the file; whether it assigns `exports`; the assignments to module variables,
   * `moduleAssignments`); `units` is each outermost function's start
   * (`pos`) and shape, in document order. When `outline` is the same in two versions, their
   * units pair up by index, and a reader that read none of the changed ones' bodies
   * (engine/project `readBodies`) read nothing that changed. `returns`: what a reader that
   * followed the function only for the value it returns read of its body (`returnsRead`).
   */
  outline: string;
  units: { pos: number; shape: string; returns: string }[];
}

/**
 * The body read recorded for a reader that followed the outermost function at `pos` only for
 * the value it returns (`remember('prisma', () => { … return client; })`, a memoising
 * wrapper's callback): what `returns` fingerprints, the returned values, the statements they
 * depend on and the control flow, not the calls the body makes besides. Negative, so it shares
 * the sets of whole body reads (engine/project `BodyReads`) without meeting a `pos`.
 */
export const returnsRead = (pos: number): number => -1 - pos;

/** The fingerprints a use of a file compares (engine/analyze `DependencyFacts` other than `content`). */
export type SummarisedUse = 'imports' | 'calls' | 'types';

/** Whether what `use` reads of a file is the same in two summaries of it. */
export function sameForUse(use: SummarisedUse, then: CrossFileSummary, now: CrossFileSummary): boolean {
  if (use === 'imports') return then.imports === now.imports;
  return use === 'types' ? then.types === now.types : then.calls === now.calls;
}

const hash = (s: string): string => createHash('sha1').update(s).digest('base64');

export function crossFileSummary(doc: SourceDoc, moduleBindingsOf: (doc: SourceDoc) => ModuleBindings = computeBindings): CrossFileSummary {
  if (!doc.isScript) {
    const whole = hash(doc.text);
    return { imports: whole, calls: whole, types: whole, checker: whole, outline: whole, units: [] };
  }
  const facts = importTextFacts(doc);
  const imports = hash(JSON.stringify([[...new Set(facts.specifiers)].sort(), facts.callsFetch]));
  const sf = doc.sourceFile;
  const inert = shadowsInertGlobal(sf) ? noInertGlobals : inertGlobals;
  const calls = hash(sf.statements.map((s) => statementShape(s, inert)).join('\n'));
  const checker = hash(typeText(doc));
  const outlines = sf.statements.map((s) => statementOutline(s, inert));
  const bindings = JSON.stringify([...moduleBindingsOf(doc)]);
  const fns = outlines.flatMap((o) => o.units);
  const assigned = moduleAssignments(sf, fns);
  const outline = hash([...outlines.map((o) => o.shape), bindings, String(/\bexports\b/.test(doc.text)), String(readsOwnFolder.test(doc.text)), ...assigned].join('\n'));
  const units = fns.map((u) => ({ pos: u.pos, shape: cachedShape(functionShapes, inert, u, (w) => w.fnShape(u), () => calleeRoots(u)), returns: ts.isBlock(u.body) ? inferenceText(sf, u.body) : sf.text.slice(u.body.pos, u.body.end) }));
  return { imports, calls, types: hash(calls + '\n' + checker), checker, outline, units };
}

/**
 * `readdirSync(__dirname)` anywhere: a module that fills an object from its own folder's files
 * (analysis/call-graph `loadsOwnFolder`, read with the module's variables' assignments).
 */
const readsOwnFolder = /\breaddir(Sync)?\(\s*__dirname\b/;

/**
 * The assignments in function bodies to the module's own variables and their members
 * (`prisma = new PrismaClient()` in a getter, `registry.local = …` in an `init`), each with what
 * decides which declaration its target names (the declarations and parameters of the functions
 * and blocks around it): the call graph reads them when it follows a module variable
 * (call-graph `readWhereAssigned`), and with them in the outline a reader of a module variable
 * need not count as reading every body. Once per function node and set of module names.
 */
function moduleAssignments(sf: ts.SourceFile, fns: readonly FunctionWithBody[]): string[] {
  const names = moduleNames(sf);
  const key = [...names].join(',');
  return fns.flatMap((fn) => {
    const known = assignmentsIn.get(fn);
    if (known?.key === key) return known.text;
    const text: string[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const root = assignedRoot(n.left);
        if (root && names.has(root.text)) text.push(`${n.getText(sf)} @${scopesAround(root, fn, sf)}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(fn.body);
    assignmentsIn.set(fn, { key, text });
    return text;
  });
}

const assignmentsIn = new WeakMap<ts.Node, { key: string; text: string[] }>();

/** The names the module declares at its top level (variables, functions, classes). */
function moduleNames(sf: ts.SourceFile): Set<string> {
  return declaredIn(sf.statements, new Set());
}

/** The names a list of statements declares (variables, functions, classes), into `into`. */
function declaredIn(statements: readonly ts.Statement[], into: Set<string>): Set<string> {
  for (const s of statements) {
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) into.add(s.name.text);
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) addNames(d.name, into);
  }
  return into;
}

function addNames(b: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(b)) into.add(b.text);
  else for (const el of b.elements) if (!ts.isOmittedExpression(el)) addNames(el.name, into);
}

/** The variable an assignment's target starts from: `x` of `x = …`, `x.a.b = …`, `x[k] = …`. */
function assignedRoot(left: ts.Expression): ts.Identifier | undefined {
  let e = skipOuterExpressions(left);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = skipOuterExpressions(e.expression);
  return ts.isIdentifier(e) ? e : undefined;
}

/** From `id` out to `fn`: each function's parameters, and each block that declares `id`'s name. */
function scopesAround(id: ts.Identifier, fn: ts.Node, sf: ts.SourceFile): string {
  const out: string[] = [];
  for (let n: ts.Node = id.parent; n !== fn.parent; n = n.parent) {
    if (ts.isFunctionLike(n)) out.push(`(${n.parameters.map((p) => p.name.getText(sf)).join(',')})`);
    else if ((ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) && declaredIn(n.statements, new Set()).has(id.text)) out.push('d');
  }
  return out.join('');
}

/**
 * The outermost function a node is in (or is): the unit `readBodies` records and `outline`
 * leaves out the body of. Undefined for a node outside every function body's function.
 */
export function unitOf(node: ts.Node): ts.Node | undefined {
  let unit: ts.Node | undefined;
  for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); n = n.parent) if (isFunctionWithBody(n)) unit = n;
  return unit;
}

/**
 * Which units (by `pos` in `then`) differ between two summaries whose `calls` differ; undefined
 * when their `outline` differs too (then the units do not pair up).
 */
export function changedUnits(then: CrossFileSummary, now: CrossFileSummary): Set<number> | undefined {
  if (!unitsPair(then, now)) return undefined;
  const out = new Set<number>();
  then.units.forEach((u, i) => {
    if (u.shape !== now.units[i]!.shape) out.add(u.pos);
  });
  return out;
}

/** Whether the units of two summaries pair up one to one (the same `outline`, as many units). */
function unitsPair(then: CrossFileSummary, now: CrossFileSummary): boolean {
  return then.outline === now.outline && then.units.length === now.units.length;
}

/**
 * Whether two summaries differ only in units (by `pos` in `then`) whose bodies are not in `read`,
 * or, for the units read for their returned value only (`returnsRead`), not in what that read.
 */
export function onlyUnreadUnitsChanged(then: CrossFileSummary, now: CrossFileSummary, read: ReadonlySet<number>): boolean {
  if (!unitsPair(then, now)) return false;
  return then.units.every((u, i) => {
    const n = now.units[i]!;
    return !(u.shape !== n.shape && read.has(u.pos)) && !(u.returns !== n.returns && read.has(returnsRead(u.pos)));
  });
}

/**
 * Whether what a reader used of a file is the same in two summaries of it: the fingerprint of
 * its use, or, when the bodies it read are known (`read`: it read the file through the call
 * graph, and for `types` the checker, alone), a change only in other bodies (and for `types`,
 * none the checker reads).
 */
export function sameForReader(use: SummarisedUse, then: CrossFileSummary, now: CrossFileSummary, read: ReadonlySet<number> | undefined): boolean {
  if (sameForUse(use, then, now)) return true;
  if (read === undefined || use === 'imports' || (use === 'types' && then.checker !== now.checker)) return false;
  return onlyUnreadUnitsChanged(then, now, read);
}

/** Body reads recorded in `then`'s positions, in `now`'s; undefined when the units do not pair up. */
export function movedUnits(then: CrossFileSummary, now: CrossFileSummary, read: ReadonlySet<number>): Set<number> | undefined {
  if (!unitsPair(then, now)) return undefined;
  const out = new Set<number>();
  then.units.forEach((u, i) => {
    if (read.has(u.pos)) out.add(now.units[i]!.pos);
    if (read.has(returnsRead(u.pos))) out.add(returnsRead(now.units[i]!.pos));
  });
  return out;
}

/**
 * A function or method declaration that returns no value (no `return x;` outside nested
 * functions, no generator): its type is `void` or `Promise<void>` whatever its body does. Not
 * an arrow or function expression: one whose end cannot be reached types as returning `never`.
 */
function returnsVoid(n: ts.FunctionLikeDeclaration & { body: ts.ConciseBody }): boolean {
  if (!(ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) || n.asteriskToken || !ts.isBlock(n.body)) return false;
  const returnsValue = (c: ts.Node): boolean => {
    if (ts.isReturnStatement(c)) return c.expression !== undefined;
    if (ts.isFunctionLike(c) || ts.isClassLike(c)) return false;
    return ts.forEachChild(c, returnsValue) ?? false;
  };
  return !returnsValue(n.body);
}

/** What the checker can infer types from (see `types` above). */
function typeText(doc: SourceDoc): string {
  const sf = doc.sourceFile;
  if (doc.kind !== 'ts' && doc.kind !== 'tsx') return sf.text;
  const parts: string[] = [];
  let from = 0;
  const visit = (n: ts.Node): void => {
    if (isFunctionWithBody(n)) {
      // A constructor's body is kept: property types can be inferred from its assignments. So is
      // a generator's (its yields type it).
      if (ts.isConstructorDeclaration(n) || n.asteriskToken) return;
      // An arrow's expression is the value it returns, but functions in it are functions like any
      // other: `@Scopes(() => ({ withViews: (userId) => { … } }))` holds a model's scopes.
      if (!ts.isBlock(n.body)) return ts.forEachChild(n.body, visit);
      const declared = n.type !== undefined || returnsVoid(n);
      parts.push(sf.text.slice(from, n.body.pos), declared ? '{}' : `{${inferenceText(sf, n.body)}}`);
      from = n.body.end;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  parts.push(sf.text.slice(from));
  return parts.join('');
}

/**
 * Of the body of a function whose return type the checker infers, what that type can depend on:
 * the returned expressions; the statements that mention a name they use, and those that mention
 * a name those use, and so on (declarations, assignments, `items.push(x)`); where control goes
 * (conditions, loops, `throw`, `break`), which narrows a returned name or makes an end
 * unreachable (`never`). A statement no returned value depends on (a local kept for a log line,
 * a call whose result is dropped) is left out: adding one changes no type another file reads.
 * Calls are in `calls`, which `types` includes. Once per function node: the incremental parser
 * keeps the nodes of the functions an edit did not touch.
 */
function inferenceText(sf: ts.SourceFile, body: ts.Block): string {
  let text = inferred.get(body);
  if (text !== undefined) return text;
  /** Control flow and returns as text; a statement as its index in `units`, written only if kept. */
  const skeleton: (string | number)[] = [];
  const units: { node: ts.Node; names: Set<string> }[] = [];
  const names = new Set<string>();
  const src = (n: ts.Node | undefined) => (n ? sf.text.slice(n.pos, n.end) : '');
  const walk = (s: ts.Statement): void => {
    if (ts.isBlock(s)) return s.statements.forEach(walk);
    if (ts.isReturnStatement(s)) {
      for (const name of identifiers(s)) names.add(name);
      return void skeleton.push(`R${src(s.expression)};`);
    }
    if (ts.isIfStatement(s)) {
      skeleton.push(`if(${src(s.expression)})`);
      walk(s.thenStatement);
      if (s.elseStatement) skeleton.push('else'), walk(s.elseStatement);
      return void skeleton.push(';');
    }
    if (ts.isIterationStatement(s, false)) {
      const header = ts.isForStatement(s) ? [s.initializer, s.condition, s.incrementor] : ts.isForInStatement(s) || ts.isForOfStatement(s) ? [s.initializer, s.expression] : [(s as ts.WhileStatement | ts.DoStatement).expression];
      skeleton.push(`${s.kind}(${header.map(src).join(';')})`);
      walk(s.statement);
      return void skeleton.push(';');
    }
    if (ts.isSwitchStatement(s)) {
      skeleton.push(`switch(${src(s.expression)})`);
      for (const c of s.caseBlock.clauses) skeleton.push(ts.isCaseClause(c) ? `case(${src(c.expression)})` : 'default'), c.statements.forEach(walk);
      return void skeleton.push(';');
    }
    if (ts.isTryStatement(s)) {
      skeleton.push('try'), walk(s.tryBlock);
      if (s.catchClause) skeleton.push(`catch(${src(s.catchClause.variableDeclaration)})`), walk(s.catchClause.block);
      if (s.finallyBlock) skeleton.push('finally'), walk(s.finallyBlock);
      return void skeleton.push(';');
    }
    if (ts.isLabeledStatement(s)) return skeleton.push(`${s.label.text}:`), walk(s.statement);
    if (ts.isThrowStatement(s)) return void skeleton.push('T;');
    if (ts.isBreakOrContinueStatement(s)) return void skeleton.push(`${s.kind}${s.label?.text ?? ''};`);
    skeleton.push(units.length);
    units.push({ node: s, names: identifiers(s) });
  };
  body.statements.forEach(walk);
  // Statements that mention a name a kept one uses, until no more join.
  const kept = new Set<number>();
  for (let grew = true; grew; ) {
    grew = false;
    units.forEach((u, i) => {
      if (kept.has(i) || ![...u.names].some((n) => names.has(n))) return;
      kept.add(i);
      for (const n of u.names) names.add(n);
      grew = true;
    });
  }
  text = skeleton.map((x) => (typeof x === 'string' ? x : kept.has(x) ? src(units[x]!.node) : '')).join('');
  inferred.set(body, text);
  return text;
}

const inferred = new WeakMap<ts.Block, string>();

/** Every identifier in a node, nested functions included. */
function identifiers(n: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (c: ts.Node): void => {
    if (ts.isIdentifier(c)) out.add(c.text);
    else ts.forEachChild(c, visit);
  };
  visit(n);
  return out;
}

/** The summary of a document, once per version (the language server and blocking-reach both ask). */
export function summaryOf(project: Project, doc: SourceDoc): CrossFileSummary {
  // The module's bindings as the analyses have them (kept per version): not computed a second time.
  return project.memo(doc, 'crossFileSummary', (d) => crossFileSummary(d, (b) => moduleBindings(project, b)));
}

/**
 * One shape per statement object: an editor's next tree reuses the statements an edit did not
 * touch (engine/source.ts parses incrementally), so only the changed ones are walked again.
 */
const shapes = new WeakMap<ReadonlySet<string>, WeakMap<ts.Statement, string>>();
const functionShapes = new WeakMap<ReadonlySet<string>, WeakMap<ts.Node, string>>();
const memberShapes = new WeakMap<ReadonlySet<string>, WeakMap<ts.Node, string>>();
const noRoots: ReadonlySet<string> = new Set();

/** A node's shape from `cache` (per set of inert globals), written the first time by `write` on a writer of its own. */
function cachedShape(cache: WeakMap<ReadonlySet<string>, WeakMap<ts.Node, string>>, inert: ReadonlySet<string>, n: ts.Node, write: (w: ShapeWriter) => void, roots: () => ReadonlySet<string>): string {
  let byNode = cache.get(inert);
  if (!byNode) cache.set(inert, (byNode = new WeakMap()));
  let shape = byNode.get(n);
  if (shape === undefined) {
    const w = new ShapeWriter(roots(), inert);
    write(w);
    byNode.set(n, (shape = w.out.join(' ')));
  }
  return shape;
}

function statementShape(s: ts.Statement, inert: ReadonlySet<string>): string {
  let cache = shapes.get(inert);
  if (!cache) shapes.set(inert, (cache = new WeakMap()));
  let shape = cache.get(s);
  if (shape === undefined) {
    // Roots matter only inside function bodies, and each function takes its own (`fn`).
    const w = new ShapeWriter(noRoots, inert);
    w.full(s);
    shape = w.out.join(' ');
    cache.set(s, shape);
  }
  return shape;
}

/**
 * Built-ins whose calls reach no workspace function, query or blocking API: `console.log(…)`,
 * `JSON.stringify(…)`, `new Map()` in a body are left out (their arguments are not: a callback
 * or a call inside one is written as usual). Not `fetch`, `require`, `Promise`, `setTimeout`,
 * `process` or `Buffer`, which the rules or callbacks do care about.
 */
const inertGlobals: ReadonlySet<string> = new Set([
  'console', 'Math', 'JSON', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Date', 'Symbol', 'Reflect', 'Intl', 'RegExp',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'URL', 'URLSearchParams', 'Error', 'TypeError', 'RangeError', 'parseInt', 'parseFloat',
  'isNaN', 'encodeURIComponent', 'decodeURIComponent', 'structuredClone',
]);
const noInertGlobals: ReadonlySet<string> = new Set();

/** Whether the module declares or imports one of those names itself (then they are ordinary calls). */
function shadowsInertGlobal(sf: ts.SourceFile): boolean {
  const declared = (name: ts.Node | undefined) => name !== undefined && ts.isIdentifier(name) && inertGlobals.has(name.text);
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const c = s.importClause;
      if (declared(c?.name)) return true;
      const b = c?.namedBindings;
      if (b && (ts.isNamespaceImport(b) ? declared(b.name) : b.elements.some((e) => declared(e.name)))) return true;
    } else if (ts.isVariableStatement(s)) {
      if (s.declarationList.declarations.some((d) => declared(d.name))) return true;
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && declared(s.name)) return true;
  }
  return false;
}

function isFunctionWithBody(n: ts.Node): n is ts.FunctionLikeDeclaration & { body: ts.ConciseBody } {
  return ts.isFunctionLike(n) && (n as ts.FunctionLikeDeclaration).body !== undefined;
}

/** The leftmost identifier of an expression: `db` of `db.user.findMany`, `getDb` of `getDb().query`. */
function rootIdentifier(e: ts.Expression): string | undefined {
  for (;;) {
    if (ts.isIdentifier(e)) return e.text;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isAwaitExpression(e)) {
      e = e.expression;
    } else return undefined;
  }
}

/** Names that some call or `new` in the statement or function starts from: their local declarations matter. */
function calleeRoots(s: ts.Node): Set<string> {
  const roots = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      const r = rootIdentifier(n.expression);
      if (r !== undefined) roots.add(r);
    }
    ts.forEachChild(n, visit);
  };
  visit(s);
  return roots;
}

/** A statement's or class member's shape without its outermost functions' bodies, and those functions. */
type FunctionWithBody = ts.FunctionLikeDeclaration & { body: ts.ConciseBody };

interface Outline {
  shape: string;
  units: FunctionWithBody[];
}

const statementOutlines = new WeakMap<ReadonlySet<string>, WeakMap<ts.Node, Outline>>();
const memberOutlines = new WeakMap<ReadonlySet<string>, WeakMap<ts.Node, Outline>>();
/** A function's shape outside its body (`F<kind>(<parameters, type, decorators…>{#})`), once per node. */
const functionHeads = new WeakMap<ReadonlySet<string>, WeakMap<ts.Node, string>>();

function cachedOutline(cache: WeakMap<ReadonlySet<string>, WeakMap<ts.Node, Outline>>, inert: ReadonlySet<string>, n: ts.Node, write: (w: ShapeWriter) => void): Outline {
  let byNode = cache.get(inert);
  if (!byNode) cache.set(inert, (byNode = new WeakMap()));
  let outline = byNode.get(n);
  if (outline === undefined) {
    const w = new ShapeWriter(noRoots, inert, []);
    write(w);
    byNode.set(n, (outline = { shape: w.out.join(' '), units: w.units! }));
  }
  return outline;
}

function statementOutline(s: ts.Statement, inert: ReadonlySet<string>): Outline {
  return cachedOutline(statementOutlines, inert, s, (w) => w.full(s));
}

class ShapeWriter {
  readonly out: string[] = [];

  constructor(
    private readonly roots: ReadonlySet<string>,
    private readonly inert: ReadonlySet<string>,
    /** Writing an outline: the outermost functions met, whose bodies are left out. */
    readonly units?: FunctionWithBody[],
  ) {}

  /** All of a node, but function bodies as `body` gives them (in an outline, not at all). */
  full(n: ts.Node): void {
    if (isFunctionWithBody(n)) {
      if (!this.units) return this.fn(n);
      this.units.push(n);
      return void this.out.push(cachedShape(functionHeads, this.inert, n, (w) => w.fnHead(n), () => noRoots));
    }
    // A class member other than a method (a model's decorated columns) once per node, as methods.
    if (ts.isClassElement(n)) {
      if (!this.units) return void this.out.push(cachedShape(memberShapes, this.inert, n, (w) => w.fullUncached(n), () => noRoots));
      const o = cachedOutline(memberOutlines, this.inert, n, (w) => w.fullUncached(n));
      this.units.push(...o.units);
      return void this.out.push(o.shape);
    }
    this.fullUncached(n);
  }

  /** A function outside its body, as `fnShape` writes it (functions in it, a parameter's default, whole). */
  fnHead(n: ts.FunctionLikeDeclaration & { body: ts.ConciseBody }): void {
    this.head(n);
    this.out.push('#})');
  }

  /** A function up to its body: what is not the body, then its directives ('use server'). */
  private head(n: ts.FunctionLikeDeclaration & { body: ts.ConciseBody }): void {
    this.out.push(`F${n.kind}(`);
    ts.forEachChild(n, (c) => {
      if (c !== n.body) this.full(c);
    });
    this.out.push('{');
    if (!ts.isBlock(n.body)) return;
    for (const s of n.body.statements) {
      if (ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)) this.out.push(`D${JSON.stringify(s.expression.text)}`);
      else break;
    }
  }

  fullUncached(n: ts.Node): void {
    if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) return void this.out.push(n.text);
    if (ts.isStringLiteralLike(n) || ts.isNumericLiteral(n) || ts.isBigIntLiteral(n) || ts.isRegularExpressionLiteral(n) || ts.isTemplateLiteralToken(n)) {
      return void this.out.push(JSON.stringify(n.text));
    }
    if (ts.isJsxText(n)) return void this.out.push(JSON.stringify(n.text.trim()));
    this.out.push(`${n.kind}(`);
    ts.forEachChild(n, (c) => this.full(c));
    this.out.push(')');
  }

  /**
   * A function's shape, once per function node (the incremental parser keeps the methods of a
   * class an edit did not touch, while the class statement is new): the names its own calls
   * start from decide which of its locals count.
   */
  private fn(n: ts.FunctionLikeDeclaration & { body: ts.ConciseBody }): void {
    this.out.push(cachedShape(functionShapes, this.inert, n, (w) => w.fnShape(n), () => calleeRoots(n)));
  }

  fnShape(n: ts.FunctionLikeDeclaration & { body: ts.ConciseBody }): void {
    this.head(n);
    if (ts.isBlock(n.body)) this.body(n.body, n);
    else {
      // `() => expr`: the expression is the returned value.
      this.out.push('R');
      this.full(n.body);
    }
    this.out.push('})');
  }

  /** What of a function body other files can read (see the file comment). */
  private body(n: ts.Node, fn: ts.Node): void {
    ts.forEachChild(n, (c) => this.statementPart(c, fn));
  }

  private statementPart(c: ts.Node, fn: ts.Node): void {
    if (isFunctionWithBody(c)) return this.fn(c);
    if (ts.isCallExpression(c) || ts.isNewExpression(c)) {
      if (this.isInert(c)) return this.inertCall(c, fn);
      this.out.push('C');
      this.context(c, fn);
      return this.value(c, fn);
    }
    if (ts.isReturnStatement(c)) {
      this.out.push('R');
      if (!c.expression) return;
      this.context(c, fn);
      return this.value(c.expression, fn);
    }
    if (ts.isVariableDeclaration(c) && ts.isIdentifier(c.name) && this.roots.has(c.name.text)) {
      this.out.push('V', c.name.text);
      this.context(c, fn);
      if (c.type) this.full(c.type);
      if (c.initializer) this.value(c.initializer, fn);
      return;
    }
    if (ts.isBinaryExpression(c) && isAssignment(c.operatorToken.kind)) {
      const root = rootIdentifier(c.left);
      const ofThis = ts.isPropertyAccessExpression(c.left) && c.left.expression.kind === ts.SyntaxKind.ThisKeyword;
      if (ofThis || (root !== undefined && this.roots.has(root))) {
        this.out.push('A');
        this.context(c, fn);
        this.full(c.left);
        this.out.push(String(c.operatorToken.kind));
        return this.value(c.right, fn);
      }
    }
    this.body(c, fn);
  }

  /** `console.log(…)`, `new Map()`; not `Array.from(x).forEach(…)`, whose callee holds more than the built-in. */
  private isInert(c: ts.CallExpression | ts.NewExpression): boolean {
    const e = c.expression;
    const name = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) ? e.expression : undefined;
    return name !== undefined && this.inert.has(name.text);
  }

  /** Of a built-in's call, only what its arguments hold as a body would: calls and functions. */
  private inertCall(c: ts.CallExpression | ts.NewExpression, fn: ts.Node): void {
    for (const a of c.arguments ?? []) this.statementPart(a, fn);
  }

  /**
   * A value a body computes (a call's arguments, what it returns or assigns): whole, except
   * the text of literals (typing in a log message or an SQL string changes nothing another
   * file's analysis reads), with calls and functions written as in a body. A call's callee is
   * written whole, and so is the specifier of `require(…)` and `import(…)`.
   */
  private value(e: ts.Node, fn: ts.Node): void {
    if (isFunctionWithBody(e)) return this.fn(e);
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
      if (this.isInert(e)) return this.inertCall(e, fn);
      this.out.push(`${e.kind}(`);
      this.full(e.expression);
      const keepsText = ts.isCallExpression(e) && (e.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(e.expression) && e.expression.text === 'require'));
      for (const a of e.arguments ?? []) {
        if (keepsText) this.full(a);
        else this.value(a, fn);
      }
      this.out.push(')');
      return;
    }
    if (isLiteral(e)) return void this.out.push('L');
    if (ts.isIdentifier(e) || ts.isPrivateIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isTypeNode(e)) return this.full(e);
    this.out.push(`${e.kind}[`);
    ts.forEachChild(e, (c) => this.value(c, fn));
    this.out.push(']');
  }

  /**
   * The statements around a call, return or assignment up to its function: wrapping it in a
   * loop or a callback changes what the rules say about it. The conditions of the `if`s around
   * it are written too, and which branch it is in: `if (!cache) cache = readFileSync(…)` runs
   * once, `if (process.env.NODE_ENV !== 'production')` only in development, and a call after
   * `if (cached) return cached` once per key (analysis/run-once, handlers `devOnlyCondition`).
   */
  private context(n: ts.Node, fn: ts.Node): void {
    for (let c = n, p = n.parent; p && p !== fn; c = p, p = p.parent) {
      if (ts.isIfStatement(p)) {
        this.out.push(c === p.elseStatement ? 'else(' : 'if(');
        this.full(p.expression);
        this.out.push(')');
      } else if (ts.isBinaryExpression(p)) {
        this.out.push(`b${p.operatorToken.kind}(`);
        if (isAssignment(p.operatorToken.kind)) this.full(p.left);
        this.out.push(')');
      } else this.out.push(`^${p.kind}`);
    }
  }
}

function isLiteral(n: ts.Node): boolean {
  return ts.isStringLiteralLike(n) || ts.isNumericLiteral(n) || ts.isBigIntLiteral(n) || ts.isRegularExpressionLiteral(n);
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
