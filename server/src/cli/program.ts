/**
 * The `hotpath` program: arguments in, output through `io`, exit status out. Kept apart from
 * main.ts (which only wires it to the process) so tests can run it in-process.
 * Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage error.
 */
import { rules } from '../rules/index';
import { parseArgs } from './args';
import { helpFor, readVersion } from './help';
import { type CliIO, exitOk, printUsageError } from './io';
import { runBaseline } from './run-baseline';
import { runCheck } from './run-check';
import { runFix } from './run-fix';
import { runMerge } from './merge';

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case 'usage-error':
      return printUsageError(io, args.message, args.hint);
    case 'help':
      io.stdout(helpFor(args.topic));
      return exitOk;
    case 'version':
      io.stdout(readVersion() + '\n');
      return exitOk;
    case 'rules':
      io.stdout(listRules());
      return exitOk;
    case 'check':
      return runCheck(args, io);
    case 'baseline':
      return runBaseline(args, io);
    case 'fix':
      return runFix(args, io);
    case 'merge':
      return runMerge(args, io);
  }
}

function listRules(): string {
  const idWidth = Math.max(...rules.map((r) => r.meta.id.length));
  return rules.map((r) => `${r.meta.id.padEnd(idWidth)}  ${r.meta.defaultSeverity.padEnd(7)}  ${r.meta.description}\n`).join('');
}
