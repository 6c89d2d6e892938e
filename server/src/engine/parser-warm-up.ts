/**
 * One parse of a small text that holds every token kind before a scan parses real files.
 *
 * V8 optimises TypeScript's scanner (`scan`, one large function) after a few hundred tokens, from
 * the branches it has taken so far; the first file with a token it had not met (a hex literal, a
 * `>>>=`, a regex flag, JSX text) throws the optimised code away, and the scanner runs interpreted
 * until it is compiled again. On outline that happened ten times per check, each recompilation
 * some 60 ms of a second core's time while the main thread waited on slow code. Meeting every
 * branch first makes the first optimisation the last.
 */
import { SourceDoc } from './source';

/** Every punctuator, literal form, comment, JSX and template shape, in TSX. */
export const warmUpText = [
  '#!/usr/bin/env node',
  '/** doc */ // line',
  '/* block */',
  "import def, { a as b, type C } from './m';",
  "export * as ns from 'm'; export { x } from \"m\";",
  '@dec() class K<T extends object = {}> extends B implements I { #p = 1; static s?: number; declare d: string; private readonly r!: T; constructor(public q: number) { super(); } get g() { return this.#p; } set g(v) {} async *gen() { yield* [1]; } }',
  'enum E { A = 1 << 2, B = A | 3, C = ~A ^ 4, D = A & 5 }',
  'type U<T> = T extends (infer R)[] ? R : keyof T | typeof x | unique symbol | `t${string}` | [a?: 1, ...b: 2[]] | { readonly [k in keyof T]-?: T[k] };',
  'interface I { m(a: number, ...r: string[]): void; new (): I; (): void; [k: string]: unknown }',
  'declare module "m" { export const y: number }',
  'namespace N { export let z = 0; }',
  'let n = 0x1F + 0o17 + 0b101 + 1_000 + 1e-5 + .5 + 5. + 10n + 0XAB + 0B1 + 0O7 + 1E+3;',
  "let s = 'a\\'b\\n\\t\\\\\\x41\\u0041\\u{1F600}\\0' + \"c\\\"d\\r\\v\\f\\b\" + 'é' + 'ü';",
  'let t = `head ${n} mid ${`inner ${s}`} tail\\` \\${}`; tag`x${1}y`; t = `plain`;',
  'let r = /a+[b-c]\\/(?:d|e)*?$/gimsuy.test(s) || /[/]/u;',
  'n += 1; n -= 1; n *= 2; n /= 2; n %= 3; n **= 2; n <<= 1; n >>= 1; n >>>= 1; n &= 1; n |= 1; n ^= 1;',
  'let o: any = null; o ||= {}; o &&= o; o ??= 1; o = o?.a?.[0]?.(1) ?? !o;',
  'n = n++ + ++n - n-- - --n; n = n ** 2 * 3 / 4 % 5 << 1 >> 2 >>> 3;',
  'let c = n < 1 && n > 2 || n <= 3 && n >= 4 || n == 5 || n != 6 || n === 7 || n !== 8 ? n : -n;',
  'const f = async <T,>(a: T, { b = 1, ...rest }: any, [d, , e] = []): Promise<T> => { await a; return a as T; };',
  'function* g(this: void, p?: number): Generator<number> { label: for (const q of [p]) { if (!q) continue label; else break; } }',
  'for (let i = 0; i < 1; i++) {} for (const k in o) {} for await (const v of o) {} while (0) {} do {} while (0);',
  'switch (n) { case 1: break; default: throw new Error(); }',
  'try { void 0; typeof o; delete o.a; } catch { } finally { debugger; }',
  'const v = (o satisfies object) as unknown as number; const nn = o!;',
  "const j = <div className=\"a\" data-x='b' {...o} on={() => 1}>text &amp; &#169; &#x41; {n}<br /><>frag</><a.b c:d=\"e\" /></div>;",
  'x: { 1; }',
  'export default function () {}',
  '\u00a0\ufeff\u2028',
  'let \u0061bc = 1, ünïcode = 2, $_ = 3, _\\u0062 = 4;',
].join('\r\n');

let warmed = false;

/** Parse the text once per process, as each kind of script (a few milliseconds, interpreted). */
export function warmUpParser(): void {
  if (warmed) return;
  warmed = true;
  // As the files of a scan are parsed: TSX, TypeScript, and JavaScript (parsed with JSX).
  for (const ext of ['tsx', 'ts', 'js']) void new SourceDoc(`/__hotpath__/warm-up.${ext}`, warmUpText, 'warm-up').sourceFile;
}
