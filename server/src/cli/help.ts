/** Help texts and the version, printed by `hotpath --help`, `hotpath check --help`, `hotpath --version`. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const mainHelp = `Usage: hotpath <command> [options]

Finds performance problems in JavaScript and TypeScript web apps.

Commands:
  check [paths...]   Analyze files and folders (default: the current folder)
  rules              List the rules with their default severity

Options:
  -h, --help         Show help (also 'hotpath check --help')
  -v, --version      Show the version
`;

export const checkHelp = `Usage: hotpath check [paths...] [options]

Analyzes the given files and folders (default: the current folder). Folders are walked
honouring .gitignore; node_modules and build output are skipped. Settings come from the
nearest .hotpathrc.json above the current folder.

Options:
  --format <text|json>             Output format (default: text)
  --rule <id>                      Run only this rule; repeat or separate with commas
  --fail-on <info|warning|error>   Exit 1 when a finding has at least this severity (default: warning)
  --verbose                        Print skipped files and timing on stderr
  -h, --help                       Show this help

Exit status: 0 no findings at or above --fail-on, 1 there are some, 2 usage error.
`;

export const rulesHelp = `Usage: hotpath rules

Lists every rule: its id, default severity and what it finds.
`;

/** The version in the package.json of the extension (dist/cli.js and the sources sit below it). */
export function readVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hotpath' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here (or not ours): keep looking upwards.
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
