/**
 * The N+1 fix for GraphQL field resolvers: a DataLoader keyed by the parent's key, created once
 * per request context, and the resolver's query replaced by `loader(ctx).load(key)`.
 *
 *   Post: { author: (post: Post) => prisma.user.findFirst({ where: { id: post.authorId } }) }
 *   →
 *   const postAuthorLoaders = new WeakMap<object, ReturnType<typeof createPostAuthorLoader>>();
 *   function createPostAuthorLoader() {
 *     return new DataLoader(async (keys: readonly (Post)['authorId'][]) => { …one findMany… });
 *   }
 *   Post: { author: (post: Post, _args: unknown, ctx: object) => postAuthorLoader(ctx).load(post.authorId) }
 *
 * The loaders live in a WeakMap keyed by the GraphQL context object, so each request gets its
 * own cache (DataLoader's README warns against sharing one across requests) without changing
 * the context's type. The batch query is the same one the loop fix writes (fixes/batch-lookup).
 */
import ts from 'typescript';
import type { Fix } from '../engine/finding';
import type { SourceDoc } from '../engine/source';
import type { DataAccessCall } from '../analysis/data-access';
import type { FieldResolver } from '../analysis/graphql-resolvers';
import { capitalize, formFor, groupedDeclaration, keyReadsOnlyItem } from './batch-lookup';
import { EditPlan } from './edit-plan';
import { detectStyle } from './file-style';
import { collectImports, freeName, moduleStyleOf, takenNames } from './module-bindings';

export function dataLoaderFix(doc: SourceDoc, r: FieldResolver, access: DataAccessCall): Fix | undefined {
  const sf = doc.sourceFile;
  const fn = r.fn;
  const call = access.node;
  if (!ts.isCallExpression(call) || !fn.body || ts.isClassLike(fn.parent)) return undefined;
  const form = formFor(access, call, sf);
  if (!form || form.shape === 'rows' || form.shape === 'tuple' || form.shape === 'values' || !keyReadsOnlyItem(form.key, { items: r.parentNames, body: fn.body })) return undefined;
  const typed = doc.kind === 'ts' || doc.kind === 'tsx';
  const keyType = typed ? keyTypeOf(form.key, fn, sf) : '';
  if (keyType === undefined) return undefined;

  const imports = collectImports(sf);
  const taken = takenNames(sf);
  const style = detectStyle(sf);
  const moduleStyle = moduleStyleOf(sf, imports);
  const plan = new EditPlan(doc, style, moduleStyle, imports, taken);
  const semi = style.semicolon ? ';' : '';

  const existing = imports.find((i) => i.module === 'dataloader' && i.namespace)?.namespace;
  const loaderClass = existing ?? freeName(taken, 'DataLoader');
  taken.add(loaderClass);
  const base = `${r.typeName.charAt(0).toLowerCase()}${r.typeName.slice(1)}${capitalize(r.fieldName)}`;
  const cache = freeName(taken, `${base}Loaders`);
  taken.add(cache);
  const create = freeName(taken, `create${capitalize(base)}Loader`);
  taken.add(create);
  const get = freeName(taken, `${base}Loader`);
  taken.add(get);

  const query = form.query('[...keys]').replace('$NEEDED', form.needs ? plan.bind(form.needs.module, form.needs.name, false) : '');
  const lookupKey = form.lookupKey ? form.lookupKey('key') : 'key';
  const body =
    form.shape === 'one'
      ? [`const byKey = new Map((await ${query}).map((row) => [${form.rowKey}, row] as const))${semi}`, `return keys.map((key) => byKey.get(${lookupKey}) ?? null)${semi}`]
      : [...groupedDeclaration('byKey', 'rows', `await ${query}`, form.rowKey, semi, typed), `return keys.map((key) => byKey.get(${lookupKey}) ?? [])${semi}`];
  const lines = [
    ...(existing ? [] : [moduleStyle === 'esm' ? `import ${loaderClass} from ${style.quote}dataloader${style.quote}${semi}` : `const ${loaderClass} = require(${style.quote}dataloader${style.quote})${semi}`]),
    '',
    `// Batches the \`${r.typeName}.${r.fieldName}\` lookups GraphQL makes for every ${r.typeName} of a list into one query;`,
    `// one loader per request context, so its cache never outlives a request.`,
    `const ${cache} = new WeakMap${typed ? `<object, ReturnType<typeof ${create}>>` : ''}()${semi}`,
    `function ${create}() {`,
    `  return new ${loaderClass}(async (keys${typed ? `: readonly ${keyType}[]` : ''}) => {`,
    ...body.map((l) => `    ${l}`),
    `  })${semi}`,
    `}`,
    `function ${get}(ctx${typed ? ': object' : ''}) {`,
    `  let loader = ${cache}.get(ctx)${semi}`,
    `  if (!loader) ${cache}.set(ctx, (loader = ${create}()))${semi}`,
    `  return loader${semi}`,
    `}`,
  ];
  for (const l of lines) plan.declare(l);

  // The context is the resolver's third argument; add the parameters when it does not take them.
  let ctx: string;
  const third = fn.parameters[2];
  if (third && ts.isIdentifier(third.name)) ctx = third.name.text;
  else if (third) return undefined;
  else {
    ctx = freeName(taken, 'ctx');
    const added = fn.parameters.length === 1 ? [`_args${typed ? ': unknown' : ''}`, `${ctx}${typed ? ': object' : ''}`] : [`${ctx}${typed ? ': object' : ''}`];
    const last = fn.parameters[fn.parameters.length - 1]!;
    const bare = ts.isArrowFunction(fn) && fn.parameters.length === 1 && sf.text[last.getStart(sf) - 1] !== '(' && fn.getStart(sf) === last.getStart(sf);
    if (bare) plan.splice(last.getStart(sf), last.getEnd(), `(${last.getText(sf)}, ${added.join(', ')})`);
    else plan.splice(last.getEnd(), last.getEnd(), `, ${added.join(', ')}`);
  }
  plan.splice(call.getStart(sf), call.getEnd(), `${get}(${ctx}).load(${form.key.getText(sf)})`);
  return { title: `Load \`${r.typeName}.${r.fieldName}\` through a per-request DataLoader (one query per batch)`, edits: plan.toTextEdits(), preferred: true };
}

/** `(Post)['authorId']` from `post: Post` and `post.authorId`, or from `{ authorId }: Post`. */
function keyTypeOf(key: ts.Expression, fn: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string | undefined {
  const parent = fn.parameters.find((p) => p.type && !(ts.getDecorators(p) ?? []).length) ?? fn.parameters[0];
  if (!parent?.type) return undefined;
  const typeText = parent.type.getText(sf);
  if (ts.isPropertyAccessExpression(key) && ts.isIdentifier(key.expression) && ts.isIdentifier(parent.name) && key.expression.text === parent.name.text) {
    return `(${typeText})['${key.name.text}']`;
  }
  if (ts.isIdentifier(key) && ts.isObjectBindingPattern(parent.name)) {
    const el = parent.name.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === key.text);
    const prop = el && (el.propertyName ? el.propertyName.getText(sf) : key.text);
    return prop ? `(${typeText})['${prop}']` : undefined;
  }
  return undefined;
}
