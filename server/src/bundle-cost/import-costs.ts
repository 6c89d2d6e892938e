/**
 * The cost of every package import of a file, as far as it is known now. Shared by the
 * `heavy-import` rule (diagnostics), the inlay hints and the hover, so all three agree.
 *
 * The front end attaches a `CostSource` (and the editor's budget) to its Project; without one,
 * sizes are unknown and only the known-heavy table applies. Nothing here waits: a size that is
 * not cached is requested and the caller hears about it through the source's listeners.
 */
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import type { Project } from '../engine/project';
import type { SourceDoc } from '../engine/source';
import { findInstalledPackage, readManifest, type InstalledPackage } from '../analysis/installed-packages';
import { scriptView } from '../analysis/script-blocks';
import { namesKey, packageImports, packageNameOf, packageSpecifiersOf, type PackageImport } from '../analysis/package-imports';
import { mayBeKnownHeavy } from './known-heavy';
import { wrappedHeavy } from './bundled-anyway';
import { frameworkRuntime } from './framework-runtimes';
import type { CostResult, CostSource } from './cost-service';
import type { ImportProbe } from './measure';

export interface ImportCostEnvironment {
  costs?: CostSource;
  /**
   * Told of each imported package that is not installed where `from` would find it, so its size
   * cannot be measured; the CLI lists them once at the end instead of staying silent.
   */
  onNotInstalled?(name: string, from: string): void;
}

const environments = new WeakMap<Project, ImportCostEnvironment>();

export function attachImportCosts<P extends Project>(project: P, env: ImportCostEnvironment): P {
  environments.set(project, env);
  return project;
}

export function importCostEnvironment(project: Project): ImportCostEnvironment {
  return environments.get(project) ?? {};
}

export const defaultBudgetKb = 20;

export interface ImportCost {
  imp: PackageImport;
  pkg?: InstalledPackage;
  /** Cache key: package@version, specifier, what is imported, what stays external. */
  key?: string;
  cost?: CostResult;
  pending: boolean;
  /** Provided by the host page (Grafana's shared lodash, a CDN external): costs the bundle nothing. */
  external: boolean;
}

/** The budget settings that apply to a file: rc file `importBudgetKb` / `importBudgets` / `importExternals`. */
export interface BudgetConfig {
  budgetKb: number;
  perPackage: Record<string, number>;
  externals: string[];
}

/** Host-provided packages recognised from the app's dependencies. */
const hostExternals: [dependency: string, externals: string[]][] = [
  // Grafana plugins must import lodash (and React) from the host: subpath imports would duplicate them.
  ['@grafana/data', ['lodash', 'react', 'react-dom', 'moment', 'rxjs', '@grafana/data', '@grafana/ui', '@grafana/runtime', 'emotion', '@emotion/css']],
];

/**
 * `editorBudgetKb` is `hotpath.importBudgetKb`. Editors report a setting's default value as if it
 * were set, so the default (20) does not override the rc file's `importBudgetKb`.
 */
export function budgetConfig(project: Project, filePath: string, appRoot: string, editorBudgetKb?: number): BudgetConfig {
  const config: BudgetConfig = { budgetKb: defaultBudgetKb, perPackage: {}, externals: [] };
  const rc = findRc(project, path.posix.dirname(filePath));
  const raw = rc ? project.memo(rc, 'bundle-cost:rc', (d) => safeJson(d.text)) : undefined;
  if (raw && typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    if (typeof o.importBudgetKb === 'number' && o.importBudgetKb > 0) config.budgetKb = o.importBudgetKb;
    if (o.importBudgets && typeof o.importBudgets === 'object') {
      for (const [k, v] of Object.entries(o.importBudgets)) if (typeof v === 'number' && v >= 0) config.perPackage[k] = v;
    }
    if (Array.isArray(o.importExternals)) config.externals.push(...o.importExternals.filter((x): x is string => typeof x === 'string'));
  }
  if (editorBudgetKb !== undefined && editorBudgetKb >= 0 && editorBudgetKb !== defaultBudgetKb) config.budgetKb = editorBudgetKb;
  const manifest = appRoot ? readManifest(project, `${appRoot}/package.json`) : undefined;
  if (manifest) {
    for (const [dep, externals] of hostExternals) if (dep in manifest.dependencies || dep in manifest.devDependencies || dep in manifest.peerDependencies) config.externals.push(...externals);
  }
  return config;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

function findRc(project: Project, start: string): SourceDoc | undefined {
  for (let dir = start, i = 0; i < 40; i++) {
    const p = `${dir === '/' ? '' : dir}/.hotpathrc.json`;
    if (project.stat(p)?.isFile) return project.getDoc(p);
    const parent = path.posix.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The probe that measures `imp` of `pkg`, and its cache key. */
export function probeFor(imp: Pick<PackageImport, 'specifier' | 'form' | 'names'>, pkg: InstalledPackage, externals: readonly string[]): { key: string; probe: ImportProbe } {
  const names = [...(imp.names.default ? ['default'] : []), ...new Set([...imp.names.named, ...imp.names.members])];
  // The package's peers are paid for by whoever installs them (React for a React library).
  const external = [...new Set([...Object.keys(pkg.manifest.peerDependencies), ...externals])].filter((e) => e !== pkg.name).sort();
  const what = namesKey(imp.form, imp.names);
  const key = `${pkg.name}@${pkg.version}|${imp.specifier}|${what}${external.length ? `|ext:${external.join(',')}` : ''}`;
  // esbuild resolves from the folder whose node_modules holds the package we found, so it
  // measures that copy: from the importer's folder, a package importing itself by name (three's
  // examples import 'three') resolves through its own `exports` to a build that may not exist.
  const resolveDir = pkg.dir.slice(0, pkg.dir.lastIndexOf('/node_modules/')) || '/';
  return { key, probe: { specifier: imp.specifier, form: imp.form, names, whole: imp.names.whole, resolveDir, external } };
}

/**
 * Every package import of `doc` with its cost if known; unknown costs are requested, or with
 * `request` a function, those it wants (heavy-import asks only for sizes that can change a finding;
 * the inline costs want every one).
 */
export function importCosts(project: Project, doc: SourceDoc, externals: readonly string[], request: boolean | ((imp: PackageImport, pkg: InstalledPackage) => boolean) = true): ImportCost[] {
  const env = importCostEnvironment(project);
  const out: ImportCost[] = [];
  // Vue and Svelte components: the imports of their <script> blocks, at the component's own offsets.
  const script = scriptView(project, doc);
  if (!script) return out;
  for (const imp of project.memo(script, 'bundle-cost:imports', packageImports)) {
    const name = packageNameOf(imp.specifier);
    if (externals.includes(name)) {
      out.push({ imp, pending: false, external: true });
      continue;
    }
    const pkg = findInstalledPackage(project, doc.path, imp.specifier);
    if (!pkg) {
      noteNotInstalled(env, name, doc.path);
      out.push({ imp, pending: false, external: false });
      continue;
    }
    const { key, probe } = probeFor(imp, pkg, externals);
    let cost = env.costs?.lookup(key);
    if (!cost && env.costs && (request === true || (request !== false && request(imp, pkg)))) env.costs.request(key, probe, doc.path);
    cost = env.costs?.lookup(key);
    out.push({ imp, pkg, key, ...(cost ? { cost } : {}), pending: !cost && (env.costs?.isPending(key) ?? false), external: false });
  }
  return out;
}

/** The probe that measures one import of another file, and its cache key; undefined when the package is not installed or nothing measures. */
export function importProbeAt(project: Project, filePath: string, imp: Pick<PackageImport, 'specifier' | 'form' | 'names'>, externals: readonly string[]): { key: string; probe: ImportProbe } | undefined {
  const pkg = importCostEnvironment(project).costs ? findInstalledPackage(project, filePath, imp.specifier) : undefined;
  return pkg ? probeFor(imp, pkg, externals) : undefined;
}

/**
 * Whether some package import of `doc` could be reported, judged from its text and cached sizes
 * without parsing: heavy-import parses only the files where one could. No import of a package
 * entry costs more than the entry kept whole (what `import * as x` keeps), so when every imported
 * entry is known to fit the budget whole and none has a row in the known-heavy table, there is
 * nothing to report. A whole size not yet known is requested for next time, and the file is
 * parsed; so is a file importing a package that is not installed (importCosts names it).
 * `tableOnly` (a file in a lazy chunk): only known-heavy rows and wrappers can be reported.
 * `isPlatform`: whether a package is the app's platform, which heavy-import never holds to the
 * budget (three.js's 280 examples import `three`: none of them is parsed to learn that).
 */
export function mayExceedBudget(project: Project, doc: SourceDoc, budget: BudgetConfig, tableOnly = false, isPlatform?: (name: string) => boolean): boolean {
  const env = importCostEnvironment(project);
  const specifiers = new Set(packageSpecifiersOf(doc));
  if (specifiers.size === 0) return false;
  // A required module is measured as a require (maybe another build than the ESM entry): no bound here.
  if (/\brequire\s*\(/.test(doc.text)) return true;
  let exceeds = false;
  for (const specifier of specifiers) {
    if (specifier.includes('\\') || mayBeKnownHeavy(specifier)) {
      exceeds = true;
      continue;
    }
    const name = packageNameOf(specifier);
    if (budget.externals.includes(name)) continue;
    // The platform the app is built on is never held to the budget: its size is not asked for.
    if (frameworkRuntime(specifier)) continue;
    const pkg = findInstalledPackage(project, doc.path, specifier);
    // A wrapper of a known-heavy package (`@nextcloud/moment`) needs no measurement either.
    if (wrappedHeavy(project, path.posix.dirname(doc.path), name, pkg?.manifest)) {
      exceeds = true;
      continue;
    }
    if (!pkg) {
      // Nothing to measure and no row to match: not a reason to parse. Parsing every file of an
      // app checked out without node_modules was most of the rule's time (outline: 4.4 s for no
      // finding). The text scan may take a word after `from` in a string for a specifier, so
      // only names npm could publish are listed as not installed.
      if (npmName.test(name)) noteNotInstalled(env, name, doc.path);
      continue;
    }
    // A lazy chunk answers to the table alone: no size can make a finding there.
    if (tableOnly) continue;
    const { key, probe } = probeFor({ specifier, form: 'static', names: { named: [], default: false, members: [], whole: true } }, pkg, budget.externals);
    const whole = env.costs?.lookup(key);
    if (!whole && env.costs) env.costs.request(key, probe);
    // Go on asking for the other entries' sizes, so the next analysis can decide without parsing.
    if (!whole || 'error' in whole || whole.gzip > (budget.perPackage[name] ?? budget.budgetKb) * 1000) {
      // Asked last, and only while nothing else makes the file worth parsing: it may read other files.
      const platform = !exceeds && whole && !('error' in whole) && budget.perPackage[name] === undefined && budget.perPackage[pkg.name] === undefined && isPlatform?.(name);
      if (!platform) exceeds = true;
    }
  }
  return exceeds;
}

/**
 * Whether the whole entry of `specifier` (what `import * as x` keeps, the bound mayExceedBudget
 * measures) is known to fit `limitKb`: then no import of that entry can exceed it. A required
 * module may be another build than the ESM entry: never bounded this way.
 */
export function wholeEntryFits(project: Project, imp: Pick<PackageImport, 'specifier' | 'form'>, pkg: InstalledPackage, externals: readonly string[], limitKb: number): boolean {
  if (imp.form === 'require') return false;
  const { key } = probeFor({ specifier: imp.specifier, form: 'static', names: { named: [], default: false, members: [], whole: true } }, pkg, externals);
  const whole = importCostEnvironment(project).costs?.lookup(key);
  return whole !== undefined && !('error' in whole) && whole.gzip <= limitKb * 1000;
}

/** What npm accepts as a package name (lower case, scoped or not, no spaces). */
const npmName = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;

function noteNotInstalled(env: ImportCostEnvironment, name: string, from: string): void {
  // Node's own modules (`path` polyfilled by a bundler, `fs` in a mis-sorted file) are never installed.
  if (!isBuiltin(name)) env.onNotInstalled?.(name, from);
}

/** "24.1 kB" with one decimal below 100 kB. */
export function formatKb(bytes: number): string {
  const kb = bytes / 1000;
  return `${kb < 100 ? kb.toFixed(1) : Math.round(kb)} kB`;
}
