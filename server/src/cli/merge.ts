/**
 * `hotpath merge a.json b.json …`: combine the reports of `--shard` runs into one, in the format
 * they were written in (all JSON or all SARIF). Shards are disjoint, but a finding that appears
 * twice (a shard re-run, overlapping paths) is kept once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MergeArgs } from './args';
import { formatJson, type JsonReportFinding } from './format-json';
import { type CliIO, exitOk, printUsageError } from './io';
import { readJsonFile } from './read-json';
import { compareReported } from './report';

interface SarifRule {
  id: string;
}
interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number; startColumn?: number } } }[];
  partialFingerprints?: Record<string, string>;
  message?: { text?: string };
}
interface SarifRun {
  tool: { driver: { rules?: SarifRule[] } & Record<string, unknown> };
  results?: SarifResult[];
  invocations?: { executionSuccessful?: boolean; toolExecutionNotifications?: unknown[] }[];
  [key: string]: unknown;
}
interface SarifLogIn {
  $schema?: string;
  version: '2.1.0';
  runs: SarifRun[];
}

type Input = { kind: 'json'; findings: JsonReportFinding[] } | { kind: 'sarif'; log: SarifLogIn };

function classify(data: unknown): Input | string {
  const d = data as Record<string, unknown> | null;
  if (typeof d !== 'object' || d === null) return 'not a Hotpath JSON or SARIF report';
  if (d.version === 1 && Array.isArray(d.findings)) {
    const bad = d.findings.findIndex((f: unknown) => {
      const x = f as Partial<JsonReportFinding> | null;
      return typeof x !== 'object' || x === null || typeof x.rule !== 'string' || typeof x.file !== 'string' || typeof x.line !== 'number';
    });
    if (bad !== -1) return `finding ${bad + 1} lacks rule, file or line`;
    return { kind: 'json', findings: d.findings as JsonReportFinding[] };
  }
  if (d.version === '2.1.0' && Array.isArray(d.runs)) {
    const bad = (d.runs as unknown[]).findIndex((r) => typeof (r as SarifRun | null)?.tool?.driver !== 'object');
    if (bad !== -1) return `run ${bad + 1} has no tool.driver`;
    return { kind: 'sarif', log: d as unknown as SarifLogIn };
  }
  return "not a Hotpath JSON report (version 1) or a SARIF 2.1.0 log; write shard reports with 'hotpath check --format json' or '--format sarif'";
}

export function mergeJson(reports: readonly JsonReportFinding[][]): string {
  const seen = new Set<string>();
  const all: JsonReportFinding[] = [];
  for (const f of reports.flat()) {
    const key = JSON.stringify([f.rule, f.file, f.line, f.column, f.endLine, f.endColumn, f.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(f);
  }
  // compareReported reads only file, line, column and rule, which both shapes have.
  all.sort((a, b) => compareReported(a as never, b as never));
  return formatJson(all);
}

function resultKey(r: SarifResult): string {
  const loc = r.locations?.[0]?.physicalLocation;
  return JSON.stringify([r.ruleId, loc?.artifactLocation?.uri, loc?.region?.startLine, loc?.region?.startColumn, r.partialFingerprints, r.message?.text]);
}

function compareResults(a: SarifResult, b: SarifResult): number {
  const la = a.locations?.[0]?.physicalLocation;
  const lb = b.locations?.[0]?.physicalLocation;
  const ua = la?.artifactLocation?.uri ?? '';
  const ub = lb?.artifactLocation?.uri ?? '';
  if (ua !== ub) return ua < ub ? -1 : 1;
  return (la?.region?.startLine ?? 0) - (lb?.region?.startLine ?? 0) || (la?.region?.startColumn ?? 0) - (lb?.region?.startColumn ?? 0);
}

/** All runs of all logs into one run: rules united by id (ruleIndex recomputed), results and notifications concatenated. */
export function mergeSarif(logs: readonly SarifLogIn[]): string {
  const runs = logs.flatMap((l) => l.runs);
  const first = runs[0];
  const rules = new Map<string, SarifRule>();
  for (const run of runs) for (const r of run.tool.driver.rules ?? []) if (!rules.has(r.id)) rules.set(r.id, r);
  const sortedRules = [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(sortedRules.map((r, i) => [r.id, i]));
  const seen = new Set<string>();
  const results: SarifResult[] = [];
  for (const run of runs) {
    for (const r of run.results ?? []) {
      const key = resultKey(r);
      if (seen.has(key)) continue;
      seen.add(key);
      const ruleIndex = r.ruleId !== undefined ? index.get(r.ruleId) : undefined;
      const { ruleIndex: _old, ...rest } = r;
      results.push(ruleIndex !== undefined ? { ...rest, ruleIndex } : rest);
    }
  }
  results.sort(compareResults);
  const invocations = runs.flatMap((r) => r.invocations ?? []);
  const merged: SarifLogIn = {
    ...(logs[0]?.$schema !== undefined ? { $schema: logs[0].$schema } : {}),
    version: '2.1.0',
    runs: first
      ? [
          {
            ...first,
            tool: { ...first.tool, driver: { ...first.tool.driver, rules: sortedRules } },
            ...(invocations.length > 0
              ? {
                  invocations: [
                    {
                      executionSuccessful: invocations.every((i) => i.executionSuccessful !== false),
                      toolExecutionNotifications: invocations.flatMap((i) => i.toolExecutionNotifications ?? []),
                    },
                  ],
                }
              : {}),
            results,
          },
        ]
      : [],
  };
  return JSON.stringify(merged, null, 2) + '\n';
}

export function runMerge(args: MergeArgs, io: CliIO): number {
  const inputs: Input[] = [];
  for (const file of args.inputs) {
    const read = readJsonFile(path.resolve(io.cwd, file));
    const input = 'error' in read ? read.error : classify(read.data);
    if (typeof input === 'string') return printUsageError(io, `${file}: ${input}`, 'Give the JSON or SARIF reports written by hotpath check.');
    if (inputs[0] && inputs[0].kind !== input.kind) {
      return printUsageError(io, `${file} is ${input.kind.toUpperCase()} but ${args.inputs[0]} is ${inputs[0].kind.toUpperCase()}`, 'Merge reports of one format at a time.');
    }
    inputs.push(input);
  }
  const out =
    inputs[0]!.kind === 'json'
      ? mergeJson(inputs.map((i) => (i.kind === 'json' ? i.findings : [])))
      : mergeSarif(inputs.map((i) => (i.kind === 'sarif' ? i.log : { version: '2.1.0', runs: [] })));
  if (args.output !== undefined) {
    const dest = path.resolve(io.cwd, args.output);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, out);
  } else {
    io.stdout(out);
  }
  return exitOk;
}
