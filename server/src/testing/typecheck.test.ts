import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { typecheck } from './typecheck';

describe('typecheck', () => {
  it('accepts correct code that uses the real @types/node', () => {
    const errors = typecheck({
      'src/a.ts': `import { readFile } from 'node:fs/promises';\nexport async function f(p: string): Promise<string> {\n  return (await readFile(p)).toString('utf8');\n}\n`,
    });
    assert.deepEqual(errors, []);
  });

  it('reports a type error in a deliberately wrong snippet', () => {
    const errors = typecheck({
      'src/a.ts': `import { readFileSync } from 'node:fs';\nexport function f(p: string): number {\n  return readFileSync(p, 'utf8');\n}\n`,
    });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^src\/a\.ts:3: Type 'string' is not assignable to type 'number'/);
  });

  it('reports a wrong Node API call: awaiting a promise API without await', () => {
    const errors = typecheck({
      'src/a.ts': `import { readFile } from 'node:fs/promises';\nexport function f(p: string): Buffer {\n  return readFile(p);\n}\n`,
    });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /Promise<.*Buffer/);
  });

  it('checks CommonJS JavaScript with require', () => {
    const errors = typecheck({ 'src/a.js': `const fs = require('fs');\nconst text = fs.readFileSync('x', 'utf8');\ntext.push(1);\n` }, { module: 'commonjs' });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /Property 'push' does not exist on type 'string'/);
  });

  it('resolves ambient module stubs declared in another file', () => {
    const files = {
      'src/stubs.d.ts': `declare module 'left-pad' { export default function leftPad(s: string, n: number): string; }`,
      'src/a.ts': `import leftPad from 'left-pad';\nexport const x: string = leftPad('a', 3);\nexport const y: number = leftPad('a', 3);\n`,
    };
    const errors = typecheck(files);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^src\/a\.ts:3:/);
  });

  it('reports an import of a module that does not exist', () => {
    const errors = typecheck({ 'src/a.ts': `import { nope } from 'no-such-package-here';\nexport const x = nope;\n` });
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /Cannot find module 'no-such-package-here'/);
  });
});
