import zlib from 'node:zlib';

const lines = Array.from({ length: 4000 }, (_, i) => `row ${i},${(i * 7919) % 1000},${'x'.repeat(i % 50)}`);

export function compressedReport(req: unknown, res: { end(body: Buffer): void }) {
  const body = zlib.gzipSync(lines.join('\n'), { level: 9 });
  res.end(body);
}
