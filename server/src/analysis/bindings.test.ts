import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeBindings, resolveModuleRef } from './bindings';
import { onlyCall, workspace } from './test-helpers';

/** The module ref of the (single) call to `callee` in `code`. */
function refOfCall(code: string, callee: string) {
  const doc = workspace({ 'a.ts': code }).doc('a.ts');
  const ref = resolveModuleRef(computeBindings(doc), onlyCall(doc, callee).expression);
  return ref && { module: ref.module, path: ref.path };
}

describe('bindings', () => {
  it('resolves every import style to module and export path', () => {
    const want = { module: 'fs', path: ['readFileSync'] };
    assert.deepEqual(refOfCall(`import fs from 'fs';\nfs.readFileSync('a');`, 'fs.readFileSync'), want);
    assert.deepEqual(refOfCall(`import * as fs from 'node:fs';\nfs.readFileSync('a');`, 'fs.readFileSync'), want);
    assert.deepEqual(refOfCall(`import { readFileSync } from 'fs';\nreadFileSync('a');`, 'readFileSync'), want);
    assert.deepEqual(refOfCall(`import { readFileSync as read } from 'fs';\nread('a');`, 'read'), want);
    assert.deepEqual(refOfCall(`import fs = require('fs');\nfs.readFileSync('a');`, 'fs.readFileSync'), want);
    assert.deepEqual(refOfCall(`const fs = require('fs');\nfs.readFileSync('a');`, 'fs.readFileSync'), want);
    assert.deepEqual(refOfCall(`require('node:fs').readFileSync('a');`, "require('node:fs').readFileSync"), want);
    assert.deepEqual(refOfCall(`import fs from 'fs';\nconst { readFileSync } = fs;\nreadFileSync('a');`, 'readFileSync'), want);
    assert.deepEqual(refOfCall(`import fs from 'fs';\nconst r = fs.readFileSync;\nr('a');`, 'r'), want);
    assert.deepEqual(refOfCall(`import fs from 'fs';\nfs['readFileSync']('a');`, "fs['readFileSync']"), want);
    assert.deepEqual(refOfCall(`const { execSync: sh } = require('child_process');\nsh('ls');`, 'sh'), { module: 'child_process', path: ['execSync'] });
  });

  it('keeps nested paths and workspace defaults distinct', () => {
    assert.deepEqual(refOfCall(`import fs from 'fs';\nfs.promises.readFile('a');`, 'fs.promises.readFile'), { module: 'fs', path: ['promises', 'readFile'] });
    assert.deepEqual(refOfCall(`import svc from './svc';\nsvc.load();`, 'svc.load'), { module: './svc', path: ['default', 'load'] });
    assert.deepEqual(refOfCall(`import * as svc from './svc';\nsvc.load();`, 'svc.load'), { module: './svc', path: ['load'] });
  });

  it('marks default imports of non-relative specifiers, which may be path aliases', () => {
    const doc = workspace({ 'a.ts': `import svc from '@/services/svc';\nimport * as ns from '@/services/svc';\nsvc.load(); ns.load();` }).doc('a.ts');
    const b = computeBindings(doc);
    assert.deepEqual(resolveModuleRef(b, onlyCall(doc, 'svc.load').expression), { module: '@/services/svc', path: ['load'], defaultImport: true });
    assert.deepEqual(resolveModuleRef(b, onlyCall(doc, 'ns.load').expression), { module: '@/services/svc', path: ['load'] });
  });

  it('does not bind names that come from no module', () => {
    assert.equal(refOfCall(`function readFileSync() {}\nreadFileSync();`, 'readFileSync'), undefined);
    assert.equal(refOfCall(`import { Effect } from 'effect';\nconst x = 1;\nsheet.replaceSync('');`, 'sheet.replaceSync'), undefined);
  });

  it('ignores a binding shadowed by a parameter or a local declaration', () => {
    assert.equal(refOfCall(`import fs from 'fs';\nfunction f(fs) { return fs.readFileSync('a'); }`, 'fs.readFileSync'), undefined);
    assert.equal(refOfCall(`import { readFileSync } from 'fs';\nfunction f() {\n  const readFileSync = (p: string) => p;\n  return readFileSync('a');\n}`, 'readFileSync'), undefined);
    // Destructured, and declared after the use in the same block (each block's names are indexed once).
    assert.equal(refOfCall(`import fs from 'fs';\nfunction f() {\n  const { io: [fs] } = makeContext();\n  return fs.readFileSync('a');\n}`, 'fs.readFileSync'), undefined);
    assert.equal(refOfCall(`import fs from 'fs';\nfunction f() {\n  fs.readFileSync('a');\n  class fs {}\n}`, 'fs.readFileSync'), undefined);
    // A require inside a function is a binding, not a shadow.
    assert.deepEqual(refOfCall(`function f() {\n  const fs = require('fs');\n  return fs.readFileSync('a');\n}`, 'fs.readFileSync'), { module: 'fs', path: ['readFileSync'] });
  });
});
