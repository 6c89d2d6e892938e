/**
 * n-plus-one: a database query, cache round trip or HTTP request issued once per item of a
 * collection, in a loop or a per-item callback, directly or through workspace functions (across
 * files). Calls are recognised by library (analysis/data-access), loops and item dependence by
 * analysis/loops; the exclusions (small literal lists, batches, early exits, pagination, marked
 * transaction loops, scripts and tests) keep it quiet where sequential work is meant.
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { RelatedLocation, Severity } from '../engine/finding';
import type { Project } from '../engine/project';
import { defineRule, type RuleContext } from '../engine/rule';
import type { SourceDoc } from '../engine/source';
import { skipOuterExpressions } from '../analysis/bindings';
import { callChainExplanation } from '../analysis/call-chain-explanation';
import { nodesOfKindWhere } from '../analysis/tree-nodes';
import { loopFinding, pluralUnit, type PerItemCall } from './n-plus-one-loop-findings';
import { callSitesOf, enclosingFunction, findReachable, functionName, overridesOf, resolveFunction, type CallStep, type FunctionRef, type Reach } from '../analysis/call-graph';
import { dataAccessCallOf, isSchemaStatement, mentionsDistinctCall, rowInstanceCall, type DataAccessCall, type DataAccessEntry } from '../analysis/data-access';
import { catalogueFor } from '../analysis/data-access-config';
import { dataAccessModuleCall } from '../analysis/data-access-modules';
import { mayReachDataAccess, mayReachModels } from '../analysis/import-closure';
import { awaitedReads, getterRead, instanceMethodCalled, lazyRelationRead, modelCallOf } from '../analysis/model-instances';
import { typeService, type TypeQuestions } from '../analysis/types/type-service';
import { boundedCollection, deliversToItem, onErrorPath, oneOffFile, outgoingActivity, ownAddressArgument, recipientOfItem, runsConditionally, runsForOneKey } from '../analysis/per-item-context';
import { enumCollection } from '../analysis/enum-collection';
import { fileRole, nonServerReason, packageRoot } from '../analysis/file-roles';
import { findFieldResolvers, mayHoldResolvers, type FieldResolver } from '../analysis/graphql-resolvers';
import { isNothing, runsOnlyWhenUnloaded } from '../analysis/loaded-fallback';
import { returnsBeforeWork } from '../analysis/option-early-return';
import { batchLookupFix } from '../fixes/batch-lookup';
import { concurrentLoopFix } from '../fixes/concurrent-loop';
import { dataLoaderFix } from '../fixes/dataloader-skeleton';
import {
  chainArguments,
  constInitializer,
  dependsOnPreviousIteration,
  exitsOnResult,
  isBatchedCollection,
  isMarkedSerialLoop,
  isSmallLiteralCollection,
  itemDerivedNames,
  iterationsAround,
  libraryIterationText,
  mayIterate,
  pushedForGathering,
  readsAny,
  readsIn,
  referenceCallbackIteration,
  usedAsBatch,
  type Iteration,
} from '../analysis/loops';

/** Loops and per-item callbacks; files without any cannot hold a finding. */
const loopText = /\bfor\s*(await\s*)?\(|\bwhile\s*\(|\.(forEach|map|flatMap|reduce|reduceRight|filter|some|every|find)\s*\(/;

/** Sequential work is fine in code that never serves a request. Worker code still counts: queue jobs pay for N+1 too. */
const quietRoles = new Set(['test code', 'script or CLI', 'migration or seed', 'build configuration']);

/**
 * GraphQL envelopes (`SearchResponse`, a mutation's `CreatePostPayload`) wrap the one answer of an
 * operation: their fields resolve once per request, not once per element of a list.
 */
const envelopeType = /[a-z](Response|Payload)$/;

/** How many function boundaries a helper chain may cross from the loop to the query. */
const maxDepth = 4;

export const nPlusOne = defineRule({
  meta: {
    id: 'n-plus-one',
    description: 'A database, cache or HTTP call issued once per item of a loop (N+1), across functions and files',
    defaultSeverity: 'warning',
    fixable: true,
  },
  mayApply(doc) {
    if (!doc.isScript || !(loopText.test(doc.text) || libraryIterationText.test(doc.text) || mayHoldResolvers(doc.text))) return false;
    const reason = nonServerReason(doc.path, doc.text, doc.path.slice(0, doc.path.lastIndexOf('/')));
    return reason === undefined || !quietRoles.has(reason);
  },
  check(ctx) {
    const catalogue = catalogueFor(ctx.project, ctx.doc.path);
    // Most files of a library or a front end cannot reach a query or request: they are not parsed.
    if (!mayReachDataAccess(ctx.project, ctx.doc, catalogue) && !mentionsDistinctCall(ctx.doc.text, catalogue)) return;
    new LoopChecker(ctx, catalogue).run();
  },
});

/** A number per catalogue (the built-in one, or one per version of a `.hotpathrc.json`), for keys of facts that depend on it. */
const catalogueIds = new WeakMap<readonly DataAccessEntry[], number>();
let catalogues = 0;
function catalogueId(catalogue: readonly DataAccessEntry[]): number {
  let id = catalogueIds.get(catalogue);
  if (id === undefined) catalogueIds.set(catalogue, (id = catalogues++));
  return id;
}

/** Whether the library batches `a` when its calls are issued in the same tick (`concurrent`): Prisma's findUnique, DataLoader's load. */
function batchedWhen(concurrent: boolean, a: DataAccessCall): boolean {
  return concurrent && (a.entry.batchedWhenConcurrent?.includes(a.method) ?? false);
}

interface Site {
  it: Iteration;
  /** The call in the loop: the query itself, a call of a workspace function that reaches one, or an awaited getter read (`await attachment.buffer`). */
  node: ts.CallExpression | ts.TaggedTemplateExpression | ts.PropertyAccessExpression;
}

class LoopChecker {
  private readonly doc: SourceDoc;
  private readonly project: Project;

  constructor(
    private readonly ctx: RuleContext,
    private readonly catalogue: readonly DataAccessEntry[],
  ) {
    this.doc = ctx.doc;
    this.project = ctx.project;
  }

  run(): void {
    const reason = fileRole(this.project, this.doc.path, this.doc.text);
    if (reason !== undefined && quietRoles.has(reason)) return;
    // Calls outside any loop or per-item callback have no iterations: only the others are checked.
    const inLoops = nodesOfKindWhere(this.doc.sourceFile, 'n-plus-one:calls-in-loops', [ts.SyntaxKind.CallExpression, ts.SyntaxKind.TaggedTemplateExpression], mayIterate);
    for (const n of inLoops) if (ts.isCallExpression(n) || ts.isTaggedTemplateExpression(n)) this.checkCall(n);
    const byReference = nodesOfKindWhere(this.doc.sourceFile, 'n-plus-one:reference-callbacks', [ts.SyntaxKind.CallExpression], (n) => ts.isCallExpression(n) && referenceCallbackIteration(n) !== undefined);
    for (const n of byReference) if (ts.isCallExpression(n)) this.checkReferenceCallback(n);
    const awaits = nodesOfKindWhere(this.doc.sourceFile, 'n-plus-one:awaits-in-loops', [ts.SyntaxKind.AwaitExpression], mayIterate);
    for (const n of awaits) if (ts.isAwaitExpression(n)) this.checkAwaitedRead(n);
    this.reportLoops();
    if (mayHoldResolvers(this.doc.text)) for (const r of findFieldResolvers(this.doc.sourceFile)) if (!envelopeType.test(r.typeName)) this.checkResolver(r);
  }

  /** Calls already reported (a resolver's loop and the resolver itself can both see one). */
  private readonly reported = new Set<ts.Node>();

  /**
   * A field resolver runs once per parent object of a list: a lookup keyed by the parent is one
   * query per parent, unless the library batches same-tick calls (Prisma findUnique, DataLoader).
   */
  private checkResolver(r: FieldResolver): void {
    if (!r.fn.body) return;
    const it: Iteration = { kind: 'callback', node: r.fn, body: r.fn.body, items: r.parentNames, concurrent: true, inPromiseAll: false };
    const names = itemDerivedNames(it);
    const visit = (n: ts.Node): void => {
      if ((ts.isCallExpression(n) || ts.isTaggedTemplateExpression(n)) && !this.reported.has(n) && runsWhenCalled(n, r.fn)) {
        const args = chainArguments(n);
        if (args.some((a) => readsAny(a, names)) && !usedAsBatch(args, names) && !runsOnlyWhenUnloaded(n, r.fn, r.parentNames)) {
          const direct = this.access(this.doc, n);
          if (direct) {
            if (!batchedWhen(it.concurrent, direct)) this.reportResolver(r, n, direct);
          } else if (ts.isCallExpression(n)) {
            const callee = resolveFunction(this.project, this.doc, n.expression);
            const reach =
              callee &&
              !(callee.doc === this.doc && callee.fn.pos >= r.fn.pos && callee.fn.end <= r.fn.end) &&
              this.reachQuery(callee, it, { call: n, names, resolver: true });
            if (reach) this.reportResolver(r, n, reach.match, reach);
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(r.fn.body);
  }

  private reportResolver(r: FieldResolver, node: ts.CallExpression | ts.TaggedTemplateExpression, a: DataAccessCall, reach?: Reach<DataAccessCall>): void {
    this.reported.add(node);
    const field = `${r.typeName}.${r.fieldName}`;
    const via = reach && ts.isCallExpression(node) ? `\`${shorten(node.expression.getText(this.doc.sourceFile))}()\`` : `\`${a.display}\``;
    const lib = a.entry.library === 'fetch' || via.includes(a.entry.library) ? '' : ` (${a.entry.library})`;
    const last = reach?.steps[reach.steps.length - 1];
    const calls = last ? `: it calls \`${a.display}\` (${this.where(last.doc, last.call)})` : '';
    const related: RelatedLocation[] = (reach?.steps ?? []).map((s, i, all) => ({
      path: s.doc.path,
      range: s.doc.nodeRange(s.call),
      message: i === all.length - 1 ? `${a.entry.unit}: \`${a.display}\` (${a.entry.library})` : `${ts.isCallExpression(s.call) ? 'calls' : 'reads'} ${stepText(s)}`,
    }));
    const chain = [
      `the \`${field}\` resolver, called once per ${r.typeName} (${this.where(this.doc, r.fn)})`,
      `${via} (${this.where(this.doc, node)})`,
      ...(reach ? reach.steps.map((s, i, all) => `${i === all.length - 1 ? `\`${a.display}\`` : stepText(s)} (${this.where(s.doc, s.call)})`) : []),
    ];
    this.ctx.report({
      node,
      message: `1 ${a.entry.unit} per ${r.typeName}: ${via}${lib} runs in the \`${field}\` resolver, once for each ${r.typeName} of a list${calls}; batch it with a DataLoader`,
      related,
      fixes: reach ? [] : [dataLoaderFix(this.doc, r, a)].filter((f) => f !== undefined),
      explanation: [
        `**N+1 in a GraphQL resolver.** GraphQL calls \`${field}\` once for every ${r.typeName} it returns: a query for 100 ${r.typeName} objects makes 100 ${a.entry.unit === 'query' ? 'queries' : a.entry.unit === 'request' ? 'requests' : 'round trips'} here, one after another in the database's queue.`,
        '',
        'Call chain:',
        ...chain.map((c, i) => `${i + 1}. ${c}`),
        '',
        '**Fix:** load through a DataLoader created per request (for example in the GraphQL context): its batch function receives every key requested in the same tick and answers them with one query.',
      ].join('\n'),
    });
  }

  /**
   * The type checker, for this file's per-item calls. Model instances live only where an ORM with
   * instances is imported (not in a front end's stores): that is checked on the first question.
   */
  private readonly types: TypeQuestions = (() => {
    let service: TypeQuestions | null | undefined;
    const get = () => (service ??= mayReachModels(this.project, this.doc, this.catalogue) ? typeService(this.project) : null);
    return {
      instanceClass: (doc, expr) => get()?.instanceClass(doc, expr),
      elementClass: (doc, expr) => get()?.elementClass(doc, expr),
    };
  })();

  /** Helpers' calls on model instances (`original.findChildDocuments()`), by syntax only: the checker is kept for the loop's own calls. */
  private instanceMethod = (doc: SourceDoc, call: ts.CallExpression) => instanceMethodCalled(this.project, doc, call, { catalogue: this.catalogue });

  /** A helper's awaited reads that do I/O (`await attachment.buffer`, `await edit.author`), by syntax only. */
  private reads = (within: FunctionRef) => awaitedReads(this.project, within, { catalogue: this.catalogue }).filter(({ read }) => runsInHelper(read, within));

  /** Getters a helper runs by awaiting a property (`await attachment.buffer`). */
  private getters = (within: FunctionRef) => this.reads(within).flatMap(({ read, getter }) => (getter ? [{ read, getter }] : []));

  /** Lazy relations a helper loads by awaiting them (`await edit.author`). */
  private relations = (within: FunctionRef) => this.reads(within).flatMap(({ read, relation }) => (relation ? [{ read, match: relation }] : []));

  /**
   * The first data-access call `callee` reaches when it runs (as it runs once per item of `it`).
   * `from`: the call that runs it per item and the item's names there. The search then knows which
   * names of each function it enters carry the item, so a loader memoised under a key that reads
   * none of them (`cache.get(\`perms:${ctx.userId}\`, () => load())`) runs once for all items. In
   * a resolver's helper (`resolver`), calls made only when the parent arrives without a field
   * loaded are fallbacks, not per-parent queries.
   * The answer depends only on the callee, whether the loop runs concurrently, and which of the
   * callee's parameters the call fills from the item (with the resolver flag), so it is kept under
   * that key (`Project.nodeFact`): a helper called in many loops (a presenter, a permission check)
   * is searched once per way it is called, not once per loop (on outline 616 searches from 327
   * functions).
   */
  private reachQuery(callee: FunctionRef, it: Iteration, from?: { call: ts.CallExpression; names: ReadonlySet<string>; resolver?: boolean }): Reach<DataAccessCall> | undefined {
    // Each entered function with the call that entered it; the item's names in it are worked out
    // only when a memoising cache asks (rarely), not for every function the search enters.
    const entered = new Map<ts.Node, Entered>();
    if (from) entered.set(callee.fn, { fn: callee.fn, call: from.call, names: undefined, callerNames: () => from.names });
    const given = from ? parametersGiven(from.call, callee.fn, from.names) : undefined;
    const unloaded = from?.resolver ? given : undefined;
    const concurrent = it.concurrent;
    const key = `n-plus-one:reach:${catalogueId(this.catalogue)}:${concurrent}:${from ? `${from.resolver ? 'resolver' : 'call'}:${[...given!].sort().join(',')}` : '-'}`;
    return this.project.nodeFact(callee.fn, key, () => findReachable(
      this.project,
      callee,
      (doc, c) => {
        const a = this.access(doc, c);
        return a && !batchedWhen(concurrent, a) ? a : undefined;
      },
      {
        maxDepth,
        considers: (_doc, c, within) =>
          runsInHelper(c, within) &&
          !(unloaded && within.fn === callee.fn && runsOnlyWhenUnloaded(c, within.fn, unloaded)) &&
          !memoisedAcrossItems(c, within.fn, () => itemNamesIn(entered.get(within.fn))),
        resolve: this.instanceMethod,
        followCallbacks: true,
        getters: this.getters,
        overrides: true,
        matchedReads: this.relations,
        enters: (c, fn) => {
          if (returnsBeforeWork(c, fn.fn)) return false;
          const caller = enteredAround(c, entered);
          if (caller) entered.set(fn.fn, { fn: fn.fn, call: c, names: undefined, callerNames: () => itemNamesIn(caller) });
          return true;
        },
      },
    ));
  }

  /**
   * The query or request a call makes, by syntax (no type checker). Kept per call and catalogue
   * while the files it read stand (`Project.nodeFact`): a helper's calls are asked again by every
   * search that reaches it, from every loop of every file (on outline 7,500 asks of 3,200 calls).
   * It must read nothing of this checker's state but the catalogue.
   */
  private access = (doc: SourceDoc, call: ts.CallExpression | ts.TaggedTemplateExpression): DataAccessCall | undefined =>
    this.project.nodeFact(call, `n-plus-one:access:${catalogueId(this.catalogue)}`, () => {
      const a =
        dataAccessCallOf(this.project, doc, call, this.catalogue) ??
        (ts.isCallExpression(call) ? (modelCallOf(this.project, doc, call, { catalogue: this.catalogue }) ?? dataAccessModuleCall(this.project, doc, call, this.catalogue)) : undefined);
      return a && !isSchemaStatement(a.node) ? a : undefined;
    });

  private checkCall(call: ts.CallExpression | ts.TaggedTemplateExpression): void {
    const its = iterationsAround(call);
    if (its.length === 0) return;
    const direct = this.access(this.doc, call) ?? this.instanceAccess(call, its);
    if (direct) {
      const site = this.perItemSite(call, its);
      if (site && !batchedWhen(site.it.concurrent, direct)) this.reportDirect(site, direct);
      return;
    }
    if (!ts.isCallExpression(call)) return;
    let callee = resolveFunction(this.project, this.doc, call.expression);
    // Functions written inside the loop are part of it: their own calls are checked where they are.
    if (callee && callee.doc === this.doc && callee.fn.pos >= its[its.length - 1]!.node.pos && callee.fn.end <= its[its.length - 1]!.node.end) return;
    const site = this.perItemSite(call, its);
    if (!site || (callee && returnsBeforeWork(call, callee.fn))) return;
    if (!callee) {
      // Syntax could not place the receiver: ask the type checker (only here, for a per-item call)
      // whether it is a model instance, whose own method queries or whose class's method may.
      const typed = { catalogue: this.catalogue, types: this.types };
      const model = modelCallOf(this.project, this.doc, call, typed);
      if (model) {
        if (!batchedWhen(site.it.concurrent, model)) this.reportDirect(site, model);
        return;
      }
      callee = instanceMethodCalled(this.project, this.doc, call, typed);
      if (!callee) return;
    }
    const names = itemDerivedNames(site.it);
    // `datasource.delete(name)` on a value typed by an abstract base: the subclasses' methods run.
    const overrides = overridesOf(this.project, this.doc, call.expression, callee);
    for (const c of overrides.length > 0 ? overrides : [callee]) {
      const reach = this.reachQuery(c, site.it, { call, names });
      if (reach) return this.reportIndirect(site, callee.name, reach);
    }
  }

  /**
   * `const buf = await attachment.buffer` in a loop, where the item's workspace class declares a
   * getter that reaches a query or request: the read runs the getter, as a call would. `await
   * edit.author`, a lazy TypeORM relation, is a query by itself.
   */
  private checkAwaitedRead(n: ts.AwaitExpression): void {
    const read = skipOuterExpressions(n.expression);
    if (!ts.isPropertyAccessExpression(read)) return;
    const its = iterationsAround(read);
    const site = its.length > 0 ? this.perItemSite(read, its) : undefined;
    if (!site) return;
    const relation = lazyRelationRead(this.project, this.doc, read, { catalogue: this.catalogue });
    if (relation) return this.reportDirect(site, relation);
    const getter = getterRead(this.project, this.doc, read, { catalogue: this.catalogue });
    const reach = getter && this.reachQuery(getter, site.it);
    if (reach) this.reportIndirect(site, getter.name, reach);
  }

  /**
   * `domains.forEach(cache.removeDomain)`, `Promise.all(users.map(presentUser))`: the function named
   * runs once per element with the element as its argument; a query it reaches is one per element.
   */
  private checkReferenceCallback(call: ts.CallExpression): void {
    const it = referenceCallbackIteration(call);
    if (!it || this.reported.has(call) || isSmallLiteralCollection(it.collection) || isBatchedCollection(it)) return;
    // The function handed over: `xs.forEach(ref)`, or the last argument of `async.map(xs, ref)`.
    const ref = it.body as ts.Expression;
    const callee = resolveFunction(this.project, this.doc, ref);
    if (!callee || callee.fn.parameters.length === 0) return;
    const reach = this.reachQuery(callee, it);
    if (reach) this.reportIndirect({ it, node: call }, callee.name, reach, shorten(ref.getText(this.doc.sourceFile)));
  }

  /**
   * The innermost iteration whose item the call reads, unless an exclusion applies to it:
   * a small literal list, an early exit on the result, each call needing the previous result, or a
   * transaction loop the user marked with a comment. A loop over batches is passed over: an outer
   * loop over items may still make the call once per item.
   */
  private perItemSite(call: Site['node'], its: Iteration[]): Site | undefined {
    const args = chainArguments(call);
    for (const it of its) {
      const names = itemDerivedNames(it);
      if (!args.some((a) => readsAny(a, names))) continue;
      // A loop over batches is not one over items; a loop over items around it still is.
      if (isBatchedCollection(it, args)) continue;
      if (isSmallLiteralCollection(it.collection) || usedAsBatch(args, names) || this.smallAtEveryCall(it)) return undefined;
      // `if (prop === 'assignee')` in a loop over the fields of one object: at most one call.
      if (runsForOneKey(it, call)) return undefined;
      if (exitsOnResult(it, call) || dependsOnPreviousIteration(it, args) || isMarkedSerialLoop(it, this.doc.text)) return undefined;
      return { it, node: call };
    }
    return undefined;
  }

  /**
   * The loop's collection is a parameter of its function, and every call of that function the
   * workspace makes hands it a small literal list (`giveRewards(uid, [reward])`): the loop runs once
   * or twice, whatever the function's name promises.
   */
  private smallAtEveryCall(it: Iteration): boolean {
    const c = it.collection && skipOuterExpressions(it.collection);
    const fn = c && ts.isIdentifier(c) ? runningFunction(it.node) : undefined;
    if (!fn || !c || !ts.isIdentifier(c)) return false;
    const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === c.text);
    if (index < 0) return false;
    return this.project.nodeFact(fn, `n-plus-one:small-at-every-call:${index}`, () => {
      const sites = callSitesOf(this.project, this.doc, fn);
      if (sites.length === 0 || !sites.every(({ call }) => call.arguments[index] !== undefined && isSmallLiteralCollection(call.arguments[index]))) return false;
      // Handed over by name (`items.forEach(giveRewards)`, a route), it has callers no search sees.
      // Only callers in its own file, each naming it once, besides its declaration.
      const name = functionName(fn).split('.').pop()!;
      if (!/^\w+$/.test(name) || sites.some((site) => site.doc !== this.doc)) return false;
      return this.doc.text.match(new RegExp(`\\b${name}\\b`, 'g'))?.length === 1 + sites.length;
    });
  }

  /** `post.getComments()`, `app.update(…)` on a row an ORM's finder returned, in a loop over those rows or picked per item. */
  private instanceAccess(call: ts.CallExpression | ts.TaggedTemplateExpression, its: Iteration[]): DataAccessCall | undefined {
    if (!ts.isCallExpression(call)) return undefined;
    const callee = skipOuterExpressions(call.expression);
    const recv = ts.isPropertyAccessExpression(callee) ? skipOuterExpressions(callee.expression) : undefined;
    if (!recv || !ts.isIdentifier(recv)) return undefined;
    const name = recv.text;
    const it = its.find((i) => i.items.has(name));
    if (it) return rowInstanceCall(this.project, this.doc, call, it.collection, this.catalogue);
    // `const app = apps.find((a) => a.name === item.name); await app.update(item)`: a row picked per item.
    return rowInstanceCall(this.project, this.doc, call, undefined, this.catalogue);
  }

  private reportDirect(site: Site, a: DataAccessCall): void {
    const { it } = site;
    this.reported.add(site.node);
    const chain = [`${this.loopLabel(it)} (${this.where(this.doc, it.node)})`, `\`${a.display}\` (${this.where(this.doc, site.node)})`];
    const fixes = [batchLookupFix({ doc: this.doc, it, access: a }), concurrentLoopFix(this.doc, it)].filter((f) => f !== undefined);
    const destination = ownDestination(site.node, it, a);
    const statement = destination ? undefined : scriptStatement(site.node, it, a);
    const quiet = destination ? undefined : (statement ?? this.quietNote(it, site.node));
    this.addPerItemCall(it, {
      node: site.node,
      what: `\`${a.display}\``,
      unit: a.entry.unit,
      conditional: runsConditionally(it, site.node),
      mayBeFine: destination !== undefined || quiet !== undefined,
      descriptor: {
        node: site.node,
        message:
          this.message(it, a, `\`${a.display}\``, site.node) +
          (destination ? `; each goes to its own address (\`${shorten(destination.getText(this.doc.sourceFile))}\`), so there may be nothing to batch` : (quiet ?? '')),
        severity: destination || quiet ? 'info' : severityOf(it, site.node, a),
        related: [],
        fixes,
        explanation: explain(it, a, chain, this.collectionText(it)),
      },
    });
  }

  /**
   * Findings through a helper, by root cause (`loop position:helper:file:query position`), reported
   * when the file is done: a second call of the same helper in the same loop (the other branch of
   * an `if`, four conversions of one order) joins the first as a related location.
   */
  private readonly reachedQueries = new Map<string, PerItemCall>();

  /** `via`: what runs per item, when it is not the call itself (a function handed by name to `forEach`). */
  private reportIndirect(site: Site, calleeName: string, reach: Reach<DataAccessCall>, via = ts.isCallExpression(site.node) ? shorten(site.node.expression.getText(this.doc.sourceFile)) : calleeName): void {
    const { it } = site;
    // A getter read is named as read (`attachment.buffer`), a call as called (`readBuffer()`).
    const read = ts.isPropertyAccessExpression(site.node);
    const what = read ? `\`${shorten(site.node.getText(this.doc.sourceFile))}\`` : `\`${via}()\``;
    this.reported.add(site.node);
    const a = reach.match;
    const last = reach.steps[reach.steps.length - 1]!;
    // One root cause, one finding: four conversions per order through the same helper reach one
    // query; the first call in the loop stands for the others.
    const cause = `${it.node.pos}:${calleeName}:${last.doc.path}:${last.call.pos}`;
    const first = this.reachedQueries.get(cause);
    if (first) {
      first.descriptor.related.push({ path: this.doc.path, range: this.doc.nodeRange(site.node), message: `also ${read ? 'reads' : 'calls'} ${what} per item, reaching the same ${a.entry.unit}` });
      return;
    }
    const quiet = this.quietNote(it, site.node, calleeName, a);
    const related: RelatedLocation[] = reach.steps.map((s, i) => ({
      path: s.doc.path,
      range: s.doc.nodeRange(s.call),
      message: i === reach.steps.length - 1 ? `${a.entry.unit}: \`${a.display}\` (${a.entry.library})` : `${ts.isCallExpression(s.call) ? 'calls' : 'reads'} ${stepText(s)}`,
    }));
    const chain = [
      `${this.loopLabel(it)} (${this.where(this.doc, it.node)})`,
      `${what} (${this.where(this.doc, site.node)})`,
      ...reach.steps.map((s, i) =>
        i === reach.steps.length - 1 ? `\`${a.display}\` (${this.where(s.doc, s.call)})` : `${stepText(s)} (${this.where(s.doc, s.call)})`,
      ),
    ];
    const call: PerItemCall = {
      node: site.node,
      what,
      unit: a.entry.unit,
      conditional: runsConditionally(it, site.node),
      mayBeFine: quiet !== undefined,
      descriptor: {
        node: site.node,
        message: this.message(it, a, what, site.node) + `: it ${ts.isPropertyAccessExpression(a.node) ? 'reads' : 'calls'} \`${a.display}\` (${this.where(last.doc, last.call)})` + (quiet ?? ''),
        severity: quiet ? 'info' : severityOf(it, site.node, a),
        related,
        fixes: [concurrentLoopFix(this.doc, it)].filter((f) => f !== undefined),
        explanation: explain(it, a, chain, this.collectionText(it)),
      },
    };
    this.reachedQueries.set(cause, call);
    this.addPerItemCall(it, call);
  }

  /** "1 query per order: `prisma.orderItem.findMany` (Prisma) runs for each element of `orders`". */
  private message(it: Iteration, a: DataAccessCall, what: string, site?: ts.Node): string {
    const lib = a.entry.library === 'fetch' || what.includes(a.entry.library) ? '' : ` (${a.entry.library})`;
    const head = `1 ${a.entry.unit} per ${itemNoun(it)}: ${what}${lib} runs ${this.eachText(it)}`;
    const many = `N ${pluralUnit(a.entry.unit)}`;
    const loop = concurrencyTail(it, many);
    if (loop) return head + loop;
    if (site && firedAndForgotten(site, it, a)) return `${head}, not awaited, so they overlap, but still ${many}`;
    const gatherer = site && !a.entry.synchronous ? pushedForGathering(site) : undefined;
    if (gatherer) return `${head}, kept and awaited together in \`${gatherer}\`, but still ${many}`;
    if (a.entry.batchedWhenConcurrent?.includes(a.method)) return `${head}; awaited one at a time, so ${a.entry.library} cannot batch them`;
    return head;
  }

  /** "for each element of `orders`", "for each item taken from `queue`" … */
  private eachText(it: Iteration): string {
    const coll = this.collectionText(it);
    return it.kind === 'while'
      ? `for each item taken from \`${coll}\``
      : it.kind === 'for-in'
        ? `for each key of \`${coll}\``
        : it.kind === 'callback'
          ? `for each element of \`${coll}\` in its \`${it.method}\` callback`
          : `for each element of \`${coll}\``;
  }

  /**
   * One finding per loop: its per-item calls, gathered while the file is checked, merged when it is
   * done. Passes of the same kind over the same collection in one function (`topics.map(restore)`
   * then `topics.map(updateLastPost)` in one `Promise.all`) are one loop for this: the same items,
   * one fix (load or write them together).
   */
  private readonly perLoop = new Map<ts.Node | string, { it: Iteration; calls: PerItemCall[]; loops: Set<ts.Node> }>();

  private addPerItemCall(it: Iteration, call: PerItemCall): void {
    const fn = enclosingFunction(it.node);
    const key = it.collection ? `${fn?.pos ?? -1}:${it.kind}:${it.method ?? ''}:${it.inPromiseAll}:${it.collection.getText(this.doc.sourceFile)}` : it.node;
    const entry = this.perLoop.get(key) ?? { it, calls: [], loops: new Set() };
    entry.calls.push(call);
    entry.loops.add(it.node);
    this.perLoop.set(key, entry);
  }

  /**
   * Why every call of this loop may be fine (reported as `info`, the message saying so): the loop
   * runs at start-up, in install / upgrade / admin code, or over a list cut to a few items.
   */
  private loopQuietNote(it: Iteration): string | undefined {
    const startup = startupFunction(it.node);
    if (startup) return `; it runs ${processPhase(startup)} (\`${startup}\`), once per process, so it may be fine`;
    const oneOff = oneOffFile(this.doc.path);
    if (oneOff) return `; it is ${oneOff}, so it may be fine`;
    const bound = boundedCollection(it);
    if (bound) return `; the list holds ${bound}, so it may be fine`;
    const values = enumCollection(this.project, this.doc, it);
    if (values) return `; the list holds values of the enum \`${values.name}\` (${values.members} declared), so it may be fine`;
    const fn = runningFunction(it.node);
    const callers = fn && this.oneOffCallers(this.doc, fn, 2);
    return callers ? `; its function is called only ${callers}, so it may be fine` : undefined;
  }

  /**
   * "from install code (src/cli/reset.js)", "at start-up (`init`)": where every call of `fn` is
   * one-off code (scripts, set-up files, start-up functions), directly or through `depth` more
   * callers; undefined when one caller is not, or no caller is known.
   */
  private oneOffCallers(doc: SourceDoc, fn: ts.FunctionLikeDeclaration, depth: number): string | undefined {
    return this.project.nodeFact(fn, `n-plus-one:one-off-callers:${depth}`, () => {
      // Tests call anything: a function only tests call has callers this search cannot see (hooks, routes by reference).
      const sites = callSitesOf(this.project, doc, fn, { staticCallers: true })
        .map((site) => ({ ...site, role: fileRole(this.project, site.doc.path, site.doc.text) }))
        .filter((site) => site.role !== 'test code');
      if (sites.length === 0) return undefined;
      let first: string | undefined;
      for (const site of sites) {
        const file = path.posix.relative(packageRoot(this.project, this.doc.path) || commonSourceRoot(this.doc.path), site.doc.path);
        const role = site.role;
        const startup = startupFunction(site.call);
        const caller = runningFunction(site.call);
        const why =
          role && quietRoles.has(role)
            ? `from ${role} (${file})`
            : oneOffFile(site.doc.path)
              ? `from ${oneOffFile(site.doc.path)!.replace(/,.*/, '')} (${file})`
              : startup
                ? `${processPhase(startup)} (\`${startup}\`)`
                : caller && caller !== fn && depth > 0
                  ? this.oneOffCallers(site.doc, caller, depth - 1)
                  : undefined;
        if (!why) return undefined;
        first ??= why;
      }
      return first;
    });
  }

  /** `loopQuietNote`, or why this call may be fine: it runs only on an error path, delivers to each item's own recipient or federates the item. */
  private quietNote(it: Iteration, site: ts.Node, helper?: string, reached?: DataAccessCall): string | undefined {
    const loop = this.loopQuietNote(it);
    if (loop) return loop;
    if (onErrorPath(it, site)) return '; it runs only when an error is caught, so it may be fine';
    if (helper && deliversToItem(helper)) return `; each call delivers to its own recipient (\`${helper}()\`), so only its reads could be batched`;
    const activity = outgoingActivity(site);
    if (activity) return `; each is an outgoing federation activity (\`${activity}()\`) sent to that item's own audience, so there may be nothing to batch`;
    const recipient = helper && recipientOfItem(it, site);
    if (recipient) return `; each goes to its own recipient (\`${shorten(recipient.getText(this.doc.sourceFile))}\`), so there may be nothing to batch`;
    const address = reached?.entry.unit === 'request' ? ownAddressArgument(it, site) : undefined;
    if (address) return `; each goes to its own address (\`${shorten(address.getText(this.doc.sourceFile))}\`), so there may be nothing to batch`;
    return undefined;
  }

  private reportLoops(): void {
    for (const [, { it, calls, loops }] of this.perLoop) {
      const quiet = this.loopQuietNote(it);
      this.ctx.report(
        loopFinding(this.doc, calls, {
          noun: itemNoun(it),
          each: this.eachText(it) + (loops.size > 1 ? ` (in ${loops.size} passes)` : ''),
          tail: (plural) => (concurrencyTail(it, `${calls.length}N ${plural}`) ?? '') + (quiet ?? ''),
        }),
      );
    }
  }

  private collectionText(it: Iteration): string {
    return it.collection ? shorten(it.collection.getText(this.doc.sourceFile)) : 'the loop';
  }

  private loopLabel(it: Iteration): string {
    const coll = this.collectionText(it);
    switch (it.kind) {
      case 'callback':
        // `async.eachLimit(uids, …)`: a library's helper takes the collection as its argument.
        return it.method?.includes('.') ? `\`${it.method}(${coll}, …)\` callback` : `\`${coll}.${it.method}(…)\` callback`;
      case 'for-await':
        return `\`for await … of ${coll}\``;
      case 'for-of':
        return `\`for … of ${coll}\``;
      case 'for-in':
        return `\`for … in ${coll}\``;
      case 'for':
        return `\`for\` loop over \`${coll}\``;
      case 'while':
        return `\`while\` loop over \`${coll}\``;
    }
  }

  /** `src/orders.ts:12`, relative to the package root (or the file's folder). */
  private where(doc: SourceDoc, node: ts.Node): string {
    const line = doc.positionAt(node.getStart(doc.sourceFile)).line + 1;
    const root = packageRoot(this.project, this.doc.path) || commonSourceRoot(this.doc.path);
    return `${path.posix.relative(root, doc.path)}:${line}`;
  }
}

/** The names `fn`'s parameters bind where their arguments at `call` read any of `names` (`hydrate(ctx, product)` → `entity`, `({ id }) =>` → `id`). */
function parametersGiven(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration, names: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  call.arguments.forEach((a, i) => {
    const p = fn.parameters[i];
    if (p && readsAny(a, names)) readsIn(p.name, out);
  });
  return out;
}

/** A function a reach search entered, the call that entered it, and (once asked) the item's names in it. */
interface Entered {
  fn: ts.FunctionLikeDeclaration;
  call: ts.CallExpression;
  names: ReadonlySet<string> | undefined;
  callerNames: () => ReadonlySet<string> | undefined;
}

/** The entered function around `call` (its own, or one it is a callback in), if the search entered it. */
function enteredAround(call: ts.Node, entered: ReadonlyMap<ts.Node, Entered>): Entered | undefined {
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    const e = entered.get(fn);
    if (e) return e;
  }
  return undefined;
}

/** The names in an entered function that carry the item: the parameters its call fills from the item, and what they flow into (`const { id } = line`). */
function itemNamesIn(e: Entered | undefined): ReadonlySet<string> | undefined {
  if (!e) return undefined;
  if (e.names) return e.names;
  const outer = e.callerNames();
  if (!outer) return undefined;
  const params = parametersGiven(e.call, e.fn, outer);
  e.names = params.size === 0 || !e.fn.body ? params : itemDerivedNames({ kind: 'callback', node: e.fn, body: e.fn.body, items: params, concurrent: false, inPromiseAll: false });
  return e.names;
}

/** Memoising caches: `requestCache.get(ctx, key, loader)`, `cache.wrap(key, loader)`, `memo.remember(key, loader)`. */
const memoMethod = /^(get|getOrSet|getOrCreate|getOrAdd|getOrLoad|wrap|remember|rememberForever|memoize|fetch)$/;

/**
 * A call in a loader handed to a memoising cache whose key reads none of the item's names
 * (`cache.get(ctx, \`perms(${ctx.activeUserId})\`, () => loadUser(…))` inside a helper called per
 * channel): the first item loads, the others find it cached.
 */
function memoisedAcrossItems(call: ts.Node, fn: ts.FunctionLikeDeclaration, itemNames: () => ReadonlySet<string> | undefined): boolean {
  for (let n: ts.Node = call, p = call.parent; p && n !== fn; n = p, p = p.parent) {
    if (!ts.isCallExpression(p) || !ts.isFunctionLike(n) || !p.arguments.includes(n as ts.Expression)) continue;
    const callee = skipOuterExpressions(p.expression);
    if (!ts.isPropertyAccessExpression(callee) || !memoMethod.test(callee.name.text) || !/cache|memo/i.test(callee.expression.getText())) continue;
    const keys = p.arguments.filter((a) => a !== n && !ts.isFunctionLike(skipOuterExpressions(a)));
    const names = keys.length > 0 ? itemNames() : undefined;
    if (names && !keys.some((k) => readsAny(k, names))) return true;
  }
  return false;
}

/** A helper's call or getter read that runs whenever the helper does: not in a closure it only makes, not behind an option. */
function runsInHelper(n: ts.Node, within: FunctionRef): boolean {
  return runsWhenCalled(n, within.fn) && !guardedByOption(n, within.fn);
}

/**
 * Whether a call inside `fn` runs when `fn` is called: it sits in `fn`'s body or in callbacks
 * handed to calls there (`.then(cb)`, `map(cb)`, `transaction(cb)`, an IIFE), not in a closure
 * `fn` only creates (`return () => fetch(url)`, `{ perform: () => … }`).
 */
function runsWhenCalled(call: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  for (let n: ts.Node = call, p = call.parent; p && n !== fn; n = p, p = p.parent) {
    if (!ts.isFunctionLike(p) || p === fn) continue;
    let outer: ts.Node = p.parent;
    while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
    const isCallback = ts.isCallExpression(outer) && (outer.arguments.includes(p as ts.Expression) || skipOuterExpressions(outer.expression) === p);
    if (!isCallback || storesCallback(outer as ts.CallExpression, p)) return false;
  }
  return true;
}

/** Methods that keep a function in a list or map (`tasks.push(() => upload(f))`, `handlers.set(key, fn)`) for whoever runs it later. */
const storingMethods = /^(push|unshift|splice|set)$/;

/** `tasks.push(() => upload(file))`: the function is kept as a value, not run by the call it is handed to. */
function storesCallback(call: ts.CallExpression, fn: ts.Node): boolean {
  const callee = skipOuterExpressions(call.expression);
  return callee !== fn && ts.isPropertyAccessExpression(callee) && storingMethods.test(callee.name.text);
}

/**
 * Whether a call in a helper only runs when the caller opts in: it sits under a condition on an
 * optional parameter (`if (options?.signedUrls) await Attachment.findAll(…)`). Most loops call
 * such helpers without the option, so following the call would report a query that never runs.
 * The other branch is the default path and runs (`if (options.channelId != null) { … } else {
 * await repo.findOne(…) }`, `options.cached ?? await repo.findOne(…)`).
 */
function guardedByOption(call: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  const optional = new Set<string>();
  for (const p of fn.parameters) if (p.questionToken || p.initializer) readsIn(p.name, optional);
  if (optional.size === 0) return false;
  for (let n: ts.Node = call, p = call.parent; p && p !== fn; n = p, p = p.parent) {
    // The condition, and whether `n` runs when it holds.
    const branch: [ts.Expression, boolean] | undefined =
      ts.isIfStatement(p) && n !== p.expression
        ? [p.expression, n === p.thenStatement]
        : ts.isConditionalExpression(p) && n !== p.condition
          ? [p.condition, n === p.whenTrue]
          : ts.isBinaryExpression(p) && n === p.right && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken
            ? [p.left, true]
            : ts.isBinaryExpression(p) && n === p.right && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(p.operatorToken.kind)
              ? [p.left, false]
              : undefined;
    if (branch && readsAny(branch[0], optional) && branch[1] === holdsWithOption(branch[0])) return true;
  }
  return false;
}

/** Whether a condition on an option holds when the caller passes it (`opts.x`, `opts.x != null`), or when it does not (`!opts.x`, `opts.x == null`). */
function holdsWithOption(cond: ts.Expression): boolean {
  const e = skipOuterExpressions(cond);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return !holdsWithOption(e.operand);
  if (ts.isBinaryExpression(e) && (isNothing(e.left) || isNothing(e.right))) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsEqualsToken) return false;
  }
  return true;
}

/** Methods that run the SQL text they are handed (not `run`: a prepared statement's `run(params)` takes parameters). */
const rawSqlMethod = /^(query|exec|execute|raw|none|multi|unsafe|executeQuery)$/;

/**
 * `for (const statement of statements) await R.exec(statement)`: the item is the whole statement,
 * a script's steps (a patch file split on `;`, the ALTERs of a column change) run in order. Each
 * is different SQL, so there may be nothing to batch. Not when the item is only a parameter.
 */
function scriptStatement(call: ts.Node, it: Iteration, a: DataAccessCall): string | undefined {
  if (a.entry.unit !== 'query' || !rawSqlMethod.test(a.method) || !ts.isCallExpression(call) || call.arguments.length === 0) return undefined;
  const sql = skipOuterExpressions(call.arguments[0]!);
  return ts.isIdentifier(sql) && it.items.has(sql.text) ? `; each item is a statement of its own (\`${sql.text}\`), run in order, so there may be nothing to batch` : undefined;
}

/**
 * The URL of a request when it is the item's own (`axios.post(channel.webhookUrl, …)`,
 * `fetch(hook.url)`, a mail `to: user.email`): one request per destination cannot be batched, unlike
 * `fetch(\`/api/items/${id}\`)`, which asks one API about each item.
 */
function ownDestination(call: ts.Node, it: Iteration, a: DataAccessCall): ts.Expression | undefined {
  if (a.entry.unit !== 'request' || !ts.isCallExpression(call) || call.arguments.length === 0) return undefined;
  let url = skipOuterExpressions(call.arguments[0]!);
  // `const mailOptions = { to: …, subject }; await transport.sendMail(mailOptions)`: the options built just before.
  const built = ts.isIdentifier(url) ? constInitializer(url) : undefined;
  if (built && ts.isObjectLiteralExpression(skipOuterExpressions(built))) url = skipOuterExpressions(built);
  // `transporter.sendMail({ to: user.email, … })`, `got({ url: hook.url })`.
  if (ts.isObjectLiteralExpression(url)) {
    const to = url.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && /^(to|url|uri|endpoint)$/.test(p.name.getText()));
    if (!to) return undefined;
    // A mail's recipient is the item's own however it is formatted (`to: format(email.recipient_email, email.recipient_name)`).
    if (to.name.getText() === 'to' && readsAny(to.initializer, itemDerivedNames(it))) return to.initializer;
    url = skipOuterExpressions(to.initializer);
  }
  let root: ts.Expression = url;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
  return ts.isIdentifier(root) && it.items.has(root.text) ? url : undefined;
}

function commonSourceRoot(p: string): string {
  const m = /^(.*?)\/(src|app|pages|lib|server|api|routes|controllers|services|resolvers|graphql)\//.exec(p);
  return m ? m[1]! : path.posix.dirname(p);
}

/** A step of a helper chain as messages name it: `` `load()` `` for a call, `` `group.memberCount` `` for a getter read. */
function stepText(s: CallStep): string {
  return ts.isCallExpression(s.call) ? `\`${shorten(s.call.expression.getText(s.doc.sourceFile))}()\`` : `\`${shorten(s.call.getText(s.doc.sourceFile))}\``;
}

/** The function a loop runs in when it is called: its own, or the one whose callback runs it at once (`items.forEach(…)`). */
function runningFunction(n: ts.Node): ts.FunctionLikeDeclaration | undefined {
  let fn = enclosingFunction(n);
  while (fn) {
    const call = fn.parent;
    const callee = call && ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression) ? skipOuterExpressions(call.expression) : undefined;
    const method = callee && (ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '');
    if (!method || !runsCallbackNow.test(method)) return fn;
    fn = enclosingFunction(fn);
  }
  return undefined;
}

/**
 * Start-up work: NestJS lifecycle hooks, `init…` / `bootstrap` / `setup…` / `seed…`, and module
 * definitions synced to the database `…FromDisk`. It runs once per process, not per request, so
 * its per-item queries are worth knowing (info) but rarely worth batching.
 */
const startupName = /^(init|initialize|bootstrap|setup|seed|onModuleInit|onApplicationBootstrap)(?![a-z])|FromDisk$/;

/** Shutdown work: NestJS's hooks, and `shutdown` / `teardown`. Like start-up, once per process. */
const shutdownName = /^(shutdown|teardown|onModuleDestroy|beforeApplicationShutdown|onApplicationShutdown)(?![a-z])/;

/** The end of a lifecycle pair, when the class also has a start-up method (`isLifecycleEnd`). */
const lifecycleEndName = /^(destroy|dispose|close)$/;

/**
 * `destroy()` / `dispose()` / `close()` beside an `init()` in the same class: the lifecycle pair of
 * a strategy or plugin (the framework calls `init` at start-up and `destroy` at shutdown). Alone,
 * `destroy` is as likely a controller action that runs per request.
 */
function isLifecycleEnd(fn: ts.FunctionLikeDeclaration, name: string): boolean {
  if (!lifecycleEndName.test(name) || !ts.isMethodDeclaration(fn) || !ts.isClassLike(fn.parent)) return false;
  return fn.parent.members.some((m) => ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name) && startupName.test(m.name.text));
}

/** "at start-up" or "at shutdown", for the name `startupFunction` found. */
function processPhase(name: string): string {
  return shutdownName.test(name) || lifecycleEndName.test(name) ? 'at shutdown' : 'at start-up';
}

/** Calls that run the callback they are handed now, within the caller: the caller's start-up is the callback's too. */
const runsCallbackNow = /^(forEach|map|flatMap|filter|reduce|some|every|find|then|catch|finally|all|allSettled|transaction|\$transaction)$/;

/**
 * The start-up function the loop runs in, by name: its own function, or one it is a callback of
 * that runs it at once (`init() { items.forEach(async (x) => …) }`). A callback handed to anything
 * else (`passport.use(new Strategy(async (profile) => …))`, a route) runs later, per request.
 */
function startupFunction(loop: ts.Node): string | undefined {
  for (let fn = enclosingFunction(loop); fn; fn = enclosingFunction(fn)) {
    const name = defaultExportModule(fn) ?? functionName(fn).split('.').pop()!;
    if (startupName.test(name) || shutdownName.test(name) || isLifecycleEnd(fn, name)) return name;
    const call = fn.parent;
    const callee = call && ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression) ? skipOuterExpressions(call.expression) : undefined;
    const method = callee && (ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '');
    if (!method || !runsCallbackNow.test(method)) return undefined;
  }
  return undefined;
}

/**
 * `export default async function (…)` in `setupTaskService.ts`: an unnamed default export is named
 * by its module, as its importers name it (`import setupTaskService from './setupTaskService'`).
 */
function defaultExportModule(fn: ts.FunctionLikeDeclaration): string | undefined {
  const unnamed = (ts.isFunctionDeclaration(fn) && !fn.name && fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) || (ts.isExportAssignment(fn.parent) && !fn.parent.isExportEquals);
  if (!unnamed) return undefined;
  const file = fn.getSourceFile().fileName;
  return file.slice(file.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');
}

/** What holds for every call of a loop whose calls are gathered: `, concurrently in \`Promise.all\`, but still N queries`. */
function concurrencyTail(it: Iteration, many: string): string | undefined {
  if (it.inPromiseAll && it.gatheredBy === '$transaction') return `, batched in one \`$transaction\`, but still ${many}`;
  if (it.inPromiseAll) return `, concurrently in \`${it.gatheredBy && !/^Promise\.(all|allSettled|any|race)$/.test(it.gatheredBy) ? it.gatheredBy : 'Promise.all'}\`, but still ${many}`;
  return undefined;
}

function severityOf(it: Iteration, site: ts.Node, a: DataAccessCall): Severity | undefined {
  // Overlapping queries cost the database N queries but not N round trips of latency.
  return it.inPromiseAll || firedAndForgotten(site, it, a) || (!a.entry.synchronous && pushedForGathering(site) !== undefined) ? 'info' : undefined;
}

/**
 * `for (const l of links) cache.del(key(l));`, `void audit.log(x)`, `q.add(job).catch(log)` as a
 * statement of a loop: nothing waits for the call, so the N calls overlap like `Promise.all`'s.
 */
function firedAndForgotten(site: ts.Node, it: Iteration, a: DataAccessCall): boolean {
  if (it.kind === 'callback' || a.entry.synchronous) return false;
  let n: ts.Node = site;
  for (;;) {
    const p = n.parent;
    if (!p) return false;
    if (ts.isParenthesizedExpression(p) || ts.isVoidExpression(p)) n = p;
    // `.catch(log)` / `.then(…)` chained on the call: still nobody waits for the chain.
    else if (ts.isPropertyAccessExpression(p) && p.expression === n && /^(then|catch|finally)$/.test(p.name.text) && ts.isCallExpression(p.parent) && p.parent.expression === p) n = p.parent;
    else return ts.isExpressionStatement(p);
  }
}

function shorten(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 50 ? one.slice(0, 47) + '…' : one;
}

/** `orders` → 'order', `user.categories` → 'category', else the item's own name, else 'item'. */
export function itemNoun(it: Iteration): string {
  // `for (const id in labels)` iterates keys, not labels.
  const c = it.kind === 'for-in' ? undefined : it.collection && skipOuterExpressions(it.collection);
  const last = c && (ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : undefined);
  if (last) {
    const single = singular(last);
    if (single) return single;
  }
  const item = [...it.items][0];
  return item && item.length > 1 && !/^(_|i|j|k|idx|index)$/.test(item) ? item : 'item';
}

function singular(word: string): string | undefined {
  if (/[^s]ss$|us$|is$/.test(word) || !/[a-z]s$/.test(word)) return undefined;
  if (/ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(sses|xes|ches|shes|zes)$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

function explain(it: Iteration, a: DataAccessCall, chain: string[], coll: string): string {
  const unit = a.entry.unit;
  const plural = unit === 'query' ? 'queries' : unit === 'request' ? 'requests' : 'round trips';
  const cost = it.gatheredBy === '$transaction'
    ? `Prisma sends the batch together and runs it in one transaction, but the database still executes one statement per element of \`${coll}\`, one after another: a list of 500 is 500 statements holding the transaction open.`
    : it.inPromiseAll
    ? `The ${plural} run concurrently, so the wait is about one round trip, but the ${unit === 'request' ? 'server' : 'database'} still handles one ${unit} per element of \`${coll}\`: a list of 500 is 500 ${plural} and connection-pool slots.`
    : `Each ${unit} waits for the previous one: with 2 ms per round trip, 500 elements of \`${coll}\` cost a second before anything else happens.`;
  const fix = batchAdvice(a);
  return callChainExplanation(`**N+1: one ${a.entry.library} ${unit} per element.** ${cost}`, chain, fix);
}

function batchAdvice(a: DataAccessCall): string {
  switch (a.entry.library) {
    case 'Prisma':
      return 'collect the keys and issue one `findMany({ where: { id: { in: ids } } })` (or use `include`), then look rows up in a `Map`.';
    case 'Sequelize':
      return 'collect the keys and issue one `findAll({ where: { id: ids } })` (or eager-load with `include`), then look rows up in a `Map`.';
    case 'TypeORM':
      return 'collect the keys and issue one `findBy({ id: In(ids) })` (or load the relation with `relations`), then look rows up in a `Map`.';
    case 'Mongoose':
    case 'MongoDB':
      return 'collect the keys and issue one `find({ _id: { $in: ids } })` (or `populate`), then look documents up in a `Map`.';
    case 'DataLoader':
      return 'call `load` for every key before awaiting any, e.g. `await Promise.all(keys.map((k) => loader.load(k)))`, so DataLoader can batch them.';
    case 'Redis':
      return 'fetch all keys in one round trip with `mget`/`hmget` or a pipeline.';
    default:
      return a.entry.unit === 'request'
        ? 'use a batch endpoint if the API has one; otherwise issue the requests concurrently (`Promise.all` with a concurrency limit).'
        : 'rewrite the query to take all keys at once (`WHERE id = ANY($1)` / `IN (…)`), then look rows up in a `Map`.';
  }
}
