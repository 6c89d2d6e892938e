import * as fs from 'node:fs';
import { CpuProfileScanner } from '../shared/profile/cpuprofile-scan';
const bytes = fs.readFileSync(process.argv[2]!);
for (let run = 0; run < 2; run++) {
  const t = performance.now();
  const s = new CpuProfileScanner();
  const u = new Uint8Array(bytes); for (let p = 0; p < u.length; p += 1 << 16) s.push(u.subarray(p, p + (1 << 16)));
  s.finish();
  console.log(`scan ${(performance.now() - t).toFixed(0)}`);
}
