/**
 * sync-in-handler: blocking Node APIs (fs *Sync, execSync, pbkdf2Sync, zlib *Sync, bcrypt *Sync)
 * reached from a request handler, directly or through workspace functions however deep.
 * One finding per function that blocks, in the file where it is written (where the fix goes), at its
 * most expensive call, with its other blocking calls and the handlers that reach it as related
 * locations: a helper called by 29 handlers is one problem, not 29, and open, read and close in
 * one helper are one problem, not three. Handlers come from
 * registration sites (analysis/handlers); which handlers reach which call, across the workspace,
 * from analysis/blocking-reach; calls that run once per process (a cache filled on first use, a
 * memoised function) are not findings (analysis/run-once).
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { RelatedLocation, Severity } from '../engine/finding';
import { defineRule, type RuleContext } from '../engine/rule';
import type { SourceDoc } from '../engine/source';
import { blockingModuleNames, blockingWeight, type BlockingCall } from '../analysis/blocking-apis';
import { reachedCallsIn, reachedOutsideChecked, type ChainStep, type HandlerPath, type ReachedCall } from '../analysis/blocking-reach';
import { callChainExplanation } from '../analysis/call-chain-explanation';
import { enclosingFunction } from '../analysis/call-graph';
import { nonServerReason, packageRoot } from '../analysis/file-roles';
import { docMayHoldHandlers } from '../analysis/handlers';
import { nodesOfKind } from '../analysis/tree-nodes';
import { noFixReason, syncToAsyncFix } from '../fixes/sync-to-async';

/** An import of a module with blocking APIs, as text: a helper file that handlers may reach. */
const blockingImport = new RegExp(`['"](node:)?(${blockingModuleNames.map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})['"]`);

/** How many handlers a message names before "and N more" (all are related locations). */
const namedInMessage = 3;

export const syncInHandler = defineRule({
  meta: {
    id: 'sync-in-handler',
    description: 'Blocking synchronous work (fs *Sync, execSync, pbkdf2Sync, zlib *Sync …) reached from a request handler',
    defaultSeverity: 'warning',
    fixable: true,
  },
  mayApply(doc) {
    if (!doc.isScript || nonServerReason(doc.path, doc.text, doc.path.slice(0, doc.path.lastIndexOf('/'))) === 'test code') return false;
    // A blocking call is reported where it is written: in a handler file or in a helper handlers call.
    return blockingImport.test(doc.text) || docMayHoldHandlers(doc) || /\/pages\/api\//.test(doc.path);
  },
  check(ctx) {
    const { calls, sources, changedElsewhere } = reachedCallsIn(ctx.project, ctx.doc);
    ctx.project.dependOn(sources);
    ctx.affects(changedElsewhere);
    for (const [head, others] of byFunction(calls)) report(ctx, head, others);
    const outside = reachedOutsideChecked(ctx.project, ctx.doc);
    ctx.project.dependOn(outside.map((c) => c.path));
    for (const [head, others] of byFunction(outside)) reportOutside(ctx, head, others);
  },
});

/**
 * A blocking call in a file the front end does not report (`hotpath check src/routes` of a helper
 * in src/services), reached by handlers of this file: reported at the handler's call towards it,
 * naming where it is, so a partial check still says it.
 */
function reportOutside(ctx: RuleContext, c: ReachedCall, others: readonly ReachedCall[]): void {
  const b = c.blocking;
  const first = c.handlers[0]!;
  const start = first.steps[0]!;
  const at = start.path === ctx.doc.path ? start.range : first.range;
  let root = packageRoot(ctx.project, ctx.doc.path);
  while (root && !c.path.startsWith(root + '/')) root = path.posix.dirname(root);
  const where = `${root && root !== '/' ? path.posix.relative(root, c.path) : c.path}:${c.range.start.line + 1}`;
  const labels = distinct(c.handlers.map((h) => h.label));
  const fn = c.inFunction === '(anonymous)' ? '' : ` in \`${c.inFunction}\``;
  ctx.report({
    range: at,
    message: `${callList(c, others)}${fn} (${where}, outside the checked files) ${blocks(c, others)} the event loop of ${reachedFrom(labels)}${chosenOn(first, root)}; use \`${b.alternative}\` there${othersToo(b.display, others)}${rareNote(c, others)}`,
    severity: severityOf(c, others),
    related: [
      { path: c.path, range: c.range, message: `\`${b.display}\`` },
      ...first.steps.slice(1, -1).map((s) => ({ path: s.path, range: s.range, message: stepText(s) })),
      ...othersRelated(c, others),
    ],
    explanation: explain(b, chain(ctx, first, b), 'helper', labels.length),
  });
}

function report(ctx: RuleContext, c: ReachedCall, others: readonly ReachedCall[]): void {
  const b = c.blocking;
  const doc = ctx.doc;
  const call = callAt(doc, c.start, c.end);
  const first = c.handlers[0]!;
  const direct = c.handlers.every((h) => h.where === 'handler');
  const inHandler = c.handlers.every((h) => h.where !== 'helper');
  const fn = call && enclosingFunction(call);
  const site = call && fn ? { doc, call, api: b.api, enclosingFunction: fn } : undefined;
  const fix = direct && site ? syncToAsyncFix(site) : undefined;
  // When the handler holds the call but no rewrite is safe, the fix module says why; the hover passes it on.
  const handWritten = direct && site && !fix ? noFixReason(site) : undefined;
  const labels = distinct(c.handlers.map((h) => h.label));
  const root = commonRoot(doc.path, first);
  const calls = callList(c, others);
  const message = inHandler && labels.length === 1
    ? `${calls} ${blocks(c, others)} the event loop in the handler for ${first.label}; use \`${b.alternative}\`${othersToo(b.display, others)}`
    : `${calls}${c.inFunction === '(anonymous)' ? '' : ` in \`${c.inFunction}\``} ${blocks(c, others)} the event loop of ${reachedFrom(labels)}${chosenOn(first, root)}; use \`${b.alternative}\`${othersToo(b.display, others)}`;
  const rare = rareNote(c, others);
  ctx.report({
    range: c.range,
    message: message + rare,
    severity: severityOf(c, others),
    ...(fix ? { fixes: [fix] } : {}),
    related: [...related(c, root), ...othersRelated(c, others)],
    explanation: explain(b, chain(ctx, first, b), direct ? 'handler' : inHandler ? 'callback' : 'helper', labels.length) + (handWritten ? `\n\nNo quick fix here: ${handWritten}` : ''),
  });
}

/**
 * The blocking calls of each function, one root cause: open, read and close of one helper (or
 * `existsSync` then `readFileSync`) are fixed together by making that function async. Each group
 * is reported at its heaviest call (`blockingWeight`, the first of equals), the others as related
 * locations. A call joins another when it is in the same function or a callback written in it
 * (or the other is in a callback of its function) and every handler reaching it reaches the other.
 */
function byFunction(calls: readonly ReachedCall[]): Map<ReachedCall, ReachedCall[]> {
  const beats = (h: ReachedCall, c: ReachedCall) => {
    const dw = blockingWeight(h.blocking) - blockingWeight(c.blocking);
    return dw > 0 || (dw === 0 && h.start < c.start);
  };
  const heavier = (c: ReachedCall) => {
    let best = c;
    for (const o of calls) if (o !== c && o.path === c.path && sameFunction(c, o) && reachedByAll(o, c) && beats(o, best)) best = o;
    return best;
  };
  const next = new Map(calls.map((c) => [c, heavier(c)]));
  const out = new Map<ReachedCall, ReachedCall[]>();
  for (const c of calls) {
    // Each step is strictly heavier (or earlier), so the walk ends at the group's head.
    let head = c;
    while (next.get(head) !== head) head = next.get(head)!;
    if (!out.has(head)) out.set(head, []);
    if (head !== c) out.get(head)!.push(c);
  }
  return out;
}

/** One call's function holds the other's (the same function, or a callback written inside it). */
function sameFunction(a: ReachedCall, b: ReachedCall): boolean {
  return (a.fnStart <= b.fnStart && b.fnEnd <= a.fnEnd) || (b.fnStart <= a.fnStart && a.fnEnd <= b.fnEnd);
}

/** Every handler reaching `c` reaches `o` too. */
function reachedByAll(o: ReachedCall, c: ReachedCall): boolean {
  const labels = new Set(o.handlers.map((h) => h.label));
  return c.handlers.every((h) => labels.has(h.label));
}

/** '`fs.readFileSync`', or '`fs.openSync`, `fs.readSync` and `fs.closeSync`' in the order written. */
function callList(head: ReachedCall, others: readonly ReachedCall[]): string {
  const names = distinct([head, ...others].sort((a, b) => a.start - b.start).map((c) => `\`${c.blocking.display}\``));
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function blocks(head: ReachedCall, others: readonly ReachedCall[]): string {
  const verb = others.length > 0 && callList(head, others).includes(' and ') ? 'block' : 'blocks';
  return head.blocking.cost === 'cheap' ? `briefly ${verb}` : verb;
}

/** What to do about the other calls of the group, after the head's alternative (`head` is its display). */
function othersToo(head: string, others: readonly ReachedCall[]): string {
  const rest = distinct(others.map((o) => o.blocking.display)).filter((d) => d !== head);
  return rest.length === 0 ? '' : ` (and the asynchronous twin of ${rest.map((d) => `\`${d}\``).join(', ')})`;
}

function othersRelated(head: ReachedCall, others: readonly ReachedCall[]): RelatedLocation[] {
  return [...others]
    .sort((a, b) => a.start - b.start)
    .map((o) => ({
      path: o.path,
      range: o.range,
      message: /^(existsSync|pathExistsSync|accessSync)$/.test(o.blocking.api.name) && o.start < head.start ? `checked first with \`${o.blocking.display}\`` : `\`${o.blocking.display}\` blocks too`,
    }));
}

function distinct(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** 'the handler for GET /x', '3 request handlers: GET /a, GET /b, POST /c', '29 request handlers: … and 26 more'. */
function reachedFrom(labels: string[]): string {
  if (labels.length === 1) return `the handler for ${labels[0]}`;
  const named = labels.slice(0, namedInMessage).join(', ');
  const more = labels.length > namedInMessage ? ` and ${labels.length - namedInMessage} more` : '';
  return `${labels.length} request handlers: ${named}${more}`;
}

/** The call node at the offsets the index recorded (the index keeps no nodes across analyses). */
function callAt(doc: SourceDoc, start: number, end: number): ts.CallExpression | undefined {
  for (const n of nodesOfKind(doc.sourceFile, ts.SyntaxKind.CallExpression)) {
    if (n.getEnd() === end && n.getStart(doc.sourceFile) === start) return n as ts.CallExpression;
  }
  return undefined;
}

/**
 * ' when `libraries[library].getEntry` is the one in lib/library/local.js (1 of 2 candidates)': the
 * choices made at run time that the chain goes through, so a reader knows which one blocks.
 */
function chosenOn(h: HandlerPath, root: string): string {
  const choices = h.steps.filter((s) => s.candidate).map((s) => `\`${s.callee}\` is ${candidateText(s, root)}`);
  return choices.length > 0 ? ` when ${choices.join(' and ')}` : '';
}

function candidateText(s: ChainStep, root: string): string {
  return `the one in ${root ? path.posix.relative(root, s.candidate!.path) : s.candidate!.path} (1 of ${s.candidate!.of} candidates)`;
}

/** The shortest chain's calls on the way, then each handler (where it calls in, or where it is). */
function related(c: ReachedCall, root: string): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const first = c.handlers[0]!;
  for (const s of first.steps.slice(1, -1)) out.push({ path: s.path, range: s.range, message: stepText(s) + (s.candidate ? `, ${candidateText(s, root)}` : '') });
  const seen = new Set<string>();
  for (const h of c.handlers) {
    const at = h.steps.length > 1 ? h.steps[0]! : undefined;
    const loc = at ? { path: at.path, range: at.range } : { path: h.path, range: h.range };
    const key = `${h.label}\0${loc.path}\0${loc.range.start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...loc, message: at ? `the handler for ${h.label} ${stepText(at)}` : `the handler for ${h.label}` });
    // A handler written in one file and registered in another: where the route is, too.
    if (at && at.path !== h.path) out.push({ path: h.path, range: h.range, message: `${h.label} is registered here` });
  }
  return out;
}

/** 'calls `loadTemplate()`', or 'passes `checkKey` to `basicAuth()`' for a callback. */
function stepText(s: ChainStep): string {
  return s.passedTo ? `passes \`${s.callee}\` to \`${s.passedTo}()\`` : `calls \`${s.callee}()\``;
}

function chain(ctx: RuleContext, h: HandlerPath, b: BlockingCall): string[] {
  const root = commonRoot(ctx.doc.path, h);
  const where = (p: string, line: number) => `${root ? path.posix.relative(root, p) : p}:${line + 1}`;
  const last = h.steps.length - 1;
  return [
    `the handler for ${h.label} (${where(h.path, h.range.start.line)})`,
    ...h.steps.map((s, i) => (i === last ? `\`${b.display}\`` : stepText(s)) + ` (${where(s.path, s.range.start.line)})`),
  ];
}

/** The folder the chain's files share, so the hover names them briefly and never with `../`. */
function commonRoot(file: string, h: HandlerPath): string {
  let root = path.posix.dirname(file);
  for (const p of [h.path, ...h.steps.map((s) => s.path)]) {
    while (root !== '/' && root !== '.' && !p.startsWith(root + '/')) root = path.posix.dirname(root);
  }
  return root === '.' ? '' : root;
}

function severityOf(head: ReachedCall, others: readonly ReachedCall[]): Severity | undefined {
  // undefined keeps the rule's default ('warning'), which a user setting may still override.
  return head.blocking.cost === 'cheap' || onlyOnErrors(head, others) ? 'info' : undefined;
}

/** Every handler reaches every call of the group only when something failed: rare, so `info`. */
function onlyOnErrors(head: ReachedCall, others: readonly ReachedCall[]): boolean {
  return [head, ...others].every((c) => c.handlers.every((h) => h.errorPath));
}

function rareNote(head: ReachedCall, others: readonly ReachedCall[]): string {
  return onlyOnErrors(head, others) ? '; it runs only when something failed (a `catch`, a `.catch(…)` handler), so it may be fine' : '';
}

function explain(b: BlockingCall, chain: string[], where: 'handler' | 'callback' | 'helper', handlers: number): string {
  const cost =
    b.cost === 'cheap'
      ? 'a metadata call on a local file usually costs microseconds, but on a slow or network disk it can take much longer'
      : 'file reads and writes, child processes, key derivation and compression take milliseconds to seconds';
  const fix =
    where === 'handler'
      ? `Use \`${b.alternative}\` and make the handler \`async\`.`
      : where === 'callback'
        ? `Use \`${b.alternative}\`; the call sits in a callback inside the handler, so make that callback \`async\` and await its result (for example with \`Promise.all\` over \`map\`).`
        : `Use \`${b.alternative}\` here, make each function on the chain \`async\` and \`await\` it up to the handler${handlers > 1 ? 's' : ''}. If the result is the same for every request, compute it once at start-up (or cache it after the first call) instead.`;
  const reached = handlers > 1 ? ` ${handlers} request handlers reach it; the chain from one of them:` : '';
  const headline = `**\`${b.display}\` blocks the event loop.** While it runs, this Node process does nothing else: every other request to the server waits until it returns (${cost}).${reached}`;
  return callChainExplanation(headline, chain, fix);
}
