/**
 * Where a per-item call sits, beyond "in a loop": facts that make an N+1 at most once per loop
 * (a branch taken for one key of an object), rare (an error path), small (a list cut to a few
 * items) or one-off (install, upgrade and admin code), or a delivery to each item's own recipient.
 * n-plus-one drops the first and reports the others as `info`, with a message that says why.
 */
import ts from 'typescript';
import { skipOuterExpressions } from './bindings';
import { constInitializer, type Iteration } from './loops';

/** The ancestors of `call` up to (not including) `stop`, innermost first, with the child each was reached from. */
function* ancestorsUpTo(stop: ts.Node, call: ts.Node): Generator<{ node: ts.Node; from: ts.Node }> {
  for (let from = call, p = call.parent; p && from !== stop; from = p, p = p.parent) yield { node: p, from };
}

/** The ancestors of `call` up to (not including) the loop's per-item body. */
function ancestorsInLoop(it: Iteration, call: ts.Node): Generator<{ node: ts.Node; from: ts.Node }> {
  return ancestorsUpTo(it.body, call);
}

const isLiteral = (e: ts.Expression) => ts.isStringLiteralLike(e) || ts.isNumericLiteral(e);

/**
 * The name the loop binds the whole item to (`prop` in `for (const prop of keys)`, `field` in
 * `fields.map((field) => …)`), not a field destructured from it: `({ type }) => switch (type)`
 * branches on a property every item has, and each branch runs for many items.
 */
function wholeItemName(it: Iteration): string | undefined {
  const n = it.node;
  let name: ts.BindingName | undefined;
  if ((ts.isForOfStatement(n) || ts.isForInStatement(n)) && ts.isVariableDeclarationList(n.initializer)) name = n.initializer.declarations[0]?.name;
  else if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) name = n.parameters[it.method === 'reduce' || it.method === 'reduceRight' ? 1 : 0]?.name;
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

/** `prop === 'assignee'` (either side, `==` too) where `prop` is the loop's whole item. */
function itemEqualsLiteral(cond: ts.Expression, item: string): boolean {
  const e = skipOuterExpressions(cond);
  if (!ts.isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) return itemEqualsLiteral(e.left, item) || itemEqualsLiteral(e.right, item);
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
  const [l, r] = [skipOuterExpressions(e.left), skipOuterExpressions(e.right)];
  const isItem = (x: ts.Expression) => ts.isIdentifier(x) && x.text === item;
  return (isItem(l) && isLiteral(r)) || (isItem(r) && isLiteral(l));
}

/**
 * The call runs for one value of the item only: `for (const prop of Object.keys(changeset)) { if
 * (prop === 'assignee') await notify(…) }`, a `case 'email':` of `switch (field)`. A loop over the
 * fields of one object takes that branch at most once: one call, not one per item.
 */
export function runsForOneKey(it: Iteration, call: ts.Node): boolean {
  const item = wholeItemName(it);
  if (!item) return false;
  for (const { node, from } of ancestorsInLoop(it, call)) {
    if (ts.isIfStatement(node) && from === node.thenStatement && itemEqualsLiteral(node.expression, item)) return true;
    if (ts.isConditionalExpression(node) && from === node.whenTrue && itemEqualsLiteral(node.condition, item)) return true;
    if (ts.isBinaryExpression(node) && from === node.right && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && itemEqualsLiteral(node.left, item)) return true;
    if (ts.isCaseClause(node) && isLiteral(skipOuterExpressions(node.expression))) {
      const on = skipOuterExpressions(node.parent.parent.expression);
      if (ts.isIdentifier(on) && on.text === item) return true;
    }
  }
  return false;
}

/** The call sits in a branch of the loop body (`if`, `case`, `?:`, `&&`): not every item makes it. */
export function runsConditionally(it: Iteration, call: ts.Node): boolean {
  for (const { node, from } of ancestorsInLoop(it, call)) {
    if (ts.isIfStatement(node) && from !== node.expression) return true;
    if (ts.isCaseClause(node) || ts.isDefaultClause(node)) return true;
    if (ts.isConditionalExpression(node) && from !== node.condition) return true;
    if (ts.isBinaryExpression(node) && from === node.right && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(node.operatorToken.kind)) return true;
  }
  return false;
}

/**
 * The call runs only when something failed: in a `catch` block or a `.catch(…)` handler inside the
 * loop (`catch (e) { await inbox.reject(…) }`). Errors are the exception, so N such calls are rare.
 */
export function onErrorPath(it: Iteration, call: ts.Node): boolean {
  return onErrorPathWithin(it.body, call);
}

/**
 * The call runs only when something failed, within `scope` (a loop body, a function): in a `catch`
 * block or a `.catch(…)` handler written there. sync-in-handler asks it of a function on a request path.
 */
export function onErrorPathWithin(scope: ts.Node, call: ts.Node): boolean {
  for (const { node, from } of ancestorsUpTo(scope, call)) {
    if (ts.isCatchClause(node)) return true;
    if (ts.isFunctionLike(node) && ts.isCallExpression(node.parent) && node.parent.arguments.includes(node as ts.Expression) && from !== node.parent) {
      const callee = skipOuterExpressions(node.parent.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'catch') return true;
    }
  }
  return false;
}

/** Lists cut to at most this many items are small enough that N calls may well be fine. */
const smallBound = 50;

/**
 * "at most 20": the loop's collection is cut to a few items, by a literal (`sids.slice(0, 20)`) or
 * a configured maximum (`tags.slice(0, meta.config.maximumTagsPerTopic)`), directly or through a
 * `const` holding the cut list.
 */
export function boundedCollection(it: Iteration): string | undefined {
  let e = it.collection && skipOuterExpressions(it.collection);
  if (e && ts.isIdentifier(e)) e = constInitializer(e) && skipOuterExpressions(constInitializer(e)!);
  while (e && ts.isAwaitExpression(e)) e = skipOuterExpressions(e.expression);
  const configured = e && configuredList(e);
  if (configured) return `only what the configuration declares (\`${configured}\`)`;
  const registry = it.collection && codeRegistry(skipOuterExpressions(it.collection));
  if (registry) return `only what the code declares (\`${registry}\`, imported)`;
  if (!e || !ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'slice') return undefined;
  const [start, end] = e.arguments.map((a) => skipOuterExpressions(a));
  const bound = end ?? start;
  if (!bound || (end && !(start && ts.isNumericLiteral(start) && Number(start.text) === 0))) return undefined;
  if (ts.isNumericLiteral(bound) && Number(bound.text) <= smallBound) return `at most ${bound.text} items`;
  if (ts.isPrefixUnaryExpression(bound) && bound.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(bound.operand) && Number(bound.operand.text) <= smallBound) return `at most ${bound.operand.text} items`;
  const name = ts.isIdentifier(bound) ? bound.text : ts.isPropertyAccessExpression(bound) ? bound.name.text : '';
  return /^(max|limit)|(Max|Limit)/.test(name) ? `at most \`${name}\` items` : undefined;
}

/**
 * `for (const name in processors)` where `import processors from '../queues/processors'`,
 * `Object.values(handlers)`: a registry a module exports (processors, handlers, languages), as long
 * as the code that declares it, not the data. Only the imported binding itself: a call or a property
 * read off it (`models.User.findAll()`, `plugins.loaded`) may be data.
 */
function codeRegistry(collection: ts.Expression): string | undefined {
  let e = collection;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'Object' && /^(keys|values|entries)$/.test(e.expression.name.text) && e.arguments[0]) e = skipOuterExpressions(e.arguments[0]);
  if (!ts.isIdentifier(e)) return undefined;
  const name = e.text;
  const imported = e.getSourceFile().statements.some((st) => {
    if (!ts.isImportDeclaration(st) || !st.importClause || st.importClause.isTypeOnly || !ts.isStringLiteral(st.moduleSpecifier) || !st.moduleSpecifier.text.startsWith('.')) return false;
    const c = st.importClause;
    if (c.name?.text === name) return true;
    const b = c.namedBindings;
    return !!b && (ts.isNamespaceImport(b) ? b.name.text === name : b.elements.some((el) => el.name.text === name));
  });
  return imported ? name : undefined;
}

/** Names of an app's configuration objects: `this.configService`, `config`, `getConfig()`. */
const configName = /^(config|configService|configuration|getConfig|appConfig)$/;

/**
 * `this.configService.customFields[entity].filter(isRelation)`, `config.plugins`: a list the
 * developer declares in the app's configuration (custom fields, plugins, interceptors, channels),
 * as long as the configuration, not the data. Its text up to the configured value, or undefined.
 */
function configuredList(list: ts.Expression): string | undefined {
  let e: ts.Expression = list;
  // Filters and maps of the configured list keep its length bounded by the configuration.
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && /^(filter|map|slice|concat|flat|values|keys|entries)$/.test(e.expression.name.text)) e = skipOuterExpressions(e.expression.expression);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === 'Object' && e.arguments[0]) e = skipOuterExpressions(e.arguments[0]);
  for (let x: ts.Expression = e; ; ) {
    x = skipOuterExpressions(x);
    const name = ts.isIdentifier(x) ? x.text : ts.isPropertyAccessExpression(x) ? x.name.text : ts.isCallExpression(x) && ts.isIdentifier(x.expression) ? x.expression.text : undefined;
    if (name && configName.test(name)) {
      const text = e.getText().replace(/\s+/g, ' ');
      return text.length > 50 ? text.slice(0, 47) + '…' : text;
    }
    // `this.configService.get('channels')`: the receiver of a getter call.
    if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression)) x = x.expression.expression;
    else if (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) x = x.expression;
    else return undefined;
  }
}

/**
 * One-off code by its file: an installer, an upgrade or migration runner, or an admin area, whose
 * per-item work runs once at set-up or on a rare administrator's action.
 */
export function oneOffFile(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');
  if (/^(install|installer|upgrade|upgrader|migrate|migrator|setup)$/i.test(base)) return `${base} code, run once at set-up or upgrade`;
  // An admin folder, an `admin.ts` of routes or views, a package of admin models (`saltcorn-admin-models/`).
  if (/\/admin\/|\/admin\.[cm]?[jt]sx?$|\/[\w-]*-admin(-[\w-]*)?\//.test(path)) return 'admin code, run on an administrator\'s action';
  return undefined;
}

/**
 * A helper that delivers something to the item (`sendInvitationEmail(email)`, `notifyFollowers(topic)`,
 * `pushCount(uid)`): each delivery has its own recipient, so only its reads could be batched.
 */
export function deliversToItem(helperName: string): boolean {
  const last = helperName.split('.').pop() ?? helperName;
  // `sendRequest(item)` or `pushJob(item)` asks one API or queue per item: a delivery names what it delivers.
  return /^(notify|broadcast)(?![a-z])|^(send|deliver|push|email|mail)\w*(Email|Mail|Notification|Notice|Message|Invit|Alert|Sms|SMS|Webhook|Digest|Reminder|Count)/.test(last);
}

/**
 * `new DocumentUpdatedEmail({ to: subscription.email, … }).schedule()`, `mailer.enqueue({ to: user.email })`
 * through a helper: a message to the item's own recipient, named in an object handed to the call
 * or to the object it is made on. Each goes somewhere else, so there may be nothing to batch.
 */
export function recipientOfItem(it: Iteration, call: ts.Node): ts.Expression | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const args: ts.Expression[] = [...call.arguments];
  for (let e = skipOuterExpressions(call.expression); ; ) {
    if (ts.isPropertyAccessExpression(e)) e = skipOuterExpressions(e.expression);
    else if (ts.isCallExpression(e)) {
      args.push(...e.arguments);
      e = skipOuterExpressions(e.expression);
    } else {
      if (ts.isNewExpression(e)) args.push(...(e.arguments ?? []));
      break;
    }
  }
  for (const a of args) {
    const obj = skipOuterExpressions(a);
    if (!ts.isObjectLiteralExpression(obj)) continue;
    for (const p of obj.properties) {
      if (!ts.isPropertyAssignment(p) || !/^(to|recipient|recipients|email)$/.test(p.name.getText())) continue;
      let root = skipOuterExpressions(p.initializer);
      while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
      if (ts.isIdentifier(root) && it.items.has(root.text)) return p.initializer;
    }
  }
  return undefined;
}

/**
 * `FileStorage.storeFromUrl(item.url, …)`, `deliver(hook.webhookUrl, body)`: a helper handed the
 * item's own address, so the request it makes goes to a different place for each item.
 */
export function ownAddressArgument(it: Iteration, call: ts.Node): ts.Expression | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  for (const a of call.arguments) {
    const e = skipOuterExpressions(a);
    if (!ts.isPropertyAccessExpression(e) || !/(url|uri|href|endpoint|webhook)$/i.test(e.name.text)) continue;
    let root: ts.Expression = e;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
    if (ts.isIdentifier(root) && it.items.has(root.text)) return e;
  }
  return undefined;
}

/** The names of a callee's property chain: `activitypub.out.create.note` → activitypub, out, create, note. */
function calleeNames(call: ts.CallExpression): string[] {
  const names: string[] = [];
  let e = skipOuterExpressions(call.expression);
  while (ts.isPropertyAccessExpression(e)) {
    names.unshift(e.name.text);
    e = skipOuterExpressions(e.expression);
  }
  if (ts.isIdentifier(e)) names.unshift(e.text);
  return names;
}

/**
 * `activitypub.out.create.note(uid, pid)`, `federation.outbox.announce(…)`, `federatePost(post)`: an
 * outgoing federation activity (ActivityPub's outbox) for the item, delivered to the inboxes of
 * that item's own audience. Each item's activity is its own fan-out to its own destinations, so
 * there is nothing to batch across items.
 */
export function outgoingActivity(call: ts.Node): string | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const names = calleeNames(call);
  const federated = names.some((n) => /^(activity_?pub|federation|fediverse)$/i.test(n)) && names.some((n) => /^(out|outbox)$/i.test(n));
  return federated || /^federate([A-Z]|$)/.test(names[names.length - 1] ?? '') ? names.join('.') : undefined;
}
