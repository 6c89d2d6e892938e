/**
 * Reads a V8 `.cpuprofile` straight from its bytes, chunk by chunk as they arrive, into columns:
 * no text decoding of the whole file, no `JSON.parse` object per node, names and urls interned
 * by a hash of their bytes. A 40 MB profile is read while it downloads, and what is left when
 * the last byte arrives is the model build.
 *
 * It reads the common shape only (what V8 and DevTools write). Anything else, a Chrome trace,
 * a field of an unexpected type, invalid JSON, throws `NotScanned`: the caller then parses the
 * whole file the ordinary way (`JSON.parse` and `cpuprofile.ts`), which also words the errors.
 */
import type { RawNodes } from './build';

/** The file is not in the shape this reader handles; parse it the ordinary way. */
export class NotScanned extends Error {
  override name = 'NotScanned';
}

/** What a complete scan gives: the nodes as columns plus the top-level numbers. */
export interface ScannedProfile {
  nodes: RawNodes;
  samples: Float64Array;
  /** Undefined when the file has no "timeDeltas". */
  timeDeltas?: Float64Array;
  startTime?: number;
  endTime?: number;
}

/** Thrown inside a scan when the buffer ends mid-token; the scan resumes at the token's start. */
const needMore = { needMore: true };

const enum State {
  Start,
  Key,
  AfterValue,
  ArrayFirst,
  ArrayNext,
  End,
}

const enum Field {
  Other,
  Nodes,
  Samples,
  TimeDeltas,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;

const encode = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const K = {
  nodes: encode('nodes'),
  samples: encode('samples'),
  timeDeltas: encode('timeDeltas'),
  startTime: encode('startTime'),
  endTime: encode('endTime'),
  traceEvents: encode('traceEvents'),
  id: encode('id'),
  callFrame: encode('callFrame'),
  children: encode('children'),
  parent: encode('parent'),
  positionTicks: encode('positionTicks'),
  functionName: encode('functionName'),
  url: encode('url'),
  lineNumber: encode('lineNumber'),
  columnNumber: encode('columnNumber'),
  line: encode('line'),
  ticks: encode('ticks'),
};

/** A growable column of numbers. */
class Column<T extends Float64Array | Int32Array> {
  length = 0;
  constructor(public data: T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new (this.data.constructor as { new (n: number): T })(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Strings by a hash of their UTF-8 bytes: a url repeated on 200,000 nodes is decoded once. */
class Interner {
  readonly strings: string[] = [];
  private bytes: Uint8Array[] = [];
  private slots = new Int32Array(1024).fill(-1);
  private slotHash = new Int32Array(1024);
  private readonly escaped = new Map<string, number>();
  private readonly decoder = new TextDecoder('utf-8');

  /** The id of the string whose bytes (no escapes) are `b[from..to)`, hashing to `hash`. */
  id(b: Uint8Array, from: number, to: number, hash: number): number {
    const mask = this.slots.length - 1;
    const len = to - from;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s]!;
      if (id === -1) {
        const copy = b.slice(from, to);
        const nid = this.strings.length;
        this.strings.push(this.decoder.decode(copy));
        this.bytes.push(copy);
        this.slots[s] = nid;
        this.slotHash[s] = hash;
        if (this.strings.length * 2 > this.slots.length) this.grow();
        return nid;
      }
      if (this.slotHash[s] !== hash) continue;
      const known = this.bytes[id]!;
      if (known.length !== len) continue;
      let same = true;
      for (let i = 0; i < len; i++) {
        if (known[i] !== b[from + i]) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  /** A string that had escapes, already decoded. */
  idOf(value: string): number {
    let id = this.escaped.get(value);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(value);
      this.bytes.push(new Uint8Array(0));
      this.escaped.set(value, id);
    }
    return id;
  }

  private grow(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const slotHash = new Int32Array(size);
    for (let s = 0; s < this.slots.length; s++) {
      const id = this.slots[s]!;
      if (id === -1) continue;
      const h = this.slotHash[s]!;
      let t = h & (size - 1);
      while (slots[t] !== -1) t = (t + 1) & (size - 1);
      slots[t] = id;
      slotHash[t] = h;
    }
    this.slots = slots;
    this.slotHash = slotHash;
  }
}

export class CpuProfileScanner {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private state = State.Start;
  private field = Field.Other;
  private readonly seen = new Set<string>();
  private readonly strings = new Interner();

  // Node columns.
  private readonly id = new Column(new Float64Array(1024));
  private readonly nameId = new Column(new Int32Array(1024));
  private readonly urlId = new Column(new Int32Array(1024));
  private readonly line = new Column(new Int32Array(1024));
  private readonly column = new Column(new Int32Array(1024));
  private readonly parent = new Column(new Float64Array(1024));
  private readonly childStart = new Column(new Int32Array(1024));
  private readonly childIds = new Column(new Float64Array(1024));
  private readonly ticks: Array<Array<{ line: number; ticks: number }>> = [];
  private readonly tickNodes: number[] = [];
  private readonly samples = new Column(new Float64Array(1024));
  private readonly deltas = new Column(new Float64Array(1024));
  private startTime: number | undefined;
  private endTime: number | undefined;

  // Results of the primitives below (fields, not return values, to keep the hot loops lean).
  private num = 0;
  private str = -1;
  private keyFrom = 0;
  private keyTo = 0;

  /**
   * The file's bytes so far, in one buffer (positions are offsets in the file): a token cut by a
   * chunk's end is read again whole once the next chunk is in, and the ordinary path gets the
   * whole file without another copy when the scan gives up.
   */
  private store: Uint8Array;
  private length = 0;

  /** `expectedBytes`: the file's size when known, so its buffer is allocated once. */
  constructor(expectedBytes = 0) {
    this.store = new Uint8Array(Math.max(expectedBytes, 1 << 16));
  }

  /** Every byte pushed so far. */
  bytes(): Uint8Array {
    return this.store.subarray(0, this.length);
  }

  /** Why the scan gave up (the bytes are still kept, for the ordinary path). */
  private failed: NotScanned | null = null;

  /**
   * Reads as much of `chunk` as forms whole tokens; the rest waits for the next chunk. Never
   * throws: a file the scan cannot read is kept whole and `finish` says so.
   */
  push(chunk: Uint8Array): void {
    if (this.length === 0 && chunk.length >= this.store.length) {
      // The whole file at once (or a first chunk larger than expected): read it where it is.
      this.store = chunk;
    } else if (this.length + chunk.length > this.store.length) {
      const grown = new Uint8Array(Math.max(this.store.length * 2, this.length + chunk.length));
      grown.set(this.store.subarray(0, this.length));
      this.store = grown;
    }
    if (this.store !== chunk) this.store.set(chunk, this.length);
    this.length += chunk.length;
    if (this.failed) return;
    try {
      if (this.state === State.End) this.trailing(chunk, 0);
      else {
        this.buf = this.store.subarray(0, this.length);
        this.run();
      }
    } catch (err) {
      if (!(err instanceof NotScanned)) throw err;
      this.failed = err;
    }
  }

  /** The whole profile, once every chunk was pushed. */
  finish(): ScannedProfile {
    if (this.failed) throw this.failed;
    if (this.state !== State.End || !this.seen.has('nodes') || !this.seen.has('samples')) throw new NotScanned('incomplete');
    const n = this.id.length;
    const strings = this.strings.strings;
    const nameId = this.nameId.done();
    const urlId = this.urlId.done();
    const functionName = new Array<string>(n);
    const url = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      functionName[i] = strings[nameId[i]!]!;
      url[i] = strings[urlId[i]!]!;
    }
    const nodes: RawNodes = {
      length: n,
      id: this.id.done(),
      functionName,
      url,
      lineNumber: this.line.done(),
      columnNumber: this.column.done(),
      children: new Array(n),
      childList: { start: this.childStart.done(), ids: this.childIds.done() },
      parent: this.parent.done(),
      positionTicks: new Array(n),
    };
    this.tickNodes.forEach((node, k) => (nodes.positionTicks[node] = this.ticks[k]));
    return {
      nodes,
      samples: this.samples.done(),
      ...(this.seen.has('timeDeltas') ? { timeDeltas: this.deltas.done() } : {}),
      ...(this.startTime !== undefined ? { startTime: this.startTime } : {}),
      ...(this.endTime !== undefined ? { endTime: this.endTime } : {}),
    };
  }

  private run(): void {
    let start = this.pos;
    try {
      for (;;) {
        start = this.pos;
        switch (this.state) {
          case State.Start: {
            const p = this.ws(this.pos);
            if (this.buf[p] !== LBRACE) throw new NotScanned('not an object');
            this.pos = p + 1;
            this.state = State.Key;
            break;
          }
          case State.Key:
            this.topKey();
            break;
          case State.AfterValue: {
            const p = this.ws(this.pos);
            const c = this.buf[p];
            this.pos = p + 1;
            if (c === COMMA) this.state = State.Key;
            else if (c === RBRACE) {
              this.state = State.End;
              this.trailing(this.buf, this.pos);
              return;
            } else throw new NotScanned('expected , or }');
            break;
          }
          case State.ArrayFirst:
          case State.ArrayNext:
            this.arrayItem();
            break;
          case State.End:
            return;
        }
      }
    } catch (err) {
      if (err !== needMore) throw err;
      this.pos = start;
    }
  }

  /** Only whitespace may follow the profile. */
  private trailing(b: Uint8Array, from: number): void {
    for (let p = from; p < b.length; p++) {
      const c = b[p]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) throw new NotScanned('text after the profile');
    }
  }

  /** A top-level key and, except for the three arrays read item by item, its value. */
  private topKey(): void {
    const b = this.buf;
    let p = this.ws(this.pos);
    if (b[p] === RBRACE && this.seen.size === 0) {
      this.pos = p + 1;
      this.state = State.End;
      return;
    }
    p = this.member(p);
    const k0 = this.keyFrom;
    const k1 = this.keyTo;
    const key = this.keyName(k0, k1);
    if (key === 'traceEvents') throw new NotScanned('a trace');
    if (key !== '' && this.seen.has(key)) throw new NotScanned(`two "${key}"`);
    if (key === 'nodes' || key === 'samples' || key === 'timeDeltas') {
      if (b[p] !== LBRACKET) throw new NotScanned(`"${key}" is not an array`);
      this.field = key === 'nodes' ? Field.Nodes : key === 'samples' ? Field.Samples : Field.TimeDeltas;
      this.seen.add(key);
      this.pos = p + 1;
      this.state = State.ArrayFirst;
      return;
    }
    if (key === 'startTime' || key === 'endTime') {
      const c = b[p]!;
      if (c === MINUS || (c >= 0x30 && c <= 0x39)) {
        p = this.number(p);
        if (key === 'startTime') this.startTime = this.num;
        else this.endTime = this.num;
      } else p = this.skip(p);
    } else p = this.skip(p);
    // Only now, with the value whole: a value cut by the chunk's end is read again.
    if (key !== '') this.seen.add(key);
    this.pos = p;
    this.state = State.AfterValue;
  }

  private keyName(from: number, to: number): string {
    const b = this.buf;
    for (const name of ['nodes', 'samples', 'timeDeltas', 'startTime', 'endTime', 'traceEvents'] as const) {
      if (this.keyIs(b, from, to, K[name])) return name;
    }
    return '';
  }

  /** One item of "nodes", "samples" or "timeDeltas" (or the array's end). */
  private arrayItem(): void {
    const b = this.buf;
    let p = this.ws(this.pos);
    if (b[p] === RBRACKET) {
      this.pos = p + 1;
      this.state = State.AfterValue;
      return;
    }
    if (this.state === State.ArrayNext) {
      if (b[p] !== COMMA) throw new NotScanned('expected , or ]');
      p = this.ws(p + 1);
    }
    if (this.field === Field.Nodes) p = this.node(p);
    else {
      const c = b[p]!;
      if (c !== MINUS && (c < 0x30 || c > 0x39)) throw new NotScanned('not a number');
      p = this.number(p);
      // A number that is not finite (1e999) is left to the ordinary path's message.
      if (!Number.isFinite(this.num)) throw new NotScanned('not finite');
      (this.field === Field.Samples ? this.samples : this.deltas).push(this.num);
    }
    this.pos = p;
    this.state = State.ArrayNext;
  }

  /**
   * One node object, whole. The columns are written only once it is complete, so a node cut by
   * the end of a chunk is read again from its start when the next chunk arrives.
   */
  private node(p: number): number {
    const b = this.buf;
    if (b[p] !== LBRACE) throw new NotScanned('a node is not an object');
    let id = NaN;
    let name = -2;
    let url = -2;
    let line = -1;
    let column = -1;
    let parent = NaN;
    const childFrom = this.childIds.length;
    let ticks: Array<{ line: number; ticks: number }> | undefined;
    p = this.ws(p + 1);
    if (b[p] === RBRACE) throw new NotScanned('a node without an id');
    try {
      for (;;) {
        p = this.member(p);
        const k0 = this.keyFrom;
        const k1 = this.keyTo;
        // The key's length picks the one candidate to compare (most keys are V8's own).
        const kl = k1 - k0;
        if (kl === 2 && this.keyIs(b, k0, k1, K.id)) {
          p = this.numberAt(p);
          id = this.num;
        } else if (kl === 9 && this.keyIs(b, k0, k1, K.callFrame)) {
          if (b[p] !== LBRACE) throw new NotScanned('callFrame is not an object');
          p = this.ws(p + 1);
          if (b[p] !== RBRACE) {
            for (;;) {
              p = this.member(p);
              const f0 = this.keyFrom;
              const f1 = this.keyTo;
              const fl = f1 - f0;
              if (fl === 12 && b[f0] === 0x66 && this.keyIs(b, f0, f1, K.functionName)) {
                if (b[p] !== QUOTE) throw new NotScanned('functionName is not a string');
                p = this.string(p);
                name = this.str;
              } else if (fl === 3 && this.keyIs(b, f0, f1, K.url)) {
                if (b[p] !== QUOTE) throw new NotScanned('url is not a string');
                p = this.string(p);
                url = this.str;
              } else if (fl === 10 && this.keyIs(b, f0, f1, K.lineNumber)) {
                p = this.numberAt(p);
                line = position(this.num);
              } else if (fl === 12 && this.keyIs(b, f0, f1, K.columnNumber)) {
                p = this.numberAt(p);
                column = position(this.num);
              } else p = this.skip(p);
              p = this.ws(p);
              if (b[p] === COMMA) p = this.ws(p + 1);
              else if (b[p] === RBRACE) break;
              else throw new NotScanned('expected , or }');
            }
          }
          p = p + 1;
        } else if (kl === 8 && b[k0] === 0x63 && this.keyIs(b, k0, k1, K.children)) {
          if (b[p] !== LBRACKET) throw new NotScanned('children is not an array');
          p = this.ws(p + 1);
          if (b[p] !== RBRACKET) {
            for (;;) {
              p = this.numberAt(p);
              this.childIds.push(this.num);
              p = this.ws(p);
              if (b[p] === COMMA) p = this.ws(p + 1);
              else if (b[p] === RBRACKET) break;
              else throw new NotScanned('expected , or ]');
            }
          }
          p = p + 1;
        } else if (kl === 6 && this.keyIs(b, k0, k1, K.parent)) {
          p = this.numberAt(p);
          parent = this.num;
        } else if (kl === 13 && this.keyIs(b, k0, k1, K.positionTicks)) {
          p = this.positionTicks(p);
          ticks = this.lastTicks;
        } else p = this.skip(p);
        p = this.ws(p);
        if (b[p] === COMMA) p = this.ws(p + 1);
        else if (b[p] === RBRACE) break;
        else throw new NotScanned('expected , or }');
      }
    } catch (err) {
      // Children of a node cut by the chunk's end are read again with it.
      this.childIds.length = childFrom;
      throw err;
    }
    if (Number.isNaN(id)) throw new NotScanned('a node without an id');
    const index = this.id.length;
    this.id.push(id);
    this.nameId.push(name === -2 ? this.strings.idOf('') : name);
    this.urlId.push(url === -2 ? this.strings.idOf('') : url);
    this.line.push(line);
    this.column.push(column);
    this.parent.push(parent);
    this.childStart.push(childFrom);
    if (ticks) {
      this.ticks.push(ticks);
      this.tickNodes.push(index);
    }
    return p + 1;
  }

  private lastTicks: Array<{ line: number; ticks: number }> = [];

  /** `[{ "line": 12, "ticks": 3 }, …]`; entries missing either number are dropped, as `cpuprofile.ts` does. */
  private positionTicks(p: number): number {
    const b = this.buf;
    const out: Array<{ line: number; ticks: number }> = [];
    if (b[p] !== LBRACKET) {
      this.lastTicks = out;
      return this.skip(p);
    }
    p = this.ws(p + 1);
    if (b[p] !== RBRACKET) {
      for (;;) {
        if (b[p] !== LBRACE) {
          p = this.skip(p);
        } else {
          let line: number | undefined;
          let ticks: number | undefined;
          p = this.ws(p + 1);
          if (b[p] !== RBRACE) {
            for (;;) {
              p = this.member(p);
              const k0 = this.keyFrom;
              const k1 = this.keyTo;
              const c = b[p]!;
              const isNumber = c === MINUS || (c >= 0x30 && c <= 0x39);
              if (isNumber && this.keyIs(b, k0, k1, K.line)) {
                p = this.number(p);
                line = this.num;
              } else if (isNumber && this.keyIs(b, k0, k1, K.ticks)) {
                p = this.number(p);
                ticks = this.num;
              } else p = this.skip(p);
              p = this.ws(p);
              if (b[p] === COMMA) p = this.ws(p + 1);
              else if (b[p] === RBRACE) break;
              else throw new NotScanned('expected , or }');
            }
          }
          p = p + 1;
          if (line !== undefined && ticks !== undefined) out.push({ line, ticks });
        }
        p = this.ws(p);
        if (b[p] === COMMA) p = this.ws(p + 1);
        else if (b[p] === RBRACKET) break;
        else throw new NotScanned('expected , or ]');
      }
    }
    this.lastTicks = out;
    return p + 1;
  }

  // Primitives. Each throws `needMore` when the buffer ends before its token does.

  private ws(p: number): number {
    const b = this.buf;
    const n = b.length;
    while (p < n) {
      const c = b[p]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return p;
      p++;
    }
    throw needMore;
  }

  /** Past the closing quote of a key that starts at `p` (after its opening quote). */
  /**
   * An object member's key at `p` (its text from `keyFrom` to `keyTo`) and the colon after it;
   * returns where the value starts.
   */
  private member(p: number): number {
    const b = this.buf;
    if (b[p] !== QUOTE) throw new NotScanned('expected a key');
    this.keyFrom = p + 1;
    p = this.endOfKey(p + 1);
    this.keyTo = p - 1;
    p = this.ws(p);
    if (b[p] !== COLON) throw new NotScanned('expected :');
    return this.ws(p + 1);
  }

  private endOfKey(p: number): number {
    const b = this.buf;
    const n = b.length;
    while (p < n) {
      const c = b[p]!;
      if (c === QUOTE) return p + 1;
      if (c === BACKSLASH) throw new NotScanned('an escaped key');
      p++;
    }
    throw needMore;
  }

  private keyIs(b: Uint8Array, from: number, to: number, key: Uint8Array): boolean {
    if (to - from !== key.length) return false;
    for (let i = 0; i < key.length; i++) if (b[from + i] !== key[i]) return false;
    return true;
  }

  /** A number where one must be (anything else is a shape for the ordinary path). */
  private numberAt(p: number): number {
    const c = this.buf[p]!;
    if (c !== MINUS && (c < 0x30 || c > 0x39)) throw new NotScanned('not a number');
    return this.number(p);
  }

  /** A JSON number into `num`; integers without building a string. */
  private number(p: number): number {
    const b = this.buf;
    const n = b.length;
    const from = p;
    let negative = false;
    if (b[p] === MINUS) {
      negative = true;
      p++;
    }
    let v = 0;
    let digits = 0;
    while (p < n) {
      const c = b[p]!;
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      digits++;
      p++;
    }
    if (p >= n) throw needMore;
    const c = b[p]!;
    if (digits === 0) throw new NotScanned('not a number');
    if (c === 0x2e || c === 0x65 || c === 0x45 || digits > 15) {
      // A fraction, an exponent or more digits than a double holds exactly: let the engine read it.
      while (p < n) {
        const d = b[p]!;
        if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === MINUS)) break;
        p++;
      }
      if (p >= n) throw needMore;
      const value = Number(String.fromCharCode(...b.subarray(from, p)));
      if (Number.isNaN(value)) throw new NotScanned('not a number');
      this.num = value;
      return p;
    }
    this.num = negative ? -v : v;
    return p;
  }

  /** A string at `p` (its opening quote) into `str`, interned; only strings holding a backslash are read the slow way. */
  private string(p: number): number {
    const b = this.buf;
    const n = b.length;
    const from = p + 1;
    let end = from;
    for (; end < n; end++) {
      const c = b[end]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH) return this.escapedString(p);
    }
    if (end >= n) throw needMore;
    // A cheap hash (length and a few bytes): the interner compares every byte of a candidate.
    const len = end - from;
    let hash = len;
    if (len > 0) {
      hash = Math.imul(hash ^ b[from]!, 0x01000193);
      hash = Math.imul(hash ^ b[end - 1]!, 0x01000193);
      hash = Math.imul(hash ^ b[from + (len >> 1)]!, 0x01000193);
      hash = Math.imul(hash ^ b[from + (len >> 2)]!, 0x01000193);
      hash = Math.imul(hash ^ b[end - 1 - (len >> 3)]!, 0x01000193);
      if (len > 4) hash = Math.imul(hash ^ b[end - 2]! ^ (b[end - 3]! << 8) ^ (b[end - 4]! << 16), 0x01000193);
    }
    this.str = this.strings.id(b, from, end, hash);
    return end + 1;
  }

  private escapedString(p: number): number {
    const end = this.endOfString(p);
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8').decode(this.buf.subarray(p, end)));
    } catch {
      throw new NotScanned('a bad escape');
    }
    this.str = this.strings.idOf(value as string);
    return end;
  }

  /** Past the closing quote of the string whose opening quote is at `p`. */
  private endOfString(p: number): number {
    const b = this.buf;
    const n = b.length;
    for (p = p + 1; p < n; p++) {
      const c = b[p]!;
      if (c === QUOTE) return p + 1;
      if (c === BACKSLASH) p++;
    }
    throw needMore;
  }

  /** Past any JSON value at `p`, without reading it. */
  private skip(p: number): number {
    const b = this.buf;
    const n = b.length;
    const c = b[p]!;
    if (c === QUOTE) return this.endOfString(p);
    if (c === LBRACE || c === LBRACKET) {
      let depth = 0;
      for (; p < n; p++) {
        const d = b[p]!;
        if (d === QUOTE) p = this.endOfString(p) - 1;
        else if (d === LBRACE || d === LBRACKET) depth++;
        else if (d === RBRACE || d === RBRACKET) {
          depth--;
          if (depth === 0) return p + 1;
        }
      }
      throw needMore;
    }
    // A number or a literal: up to the next delimiter.
    const from = p;
    for (; p < n; p++) {
      const d = b[p]!;
      if (d === COMMA || d === RBRACE || d === RBRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) {
        if (p === from) throw new NotScanned('a missing value');
        return p;
      }
    }
    throw needMore;
  }
}

/** V8's 0-based line or column; -1 when it is not a usable one, as `cpuprofile.ts` reads it. */
function position(v: number): number {
  return Number.isInteger(v) && v >= 0 && v < 2 ** 31 ? v : -1;
}
