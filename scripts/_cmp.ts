import * as fs from 'node:fs';
import assert from 'node:assert/strict';
import { CpuProfileScanner } from '../shared/profile/cpuprofile-scan';
import { modelOfScan, parseText } from '../shared/profile/parse';
const file = process.argv[2]!;
const bytes = fs.readFileSync(file);
for (let run = 0; run < 3; run++) {
  let t = performance.now();
  const s = new CpuProfileScanner();
  for (let p = 0; p < bytes.length; p += 1 << 16) s.push(bytes.subarray(p, p + (1 << 16)));
  const scanned = s.finish();
  const t1 = performance.now();
  const m1 = modelOfScan(scanned);
  const t2 = performance.now();
  const m2 = parseText(new TextDecoder().decode(bytes));
  const t3 = performance.now();
  console.log(`scan ${(t1 - t).toFixed(0)} build ${(t2 - t1).toFixed(0)} | json path ${(t3 - t2).toFixed(0)}`);
  if (run === 0) { assert.deepEqual(m1.tree.total, m2.tree.total); assert.deepEqual(m1.frames.name, m2.frames.name); assert.deepEqual(m1.lineTimes, m2.lineTimes); assert.deepEqual(m1.timeline, m2.timeline); console.log('same'); }
}
