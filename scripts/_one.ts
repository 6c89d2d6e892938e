import * as fs from 'node:fs';
import { CpuProfileScanner } from '../shared/profile/cpuprofile-scan';
import { modelOfScan, parseText } from '../shared/profile/parse';
const bytes = fs.readFileSync(process.argv[3]!);
const t = performance.now();
if (process.argv[2] === 'scan') {
  const s = new CpuProfileScanner();
  const u = new Uint8Array(bytes); for (let p = 0; p < u.length; p += 1 << 16) s.push(u.subarray(p, p + (1 << 16)));
  const sc = s.finish();
  const t1 = performance.now();
  modelOfScan(sc);
  console.log(`scan ${(t1 - t).toFixed(0)} + build ${(performance.now() - t1).toFixed(0)} = ${(performance.now() - t).toFixed(0)}`);
} else {
  const text = new TextDecoder().decode(bytes);
  parseText(text);
  console.log(`json path ${(performance.now() - t).toFixed(0)}`);
}
