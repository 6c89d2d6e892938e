/**
 * Chrome trace JSON (Performance panel "Save profile", `chrome://tracing`): an array of events or
 * `{ traceEvents: [...] }`. The CPU profile is spread over one `Profile` event and many
 * `ProfileChunk` events per thread, each chunk adding nodes (with `parent` links), samples and
 * time deltas. The thread with the most samples is shown.
 */
import { buildModel } from './build';
import { cpuProfileToRaw } from './cpuprofile';
import { ProfileError, type ProfileModel } from './model';

interface Gathered {
  key: string;
  startTime?: number;
  endTime?: number;
  nodes: unknown[];
  samples: unknown[];
  timeDeltas: unknown[];
}

export function isTrace(json: unknown): boolean {
  return Array.isArray(json) || (!!json && typeof json === 'object' && Array.isArray((json as { traceEvents?: unknown }).traceEvents));
}

export function parseTrace(json: unknown): ProfileModel {
  const events = (Array.isArray(json) ? json : (json as { traceEvents: unknown[] }).traceEvents) as unknown[];
  const profiles = new Map<string, Gathered>();
  const get = (key: string): Gathered => {
    let p = profiles.get(key);
    if (!p) profiles.set(key, (p = { key, nodes: [], samples: [], timeDeltas: [] }));
    return p;
  };
  for (const value of events) {
    if (!value || typeof value !== 'object') continue;
    const e = value as { name?: unknown; id?: unknown; pid?: unknown; args?: { data?: Record<string, unknown> } };
    if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
    const data = e.args?.data;
    if (!data || typeof data !== 'object') continue;
    const p = get(`${String(e.pid)}:${String(e.id)}`);
    if (typeof data.startTime === 'number') p.startTime = data.startTime;
    if (typeof data.endTime === 'number') p.endTime = data.endTime;
    const cpu = data.cpuProfile as { nodes?: unknown; samples?: unknown } | undefined;
    if (cpu && typeof cpu === 'object') {
      if (Array.isArray(cpu.nodes)) for (const n of cpu.nodes) p.nodes.push(n);
      if (Array.isArray(cpu.samples)) for (const s of cpu.samples) p.samples.push(s);
    }
    if (Array.isArray(data.timeDeltas)) for (const d of data.timeDeltas) p.timeDeltas.push(d);
  }
  const candidates = [...profiles.values()].filter((p) => p.nodes.length > 0);
  if (candidates.length === 0) {
    throw new ProfileError('This trace has no CPU profile (no Profile/ProfileChunk events with call-tree nodes): record it with JavaScript samples enabled.');
  }
  candidates.sort((a, b) => b.samples.length - a.samples.length);
  const chosen = candidates[0]!;
  const raw = cpuProfileToRaw(
    { nodes: chosen.nodes, samples: chosen.samples, timeDeltas: chosen.timeDeltas, startTime: chosen.startTime ?? 0, endTime: chosen.endTime },
    'trace',
  );
  if (candidates.length > 1) {
    raw.warnings.push(`The trace holds ${candidates.length} CPU profiles (one per thread); showing the one with the most samples (${chosen.samples.length}).`);
  }
  return buildModel(raw);
}
