/**
 * The N+1 batch rewrite: one query for every item's key before the loop, a `Map` from key to
 * row, and a lookup where the per-item query was.
 *
 *   for (const order of orders) {
 *     const customer = await prisma.customer.findUnique({ where: { id: order.customerId } });
 *   →
 *   const customerById = new Map((await prisma.customer.findMany({ where: { id: { in: orders.map((order) => order.customerId) } } })).map((row) => [row.id, row] as const));
 *   for (const order of orders) {
 *     const customer = customerById.get(order.customerId) ?? null;
 *
 * One form per library: Prisma `findUnique`/`findFirst` → `findMany({ where: { k: { in } } })`,
 * Sequelize `findByPk` → `findAll({ where: { id } })`, TypeORM `findOneBy`/`findOne` →
 * `findBy`/`find` with `In()`, Mongoose `findById` → `find({ _id: { $in } })`, and SQL literals
 * `WHERE col = $1` → `WHERE col = ANY($1)` grouped by the column. The lookup keeps the
 * per-item result's type (`T | null`, or `{ rows }` for SQL), so the code after it compiles.
 */
import ts from 'typescript';
import type { Fix } from '../engine/finding';
import type { SourceDoc } from '../engine/source';
import { propertyNameText, skipOuterExpressions } from '../analysis/bindings';
import type { DataAccessCall } from '../analysis/data-access';
import { readsIn, type Iteration } from '../analysis/loops';
import { EditPlan } from './edit-plan';
import { detectStyle } from './file-style';
import { collectImports, freeName, moduleStyleOf, takenNames } from './module-bindings';

export interface BatchSite {
  doc: SourceDoc;
  it: Iteration;
  access: DataAccessCall;
}

/** What a library's batch form needs: the query before the loop and the lookup in it. */
export interface BatchForm {
  /** The batched query, given the expression for all keys. */
  query(keys: string): string;
  /** The key of each row (`row` is the parameter's name). */
  rowKey: string;
  /** The key's expression per item, as written in the loop. */
  key: ts.Expression;
  /** How the loop looks its key up, when it differs from the key itself (`String(id)` for ObjectIds). */
  lookupKey?: (key: string) => string;
  /** Map name stem: 'customer' → customerById. */
  stem: string;
  keyName: string;
  /** 'one': rows by key, lookup `?? null`; 'rows': grouped rows, lookup `{ rows: … ?? [] }`. */
  /** 'tuple': mysql2's `[rows, fields]`, lookup `[… ?? []]`. */
  shape: 'one' | 'many' | 'rows' | 'tuple' | 'values';
  /** Names the query needs from the library, e.g. TypeORM's `In`. */
  needs?: { module: string; name: string };
  title: string;
}

export function batchLookupFix(site: BatchSite): Fix | undefined {
  const { doc, it, access } = site;
  const sf = doc.sourceFile;
  const call = access.node;
  if (!ts.isCallExpression(call)) return undefined;
  const awaited = awaitOf(call);
  if (!awaited) return undefined;
  const loop = loopShape(it, sf);
  if (!loop) return undefined;
  // The hoisted query awaits, so the loop must sit in an async function.
  const fn = ts.findAncestor(loop.anchor.parent, ts.isFunctionLike);
  if (!fn || !(ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async)) return undefined;
  if (ts.findAncestor(call.parent, ts.isFunctionLike) !== (it.kind === 'callback' ? it.node : fn)) return undefined;

  const form = formFor(access, call, sf);
  if (!form || !keyReadsOnlyItem(form.key, it)) return undefined;
  if (form.shape === 'rows' && !usesRowsOnly(awaited)) return undefined;
  if (form.shape === 'tuple' && !usesFirstOnly(awaited)) return undefined;
  const typed = doc.kind === 'ts' || doc.kind === 'tsx';

  const imports = collectImports(sf);
  const taken = takenNames(sf);
  const style = detectStyle(sf);
  const plan = new EditPlan(doc, style, moduleStyleOf(sf, imports), imports, taken);
  const mapName = freeName(taken, `${form.stem}${form.shape === 'many' ? 's' : ''}By${capitalize(form.keyName)}`);
  taken.add(mapName);
  const needed = form.needs ? plan.bind(form.needs.module, form.needs.name, false) : undefined;
  const keyText = form.key.getText(sf);
  const keys = `${loop.collection}.map((${loop.param}) => ${keyText})`;
  const query = form.query(keys).replace('$NEEDED', needed ?? '');
  const semi = style.semicolon ? ';' : '';
  const indent = indentOf(sf.text, loop.anchor.getStart(sf));
  const eol = style.eol;
  let declaration: string;
  if (form.shape === 'values') {
    // Redis MGET answers in key order: pair each value with the key it was asked for.
    const keysName = freeName(taken, `${form.stem}Keys`);
    taken.add(keysName);
    declaration = [
      `const ${keysName} = ${keys}${semi}`,
      `const ${mapName} = new Map((await ${form.query(keysName)}).map((value, i) => [${keysName}[i], value] as const))${semi}`,
    ].join(`${eol}${indent}`);
  } else if (form.shape === 'one') {
    declaration = `const ${mapName} = new Map((await ${query}).map((row) => [${form.rowKey}, row] as const))${semi}`;
  } else if (form.shape === 'many') {
    const rows = freeName(taken, `${form.stem}Rows`);
    taken.add(rows);
    declaration = groupedDeclaration(mapName, rows, `await ${query}`, form.rowKey, semi, typed).join(`${eol}${indent}`);
  } else {
    // SQL drivers type rows loosely (pg: any, mysql2: a union of result kinds), so the map holds any[].
    const source = form.shape === 'rows' ? `(await ${query}).rows` : `(await ${query})[0]${typed ? ' as any[]' : ''}`;
    declaration = [
      `const ${mapName} = new Map${typed ? '<unknown, any[]>' : ''}()${semi}`,
      `for (const row of ${source}) {`,
      `  const list = ${mapName}.get(${form.rowKey})${semi}`,
      `  if (list) list.push(row)${semi}`,
      `  else ${mapName}.set(${form.rowKey}, [row])${semi}`,
      `}`,
    ].join(`${eol}${indent}`);
  }
  const lineStart = sf.text.lastIndexOf('\n', loop.anchor.getStart(sf) - 1) + 1;
  plan.splice(lineStart, lineStart, `${indent}${declaration}${eol}`);
  const lookupKey = form.lookupKey ? form.lookupKey(keyText) : keyText;
  const lookup = {
    values: `${mapName}.get(${lookupKey}) ?? null`,
    one: `${mapName}.get(${lookupKey}) ?? null`,
    many: `${mapName}.get(${lookupKey}) ?? []`,
    rows: `{ rows: ${mapName}.get(${lookupKey}) ?? [] }`,
    tuple: `[${mapName}.get(${lookupKey}) ?? []]`,
  }[form.shape];
  plan.splice(awaited.getStart(sf), awaited.getEnd(), needsParens(awaited) ? `(${lookup})` : lookup);
  return { title: form.title, edits: plan.toTextEdits(), preferred: true };
}

/** `rows` fetched once, then grouped by key in one pass, typed from the rows themselves. */
export function groupedDeclaration(mapName: string, rows: string, fetch: string, rowKey: string, semi: string, typed: boolean): string[] {
  const keyType = `(typeof ${rows})[number]['${rowKey.replace(/^row\./, '')}']`;
  return [
    `const ${rows} = ${fetch}${semi}`,
    `const ${mapName} = new Map${typed ? `<${keyType}, typeof ${rows}>` : ''}()${semi}`,
    `for (const row of ${rows}) {`,
    `  const list = ${mapName}.get(${rowKey})${semi}`,
    `  if (list) list.push(row)${semi}`,
    `  else ${mapName}.set(${rowKey}, [row])${semi}`,
    `}`,
  ];
}

/** The `await` that waits for the call (through parentheses), if any. */
function awaitOf(call: ts.CallExpression): ts.AwaitExpression | undefined {
  let p = call.parent;
  while (p && ts.isParenthesizedExpression(p)) p = p.parent;
  return p && ts.isAwaitExpression(p) ? p : undefined;
}

interface LoopShape {
  /** The statement the batch query goes before. */
  anchor: ts.Statement;
  collection: string;
  /** The item parameter for `collection.map((…) => key)`. */
  param: string;
}

/** `for (const x of coll)` or `coll.map/forEach((x) => …)`, with `coll` safe to evaluate twice. */
function loopShape(it: Iteration, sf: ts.SourceFile): LoopShape | undefined {
  if (!it.collection || !isStableExpression(it.collection)) return undefined;
  let param: string | undefined;
  let from: ts.Node;
  if (it.kind === 'for-of' && ts.isForOfStatement(it.node)) {
    const init = it.node.initializer;
    if (!ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
    param = init.declarations[0]!.name.getText(sf);
    from = it.node;
  } else if (it.kind === 'callback' && (it.method === 'map' || it.method === 'forEach' || it.method === 'flatMap')) {
    const fn = it.node as ts.ArrowFunction | ts.FunctionExpression;
    const p = fn.parameters[0];
    if (!p || fn.parameters.length > 1) return undefined;
    param = p.name.getText(sf);
    from = fn;
  } else {
    return undefined;
  }
  let anchor: ts.Node = from;
  while (anchor.parent && !ts.isBlock(anchor.parent) && !ts.isSourceFile(anchor.parent)) {
    if (ts.isFunctionLike(anchor.parent) && anchor.parent !== from) return undefined;
    anchor = anchor.parent;
  }
  if (!ts.isStatement(anchor) && !ts.isVariableStatement(anchor)) return undefined;
  return { anchor: anchor as ts.Statement, collection: it.collection.getText(sf), param };
}

/** Identifiers, `this`, and property reads of them: evaluating them again gives the same value. */
function isStableExpression(e: ts.Expression): boolean {
  const x = skipOuterExpressions(e);
  if (ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(x) && isStableExpression(x.expression);
}

/** The key reads the item and nothing else computed inside the loop. */
export function keyReadsOnlyItem(key: ts.Expression, it: Pick<Iteration, 'items' | 'body'>): boolean {
  const reads = readsIn(key);
  if (![...reads].some((r) => it.items.has(r))) return false;
  const local = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) readsIn(n.name, local);
    ts.forEachChild(n, visit);
  };
  visit(it.body);
  for (const r of reads) if (local.has(r) && !it.items.has(r)) return false;
  // No calls or awaits in the key: it is evaluated again in `map`.
  let pure = true;
  const check = (n: ts.Node): void => {
    if (ts.isCallExpression(n) || ts.isAwaitExpression(n) || ts.isNewExpression(n)) pure = false;
    ts.forEachChild(n, check);
  };
  check(key);
  return pure;
}

/** SQL results may only be read through `.rows` (or `{ rows }`): the lookup builds nothing else. */
function usesRowsOnly(awaited: ts.AwaitExpression): boolean {
  let n: ts.Node = awaited;
  while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (p && ts.isPropertyAccessExpression(p) && p.expression === n) return p.name.text === 'rows';
  if (p && ts.isVariableDeclaration(p) && ts.isObjectBindingPattern(p.name)) {
    return p.name.elements.every((el) => !el.dotDotDotToken && (el.propertyName ? propertyNameText(el.propertyName) : el.name.getText()) === 'rows');
  }
  return false;
}

/** mysql2 results may only be read as `const [rows] = …` or `(…)[0]`. */
function usesFirstOnly(awaited: ts.AwaitExpression): boolean {
  let n: ts.Node = awaited;
  while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (p && ts.isElementAccessExpression(p) && p.expression === n) return ts.isNumericLiteral(p.argumentExpression) && p.argumentExpression.text === '0';
  return !!p && ts.isVariableDeclaration(p) && ts.isArrayBindingPattern(p.name) && p.name.elements.length === 1 && !ts.isOmittedExpression(p.name.elements[0]!) && !p.name.elements[0]!.dotDotDotToken;
}

function needsParens(awaited: ts.AwaitExpression): boolean {
  const p = awaited.parent;
  return !(
    ts.isVariableDeclaration(p) ||
    ts.isParenthesizedExpression(p) ||
    ts.isReturnStatement(p) ||
    ts.isPropertyAssignment(p) ||
    ts.isExpressionStatement(p) ||
    (ts.isCallExpression(p) && p.arguments.includes(awaited)) ||
    (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === awaited)
  );
}

export function formFor(access: DataAccessCall, call: ts.CallExpression, sf: ts.SourceFile): BatchForm | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const recv = callee.expression.getText(sf);
  const stem = stemOf(callee.expression);
  const args = call.arguments;
  switch (access.entry.library) {
    case 'Prisma': {
      // findMany per item becomes one findMany grouped by key; findUnique/findFirst one looked up by key.
      const many = callee.name.text === 'findMany';
      if ((!many && !['findUnique', 'findFirst'].includes(callee.name.text)) || args.length !== 1) return undefined;
      const obj = objectArg(args[0]);
      const where = obj && onlyEquality(obj, 'where', many ? ['include', 'orderBy'] : ['include']);
      if (!obj || !where) return undefined;
      const rest = obj.properties.filter((p) => p.name && propertyNameText(p.name) !== 'where').map((p) => p.getText(sf));
      return {
        query: (keys) => `${recv}.findMany({ where: { ${where.name}: { in: ${keys} } }${rest.map((r) => `, ${r}`).join('')} })`,
        rowKey: `row.${where.name}`,
        key: where.value,
        keyName: where.name,
        stem,
        shape: many ? 'many' : 'one',
        title: many
          ? `Batch into one \`${recv}.findMany\` before the loop and group rows by \`${where.name}\` in a Map`
          : `Batch into one \`${recv}.findMany\` before the loop and look rows up in a Map`,
      };
    }
    case 'Sequelize': {
      if (callee.name.text !== 'findByPk' || args.length !== 1) return undefined;
      return {
        query: (keys) => `${recv}.findAll({ where: { id: ${keys} } })`,
        rowKey: 'row.id',
        key: args[0]!,
        keyName: 'id',
        stem,
        shape: 'one',
        title: `Batch into one \`${recv}.findAll\` before the loop and look rows up in a Map`,
      };
    }
    case 'TypeORM': {
      const name = callee.name.text;
      if (args.length !== 1) return undefined;
      const obj = objectArg(args[0]);
      if (!obj) return undefined;
      if (name === 'findOneBy') {
        const eq = singleProperty(obj);
        if (!eq) return undefined;
        return {
          query: (keys) => `${recv}.findBy({ ${eq.name}: $NEEDED(${keys}) })`,
          rowKey: `row.${eq.name}`,
          key: eq.value,
          keyName: eq.name,
          stem,
          shape: 'one',
          needs: { module: 'typeorm', name: 'In' },
          title: `Batch into one \`${recv}.findBy\` with \`In()\` before the loop and look rows up in a Map`,
        };
      }
      if (name === 'findOne') {
        const where = onlyEquality(obj, 'where', ['relations']);
        if (!where) return undefined;
        const rest = obj.properties.filter((p) => p.name && propertyNameText(p.name) !== 'where').map((p) => p.getText(sf));
        return {
          query: (keys) => `${recv}.find({ where: { ${where.name}: $NEEDED(${keys}) }${rest.map((r) => `, ${r}`).join('')} })`,
          rowKey: `row.${where.name}`,
          key: where.value,
          keyName: where.name,
          stem,
          shape: 'one',
          needs: { module: 'typeorm', name: 'In' },
          title: `Batch into one \`${recv}.find\` with \`In()\` before the loop and look rows up in a Map`,
        };
      }
      return undefined;
    }
    case 'Mongoose': {
      if (callee.name.text !== 'findById' || args.length !== 1) return undefined;
      const key = args[0]!;
      return {
        query: (keys) => `${recv}.find({ _id: { $in: ${keys} } })`,
        rowKey: 'String(row._id)',
        key,
        lookupKey: (k) => `String(${k})`,
        keyName: 'id',
        stem,
        shape: 'one',
        title: `Batch into one \`${recv}.find\` with \`$in\` before the loop and look documents up in a Map`,
      };
    }
    case 'pg': {
      if (callee.name.text !== 'query' || args.length !== 2) return undefined;
      const sql = args[0]!;
      const params = skipOuterExpressions(args[1]!);
      if (!ts.isStringLiteral(sql) && !ts.isNoSubstitutionTemplateLiteral(sql)) return undefined;
      if (!ts.isArrayLiteralExpression(params) || params.elements.length !== 1) return undefined;
      const m = /\bWHERE\s+((?:\w+\.)?("?)(\w+)\2)\s*=\s*\$1(?!\d)/i.exec(sql.text);
      if (!m || /\$[2-9]/.test(sql.text)) return undefined;
      const column = m[3]!;
      const batchedSql = sql.text.slice(0, m.index) + m[0].replace(/=\s*\$1$/, '= ANY($1)') + sql.text.slice(m.index + m[0].length);
      const q = sf.text[sql.getStart(sf)] === '`' ? '`' : sf.text[sql.getStart(sf)]!;
      return {
        query: (keys) => `${recv}.query(${q}${batchedSql.replace(new RegExp(q, 'g'), `\\${q}`)}${q}, [${keys}])`,
        rowKey: `row.${column}`,
        key: params.elements[0]!,
        keyName: column,
        stem: 'rows',
        shape: 'rows',
        title: `Batch into one query with \`= ANY($1)\` before the loop and look rows up in a Map`,
      };
    }
    case 'Redis': {
      // GET per key → one MGET (ioredis `mget`, node-redis `mGet`).
      const batch = access.module === 'ioredis' ? 'mget' : access.module === 'redis' || access.module === '@redis/client' ? 'mGet' : undefined;
      if (!batch || callee.name.text !== 'get' || args.length !== 1) return undefined;
      return {
        query: (keys) => `${recv}.${batch}(${keys})`,
        rowKey: '',
        key: args[0]!,
        keyName: 'key',
        stem: 'value',
        shape: 'values',
        title: `Read all keys with one \`${recv}.${batch}\` before the loop`,
      };
    }
    case 'mysql': {
      // mysql2's `query` (not `execute`) expands an array bound to `IN (?)`.
      if (callee.name.text !== 'query' || args.length !== 2) return undefined;
      const sql = args[0]!;
      const params = skipOuterExpressions(args[1]!);
      if (!ts.isStringLiteral(sql) && !ts.isNoSubstitutionTemplateLiteral(sql)) return undefined;
      if (!ts.isArrayLiteralExpression(params) || params.elements.length !== 1 || (sql.text.match(/\?/g) ?? []).length !== 1) return undefined;
      const m = /\bWHERE\s+((?:\w+\.)?(`?)(\w+)\2)\s*=\s*\?/i.exec(sql.text);
      if (!m) return undefined;
      const column = m[3]!;
      const batchedSql = sql.text.slice(0, m.index) + m[0].replace(/=\s*\?$/, 'IN (?)') + sql.text.slice(m.index + m[0].length);
      const q = sf.text[sql.getStart(sf)]!;
      return {
        query: (keys) => `${recv}.query(${q}${batchedSql.split(q).join(`\\${q}`)}${q}, [${keys}])`,
        rowKey: `row.${column}`,
        key: params.elements[0]!,
        keyName: column,
        stem: 'rows',
        shape: 'tuple',
        title: 'Batch into one query with `IN (?)` before the loop and look rows up in a Map',
      };
    }
    default:
      return undefined;
  }
}

function objectArg(a: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  const e = a && skipOuterExpressions(a);
  return e && ts.isObjectLiteralExpression(e) ? e : undefined;
}

/** `{ key: value }` or `{ key }` with one property whose value is not itself a filter object. */
function singleProperty(obj: ts.ObjectLiteralExpression): { name: string; value: ts.Expression } | undefined {
  if (obj.properties.length !== 1) return undefined;
  const p = obj.properties[0]!;
  if (ts.isShorthandPropertyAssignment(p)) return { name: p.name.text, value: p.name };
  if (!ts.isPropertyAssignment(p)) return undefined;
  const name = propertyNameText(p.name);
  const v = skipOuterExpressions(p.initializer);
  if (!name || !/^\w+$/.test(name) || ts.isObjectLiteralExpression(v) || ts.isArrayLiteralExpression(v)) return undefined;
  return { name, value: p.initializer };
}

/** `{ where: { key: value } }`, other properties only from `allowed` (they apply to the batch as well). */
function onlyEquality(obj: ts.ObjectLiteralExpression, whereKey: string, allowed: string[]): { name: string; value: ts.Expression } | undefined {
  let where: ts.ObjectLiteralExpression | undefined;
  for (const p of obj.properties) {
    const name = p.name && propertyNameText(p.name);
    if (!ts.isPropertyAssignment(p) || !name) return undefined;
    if (name === whereKey) where = objectArg(p.initializer);
    else if (!allowed.includes(name)) return undefined;
  }
  return where && singleProperty(where);
}

/** `prisma.customer` → 'customer', `this.customers` → 'customer', `User` → 'user'. */
function stemOf(recv: ts.Expression): string {
  const e = skipOuterExpressions(recv);
  // `ds.getRepository(Customer)`, `mongoose.model('Customer')`: the entity names the rows.
  const arg = ts.isCallExpression(e) ? e.arguments[0] : undefined;
  let name = ts.isIdentifier(e)
    ? e.text
    : ts.isPropertyAccessExpression(e)
      ? e.name.text
      : arg && (ts.isIdentifier(arg) || ts.isStringLiteral(arg))
        ? arg.text
        : 'row';
  name = name.replace(/(Repository|Repo|Model)$/, '') || name;
  if (/ies$/.test(name)) name = name.slice(0, -3) + 'y';
  else if (/[^s]s$/.test(name)) name = name.slice(0, -1);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}
