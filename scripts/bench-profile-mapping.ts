/**
 * How much one batch to the profile worker saves when a profile's hot lines and functions are
 * mapped through source maps, against the same positions asked one request at a time (the
 * anchor, in the same run). The profile is a real one: Hotpath's own bundled CLI (dist/cli.js,
 * with its source map) checking a folder, under `node --cpu-prof`.
 *
 *   npm run build && node --import tsx scripts/bench-profile-mapping.ts [folder to check] [runs]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProfileWorker } from '../client/src/profile/host/profile-worker-client';
import { annotationPayload } from '../shared/profile/annotations';
import { frameStats } from '../shared/profile/frame-stats';
import { parseProfile } from '../shared/profile/parse';
import { mapAnnotations } from '../shared/profile-sources/mapped-annotations';
import type { Position } from '../shared/profile-sources/source-maps';

const repo = path.resolve(__dirname, '..');
const target = process.argv[2] ?? path.join(repo, 'test-fixtures/express-app');
const runs = Number(process.argv[3] ?? 3);
const workerScript = path.join(repo, 'dist/profile-worker.js');

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-bench-map-'));
  try {
    // Exit status 1 means findings: expected.
    const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-name=cli.cpuprofile', path.join(repo, 'dist/cli.js'), 'check', target, '--no-progress'], { stdio: 'ignore' });
    if (run.status !== 0 && run.status !== 1) throw new Error(`hotpath check ${target} exited with ${run.status}`);
    const bytes = fs.readFileSync(path.join(dir, 'cli.cpuprofile'));
    const model = parseProfile(bytes);
    const payload = annotationPayload(model, frameStats(model.tree, model.frames.name.length));

    // The positions the editor maps: every hot line and function of a workspace file.
    let positions: Position[] = [];
    await mapAnnotations(payload, {
      workspaceFolders: [repo],
      exists: (f) => fs.existsSync(f),
      originalPositions: async (ps) => {
        positions = ps;
        return ps.map(() => null);
      },
    });
    const mapSize = fs.statSync(path.join(repo, 'dist/cli.js.map')).size;
    console.log(`profile: ${(bytes.length / 1024).toFixed(0)} kB, ${model.sampleCount} samples; ${positions.length} positions in workspace files (map ${(mapSize / 1048576).toFixed(1)} MB)`);

    // Cold: a fresh worker, so loading the map is part of the cost; warm: the map already loaded
    // (the editor's worker keeps the last 8), so only the round trips and lookups count.
    const times: Record<string, number[]> = { 'cold, one request per position (anchor)': [], 'cold, one batch': [], 'warm, one request per position (anchor)': [], 'warm, one batch': [] };
    for (let r = 0; r < runs; r++) {
      for (const warm of [false, true]) {
        for (const kind of ['one request per position (anchor)', 'one batch']) {
          const worker = new ProfileWorker(workerScript);
          if (warm) await worker.originalPositions(positions);
          const started = performance.now();
          if (kind === 'one batch') await worker.originalPositions(positions);
          else for (const p of positions) await worker.originalPosition(p);
          times[`${warm ? 'warm' : 'cold'}, ${kind}`]!.push(performance.now() - started);
          worker.dispose();
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [name, xs] of Object.entries(times)) console.log(`${name.padEnd(42)} median ${median(xs).toFixed(1)} ms over ${runs} runs [${xs.map((x) => x.toFixed(1)).join(', ')}]`);
    for (const t of ['cold', 'warm']) {
      const ratio = median(times[`${t}, one request per position (anchor)`]!) / median(times[`${t}, one batch`]!);
      console.log(`${t}: the batch takes ${(1 / ratio).toFixed(2)}x the anchor's time (${ratio.toFixed(1)}x faster)`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
