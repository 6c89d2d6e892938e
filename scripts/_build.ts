import * as fs from 'node:fs';
import { CpuProfileScanner } from '../shared/profile/cpuprofile-scan';
import { modelOfScan } from '../shared/profile/parse';
import { flameGraphLayout } from '../shared/profile/layout';
import { frameStats } from '../shared/profile/frame-stats';
const u = new Uint8Array(fs.readFileSync(process.argv[2]!));
for (let run = 0; run < 3; run++) {
  const s = new CpuProfileScanner(u.length);
  for (let p = 0; p < u.length; p += 1 << 16) s.push(u.subarray(p, p + (1 << 16)));
  const t0 = performance.now();
  const sc = s.finish();
  const t = performance.now();
  const m = modelOfScan(sc);
  const t1 = performance.now();
  flameGraphLayout(m.tree, m.frames.name);
  const t2 = performance.now();
  frameStats(m.tree, m.frames.name.length);
  console.log(`finish ${(t - t0).toFixed(0)} build ${(t1 - t).toFixed(0)} layout ${(t2 - t1).toFixed(0)} stats ${(performance.now() - t2).toFixed(0)} nodes ${m.tree.frame.length} frames ${m.frames.name.length}`);
}
