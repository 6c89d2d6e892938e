import * as path from 'node:path';
import { launchChromium, serveFlamePage } from '../client/src/profile/testing/flame-harness';
declare const document: any;
async function main() {
  const file = path.resolve(process.argv[2]!);
  const browser = await launchChromium();
  const server = await serveFlamePage(undefined, { profile: { file, name: path.basename(file) } });
  for (let run = 0; run < Number(process.argv[3] ?? 2); run++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', undefined, { timeout: 120000, polling: 20 });
    const marks = await page.evaluate(`performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]).sort((a, b) => a[1] - b[1])`);
    console.log(JSON.stringify(marks));
    await page.close();
  }
  await browser.close();
  await server.close();
}
void main();
