/**
 * The heaviest functions of a V8 `.cpuprofile` within a time window: self and inclusive time
 * (a function counted once per stack, recursion included once). Used to look at a language
 * server's edits without its scan (`real-app.ts --cpu-prof` prints when each file's edits start):
 *
 *   node --import tsx scripts/bench/profile-window.ts PROFILE [--from µs] [--to µs] [--top 40] [--match text] [--callers NAME [--depth 6]] [--within NAME]
 *
 * `--within NAME` keeps only the samples with NAME on their stack. `--from`/`--to` are on the profile's own clock (V8's monotonic µs, the same as
 * `process.hrtime.bigint() / 1000n` in any process on the machine).
 */
import * as fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 ? process.argv[i + 1] : undefined;
}

/**
 * Self and inclusive times per function in [from, to]; with `callersOf`, also the time of each
 * chain of `depth` callers above that function (its outermost frame on each stack).
 */
export function windowTimes(profile: Profile, from: number, to: number, callersOf?: string, depth = 6, within?: string): { self: Map<string, number>; total: Map<string, number>; callers: Map<string, number>; ms: number } {
  const parent = new Map<number, number>();
  const byId = new Map<number, Node>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const key = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\//, '')}:${n.callFrame.lineNumber + 1}`;
  const onStack = (id: number | undefined, name: string): boolean => {
    for (; id !== undefined; id = parent.get(id)) if (byId.get(id)!.callFrame.functionName === name) return true;
    return false;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const callers = new Map<string, number>();
  let t = profile.startTime;
  let ms = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    // A sample's time is the interval up to the next one.
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (t < from || t > to) continue;
    const leaf = byId.get(profile.samples[i]!)!;
    if (leaf.callFrame.functionName === '(idle)') continue;
    if (within !== undefined && !onStack(leaf.id, within)) continue;
    ms += dt;
    self.set(key(leaf), (self.get(key(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    const stack: string[] = [];
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const k = key(byId.get(id)!);
      stack.push(k);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
    if (!callersOf) continue;
    const at = stack.findLastIndex((k) => k.startsWith(`${callersOf} `));
    if (at === -1) continue;
    const chain = stack.slice(at, at + depth + 1).map((k) => k.replace(/ server\.js:\d+$/, '')).join(' < ');
    callers.set(chain, (callers.get(chain) ?? 0) + dt);
  }
  return { self, total, callers, ms };
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-window.ts PROFILE [--from µs] [--to µs] [--top N] [--match text] [--callers NAME [--depth N]]');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const { self, total, callers, ms } = windowTimes(profile, Number(option('from') ?? 0), Number(option('to') ?? Infinity), option('callers'), Number(option('depth') ?? 6), option('within'));
  const top = Number(option('top') ?? 40);
  const match = option('match');
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].filter(([k]) => !match || k.includes(match)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(0).padStart(8)} ms  ${k}`);
  };
  console.log(`${ms.toFixed(0)} ms of CPU samples in the window`);
  show('inclusive', total);
  show('self', self);
  if (option('callers')) show(`callers of ${option('callers')}`, callers);
}

if (require.main === module) main();
