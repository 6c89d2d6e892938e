/**
 * Measures the probes of an import-cost cache file two ways, alternated: one esbuild build per
 * probe (as before) and one build per batch of probes sharing a folder and externals
 * (measureImports), and checks both give the same sizes. Wall and CPU (this process and esbuild's
 * service, which is a child: /proc) per way.
 *
 *   node --import tsx scripts/bench-batch-measure.ts --cache DIR/import-costs-v1.json --from APPDIR [--filter RE] [--runs 2]
 */
import * as fs from 'node:fs';
import { findInstalledPackage } from '../server/src/analysis/installed-packages';
import { NodeFileHost } from '../server/src/engine/host';
import { Project } from '../server/src/engine/project';
import { probeFor } from '../server/src/bundle-cost/import-costs';
import { batchKey, maxBatch, measureImport, measureImports, type ImportProbe } from '../server/src/bundle-cost/measure';

const arg = (n: string) => { const i = process.argv.indexOf(n); return i >= 0 ? process.argv[i + 1] : undefined; };
const cache = JSON.parse(fs.readFileSync(arg('--cache')!, 'utf8')) as { entries: Record<string, unknown> };
const from = arg('--from')!;
const filter = new RegExp(arg('--filter') ?? '.');
const runs = Number(arg('--runs') ?? 2);
const project = new Project(new NodeFileHost());

function probeOfKey(key: string): ImportProbe | undefined {
  const [, specifier, what, ext] = key.split('|') as [string, string, string, string | undefined];
  const pkg = findInstalledPackage(project, `${from}/x.ts`, specifier);
  if (!pkg) return undefined;
  const whole = what === '*' || what === 'dynamic:*';
  const form = what === 'side-effect' ? 'side-effect' : what === 'require' ? 'require' : what.startsWith('dynamic') ? 'dynamic' : 'static';
  const hasDefault = what.startsWith('default;');
  const named = whole || form !== 'static' ? [] : what.replace(/^default;/, '').split(',').filter(Boolean);
  const externals = ext ? ext.slice(4).split(',') : [];
  return probeFor({ specifier, form, names: { named, default: hasDefault, members: [], whole } }, pkg, externals.filter((e) => !(e in pkg.manifest.peerDependencies))).probe;
}

const probes = Object.keys(cache.entries).filter((k) => filter.test(k)).map(probeOfKey).filter((p): p is ImportProbe => p !== undefined);

function cpuOfTree(): number {
  let total = 0;
  const me = process.pid;
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const st = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      if (Number(e) === me || Number(f[1]) === me) total += (Number(f[11]) + Number(f[12])) / 100;
    } catch { /* gone */ }
  }
  return total;
}

async function single() { const out = []; for (const p of probes) out.push(await measureImport(p)); return out; }
async function batched() {
  const groups = new Map<string, number[]>();
  probes.forEach((p, i) => { const k = batchKey(p); groups.set(k, [...(groups.get(k) ?? []), i]); });
  const out: Awaited<ReturnType<typeof measureImport>>[] = [];
  for (const idx of groups.values()) for (let s = 0; s < idx.length; s += maxBatch) {
    const part = idx.slice(s, s + maxBatch);
    const r = await measureImports(part.map((i) => probes[i]!));
    part.forEach((i, j) => (out[i] = r[j]!));
  }
  return out;
}

async function main() {
  console.log(`${probes.length} probes`);
  await measureImport(probes[0]!); // starts esbuild's service
  const times: Record<string, { wall: number[]; cpu: number[] }> = { single: { wall: [], cpu: [] }, batched: { wall: [], cpu: [] } };
  let a: Awaited<ReturnType<typeof single>> = [], b: typeof a = [];
  for (let r = 0; r < runs; r++) {
    for (const [name, fn] of [['single', single], ['batched', batched]] as const) {
      const c0 = cpuOfTree(); const t0 = performance.now();
      const res = await fn();
      times[name]!.wall.push((performance.now() - t0) / 1000); times[name]!.cpu.push(cpuOfTree() - c0);
      if (name === 'single') a = res; else b = res;
    }
  }
  let diff = 0, maxDiff = 0, errs = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    if ('error' in x || 'error' in y) { if (('error' in x) !== ('error' in y)) errs++; return; }
    const d = Math.abs(x.gzip - y.gzip); if (d > 0) diff++; maxDiff = Math.max(maxDiff, d);
  });
  for (const [n, t] of Object.entries(times)) console.log(`${n}: wall ${t.wall.map((x) => x.toFixed(1)).join(' ')} s, CPU ${t.cpu.map((x) => x.toFixed(1)).join(' ')} s`);
  console.log(`gzip differs for ${diff} of ${probes.length} probes (max ${maxDiff} bytes); error mismatch ${errs}`);
}
void main();
