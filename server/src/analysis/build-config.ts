/**
 * What an app's build does to its imports, read from its configs without running them (Workspace
 * Trust: analysis never executes workspace code). heavy-import asks before calling an import heavy:
 *
 * - babel-plugin-lodash, babel-plugin-import, babel-plugin-transform-imports (every babel config
 *   form) and Next.js `modularizeImports` rewrite `import { debounce } from 'lodash'` to per-method
 *   modules at build time;
 * - Next.js `optimizePackageImports` (and Next's default list) does the same for barrel packages;
 * - webpack and Vite `resolve.alias` can turn one package into another (`lodash-es` -> `lodash`);
 * - webpack `ContextReplacementPlugin` / `IgnorePlugin` / moment-locales-webpack-plugin strip
 *   moment's locales; lodash-webpack-plugin strips lodash features.
 *
 * A config whose relevant part is computed (a function call, an imported variable) is named in
 * `unreadable`, so the message says so instead of guessing. Each config file is read once per
 * version (`project.memo`); through `getDoc`, so an edit of the config re-runs the analyses.
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { readManifest } from './installed-packages';
import { packageNameOf } from './package-imports';

export interface BuildFacts {
  /** Packages whose named imports the build rewrites to one module per import, with what does it. */
  cherryPicked: Map<string, string>;
  /** Packages Next.js optimizes (its default list and `optimizePackageImports`), with where from. */
  optimized: Map<string, string>;
  /** Whether this is a Next.js app (its default list, patterns included, applies). */
  next: boolean;
  /** `resolve.alias` of packages: what the build really bundles for an import of the key. */
  aliases: Map<string, { to: string; where: string }>;
  /**
   * `resolve.alias` of a package to a file of the app (`modernizr$` → `client/.modernizrrc.js`, built
   * by a loader): an import of it bundles that file, not the installed package. `exact`: only the
   * bare specifier (webpack's `$` suffix).
   */
  fileAliases: Map<string, { to: string; where: string; exact: boolean }>;
  /** Where moment's locales are stripped, if they are. */
  momentLocalesStripped?: string;
  /** Where lodash-webpack-plugin is used, if it is. */
  lodashWebpackPlugin?: string;
  /** Where @babel/preset-env has `useBuiltIns: 'entry'`: it replaces `import 'core-js/…'` with the polyfills the targets need. */
  polyfillEntry?: string;
  /** Packages webpack `externals` maps to a global (a CDN script, a host page): not in the bundle, with where. */
  externals: Map<string, string>;
  /** Patterns of webpack `externals` (`/^@codemirror\//`): every package they match is external too. */
  externalPatterns: { re: RegExp; where: string }[];
  /** Configs (or parts of them) that could not be read statically: "babel.config.js (plugins are computed)". */
  unreadable: string[];
  /** The config files that were read, relative to the app root. */
  read: string[];
}

/** Whether the build leaves `pkg` to the page (webpack `externals`, by name or pattern), and where that is said. */
export function externalIn(facts: BuildFacts, pkg: string): string | undefined {
  return facts.externals.get(pkg) ?? facts.externalPatterns.find((p) => p.re.test(pkg))?.where;
}

/** The file of the app a `resolve.alias` puts in place of `specifier`'s package, if one does. */
export function aliasedToFile(facts: BuildFacts, specifier: string): string | undefined {
  const name = packageNameOf(specifier);
  const a = facts.fileAliases.get(name);
  return a && (!a.exact || specifier === name) ? a.to : undefined;
}

/** Next.js's default `optimizePackageImports` (nextjs.org/docs/app/api-reference/config/next-config-js/optimizePackageImports). */
export const nextDefaultOptimized: readonly (string | RegExp)[] = [
  'lucide-react', 'date-fns', 'lodash-es', 'ramda', 'antd', 'react-bootstrap', 'ahooks', '@ant-design/icons', '@headlessui/react', '@headlessui-float/react',
  '@heroicons/react/20/solid', '@heroicons/react/24/solid', '@heroicons/react/24/outline', '@visx/visx', '@tremor/react', 'rxjs', '@mui/material',
  '@mui/icons-material', 'recharts', 'react-use', '@material-ui/core', '@material-ui/icons', '@tabler/icons-react', 'mui-core', /^react-icons\//, 'effect', /^@effect\//,
];

const babelFiles = ['.babelrc', '.babelrc.json', '.babelrc.js', '.babelrc.cjs', '.babelrc.mjs', 'babel.config.js', 'babel.config.cjs', 'babel.config.mjs', 'babel.config.json', 'babel.config.cts', 'babel.config.ts'];
const bundlerFiles = [
  'webpack.config.js', 'webpack.config.ts', 'webpack.config.cjs', 'webpack.config.mjs', 'webpack.config.babel.js', 'webpack.common.js', 'webpack.prod.js', 'webpack.production.js',
  'webpack/webpack.config.js', 'webpack/webpack.common.js', 'webpack/webpack.prod.js', 'webpack/shared.js', 'config/webpack.config.js', 'config/webpack/shared.js',
  'craco.config.js', 'craco.config.ts', 'config-overrides.js',
  'vite.config.ts', 'vite.config.js', 'vite.config.mts', 'vite.config.mjs',
  'next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs',
  'rollup.config.js', 'rollup.config.mjs', 'rollup.config.ts',
  'rspack.config.js', 'rspack.config.ts', 'rsbuild.config.ts',
];

/** Facts from one config file. */
interface FileFacts {
  cherryPicked: [string, string][];
  optimized: string[];
  aliases: [string, string][];
  /** Package → file aliases, the key as written (`modernizr$`). */
  fileAliases: [string, string][];
  externals: string[];
  /** `externals: [/^@codemirror\//]`: every package the pattern matches. */
  externalPatterns: RegExp[];
  momentLocalesStripped: boolean;
  lodashWebpackPlugin: boolean;
  polyfillEntry?: boolean;
  unreadable?: string;
}

/** `useBuiltIns: 'entry'` of @babel/preset-env, in JSON or JS (a babel config, package.json#babel, babel-loader options). */
const useBuiltInsEntry = /["']?useBuiltIns["']?\s*:\s*["']entry["']/;

/**
 * The build facts of the app rooted at `appRoot` (the folder of its package.json or project.json).
 * Babel's project-wide config may sit in a monorepo root above it: up to `monorepoRoot` (or three
 * folders up) babel.config.* files are read too.
 */
export function buildFacts(project: Project, appRoot: string, manifestRoot = appRoot): BuildFacts {
  const facts: BuildFacts = { cherryPicked: new Map(), optimized: new Map(), next: false, aliases: new Map(), fileAliases: new Map(), externals: new Map(), externalPatterns: [], unreadable: [], read: [] };
  const rel = (p: string) => path.posix.relative(appRoot, p) || path.posix.basename(p);
  const add = (file: string, f: FileFacts) => {
    facts.read.push(rel(file));
    const where = rel(file);
    for (const [pkg, how] of f.cherryPicked) if (!facts.cherryPicked.has(pkg)) facts.cherryPicked.set(pkg, `${how} in ${where}`);
    for (const pkg of f.optimized) if (!facts.optimized.has(pkg)) facts.optimized.set(pkg, `optimizePackageImports in ${where}`);
    for (const [from, to] of f.aliases) if (!facts.aliases.has(from)) facts.aliases.set(from, { to, where: `resolve.alias in ${where}` });
    for (const [from, to] of f.fileAliases) {
      const key = from.replace(/\$$/, '');
      if (!facts.fileAliases.has(key) && !facts.aliases.has(key)) facts.fileAliases.set(key, { to: to.replace(/^\/+/, ''), where: `resolve.alias in ${where}`, exact: from.endsWith('$') });
    }
    for (const pkg of f.externals) if (!facts.externals.has(pkg)) facts.externals.set(pkg, `externals in ${where}`);
    for (const re of f.externalPatterns) facts.externalPatterns.push({ re, where: `externals ${String(re)} in ${where}` });
    if (f.momentLocalesStripped && !facts.momentLocalesStripped) facts.momentLocalesStripped = where;
    if (f.lodashWebpackPlugin && !facts.lodashWebpackPlugin) facts.lodashWebpackPlugin = where;
    if (f.polyfillEntry && !facts.polyfillEntry) facts.polyfillEntry = where;
    if (f.unreadable) facts.unreadable.push(`${where} (${f.unreadable})`);
  };
  const dirs = [appRoot];
  for (let d = path.posix.dirname(appRoot), i = 0; i < 3 && d !== dirs[dirs.length - 1]; i++, d = path.posix.dirname(d)) dirs.push(d);
  for (const [i, dir] of dirs.entries()) {
    for (const name of babelFiles) {
      // .babelrc files apply to their own package only; babel.config.* to the whole repository.
      if (i > 0 && name.startsWith('.babelrc')) continue;
      const doc = readConfig(project, `${dir}/${name}`);
      if (doc) add(doc.path, project.memo(doc, 'build-config:babel', babelFacts));
    }
  }
  const manifest = manifestRoot ? readManifest(project, `${manifestRoot}/package.json`) : undefined;
  if (manifest) {
    const pkgDoc = project.getDoc(`${manifestRoot}/package.json`);
    const babel = pkgDoc ? project.memo(pkgDoc, 'build-config:package-babel', (d) => packageJsonBabel(d)) : undefined;
    if (babel) add(`${manifestRoot}/package.json`, babel);
  }
  // An Nx app keeps its webpack config in its own folder, a plain app beside its package.json;
  // a config elsewhere is named by a package.json script (`webpack --config frontend/build/webpack.config.js`).
  const configs = new Set<string>();
  for (const dir of new Set([appRoot, manifestRoot])) for (const name of bundlerFiles) configs.add(`${dir}/${name}`);
  const named = manifest ? project.getDoc(`${manifestRoot}/package.json`) : undefined;
  const elsewhere: string[] = [];
  if (named) for (const m of named.text.matchAll(/--config[= ]+(?:\.\/)?([\w./-]+\.[cm]?[jt]s)\b/g)) elsewhere.push(path.posix.resolve(manifestRoot, m[1]!));
  for (const c of elsewhere) configs.add(c);
  for (const c of configs) {
    const doc = readConfig(project, c);
    if (doc) add(doc.path, project.memo(doc, 'build-config:bundler', bundlerFacts));
  }
  // Such a config's babel-loader usually reads the babel config of its own folder or the one above.
  for (const c of elsewhere) {
    for (const dir of [path.posix.dirname(c), path.posix.dirname(path.posix.dirname(c))]) {
      if (dirs.includes(dir)) continue;
      for (const name of babelFiles.filter((n) => n.startsWith('babel.config'))) {
        const doc = readConfig(project, `${dir}/${name}`);
        if (doc) add(doc.path, project.memo(doc, 'build-config:babel', babelFacts));
      }
    }
  }
  if (manifest && ('next' in manifest.dependencies || 'next' in manifest.devDependencies)) {
    facts.next = true;
    for (const p of nextDefaultOptimized) if (typeof p === 'string' && !facts.optimized.has(p)) facts.optimized.set(p, "Next.js's default optimizePackageImports");
  }
  return facts;
}

/** Whether Next.js optimizes imports of `specifier` in this app (its default list covers `react-icons/*`). */
export function isOptimized(facts: BuildFacts, specifier: string): string | undefined {
  const hit = facts.optimized.get(specifier);
  if (hit) return hit;
  return facts.next && nextDefaultOptimized.some((p) => typeof p !== 'string' && p.test(specifier)) ? "Next.js's default optimizePackageImports" : undefined;
}

function readConfig(project: Project, p: string): SourceDoc | undefined {
  return project.stat(p)?.isFile ? project.getDoc(p) : undefined;
}

function emptyFacts(): FileFacts {
  return { cherryPicked: [], optimized: [], aliases: [], fileAliases: [], externals: [], externalPatterns: [], momentLocalesStripped: false, lodashWebpackPlugin: false };
}

/** JSON with comments (`.babelrc` allows them), or undefined when it does not parse. */
function jsonish(text: string): unknown {
  const { config, error } = ts.parseConfigFileTextToJson('config.json', text);
  return error ? undefined : config;
}

function packageJsonBabel(doc: SourceDoc): FileFacts | undefined {
  const v = jsonish(doc.text);
  if (!v || typeof v !== 'object' || !('babel' in v)) return undefined;
  const f = emptyFacts();
  babelPlugins((v as { babel: unknown }).babel, f);
  if (useBuiltInsEntry.test(JSON.stringify((v as { babel: unknown }).babel))) f.polyfillEntry = true;
  return f;
}

function babelFacts(doc: SourceDoc): FileFacts {
  const f = emptyFacts();
  if (useBuiltInsEntry.test(doc.text)) f.polyfillEntry = true;
  if (doc.path.endsWith('.json') || path.posix.basename(doc.path) === '.babelrc') {
    const v = jsonish(doc.text);
    if (v === undefined) f.unreadable = 'not valid JSON';
    else babelPlugins(v, f);
    return f;
  }
  // A JS config: every `plugins` (and `presets`, whose options may name plugins) it writes.
  const { byKey, computed } = propertyValues(doc, ['plugins']);
  for (const [, v] of byKey) babelPlugins({ plugins: v }, f);
  if (computed.length > 0 && f.cherryPicked.length === 0) f.unreadable = `${computed.join(', ')} computed when the build runs`;
  return f;
}

/** The plugins of a babel config value (with its `env` and `overrides` sections). */
function babelPlugins(config: unknown, f: FileFacts): void {
  if (!config || typeof config !== 'object') return;
  const c = config as Record<string, unknown>;
  const plugins = Array.isArray(c.plugins) ? c.plugins : c.plugins !== undefined ? [c.plugins] : [];
  for (const entry of plugins) pluginEntry(entry, f);
  if (c.env && typeof c.env === 'object') for (const e of Object.values(c.env as object)) babelPlugins(e, f);
  if (Array.isArray(c.overrides)) for (const o of c.overrides) babelPlugins(o, f);
}

function pluginEntry(entry: unknown, f: FileFacts): void {
  const [name, options] = Array.isArray(entry) ? [entry[0], entry[1]] : [entry, undefined];
  if (typeof name !== 'string') return;
  const bare = name.replace(/^babel-plugin-/, '').replace(/\/index(\.js)?$/, '');
  if (bare === 'lodash') {
    f.cherryPicked.push(['lodash', 'babel-plugin-lodash'], ['lodash-es', 'babel-plugin-lodash']);
    const ids = options && typeof options === 'object' ? (options as { id?: unknown }).id : undefined;
    for (const id of Array.isArray(ids) ? ids : typeof ids === 'string' ? [ids] : []) if (typeof id === 'string') f.cherryPicked.push([id, 'babel-plugin-lodash']);
  } else if (bare === 'import' && options && typeof options === 'object') {
    const lib = (options as { libraryName?: unknown }).libraryName;
    if (typeof lib === 'string') f.cherryPicked.push([lib, 'babel-plugin-import']);
  } else if (bare === 'transform-imports' && options && typeof options === 'object') {
    for (const lib of Object.keys(options)) f.cherryPicked.push([lib, 'babel-plugin-transform-imports']);
  }
}

function bundlerFacts(doc: SourceDoc): FileFacts {
  const f = emptyFacts();
  const text = doc.text;
  // Plugins recognised by name: a config that imports them uses them.
  if (/['"]lodash-webpack-plugin['"]/.test(text)) f.lodashWebpackPlugin = true;
  if (/ContextReplacementPlugin\s*\(\s*\/[^/\n]*moment/.test(text) || /['"]moment-locales-webpack-plugin['"]/.test(text)) f.momentLocalesStripped = true;
  if (/IgnorePlugin\s*\(/.test(text) && /locale/.test(text) && /moment/.test(text)) f.momentLocalesStripped = true;
  if (useBuiltInsEntry.test(text)) f.polyfillEntry = true;
  const { byKey, computed, unreadableParts } = propertyValues(doc, ['alias', 'modularizeImports', 'optimizePackageImports', 'plugins', 'externals']);
  for (const [key, v] of byKey) {
    if (key === 'modularizeImports' && v && typeof v === 'object' && !Array.isArray(v)) for (const lib of Object.keys(v)) f.cherryPicked.push([lib, 'modularizeImports']);
    if (key === 'optimizePackageImports' && Array.isArray(v)) for (const lib of v) if (typeof lib === 'string') f.optimized.push(lib);
    if (key === 'alias') aliasEntries(v, f);
    // webpack `externals: { 'highlight.js': 'hljs' }` or `['jquery']`: the page loads them itself.
    if (key === 'externals') externalEntries(v, f);
    // babel-loader options written in the bundler config (`new X()` webpack plugins read as nothing).
    if (key === 'plugins' && Array.isArray(v)) babelPlugins({ plugins: v }, f);
  }
  // A webpack `plugins` list is usually built with `new`: only the import-rewriting keys matter here.
  // Computed `externals` (`nodeExternals()`, a function) are named with their line: what they keep out is not guessed.
  const relevant = computed.filter((c) => c !== 'plugins' && c !== 'externals');
  const said = [...(relevant.length > 0 ? [`${[...new Set(relevant)].join(', ')} computed when the build runs`] : []), ...unreadableParts];
  if (said.length > 0) f.unreadable = said.join('; ');
  return f;
}

function aliasEntries(v: unknown, f: FileFacts): void {
  const add = (from: unknown, to: unknown) => {
    if (typeof from !== 'string' || typeof to !== 'string') return;
    const key = from.replace(/\$$/, '');
    // Only package-to-package aliases change what a bare import bundles; '@' -> './src' does not.
    const target = packageIn(to);
    if (!/^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(key)) return;
    if (target) f.aliases.push([key, target]);
    // A package made a file of the app (`path.resolve(__dirname, 'client/.modernizrrc.js')`).
    else if (/^[./]/.test(to) && /\.[cm]?[jt]sx?$|\.json$/.test(to)) f.fileAliases.push([from, to]);
  };
  if (Array.isArray(v)) for (const e of v) if (e && typeof e === 'object') add((e as { find?: unknown }).find, (e as { replacement?: unknown }).replacement);
  if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) add(k, x);
}

function externalEntries(v: unknown, f: FileFacts): void {
  const add = (name: unknown) => {
    if (typeof name === 'string' && /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(name)) f.externals.push(name);
  };
  for (const x of Array.isArray(v) ? v : [v]) {
    if (typeof x === 'string') add(x);
    else if (x instanceof RegExp) f.externalPatterns.push(x);
    else if (x && typeof x === 'object' && !Array.isArray(x)) for (const k of Object.keys(x)) add(k);
  }
}

/** The package an alias target names: 'lodash', 'lodash/lodash.js', '.../node_modules/lodash-es'. */
function packageIn(to: string): string | undefined {
  const nm = to.lastIndexOf('node_modules/');
  const s = nm >= 0 ? to.slice(nm + 'node_modules/'.length) : to;
  if (s.startsWith('.') || s.startsWith('/')) return undefined;
  const m = /^(@[^/]+\/[^/]+|[^/]+)/.exec(s);
  return m?.[1];
}

/**
 * The static values of every property named one of `names` in a JS/TS config; `computed` names
 * those whose value is not a literal (after following `const` bindings of the same file).
 */
function propertyValues(doc: SourceDoc, names: string[]): { byKey: [string, unknown][]; computed: string[]; unreadableParts: string[] } {
  const sf = ts.createSourceFile(doc.path, doc.text, ts.ScriptTarget.Latest, true, doc.path.endsWith('.ts') || doc.path.endsWith('.mts') || doc.path.endsWith('.cts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const consts = new Map<string, ts.Expression>();
  const byKey: [string, unknown][] = [];
  const computed: string[] = [];
  const unreadableParts: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) consts.set(n.name.text, n.initializer);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const find = (n: ts.Node): void => {
    // `{ plugins }`: the value is the const of that name.
    if (ts.isShorthandPropertyAssignment(n) && names.includes(n.name.text)) {
      const init = consts.get(n.name.text);
      const v = init ? staticValue(init, consts) : unknownValue;
      if (v === unknownValue) computed.push(n.name.text);
      else byKey.push([n.name.text, v]);
    }
    if (ts.isPropertyAssignment(n)) {
      const key = ts.isIdentifier(n.name) || ts.isStringLiteral(n.name) ? n.name.text : undefined;
      if (key && names.includes(key)) {
        const v = staticValue(n.initializer, consts);
        if (v === unknownValue) computed.push(key);
        else byKey.push([key, v]);
        // The parts of an externals list that are functions or calls: named, never guessed.
        if (key === 'externals') for (const part of unreadableElements(n.initializer, consts, sf)) unreadableParts.push(`externals ${part}`);
      }
    }
    ts.forEachChild(n, find);
  };
  find(sf);
  return { byKey, computed, unreadableParts };
}

/** The elements of an array literal (through consts) whose value is not static: `nodeExternals() (line 12)`. */
function unreadableElements(e: ts.Expression, consts: Map<string, ts.Expression>, sf: ts.SourceFile): string[] {
  let x = e;
  for (let i = 0; i < 5 && ts.isIdentifier(x) && consts.has(x.text); i++) x = consts.get(x.text)!;
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const describe = (n: ts.Node) => {
    const text = ts.isFunctionLike(n) ? 'a function' : n.getText(sf).replace(/\s+/g, ' ');
    return `${text.length > 40 ? `${text.slice(0, 37)}…` : text} (line ${line(n)})`;
  };
  if (!ts.isArrayLiteralExpression(x)) return staticValue(x, consts) === unknownValue ? [describe(x)] : [];
  return x.elements.filter((el) => !ts.isSpreadElement(el) && staticValue(el, consts) === unknownValue).map(describe);
}

const unknownValue = Symbol('unknown');

/**
 * A literal's value: strings, numbers, booleans, arrays, objects; `require.resolve('x')` and
 * `require('x')` as 'x'; `cond && x` and `cond ? x : y` as x (the production build usually takes
 * the plugin); `[...].filter(Boolean)` as the array. Unknown parts of an array or object are left
 * out; a wholly unknown value is `unknownValue`.
 */
function staticValue(e: ts.Expression, consts: Map<string, ts.Expression>, depth = 0): unknown {
  if (depth > 20) return unknownValue;
  const next = (x: ts.Expression) => staticValue(x, consts, depth + 1);
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) return next(e.expression);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  // `externals: [/^@codemirror\//]`: a pattern over package names, compiled, never run as code.
  if (ts.isRegularExpressionLiteral(e)) {
    const m = /^\/(.*)\/([a-z]*)$/s.exec(e.text);
    try {
      return m ? new RegExp(m[1]!, m[2]!.replace(/[^imsu]/g, '')) : unknownValue;
    } catch {
      return unknownValue;
    }
  }
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isArrayLiteralExpression(e)) {
    const out: unknown[] = [];
    for (const el of e.elements) {
      if (ts.isSpreadElement(el)) {
        const v = next(el.expression);
        if (Array.isArray(v)) out.push(...v);
        continue;
      }
      const v = next(el);
      if (v !== unknownValue) out.push(v);
    }
    return out;
  }
  if (ts.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = {};
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name))) {
        const v = next(p.initializer);
        if (v !== unknownValue) out[p.name.text] = v;
      } else if (ts.isSpreadAssignment(p)) {
        const v = next(p.expression);
        if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, v);
      }
    }
    return out;
  }
  if (ts.isIdentifier(e)) {
    const init = consts.get(e.text);
    return init && init !== e ? next(init) : unknownValue;
  }
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    const r = next(e.right);
    return r !== unknownValue ? r : next(e.left);
  }
  if (ts.isConditionalExpression(e)) {
    const a = next(e.whenTrue);
    return a !== unknownValue && a !== false ? a : next(e.whenFalse);
  }
  if (ts.isCallExpression(e)) {
    const callee = e.expression.getText();
    const arg = e.arguments[0];
    if ((callee === 'require.resolve' || callee === 'require') && arg && ts.isStringLiteralLike(arg)) return arg.text;
    // `[...].filter(Boolean)` and friends keep the array's elements.
    if (ts.isPropertyAccessExpression(e.expression) && ['filter', 'concat', 'flat'].includes(e.expression.name.text)) {
      const base = next(e.expression.expression);
      if (Array.isArray(base)) {
        if (e.expression.name.text === 'concat') for (const a of e.arguments) { const v = next(a); if (Array.isArray(v)) base.push(...v); else if (v !== unknownValue) base.push(v); }
        return base;
      }
    }
    // `path.resolve(__dirname, 'node_modules/lodash-es')`: a path (never a bare package name),
    // named by its last string.
    if (/^path\.(resolve|join)$/.test(callee)) {
      const last = e.arguments[e.arguments.length - 1];
      if (last && ts.isStringLiteralLike(last)) return `/${last.text}`;
    }
    return unknownValue;
  }
  return unknownValue;
}

/**
 * The folder of an app's shadcn/ui components, from `aliases.ui` (else `aliases.components` + `/ui`)
 * of its components.json: `@/components/ui` is `components/ui` or `src/components/ui`, whichever exists.
 */
export function shadcnUiFolder(project: Project, appRoot: string): string | undefined {
  const doc = project.stat(`${appRoot}/components.json`)?.isFile ? project.getDoc(`${appRoot}/components.json`) : undefined;
  if (!doc) return undefined;
  return project.memo(doc, 'build-config:shadcn-ui', (d) => {
    let aliases: { ui?: unknown; components?: unknown } | undefined;
    try {
      aliases = (JSON.parse(d.text) as { aliases?: typeof aliases }).aliases;
    } catch {
      return undefined;
    }
    const alias = typeof aliases?.ui === 'string' ? aliases.ui : typeof aliases?.components === 'string' ? `${aliases.components}/ui` : undefined;
    const rel = alias?.replace(/^[@~#$]\//, '').replace(/\/$/, '');
    if (!rel) return undefined;
    return [`${appRoot}/${rel}`, `${appRoot}/src/${rel}`].find((dir) => project.listDir(dir) !== undefined);
  });
}
