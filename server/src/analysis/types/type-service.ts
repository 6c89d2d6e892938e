/**
 * The TypeScript checker, for the questions syntax leaves open: which workspace class a value is
 * an instance of (`integration` in `for (const integration of team.integrations)`), or which
 * class the elements of a collection are. Rules ask it only about receivers of calls in loops that
 * their own tracing could not decide, so a file without such a call never builds a program.
 *
 * Each asking file gets a small program: the file and the workspace files its imports reach
 * within two steps (enough for the class a barrel re-exports), resolved the way the rest of
 * Hotpath resolves imports (relative paths, tsconfig `paths`, monorepo packages). Packages stay
 * unresolved and type as `any`, and a tiny built-in lib replaces TypeScript's (no `lib.d.ts` is
 * read, and the bundled server ships none). Parsed files are shared by all programs and kept
 * across analyses by version, and open editors' text is read through the `Project`. A program,
 * and the answers it gave, stand while none of its files changed version (an edit elsewhere costs
 * nothing); when one did, the next build starts from the old program, so TypeScript re-reads only
 * the changed files' imports. The checker itself cannot be carried over: a new program is asked
 * afresh.
 * A whole program of a 2,000-file app costs 4 s and 550 MB (measured on outline); `hotpath check
 * --verbose` prints what these programs cost.
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { Project } from '../../engine/project';
import type { SourceDoc } from '../../engine/source';
import { summaryOf, unitOf } from '../cross-file-summary';
import { commonPrefix } from '../text-edit';
import { resolveWorkspaceImport } from '../module-resolution';
import { miniLib } from './mini-lib';
import { surelyAny } from './surely-any';

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
  /** Of those, rebuilds after an edit that kept the previous program's files and imports (TypeScript re-read only the edited files). */
  reused: number;
  /** Answers taken over from before an edit that changed no type the answer rests on (see `TypeService.carry`). */
  carried: number;
  files: number;
  buildMs: number;
  /** CPU time of the builds: steadier than wall time on a shared machine. */
  buildCpuMs: number;
  questions: number;
  /** Questions about values the programs can only type as `any` (surely-any.ts): answered with nothing, no program built. */
  settled: number;
  questionMs: number;
  questionCpuMs: number;
}

/** How far from the asking file imports are followed: the file (0), its imports, and theirs. */
const maxDepth = 2;

/** Programs kept for re-asking (the language server re-analyses the same open files, and after a call edit in outline's Document.ts the 22 files that read its calls): with 16, they evicted each other and every re-run built again. */
const keptPrograms = 32;

interface Built {
  /** Built on the first question `byPlace` does not answer (a carried program starts without one, see `carry`). */
  program: ts.Program | undefined;
  /** The build the program is rebuilt from (`oldProgram`) when it is built lazily. */
  base: Built | undefined;
  /** Each file of the program at the version it was read: the program stands while none changed. */
  versions: Map<string, string | undefined>;
  /** `Project.fileEventCount` at the build: a created or deleted file can change what an import resolves to. */
  fileEvents: number;
  /** The generation the versions were last checked at: one check per generation, however many questions. */
  checked: number;
  /** How many import steps each file is from the asking file, carried into the next build (see `compilerHost`). */
  depth: Map<string, number>;
  /** Answers by question, node and asking file version, valid as long as the program is kept. */
  answers: Map<string, Answer>;
  /** The same answers by question and place in the function holding the node (see `placeKey`), for `carry`. */
  byPlace: Map<string, Answer>;
  /** The asking file's and the open documents' `checker` fingerprints and texts at the build (see `carry`). */
  read: Map<string, { checker: string; text: string }>;
}

type Answer = { path: string; pos: number } | undefined;

/** The questions rules ask (a `TypeService`, or a wrapper that decides lazily whether to ask it). */
export interface TypeQuestions {
  instanceClass(doc: SourceDoc, expr: ts.Expression): ClassRef | undefined;
  elementClass(doc: SourceDoc, expr: ts.Expression): ClassRef | undefined;
}

export class TypeService implements TypeQuestions {
  /** One small program per asking file, least recently used first. */
  private readonly programs = new Map<string, Built>();
  /** Parsed files shared by the kept programs, by version: a new program re-parses only what changed. */
  private readonly sourceFiles = new Map<string, { version: string; sf: ts.SourceFile }>();
  private resolutions = { fileEvents: -1, answers: new Map<string, string | undefined>() };
  readonly stats: TypeServiceStats = { programs: 0, reused: 0, carried: 0, files: 0, buildMs: 0, buildCpuMs: 0, questions: 0, settled: 0, questionMs: 0, questionCpuMs: 0 };

  constructor(private readonly project: Project) {}

  /** The workspace class `expr` holds an instance of (nullable and union types look at each member). */
  instanceClass(doc: SourceDoc, expr: ts.Expression): ClassRef | undefined {
    return this.ask(doc, expr, this.instanceAnswer);
  }

  /** The workspace class of the elements of the array (or promise of an array) `expr` holds. */
  elementClass(doc: SourceDoc, expr: ts.Expression): ClassRef | undefined {
    return this.ask(doc, expr, this.elementAnswer);
  }

  private readonly instanceAnswer = (checker: ts.TypeChecker, type: ts.Type) => this.classOfType(checker, type);

  private readonly elementAnswer = (checker: ts.TypeChecker, type: ts.Type) => {
    const t = checker.getAwaitedType(type) ?? type;
    for (const u of t.isUnion() ? t.types : [t]) {
      if (!checker.isArrayType(u)) continue;
      const el = checker.getTypeArguments(u as ts.TypeReference)[0];
      const found = el && this.classOfType(checker, el);
      if (found) return found;
    }
    return undefined;
  };

  private ask(doc: SourceDoc, expr: ts.Expression, answer: (checker: ts.TypeChecker, type: ts.Type) => { path: string; pos: number } | undefined): ClassRef | undefined {
    if (!doc.isScript) return undefined;
    try {
      if (surelyAny(this.project, doc, expr, isScriptFile)) {
        this.stats.settled++;
        return undefined;
      }
      const built = this.programFor(doc);
      const kind = answer === this.elementAnswer ? 'element' : 'instance';
      // A loop's calls often share a receiver; the answer stands while no file of the program changed.
      const key = `${kind}\0${doc.version}\0${expr.pos}:${expr.end}:${expr.kind}`;
      let found = built.answers.get(key);
      if (!built.answers.has(key)) {
        const place = placeKey(doc, expr, kind);
        if (place !== undefined && built.byPlace.has(place)) {
          found = built.byPlace.get(place);
          this.stats.carried++;
        } else found = this.askChecker(this.programOf(built, doc), doc, expr, answer);
        built.answers.set(key, found);
        if (place !== undefined) built.byPlace.set(place, found);
      }
      // Looked up afresh: the project may have re-read the class's file since (same version, new tree).
      return found && this.classIn(found.path, found.pos);
    } catch {
      // A checker failure on odd code is an undecided receiver, never a broken analysis.
      return undefined;
    }
  }

  private askChecker(program: ts.Program, doc: SourceDoc, expr: ts.Expression, answer: (checker: ts.TypeChecker, type: ts.Type) => Answer): Answer {
    const start = performance.now();
    const cpu = process.cpuUsage();
    this.stats.questions++;
    try {
      const sf = program.getSourceFile(doc.path);
      if (!sf || sf.text !== doc.text) return undefined;
      const node = sf === doc.sourceFile ? expr : nodeAt(sf, expr.getStart(doc.sourceFile), expr.end, expr.kind);
      if (!node) return undefined;
      const checker = program.getTypeChecker();
      return answer(checker, checker.getTypeAtLocation(node));
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

  /**
   * The class at `pos` in the project's own tree of `file` (the checker parsed its own copy): a
   * declaration, of the file's outline (whoever reads a method's body records it then).
   */
  private classIn(file: string, pos: number): ClassRef | undefined {
    const doc = this.project.getDoc(file, 'outline');
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

  /**
   * The program for questions about `doc`: the file and the workspace files its imports reach
   * within `maxDepth` steps. A model's class is declared in the file an import (or a barrel's
   * re-export) names, so two steps find it; a whole program of a 2,000-file app would cost
   * seconds and hundreds of megabytes for the same answers.
   */
  private programFor(doc: SourceDoc): Built {
    const kept = this.programs.get(doc.path);
    if (kept) {
      this.programs.delete(doc.path);
      this.programs.set(doc.path, kept);
      if (this.stillValid(kept)) {
        // The running analysis rests on the program's files as a build would have read them, so
        // an edit of one re-runs it (the language server re-analyses a file's type readers).
        this.project.dependOn(kept.versions.keys(), 'types');
        return kept;
      }
      const carried = this.carry(kept);
      if (carried) {
        this.programs.set(doc.path, carried);
        this.project.dependOn(carried.versions.keys(), 'types');
        return carried;
      }
    }
    const built = this.build(doc, kept?.program ? kept : kept?.base);
    this.programs.set(doc.path, built);
    if (this.programs.size > keptPrograms) {
      for (const key of this.programs.keys()) {
        if (this.programs.size <= keptPrograms) break;
        this.programs.delete(key);
      }
      // Trees stay shared while a kept program holds them, and no longer.
      const held = new Set<string>([libPath]);
      for (const p of this.programs.values()) for (const f of p.versions.keys()) held.add(f);
      for (const f of this.sourceFiles.keys()) if (!held.has(f)) this.sourceFiles.delete(f);
    }
    return built;
  }

  /**
   * After edits (of the asking file, or of other open documents in the program) that left what
   * the checker reads of each the same (their `checker` fingerprints: no declaration, import or
   * inferred return type changed, analysis/cross-file-summary), the type of a node in a function
   * whose text is unchanged is what it was: those answers are kept, and the program is rebuilt
   * only when a question finds none. Typing in one method of a 1,600-line model asks nothing
   * about the others, nor again for the hundred files that import it. An answer that names a
   * class of an edited file is kept only if the edit is after that class's start.
   */
  private carry(kept: Built): Built | undefined {
    if (kept.fileEvents !== this.project.fileEventCount) return undefined;
    const read = new Map(kept.read);
    const unchanged = new Map<string, number>();
    for (const [file, version] of kept.versions) {
      if (this.project.versionOf(file) === version) continue;
      const then = kept.read.get(file);
      const now = then && this.project.untracked(() => this.project.getDoc(file));
      if (!then || !now?.isScript) return undefined;
      const checker = summaryOf(this.project, now).checker;
      if (checker !== then.checker) return undefined;
      unchanged.set(file, commonPrefix(then.text, now.text));
      read.set(file, { checker, text: now.text });
    }
    const byPlace = new Map<string, Answer>();
    for (const [place, found] of kept.byPlace) if (!found || !(found.pos >= (unchanged.get(found.path) ?? Infinity))) byPlace.set(place, found);
    const versions = new Map<string, string | undefined>();
    for (const file of kept.versions.keys()) versions.set(file, this.project.versionOf(file));
    return { program: undefined, base: kept.program ? kept : kept.base, versions, fileEvents: kept.fileEvents, checked: this.project.generation, depth: kept.depth, answers: new Map(), byPlace, read };
  }

  /** The built's program, built now if it was carried over without one. */
  private programOf(built: Built, doc: SourceDoc): ts.Program {
    if (!built.program) {
      const fresh = this.build(doc, built.base);
      built.program = fresh.program;
      built.depth = fresh.depth;
      built.base = undefined;
    }
    return built.program!;
  }

  private build(doc: SourceDoc, kept: Built | undefined): Built {
    const start = performance.now();
    const cpu = process.cpuUsage();
    // With `oldProgram`, TypeScript reuses the resolutions of unchanged files without asking the
    // host, so the depth each file was reached at goes on from the last build. That is exact only
    // while no file's imports changed (the same graph); otherwise the depths are counted afresh.
    // A created or deleted file can change what an unchanged file's import resolves to, which
    // TypeScript would not ask again: then nothing is taken over.
    const old = kept?.program && kept.fileEvents === this.project.fileEventCount ? kept : undefined;
    let depth = new Map(old?.depth ?? [[doc.path, 0]]);
    let program = ts.createProgram({ rootNames: [libPath, doc.path], options, host: this.compilerHost(doc.path, depth), oldProgram: old?.program });
    if (old && !completelyReused(program)) {
      depth = new Map([[doc.path, 0]]);
      program = ts.createProgram({ rootNames: [libPath, doc.path], options, host: this.compilerHost(doc.path, depth) });
    } else if (old) this.stats.reused++;
    const versions = new Map<string, string | undefined>();
    for (const sf of program.getSourceFiles()) if (sf.fileName !== libPath) versions.set(sf.fileName, this.project.versionOf(sf.fileName));
    this.stats.programs++;
    this.stats.files += program.getSourceFiles().length;
    this.stats.buildMs += performance.now() - start;
    this.stats.buildCpuMs += cpuMs(cpu);
    // What the checker read of the asking file and of the documents being edited, for `carry`.
    const read = new Map<string, { checker: string; text: string }>();
    for (const file of versions.keys()) {
      const open = file === doc.path ? doc : this.project.isOpen(file) ? this.project.untracked(() => this.project.getDoc(file)) : undefined;
      if (open?.isScript) read.set(file, { checker: summaryOf(this.project, open).checker, text: open.text });
    }
    return { program, base: undefined, versions, fileEvents: this.project.fileEventCount, checked: this.project.generation, depth, answers: new Map(), byPlace: new Map(), read };
  }

  /** Whether no file of the program changed and no file was created or deleted since it was built. */
  private stillValid(built: Built): boolean {
    const generation = this.project.generation;
    if (built.checked === generation) return true;
    if (built.fileEvents !== this.project.fileEventCount) return false;
    for (const [file, version] of built.versions) if (this.project.versionOf(file) !== version) return false;
    built.checked = generation;
    return true;
  }

  private compilerHost(root: string, depth: Map<string, number>): ts.CompilerHost {
    const project = this.project;
    /** The trees handed to this program, by file: whether a file is a barrel is read off them. */
    const trees = new Map<string, ts.SourceFile>();
    if (this.resolutions.fileEvents !== project.fileEventCount) this.resolutions = { fileEvents: project.fileEventCount, answers: new Map() };
    const answers = this.resolutions.answers;
    const textOf = (f: string): string | undefined => {
      if (f === libPath) return miniLib;
      // `types`: what the checker infers types from (analysis/cross-file-summary `types`).
      if (project.isOpen(f)) return project.getDoc(f, 'types')?.text;
      return project.stat(f)?.isFile ? project.host.readFile(f) : undefined;
    };
    return {
      getSourceFile: (f) => {
        const version = f === libPath ? 'lib' : project.versionOf(f);
        if (version === undefined) return undefined;
        // A tree a kept program already holds, at this version: the project may have let its own
        // copy go (it keeps few files in memory), and a re-read tree is parsed and bound again.
        const known = f === root ? undefined : this.sourceFiles.get(f);
        if (known && known.version === version) {
          if (f !== libPath) project.dependOn([f], 'types');
          return (trees.set(f, known.sf), known.sf);
        }
        // The project's own tree when it has one: no second parse, and the checker's nodes are the rule's nodes.
        const own = f === libPath || extensionOf(f) === undefined ? undefined : project.getDoc(f, 'types');
        if (own?.isScript && own.sourceFile.fileName === f) {
          this.sourceFiles.set(f, { version: own.version, sf: own.sourceFile });
          return (trees.set(f, own.sourceFile), own.sourceFile);
        }
        const text = textOf(f);
        if (text === undefined) return undefined;
        const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, false);
        this.sourceFiles.set(f, { version, sf });
        trees.set(f, sf);
        return sf;
      },
      getDefaultLibFileName: () => libPath,
      writeFile: () => undefined,
      getCurrentDirectory: () => '/',
      getCanonicalFileName: (f) => f,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      fileExists: (f) => f === libPath || (!f.includes('/node_modules/') && !!project.stat(f)?.isFile),
      readFile: (f) => textOf(f),
      // Workspace files only, resolved as the rest of Hotpath resolves them; packages type as `any`.
      resolveModuleNameLiterals: (literals, containingFile) => {
        const from = depth.get(containingFile) ?? maxDepth;
        // A barrel (`export { Group } from './Group'` only) is no step: the class is one import away.
        const step = isBarrel(trees.get(containingFile)) ? 0 : 1;
        return literals.map((lit) => {
          const key = `${containingFile}\0${lit.text}`;
          let target = answers.get(key);
          if (!answers.has(key)) {
            target = resolveWorkspaceImport(project, containingFile, lit.text);
            answers.set(key, target);
          }
          const ext = target && extensionOf(target);
          // A file already in the program is resolved from anywhere: it costs nothing more, and
          // `groupUsers: GroupUser[]` in one model types only if GroupUser's file is linked.
          if (!target || !ext || (from + step > maxDepth && !depth.has(target))) return { resolvedModule: undefined };
          if (!depth.has(target) || depth.get(target)! > from + step) depth.set(target, from + step);
          return { resolvedModule: { resolvedFileName: target, extension: ext, isExternalLibraryImport: false } };
        });
      },
    };
  }
}

/**
 * Whether TypeScript took every file and import resolution of the old program over (only the edited
 * files' trees are new). `structureIsReused` is internal (2: Completely); if a TypeScript version
 * drops it, every rebuild counts as changed and is built afresh: slower, never wrong.
 */
function completelyReused(program: ts.Program): boolean {
  return (program as { structureIsReused?: unknown }).structureIsReused === 2;
}

function isBarrel(sf: ts.SourceFile | undefined): boolean {
  return !!sf && sf.statements.length > 0 && sf.statements.every((s) => ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined);
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** Whether an import resolved to `file` enters a program (see `resolveModuleNameLiterals`). */
function isScriptFile(file: string): boolean {
  return extensionOf(file) !== undefined;
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

/**
 * Where a node is, as far as its type is concerned: the question, and the node's place in the
 * outermost function holding it, with that function's text (undefined outside functions, where
 * the file's `types` fingerprint covers it).
 */
function placeKey(doc: SourceDoc, expr: ts.Node, kind: string): string | undefined {
  const fn = unitOf(expr.parent);
  if (!fn) return undefined;
  const from = fn.getStart(doc.sourceFile);
  return `${kind}\0${expr.getStart(doc.sourceFile) - from}:${expr.end - from}:${expr.kind}\0${doc.text.slice(from, fn.end)}`;
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
