/**
 * The TypeScript checker, for the questions syntax leaves open: which workspace class a value is
 * an instance of (`integration` in `for (const integration of team.integrations)`), or which
 * class the elements of a collection are. Rules ask it only about receivers of calls in loops that
 * their own tracing could not decide, so a file without such a call never builds a program.
 *
 * One language service per project root (the folder of the nearest tsconfig.json / jsconfig.json,
 * else the package root), kept across analyses and edits: open editors' text is read through the
 * `Project`, versions come from it, so an edit re-checks only what changed. The program holds the
 * files asked about and what their imports reach *in the workspace*, resolved the way the rest of
 * Hotpath resolves them (relative paths, tsconfig `paths`, monorepo packages): packages stay
 * unresolved and type as `any`, and a tiny built-in lib replaces TypeScript's (no `lib.d.ts` is
 * read). That keeps the first question on a 2,000-file app near a second, not the 4 s and 550 MB
 * of a whole program with its libraries (see the `typeChecker` figures of `npm run bench`).
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { Project } from '../../engine/project';
import type { SourceDoc } from '../../engine/source';
import { findUp } from '../find-up';
import { resolveWorkspaceImport } from '../module-resolution';
import { miniLib } from './mini-lib';

const libPath = '/__hotpath__/lib.d.ts';

const options: ts.CompilerOptions = {
  noEmit: true,
  allowJs: true,
  checkJs: false,
  noLib: true,
  skipLibCheck: true,
  types: [],
  // ES5 iterates arrays in `for … of` without the Symbol.iterator typings the mini lib leaves out.
  target: ts.ScriptTarget.ES5,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  experimentalDecorators: true,
  strictNullChecks: true,
  noResolve: false,
};

/** A class declared in the workspace, as a tree node of the project's own documents. */
export interface ClassRef {
  doc: SourceDoc;
  node: ts.ClassLikeDeclaration;
}

/** What the checker cost so far: programs built, their time, questions and their time. */
export interface TypeServiceStats {
  programs: number;
  files: number;
  buildMs: number;
  /** CPU time of the builds: steadier than wall time on a shared machine. */
  buildCpuMs: number;
  questions: number;
  questionMs: number;
  questionCpuMs: number;
}

interface RootService {
  service: ts.LanguageService;
  roots: string[];
  rootSet: Set<string>;
  /** Bumped when the roots change, so the service rebuilds its program. */
  rootVersion: number;
  program?: ts.Program;
  programKey?: string;
}

export class TypeService {
  private readonly roots = new Map<string, RootService>();
  private readonly rootDirs = new Map<string, string | null>();
  private readonly registry = ts.createDocumentRegistry();
  readonly stats: TypeServiceStats = { programs: 0, files: 0, buildMs: 0, buildCpuMs: 0, questions: 0, questionMs: 0, questionCpuMs: 0 };

  constructor(private readonly project: Project) {}

  /** The workspace class `expr` holds an instance of (nullable and union types look at each member). */
  instanceClass(doc: SourceDoc, expr: ts.Expression): ClassRef | undefined {
    return this.ask(doc, expr, (checker, type) => this.classOfType(checker, type));
  }

  /** The workspace class of the elements of the array (or promise of an array) `expr` holds. */
  elementClass(doc: SourceDoc, expr: ts.Expression): ClassRef | undefined {
    return this.ask(doc, expr, (checker, type) => {
      const t = checker.getAwaitedType(type) ?? type;
      for (const u of t.isUnion() ? t.types : [t]) {
        if (!checker.isArrayType(u)) continue;
        const el = checker.getTypeArguments(u as ts.TypeReference)[0];
        const found = el && this.classOfType(checker, el);
        if (found) return found;
      }
      return undefined;
    });
  }

  private ask(doc: SourceDoc, expr: ts.Expression, answer: (checker: ts.TypeChecker, type: ts.Type) => { path: string; pos: number } | undefined): ClassRef | undefined {
    if (!doc.isScript) return undefined;
    const program = this.programFor(doc.path);
    const start = performance.now();
    const cpu = process.cpuUsage();
    this.stats.questions++;
    try {
      const sf = program?.getSourceFile(doc.path);
      if (!sf || sf.text !== doc.text) return undefined;
      const node = nodeAt(sf, expr.getStart(doc.sourceFile), expr.end, expr.kind);
      if (!node) return undefined;
      const checker = program!.getTypeChecker();
      const found = answer(checker, checker.getTypeAtLocation(node));
      return found && this.classIn(found.path, found.pos);
    } catch {
      // A checker failure on odd code is an undecided receiver, never a broken analysis.
      return undefined;
    } finally {
      this.stats.questionMs += performance.now() - start;
      this.stats.questionCpuMs += cpuMs(cpu);
    }
  }

  private classOfType(checker: ts.TypeChecker, type: ts.Type): { path: string; pos: number } | undefined {
    const t = checker.getNonNullableType(type);
    for (const u of t.isUnion() ? t.types : [t]) {
      const decl = (u.getSymbol() ?? u.aliasSymbol)?.declarations?.find((d): d is ts.ClassLikeDeclaration => ts.isClassLike(d));
      if (decl && !decl.getSourceFile().isDeclarationFile) return { path: decl.getSourceFile().fileName, pos: decl.pos };
    }
    return undefined;
  }

  /** The class at `pos` in the project's own tree of `file` (the checker parsed its own copy). */
  private classIn(file: string, pos: number): ClassRef | undefined {
    const doc = this.project.getDoc(file);
    if (!doc) return undefined;
    let found: ts.ClassLikeDeclaration | undefined;
    const visit = (n: ts.Node): void => {
      if (found || n.end <= pos || n.pos > pos) return;
      if (ts.isClassLike(n) && n.pos === pos) found = n;
      else ts.forEachChild(n, visit);
    };
    visit(doc.sourceFile);
    return found && { doc, node: found };
  }

  private rootOf(file: string): string {
    const dir = path.posix.dirname(file);
    return (
      findUp(this.rootDirs, dir, (d) =>
        this.project.stat(`${d}/tsconfig.json`)?.isFile || this.project.stat(`${d}/jsconfig.json`)?.isFile || this.project.stat(`${d}/package.json`)?.isFile ? d : undefined,
      ) ?? dir
    );
  }

  private programFor(file: string): ts.Program | undefined {
    const key = this.rootOf(file);
    let root = this.roots.get(key);
    if (!root) {
      root = this.createRoot(key);
      this.roots.set(key, root);
    }
    // A file the program already holds (an import of an earlier root) needs no new program.
    if (!root.rootSet.has(file) && !root.program?.getSourceFile(file)) {
      root.roots.push(file);
      root.rootSet.add(file);
      root.rootVersion++;
    }
    const programKey = `${this.project.generation}:${root.rootVersion}`;
    if (root.program && root.programKey === programKey) return root.program;
    const start = performance.now();
    const cpu = process.cpuUsage();
    root.program = root.service.getProgram();
    this.stats.buildCpuMs += cpuMs(cpu);
    root.programKey = programKey;
    this.stats.programs++;
    this.stats.buildMs += performance.now() - start;
    this.stats.files = [...this.roots.values()].reduce((n, r) => n + (r.program?.getSourceFiles().length ?? 0), 0);
    return root.program;
  }

  private createRoot(dir: string): RootService {
    const project = this.project;
    const root: RootService = { roots: [libPath], rootSet: new Set([libPath]), rootVersion: 0, service: undefined as unknown as ts.LanguageService };
    // Every new program resolves every file's imports again; the answers hold until files are created or deleted.
    let resolvedFor = { generation: project.fileEventCount, answers: new Map<string, ts.ResolvedModuleWithFailedLookupLocations>() };
    const snapshots = new Map<string, { version: string | undefined; snapshot: ts.IScriptSnapshot }>();
    const textOf = (f: string): string | undefined => {
      if (f === libPath) return miniLib;
      if (project.isOpen(f)) return project.getDoc(f)?.text;
      return project.stat(f)?.isFile ? project.host.readFile(f) : undefined;
    };
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getProjectVersion: () => `${project.generation}:${root.rootVersion}`,
      getScriptFileNames: () => root.roots,
      getScriptVersion: (f) => (f === libPath ? 'lib' : (project.versionOf(f) ?? 'missing')),
      getScriptSnapshot: (f) => {
        // A new program (another root file) asks for every file again: unchanged ones are not re-read.
        const version = f === libPath ? 'lib' : project.versionOf(f);
        const known = snapshots.get(f);
        if (known && known.version === version) return known.snapshot;
        const text = textOf(f);
        if (text === undefined) return undefined;
        const snapshot = ts.ScriptSnapshot.fromString(text);
        snapshots.set(f, { version, snapshot });
        return snapshot;
      },
      getCurrentDirectory: () => dir,
      getDefaultLibFileName: () => libPath,
      fileExists: (f) => f === libPath || (!f.includes('/node_modules/') && !!project.stat(f)?.isFile),
      readFile: (f) => textOf(f),
      // Workspace files only, resolved as the rest of Hotpath resolves them; packages type as `any`.
      resolveModuleNameLiterals: (literals, containingFile) => {
        if (resolvedFor.generation !== project.fileEventCount) resolvedFor = { generation: project.fileEventCount, answers: new Map() };
        return literals.map((lit) => {
          const key = `${containingFile}\0${lit.text}`;
          let answer = resolvedFor.answers.get(key);
          if (!answer) {
            const target = resolveWorkspaceImport(project, containingFile, lit.text);
            const ext = target && extensionOf(target);
            answer = { resolvedModule: target && ext ? { resolvedFileName: target, extension: ext, isExternalLibraryImport: false } : undefined };
            resolvedFor.answers.set(key, answer);
          }
          return answer;
        });
      },
    };
    root.service = ts.createLanguageService(host, this.registry);
    return root;
  }
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function extensionOf(file: string): ts.Extension | undefined {
  const ext = path.posix.extname(file);
  if (file.endsWith('.d.ts')) return ts.Extension.Dts;
  return (
    ({ '.ts': ts.Extension.Ts, '.tsx': ts.Extension.Tsx, '.js': ts.Extension.Js, '.jsx': ts.Extension.Jsx, '.mts': ts.Extension.Mts, '.cts': ts.Extension.Cts, '.mjs': ts.Extension.Mjs, '.cjs': ts.Extension.Cjs } as Record<string, ts.Extension>)[ext]
  );
}

/** The node of the checker's tree that spans exactly [start, end) with the same kind. */
function nodeAt(sf: ts.SourceFile, start: number, end: number, kind: ts.SyntaxKind): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found || n.end < end || n.pos > start) return;
    if (n.kind === kind && n.end === end && n.getStart(sf) === start) {
      found = n;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

const services = new WeakMap<Project, TypeService>();

/** The type service's figures, if a rule asked it anything in this project. */
export function typeServiceStats(project: Project): TypeServiceStats | undefined {
  return services.get(project)?.stats;
}

/** The project's type service, created on first use and kept as long as the project. */
export function typeService(project: Project): TypeService {
  let s = services.get(project);
  if (!s) {
    s = new TypeService(project);
    services.set(project, s);
  }
  return s;
}
