/**
 * Packages a client bundle holds whatever the app's own code imports, because one of its other
 * dependencies requires them: antd 3 and 4 date pickers require moment, so moving the app's own
 * code to dayjs saves nothing while antd 4 stays. Read from the app's package.json (versions as
 * written there), and from installed manifests when node_modules is there.
 */
import type { Project } from '../engine/project';
import { dependentsAmong, readManifest, type PackageManifest } from '../analysis/installed-packages';
import { lockGraph, lockedDependents } from '../analysis/lockfiles';
import { knownHeavy, mayBeKnownHeavy } from './known-heavy';

interface Requirer {
  dependency: string;
  /** Which versions of it (the first number of the range written in package.json) require the package. */
  majors?: (major: number) => boolean;
  why: string;
}

/** Known requirers of a package, for apps checked out without node_modules. */
const requirers: Record<string, Requirer[]> = {
  moment: [
    { dependency: 'antd', majors: (m) => m < 5, why: 'antd 3 and 4 date and time pickers require moment' },
    { dependency: 'angular-moment-picker', why: 'angular-moment-picker is built on moment' },
    { dependency: 'chart.js', majors: (m) => m === 2, why: "Chart.js 2's time scale requires moment" },
    { dependency: 'react-dates', why: 'react-dates requires moment' },
    { dependency: 'react-datetime', why: 'react-datetime requires moment' },
    { dependency: 'daterangepicker', why: 'daterangepicker requires moment' },
    { dependency: 'bootstrap-daterangepicker', why: 'bootstrap-daterangepicker requires moment' },
    { dependency: 'fullcalendar', majors: (m) => m < 4, why: 'FullCalendar 3 requires moment' },
    { dependency: 'ngx-moment', why: 'ngx-moment is built on moment' },
    { dependency: 'angular-moment', why: 'angular-moment is built on moment' },
    { dependency: 'vue-moment', why: 'vue-moment is built on moment' },
    { dependency: 'react-moment', why: 'react-moment is built on moment' },
  ],
};

function majorOf(range: string): number | undefined {
  const m = /(\d+)/.exec(range);
  return m ? Number(m[1]) : undefined;
}

/**
 * Why `name` is in the app's bundle whatever the app imports: the dependencies that require it
 * (empty when none is known). `appRoot` is the folder of the app's package.json. Without
 * node_modules, the committed lockfile says which dependencies require it: only those the app's
 * browser code imports (`imported`) count, since a monorepo's one package.json also lists its
 * server's dependencies.
 */
export function bundledAnywayBy(project: Project, appRoot: string, name: string, imported?: (dependency: string) => boolean): string[] {
  const manifest = appRoot ? readManifest(project, `${appRoot}/package.json`) : undefined;
  if (!manifest) return [];
  const out: string[] = [];
  for (const r of requirers[name] ?? []) {
    // A library's peers (antd for a visualisation package) are in the app that bundles it.
    const range = manifest.dependencies[r.dependency] ?? manifest.peerDependencies[r.dependency];
    if (range === undefined) continue;
    const major = majorOf(range);
    if (r.majors && (major === undefined || !r.majors(major))) continue;
    out.push(`${r.dependency} ${range}: ${r.why}`);
  }
  if (out.length === 0) {
    // Installed manifests say the same as the lockfile below, with the same two limits: a requirer
    // the table reports itself (moment-timezone) is no reason, nor one the browser code never imports.
    for (const d of dependentsAmong(project, appRoot, name, Infinity)) {
      if (mayBeKnownHeavy(d) || (imported && !imported(d))) continue;
      out.push(`'${d}' depends on '${name}'`);
      if (out.length >= 3) break;
    }
  }
  if (out.length === 0 && imported) {
    const lock = lockGraph(project, appRoot);
    if (lock && 'graph' in lock) {
      const direct = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)];
      for (const d of lockedDependents(lock.graph, direct, name, 1)) {
        // A requirer the table names (moment-timezone) is reported itself: its fix removes both.
        if (mayBeKnownHeavy(d.name) || !imported(d.name)) continue;
        out.push(`'${d.name}' ${d.via.length > 0 ? `depends on '${d.via.join("' → '")}', which depends` : 'depends'} on '${name}' (${lock.graph.path.slice(lock.graph.path.lastIndexOf('/') + 1)})`);
        if (out.length >= 3) break;
      }
    }
  }
  return out;
}

/** Table packages that cost the bundle whole whoever imports them, so a wrapper of one carries it all. */
const wrappable = knownHeavy
  .filter((r) => r.when === 'any' && /^[a-z@]/.test(r.package))
  .map((r) => ({ heavy: r.package, namedAfter: new RegExp(`(^|[/@-])${r.package.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[-/])`) }));

export interface Wrapped {
  /** The known-heavy package the wrapper bundles (moment). */
  heavy: string;
  /** Where that was read: the installed manifest or the lockfile. */
  source: string;
}

/**
 * The known-heavy package a wrapper package bundles: one named after it (`@nextcloud/moment`,
 * `ngx-moment`, `vue-moment`) that depends on it, per its installed manifest or, without
 * node_modules, the lockfile nearest to `fromDir`. Its importers pay for the whole package.
 */
export function wrappedHeavy(project: Project, fromDir: string, name: string, installed?: PackageManifest): Wrapped | undefined {
  // moment-timezone is named after moment and wraps it, but the table has its own row for it.
  if (mayBeKnownHeavy(name)) return undefined;
  const candidates = wrappable.filter((w) => w.heavy !== name && w.namedAfter.test(name)).map((w) => w.heavy);
  if (candidates.length === 0) return undefined;
  if (installed) {
    const heavy = candidates.find((h) => h in installed.dependencies || h in installed.peerDependencies);
    return heavy ? { heavy, source: `${name}'s package.json` } : undefined;
  }
  const lock = lockGraph(project, fromDir);
  const deps = lock && 'graph' in lock ? lock.graph.deps.get(name) : undefined;
  const heavy = deps && candidates.find((h) => deps.has(h));
  return heavy ? { heavy, source: lock && 'graph' in lock ? lock.graph.path.slice(lock.graph.path.lastIndexOf('/') + 1) : '' } : undefined;
}
