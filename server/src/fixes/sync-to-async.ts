import ts from 'typescript';
import type { Fix } from '../engine/finding';
import type { SourceDoc } from '../engine/source';
import { rewriteFor, type Rewrite } from './async-twins';
import { EditPlan } from './edit-plan';
import { detectStyle } from './file-style';
import { makeAsync } from './make-async';
import { normalizeModule } from '../analysis/bindings';
import { collectImports, freeName, moduleStyleOf, takenNames, type ModuleImport } from './module-bindings';

/** A blocking Node API call, resolved from the file's imports: e.g. { module: 'fs', name: 'readFileSync' }. */
export interface BlockingApi {
  /** Node module without the `node:` prefix ('fs', 'child_process', 'crypto', 'zlib'), or a package ('bcrypt'). */
  module: string;
  /** The exported function, e.g. 'readFileSync', 'execSync', 'pbkdf2Sync', 'gzipSync'. */
  name: string;
}

export interface SyncCallSite {
  doc: SourceDoc;
  call: ts.CallExpression;
  api: BlockingApi;
  /** The function that must become `async` (the handler the call sits directly in). */
  enclosingFunction: ts.FunctionLikeDeclaration;
}

/**
 * The quick fix that rewrites a blocking call into its awaited asynchronous twin, or
 * undefined when no equivalent rewrite exists (then `noFixReason` says what to do instead).
 */
export function syncToAsyncFix(site: SyncCallSite): Fix | undefined {
  const result = planFix(site);
  return 'fix' in result ? result.fix : undefined;
}

/** One sentence for the rule's message when `syncToAsyncFix` offers nothing; else undefined. */
export function noFixReason(site: SyncCallSite): string | undefined {
  const result = planFix(site);
  return 'reason' in result ? result.reason : undefined;
}

type PlanResult = { fix: Fix } | { reason: string };

function planFix(site: SyncCallSite): PlanResult {
  try {
    return planFixUnsafe(site);
  } catch {
    // A fix is optional: a tree this code did not foresee must not cost the finding.
    return { reason: 'Rewrite the call with the asynchronous API by hand.' };
  }
}

function planFixUnsafe(site: SyncCallSite): PlanResult {
  const rewrite = rewriteFor(site.api.module, site.api.name);
  if (rewrite.kind === 'none') return { reason: rewrite.reason };
  const { call, doc } = site;
  const sf = doc.sourceFile;
  const callee = call.expression;
  if (call.questionDotToken || call.typeArguments || !(ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee)) || ts.isOptionalChain(callee)) {
    return { reason: 'Rewrite the call with the asynchronous API by hand.' };
  }
  const placement = checkPlacement(call, site.enclosingFunction);
  if (placement) return { reason: placement };
  const asyncEdits = makeAsync(site.enclosingFunction, sf);
  if (!asyncEdits.ok) return { reason: asyncEdits.reason };

  const imports = collectImports(sf);
  const plan = new EditPlan(doc, detectStyle(sf), moduleStyleOf(sf, imports), imports, takenNames(sf));
  for (const s of asyncEdits.splices) plan.splice(s.start, s.end, s.text);

  const rewritten = rewriteCall(plan, site, rewrite, imports);
  if ('reason' in rewritten) return rewritten;
  return { fix: { title: rewritten.title, edits: plan.toTextEdits(), preferred: true } };
}

/** Why the call cannot be awaited where it is, if it cannot. */
function checkPlacement(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): string | undefined {
  for (let n: ts.Node = call.parent; n; n = n.parent) {
    if (n === fn) return undefined;
    if (ts.isParameter(n) && n.parent === fn) return 'Move the blocking call out of the parameter default into the function body, then make the function async.';
    if (ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n) || ts.isPropertyDeclaration(n)) {
      return 'Make the inner function that contains the call async and await it, or move the call to start-up.';
    }
  }
  return 'Make the function that contains the call async and await it, or move the call to start-up.';
}

type CallRewrite = { title: string } | { reason: string };

function rewriteCall(plan: EditPlan, site: SyncCallSite, rewrite: Exclude<Rewrite, { kind: 'none' }>, imports: ModuleImport[]): CallRewrite {
  const { call } = site;
  const sf = plan.sf;
  const callee = call.expression as ts.Identifier | ts.PropertyAccessExpression;
  const calleeStart = callee.getStart(sf);
  const parens = needsParentheses(call);
  const open = parens ? '(await ' : 'await ';
  const closeParen = () => {
    if (parens) plan.splice(call.getEnd(), call.getEnd(), ')');
  };
  const moduleOfCallee = calleeModule(callee, imports) ?? normalizeModule(site.api.module);

  switch (rewrite.kind) {
    case 'promises-module': {
      const reason = fsArgumentsReason(call, rewrite.twin);
      if (reason) return { reason };
      const binding = plan.bind(rewrite.module, rewrite.twin, true, [`${rewrite.twin}Async`]);
      plan.splice(calleeStart, callee.getEnd(), open + binding);
      closeParen();
      return { title: `Use await ${rewrite.twin} from fs/promises` };
    }
    case 'same-module': {
      const binding = ts.isPropertyAccessExpression(callee)
        ? `${sf.text.slice(calleeStart, callee.expression.getEnd())}.${rewrite.twin}`
        : plan.bind(moduleOfCallee, rewrite.twin, false, [`${moduleOfCallee.replace(/\W/g, '')}${capitalize(rewrite.twin)}`]);
      plan.splice(calleeStart, callee.getEnd(), open + binding);
      closeParen();
      return { title: ts.isPropertyAccessExpression(callee) ? `Use await ${binding}` : `Use await ${binding} from ${moduleOfCallee}` };
    }
    case 'promisify':
      return rewritePromisified(plan, site, rewrite, imports, moduleOfCallee);
  }
}

function rewritePromisified(
  plan: EditPlan,
  site: SyncCallSite,
  rewrite: Extract<Rewrite, { kind: 'promisify' }>,
  imports: ModuleImport[],
  module: string,
): CallRewrite {
  const { call } = site;
  const sf = plan.sf;
  const callee = call.expression as ts.Identifier | ts.PropertyAccessExpression;
  const used = valueIsUsed(call);

  // Decide on the arguments first: nothing is planned when the call cannot be rewritten.
  let optionsEdit: { start: number; end: number; text: string } | undefined;
  let resultProperty = '';
  if (rewrite.shape === 'exec' || rewrite.shape === 'execFile') {
    const opts = execOptions(call, rewrite.shape);
    if ('reason' in opts) return opts;
    if (used) {
      resultProperty = '.stdout';
      optionsEdit = opts.encodingEdit;
    }
  }

  const twinExpr = namespaceMember(callee, imports, module, rewrite.twin) ?? plan.bind(module, rewrite.twin, true, [`${rewrite.twin}Callback`]);
  let constName = existingPromisified(sf, twinExpr);
  if (!constName) {
    const promisify = plan.bind('util', 'promisify', true);
    constName = freeName(plan.taken, `${rewrite.twin}Async`);
    plan.taken.add(constName);
    let init = `${promisify}(${twinExpr})`;
    if (rewrite.shape === 'scrypt' && (plan.doc.kind === 'ts' || plan.doc.kind === 'tsx')) {
      // @types/node types promisify(scrypt) from its 3-argument overload as resolving to
      // `unknown`; the sync twin's signature says what the promise really takes and gives.
      const sync = namespaceMember(callee, imports, module, 'scryptSync') ?? plan.bind(module, 'scryptSync', true);
      init += ` as (...args: Parameters<typeof ${sync}>) => Promise<ReturnType<typeof ${sync}>>`;
    }
    plan.declare(`const ${constName} = ${init}${plan.style.semicolon ? ';' : ''}`);
  }

  const parens = resultProperty !== '' || needsParentheses(call);
  plan.splice(callee.getStart(sf), callee.getEnd(), `${parens ? '(' : ''}await ${constName}`);
  if (optionsEdit) plan.splice(optionsEdit.start, optionsEdit.end, optionsEdit.text);
  if (parens) plan.splice(call.getEnd(), call.getEnd(), `)${resultProperty}`);
  return { title: `Use await ${constName} (promisified ${rewrite.twin})` };
}

/** `X.twin` when the call reads `X.nameSync` and X is the module object imported at the top level. */
function namespaceMember(callee: ts.Expression, imports: readonly ModuleImport[], module: string, member: string): string | undefined {
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const ns = callee.expression.text;
    if (imports.some((i) => i.module === module && i.namespace === ns)) return `${ns}.${member}`;
  }
  return undefined;
}

/** The module the callee comes from, read from the import or require that binds it. */
function calleeModule(callee: ts.Identifier | ts.PropertyAccessExpression, imports: readonly ModuleImport[]): string | undefined {
  if (ts.isIdentifier(callee)) return imports.find((i) => [...i.named.values()].includes(callee.text))?.module;
  if (ts.isIdentifier(callee.expression)) {
    const ns = callee.expression.text;
    return imports.find((i) => i.namespace === ns)?.module;
  }
  return undefined;
}

/** A top-level `const x = promisify(twin)` the file already has. */
function existingPromisified(sf: ts.SourceFile, twinExpr: string): string | undefined {
  for (const stmt of sf.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    for (const decl of stmt.declarationList.declarations) {
      let init = decl.initializer;
      while (init && (ts.isAsExpression(init) || ts.isParenthesizedExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
      if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(decl.name) || init.arguments.length !== 1) continue;
      const fnText = init.expression.getText(sf);
      if ((fnText === 'promisify' || fnText.endsWith('.promisify')) && init.arguments[0]!.getText(sf) === twinExpr) return decl.name.text;
    }
  }
  return undefined;
}

interface ExecOptions {
  /** Adds `encoding: 'buffer'` when the sync call returned a Buffer; undefined when nothing to add. */
  encodingEdit?: { start: number; end: number; text: string };
}

/**
 * Read execSync/execFileSync options. exec has no `stdio` or `input`, and its result type
 * depends on `encoding`, so options must be a literal this code can read in full.
 */
function execOptions(call: ts.CallExpression, shape: 'exec' | 'execFile'): ExecOptions | { reason: string } {
  const args = call.arguments;
  const unreadable = { reason: 'Pass the options as an object literal, or rewrite with `promisify(exec)` by hand.' };
  if (args.some((a) => ts.isSpreadElement(a))) return unreadable;
  let options: ts.Expression | undefined;
  if (shape === 'exec') {
    if (args.length > 2) return unreadable;
    options = args[1];
  } else {
    if (args.length > 3) return unreadable;
    if (args.length === 3) options = args[2];
    else if (args.length === 2) {
      const second = args[1]!;
      if (ts.isObjectLiteralExpression(second)) options = second;
      // An identifier may be an argument list or options: only an array literal says which.
      else if (!ts.isArrayLiteralExpression(second)) return { reason: 'Pass the arguments as an array literal, or rewrite with `promisify(execFile)` by hand.' };
    }
  }
  const quote = detectQuote(call);
  const last = args[args.length - 1]!;
  if (!options) return { encodingEdit: { start: last.getEnd(), end: last.getEnd(), text: `, { encoding: ${quote}buffer${quote} }` } };
  if (!ts.isObjectLiteralExpression(options)) return unreadable;
  let hasEncoding = false;
  for (const p of options.properties) {
    if (!(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return unreadable;
    const key = p.name.text;
    if (key === 'stdio' || key === 'input') {
      return { reason: `exec has no \`${key}\` option: use \`spawn\` and await its \`close\` event instead.` };
    }
    if (key === 'encoding') {
      if (!ts.isPropertyAssignment(p) || !ts.isStringLiteral(p.initializer)) return { reason: 'Use a literal `encoding` so the result type is known, or rewrite with `promisify(exec)` by hand.' };
      hasEncoding = true;
    }
  }
  if (hasEncoding) return {};
  const first = options.properties[0];
  const text = `encoding: ${quote}buffer${quote}`;
  if (!first) return { encodingEdit: { start: options.getStart(), end: options.getEnd(), text: `{ ${text} }` } };
  return { encodingEdit: { start: first.getStart(), end: first.getStart(), text: `${text}, ` } };
}

/** The quote the call's own string arguments use, else the file's. */
function detectQuote(call: ts.CallExpression): string {
  const sf = call.getSourceFile();
  for (const a of call.arguments) {
    const q = sf.text[a.getStart(sf)];
    if (ts.isStringLiteral(a) && (q === '"' || q === "'")) return q;
  }
  return detectStyle(sf).quote;
}

/** Extra checks for fs calls whose promise twin differs in some option. */
function fsArgumentsReason(call: ts.CallExpression, twin: string): string | undefined {
  if (twin !== 'stat' && twin !== 'lstat') return undefined;
  const opts = call.arguments[1];
  if (!opts) return undefined;
  // `throwIfNoEntry: false` makes statSync return undefined; fs/promises stat always rejects.
  if (!ts.isObjectLiteralExpression(opts) || opts.properties.some((p) => !p.name || (ts.isIdentifier(p.name) && p.name.text === 'throwIfNoEntry'))) {
    return 'fs/promises `stat` has no `throwIfNoEntry`: await `stat` in a try/catch that handles ENOENT.';
  }
  return undefined;
}

/** Whether `await call` must be wrapped to keep binding to the call alone. */
function needsParentheses(call: ts.CallExpression): boolean {
  const p = call.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === call) return true;
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === call) return true;
  if (ts.isTaggedTemplateExpression(p) && p.tag === call) return true;
  if (ts.isNonNullExpression(p)) return true;
  // `await x ** 2` is a syntax error: a unary expression cannot be the base of `**`.
  if (ts.isBinaryExpression(p) && p.left === call && p.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken) return true;
  return false;
}

/** False when the call is a statement of its own (`execSync('make');`), whose result is dropped. */
function valueIsUsed(call: ts.CallExpression): boolean {
  let n: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(n)) n = n.parent;
  return !(ts.isExpressionStatement(n) || ts.isVoidExpression(n));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
