/**
 * One engine Project per working folder per lint run, as the CLI keeps one per scan: files other
 * files import are read and parsed once for the whole run and cached per version (mtime and size).
 *
 * ESLint tells a plugin nothing about where a run starts or ends. A process that lints again later
 * (an editor's ESLint server, eslint_d) must see files changed meanwhile, while the project caches
 * what it learnt about the workspace (file metadata, import resolutions) until told of a change.
 * So a new run, with a new Project, starts after a pause of `runGapMs` between two files (long
 * enough for ESLint to parse a large file on a busy machine in between), or when a file already
 * linted in this run comes again after another one (a second `eslint .` in the same process; ESLint
 * lints a file once per run, --fix passes right after each other). The import sizes, measured
 * once, outlive runs (they are keyed by package version).
 */
import * as path from 'node:path';
import type { DataAccessEntry } from '../../server/src/analysis/data-access';
import { attachImportCosts } from '../../server/src/bundle-cost/import-costs';
import type { CostSource } from '../../server/src/bundle-cost/cost-service';
import { type FileHost, NodeFileHost } from '../../server/src/engine/host';
import { normalizePath } from '../../server/src/engine/paths';
import { listWorkspaceFiles } from '../../server/src/engine/list-files';
import { Project } from '../../server/src/engine/project';
import { rcFileName } from '../../server/src/engine/config';

export const runGapMs = 2000;

export interface ProjectEnvironment {
  /** Where files are read (tests: an in-memory workspace). */
  host?: FileHost;
  /** The working folder in place of ESLint's (tests: where the in-memory workspace is). */
  cwd?: string;
  /** Import sizes (default: measured on the spot, cached on disk like the CLI's). */
  costs?: () => CostSource;
  now?: () => number;
}

export class Projects {
  private readonly live = new Map<string, Project>();
  private lastUsed = -Infinity;
  /** Files linted in this run, and the last one. */
  private readonly linted = new Set<string>();
  private lastFile: string | undefined;

  constructor(private readonly env: ProjectEnvironment = {}) {}

  /**
   * The project of `cwd` for this run. `dataAccess` rows (n-plus-one's option) are part of the
   * key: a project answers with one catalogue. `file` is the file being linted.
   */
  projectFor(eslintCwd: string, dataAccess: readonly unknown[] = [], file?: string): Project {
    const cwd = this.env.cwd ?? eslintCwd;
    const now = this.env.now?.() ?? performance.now();
    const again = file !== undefined && file !== this.lastFile && this.linted.has(file);
    if (now - this.lastUsed > runGapMs || again) {
      this.live.clear();
      this.linted.clear();
    }
    this.lastUsed = now;
    if (file !== undefined) {
      this.linted.add(file);
      this.lastFile = file;
    }
    const key = `${normalizePath(cwd)}\0${JSON.stringify(dataAccess)}`;
    let project = this.live.get(key);
    if (!project) {
      const host = this.env.host ?? new NodeFileHost();
      const root = normalizePath(cwd);
      const fileHost = dataAccess.length > 0 ? withDataAccessRows(host, dataAccess) : host;
      project = new Project(fileHost);
      // Walked once per run, when a rule first asks (the same array each time: analyses cache by it).
      let files: string[] | undefined;
      project.listFiles = () => (files ??= listWorkspaceFiles(fileHost, root));
      if (this.env.costs) attachImportCosts(project, { costs: this.env.costs() });
      this.live.set(key, project);
    }
    return project;
  }

  /** Called after each file: the run is still going. */
  touch(): void {
    this.lastUsed = this.env.now?.() ?? performance.now();
  }
}

/**
 * n-plus-one reads extra data-access rows from the nearest `.hotpathrc.json` (analysis/
 * data-access-config). The rule option's rows are given to it the same way: appended to every
 * rc file's `dataAccess` as the project reads it, and, for files with no rc file above them, in
 * one at the filesystem root, which the search reaches last. Nothing is written to disk.
 */
export function withDataAccessRows(host: FileHost, rows: readonly unknown[]): FileHost {
  const isRc = (p: string) => path.posix.basename(p) === rcFileName;
  const rootRc = `${rootOf(normalizePath(process.cwd()))}${rcFileName}`;
  const merged = (text: string | undefined): string => {
    let raw: unknown;
    try {
      raw = text === undefined ? {} : JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      // A broken rc file is reported by the CLI and the editor; here its rows cannot be read.
      raw = {};
    }
    const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const own = Array.isArray(obj.dataAccess) ? (obj.dataAccess as DataAccessEntry[]) : [];
    return JSON.stringify({ ...obj, dataAccess: [...own, ...rows] });
  };
  return {
    readFile: (p) => (isRc(p) ? merged(host.readFile(p)) : host.readFile(p)),
    stat: (p) => host.stat(p) ?? (p === rootRc ? { size: 0, mtimeMs: 0, isFile: true, isDirectory: false } : undefined),
    ...(host.readBytes ? { readBytes: host.readBytes.bind(host) } : {}),
    ...(host.listDir ? { listDir: host.listDir.bind(host) } : {}),
  };
}

function rootOf(p: string): string {
  let dir = p;
  for (let parent = path.posix.dirname(dir); parent !== dir; parent = path.posix.dirname(dir)) dir = parent;
  return dir.endsWith('/') ? dir : `${dir}/`;
}
