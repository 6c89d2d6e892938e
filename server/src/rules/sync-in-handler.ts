/**
 * sync-in-handler: blocking Node APIs (fs *Sync, execSync, pbkdf2Sync, zlib *Sync, bcrypt *Sync)
 * reached from a request handler, directly or through workspace functions up to five calls deep.
 * Handlers come from registration sites (analysis/handlers), calls are resolved through imports
 * (analysis/bindings, analysis/blocking-apis) and followed across files (analysis/call-graph).
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { RelatedLocation, Severity } from '../engine/finding';
import type { Project } from '../engine/project';
import { defineRule, type RuleContext } from '../engine/rule';
import type { SourceDoc } from '../engine/source';
import { moduleBindings } from '../analysis/bindings';
import { blockingCallOf, isMemoisedInit, type BlockingCall } from '../analysis/blocking-apis';
import { mayReachBlockingApi } from '../analysis/import-closure';
import { callChainExplanation } from '../analysis/call-chain-explanation';
import { callsIn, enclosingFunction, findReachable, resolveFunction, type FunctionRef, type Reach } from '../analysis/call-graph';
import { nonServerReason, packageRoot } from '../analysis/file-roles';
import { findHandlers, type HandlerSite } from '../analysis/handlers';
import { noFixReason, syncToAsyncFix } from '../fixes/sync-to-async';

/**
 * Text that every handler file holds, tested before anything is parsed. `.get(` alone would
 * pass most files (Map#get, searchParams.get, Promise.all), so a route call must either have a
 * literal path, or sit in a file that names a server framework or has a (req…)/(ctx…) function.
 */
const literalRoute = /\.(get|post|put|patch|delete|del|all|head|options|use|route)\s*\(\s*['"`/]/;
const looseRoute = /\.(get|post|put|patch|delete|del|all|head|options|use|route|register|param|addHook)\s*\(/;
const serverContext = /\b(express|koa|fastify|hapi|Router|restify|polka|hono)\b|\(\s*(req|request|ctx|context)\s*[,:)]/;
const otherHandlers = /create(Secure)?Server|@Controller|use server|\bhandler\b|\.context\.onerror\s*=|\.on\(\s*['"]request['"]|\b(export\s+(async\s+)?(function|const|let|var)|as)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/;

function mayHoldHandlers(text: string): boolean {
  return literalRoute.test(text) || otherHandlers.test(text) || (looseRoute.test(text) && serverContext.test(text));
}

export const syncInHandler = defineRule({
  meta: {
    id: 'sync-in-handler',
    description: 'Blocking synchronous work (fs *Sync, execSync, pbkdf2Sync, zlib *Sync …) reached from a request handler',
    defaultSeverity: 'warning',
    fixable: true,
  },
  mayApply(doc) {
    // File names and contents only here; folder names need the package root (see `run`).
    if (!doc.isScript || nonServerReason(doc.path, doc.text, doc.path.slice(0, doc.path.lastIndexOf('/'))) !== undefined) return false;
    return mayHoldHandlers(doc.text) || /\/pages\/api\//.test(doc.path);
  },
  check(ctx) {
    new HandlerChecker(ctx).run();
  },
});

class HandlerChecker {
  private readonly doc: SourceDoc;
  private readonly project: Project;
  /** Calls already reported: a function can be reached from several handlers. */
  private readonly reported = new Set<ts.Node>();
  /**
   * The search from each function, for this analysis only (other files may change before the
   * next): a helper that several handlers call is searched once, not once per calling handler.
   */
  private readonly reaches = new Map<ts.Node, Reach<BlockingCall> | undefined>();

  constructor(private readonly ctx: RuleContext) {
    this.doc = ctx.doc;
    this.project = ctx.project;
  }

  run(): void {
    if (nonServerReason(this.doc.path, this.doc.text, packageRoot(this.project, this.doc.path)) !== undefined) return;
    // Nothing the handlers could call imports fs, child_process, crypto, zlib or bcrypt: no parse needed.
    if (!mayReachBlockingApi(this.project, this.doc)) return;
    for (const h of findHandlers(this.project, this.doc)) {
      if (h.fn) {
        this.checkHandlerBody(h, h.fn);
        continue;
      }
      if (!h.ref) continue;
      const target = resolveFunction(this.project, this.doc, h.ref);
      if (!target) continue;
      // A handler declared in this file is checked in place, where a quick fix can reach it.
      if (target.doc === this.doc) this.checkHandlerBody(h, target.fn);
      else this.checkReference(h, h.ref, target);
    }
  }

  private reachFrom(fn: FunctionRef): Reach<BlockingCall> | undefined {
    if (!this.reaches.has(fn.fn)) this.reaches.set(fn.fn, findReachable(this.project, fn, this.isBlocking));
    return this.reaches.get(fn.fn);
  }

  private isBlocking = (doc: SourceDoc, call: ts.CallExpression): BlockingCall | undefined =>
    blockingCallOf(moduleBindings(this.project, doc), call);

  private checkHandlerBody(h: HandlerSite, fn: ts.FunctionLikeDeclaration): void {
    for (const call of callsIn(this.project, this.doc, fn)) {
      if (this.reported.has(call)) continue;
      const blocking = this.isBlocking(this.doc, call);
      if (blocking) {
        this.reported.add(call);
        this.reportDirect(h, fn, call, blocking);
        continue;
      }
      const callee = resolveFunction(this.project, this.doc, call.expression);
      // Functions written inside the handler are already covered: their calls are the handler's.
      if (!callee || (callee.doc === this.doc && callee.fn.pos >= fn.pos && callee.fn.end <= fn.end)) continue;
      const reach = this.reachFrom(callee);
      if (!reach) continue;
      this.reported.add(call);
      this.reportIndirect(h, call, `\`${shorten(call.expression.getText())}()\``, reach);
    }
  }

  /** `router.get('/', listUsers)` with `listUsers` in another file: report at the reference. */
  private checkReference(h: HandlerSite, ref: ts.Expression, target: FunctionRef): void {
    if (this.reported.has(ref)) return;
    const reach = this.reachFrom(target);
    if (!reach) return;
    this.reported.add(ref);
    this.reportIndirect(h, ref, `\`${shorten(ref.getText())}\``, reach, target);
  }

  private reportDirect(h: HandlerSite, fn: ts.FunctionLikeDeclaration, call: ts.CallExpression, b: BlockingCall): void {
    const memoised = isMemoisedInit(call);
    const direct = enclosingFunction(call) === fn;
    const site = { doc: this.doc, call, api: b.api, enclosingFunction: fn };
    const fix = direct && !memoised ? syncToAsyncFix(site) : undefined;
    // When the handler holds the call but no rewrite is safe, the fix module says why; the hover passes it on.
    const handWritten = direct && !memoised && !fix ? noFixReason(site) : undefined;
    const message = memoised
      ? `\`${b.display}\` blocks the event loop on the first request to the handler for ${h.label}; load it once at start-up instead`
      : `\`${b.display}\` ${b.cost === 'cheap' ? 'briefly blocks' : 'blocks'} the event loop in the handler for ${h.label}; use \`${b.alternative}\``;
    const chain = [`the handler for ${h.label} (${this.where(this.doc, fn)})`, `\`${b.display}\` (${this.where(this.doc, call)})`];
    this.ctx.report({
      node: call,
      message,
      severity: severityOf(b, memoised),
      ...(fix ? { fixes: [fix] } : {}),
      explanation: explain(b, chain, memoised, direct ? 'handler' : 'callback') + (handWritten ? `\n\nNo quick fix here: ${handWritten}` : ''),
    });
  }

  private reportIndirect(h: HandlerSite, node: ts.Node, what: string, reach: Reach<BlockingCall>, entry?: FunctionRef): void {
    const last = reach.steps[reach.steps.length - 1]!;
    const b = reach.match;
    const memoised = isMemoisedInit(last.call);
    const related: RelatedLocation[] = reach.steps.map((s, i) => ({
      path: s.doc.path,
      range: s.doc.nodeRange(s.call),
      message: i === reach.steps.length - 1 ? `blocking call: \`${b.display}\`` : `calls \`${shorten(s.call.expression.getText())}()\``,
    }));
    const chain = [
      `the handler for ${h.label}`,
      `${what} (${this.where(this.doc, node)})`,
      ...(entry ? [`\`${entry.name}\`, defined at ${this.where(entry.doc, entry.fn)}`] : []),
      ...reach.steps.map((s, i) => (i === reach.steps.length - 1 ? `\`${b.display}\`` : `\`${shorten(s.call.expression.getText())}()\``) + ` (${this.where(s.doc, s.call)})`),
    ];
    const message = memoised
      ? `${what} blocks the event loop on the first request to the handler for ${h.label}: it calls \`${b.display}\` (${this.where(last.doc, last.call)}); load it once at start-up instead`
      : `${what} blocks the event loop in the handler for ${h.label}: it calls \`${b.display}\` (${this.where(last.doc, last.call)})`;
    this.ctx.report({ node, message, severity: severityOf(b, memoised), related, explanation: explain(b, chain, memoised, 'helper') });
  }

  /** `src/views.ts:12`, relative to the package root (or the files' common folder). */
  private where(doc: SourceDoc, node: ts.Node): string {
    const line = doc.positionAt(node.getStart(doc.sourceFile)).line + 1;
    return `${path.posix.relative(this.root(), doc.path)}:${line}`;
  }

  private rootDir: string | undefined;

  /** The package root; without a package.json, the folder above the usual source folders. */
  private root(): string {
    if (this.rootDir === undefined) {
      this.rootDir = packageRoot(this.project, this.doc.path);
      if (!this.rootDir) {
        const m = /^(.*?)\/(src|app|pages|lib|server|api|routes|controllers|functions)\//.exec(this.doc.path);
        this.rootDir = m ? m[1]! : path.posix.dirname(this.doc.path);
      }
    }
    return this.rootDir;
  }
}

function severityOf(b: BlockingCall, memoised: boolean): Severity | undefined {
  // undefined keeps the rule's default ('warning'), which a user setting may still override.
  return b.cost === 'cheap' || memoised ? 'info' : undefined;
}

function shorten(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}

function explain(b: BlockingCall, chain: string[], memoised: boolean, where: 'handler' | 'callback' | 'helper'): string {
  const cost =
    b.cost === 'cheap'
      ? 'a metadata call on a local file usually costs microseconds, but on a slow or network disk it can take much longer'
      : 'file reads and writes, child processes, key derivation and compression take milliseconds to seconds';
  const fix = memoised
    ? `The value is cached after the first call, so only the first request pays. Load it at start-up (module top level or before \`listen\`) so no request does.`
    : where === 'handler'
      ? `Use \`${b.alternative}\` and make the handler \`async\`.`
      : where === 'callback'
        ? `Use \`${b.alternative}\`; the call sits in a callback inside the handler, so make that callback \`async\` and await its result (for example with \`Promise.all\` over \`map\`).`
        : `Use \`${b.alternative}\` in the helper, make each function on the chain \`async\` and \`await\` it up to the handler. If the result is the same for every request, compute it once at start-up instead.`;
  const headline = `**\`${b.display}\` blocks the event loop.** While it runs, this Node process does nothing else: every other request to the server waits until it returns (${cost}).`;
  return callChainExplanation(headline, chain, fix);
}
