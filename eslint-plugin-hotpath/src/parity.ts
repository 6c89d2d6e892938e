/**
 * Parity of the front ends: `hotpath check` and ESLint with this plugin must report the same
 * findings (rule, file, line, column) on the same files. Used by the always-run test on the
 * fixture workspaces, `scripts/eslint-parity.ts` and the benchmark's corpus run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Located {
  rule: string;
  /** Relative to the folder both tools ran in, forward slashes. */
  file: string;
  line: number;
  column: number;
}

export interface ParityReport {
  matched: number;
  onlyHotpath: Located[];
  onlyEslint: Located[];
  /** Files ESLint's parser could not read (ESLint runs no rule on them). */
  unparsed: { file: string; message: string }[];
}

/** `hotpath check --format json` output. */
export function fromHotpathJson(stdout: string): Located[] {
  const report = JSON.parse(stdout) as { findings: { rule: string; file: string; line: number; column: number }[] };
  return report.findings.map(({ rule, file, line, column }) => ({ rule, file, line, column }));
}

interface EslintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; fatal?: boolean; message: string }[];
}

/** `eslint --format json` output (or the Node API's results): the plugin's messages, and the files ESLint could not parse. */
export function fromEslintResults(results: readonly EslintResult[], cwd: string): { findings: Located[]; unparsed: ParityReport['unparsed'] } {
  const findings: Located[] = [];
  const unparsed: ParityReport['unparsed'] = [];
  for (const r of results) {
    const file = path.relative(cwd, r.filePath).replace(/\\/g, '/');
    for (const m of r.messages) {
      if (m.fatal) unparsed.push({ file, message: m.message });
      else if (m.ruleId?.startsWith('hotpath/')) findings.push({ rule: m.ruleId.slice('hotpath/'.length), file, line: m.line, column: m.column });
    }
  }
  return { findings, unparsed };
}

export function key(l: Located): string {
  return `${l.file}:${l.line}:${l.column} ${l.rule}`;
}

/**
 * Compare as multisets (one line can hold two findings of a rule). A file ESLint could not parse
 * holds no ESLint findings by design; Hotpath's findings there are listed apart, not as a difference.
 */
export function compareFindings(hotpath: readonly Located[], eslint: readonly Located[], unparsed: ParityReport['unparsed'] = []): ParityReport {
  const unparsedFiles = new Set(unparsed.map((u) => u.file));
  const left = new Map<string, number>();
  for (const h of hotpath) if (!unparsedFiles.has(h.file)) left.set(key(h), (left.get(key(h)) ?? 0) + 1);
  const onlyEslint: Located[] = [];
  let matched = 0;
  for (const e of eslint) {
    const n = left.get(key(e)) ?? 0;
    if (n > 0) {
      left.set(key(e), n - 1);
      matched++;
    } else onlyEslint.push(e);
  }
  const onlyHotpath = hotpath.filter((h) => {
    if (unparsedFiles.has(h.file)) return false;
    const n = left.get(key(h)) ?? 0;
    if (n === 0) return false;
    left.set(key(h), n - 1);
    return true;
  });
  return { matched, onlyHotpath, onlyEslint, unparsed };
}

/**
 * An eslint.config.mjs that runs the plugin's recommended config on JavaScript and TypeScript.
 * With `tsParser` (a module specifier of typescript-eslint's parser), TypeScript goes through it
 * and, with `everyFile`, JavaScript too (the plugin then analyses that parser's tree of every
 * file); JavaScript otherwise goes through ESLint's own parser, espree, and the engine parses the
 * files its rules need again. Without `tsParser` espree reads everything (it reads no TypeScript).
 * `withholdTree` hides typescript-eslint's tree from the plugin, which then parses every file it
 * analyses again: what reusing the tree saves, measured with everything else the same.
 */
export function parityConfigText(plugin: string, tsParser?: string, everyFile = false, withholdTree = false): string {
  const espree = "languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } }";
  const typescript = "languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } }";
  return [
    `import hotpath from ${JSON.stringify(plugin)};`,
    tsParser ? `import ${withholdTree ? 'realParser' : 'tsParser'} from ${JSON.stringify(tsParser)};` : '',
    tsParser && withholdTree
      ? "const tsParser = { meta: { name: 'typescript-eslint-without-tree' }, parseForESLint(code, options) { const r = realParser.parseForESLint(code, options); return { ...r, services: { ...r.services, esTreeNodeToTSNodeMap: undefined } }; } };"
      : '',
    'export default [',
    `  { files: ['**/*.{js,mjs,cjs,jsx}'], ${tsParser && everyFile ? typescript : espree} },`,
    `  { files: ['**/*.{ts,mts,cts,tsx}'], ${tsParser ? typescript : espree} },`,
    // A file's own `eslint-disable` comments would hide findings the CLI reports: not what is compared.
    "  { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },",
    '  hotpath.configs.recommended,',
    '];',
    '',
  ].join('\n');
}

export interface ParityRun {
  /** The folder both tools run in, on `.`. */
  folder: string;
  /** bin/hotpath.js */
  hotpathBin: string;
  /** eslint/bin/eslint.js */
  eslintBin: string;
  /** What `parityConfigText` imports: the plugin and typescript-eslint's parser (absent: espree). */
  plugin: string;
  tsParser?: string;
  /** Extra `--ignore-pattern`s for ESLint: files Hotpath's discovery skips (minified builds). */
  ignore?: string[];
  env?: NodeJS.ProcessEnv;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv | undefined): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: env ?? process.env, maxBuffer: 1024 * 1024 * 1024 });
  // Both exit 1 when they report something.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${path.basename(args[0]!)} failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-2000)}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Run `hotpath check` and ESLint with the plugin on `folder` and compare what they report. */
export function runParity(o: ParityRun): ParityReport & { hotpath: Located[]; eslint: Located[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-parity-'));
  try {
    const config = path.join(dir, 'eslint.config.mjs');
    fs.writeFileSync(config, parityConfigText(o.plugin, o.tsParser));
    const check = run([o.hotpathBin, 'check', '.', '--format', 'json', '--no-progress', '--verbose'], o.folder, o.env);
    const hotpath = fromHotpathJson(check.stdout);
    // Files Hotpath's discovery skips (minified builds …) are not given to ESLint either.
    const skipped = [...check.stderr.matchAll(/^skipped (.+): .+$/gm)].map((m) => m[1]!);
    const ignores = [...skipped, ...(o.ignore ?? [])].flatMap((p) => ['--ignore-pattern', p]);
    const { stdout } = run([o.eslintBin, '--config', config, '--format', 'json', '--no-warn-ignored', ...ignores, '.'], o.folder, o.env);
    const eslint = fromEslintResults(JSON.parse(stdout) as EslintResult[], o.folder);
    return { ...compareFindings(hotpath, eslint.findings, eslint.unparsed), hotpath, eslint: eslint.findings };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
