import * as path from 'node:path';
import { launchChromium, serveFlamePage } from '../client/src/profile/testing/flame-harness';
// eslint-disable-next-line
const base = require('/work/baseline/client/src/profile/testing/flame-harness') as typeof import('../client/src/profile/testing/flame-harness');
declare const document: any;
async function main() {
  const file = path.resolve(process.argv[2]!);
  const browser = await launchChromium();
  const mine = await serveFlamePage(undefined, { profile: { file, name: path.basename(file) } });
  const old = await base.serveFlamePage(undefined, { profile: { file, name: path.basename(file) } });
  for (let run = 0; run < Number(process.argv[3] ?? 3); run++) {
    const out: string[] = [];
    for (const [label, h] of [['before', old], ['after', mine]] as const) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(h.url);
      await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', undefined, { timeout: 120000, polling: 20 });
      const fp = await page.evaluate(`performance.getEntriesByName('hotpath-first-paint')[0]?.startTime`);
      const marks = label === 'after' ? await page.evaluate(`performance.getEntriesByType('mark').map((m) => m.name.replace('hotpath-', '').replace('stage:', '') + ' ' + Math.round(m.startTime)).join(', ')`) : '';
      out.push(`${label} ${Math.round(fp as number)} ${marks}`);
      await page.close();
    }
    console.log(out.join('\n'));
  }
  await browser.close();
}
void main();
