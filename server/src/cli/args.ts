/**
 * Command-line parsing for `hotpath`. Hand-written rather than a dependency: the grammar is
 * small, and every mistake must become a one-line usage error (exit 2) with a hint.
 */
import type { Severity } from '../engine/finding';

export type OutputFormat = 'text' | 'json';

export interface CheckArgs {
  command: 'check';
  paths: string[];
  format: OutputFormat;
  /** Rule ids given with --rule; empty means every rule. */
  rules: string[];
  failOn: Severity;
  verbose: boolean;
}

export type ParsedArgs =
  | CheckArgs
  | { command: 'rules' }
  | { command: 'help'; topic?: 'check' | 'rules' }
  | { command: 'version' }
  | { command: 'usage-error'; message: string; hint: string };

const severities: readonly Severity[] = ['info', 'warning', 'error'];
const formats: readonly OutputFormat[] = ['text', 'json'];

function usageError(message: string, hint = "Run 'hotpath --help' for usage."): ParsedArgs {
  return { command: 'usage-error', message, hint };
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { command: 'help' };
  if (first === '--version' || first === '-v') return { command: 'version' };
  if (first === 'rules') {
    if (rest.includes('--help') || rest.includes('-h')) return { command: 'help', topic: 'rules' };
    const extra = rest[0];
    return extra === undefined ? { command: 'rules' } : usageError(`unexpected argument '${extra}' for 'hotpath rules'`);
  }
  if (first === 'check') return parseCheck(rest);
  if (first.startsWith('-')) return usageError(`unknown option '${first}'`, "Options go after the command, e.g. 'hotpath check --format json'.");
  return usageError(`unknown command '${first}'`, "Commands are 'check' and 'rules'; run 'hotpath --help' for usage.");
}

function parseCheck(argv: readonly string[]): ParsedArgs {
  const args: CheckArgs = { command: 'check', paths: [], format: 'text', rules: [], failOn: 'warning', verbose: false };
  const checkHint = "Run 'hotpath check --help' for usage.";
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (onlyPaths || !token.startsWith('-') || token === '-') {
      args.paths.push(token);
      continue;
    }
    if (token === '--') {
      onlyPaths = true;
      continue;
    }
    // Both '--format json' and '--format=json'.
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    const takeValue = (): string | undefined => (eq !== -1 ? token.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '--help':
      case '-h':
        return { command: 'help', topic: 'check' };
      case '--verbose':
        args.verbose = true;
        break;
      case '--format':
      case '-f': {
        const v = takeValue();
        if (v === undefined) return usageError('--format needs a value: text or json', checkHint);
        if (!(formats as readonly string[]).includes(v)) return usageError(`unknown format '${v}' (use text or json)`, checkHint);
        args.format = v as OutputFormat;
        break;
      }
      case '--rule': {
        const v = takeValue();
        if (v === undefined || v === '') return usageError('--rule needs a rule id', "Run 'hotpath rules' to list them.");
        args.rules.push(...v.split(',').map((s) => s.trim()).filter(Boolean));
        break;
      }
      case '--fail-on': {
        const v = takeValue();
        if (v === undefined) return usageError('--fail-on needs a severity: info, warning or error', checkHint);
        if (!(severities as readonly string[]).includes(v)) return usageError(`unknown severity '${v}' for --fail-on (use info, warning or error)`, checkHint);
        args.failOn = v as Severity;
        break;
      }
      default:
        return usageError(`unknown option '${name}'`, checkHint);
    }
  }
  return args;
}
