/**
 * The intrinsic size of an image file, read from its header only. `image-size` knows the
 * header layouts (PNG IHDR, JPEG SOF after EXIF/ICC segments, GIF, WebP VP8/VP8L/VP8X, AVIF
 * ispe boxes, SVG width/height/viewBox) and never decodes pixels; this wrapper reads a bounded
 * prefix of the file, turns every failure into a reason instead of an exception, and applies
 * the EXIF orientation the browser applies (`image-orientation: from-image` is the default).
 */
import { imageSize } from 'image-size';
import type { Project } from '../engine/project';

export interface ImageSize {
  width: number;
  height: number;
  /** `png`, `jpg`, `gif`, `webp`, `avif`, `svg`, … as image-size names it. */
  type: string;
  /** True when an EXIF orientation of 5–8 swapped the stored width and height. */
  rotated: boolean;
}

export type ImageSizeResult = { ok: true; size: ImageSize } | { ok: false; reason: string };

/**
 * Enough for any header we read: JPEG puts its SOF marker after APP segments (EXIF with a
 * thumbnail, XMP, ICC profiles), each at most 64 kB; the others fit in the first kilobytes.
 */
export const headerBytes = 256 * 1024;

/** File extensions of images whose header we can read. */
export const readableImageExtensions = new Set(['.png', '.apng', '.jpg', '.jpeg', '.jfif', '.gif', '.webp', '.avif', '.svg']);

/** Size of the image bytes (a file's first bytes). Never throws. */
export function imageSizeOf(bytes: Uint8Array, complete: boolean): ImageSizeResult {
  let raw: ReturnType<typeof imageSize>;
  try {
    // A copy that owns exactly these bytes: image-size reads through a DataView on the
    // underlying buffer, so a view cut from a larger buffer would let it read past a truncation.
    raw = imageSize(new Uint8Array(bytes));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (/unsupported file type: undefined/.test(detail)) return { ok: false, reason: 'the file is not an image Hotpath can read (PNG, JPEG, GIF, WebP, AVIF or SVG)' };
    return { ok: false, reason: `the image header is ${complete ? 'corrupt' : 'not within the first ' + headerBytes / 1024 + ' kB'} (${detail})` };
  }
  const { width, height } = raw;
  // A truncated header can yield zeros or garbage rather than an exception.
  if (!validDimension(width) || !validDimension(height)) {
    return { ok: false, reason: `the image header is corrupt or truncated (it gives ${width}×${height})` };
  }
  const rotated = raw.orientation !== undefined && raw.orientation >= 5 && raw.orientation <= 8;
  return {
    ok: true,
    size: { width: rotated ? height : width, height: rotated ? width : height, type: raw.type ?? 'image', rotated },
  };
}

function validDimension(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 1_000_000;
}

/** Most headers sit in the first kilobytes; JPEG's may come after large EXIF/ICC segments. */
const firstRead = 16 * 1024;

/** Sizes by path, file version (mtime and size) and project: an edit re-analyses, an image is read once. */
const sizeCache = new WeakMap<Project, Map<string, { version: string; result: ImageSizeResult }>>();

/** Size of a workspace image file, read through the project (so the analysis depends on it). */
export function imageFileSize(project: Project, filePath: string): ImageSizeResult {
  const stat = project.stat(filePath);
  if (!stat?.isFile) {
    project.readBytes(filePath, 0); // still a dependency: creating the file should re-run the analysis
    return { ok: false, reason: `the file ${filePath} does not exist` };
  }
  let cache = sizeCache.get(project);
  if (!cache) {
    cache = new Map();
    sizeCache.set(project, cache);
  }
  const version = `${stat.mtimeMs}:${stat.size}`;
  const hit = cache.get(filePath);
  if (hit && hit.version === version) {
    project.readBytes(filePath, 0); // record the dependency without reading
    return hit.result;
  }
  const result = readSize(project, filePath, stat.size);
  cache.set(filePath, { version, result });
  return result;
}

function readSize(project: Project, filePath: string, size: number): ImageSizeResult {
  if (size === 0) return { ok: false, reason: 'the image file is empty' };
  let bytes = project.readBytes(filePath, Math.min(size, firstRead));
  if (!bytes) return { ok: false, reason: `the file ${filePath} could not be read` };
  let result = imageSizeOf(bytes, bytes.length >= size);
  if (!result.ok && size > bytes.length) {
    bytes = project.readBytes(filePath, Math.min(size, headerBytes)) ?? bytes;
    result = imageSizeOf(bytes, bytes.length >= size);
  }
  return result;
}
