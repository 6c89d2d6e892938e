// A small program to profile: one function burns CPU so the profile has a clear hot frame.
interface Point {
  x: number;
  y: number;
}

export function hotLoop(points: Point[]): number {
  let sum = 0;
  for (let round = 0; round < 400; round++) {
    for (const p of points) sum += Math.sqrt(p.x * p.x + p.y * p.y);
  }
  return sum;
}

function main(): void {
  const points: Point[] = Array.from({ length: 20_000 }, (_, i) => ({ x: i % 97, y: i % 89 }));
  const started = Date.now();
  let total = 0;
  while (Date.now() - started < 300) total += hotLoop(points);
  console.log(total > 0 ? 'done' : 'nothing');
}

main();
