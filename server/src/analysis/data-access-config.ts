/**
 * The data-access catalogue a file is analysed with: the built-in rows plus the `dataAccess`
 * rows of the nearest `.hotpathrc.json`, e.g.
 *
 *   { "dataAccess": [{ "module": "@acme/db-client", "calls": ["fetchOne", "fetchMany"] }] }
 *
 * The file is read through `project.getDoc`, so editing it re-runs the analyses that used it.
 * The same parser validates the key for `hotpath check` and the editor (engine/config), so a bad
 * row is reported there and skipped here.
 */
import * as path from 'node:path';
import type { Project } from '../engine/project';
import { builtinCatalogue, type CostUnit, type DataAccessEntry } from './data-access';

const units: readonly CostUnit[] = ['query', 'request', 'round trip'];

/** Validate `dataAccess` rows; problems are described in `problems` and those rows skipped. */
export function parseDataAccess(value: unknown, problems: string[]): DataAccessEntry[] {
  if (!Array.isArray(value)) {
    problems.push('"dataAccess" must be an array like [{ "module": "my-db", "calls": ["query"] }] (ignored)');
    return [];
  }
  const out: DataAccessEntry[] = [];
  value.forEach((row, i) => {
    const where = `"dataAccess"[${i}]`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      problems.push(`${where} must be an object with "module" and "calls" (ignored)`);
      return;
    }
    const r = row as Record<string, unknown>;
    const modules = typeof r.module === 'string' ? [r.module] : Array.isArray(r.modules) && r.modules.every((m) => typeof m === 'string') ? (r.modules as string[]) : undefined;
    if (!modules || modules.length === 0 || modules.some((m) => m.length === 0)) {
      problems.push(`${where}: "module" must name the package, like "@acme/db" (ignored)`);
      return;
    }
    const calls = r.calls ?? [];
    if (!Array.isArray(calls) || !calls.every((c) => typeof c === 'string' && /^[\w$]+$/.test(c))) {
      problems.push(`${where}: "calls" must be an array of method names, like ["query", "findOne"] (ignored)`);
      return;
    }
    if (calls.length === 0 && r.callable !== true) {
      problems.push(`${where}: list the methods that query in "calls", or set "callable": true when the module itself is called (ignored)`);
      return;
    }
    if (r.unit !== undefined && !units.includes(r.unit as CostUnit)) {
      problems.push(`${where}: "unit" must be "query", "request" or "round trip" (ignored)`);
      return;
    }
    out.push({
      library: typeof r.library === 'string' && r.library ? r.library : modules[0]!,
      modules,
      calls: calls as string[],
      unit: (r.unit as CostUnit | undefined) ?? 'query',
      ...(r.callable === true ? { callable: true } : {}),
    });
  });
  return out;
}

const rcName = '.hotpathrc.json';

/** The catalogue for a file: the nearest `.hotpathrc.json`'s rows first (they win), then the built-in ones. */
export function catalogueFor(project: Project, filePath: string): readonly DataAccessEntry[] {
  let dir = path.posix.dirname(filePath);
  for (let i = 0; i < 40; i++) {
    const candidate = `${dir === '/' ? '' : dir}/${rcName}`;
    if (project.stat(candidate)?.isFile) {
      const doc = project.getDoc(candidate);
      return doc ? project.memo(doc, 'analysis:data-access-catalogue', (d) => withUserRows(d.text)) : builtinCatalogue;
    }
    const parent = path.posix.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return builtinCatalogue;
}

function withUserRows(text: string): readonly DataAccessEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // engine/config reports the syntax error; analysis goes on with the built-in rows.
    return builtinCatalogue;
  }
  if (typeof raw !== 'object' || raw === null || !('dataAccess' in raw)) return builtinCatalogue;
  const rows = parseDataAccess((raw as { dataAccess: unknown }).dataAccess, []);
  return rows.length > 0 ? [...rows, ...builtinCatalogue] : builtinCatalogue;
}
