/** Help texts and the version, printed by `hotpath --help`, `hotpath check --help`, `hotpath --version`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultBaselineFile, type HelpTopic } from './args';
import { maxFixPasses } from './fix-limits';

export const mainHelp = `Usage: hotpath <command> [options]

Finds performance problems in JavaScript and TypeScript web apps.

Commands:
  check [paths...]      Analyze files and folders (default: the current folder)
  baseline [paths...]   Record the current findings, so 'check --baseline' reports only new ones
  fix [paths...]        Apply every safe preferred fix (--dry-run shows a diff instead)
  merge <reports...>    Combine the JSON or SARIF reports of --shard runs into one
  rules                 List the rules with their default severity

Options:
  -h, --help            Show help (also 'hotpath check --help' and so on)
  -v, --version         Show the version
`;

const fileOptions = `  --rule <id>                      Run only this rule; repeat or separate with commas
  --changed-since <ref>            Only files changed since a git commit, branch or tag (and untracked files)
  --shard <i/n>                    Only the i-th of n deterministic slices of the files (CI matrices)
  --no-progress                    No progress line (it is only drawn when stderr is a terminal)
  --verbose                        Print skipped files and timing on stderr
  -h, --help                       Show this help`;

export const checkHelp = `Usage: hotpath check [paths...] [options]

Analyzes the given files and folders (default: the current folder). Folders are walked
honouring .gitignore; node_modules and build output are skipped. Settings come from the
nearest .hotpathrc.json above the current folder. Findings are reported in the given files only,
but the rest of their package (the nearest folder with a package.json) is read for cross-file
facts: the handlers that reach a helper, the helpers a handler reaches.

Options:
  --format <text|json|sarif>       Output format (default: text); sarif is SARIF 2.1.0 for code scanning
  --output, -o <file>              Write the report to a file instead of stdout
  --fail-on <info|warning|error>   Exit 1 when a finding has at least this severity (default: warning)
  --baseline <file>                Report only findings the baseline (from 'hotpath baseline') does not hold
  --profile <file>                 A CPU profile (.cpuprofile, trace .json, folded stacks; gzip too): sync-in-handler and
                                   n-plus-one messages say when their function took >= 1% of its CPU time
${fileOptions}

Exit status: 0 no findings at or above --fail-on, 1 there are some, 2 usage error.
`;

export const baselineHelp = `Usage: hotpath baseline [paths...] [options]

Records every current finding (rule, file and a fingerprint that survives edits elsewhere in
the file) so that 'hotpath check --baseline <file>' reports only findings added later.

Options:
  --output, -o <file>              Where to write it (default: ${defaultBaselineFile})
${fileOptions}
`;

export const fixHelp = `Usage: hotpath fix [paths...] [options]

Applies every preferred fix that does not overlap another, analyzes again and repeats until
nothing changes (at most ${maxFixPasses} passes), then writes the files.

Options:
  --dry-run                        Write nothing; print a unified diff of the changes (exit 1 if there are any)
${fileOptions}
`;

export const mergeHelp = `Usage: hotpath merge <reports...> [--output <file>]

Combines reports written by 'hotpath check --format json' (or --format sarif) on each shard
of a --shard matrix into one report of the same format, sorted, without duplicates.

Options:
  --output, -o <file>              Write the merged report to a file instead of stdout
  -h, --help                       Show this help
`;

export const rulesHelp = `Usage: hotpath rules

Lists every rule: its id, default severity and what it finds.
`;

export function helpFor(topic: HelpTopic | undefined): string {
  switch (topic) {
    case 'check':
      return checkHelp;
    case 'baseline':
      return baselineHelp;
    case 'fix':
      return fixHelp;
    case 'merge':
      return mergeHelp;
    case 'rules':
      return rulesHelp;
    default:
      return mainHelp;
  }
}

/**
 * The folder of the extension's package.json (dist/cli.js and the sources sit below it), where
 * docs/rules/ is; undefined if it cannot be found.
 */
export function extensionRoot(): string | undefined {
  return ownPackage()?.dir;
}

/** The version in the package.json of the extension. */
export function readVersion(): string {
  return ownPackage()?.version ?? 'unknown';
}

function ownPackage(): { dir: string; version: string } | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hotpath' && typeof pkg.version === 'string') return { dir, version: pkg.version };
    } catch {
      // No package.json here (or not ours): keep looking upwards.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
