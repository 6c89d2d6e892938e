/**
 * The `hotpath/profileHotspots` notification's params, checked (they come from another process)
 * and turned into the engine's ProfileShares: uris become paths, malformed entries are dropped
 * and counted in the log.
 */
import type { ProfileHotspotsNotification } from '../../../shared/protocol';
import type { FunctionShare, ProfileShares } from '../engine/profile-link';
import { uriToPath } from './uri';

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export function profileSharesFrom(params: ProfileHotspotsNotification.Params | undefined, log: (m: string) => void): ProfileShares | undefined {
  if (!params || typeof params !== 'object' || !Array.isArray(params.functions)) {
    log('[error] hotpath/profileHotspots: expected { profileName, unit, duration, functions: [] }; profile notes cleared.');
    return undefined;
  }
  const functions: FunctionShare[] = [];
  let dropped = 0;
  for (const f of params.functions as unknown[]) {
    const h = f as Partial<Record<string, unknown>> | null;
    const p = h && typeof h.uri === 'string' ? uriToPath(h.uri) : undefined;
    if (!h || !p || !isNumber(h.line) || !isNumber(h.column) || !isNumber(h.self) || !isNumber(h.total)) {
      dropped++;
      continue;
    }
    functions.push({ path: p, line: h.line, column: h.column, name: typeof h.name === 'string' ? h.name : '', self: h.self, total: h.total });
  }
  if (dropped > 0) log(`hotpath/profileHotspots: ${dropped} malformed function entr${dropped === 1 ? 'y' : 'ies'} skipped.`);
  return {
    profileName: typeof params.profileName === 'string' && params.profileName ? params.profileName : 'the opened profile',
    unit: params.unit === 'samples' ? 'samples' : 'us',
    duration: isNumber(params.duration) ? params.duration : 0,
    functions,
  };
}
