/** `hotpath baseline`: record every current finding in a baseline file (see baseline.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BaselineArgs } from './args';
import { createBaseline, formatBaseline } from './baseline';
import { type CliIO, exitOk } from './io';
import { planScan, printTiming, reportedFindings, runScan } from './scan';

export async function runBaseline(args: BaselineArgs, io: CliIO): Promise<number> {
  const plan = planScan(args, io);
  if (typeof plan === 'number') return plan;
  const result = await runScan(plan, io, { verbose: args.verbose, progress: args.progress });
  const findings = reportedFindings(result, io.cwd);
  const out = path.resolve(io.cwd, args.output);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, formatBaseline(createBaseline(findings, io.cwd, out)));
  io.stderr(`Recorded ${findings.length} finding${findings.length === 1 ? '' : 's'} from ${result.analyzed} files in ${args.output}\n`);
  if (args.verbose) printTiming(result, io);
  return exitOk;
}
