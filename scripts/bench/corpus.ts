/**
 * The benchmark corpus: real third-party code no one here wrote, at pinned versions, installed
 * from npm into the git-ignored .work/ folder and copied into one tree that both Hotpath and
 * ESLint analyze. Only JavaScript and TypeScript sources (and each package's package.json) are
 * copied; folders Hotpath never walks (dist, build …) are renamed so that it does walk them, and
 * files Hotpath's discovery would skip (minified, generated, over 1 MB) are left out, so both
 * tools see exactly the same files.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { alwaysSkippedDirs, discoverFiles } from '../../server/src/engine/discovery';

export interface CorpusPackage {
  name: string;
  version: string;
  /** Folders of the package to copy ('.' for all of it). */
  include: string[];
  /** Folders below those to leave out: duplicate builds of the same code. */
  exclude?: string[];
}

export const corpusPackages: CorpusPackage[] = [
  { name: 'three', version: '0.170.0', include: ['src', 'examples/jsm'] },
  { name: 'typeorm', version: '0.3.20', include: ['.'], exclude: ['browser', 'node_modules'] },
  { name: '@mui/material', version: '5.16.7', include: ['.'], exclude: ['node', 'modern', 'legacy', 'umd', 'node_modules'] },
  { name: 'lodash', version: '4.17.21', include: ['.'] },
  { name: 'rxjs', version: '7.8.1', include: ['src'] },
  { name: 'sequelize', version: '6.37.5', include: ['lib'] },
];

const sourceFile = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export interface Corpus {
  root: string;
  files: number;
  bytes: number;
  packages: string[];
}

function run(cmd: string, args: string[], cwd: string): void {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** npm install of pinned versions into `dir`, skipped when the same list is already installed. */
export function npmInstall(dir: string, specs: string[]): void {
  const stamp = path.join(dir, '.installed');
  const want = specs.join('\n');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  // --ignore-scripts: the benchmark reads these packages; it never runs their install scripts.
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--save-exact', ...specs], dir);
  fs.writeFileSync(stamp, want);
}

function copySources(from: string, to: string, exclude: Set<string>, rel = ''): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (exclude.has(relPath)) continue;
      const name = alwaysSkippedDirs.has(entry.name) ? `${entry.name}_` : entry.name;
      copySources(path.join(from, entry.name), path.join(to, name), exclude, relPath);
    } else if (entry.isFile() && sourceFile.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
    }
  }
}

/** A package's folder in the corpus (no '@': some URI handling percent-encodes it). */
function corpusFolder(p: CorpusPackage): string {
  return `${p.name.replace('/', '__')}-${p.version}`;
}

export async function buildCorpus(workDir: string): Promise<Corpus> {
  const npmDir = path.join(workDir, 'corpus-npm');
  const root = path.join(workDir, 'corpus');
  const specs = corpusPackages.map((p) => `${p.name}@${p.version}`);
  npmInstall(npmDir, specs);
  const manifest = path.join(root, '.corpus.json');
  // v2: folder names without '@', which some URI handling percent-encodes. v3: package.json
  // files and node_modules.
  const layout = 'v3';
  const built = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as Corpus & { layout?: string }) : undefined;
  if (!built || built.packages.join() !== specs.join() || built.layout !== layout) {
    fs.rmSync(root, { recursive: true, force: true });
    for (const p of corpusPackages) {
      const pkgDir = path.join(npmDir, 'node_modules', p.name);
      for (const inc of p.include) {
        const exclude = new Set((p.exclude ?? []).map((e) => (inc === '.' ? e : `${inc}/${e}`)));
        copySources(path.join(pkgDir, inc), path.join(root, corpusFolder(p), inc === '.' ? '' : inc), exclude, inc === '.' ? '' : inc);
      }
    }
    // Each package keeps its package.json, as a checkout does: Hotpath reads a file's role from
    // the nearest one (a browser bundle, a server, a script). Without them the nearest was this
    // repository's own, and every corpus file sat in its scripts/ folder: a script to every rule,
    // so the rules stopped before parsing and the scan measured little more than reading files.
    for (const p of corpusPackages) {
      fs.copyFileSync(path.join(npmDir, 'node_modules', p.name, 'package.json'), path.join(root, corpusFolder(p), 'package.json'));
    }
    // Its own repository, like a checkout: the benchmark's .gitignore (which hides .work/ from
    // this repository) must not hide the corpus from Hotpath, which honours outer .gitignore files.
    run('git', ['init', '-q'], root);
    // Drop what Hotpath would skip, so the two tools get the same files.
    const discovery = await discoverFiles([root]);
    for (const s of discovery.skipped) fs.rmSync(s.path, { recursive: true, force: true });
    // Imports resolve to the packages npm installed with the corpus (as in a checkout after
    // npm install), not to this repository's node_modules above it.
    fs.symlinkSync(path.join(npmDir, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    const files = discovery.files;
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    fs.writeFileSync(manifest, JSON.stringify({ root, files: files.length, bytes, packages: specs, layout }, null, 2));
  }
  return { ...(JSON.parse(fs.readFileSync(manifest, 'utf8')) as Corpus), root };
}
