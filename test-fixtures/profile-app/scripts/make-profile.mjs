// Makes profiles/app.cpuprofile: bundles scripts/drive.ts (the app plus a client) with esbuild
// into build/drive.js with a source map, as an app's build would, and runs it under
// `node --cpu-prof`. `pg` is replaced by scripts/fake-pg.ts (no database needed); express is
// the real one, found in the repository's node_modules. Run from anywhere: node scripts/make-profile.mjs
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  absWorkingDir: root,
  entryPoints: ['scripts/drive.ts'],
  outfile: 'build/drive.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  sourcesContent: false,
  external: ['express'],
  alias: { pg: './scripts/fake-pg.ts' },
  logLevel: 'warning',
});
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-app-'));
execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-name=app.cpuprofile', 'build/drive.js'], { cwd: root, stdio: 'inherit' });
fs.mkdirSync(path.join(root, 'profiles'), { recursive: true });
fs.copyFileSync(path.join(dir, 'app.cpuprofile'), path.join(root, 'profiles', 'app.cpuprofile'));
fs.rmSync(dir, { recursive: true, force: true });
console.log(`profiles/app.cpuprofile: ${(fs.statSync(path.join(root, 'profiles', 'app.cpuprofile')).size / 1024).toFixed(0)} kB`);
