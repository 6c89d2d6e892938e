import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findJsonSyntaxError } from './json-error';

// Texts that probe the corners of RFC 8259; JSON.parse is the judge of which are valid.
const samples = [
  '{}', '[]', '""', '0', '-0.5e+10', '01', '1.', '.5', 'true', 'nul', '"\\u00e9"', '"\\x41"', '"a\tb"',
  '{"a": [1, 2, {"b": null}]}', '{"a": 1,}', '[1,]', '{"a" 1}', "{'a': 1}", '{"a": 1} x', ' \n ', '',
  '{"a": 1 // c\n}', '[1 2]', '{"a":}', '"unterminated', '{"k": "v"}\n',
];

describe('findJsonSyntaxError', () => {
  for (const text of samples) {
    it(`agrees with JSON.parse on ${JSON.stringify(text)}`, () => {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      assert.equal(findJsonSyntaxError(text) === undefined, valid);
    });
  }

  it('gives 1-based line and column of the first bad character', () => {
    assert.deepEqual(findJsonSyntaxError('{\n  "a": 1,\n  b: 2\n}'), {
      offset: 14, line: 3, column: 3, message: 'unexpected "b", expected a double-quoted string',
    });
  });
});
