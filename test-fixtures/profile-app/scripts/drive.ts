// What make-profile.mjs profiles: the app on a free port, and a client sending it a mix of
// requests for a fixed time.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { app } from '../src/app';

function send(port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, method, path, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function drive(): Promise<void> {
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const until = Date.now() + Number(process.env.DRIVE_MS ?? 2000);
  let sent = 0;
  while (Date.now() < until) {
    await send(port, 'GET', '/orders?customer=7');
    await send(port, 'POST', '/login', JSON.stringify({ password: 'hunter2' }));
    if (sent % 4 === 0) await send(port, 'GET', '/reports/latest.gz');
    sent++;
  }
  server.close();
  console.log(`${sent} rounds of requests`);
}

void drive();
