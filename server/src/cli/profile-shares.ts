/**
 * `hotpath check --profile FILE`: the profile's per-function CPU shares at positions in the
 * checked files. Urls are resolved against the current folder (relocated when the profile was
 * made on another machine or checkout) and mapped through source maps, as the editor does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { annotationPayload } from '../../../shared/profile/annotations';
import { frameStats } from '../../../shared/profile/frame-stats';
import { isGzip, maxProfileBytes } from '../../../shared/profile/limits';
import { parseProfile } from '../../../shared/profile/parse';
import { mapAnnotations } from '../../../shared/profile-sources/mapped-annotations';
import { originalPositions } from '../../../shared/profile-sources/source-maps';
import type { ProfileShares } from '../engine/profile-link';

export interface LoadedProfile {
  shares: ProfileShares;
  /** One line for stderr: what was read and how much of it lies in the workspace. */
  summary: string;
}

export async function loadProfileShares(file: string, cwd: string): Promise<LoadedProfile | { error: string }> {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    return { error: `cannot read it: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (isGzip(bytes)) {
    // A `.cpuprofile.gz`, as the flame-graph editor opens it; inflated no further than the size
    // limit, so a small file cannot expand into gigabytes.
    try {
      bytes = zlib.gunzipSync(bytes, { maxOutputLength: maxProfileBytes + 1 });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return { error: tooBig ? `it inflates to more than ${Math.round(maxProfileBytes / 1e6)} MB, the largest profile Hotpath opens` : `it is gzip-compressed but cannot be inflated: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  let model;
  try {
    model = parseProfile(bytes);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  const stats = frameStats(model.tree, model.frames.name.length);
  const mapped = await mapAnnotations(annotationPayload(model, stats), {
    workspaceFolders: [cwd],
    profileDir: path.dirname(file),
    exists: (f) => fs.existsSync(f),
    originalPositions,
  });
  const profileName = path.basename(file);
  const functions = mapped.payload.functions.map((f) => ({ path: f.url.replace(/\\/g, '/'), line: f.line, column: f.column, name: f.name, self: f.self, total: f.total }));
  const files = new Set(functions.map((f) => f.path)).size;
  const summary =
    functions.length === 0
      ? `Profile ${profileName}: none of its functions is in a file under ${cwd}, so no finding is noted (frames need a file and a line: folded stacks without "(file:line)" have none)`
      : `Profile ${profileName}: ${functions.length} function${functions.length === 1 ? '' : 's'} with CPU time in ${files} file${files === 1 ? '' : 's'} here (${mapped.mapped} position${mapped.mapped === 1 ? '' : 's'} mapped through source maps)`;
  return { shares: { profileName, unit: model.unit, duration: model.duration, functions }, summary };
}
