/**
 * Code that runs only on a cache miss: the factory handed to a keyed cache lookup
 * (`requestContextCache.get(ctx, key, async () => …)`, `cache.getOrSet(key, () => …)`,
 * `cache.wrap(key, fn)`, `remember(key, fn)`). A helper that queries inside such a factory queries
 * once per key, so a loop calling it for every item of a list does not query per item (the key is
 * the active user's, the request's, a setting's); a search for per-item queries leaves it.
 */
import ts from 'typescript';
import { skipOuterExpressions } from './bindings';

/** Methods and functions that return a cached value and compute it with the given function on a miss. */
const cacheLookups = /^(get|getOrSet|getOrCreate|getOrAdd|getOrLoad|getOrCompute|getCached|wrap|remember|rememberForever|memo|cached|withCache)$/;

/** Whether `node`, inside `fn`, sits in the factory of a keyed cache lookup made in `fn`. */
export function runsOnCacheMiss(node: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  for (let n: ts.Node = node, p = node.parent; p && n !== fn; n = p, p = p.parent) {
    if (!ts.isFunctionLike(p) || p === fn) continue;
    const call = p.parent;
    if (call && ts.isCallExpression(call) && isCacheLookup(call, p)) return true;
  }
  return false;
}

/** `cache.get(key, factory)`: a named lookup, a key before the factory, the factory last. */
function isCacheLookup(call: ts.CallExpression, factory: ts.Node): boolean {
  const args = call.arguments;
  if (args.length < 2 || skipOuterExpressions(args[args.length - 1]!) !== factory) return false;
  const callee = skipOuterExpressions(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!name || !cacheLookups.test(name)) return false;
  // `client.get(key, (err, value) => …)`: a node-style completion callback runs after every lookup.
  const first = ts.isFunctionLike(factory) ? factory.parameters[0] : undefined;
  if (first && ts.isIdentifier(first.name) && /^e(rr|rror)?$/i.test(first.name.text)) return false;
  // The key: a string, a template or a name (routes take a path literal and a handler: those are registrations, not lookups).
  const key = skipOuterExpressions(args[args.length - 2]!);
  return ts.isTemplateExpression(key) || ts.isNoSubstitutionTemplateLiteral(key) || ts.isIdentifier(key) || ts.isPropertyAccessExpression(key) || ts.isCallExpression(key) || (ts.isStringLiteral(key) && !key.text.startsWith('/'));
}
