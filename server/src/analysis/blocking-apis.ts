/**
 * The catalogue of blocking Node APIs, matched through the file's imports (never by a `Sync`
 * suffix alone), with what each costs and what to use instead.
 */
import ts from 'typescript';
import type { BlockingApi } from '../fixes/sync-to-async';
import { normalizeModule, resolveModuleRef, skipOuterExpressions, type ModuleBindings } from './bindings';

/**
 * 'cheap': a metadata syscall on a local path (µs): reported as info so the rule stays credible.
 * 'expensive': reads, writes, processes, key derivation, compression (ms to s): warnings.
 */
export type BlockingCost = 'cheap' | 'expensive';

export interface BlockingCall {
  api: BlockingApi;
  cost: BlockingCost;
  /** How messages name it: 'fs.readFileSync'. */
  display: string;
  /** The non-blocking replacement, as code: 'await fs.promises.readFile'. */
  alternative: string;
}

const fsModules = new Set(['fs', 'fs-extra', 'graceful-fs']);
const cheapFs = new Set(['existsSync', 'statSync', 'lstatSync', 'fstatSync', 'accessSync', 'readdirSync', 'realpathSync', 'readlinkSync']);
const childProcess: Record<string, string> = {
  execSync: 'await promisify(exec)(…)',
  execFileSync: 'await promisify(execFile)(…)',
  spawnSync: "await once(spawn(…), 'close')",
};
/**
 * fs calls on a file descriptor have no `fs.promises` twin: their twin is a method of the FileHandle
 * that `fs.promises.open` returns (`fstatSync` → `handle.stat`).
 */
const fdCalls: Record<string, string> = {
  readSync: 'read', writeSync: 'write', readvSync: 'readv', writevSync: 'writev', closeSync: 'close',
  fstatSync: 'stat', fsyncSync: 'sync', fdatasyncSync: 'datasync', ftruncateSync: 'truncate',
  fchmodSync: 'chmod', fchownSync: 'chown', futimesSync: 'utimes',
};
const crypto: Record<string, string> = {
  pbkdf2Sync: 'await promisify(crypto.pbkdf2)(…)',
  scryptSync: 'await promisify(crypto.scrypt)(…)',
  generateKeyPairSync: 'await promisify(crypto.generateKeyPair)(…)',
  generatePrimeSync: 'await promisify(crypto.generatePrime)(…)',
  checkPrimeSync: 'await promisify(crypto.checkPrime)(…)',
  randomFillSync: 'await promisify(crypto.randomFill)(…)',
};
/** Password hashing libraries: a hash or compare is tens to hundreds of ms of CPU by design. */
const bcryptModules = new Set(['bcrypt', 'bcryptjs', 'bcrypt-nodejs', '@node-rs/bcrypt', '@node-rs/argon2']);
const bcrypt: Record<string, string> = {
  hashSync: 'hash',
  compareSync: 'compare',
  verifySync: 'verify',
  genSaltSync: 'genSalt',
};

/**
 * npm packages whose synchronous variants block like fs's: they read files, walk folders or run
 * processes (`glob.sync`, `execa.sync`, `readChunk.sync` …), with the asynchronous call to use.
 */
const packageSync: Record<string, { names: string[]; alternative: string }> = {
  glob: { names: ['sync', 'globSync'], alternative: 'await glob(…)' },
  globby: { names: ['sync', 'globbySync'], alternative: 'await globby(…)' },
  'fast-glob': { names: ['sync', 'globSync'], alternative: 'await fg(…)' },
  'read-chunk': { names: ['sync', 'readChunkSync'], alternative: 'await readChunk(…)' },
  mkdirp: { names: ['sync', 'mkdirpSync'], alternative: 'await mkdirp(…)' },
  rimraf: { names: ['sync', 'rimrafSync'], alternative: 'await rimraf(…)' },
  execa: { names: ['sync', 'execaSync', 'commandSync', 'execaCommandSync'], alternative: 'await execa(…)' },
  'cross-spawn': { names: ['sync'], alternative: "await once(spawn(…), 'close')" },
  'write-file-atomic': { names: ['sync'], alternative: 'await writeFileAtomic(…)' },
  'load-json-file': { names: ['sync', 'loadJsonFileSync'], alternative: 'await loadJsonFile(…)' },
  // `resolve.sync` stats every candidate path of every search folder (etherpad resolves a template per render).
  resolve: { names: ['sync'], alternative: 'await promisify(resolve)(…), or resolve once at start-up' },
  jsonfile: { names: ['readFileSync', 'writeFileSync'], alternative: 'await jsonfile.readFile(…)' },
  'find-up': { names: ['sync', 'findUpSync'], alternative: 'await findUp(…)' },
  'pkg-up': { names: ['sync', 'pkgUpSync'], alternative: 'await pkgUp(…)' },
  'read-pkg': { names: ['sync', 'readPackageSync'], alternative: 'await readPackage(…)' },
  'read-pkg-up': { names: ['sync', 'readPackageUpSync'], alternative: 'await readPackageUp(…)' },
  del: { names: ['sync', 'deleteSync'], alternative: 'await deleteAsync(…)' },
  'make-dir': { names: ['sync', 'makeDirectorySync'], alternative: 'await makeDirectory(…)' },
  'move-file': { names: ['sync', 'moveFileSync'], alternative: 'await moveFile(…)' },
  'proper-lockfile': { names: ['lockSync', 'unlockSync', 'checkSync'], alternative: 'await lockfile.lock(…)' },
  tmp: { names: ['fileSync', 'dirSync', 'tmpNameSync'], alternative: 'await promisify(tmp.file)(…)' },
};

/** Every module the catalogue knows, for a text test before anything is parsed. */
export const blockingModuleNames: readonly string[] = [...fsModules, 'child_process', 'crypto', 'zlib', ...bcryptModules, ...Object.keys(packageSync)];

/** Whether an import of `specifier` (`node:` prefix or not) brings blocking APIs of the catalogue into a file. */
export function isBlockingModule(specifier: string): boolean {
  const m = normalizeModule(specifier);
  return fsModules.has(m) || bcryptModules.has(m) || m === 'child_process' || m === 'crypto' || m === 'zlib' || m in packageSync;
}

/** Whether `module.name` is a blocking API of the catalogue, and its facts. */
export function blockingApi(module: string, name: string): BlockingCall | undefined {
  if (fsModules.has(module) && /^[a-z][A-Za-z]*Sync$/.test(name)) {
    const asyncName = name.slice(0, -4);
    const alternative = name === 'existsSync' ? 'await fs.promises.access' : fdCalls[name] ? `await handle.${fdCalls[name]}(…)` : `await fs.promises.${asyncName}`;
    return { api: { module, name }, cost: cheapFs.has(name) ? 'cheap' : 'expensive', display: `${module}.${name}`, alternative };
  }
  if (module === 'child_process' && childProcess[name]) {
    return { api: { module, name }, cost: 'expensive', display: `child_process.${name}`, alternative: childProcess[name] };
  }
  if (module === 'crypto' && crypto[name]) {
    return { api: { module, name }, cost: 'expensive', display: `crypto.${name}`, alternative: crypto[name] };
  }
  if (module === 'zlib' && /^[a-z][A-Za-z]*Sync$/.test(name)) {
    return { api: { module, name }, cost: 'expensive', display: `zlib.${name}`, alternative: `await promisify(zlib.${name.slice(0, -4)})(…)` };
  }
  if (bcryptModules.has(module) && bcrypt[name]) {
    // `@node-rs/bcrypt` is imported as `bcrypt`: the alternative names the package's last segment.
    return { api: { module, name }, cost: 'expensive', display: `${module}.${name}`, alternative: `await ${module.slice(module.lastIndexOf('/') + 1)}.${bcrypt[name]}` };
  }
  const pkg = Object.hasOwn(packageSync, module) ? packageSync[module] : undefined;
  if (pkg?.names.includes(name)) return { api: { module, name }, cost: 'expensive', display: `${module}.${name}`, alternative: pkg.alternative };
  return undefined;
}

/**
 * How much of the work a blocking call is, to choose where one finding goes when a function makes
 * several (open, read, close): 3 for CPU-bound or process work (child processes, key derivation,
 * password hashing, compression), 2 for moving data (reads and writes of file contents, globs),
 * 1 for other file-system changes (open, close, mkdir, unlink …) and random bytes, 0 for the
 * cheap metadata calls.
 */
export function blockingWeight(b: BlockingCall): number {
  const { module, name } = b.api;
  if (b.cost === 'cheap') return 0;
  if (module === 'crypto') return name === 'randomFillSync' ? 1 : 3;
  if (module === 'child_process' || module === 'zlib' || bcryptModules.has(module)) return 3;
  if (!fsModules.has(module)) return 2;
  return /^(read|write|append|copy|cp)/.test(name) ? 2 : 1;
}

/** The blocking API a call invokes, resolved through the file's bindings. */
export function blockingCallOf(bindings: ModuleBindings, call: ts.CallExpression): BlockingCall | undefined {
  // Every API of the catalogue is named `…Sync`: a member call named otherwise is none of them
  // (most calls of a handler are), without resolving its receiver.
  const callee = skipOuterExpressions(call.expression);
  const member = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
  if (member !== undefined && !member.endsWith('Sync') && member !== 'sync') return undefined;
  const ref = resolveModuleRef(bindings, call.expression);
  if (!ref) return undefined;
  // `import fs from 'fs'` then `fs.default.readFileSync` is not written by people; one name only.
  const name = ref.path.length === 1 ? ref.path[0] : undefined;
  return name === undefined ? undefined : blockingApi(ref.module, name);
}

/**
 * A lazily memoised value: `tpl ??= readFileSync(…)`, `cache ||= …`, `if (!cache) cache = …`,
 * `cache ?? (cache = …)`. Such a call blocks on the first request only.
 */
export function isMemoisedInit(call: ts.CallExpression): boolean {
  let n: ts.Node = call;
  // Climb through wrappers such as `JSON.parse(readFileSync(…))` or `String(…)`, and the operands
  // of the value assigned: `cached = hasDockerEnv() || hasDockerCGroup()`, `a ? read(x) : b`.
  while (n.parent && (ts.isCallExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent) || ts.isPropertyAccessExpression(n.parent) || isLogicalOperand(n) || (ts.isConditionalExpression(n.parent) && n !== n.parent.condition))) {
    n = n.parent;
  }
  const p = n.parent;
  if (!p || !ts.isBinaryExpression(p) || p.right !== n) return false;
  const op = p.operatorToken.kind;
  if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return true;
  if (op !== ts.SyntaxKind.EqualsToken) return false;
  const target = p.left.getText();
  // `cache ?? (cache = …)` / `cache || (cache = …)`
  let up: ts.Node = p;
  while (up.parent && ts.isParenthesizedExpression(up.parent)) up = up.parent;
  if (up.parent && ts.isBinaryExpression(up.parent) && up.parent.right === up && up.parent.left.getText() === target) {
    const k = up.parent.operatorToken.kind;
    if (k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.BarBarToken) return true;
  }
  // `if (!cache) cache = …` / `if (cache === undefined) { cache = … }`
  for (let s: ts.Node | undefined = p.parent; s && !ts.isFunctionLike(s); s = s.parent) {
    if (ts.isIfStatement(s)) return testsUnset(s.expression, target);
  }
  return false;
}

function isLogicalOperand(n: ts.Node): boolean {
  const p = n.parent;
  if (!p || !ts.isBinaryExpression(p)) return false;
  const k = p.operatorToken.kind;
  return k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.QuestionQuestionToken;
}

function testsUnset(cond: ts.Expression, target: string): boolean {
  const c = cond.kind === ts.SyntaxKind.ParenthesizedExpression ? (cond as ts.ParenthesizedExpression).expression : cond;
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) return c.operand.getText() === target;
  if (ts.isBinaryExpression(c)) {
    const k = c.operatorToken.kind;
    const eq = k === ts.SyntaxKind.EqualsEqualsEqualsToken || k === ts.SyntaxKind.EqualsEqualsToken;
    const empty = (e: ts.Expression) => e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined');
    if (eq && ((c.left.getText() === target && empty(c.right)) || (c.right.getText() === target && empty(c.left)))) return true;
  }
  return false;
}
