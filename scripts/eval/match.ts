/**
 * Scores one rule's findings on one app against its labels. Pure: no files, no processes, so the
 * arithmetic is tested on its own (score.test.ts).
 *
 * A finding matches a label when the rule is the same and the label's file:line is the finding's
 * own position, one of its related locations, or is named `path:line` in its message (how a
 * cross-file finding points at the call it is about). Its own position wins over the others,
 * unless it is only debatable and another of its locations is a real problem: one loop's finding
 * anchored on a call that may be fine still reports the loop's real N+1 among its calls.
 *
 * A trap counts as flagged when a finding judged false matches it: a finding judged true or
 * debatable that lists a harmless call among its related locations is still right where it is
 * anchored, and is one Problems-panel entry, not a false alarm on the trap.
 */
import type { Label, LabelFile } from './labels';

export interface EvalFinding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  message: string;
  related?: { file: string; line: number }[];
}

export type Judgement = 'true' | 'false' | 'debatable' | 'unjudged';

export interface JudgedFinding {
  finding: EvalFinding;
  judgement: Judgement;
  label?: Label;
}

export interface Score {
  /** Labelled real problems found by reading (recall's denominator) and how many the rule found. */
  problems: number;
  found: number;
  missed: Label[];
  findings: number;
  /** Findings at warning or error severity: what the precision goal is about. */
  warnings: number;
  true: number;
  false: number;
  debatable: number;
  unjudged: number;
  /** The same counts for warnings and errors only. */
  warningTrue: number;
  warningFalse: number;
  /**
   * Distinct problems (any source) that at least one finding matched, and trap labels matched.
   * Problem labels one finding matches together (the per-item calls of one loop, reported as one
   * finding with the others as related locations) count as one problem: that finding is one
   * Problems-panel entry for them, so "per problem" stays true findings per entry a user needs.
   */
  distinctProblems: number;
  traps: number;
  trapsFlagged: number;
  judged: JudgedFinding[];
}

function inRange(label: Label, line: number): boolean {
  return Array.isArray(label.line) ? line >= label.line[0] && line <= label.line[1] : line === label.line;
}

const named = /((?:[\w@.-]+\/)*[\w@.-]+\.[cm]?[jt]sx?|[\w@.-]+\.(?:vue|svelte|html|css|less|scss)):(\d+)/g;

/** `path:line` pairs named in a message, paths with any leading `../` and `./` removed. */
export function namedLocations(message: string): { file: string; line: number }[] {
  const out: { file: string; line: number }[] = [];
  for (const m of message.matchAll(named)) out.push({ file: m[1]!.replace(/^(\.\.?\/)+/, ''), line: Number(m[2]) });
  return out;
}

function sameFile(labelFile: string, file: string): boolean {
  const norm = file.replace(/^(\.\.?\/)+/, '');
  return labelFile === norm || labelFile.endsWith('/' + norm);
}

/** The labels a finding is about, its own position first. */
function labelsOf(f: EvalFinding, labels: readonly Label[]): Label[] {
  const at = (file: string, line: number) => labels.filter((l) => sameFile(l.file, file) && inRange(l, line));
  const own = at(f.file, f.line);
  const others = [...(f.related ?? []), ...namedLocations(f.message)].flatMap((r) => at(r.file, r.line));
  return [...own, ...others];
}

const byVerdict: Record<Label['verdict'], Judgement> = { problem: 'true', trap: 'false', debatable: 'debatable' };

export function judge(f: EvalFinding, labels: readonly Label[]): JudgedFinding {
  const label = judgingLabel(f, labelsOf(f, labels));
  return { finding: f, judgement: label ? byVerdict[label.verdict] : 'unjudged', label };
}

/**
 * Own-position labels come first, a trap or a problem there deciding; a debatable one there, or
 * none, gives way to a real problem among the other locations (a trap among them does not).
 */
function judgingLabel(f: EvalFinding, matched: readonly Label[]): Label | undefined {
  const first = matched[0];
  if (!first) return undefined;
  const own = sameFile(first.file, f.file) && inRange(first, f.line);
  if (own && first.verdict !== 'debatable') return first;
  return matched.find((l) => l.verdict === 'problem') ?? first;
}

export function scoreApp(file: Pick<LabelFile, 'rule' | 'labels'>, allFindings: readonly EvalFinding[]): Score {
  const findings = allFindings.filter((f) => f.rule === file.rule);
  const judged = findings.map((f) => judge(f, file.labels));
  const hit = new Set<Label>();
  const trapsHit = new Set<Label>();
  for (const j of judged) {
    for (const l of labelsOf(j.finding, file.labels)) {
      hit.add(l);
      if (j.judgement === 'false' && l.verdict === 'trap') trapsHit.add(l);
    }
  }
  const problemsByReading = file.labels.filter((l) => l.verdict === 'problem' && l.source === 'reading');
  const count = (j: Judgement, list = judged) => list.filter((x) => x.judgement === j).length;
  const warningsJudged = judged.filter((x) => x.finding.severity !== 'info');
  return {
    problems: problemsByReading.length,
    found: problemsByReading.filter((l) => hit.has(l)).length,
    missed: problemsByReading.filter((l) => !hit.has(l)),
    findings: findings.length,
    warnings: warningsJudged.length,
    true: count('true'),
    false: count('false'),
    debatable: count('debatable'),
    unjudged: count('unjudged'),
    warningTrue: count('true', warningsJudged),
    warningFalse: count('false', warningsJudged),
    distinctProblems: problemGroups(findings, file.labels),
    traps: file.labels.filter((l) => l.verdict === 'trap').length,
    trapsFlagged: file.labels.filter((l) => trapsHit.has(l)).length,
    judged,
  };
}

/** How many groups the matched problem labels form, labels matched by one finding joining one group. */
function problemGroups(findings: readonly EvalFinding[], labels: readonly Label[]): number {
  const parent = new Map<Label, Label>();
  const root = (l: Label): Label => {
    let r = l;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(l, r);
    return r;
  };
  for (const f of findings) {
    const problems = [...new Set(labelsOf(f, labels).filter((l) => l.verdict === 'problem'))];
    for (const l of problems) if (!parent.has(l)) parent.set(l, l);
    for (const l of problems.slice(1)) parent.set(root(l), root(problems[0]!));
  }
  return new Set([...parent.keys()].map(root)).size;
}

type Counts = Omit<Score, 'missed' | 'judged'>;

/** Adds scores up (apps of one split, one rule). */
export function sumScores(scores: readonly Score[]): Counts {
  const keys = ['problems', 'found', 'findings', 'warnings', 'true', 'false', 'debatable', 'unjudged', 'warningTrue', 'warningFalse', 'distinctProblems', 'traps', 'trapsFlagged'] as const;
  const total = Object.fromEntries(keys.map((k) => [k, 0])) as Counts;
  for (const s of scores) for (const k of keys) total[k] += s[k];
  return total;
}

export interface Ratios {
  recall: number | undefined;
  /** true / (true + false) over every finding, and over warnings and errors only. */
  precision: number | undefined;
  warningPrecision: number | undefined;
  /** Debatable findings as a share of every judged finding. */
  debatableShare: number | undefined;
  /** True findings per distinct real problem found. */
  perProblem: number | undefined;
}

const ratio = (a: number, b: number) => (b === 0 ? undefined : a / b);

export function ratios(c: Counts): Ratios {
  return {
    recall: ratio(c.found, c.problems),
    precision: ratio(c.true, c.true + c.false),
    warningPrecision: ratio(c.warningTrue, c.warningTrue + c.warningFalse),
    debatableShare: ratio(c.debatable, c.true + c.false + c.debatable),
    perProblem: ratio(c.true, c.distinctProblems),
  };
}
