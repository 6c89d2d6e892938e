/**
 * `--shard i/n`: a deterministic split of the files for CI matrices. A file's shard comes from a
 * hash of its path relative to the current folder, so every runner of the matrix puts every file
 * in the same shard whatever the checkout folder, and adding a file never moves the others.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as CI matrices count. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}

/** The 1-based shard a relative path (forward slashes) belongs to. */
export function shardOf(relativePath: string, count: number): number {
  // SHA-1 rather than a short string hash: its first 32 bits spread similar paths evenly.
  const digest = createHash('sha1').update(relativePath).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(relativePath: string, shard: Shard): boolean {
  return shardOf(relativePath, shard.count) === shard.index;
}
