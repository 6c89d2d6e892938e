/**
 * The evaluation set: public apps nobody tuned the rules on, hand-labelled. One file per app and
 * rule, `scripts/eval/labels/<app>.<rule>.json`, so two people labelling one app for different
 * rules never edit the same file. The format is documented in scripts/eval/README.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Verdict = 'problem' | 'trap' | 'debatable';
/** `reading`: found by reading the code, before looking at findings; only these count for recall. */
export type LabelSource = 'reading' | 'finding';

export interface Label {
  file: string;
  /** 1-based; a pair is an inclusive range. */
  line: number | [number, number];
  verdict: Verdict;
  source: LabelSource;
  why: string;
}

export interface LabelFile {
  app: string;
  repo: string;
  commit: string;
  split: 'tune' | 'holdout';
  rule: string;
  /** The folder `hotpath check` runs on, relative to the checkout's top (default: the top). */
  root: string;
  scope: string;
  /**
   * Folders (relative to the checkout's top) that install.ts installs dependencies in, when the
   * default (the nearest lockfile at or above `root`, else those below it) is not the app's.
   */
  install?: string[];
  /** Why the app moved between splits, or anything a scorer of it should know. */
  note?: string;
  labels: Label[];
  /** Where it was read from, for messages. */
  path: string;
}

const verdicts: readonly Verdict[] = ['problem', 'trap', 'debatable'];

export const labelsDir = path.join(__dirname, 'labels');
/**
 * Where apps are checked out: outside this repository, whose node_modules (lodash, moment …) an
 * app inside it would resolve its imports to, so heavy-import would measure packages the app never
 * installed. HOTPATH_EVAL_WORK or --work moves it.
 */
export const workDir = process.env.HOTPATH_EVAL_WORK ?? path.join(os.tmpdir(), 'hotpath-eval');

/** checkout.ts writes the commit a checkout holds here, in the checkout's root. */
export const checkoutStampName = '.eval-commit';

/** The commit `checkout.ts` put in `dir`, if it says. */
export function checkedOutAt(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, checkoutStampName), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Every label file in `dir`, validated; a malformed file throws with its name and what is wrong. */
export function readLabelFiles(dir = labelsDir): LabelFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseLabelFile(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** Whether `--app`, `--rule` and `--split` select `f` (an option not given selects every file); install.ts and score.ts select alike. */
export function selectedBy(o: { apps?: string[]; rule?: string; split?: string }, f: LabelFile): boolean {
  return (!o.apps || o.apps.includes(f.app)) && (!o.rule || f.rule === o.rule) && (!o.split || f.split === o.split);
}

export function parseLabelFile(file: string, text: string): LabelFile {
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(`not JSON (${(e as Error).message})`);
  }
  const d = data as Record<string, unknown>;
  const str = (key: string): string => (typeof d[key] === 'string' && d[key] !== '' ? (d[key] as string) : fail(`"${key}" must be a non-empty string`));
  const app = str('app');
  const rule = str('rule');
  const expected = `${app}.${rule}.json`;
  if (path.basename(file) !== expected) fail(`the file for app "${app}" and rule "${rule}" must be named ${expected}`);
  const commit = str('commit');
  if (!/^[0-9a-f]{40}$/.test(commit)) fail('"commit" must be a full 40-hex sha');
  const split = str('split');
  if (split !== 'tune' && split !== 'holdout') fail('"split" must be "tune" or "holdout"');
  if (!Array.isArray(d.labels)) fail('"labels" must be an array');
  const install = d.install;
  if (install !== undefined && !(Array.isArray(install) && install.every((x) => typeof x === 'string' && x !== '' && !path.isAbsolute(x)))) {
    fail('"install" must be a list of folders relative to the checkout\'s top');
  }
  const labels = (d.labels as unknown[]).map((x, i): Label => {
    const l = x as Record<string, unknown>;
    const where = `labels[${i}]`;
    if (typeof l.file !== 'string' || l.file === '' || path.isAbsolute(l.file)) fail(`${where}.file must be a path relative to the checkout's top`);
    const line = l.line;
    const okLine = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
    if (!(okLine(line) || (Array.isArray(line) && line.length === 2 && okLine(line[0]) && okLine(line[1]) && line[0] <= line[1]))) {
      fail(`${where}.line must be a 1-based line or [start, end]`);
    }
    if (!verdicts.includes(l.verdict as Verdict)) fail(`${where}.verdict must be one of ${verdicts.join(', ')}`);
    const source = l.source ?? 'reading';
    if (source !== 'reading' && source !== 'finding') fail(`${where}.source must be "reading" or "finding"`);
    if (typeof l.why !== 'string' || l.why.trim() === '') fail(`${where}.why must say why`);
    return { file: l.file as string, line: line as Label['line'], verdict: l.verdict as Verdict, source: source as LabelSource, why: l.why as string };
  });
  return {
    app,
    repo: str('repo'),
    commit,
    split: split as LabelFile['split'],
    rule,
    root: typeof d.root === 'string' && d.root !== '' ? d.root : '.',
    scope: typeof d.scope === 'string' ? d.scope : '',
    ...(install ? { install: install as string[] } : {}),
    ...(typeof d.note === 'string' ? { note: d.note } : {}),
    labels,
    path: file,
  };
}
