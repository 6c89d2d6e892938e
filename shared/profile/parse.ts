/**
 * One entry point for every format: sniff the bytes, parse, build the model, or throw a
 * `ProfileError` whose message says in one sentence what is wrong with the file.
 */
import { buildModel } from './build';
import { parseCpuProfile, timedProfile } from './cpuprofile';
import { CpuProfileScanner, NotScanned, type ScannedProfile } from './cpuprofile-scan';
import { parseFolded } from './folded';
import { isGzip, maxProfileBytes } from './limits';
import { ProfileError, type ProfileModel } from './model';
import { isTrace, parseTrace } from './trace';

export interface ParseOptions {
  maxBytes?: number;
  /** Called as each step starts, with words for a status line ("parsing JSON"). */
  onStage?: (stage: string) => void;
  /** false: the byte scanner already gave up on this file; go straight to `JSON.parse`. */
  scan?: boolean;
}

export function parseProfile(input: Uint8Array | string, options: ParseOptions = {}): ProfileModel {
  const stage = options.onStage ?? (() => undefined);
  const size = typeof input === 'string' ? input.length : input.byteLength;
  const maxBytes = options.maxBytes ?? maxProfileBytes;
  if (size > maxBytes) {
    throw new ProfileError(`The file is ${mb(size)} MB; Hotpath opens profiles up to ${mb(maxBytes)} MB.`);
  }
  if (size === 0) throw new ProfileError('The file is empty.');
  if (typeof input !== 'string' && isGzip(input)) {
    throw new ProfileError('The file is gzip-compressed: decompress it first (gunzip).');
  }
  if (options.scan !== false && (typeof input === 'string' ? firstChar(input) === '{' : firstByte(input) === 0x7b)) {
    // The common case, a V8 profile, straight from its bytes (no text, no JSON objects).
    const scanner = new CpuProfileScanner(size);
    stage('reading the profile');
    scanner.push(typeof input === 'string' ? new TextEncoder().encode(input) : input);
    try {
      const scanned = scanner.finish();
      stage('building the call tree');
      return modelOfScan(scanned);
    } catch (err) {
      if (!(err instanceof NotScanned)) throw err;
      // Another shape (a trace, a broken file): the ordinary path below reads it and words the error.
    }
  }
  return parseText(typeof input === 'string' ? input : decodeText(input, stage), stage);
}

/** The model of a profile the byte scanner read. */
export function modelOfScan(scan: ScannedProfile): ProfileModel {
  return buildModel(timedProfile('cpuprofile', scan.nodes, scan.samples, scan.timeDeltas, scan.startTime, scan.endTime));
}

export function decodeText(bytes: Uint8Array, stage: (stage: string) => void = () => undefined): string {
  stage('decoding text');
  return new TextDecoder('utf-8').decode(bytes);
}

/** Any format from its text: folded stacks, a V8 profile or a Chrome trace through `JSON.parse`. */
export function parseText(text: string, stage: (stage: string) => void = () => undefined): ProfileModel {
  const first = firstChar(text);
  if (first === '') throw new ProfileError('The file holds only whitespace.');
  if (first !== '{' && first !== '[') {
    stage('reading folded stacks');
    return parseFolded(text);
  }

  let json: unknown;
  stage('parsing JSON');
  try {
    json = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const truncated = /end of (JSON )?(input|data)|Unterminated/i.test(reason);
    throw new ProfileError(`The file is not valid JSON${truncated ? ' (it looks truncated)' : ''}: ${reason}.`);
  }
  stage('building the call tree');
  if (json && typeof json === 'object' && !Array.isArray(json) && 'nodes' in json) return parseCpuProfile(json);
  if (isTrace(json)) return parseTrace(json);
  throw new ProfileError('This JSON is neither a V8 CPU profile ("nodes", "samples") nor a Chrome trace ("traceEvents").');
}

function firstByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length && i < 4096; i++) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return -1;
}

function firstChar(text: string): string {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text[i]!;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t' && c !== '\ufeff') return c;
  }
  return text.trim().charAt(0);
}

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 3 : 0);
}
