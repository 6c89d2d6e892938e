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
  /**
   * Asked: the function's name as profiled (minified `b`). Answered: its name in the original
   * source, from the map's `names`, when the map names the identifier the bundle declares it with.
   */
  name?: string;
}

/** A loaded map and the generated file's lines (where a minified function's name is found). */
interface Loaded {
  consumer: SourceMapConsumer;
  lines: string[];
}

const maxGeneratedBytes = 64 * 1024 * 1024;
const cache = new Map<string, Promise<Loaded | null>>();
const cacheSize = 8;

export async function originalPosition(generated: Position): Promise<Position | null> {
  const loaded = await consumerFor(generated.file);
  return loaded ? lookUp(loaded, generated) : null;
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
    const loaded = await consumerFor(file);
    if (loaded) for (const i of indexes) out[i] = lookUp(loaded, generated[i]!);
  }
  return out;
}

/** The mapping at the position, else the first one after it on the same line (column 0 → the line's first token). */
function lookUp(loaded: Loaded, generated: Position): Position | null {
  const { consumer } = loaded;
  for (const bias of [SourceMapConsumer.GREATEST_LOWER_BOUND, SourceMapConsumer.LEAST_UPPER_BOUND]) {
    const pos = consumer.originalPositionFor({ line: generated.line + 1, column: Math.max(generated.column, 0), bias });
    if (pos.source && pos.line !== null) {
      const file = pos.source.startsWith('file:') ? fileURLToPath(pos.source) : pos.source;
      const name = generated.name ? originalName(loaded, generated, generated.name) : undefined;
      return { file, line: pos.line - 1, column: pos.column ?? 0, ...(name ? { name } : {}) };
    }
  }
  return null;
}

/**
 * The original name of a minified function. V8 places a function at its parameters
 * (`function b(e){`, `b(e){`, `b=(e)=>`), so its name is the identifier just before; the map's
 * mapping that starts exactly at that identifier names it in `names`. Nothing is guessed: no
 * identifier, or no mapping starting there, or one without a name, and the name stays as profiled.
 */
function originalName(loaded: Loaded, generated: Position, profiled: string): string | undefined {
  const short = profiled.slice(profiled.lastIndexOf('.') + 1);
  if (!/^[A-Za-z_$][\w$]*$/.test(short)) return undefined;
  const text = loaded.lines[generated.line];
  if (text === undefined) return undefined;
  const nearest = Math.max(0, generated.column - 64);
  let at = -1;
  for (let i = text.lastIndexOf(short, generated.column); i >= nearest; i = i > 0 ? text.lastIndexOf(short, i - 1) : -1) {
    const before = i > 0 ? text[i - 1]! : ' ';
    const after = text[i + short.length] ?? ' ';
    if (!/[\w$]/.test(before) && !/[\w$]/.test(after)) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const line = generated.line + 1;
  const here = loaded.consumer.originalPositionFor({ line, column: at, bias: SourceMapConsumer.GREATEST_LOWER_BOUND });
  if (!here.name || here.name === short) return undefined;
  // The mapping must start at the identifier: the one covering the column before it differs.
  if (at > 0) {
    const prior = loaded.consumer.originalPositionFor({ line, column: at - 1, bias: SourceMapConsumer.GREATEST_LOWER_BOUND });
    if (prior.source === here.source && prior.line === here.line && prior.column === here.column && prior.name === here.name) return undefined;
  }
  return here.name;
}

function consumerFor(file: string): Promise<Loaded | null> {
  let entry = cache.get(file);
  if (!entry) {
    entry = load(file).catch(() => null);
    cache.set(file, entry);
    if (cache.size > cacheSize) {
      const [oldest, old] = cache.entries().next().value as [string, Promise<Loaded | null>];
      cache.delete(oldest);
      void old.then((c) => c?.consumer.destroy());
    }
  }
  return entry;
}

async function load(file: string): Promise<Loaded | null> {
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
  return { consumer: await new SourceMapConsumer(map, mapUrl), lines: text.split(/\r?\n/) };
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
