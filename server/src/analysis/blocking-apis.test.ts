import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeBindings } from './bindings';
import { blockingApi, blockingCallOf, blockingModuleNames, isBlockingModule, isMemoisedInit } from './blocking-apis';
import { onlyCall, workspace } from './test-helpers';

describe('blocking APIs', () => {
  it('knows the catalogue and ranks cost', () => {
    assert.equal(blockingApi('fs', 'readFileSync')?.cost, 'expensive');
    assert.equal(blockingApi('fs', 'existsSync')?.cost, 'cheap');
    assert.equal(blockingApi('fs', 'existsSync')?.alternative, 'await fs.promises.access');
    // fs.promises has no read/fstat/close: a file descriptor's twin is a FileHandle method.
    assert.equal(blockingApi('fs', 'readSync')?.alternative, 'await handle.read(…)');
    assert.equal(blockingApi('fs', 'fstatSync')?.alternative, 'await handle.stat(…)');
    assert.equal(blockingApi('fs', 'openSync')?.alternative, 'await fs.promises.open');
    assert.equal(blockingApi('child_process', 'spawnSync')?.alternative, "await once(spawn(…), 'close')");
    assert.equal(blockingApi('child_process', 'execSync')?.display, 'child_process.execSync');
    assert.equal(blockingApi('crypto', 'pbkdf2Sync')?.cost, 'expensive');
    assert.equal(blockingApi('zlib', 'inflateSync')?.alternative, 'await promisify(zlib.inflate)(…)');
    assert.equal(blockingApi('bcryptjs', 'genSaltSync')?.alternative, 'await bcryptjs.genSalt');
    assert.equal(blockingApi('fs', 'readFile'), undefined);
    assert.equal(blockingApi('crypto', 'randomBytes'), undefined);
    assert.equal(blockingApi('child_process', 'fork'), undefined);
    assert.equal(blockingApi('effect', 'runSync'), undefined);
    // npm packages' synchronous variants, and nothing else of those packages.
    assert.equal(blockingApi('glob', 'sync')?.alternative, 'await glob(…)');
    assert.equal(blockingApi('execa', 'execaSync')?.cost, 'expensive');
    assert.equal(blockingApi('glob', 'glob'), undefined);
    assert.equal(blockingApi('lodash', 'sync'), undefined);
    assert.equal(blockingApi('constructor', 'sync'), undefined);
    // The rest of the catalogue: Node's CPU-bound crypto, other password hashers, file-walking packages.
    assert.equal(blockingApi('crypto', 'generatePrimeSync')?.cost, 'expensive');
    assert.equal(blockingApi('@node-rs/bcrypt', 'verifySync')?.alternative, 'await bcrypt.verify');
    assert.equal(blockingApi('bcrypt-nodejs', 'compareSync')?.cost, 'expensive');
    assert.equal(blockingApi('resolve', 'sync')?.display, 'resolve.sync');
    assert.equal(blockingApi('resolve', 'isCore'), undefined);
    assert.equal(blockingApi('jsonfile', 'readFileSync')?.cost, 'expensive');
    assert.equal(blockingApi('find-up', 'findUpSync')?.alternative, 'await findUp(…)');
    assert.equal(blockingApi('proper-lockfile', 'lockSync')?.cost, 'expensive');
    assert.equal(blockingApi('tmp', 'setGracefulCleanup'), undefined);
    for (const m of blockingModuleNames) assert.ok(isBlockingModule(m), m);
  });

  it('resolves calls through bindings, not names', () => {
    const check = (code: string, callee: string) => {
      const doc = workspace({ 'a.ts': code }).doc('a.ts');
      return blockingCallOf(computeBindings(doc), onlyCall(doc, callee))?.api;
    };
    assert.deepEqual(check(`import { gzipSync as gz } from 'node:zlib';\ngz(b);`, 'gz'), { module: 'zlib', name: 'gzipSync' });
    assert.equal(check(`import { Effect } from 'effect';\nEffect.runSync(e);`, 'Effect.runSync'), undefined);
    assert.equal(check(`const readFileSync = (p) => p;\nreadFileSync('a');`, 'readFileSync'), undefined);
    assert.equal(check(`import fs from 'fs';\nfs.promises.readFile('a');`, 'fs.promises.readFile'), undefined);
  });

  it('recognises memoised lazy initialisation', () => {
    const memo = (code: string) => {
      const doc = workspace({ 'a.ts': `import fs from 'fs';\nlet c: any;\nfunction f() {\n${code}\n}` }).doc('a.ts');
      return isMemoisedInit(onlyCall(doc, 'fs.readFileSync'));
    };
    assert.equal(memo(`c ??= fs.readFileSync('a');`), true);
    assert.equal(memo(`c ||= JSON.parse(fs.readFileSync('a', 'utf8'));`), true);
    assert.equal(memo(`if (!c) c = fs.readFileSync('a');`), true);
    assert.equal(memo(`if (c === undefined) {\n  c = fs.readFileSync('a').toString();\n}`), true);
    assert.equal(memo(`return c ?? (c = fs.readFileSync('a'));`), true);
    assert.equal(memo(`c = fs.readFileSync('a');`), false);
    assert.equal(memo(`if (!other) c = fs.readFileSync('a');`), false);
    assert.equal(memo(`return fs.readFileSync('a');`), false);
  });
});
