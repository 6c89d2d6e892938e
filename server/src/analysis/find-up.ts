/**
 * The nearest folder at or above `start` for which `test` has an answer (its tsconfig, its
 * package root, its monorepo root). Every folder passed on the way remembers the answer (or
 * that there is none), so the next file of the same tree asks the cache once: these markers are
 * rarely created or moved. The cache is the caller's, one per project and question.
 */
import * as path from 'node:path';

export function findUp<T>(cache: Map<string, T | null>, start: string, test: (dir: string) => T | undefined): T | undefined {
  const visited: string[] = [];
  let found: T | null = null;
  for (let dir = start, i = 0; i < 40; i++) {
    const known = cache.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    visited.push(dir);
    const hit = test(dir);
    if (hit !== undefined) {
      found = hit;
      break;
    }
    const parent = path.posix.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of visited) cache.set(d, found);
  return found ?? undefined;
}

/** A cache per project for `findUp`. */
export function perProject<K extends object, V>(caches: WeakMap<K, Map<string, V>>, project: K): Map<string, V> {
  let cache = caches.get(project);
  if (!cache) caches.set(project, (cache = new Map()));
  return cache;
}
