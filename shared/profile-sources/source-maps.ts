/**
 * Maps a position in generated JavaScript (a profile frame in `dist/…`) to the original source
 * through the file's source map: `//# sourceMappingURL=` inline (`data:`) or on disk, else
 * `<file>.map` beside it. Node itself does not source-map `--cpu-prof` output, so the viewer must.
 * Runs in the profile worker (source maps can be megabytes of JSON) and in `hotpath check
 * --profile`. Node only: no `vscode`, no DOM.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SourceMapConsumer, type RawSourceMap } from 'source-map';

/** 0-based line and column, like V8's call frames. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

const maxGeneratedBytes = 64 * 1024 * 1024;
const cache = new Map<string, Promise<SourceMapConsumer | null>>();
const cacheSize = 8;

export async function originalPosition(generated: Position): Promise<Position | null> {
  const consumer = await consumerFor(generated.file);
  return consumer ? lookUp(consumer, generated) : null;
}

/**
 * Many positions at once (a profile's hot lines and functions: thousands), in their order;
 * each file's map is loaded once and files without a map cost one read.
 */
export async function originalPositions(generated: readonly Position[]): Promise<(Position | null)[]> {
  const byFile = new Map<string, number[]>();
  generated.forEach((p, i) => {
    const list = byFile.get(p.file);
    if (list) list.push(i);
    else byFile.set(p.file, [i]);
  });
  const out: (Position | null)[] = generated.map(() => null);
  // One file at a time: the small cache may evict (and destroy) a consumer once the next loads.
  for (const [file, indexes] of byFile) {
    const consumer = await consumerFor(file);
    if (consumer) for (const i of indexes) out[i] = lookUp(consumer, generated[i]!);
  }
  return out;
}

/** The mapping at the position, else the first one after it on the same line (column 0 → the line's first token). */
function lookUp(consumer: SourceMapConsumer, generated: Position): Position | null {
  for (const bias of [SourceMapConsumer.GREATEST_LOWER_BOUND, SourceMapConsumer.LEAST_UPPER_BOUND]) {
    const pos = consumer.originalPositionFor({ line: generated.line + 1, column: Math.max(generated.column, 0), bias });
    if (pos.source && pos.line !== null) {
      const file = pos.source.startsWith('file:') ? fileURLToPath(pos.source) : pos.source;
      return { file, line: pos.line - 1, column: pos.column ?? 0 };
    }
  }
  return null;
}

function consumerFor(file: string): Promise<SourceMapConsumer | null> {
  let entry = cache.get(file);
  if (!entry) {
    entry = load(file).catch(() => null);
    cache.set(file, entry);
    if (cache.size > cacheSize) {
      const [oldest, old] = cache.entries().next().value as [string, Promise<SourceMapConsumer | null>];
      cache.delete(oldest);
      void old.then((c) => c?.destroy());
    }
  }
  return entry;
}

async function load(file: string): Promise<SourceMapConsumer | null> {
  const stat = await fs.stat(file);
  if (!stat.isFile() || stat.size > maxGeneratedBytes) return null;
  const text = await fs.readFile(file, 'utf8');
  const found = findMapReference(text);
  let raw: string | null = null;
  let mapUrl: string;
  if (found?.startsWith('data:')) {
    raw = decodeDataUrl(found);
    mapUrl = pathToFileURL(file).href;
  } else {
    const mapFile = found && !/^[a-z][a-z0-9+.-]*:/i.test(found) ? path.resolve(path.dirname(file), decodeURIComponent(found)) : `${file}.map`;
    raw = await fs.readFile(mapFile, 'utf8').catch(() => null);
    mapUrl = pathToFileURL(mapFile).href;
  }
  if (raw === null) return null;
  const map = JSON.parse(raw) as RawSourceMap;
  return new SourceMapConsumer(map, mapUrl);
}

/** The last `sourceMappingURL` comment in the file, as bundlers append it. */
export function findMapReference(text: string): string | null {
  const re = /(?:\/\/|\/\*)[#@]\s*sourceMappingURL=([^\s*'"]+)/g;
  let last: string | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m[1]!;
  return last;
}

function decodeDataUrl(url: string): string | null {
  const comma = url.indexOf(',');
  if (comma < 0) return null;
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  return meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
}
