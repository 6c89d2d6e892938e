/**
 * Command-line parsing for `hotpath`. Hand-written rather than a dependency: the grammar is
 * small, and every mistake must become a one-line usage error (exit 2) with a hint.
 */
import type { Severity } from '../engine/finding';
import { parseShard, type Shard } from './shard';

export type OutputFormat = 'text' | 'json' | 'sarif';

/** What decides which files are analyzed and how: shared by check, baseline and fix. */
export interface ScanArgs {
  paths: string[];
  /** Rule ids given with --rule; empty means every rule. */
  rules: string[];
  /** --shard i/n: only the files of this slice (CI matrices). */
  shard?: Shard;
  /** --changed-since REF: only files git reports as changed since REF, plus untracked files. */
  changedSince?: string;
  verbose: boolean;
  /** False with --no-progress; progress is shown only on a terminal anyway. */
  progress: boolean;
}

export interface CheckArgs extends ScanArgs {
  command: 'check';
  format: OutputFormat;
  failOn: Severity;
  /** --baseline FILE: report only findings the baseline does not hold. */
  baseline?: string;
  /** --output FILE: write the report there instead of stdout. */
  output?: string;
  /** --profile FILE: say in messages when a finding's function is hot in this CPU profile. */
  profile?: string;
}

export interface BaselineArgs extends ScanArgs {
  command: 'baseline';
  output: string;
}

export interface FixArgs extends ScanArgs {
  command: 'fix';
  dryRun: boolean;
}

export interface MergeArgs {
  command: 'merge';
  inputs: string[];
  output?: string;
}

export type HelpTopic = 'check' | 'rules' | 'baseline' | 'fix' | 'merge';

export type ParsedArgs =
  | CheckArgs
  | BaselineArgs
  | FixArgs
  | MergeArgs
  | { command: 'rules' }
  | { command: 'help'; topic?: HelpTopic }
  | { command: 'version' }
  | { command: 'usage-error'; message: string; hint: string };

export const defaultBaselineFile = '.hotpath-baseline.json';

const severities: readonly Severity[] = ['info', 'warning', 'error'];
const formats: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const commands = ['check', 'baseline', 'fix', 'merge', 'rules'] as const;
type Command = (typeof commands)[number];

function usageError(message: string, hint = "Run 'hotpath --help' for usage."): ParsedArgs {
  return { command: 'usage-error', message, hint };
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { command: 'help' };
  if (first === '--version' || first === '-v') return { command: 'version' };
  if ((commands as readonly string[]).includes(first)) return parseCommand(first as Command, rest);
  if (first.startsWith('-')) return usageError(`unknown option '${first}'`, "Options go after the command, e.g. 'hotpath check --format json'.");
  return usageError(`unknown command '${first}'`, "Commands are 'check', 'baseline', 'fix', 'merge' and 'rules'; run 'hotpath --help' for usage.");
}

/** The options each command accepts; anything else is a usage error naming the option. */
const accepted: Record<Command, readonly string[]> = {
  check: ['--verbose', '--format', '-f', '--rule', '--fail-on', '--baseline', '--output', '-o', '--profile', '--shard', '--changed-since', '--no-progress'],
  baseline: ['--verbose', '--rule', '--output', '-o', '--shard', '--changed-since', '--no-progress'],
  fix: ['--verbose', '--rule', '--dry-run', '--shard', '--changed-since', '--no-progress'],
  merge: ['--output', '-o'],
  rules: [],
};

function parseCommand(command: Command, argv: readonly string[]): ParsedArgs {
  const hint = `Run 'hotpath ${command} --help' for usage.`;
  const scan: ScanArgs = { paths: [], rules: [], verbose: false, progress: true };
  let format: OutputFormat = 'text';
  let failOn: Severity = 'warning';
  let baseline: string | undefined;
  let output: string | undefined;
  let profile: string | undefined;
  let dryRun = false;
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (onlyPaths || !token.startsWith('-') || token === '-') {
      scan.paths.push(token);
      continue;
    }
    if (token === '--') {
      onlyPaths = true;
      continue;
    }
    // Both '--format json' and '--format=json'.
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    if (name === '--help' || name === '-h') return { command: 'help', topic: command };
    if (!accepted[command].includes(name)) {
      return command === 'rules' ? usageError(`unexpected argument '${token}' for 'hotpath rules'`) : usageError(`unknown option '${name}'`, hint);
    }
    const takeValue = (): string | undefined => (eq !== -1 ? token.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '--verbose':
        scan.verbose = true;
        break;
      case '--no-progress':
        scan.progress = false;
        break;
      case '--dry-run':
        dryRun = true;
        break;
      case '--format':
      case '-f': {
        const v = takeValue();
        if (v === undefined) return usageError('--format needs a value: text, json or sarif', hint);
        if (!(formats as readonly string[]).includes(v)) return usageError(`unknown format '${v}' (use text, json or sarif)`, hint);
        format = v as OutputFormat;
        break;
      }
      case '--rule': {
        const v = takeValue();
        if (v === undefined || v === '') return usageError('--rule needs a rule id', "Run 'hotpath rules' to list them.");
        scan.rules.push(...v.split(',').map((s) => s.trim()).filter(Boolean));
        break;
      }
      case '--fail-on': {
        const v = takeValue();
        if (v === undefined) return usageError('--fail-on needs a severity: info, warning or error', hint);
        if (!(severities as readonly string[]).includes(v)) return usageError(`unknown severity '${v}' for --fail-on (use info, warning or error)`, hint);
        failOn = v as Severity;
        break;
      }
      case '--shard': {
        const v = takeValue();
        const shard = v === undefined ? undefined : parseShard(v);
        if (!shard) return usageError(`--shard needs i/n with 1 <= i <= n, e.g. --shard 2/4${v === undefined ? '' : ` (got '${v}')`}`, hint);
        scan.shard = shard;
        break;
      }
      case '--changed-since':
      case '--profile':
      case '--baseline':
      case '--output':
      case '-o': {
        const v = takeValue();
        if (v === undefined || v === '') return usageError(`${name} needs a value`, hint);
        if (name === '--changed-since') scan.changedSince = v;
        else if (name === '--baseline') baseline = v;
        else if (name === '--profile') profile = v;
        else output = v;
        break;
      }
    }
  }
  switch (command) {
    case 'rules':
      return scan.paths[0] === undefined ? { command: 'rules' } : usageError(`unexpected argument '${scan.paths[0]}' for 'hotpath rules'`);
    case 'merge':
      if (scan.paths.length === 0) return usageError('merge needs the reports to merge', 'Give the JSON or SARIF files of the shards, e.g. hotpath merge shard-*.json.');
      return { command: 'merge', inputs: scan.paths, ...(output !== undefined ? { output } : {}) };
    case 'baseline':
      return { command: 'baseline', ...scan, output: output ?? defaultBaselineFile };
    case 'fix':
      return { command: 'fix', ...scan, dryRun };
    case 'check': {
      const args: CheckArgs = { command: 'check', ...scan, format, failOn };
      if (baseline !== undefined) args.baseline = baseline;
      if (output !== undefined) args.output = output;
      if (profile !== undefined) args.profile = profile;
      return args;
    }
  }
}
