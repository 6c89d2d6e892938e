/**
 * `hotpath check`: analyze the chosen files, drop what the baseline already holds, print the
 * report (text, JSON or SARIF) to stdout or --output, and turn the findings into an exit status.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { severityRank } from '../engine/finding';
import { NodeFileHost } from '../engine/host';
import { ProfileLink } from '../engine/profile-link';
import { Project } from '../engine/project';
import type { CheckArgs } from './args';
import { matchBaseline, readBaseline } from './baseline';
import { formatJson } from './format-json';
import { formatSarif, type SarifNotification } from './format-sarif';
import { colorsFor, formatText } from './format-text';
import { extensionRoot, readVersion } from './help';
import { type CliIO, exitFindings, exitOk, printUsageError } from './io';
import { loadProfileShares } from './profile-shares';
import { relativeFile } from './report';
import { planScan, printTiming, reportedFindings, runScan, type ScanResult } from './scan';

export async function runCheck(args: CheckArgs, io: CliIO): Promise<number> {
  const plan = planScan(args, io);
  if (typeof plan === 'number') return plan;
  const baseline = args.baseline !== undefined ? readBaseline(path.resolve(io.cwd, args.baseline)) : undefined;
  if (baseline && 'error' in baseline) {
    return printUsageError(io, `--baseline ${args.baseline}: ${baseline.error}`, "Record one with 'hotpath baseline --output FILE'.");
  }

  let link: ProfileLink | undefined;
  if (args.profile !== undefined) {
    const loaded = await loadProfileShares(path.resolve(io.cwd, args.profile), io.cwd);
    if ('error' in loaded) return printUsageError(io, `--profile ${args.profile}: ${loaded.error}`, 'Give a .cpuprofile (node --cpu-prof), a Chrome trace .json or folded stacks.');
    io.stderr(`${loaded.summary}\n`);
    link = new ProfileLink(loaded.shares);
  }

  const project = new Project(new NodeFileHost(), plan.maxFileBytes);
  const result = await runScan(plan, io, { verbose: args.verbose, progress: args.progress, project });
  // Fingerprints are taken before: the profile's note changes the message, not the finding.
  if (link) for (const file of result.files) file.findings = link.link(file.findings, (p) => project.getDoc(p));
  let findings = reportedFindings(result, io.cwd);
  if (baseline) {
    const match = matchBaseline(findings, baseline, io.cwd, args.baseline!);
    findings = match.fresh;
    io.stderr(`Baseline ${args.baseline}: ${match.known} known finding${match.known === 1 ? '' : 's'} not reported; ${match.gone} no longer found\n`);
  }

  const report =
    args.format === 'json'
      ? formatJson(findings)
      : args.format === 'sarif'
        ? formatSarif(findings, { rules: plan.rules.map((r) => r.meta), version: readVersion(), cwd: io.cwd, docsRoot: extensionRoot(), notifications: notifications(result, io.cwd) })
        : formatText(findings, result.analyzed, colorsFor(io.stdoutIsTTY && args.output === undefined, io.env));
  if (args.output !== undefined) {
    const out = path.resolve(io.cwd, args.output);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
  } else {
    io.stdout(report);
  }

  if (args.verbose) printTiming(result, io);
  const failing = findings.some((f) => severityRank[f.severity] >= severityRank[args.failOn]);
  return failing ? exitFindings : exitOk;
}

/** What a SARIF upload should say was not analyzed, and why. */
function notifications(result: ScanResult, cwd: string): SarifNotification[] {
  return [
    ...result.skipped.map((s): SarifNotification => ({ level: 'note', message: `Skipped: ${s.reason}`, file: relativeFile(s.path, cwd) })),
    ...result.crashes.map((c): SarifNotification => ({
      level: 'error',
      message: `Rule ${c.ruleId} crashed: ${c.message.split('\n')[0] ?? c.message}`,
      file: relativeFile(c.file, cwd),
    })),
  ];
}

