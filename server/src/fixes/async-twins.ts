/**
 * For each blocking API, its asynchronous twin when one exists with the same arguments and
 * result, or the sentence that tells the user what to do instead.
 */
import { normalizeModule } from '../analysis/bindings';

export type Rewrite =
  /** `await twin(...)` from another module: fs/promises. */
  | { kind: 'promises-module'; module: string; twin: string }
  /** `await x.twin(...)`: the same package returns a promise when no callback is passed (bcrypt). */
  | { kind: 'same-module'; twin: string }
  /** `await twinAsync(...)` with `const twinAsync = promisify(twin)`. */
  | { kind: 'promisify'; module: string; twin: string; shape: 'plain' | 'exec' | 'execFile' | 'scrypt' }
  | { kind: 'none'; reason: string };

/** fs functions whose fs/promises namesake takes the same arguments and resolves to the same result. */
const fsPromiseTwins = new Set([
  'readFile',
  'writeFile',
  'appendFile',
  'readdir',
  'stat',
  'lstat',
  'mkdir',
  'mkdtemp',
  'unlink',
  'rm',
  'rmdir',
  'copyFile',
  'cp',
  'rename',
  'access',
  'realpath',
  'readlink',
  'chmod',
  'chown',
  'lchown',
  'truncate',
  'symlink',
  'link',
  'utimes',
  'lutimes',
  'opendir',
]);

const zlibTwins = new Set([
  'gzip',
  'gunzip',
  'deflate',
  'inflate',
  'deflateRaw',
  'inflateRaw',
  'unzip',
  'brotliCompress',
  'brotliDecompress',
]);

export function rewriteFor(apiModule: string, name: string): Rewrite {
  const module = normalizeModule(apiModule);
  const twin = name.endsWith('Sync') ? name.slice(0, -'Sync'.length) : undefined;
  switch (module) {
    case 'fs':
      if (name === 'existsSync') return { kind: 'none', reason: 'Use `fs.promises.access` in a try/catch, or move the check to start-up.' };
      if (twin && fsPromiseTwins.has(twin)) return { kind: 'promises-module', module: 'fs/promises', twin };
      return { kind: 'none', reason: `Use the fs/promises API (a FileHandle) instead of \`${name}\`, or do this work at start-up.` };
    case 'child_process':
      if (name === 'execSync') return { kind: 'promisify', module, twin: 'exec', shape: 'exec' };
      if (name === 'execFileSync') return { kind: 'promisify', module, twin: 'execFile', shape: 'execFile' };
      if (name === 'spawnSync') return { kind: 'none', reason: 'Use `spawn` and await its `close` event, or `promisify(execFile)` when you only need the output.' };
      return { kind: 'none', reason: `Use the asynchronous form of \`${name}\` from child_process.` };
    case 'crypto':
      if (name === 'pbkdf2Sync') return { kind: 'promisify', module, twin: 'pbkdf2', shape: 'plain' };
      if (name === 'scryptSync') return { kind: 'promisify', module, twin: 'scrypt', shape: 'scrypt' };
      if (name === 'generateKeyPairSync') return { kind: 'none', reason: 'Use `promisify(generateKeyPair)` (its result is an object, not a pair), or generate keys at start-up.' };
      if (name === 'randomFillSync') return { kind: 'none', reason: 'Use `promisify(randomFill)`, or `randomBytes` for small buffers.' };
      return { kind: 'none', reason: `Use the callback form of \`${name}\` through \`util.promisify\`.` };
    case 'zlib':
      if (twin && zlibTwins.has(twin)) return { kind: 'promisify', module, twin, shape: 'plain' };
      return { kind: 'none', reason: `Use the streaming or callback form of \`${name}\`.` };
    case 'bcrypt':
    case 'bcryptjs':
      if (name === 'hashSync' || name === 'compareSync' || name === 'genSaltSync') return { kind: 'same-module', twin: twin! };
      return { kind: 'none', reason: `Use the promise form of \`${name}\`.` };
    default:
      return { kind: 'none', reason: `Use an asynchronous alternative to \`${name}\`, or do this work at start-up.` };
  }
}
