/**
 * Which browser files of one client app import which packages: a whole-package import costs the
 * bundle once, so heavy-import reports it once per app, at one importer, with the others as
 * related locations. The app's folders are walked (not the workspace's: a nested package.json or
 * project.json starts another app), and each file's package imports are kept per file version,
 * so after an edit only the edited file is read again.
 *
 * The walk and the reads are not recorded as dependencies of the analysis that asked (every file
 * would then depend on every other); the rule records the files of the group it reports.
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { Project } from '../engine/project';
import type { Range } from '../engine/finding';
import { alwaysSkippedDirs } from '../engine/discovery';
import { bundleRole, clientAppRoot } from './front-end-files';
import { clientReach } from './client-reach';
import { objectUse, packageImports, packageNameOf, packageSpecifiersOf, type ImportForm, type ImportedNames, type PackageImport } from './package-imports';
import { scriptView } from './script-blocks';
import { mayBeKnownHeavy } from '../bundle-cost/known-heavy';

/** What an import takes, as heavy-import judges it. */
export interface ImportShape {
  specifier: string;
  form: ImportForm;
  names: ImportedNames;
  /** `export * from 'x'`: what it costs is decided by the files that import the re-exports. */
  exportStar: boolean;
  /** The default or namespace object is used as a value (`_(xs)`, passed on): no build plugin can cherry-pick it. */
  objectEscapes: boolean;
}

export function shapeOf(imp: PackageImport, sf: ts.SourceFile): ImportShape {
  const escapes = imp.names.whole || (imp.names.default && imp.objectBinding !== undefined && objectUse(imp.objectBinding, sf).whole);
  return { specifier: imp.specifier, form: imp.form, names: imp.names, exportStar: ts.isExportDeclaration(imp.node) && !imp.node.exportClause, objectEscapes: escapes };
}

/** One package import of an app file, as the index keeps it (no syntax nodes: trees are dropped). */
export interface AppImportSite extends ImportShape {
  path: string;
  /** The specifier string's range. */
  range: Range;
}

const sourceFile = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;
/** A larger app is not walked: heavy-import then reports each import where it is. */
const maxFiles = 20000;

interface AppIndex {
  generation: number;
  files: string[] | undefined;
  perFile: Map<string, { version: string | undefined; sites: AppImportSite[] }>;
  /** The answer of this generation: every importer of a package asks, and no file changed since. */
  sites?: AppImportSite[];
}

const indexes = new WeakMap<Project, Map<string, AppIndex>>();

/**
 * The source files of the app rooted at `appRoot`, sorted; undefined when the folder cannot be
 * listed or holds more than `maxFiles`. Until a file is created or deleted.
 */
export function appSourceFiles(project: Project, appRoot: string, sampleFile: string): string[] | undefined {
  // When the workspace's client entries are known, the app is what they reach (libraries included).
  const reach = clientReach(project, sampleFile);
  if (reach?.apps.some((a) => a.root === appRoot)) {
    return project.workspaceFact(`app-imports:reached\0${appRoot}`, () => reach.files.filter((f) => clientAppRoot(project, f) === appRoot).sort());
  }
  return project.workspaceFact(`app-imports:files\0${appRoot}`, () => {
    const out: string[] = [];
    const walk = (dir: string, top: boolean): boolean => {
      const names = project.listDir(dir);
      if (!names) return top ? false : true;
      // Another package or Nx project inside this one is another app (or a library it imports by name).
      if (!top && (names.includes('package.json') || names.includes('project.json'))) return true;
      for (const name of names) {
        if (name.endsWith('/')) {
          const bare = name.slice(0, -1);
          if (alwaysSkippedDirs.has(bare) || bare.startsWith('.')) continue;
          if (!walk(`${dir}/${bare}`, false)) return false;
        } else if (sourceFile.test(name) && !name.endsWith('.d.ts')) {
          out.push(`${dir}/${name}`);
          if (out.length > maxFiles) return false;
        }
      }
      return true;
    };
    if (!walk(appRoot, true)) return undefined;
    return out.sort();
  });
}

/**
 * The imports of known-heavy packages (bundle-cost/known-heavy) in browser files of the app, or
 * with `packageName` the imports of that one package, read from text first: files that name no
 * such package are never parsed. Undefined when the app's files cannot be listed.
 */
export function appImportSites(project: Project, appRoot: string, sampleFile: string, packageName?: string): AppImportSite[] | undefined {
  const idx = indexOf(project, appRoot, packageName);
  return project.untracked(() => {
    if (idx.generation === project.generation && idx.sites) return idx.sites;
    const files = filesOf(project, idx, appRoot, sampleFile);
    if (!files) return undefined;
    const out: AppImportSite[] = [];
    for (const p of files) out.push(...entryOf(project, idx, p, packageName).sites);
    idx.sites = out;
    return out;
  });
}

/**
 * Whether at least `n` browser files of the app import `packageName` other than through
 * `import()`: the count `appImportSites` would give, but files are read (and parsed) only until
 * it is reached. A package 280 files of an app import is known to be its platform after 15.
 */
export function appImportersAtLeast(project: Project, appRoot: string, sampleFile: string, packageName: string, n: number): boolean {
  const idx = indexOf(project, appRoot, packageName);
  return project.untracked(() => {
    let count = 0;
    for (const p of filesOf(project, idx, appRoot, sampleFile) ?? []) {
      if (entryOf(project, idx, p, packageName).sites.some((s) => s.form !== 'dynamic') && ++count >= n) return true;
    }
    return false;
  });
}

function indexOf(project: Project, appRoot: string, packageName: string | undefined): AppIndex {
  let perProject = indexes.get(project);
  if (!perProject) indexes.set(project, (perProject = new Map()));
  const indexKey = packageName === undefined ? appRoot : `${appRoot}\0${packageName}`;
  let index = perProject.get(indexKey);
  if (!index) perProject.set(indexKey, (index = { generation: -1, files: undefined, perFile: new Map() }));
  return index;
}

/** The app's files at this generation (the list is read again after any change). */
function filesOf(project: Project, idx: AppIndex, appRoot: string, sampleFile: string): string[] | undefined {
  if (idx.generation !== project.generation) {
    idx.files = appSourceFiles(project, appRoot, sampleFile);
    idx.generation = project.generation;
    idx.sites = undefined;
  }
  return idx.files;
}

/** One file's sites, kept by its version. */
function entryOf(project: Project, idx: AppIndex, p: string, packageName: string | undefined): { version: string | undefined; sites: AppImportSite[] } {
  const version = project.versionOf(p);
  let entry = idx.perFile.get(p);
  if (!entry || entry.version !== version) {
    const wanted = packageName === undefined ? mayBeKnownHeavy : (s: string) => packageNameOf(s) === packageName;
    entry = { version, sites: sitesOf(project, p, wanted) };
    idx.perFile.set(p, entry);
  }
  return entry;
}

function sitesOf(project: Project, p: string, wanted: (specifier: string) => boolean): AppImportSite[] {
  const doc = project.getDoc(p);
  if (!doc || !packageSpecifiersOf(doc).some(wanted)) return [];
  if (!bundleRole(project, doc).browser) return [];
  const script = scriptView(project, doc);
  if (!script) return [];
  const out: AppImportSite[] = [];
  for (const imp of project.memo(script, 'bundle-cost:imports', packageImports)) {
    if (!wanted(imp.specifier)) continue;
    out.push({ path: p, ...shapeOf(imp, script.sourceFile), range: script.nodeRange(imp.specifierNode) });
  }
  return out;
}

/** Where a path is shown in a message: relative to the app. */
export function appRelative(appRoot: string, p: string): string {
  return path.posix.relative(appRoot, p) || p;
}
