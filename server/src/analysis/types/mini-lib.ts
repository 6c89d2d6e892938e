/**
 * The global types the type service's programs see instead of TypeScript's `lib.*.d.ts`: what
 * element and awaited types need (arrays, promises, iteration callbacks, the utility types models
 * declare attributes with) and nothing else. TypeScript's own libs are 30-odd files and most of a
 * small program's build time; the bundled server does not ship them either.
 */
export const miniLib = `
interface Object {}
interface Function { apply(this: Function, thisArg: any, argArray?: any): any; call(this: Function, thisArg: any, ...argArray: any[]): any; bind(this: Function, thisArg: any, ...argArray: any[]): any; }
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments { length: number; [index: number]: any; }
interface String { length: number; [index: number]: string; }
interface Number {}
interface Boolean {}
interface RegExp {}
interface Symbol {}
interface TemplateStringsArray extends ReadonlyArray<string> { readonly raw: readonly string[]; }
interface ReadonlyArray<T> {
  readonly length: number;
  readonly [n: number]: T;
  map<U>(cb: (value: T, index: number, array: readonly T[]) => U, thisArg?: any): U[];
  forEach(cb: (value: T, index: number, array: readonly T[]) => void, thisArg?: any): void;
  filter(cb: (value: T, index: number, array: readonly T[]) => unknown, thisArg?: any): T[];
  find(cb: (value: T, index: number, obj: readonly T[]) => unknown, thisArg?: any): T | undefined;
  some(cb: (value: T, index: number, array: readonly T[]) => unknown, thisArg?: any): boolean;
  every(cb: (value: T, index: number, array: readonly T[]) => unknown, thisArg?: any): boolean;
  flatMap<U>(cb: (value: T, index: number, array: T[]) => U | ReadonlyArray<U>, thisArg?: any): U[];
  reduce<U>(cb: (acc: U, value: T, index: number, array: readonly T[]) => U, initial: U): U;
  slice(start?: number, end?: number): T[];
  concat(...items: (T | ConcatArray<T>)[]): T[];
  includes(value: T, fromIndex?: number): boolean;
  indexOf(value: T, fromIndex?: number): number;
  join(separator?: string): string;
}
interface ConcatArray<T> { readonly length: number; readonly [n: number]: T; }
interface Array<T> {
  length: number;
  [n: number]: T;
  map<U>(cb: (value: T, index: number, array: T[]) => U, thisArg?: any): U[];
  forEach(cb: (value: T, index: number, array: T[]) => void, thisArg?: any): void;
  filter(cb: (value: T, index: number, array: T[]) => unknown, thisArg?: any): T[];
  find(cb: (value: T, index: number, obj: T[]) => unknown, thisArg?: any): T | undefined;
  some(cb: (value: T, index: number, array: T[]) => unknown, thisArg?: any): boolean;
  every(cb: (value: T, index: number, array: T[]) => unknown, thisArg?: any): boolean;
  flatMap<U>(cb: (value: T, index: number, array: T[]) => U | ReadonlyArray<U>, thisArg?: any): U[];
  reduce<U>(cb: (acc: U, value: T, index: number, array: T[]) => U, initial: U): U;
  slice(start?: number, end?: number): T[];
  concat(...items: (T | ConcatArray<T>)[]): T[];
  includes(value: T, fromIndex?: number): boolean;
  indexOf(value: T, fromIndex?: number): number;
  push(...items: T[]): number;
  pop(): T | undefined;
  shift(): T | undefined;
  join(separator?: string): string;
  sort(compare?: (a: T, b: T) => number): this;
  reverse(): T[];
}
interface ArrayConstructor { isArray(arg: any): arg is any[]; from<T>(iterable: ArrayLike<T>): T[]; new <T>(...items: T[]): T[]; }
interface ArrayLike<T> { readonly length: number; readonly [n: number]: T; }
declare var Array: ArrayConstructor;
interface PromiseLike<T> {
  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | undefined | null, onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | undefined | null): PromiseLike<R1 | R2>;
}
interface Promise<T> {
  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | undefined | null, onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | undefined | null): Promise<R1 | R2>;
  catch<R = never>(onrejected?: ((reason: any) => R | PromiseLike<R>) | undefined | null): Promise<T | R>;
  finally(onfinally?: (() => void) | undefined | null): Promise<T>;
}
interface PromiseConstructor {
  new <T>(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: any) => void) => void): Promise<T>;
  all<T extends readonly unknown[] | []>(values: T): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }>;
  allSettled(values: any): Promise<any[]>;
  race<T>(values: Iterable<T | PromiseLike<T>> | readonly (T | PromiseLike<T>)[]): Promise<Awaited<T>>;
  resolve<T>(value: T): Promise<Awaited<T>>;
  resolve(): Promise<void>;
  reject<T = never>(reason?: any): Promise<T>;
}
declare var Promise: PromiseConstructor;
interface Iterable<T> {}
interface Map<K, V> { get(key: K): V | undefined; set(key: K, value: V): this; has(key: K): boolean; delete(key: K): boolean; readonly size: number; forEach(cb: (value: V, key: K, map: Map<K, V>) => void): void; values(): any; keys(): any; }
interface MapConstructor { new <K = any, V = any>(entries?: readonly (readonly [K, V])[] | null): Map<K, V>; }
declare var Map: MapConstructor;
interface Set<T> { add(value: T): this; has(value: T): boolean; delete(value: T): boolean; readonly size: number; forEach(cb: (value: T, value2: T, set: Set<T>) => void): void; }
interface SetConstructor { new <T = any>(values?: readonly T[] | null): Set<T>; }
declare var Set: SetConstructor;
type Awaited<T> = T extends null | undefined ? T : T extends object & { then(onfulfilled: infer F, ...args: infer _): any } ? F extends (value: infer V, ...args: infer _) => any ? Awaited<V> : never : T;
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Record<K extends keyof any, T> = { [P in K]: T };
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
type Parameters<T extends (...args: any) => any> = T extends (...args: infer P) => any ? P : never;
type ReturnType<T extends (...args: any) => any> = T extends (...args: any) => infer R ? R : any;
type InstanceType<T extends abstract new (...args: any) => any> = T extends abstract new (...args: any) => infer R ? R : any;
interface PropertyDescriptor { value?: any; get?(): any; set?(v: any): void; }
interface TypedPropertyDescriptor<T> { value?: T; get?: () => T; set?: (value: T) => void; }
type ClassDecorator = <TFunction extends Function>(target: TFunction) => TFunction | void;
type PropertyDecorator = (target: Object, propertyKey: string | symbol) => void;
type MethodDecorator = <T>(target: Object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>) => TypedPropertyDescriptor<T> | void;
type ParameterDecorator = (target: Object, propertyKey: string | symbol | undefined, parameterIndex: number) => void;
declare var Object: any;
declare var JSON: any;
declare var Math: any;
declare var Date: any;
declare var console: any;
declare var process: any;
declare var Buffer: any;
declare var module: any;
declare var exports: any;
declare var require: any;
declare var __dirname: string;
declare var globalThis: any;
`;
