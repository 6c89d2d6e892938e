/**
 * `hotpath fix [paths] [--dry-run]`: apply every preferred fix that does not collide with
 * another, then analyze again (a fix can make another fix possible, or stale), until a pass
 * changes nothing or the pass limit is reached. Edited text lives in the Project as overlays
 * until the end, so files are written once, and `--dry-run` writes nothing and prints a unified
 * diff instead.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import * as fs from 'node:fs';
import { NodeFileHost } from '../engine/host';
import { Project } from '../engine/project';
import type { FixArgs } from './args';
import { applyEdits } from '../engine/fix-selection';
import { applyFixes, selectFixes } from './fix-select';
import { type CliIO, exitFindings, exitOk } from './io';
import { relativeFile } from './report';
import { discover, planScan, printTiming, runScan, type ScanResult } from './scan';

import { maxFixPasses } from './fix-limits';

export async function runFix(args: FixArgs, io: CliIO): Promise<number> {
  const plan = planScan(args, io);
  if (typeof plan === 'number') return plan;
  const project = new Project(new NodeFileHost(), plan.maxFileBytes);
  const { files, skipped, all } = await discover(plan, io, args.verbose);
  const original = new Map<string, string>();
  const current = new Map<string, string>();
  let fixed = 0;
  let passes = 0;
  let settled = false;
  let last: ScanResult | undefined;
  while (passes < maxFixPasses) {
    passes++;
    last = await runScan(plan, io, { verbose: args.verbose && passes === 1, progress: args.progress, project, files, all });
    let applied = 0;
    const selected = new Map(last.files.map((file) => [file.path, selectFixes(file.findings)]));
    const edit = (p: string, change: (text: string) => string): boolean => {
      const doc = project.getDoc(p);
      if (!doc) return false;
      const text = change(doc.text);
      if (text === doc.text) return false;
      if (!original.has(p)) original.set(p, doc.text);
      current.set(p, text);
      project.openDocument(p, text, `fix-${passes}`);
      return true;
    };
    const touched = new Set<string>();
    for (const file of last.files) {
      const fixes = selected.get(file.path)!;
      if (fixes.length === 0) continue;
      if (!edit(file.path, () => applyFixes(project.getDoc(file.path)!, fixes))) continue;
      touched.add(file.path);
      applied += fixes.length;
    }
    // A fix's edits to other files (every import of one package): applied where this pass changed
    // nothing else, so no two edits of one pass collide; the rest waits for the next pass.
    for (const fixes of selected.values()) {
      for (const other of fixes.flatMap((f) => f.otherFiles ?? [])) {
        if (touched.has(other.path) || (selected.get(other.path)?.length ?? 0) > 0) continue;
        if (edit(other.path, (text) => applyEdits(text, other.edits))) touched.add(other.path);
      }
    }
    fixed += applied;
    if (applied === 0) {
      settled = true;
      break;
    }
  }
  if (!settled) io.stderr(`hotpath: fixes were still changing files after ${maxFixPasses} passes; stopped there\n`);

  const changed = [...current.keys()].sort();
  if (args.dryRun) {
    for (const file of changed) {
      const rel = relativeFile(file, io.cwd);
      io.stdout(createTwoFilesPatch(`a/${rel}`, `b/${rel}`, original.get(file)!, current.get(file)!, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }));
    }
  } else {
    for (const file of changed) fs.writeFileSync(file, current.get(file)!);
  }
  // The last pass analyzed the final text: what it found is what is left.
  const remaining = last?.files.reduce((n, f) => n + f.findings.length, 0) ?? 0;
  const verb = args.dryRun ? 'Would fix' : 'Fixed';
  const plural = (n: number, word: string, many = word + 's') => `${n} ${n === 1 ? word : many}`;
  io.stderr(
    `${verb} ${plural(fixed, 'finding')} in ${plural(changed.length, 'file')} (${plural(passes, 'pass', 'passes')}); ` +
      `${plural(remaining, 'finding')} without a safe fix ${remaining === 1 ? 'remains' : 'remain'}\n`,
  );
  if (args.verbose && last) printTiming({ ...last, skipped }, io);
  // Like a formatter's check mode: a dry run that would change files fails, so CI can require fixed code.
  return args.dryRun && changed.length > 0 ? exitFindings : exitOk;
}
