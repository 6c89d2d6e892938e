/**
 * Type-check a few in-memory files against the repository's real @types/node, so tests can
 * prove that generated code (e.g. a quick fix's output) compiles, not only that it parses.
 *
 * The files live in a virtual folder inside the repository, so `node_modules` resolution finds
 * `@types/node` exactly as a project would. Library files are parsed once per process and
 * shared between programs: parsing lib.*.d.ts and @types/node costs far more than checking
 * a fixture, and a table of forty cases would otherwise take minutes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface TypecheckOptions {
  /**
   * How modules are compiled. 'node16' (default) follows the file extension and the nearest
   * package.json (a case can pass its own `package.json`, e.g. `{"type":"module"}`).
   */
  module?: 'node16' | 'commonjs' | 'esnext';
  /** Further options, e.g. `experimentalDecorators` for NestJS-style parameter decorators. */
  compilerOptions?: ts.CompilerOptions;
}

/** The repository root: the folder whose node_modules holds typescript and @types/node. */
function findRepoRoot(): string {
  let dir = path.dirname(require.resolve('typescript'));
  while (path.basename(dir) !== 'node_modules' || !fs.existsSync(path.join(dir, '@types', 'node'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('typecheck: no node_modules with @types/node above typescript');
    dir = up;
  }
  return path.dirname(dir);
}

const repoRoot = findRepoRoot();
/** Never written to disk; only this module's compiler host answers for it. */
const virtualRoot = path.join(repoRoot, '.typecheck-virtual');

const libCache = new Map<string, ts.SourceFile>();

function compilerOptions(module: TypecheckOptions['module']): ts.CompilerOptions {
  const base: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
    esModuleInterop: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: true,
    forceConsistentCasingInFileNames: true,
  };
  switch (module ?? 'node16') {
    case 'node16':
      return { ...base, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
    case 'commonjs':
      return { ...base, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
    case 'esnext':
      return { ...base, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
  }
}

/**
 * Type-check `files` (relative paths → text) and return every diagnostic message, prefixed
 * with `file:line:` where there is a location. An empty array means the files compile.
 */
export function typecheck(files: Record<string, string>, options: TypecheckOptions = {}): string[] {
  const compilerOpts = { ...compilerOptions(options.module), ...options.compilerOptions };
  const virtual = new Map<string, string>();
  for (const [rel, text] of Object.entries(files)) virtual.set(path.join(virtualRoot, rel), text);

  const host = ts.createCompilerHost(compilerOpts, true);
  const realFileExists = host.fileExists.bind(host);
  const realReadFile = host.readFile.bind(host);
  const realGetSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => virtual.has(path.normalize(f)) || (!isVirtual(f) && realFileExists(f));
  host.readFile = (f) => virtual.get(path.normalize(f)) ?? (isVirtual(f) ? undefined : realReadFile(f));
  // Module resolution asks whether a folder exists before looking for `./models.ts` in it.
  const realDirectoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => [...virtual.keys()].some((f) => f.startsWith(path.normalize(d) + path.sep)) || (!isVirtual(d) && (realDirectoryExists?.(d) ?? true));
  host.getCurrentDirectory = () => virtualRoot;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(path.normalize(fileName));
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    // Library files only: the same options always give the same tree, so it can be shared.
    const key = `${fileName}|${JSON.stringify(languageVersion)}`;
    const hit = libCache.get(key);
    if (hit) return hit;
    const sf = realGetSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (sf) libCache.set(key, sf);
    return sf;
  };
  host.writeFile = () => {};

  const program = ts.createProgram({ rootNames: [...virtual.keys()].filter(isScript), options: compilerOpts, host });
  const diagnostics: ts.Diagnostic[] = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const sf of program.getSourceFiles()) {
    if (!virtual.has(path.normalize(sf.fileName))) continue;
    diagnostics.push(...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf));
  }
  return diagnostics.map(formatDiagnostic);
}

function isVirtual(f: string): boolean {
  return path.normalize(f).startsWith(virtualRoot + path.sep);
}

function isScript(f: string): boolean {
  return /\.(c|m)?(t|j)sx?$/.test(f);
}

function formatDiagnostic(d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return message;
  const { line } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${path.relative(virtualRoot, d.file.fileName)}:${line + 1}: ${message}`;
}
