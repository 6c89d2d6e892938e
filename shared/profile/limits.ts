/** V8 cannot hold a string much longer than 2^29 characters; larger profiles are refused up front. */
export const maxProfileBytes = 500 * 1024 * 1024;

/** gzip's magic bytes: a `.cpuprofile.gz` (or any gzipped profile) starts with them. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}
