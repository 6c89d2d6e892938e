/**
 * What reusing typescript-eslint's tree saves the ESLint plugin, alone: every corpus file is parsed
 * once by typescript-eslint's parser (as ESLint does, untimed), then the four rules run on it through
 * the plugin's entry point with that tree offered (A) or not (B, the engine parses when a rule asks),
 * alternating A and B per pass over a fresh project each, timing the analysis only.
 *
 *   node --import tsx scripts/bench/eslint-tree-reuse.ts [--passes 4]   (after npm run bench made the corpus)
 *
 * `npm run bench` runs it too (results.json: fullScan.eslintPlugin.treeReuse).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseForESLint } from '@typescript-eslint/parser';
import type ts from 'typescript';
import { attachImportCosts } from '../../server/src/bundle-cost/import-costs';
import { analyzeDoc } from '../../server/src/engine/analyze';
import { discoverFiles } from '../../server/src/engine/discovery';
import { NodeFileHost } from '../../server/src/engine/host';
import { withLintDocument } from '../../server/src/engine/lint-doc';
import { Project } from '../../server/src/engine/project';
import { rules } from '../../server/src/rules/index';
import { BlockingCostSource } from '../../eslint-plugin-hotpath/src/sync-costs';
import { round, spread, type Spread } from './measure';

const workDir = path.join(__dirname, '.work');

export interface TreeReuse {
  files: number;
  treesTaken: number;
  findings: number;
  treeOfferedCpuSeconds: Spread;
  engineParsesCpuSeconds: Spread;
  saved: number;
}

export async function measureTreeReuse(root: string, cacheDir: string, passes: number, log: (m: string) => void = console.error): Promise<TreeReuse> {
  const { files } = await discoverFiles([root], { blocking: true });
  const scripts = files.filter((f) => /\.(?:[cm]?[jt]sx?)$/.test(f));
  log(`Parsing ${scripts.length} files with typescript-eslint's parser …`);
  const parsed: { file: string; text: string; tree: ts.SourceFile }[] = [];
  for (const file of scripts) {
    const text = fs.readFileSync(file, 'utf8');
    try {
      const r = parseForESLint(text, { filePath: file, ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } });
      parsed.push({ file, text, tree: r.services.esTreeNodeToTSNodeMap!.get(r.ast) as unknown as ts.SourceFile });
    } catch {
      // ESLint lints no file its parser rejects.
    }
  }
  const costs = new BlockingCostSource(cacheDir);
  const run = (offer: boolean) => {
    const project = attachImportCosts(new Project(new NodeFileHost()), { costs });
    let taken = 0;
    let findings = 0;
    const started = process.cpuUsage();
    for (const p of parsed) {
      withLintDocument(project, p.file, p.text, offer ? p.tree : undefined, (doc) => {
        for (const rule of rules) findings += analyzeDoc(project, doc, { rules: [rule] }).findings.length;
        if (offer && doc.isParsed && doc.sourceFile === p.tree) taken++;
      });
      project.trimCache();
    }
    const cpu = process.cpuUsage(started);
    return { seconds: (cpu.user + cpu.system) / 1e6, taken, findings };
  };
  const a: number[] = [];
  const b: number[] = [];
  let last = { taken: 0, findings: 0 };
  for (let i = 0; i < passes; i++) {
    const withTree = run(true);
    const without = run(false);
    a.push(withTree.seconds);
    b.push(without.seconds);
    last = withTree;
    log(`pass ${i + 1}: tree offered ${withTree.seconds.toFixed(2)} s CPU (${withTree.taken} trees taken, ${withTree.findings} findings) · engine parses ${without.seconds.toFixed(2)} s (${without.findings} findings)`);
  }
  return { files: parsed.length, treesTaken: last.taken, findings: last.findings, treeOfferedCpuSeconds: spread(a), engineParsesCpuSeconds: spread(b), saved: round(spread(b).median - spread(a).median, 3) };
}

async function main(): Promise<void> {
  const root = path.join(workDir, 'corpus');
  if (!fs.existsSync(root)) throw new Error('no corpus: run npm run bench first');
  const passes = Number(process.argv[process.argv.indexOf('--passes') + 1] || 4);
  console.log(JSON.stringify(await measureTreeReuse(root, path.join(workDir, 'hotpath-cache'), passes), null, 2));
}

if (require.main === module) main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exitCode = 1;
});
