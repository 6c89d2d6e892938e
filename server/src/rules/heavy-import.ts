/**
 * heavy-import: an import in browser code that adds more than the budget to the bundle (measured
 * with esbuild: minified, tree-shaken to the bindings used, gzip), or that matches a known-heavy
 * library with a lighter alternative (whole lodash, moment, aws-sdk v2, core-js, RxJS 5 paths,
 * whole icon packs). Server code, tests, stories and type-only imports are never reported.
 *
 * The rule never waits for a measurement: it reports from cached sizes and the known-heavy table,
 * and asks for unknown sizes; the front end re-runs it when they arrive (bundle-cost/).
 */
import { posix } from 'node:path';
import ts from 'typescript';
import { defineRule, type RuleContext } from '../engine/rule';
import type { Project } from '../engine/project';
import type { Fix, Range, RelatedLocation, TextEdit } from '../engine/finding';
import { editsCollide } from '../engine/fix-selection';
import { bundleRole, clientAppRoot } from '../analysis/front-end-files';
import { importersOf, lazyChunkOf } from '../analysis/client-reach';
import { shadcnUiFolder } from '../analysis/build-config';
import { serverOnlySpecifiersOf } from '../analysis/next-data-functions';
import { ownPackageFolder } from '../analysis/workspace-packages';
import { frameworkRuntime } from '../bundle-cost/framework-runtimes';
import { appImportersAtLeast, appImportSites, appRelative, shapeOf, type AppImportSite, type ImportShape } from '../analysis/app-imports';
import { aliasedToFile, buildFacts, externalIn, isOptimized, type BuildFacts } from '../analysis/build-config';
import { bundledAnywayBy, wrappedHeavy } from '../bundle-cost/bundled-anyway';
import { packageRoot } from '../analysis/file-roles';
import { dependentsAmong, findInstalledPackage, readManifest, resolveEntry, type InstalledPackage } from '../analysis/installed-packages';
import { lockGraph } from '../analysis/lockfiles';
import { mayImportPackage, packageImports, packageNameOf, type PackageImport } from '../analysis/package-imports';
import { scriptView } from '../analysis/script-blocks';
import type { SourceDoc } from '../engine/source';
import { budgetConfig, formatKb, importCostEnvironment, importCosts, importProbeAt, mayExceedBudget, wholeEntryFits, type ImportCost } from '../bundle-cost/import-costs';
import { knownHeavyFor, mayBeKnownHeavy, type KnownHeavy } from '../bundle-cost/known-heavy';
import type { MeasuredCost } from '../bundle-cost/measure';
import { lodashPerMethodFix } from '../fixes/lodash-per-method';
import { lazyImportFix } from '../fixes/lazy-import';

export const heavyImport = defineRule({
  meta: {
    id: 'heavy-import',
    description: 'An import that adds more than its budget (default 20 kB gzip) to a browser bundle, or a known-heavy library with a lighter alternative',
    defaultSeverity: 'warning',
    fixable: true,
  },
  mayApply(doc) {
    return (doc.isScript || doc.kind === 'vue' || doc.kind === 'svelte') && mayImportPackage(doc);
  },
  check(ctx) {
    const role = bundleRole(ctx.project, ctx.doc);
    if (!role.browser) return;
    const root = packageRoot(ctx.project, ctx.doc.path);
    const budget = budgetConfig(ctx.project, ctx.doc.path, root, ctx.settings.importBudgetKb);
    const manyImporters = (name: string) => appImportersAtLeast(ctx.project, clientAppRoot(ctx.project, ctx.doc.path), ctx.doc.path, name, platformImporters);
    if (!mayExceedBudget(ctx.project, ctx.doc, budget, lazyChunkOf(ctx.project, ctx.doc.path) !== undefined, manyImporters)) return;
    // The document the import nodes belong to: the file itself, or a component's script view.
    const script = scriptView(ctx.project, ctx.doc);
    if (!script) return;
    let app: AppContext | undefined;
    const appContext = () => (app ??= appContextFor(ctx, root));
    // A Next.js page's imports that only getServerSideProps / getStaticProps use never reach the browser.
    const serverOnly = serverOnlySpecifiersOf(ctx.project, ctx.doc);
    // Only sizes that can change a finding are asked for: a table row's (its message gives the
    // size), and an import that could be over the budget where it is. The inline costs ask for the rest.
    const mayReport = (imp: PackageImport, pkg: InstalledPackage): boolean =>
      !serverOnly?.has(imp.specifier) &&
      (mayBeKnownHeavy(imp.specifier) ||
      (imp.form !== 'dynamic' &&
        !frameworkRuntime(imp.specifier) &&
        lazyChunkOf(ctx.project, ctx.doc.path) === undefined &&
        ownPackageFolder(ctx.project, ctx.doc.path, pkg.name) === undefined &&
        !wholeEntryFits(ctx.project, imp, pkg, budget.externals, budget.perPackage[pkg.name] ?? budget.budgetKb)));
    for (const c of importCosts(ctx.project, ctx.doc, budget.externals, mayReport)) {
      if (c.external || serverOnly?.has(c.imp.specifier)) continue;
      if (checkWrapper(ctx, script, c, appContext)) continue;
      // Not installed: nothing to measure, but a known-heavy import needs no measurement.
      checkImport(ctx, script, c, budget.perPackage[c.pkg?.name ?? packageNameOf(c.imp.specifier)], budget.budgetKb, root, appContext, budget.externals);
    }
  },
});

/** What the app's build and dependencies say, read once per analysis when a row matches. */
interface AppContext {
  /** The client app (heavy-import reports a package once in it). */
  appRoot: string;
  facts: BuildFacts;
  /** Why each package is bundled anyway (moment required by antd 4 …). */
  bundledAnyway: (name: string) => string[];
  /** Why the app's lockfile could not be read (too large, broken), for the message. */
  lockfileSkipped: () => string | undefined;
}

function appContextFor(ctx: RuleContext, manifestRoot: string): AppContext {
  const appRoot = clientAppRoot(ctx.project, ctx.doc.path);
  const facts = buildFacts(ctx.project, appRoot, manifestRoot);
  // A library's file is bundled by the app that reaches it: that app's dependencies (ngx-moment
  // wrapping moment) put the package in the bundle as much as the library's own do.
  const appManifestRoot = packageRoot(ctx.project, `${appRoot}/package.json`);
  const anyway = new Map<string, string[]>();
  // A wrapper counts when the app's browser code imports it (@nextcloud/moment in a component).
  const imported = (dependency: string) => (appImportSites(ctx.project, appRoot, ctx.doc.path, dependency)?.length ?? 0) > 0;
  return {
    appRoot,
    facts,
    lockfileSkipped: () => {
      const lock = lockGraph(ctx.project, manifestRoot);
      return lock && 'skipped' in lock ? lock.skipped : undefined;
    },
    bundledAnyway: (name) => {
      let v = anyway.get(name);
      if (!v) {
        v = bundledAnywayBy(ctx.project, manifestRoot, name, imported);
        if (v.length === 0 && appManifestRoot !== manifestRoot) v = bundledAnywayBy(ctx.project, appManifestRoot, name, imported);
        anyway.set(name, v);
      }
      return v;
    },
  };
}

/** The package an import really bundles, through the build's `resolve.alias`. */
function effectiveSpecifier(imp: ImportShape, facts: BuildFacts): string {
  const name = packageNameOf(imp.specifier);
  const alias = facts.aliases.get(name);
  return alias ? alias.to + imp.specifier.slice(name.length) : imp.specifier;
}

/**
 * The known-heavy row an import matches once the build is taken into account: a cherry-picking
 * babel plugin or `modularizeImports` rewrites named imports and `_.x` members, a re-exporting
 * barrel (`export * from 'lucide-react'`) costs what its importers take, and a package another
 * dependency requires anyway costs nothing more.
 */
function applicableRow(imp: ImportShape, app: AppContext): KnownHeavy | undefined {
  const specifier = effectiveSpecifier(imp, app.facts);
  const row = knownHeavyFor(specifier, imp.form, imp.names);
  if (!row) return undefined;
  if (imp.exportStar && row.when !== 'any') return undefined;
  const name = packageNameOf(specifier);
  if (app.facts.cherryPicked.has(name) && imp.form === 'static' && !imp.objectEscapes) return undefined;
  if (row.id === 'moment' && app.bundledAnyway('moment').length > 0) return undefined;
  return row;
}

function groupKey(row: KnownHeavy, imp: ImportShape, facts: BuildFacts): string {
  return `${row.id}\0${packageNameOf(effectiveSpecifier(imp, facts))}`;
}

function checkImport(ctx: RuleContext, script: SourceDoc, c: ImportCost, packageBudgetKb: number | undefined, budgetKb: number, manifestRoot: string, appContext: () => AppContext, externals: readonly string[]): void {
  const { imp } = c;
  const measured = c.cost && !('error' in c.cost) ? c.cost : undefined;
  const shape = shapeOf(imp, script.sourceFile);
  // `import 'core-js/stable'` (or `require('core-js/stable')`) under @babel/preset-env's `useBuiltIns: 'entry'` becomes the polyfills the targets need.
  if ((imp.form === 'side-effect' || imp.form === 'require') && packageNameOf(imp.specifier) === 'core-js' && appContext().facts.polyfillEntry) return;
  // The app's build is read only for packages the table names (an alias between two of them included).
  const app = mayBeKnownHeavy(imp.specifier) ? appContext() : undefined;
  const row = app ? applicableRow(shape, app) : undefined;
  // A table row the build sets aside (a dependency bundles the package anyway, a plugin cherry-picks
  // it, a barrel re-exports what importers pick): its size measured alone is not what this import adds.
  if (app && !row && knownHeavyFor(effectiveSpecifier(shape, app.facts), shape.form, shape.names)) return;
  const limitKb = packageBudgetKb ?? budgetKb;
  // A lazy chunk is not in the initial bundle: only the known-heavy table applies to it (and it
  // does not), nor to a file only import() leads to. Nor is the framework the app is built on a
  // cost to trim, nor a package of the monorepo itself: its files are source, their imports count.
  const over =
    measured !== undefined &&
    imp.form !== 'dynamic' &&
    measured.gzip > limitKb * 1000 &&
    !frameworkRuntime(imp.specifier) &&
    lazyChunkOf(ctx.project, ctx.doc.path) === undefined &&
    ownPackageFolder(ctx.project, ctx.doc.path, packageNameOf(imp.specifier)) === undefined &&
    ownGzip(ctx, packageNameOf(imp.specifier), measured, appContext().appRoot) > limitKb * 1000;
  // A package with its own budget in .hotpathrc.json was accepted at that size: the table does not override it.
  if (packageBudgetKb !== undefined && !over) return;
  if (!row && !over) return;
  if (!row && packageBudgetKb === undefined && isPlatform(ctx, packageNameOf(imp.specifier), appContext().appRoot)) return;
  if (!row && c.pkg && bundledByAnotherImport(ctx, script, c.pkg.name, manifestRoot)) return;
  // A webpack external (`externals: { moment: 'moment' }`) is loaded by the page, never bundled;
  // a package aliased to a file of the app (`modernizr$` → a loader's config file) bundles that file.
  const facts = (app ?? appContext()).facts;
  if (externalIn(facts, packageNameOf(imp.specifier)) || aliasedToFile(facts, imp.specifier)) return;

  // One package, one finding per app: the first importer (by path) reports, the others are related.
  const range = script.nodeRange(imp.specifierNode);
  const members = row && app ? tableGroup(ctx, row, shape, app) : over ? overBudgetGroup(ctx, c, range, limitKb, externals, appContext()) : undefined;
  let group: AppImportSite[] = [];
  const mine = members?.find((s) => s.path === ctx.doc.path && sameRange(s.range, range));
  if (members && mine) {
    ctx.project.dependOn(new Set(members.map((s) => s.path)));
    if (members[0] !== mine) return;
    group = members.slice(1);
  }

  const size = measured ? sizeText(measured) : undefined;
  const files = new Set(group.map((s) => s.path).filter((p) => p !== ctx.doc.path));
  const parts: string[] = [];
  if (size) parts.push(`'${imp.specifier}' adds ${size} to the browser bundle${over ? `, over the ${limitKb} kB budget` : ''}`);
  else parts.push(`'${imp.specifier}' is a known heavy import${row?.approxGzipKb ? ` (≈ ${row.approxGzipKb} kB gzip)` : ''}`);
  if (files.size > 0) parts[0] += `, imported by ${files.size + 1} files of this app (the others are related locations); it costs the bundle once`;
  if (row) parts.push(`${problemText(row, app!)}. Instead, ${row.instead}.`);
  const fixes = fixesFor(ctx, script, c, row);
  // The per-method fix rewrites every import of the package in the app, not just this one.
  const perMethod = row?.fix ? fixes.find((f) => f.preferred) : undefined;
  if (perMethod && row && group.length > 0) {
    const others = otherFileEdits(ctx, group, row, c.pkg?.dir);
    if (others.length > 0) perMethod.otherFiles = others;
  }
  if (!row) parts.push(fixes.some((f) => f.title.startsWith('Load')) ? 'Load it lazily where it is used, or find a lighter package.' : 'Find a lighter package, import less of it, or load it lazily with import().');
  let message = row ? `${parts[0]}: ${parts[1]}` : `${parts[0]}. ${parts[1]}`;
  // Named imports from a CommonJS build keep the whole module: say why "import less" will not help.
  if (!row && c.pkg && imp.form === 'static' && imp.names.named.length > 0 && resolveEntry(c.pkg, imp.specifier)?.format === 'cjs') {
    message += ` Its browser build is CommonJS, so importing names does not shake off the rest.`;
  }
  const alsoBy = c.pkg && row?.id !== 'moment' ? dependentsAmong(ctx.project, manifestRoot, c.pkg.name) : [];
  if (alsoBy.length > 0) message += ` Note: ${alsoBy.map((d) => `'${d}'`).join(', ')} also depend${alsoBy.length === 1 ? 's' : ''} on '${c.pkg!.name}', so removing this import saves nothing while ${alsoBy.length === 1 ? 'it stays' : 'they stay'}.`;
  const checked = row && app ? checkedFacts(row, shape, app) : undefined;
  if (checked) message += ` Checked: ${checked.summary}.`;

  ctx.report({
    range: script.nodeRange(imp.specifierNode),
    message,
    fixes,
    related: relatedOf(group, app?.appRoot ?? ''),
    explanation: explanation(measured, row, limitKb, c.pkg !== undefined, checked?.details),
  });
}

/**
 * An import of a wrapper of a known-heavy package (`@nextcloud/moment` around moment): the cost is
 * the wrapped package's, so the message names it, once per app at the wrapper's first importer.
 * `info`: the wrapper is often the platform's way to format dates, and the app's own imports of
 * the wrapped package add nothing more while it stays (they are not reported, see bundledAnywayBy).
 */
function checkWrapper(ctx: RuleContext, script: SourceDoc, c: ImportCost, appContext: () => AppContext): boolean {
  const { imp } = c;
  if (imp.form === 'dynamic' || imp.form === 'side-effect' || mayBeKnownHeavy(imp.specifier)) return false;
  const name = packageNameOf(imp.specifier);
  const wrapped = wrappedHeavy(ctx.project, posix.dirname(ctx.doc.path), name, c.pkg?.manifest);
  if (!wrapped) return false;
  const app = appContext();
  if (externalIn(app.facts, name) || externalIn(app.facts, wrapped.heavy)) return true;
  const row = knownHeavyFor(wrapped.heavy, 'static', { named: [], default: true, members: [], whole: true });
  if (!row) return false;
  const range = script.nodeRange(imp.specifierNode);
  const members = appImportSites(ctx.project, app.appRoot, ctx.doc.path, name)?.filter((s) => s.form !== 'dynamic' && s.form !== 'side-effect');
  const mine = members?.find((s) => s.path === ctx.doc.path && sameRange(s.range, range));
  let group: AppImportSite[] = [];
  if (members && mine) {
    ctx.project.dependOn(new Set(members.map((s) => s.path)));
    if (members[0] !== mine) return true;
    group = members.slice(1);
  }
  const files = new Set(group.map((s) => s.path).filter((p) => p !== ctx.doc.path));
  const by = files.size > 0 ? `, imported by ${files.size + 1} files of this app (the others are related locations)` : '';
  ctx.report({
    range,
    severity: 'info',
    message:
      `'${name}' bundles '${wrapped.heavy}' (its dependency, per ${wrapped.source})${row.approxGzipKb ? `, ≈ ${row.approxGzipKb} kB gzip` : ''}${by}: ${problemText(row, app)}. ` +
      `The app's own imports of '${wrapped.heavy}' add nothing more while '${name}' stays. Instead, ${row.instead}.`,
    related: relatedOf(group, app.appRoot),
    explanation: explanation(undefined, row, 0, c.pkg !== undefined, `'${name}' depends on '${wrapped.heavy}' (${wrapped.source}), so every importer of it pays for '${wrapped.heavy}' whole.`),
  });
  return true;
}

/** The app's imports that match the same known-heavy row for the same package. */
function tableGroup(ctx: RuleContext, row: KnownHeavy, shape: ImportShape, app: AppContext): AppImportSite[] | undefined {
  const key = groupKey(row, shape, app.facts);
  return appImportSites(ctx.project, app.appRoot, ctx.doc.path)?.filter((s) => {
    if (aliasedToFile(app.facts, s.specifier)) return false;
    const r = applicableRow(s, app);
    return r !== undefined && groupKey(r, s, app.facts) === key;
  });
}

/**
 * The app's imports of the same package that are over the budget too (lazy `import()` chunks
 * aside): a package outside the table costs the bundle once as well. A size not known yet is
 * asked for, and this file is analysed again when it lands.
 */
function overBudgetGroup(ctx: RuleContext, c: ImportCost, range: Range, limitKb: number, externals: readonly string[], app: AppContext): AppImportSite[] | undefined {
  if (!c.pkg) return undefined;
  const costs = importCostEnvironment(ctx.project).costs;
  return appImportSites(ctx.project, app.appRoot, ctx.doc.path, c.pkg.name)?.filter((s) => {
    if (s.form === 'dynamic' || lazyChunkOf(ctx.project, s.path) !== undefined) return false;
    let cost = s.path === ctx.doc.path && sameRange(s.range, range) ? c.cost : undefined;
    if (!cost && costs) {
      const probe = probeOf(ctx.project, s, externals);
      cost = probe && costs.lookup(probe.key);
      if (probe && !cost) costs.request(probe.key, probe.probe, ctx.doc.path);
    }
    return cost !== undefined && !('error' in cost) && ownGzip(ctx, c.pkg!.name, cost, app.appRoot) > limitKb * 1000;
  });
}

/** How many of an app's files import a package before it counts as the app's platform (see `isPlatform`). */
export const platformImporters = 15;

/**
 * A package the app is written against (Ant Design and refine in an admin app, imported by 37 and
 * 25 of its files) is its platform, as its UI framework is: no import of it can be trimmed or
 * loaded later without rewriting the app, so its size is not held to the budget. The known-heavy
 * table still applies (whole lodash in 251 files is a problem with a fix).
 */
function isPlatform(ctx: RuleContext, name: string, appRoot: string): boolean {
  if (appImportersAtLeast(ctx.project, appRoot, ctx.doc.path, name, platformImporters)) return true;
  // shadcn/ui: each Radix primitive is wrapped once in the app's ui folder (components.json), and
  // the app is written with the wrappers.
  const ui = shadcnUiFolder(ctx.project, appRoot);
  if (ui === undefined) return false;
  const files = new Set(appImportSites(ctx.project, appRoot, ctx.doc.path, name)?.filter((s) => s.form !== 'dynamic').map((s) => s.path));
  return files.size > 0 && [...files].every((f) => f.startsWith(`${ui}/`)) && importersOf(ctx.project, ctx.doc.path, files) >= platformImporters;
}

/**
 * What an import adds once the packages it bundles that the app imports directly elsewhere are
 * left out: those are charged where they are imported, once per app (the lexical core under each
 * `@lexical/*` plugin, CodeMirror's view under each `@codemirror/*` package, luxon under
 * vue-luxon). Their share of the minified bytes is taken off the gzip size in proportion.
 */
function ownGzip(ctx: RuleContext, name: string, m: MeasuredCost, appRoot: string): number {
  const others = m.contents.filter((x) => x.name !== name);
  const shared = new Set(others.filter((x) => directlyImported(ctx, appRoot, x.name)).map((x) => x.name));
  // What a directly imported package depends on is charged with it (prismjs under @lexical/code,
  // which @lexical/markdown bundles too).
  for (let grew = shared.size > 0; grew; ) {
    grew = false;
    for (const x of others) {
      if (shared.has(x.name)) continue;
      if ([...shared].some((s) => x.name in (findInstalledPackage(ctx.project, ctx.doc.path, s)?.manifest.dependencies ?? {}))) {
        shared.add(x.name);
        grew = true;
      }
    }
  }
  const bytes = others.filter((x) => shared.has(x.name)).reduce((n, x) => n + x.bytes, 0);
  return m.bytes > 0 ? m.gzip * Math.max(0, 1 - bytes / m.bytes) : m.gzip;
}

/**
 * A dependency this file imports too (statically) that depends on the package, not
 * as a peer (prism-react-renderer under @mantine/prism): the package is in the bundle whatever
 * this import does, so it adds nothing. A peer (chart.js under react-chartjs-2) is the app's to
 * provide, and its own import is where it is charged.
 */
function bundledByAnotherImport(ctx: RuleContext, script: SourceDoc, name: string, manifestRoot: string): string | undefined {
  // A package the app declares itself is charged where it is imported (the lexical core under each
  // @lexical/* plugin): only one it reaches into through another dependency is that dependency's.
  if (name in (readManifest(ctx.project, `${manifestRoot}/package.json`)?.dependencies ?? {})) return undefined;
  // The same file: pages and route chunks of one app are separate bundles, so an import elsewhere proves nothing here.
  const here = new Set(ctx.project.memo(script, 'bundle-cost:imports', packageImports).filter((i) => i.form !== 'dynamic').map((i) => packageNameOf(i.specifier)));
  return dependentsAmong(ctx.project, manifestRoot, name, Infinity, false).find((d) => here.has(d));
}

/** Whether a browser file of the app imports the package itself, outside a lazy chunk. */
function directlyImported(ctx: RuleContext, appRoot: string, name: string): boolean {
  const site = appImportSites(ctx.project, appRoot, ctx.doc.path, name)?.find((s) => s.form !== 'dynamic' && lazyChunkOf(ctx.project, s.path) === undefined);
  // Removing that import puts the package's cost back on this one.
  if (site) ctx.project.dependOn(new Set([site.path]));
  return site !== undefined;
}

/** Each site's probe, kept while its file's import sites stand (every importer of a package asks for all the others'). */
const siteProbes = new WeakMap<AppImportSite, { externals: string; probe: ReturnType<typeof importProbeAt> }>();

function probeOf(project: Project, s: AppImportSite, externals: readonly string[]): ReturnType<typeof importProbeAt> {
  const key = externals.join('\0');
  const hit = siteProbes.get(s);
  if (hit && hit.externals === key) return hit.probe;
  const probe = importProbeAt(project, s.path, s, externals);
  siteProbes.set(s, { externals: key, probe });
  return probe;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

const maxRelated = 200;

function relatedOf(group: AppImportSite[], appRoot: string): RelatedLocation[] {
  const out: RelatedLocation[] = group.slice(0, maxRelated).map((s) => ({ path: s.path, range: s.range, message: `also imports '${s.specifier}' (${appRelative(appRoot, s.path)})` }));
  return out;
}

function problemText(row: KnownHeavy, app: AppContext): string {
  if (row.id === 'moment' && app.facts.momentLocalesStripped) return "'moment' is not tree-shakable (its locales are already stripped by " + app.facts.momentLocalesStripped + ', so what remains is moment itself)';
  return row.problem;
}

/** The build facts that were checked for this row: a short summary for the message, details for the hover. */
function checkedFacts(row: KnownHeavy, imp: ImportShape, app: AppContext): { summary: string; details: string } {
  const f = app.facts;
  const name = packageNameOf(imp.specifier);
  const said: string[] = [];
  const alias = f.aliases.get(name);
  if (alias) said.push(`'${name}' is aliased to '${alias.to}' (${alias.where}), so this bundles '${alias.to}'`);
  if (row.package === 'lodash' || row.package === 'lodash-es') {
    if (!f.cherryPicked.has(packageNameOf(effectiveSpecifier(imp, f)))) said.push('no babel-plugin-lodash or modularizeImports for it');
    else said.push(`${f.cherryPicked.get(packageNameOf(effectiveSpecifier(imp, f)))} rewrites named imports, not this one (the object is used as a value or required)`);
    if (!alias) said.push('no resolve.alias of it');
    const optimized = row.package === 'lodash' ? isOptimized(f, 'lodash') : undefined;
    if (optimized) said.push(`${optimized} splits barrel files, not lodash's single module`);
    if (f.lodashWebpackPlugin) said.push(`lodash-webpack-plugin (${f.lodashWebpackPlugin}) trims features but keeps every method`);
  }
  if (row.id === 'moment') {
    const skipped = app.lockfileSkipped();
    said.push(`no dependency known to require moment anyway${skipped ? ` (${skipped})` : ''}`);
    if (!f.momentLocalesStripped) said.push('no ContextReplacementPlugin or IgnorePlugin for its locales (≈ 80 kB gzip with all of them)');
  }
  if (f.unreadable.length > 0) said.push(`not readable statically: ${f.unreadable.join('; ')}`);
  const read = f.read.length > 0 ? `build configs read: ${f.read.join(', ')}` : 'no build config found';
  return { summary: said.length > 0 ? said.join('; ') : read, details: `${read}. ${said.join('; ')}${said.length ? '.' : ''}` };
}

function sizeText(m: MeasuredCost): string {
  return `${formatKb(m.gzip)} gzip (${formatKb(m.bytes)} minified)`;
}

/** Other importers' per-method edits, per file version: an edit of the reporting file must not re-parse them all. */
const otherEditCache = new WeakMap<Project, Map<string, { version: string | undefined; key: string; edits: TextEdit[] }>>();

/** The per-method fix of each other importer's import, by file (imports it cannot rewrite are left as they are). */
function otherFileEdits(ctx: RuleContext, group: AppImportSite[], row: KnownHeavy, pkgDir: string | undefined): { path: string; edits: TextEdit[] }[] {
  const target = row.fix === 'lodash-per-method' ? 'lodash' : 'lodash-es';
  const hasMethod = target === 'lodash' && pkgDir ? (m: string) => ctx.project.stat(`${pkgDir}/${m}.js`)?.isFile === true : undefined;
  let cache = otherEditCache.get(ctx.project);
  if (!cache) otherEditCache.set(ctx.project, (cache = new Map()));
  const out: { path: string; edits: TextEdit[] }[] = [];
  const paths = [...new Set(group.map((s) => s.path))].filter((p) => p !== ctx.doc.path);
  for (const p of paths) {
    const sites = group.filter((s) => s.path === p);
    const key = `${target}\0${pkgDir ?? ''}\0${sites.map((s) => `${s.range.start.line}:${s.range.start.character}`).join(',')}`;
    const version = ctx.project.versionOf(p);
    let hit = cache.get(p);
    if (!hit || hit.version !== version || hit.key !== key) {
      hit = { version, key, edits: editsOf(ctx, p, sites, target, hasMethod) };
      cache.set(p, hit);
    }
    if (hit.edits.length > 0) out.push({ path: p, edits: hit.edits });
  }
  return out;
}

function editsOf(ctx: RuleContext, p: string, sites: AppImportSite[], target: 'lodash' | 'lodash-es', hasMethod: ((m: string) => boolean) | undefined): TextEdit[] {
  const doc = ctx.project.getDoc(p);
  const script = doc ? scriptView(ctx.project, doc) : undefined;
  if (!script) return [];
  const imports = ctx.project.memo(script, 'bundle-cost:imports', packageImports);
  const edits: TextEdit[] = [];
  for (const site of sites) {
    const imp = imports.find((i) => sameRange(script.nodeRange(i.specifierNode), site.range));
    const statement = imp ? statementOf(imp.node) : undefined;
    if (!statement) continue;
    const result = lodashPerMethodFix({ doc: script, statement, target, ...(hasMethod ? { hasMethod } : {}) });
    // Two imports of one file rewritten at once could touch the same lines: the next pass takes the second.
    if ('fix' in result && !result.fix.edits.some((e) => edits.some((x) => editsCollide(e, x)))) edits.push(...result.fix.edits);
  }
  return edits;
}

function fixesFor(ctx: RuleContext, script: SourceDoc, c: ImportCost, row: KnownHeavy | undefined): Fix[] {
  const fixes: Fix[] = [];
  const statement = statementOf(c.imp.node);
  if (row?.fix && statement) {
    const target = row.fix === 'lodash-per-method' ? 'lodash' : 'lodash-es';
    const pkgDir = c.pkg?.dir;
    const result = lodashPerMethodFix({
      doc: script,
      statement,
      target,
      ...(target === 'lodash' && pkgDir ? { hasMethod: (m: string) => ctx.project.stat(`${pkgDir}/${m}.js`)?.isFile === true } : {}),
    });
    if ('fix' in result) fixes.push(result.fix);
  }
  if (c.imp.form === 'static') {
    const lazy = lazyImportFix(script, c.imp);
    if ('fix' in lazy) fixes.push(lazy.fix);
  }
  return fixes;
}

function statementOf(node: ts.Node): ts.ImportDeclaration | ts.VariableStatement | undefined {
  if (ts.isImportDeclaration(node) || ts.isVariableStatement(node)) return node;
  return undefined;
}

function explanation(measured: MeasuredCost | undefined, row: KnownHeavy | undefined, limitKb: number, installed: boolean, checked?: string): string {
  const lines: string[] = [];
  if (measured) {
    lines.push(
      `Measured with esbuild as a production browser bundle of just this import (minified, tree-shaken to what is imported, gzip): **${formatKb(measured.gzip)} gzip**, ${formatKb(measured.bytes)} minified. Budget: ${limitKb} kB gzip.`,
    );
    if (measured.contents.length > 1) lines.push(`Inside: ${measured.contents.map((x) => `${x.name} ${formatKb(x.bytes)}`).join(', ')}.`);
  } else {
    lines.push(
      installed
        ? 'The size is being measured; the known cost of this library is reason enough to look at it.'
        : 'The package is not installed here (no node_modules), so its size was not measured; the known cost of this library is reason enough to look at it.',
    );
  }
  if (row) lines.push(`Instead, ${row.instead}.`);
  if (checked) lines.push(`What the build does to it, read statically from the app's configs: ${checked}`);
  lines.push('If another dependency already bundles the same library, removing this import saves nothing until every user of it is gone; sizes of separate imports that share dependencies do not add up.');
  return lines.join('\n\n');
}
