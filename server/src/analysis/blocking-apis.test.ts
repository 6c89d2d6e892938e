import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeBindings } from './bindings';
import { blockingApi, blockingCallOf, isMemoisedInit } from './blocking-apis';
import { onlyCall, workspace } from './test-helpers';

describe('blocking APIs', () => {
  it('knows the catalogue and ranks cost', () => {
    assert.equal(blockingApi('fs', 'readFileSync')?.cost, 'expensive');
    assert.equal(blockingApi('fs', 'existsSync')?.cost, 'cheap');
    assert.equal(blockingApi('fs', 'existsSync')?.alternative, 'await fs.promises.access');
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
