/**
 * `hotpath check`: discover files, analyze each with every enabled rule over one Project, print
 * the findings, and turn them into an exit status. Everything but the report goes to stderr,
 * so `--format json > report.json` stays parseable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeveritySetting } from '../../../shared/protocol';
import { analyzeDoc } from '../engine/analyze';
import { loadRcFile } from '../engine/config';
import { discoverFiles } from '../engine/discovery';
import { severityRank } from '../engine/finding';
import { NodeFileHost } from '../engine/host';
import { Project } from '../engine/project';
import type { Rule } from '../engine/rule';
import { findRule, rules as allRules } from '../rules/index';
import type { CheckArgs } from './args';
import { formatJson } from './format-json';
import { colorsFor, formatText } from './format-text';
import { type CliIO, exitFindings, exitOk, printUsageError } from './io';
import { compareReported, relativeFile, toReported, type ReportedFinding } from './report';

export async function runCheck(args: CheckArgs, io: CliIO): Promise<number> {
  const selected: Rule[] = [];
  for (const id of args.rules) {
    const rule = findRule(id);
    if (!rule) return printUsageError(io, `unknown rule '${id}'`, "Run 'hotpath rules' to list them.");
    if (!selected.includes(rule)) selected.push(rule);
  }
  const rules = selected.length > 0 ? selected : [...allRules];

  const roots = (args.paths.length > 0 ? args.paths : ['.']).map((p) => path.resolve(io.cwd, p));
  for (const [i, root] of roots.entries()) {
    if (!fs.existsSync(root)) return printUsageError(io, `path not found: ${args.paths[i] ?? root}`, 'Give files or folders that exist.');
  }

  const rc = loadRcFile(io.cwd);
  for (const problem of rc.problems) io.stderr(`hotpath: ${relativeFile(rc.path ?? '.hotpathrc.json', io.cwd)}: ${problem}\n`);
  const ruleSettings: Record<string, SeveritySetting> = { ...rc.config.rules };
  // A rule asked for by name runs even if the config turns it off: the command line is the latest word.
  for (const r of selected) if (ruleSettings[r.meta.id] === 'off') delete ruleSettings[r.meta.id];
  const maxFileBytes = Math.round((rc.config.maxFileSizeKb ?? 1024) * 1024);

  const started = performance.now();
  const discovery = await discoverFiles(roots, {
    exclude: rc.config.exclude ?? [],
    excludeBase: rc.path ? path.dirname(rc.path) : io.cwd,
    maxFileBytes,
  });
  if (args.verbose) {
    for (const s of discovery.skipped) io.stderr(`skipped ${relativeFile(s.path, io.cwd)}: ${s.reason}\n`);
  }

  const project = new Project(new NodeFileHost(), maxFileBytes);
  const findings: ReportedFinding[] = [];
  let analyzed = 0;
  for (const file of discovery.files) {
    const doc = project.getDoc(file);
    if (!doc) {
      // Deleted or grown past the limit since discovery looked at it.
      if (args.verbose) io.stderr(`skipped ${relativeFile(file, io.cwd)}: no longer readable\n`);
      continue;
    }
    analyzed++;
    const analysis = analyzeDoc(project, doc, { rules, ruleSettings });
    for (const f of analysis.findings) findings.push(toReported(f, io.cwd));
    for (const e of analysis.errors) {
      const message = args.verbose ? e.message : (e.message.split('\n')[0] ?? e.message);
      io.stderr(`hotpath: rule ${e.ruleId} crashed on ${relativeFile(file, io.cwd)}: ${message}\n`);
    }
  }
  findings.sort(compareReported);

  if (args.format === 'json') io.stdout(formatJson(findings));
  else io.stdout(formatText(findings, analyzed, colorsFor(io.stdoutIsTTY, io.env)));

  if (args.verbose) {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(analyzed / seconds) : analyzed;
    io.stderr(`Analyzed ${analyzed} files in ${seconds.toFixed(2)} s (${rate} files/s); ${discovery.skipped.length} skipped\n`);
  }
  const failing = findings.some((f) => severityRank[f.severity] >= severityRank[args.failOn]);
  return failing ? exitFindings : exitOk;
}
