/**
 * Where strict JSON goes wrong. V8's `JSON.parse` messages only sometimes carry a position
 * ("Unexpected token 'o', ..."off } }" is not valid JSON" has none), so a config file's error is
 * located by this small recursive-descent checker instead, which follows RFC 8259.
 */

export interface JsonSyntaxError {
  /** 0-based offset of the first character that makes the text invalid. */
  offset: number;
  /** 1-based line and column (UTF-16 code units), as editors show them. */
  line: number;
  column: number;
  message: string;
}

class Fail extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

/** The first syntax error of `text` as JSON, or undefined when it is valid. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = (): string => (i >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text[i])}`);
  const expect = (c: string, what: string) => {
    if (text[i] !== c) throw new Fail(i, `${describe()}, expected ${what}`);
    i++;
  };
  const string = () => {
    expect('"', 'a double-quoted string');
    for (;;) {
      if (i >= text.length) throw new Fail(i, 'unterminated string');
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c < ' ') throw new Fail(i, 'control character in string');
      if (c === '\\') {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else throw new Fail(i, 'bad escape in string');
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string();
        ws();
        expect(':', "':' after a property name");
        value();
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') throw new Fail(i, "trailing comma before '}'");
          continue;
        }
        return expect('}', "',' or '}' after a property value");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') throw new Fail(i, "trailing comma before ']'");
          continue;
        }
        return expect(']', "',' or ']' after an array element");
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) throw new Fail(i, `${describe()}, expected a value (strings need double quotes; comments are not allowed)`);
    i += literal[0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) throw new Fail(i, `${describe()} after the end of the JSON value`);
    return undefined;
  } catch (err) {
    if (!(err instanceof Fail)) throw err;
    const before = text.slice(0, err.offset);
    const lastNewline = before.lastIndexOf('\n');
    return { offset: err.offset, line: before.split('\n').length, column: err.offset - lastNewline, message: err.message };
  }
}
