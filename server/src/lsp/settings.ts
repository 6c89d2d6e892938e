/**
 * Effective settings per workspace folder: the editor's `hotpath.*` settings merged over the
 * folder's `.hotpathrc.json`, plus `files.exclude`. The editor wins per key; for `rules` the
 * key is the rule id, so a project can turn a rule off and a user can still raise another.
 */
import { defaultSettings, type HotpathSettings, type SeveritySetting } from '../../../shared/protocol';
import type { LoadedConfig } from '../engine/config';

export interface FolderSettings {
  /** Absolute forward-slash path of the workspace folder. */
  root: string;
  settings: HotpathSettings;
  /** Every exclude glob for discovery: `hotpath.exclude`, `files.exclude`, rc "exclude". */
  exclude: string[];
}

const severities: readonly string[] = ['off', 'info', 'warning', 'error'];

/** Longer than this, diagnostics would look broken rather than calm (a setting typo such as 150000). */
export const maxDebounceMs = 10_000;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The `hotpath` section as the client sent it, with anything malformed dropped (and said). */
export function readHotpathSettings(raw: unknown, problems: string[] = []): HotpathSettings {
  const out: HotpathSettings = { rules: {}, exclude: [...defaultSettings.exclude], maxFileSizeKb: defaultSettings.maxFileSizeKb };
  if (!isRecord(raw)) return out;
  if (isRecord(raw.rules)) {
    for (const [id, value] of Object.entries(raw.rules)) {
      if (typeof value === 'string' && severities.includes(value)) out.rules[id] = value as SeveritySetting;
      else problems.push(`hotpath.rules.${id}: expected one of ${severities.join(', ')}`);
    }
  }
  if (Array.isArray(raw.exclude)) out.exclude = raw.exclude.filter((g): g is string => typeof g === 'string');
  if (Array.isArray(raw.sizedImageClasses)) out.sizedImageClasses = raw.sizedImageClasses.filter((c): c is string => typeof c === 'string');
  else if (raw.sizedImageClasses !== undefined) problems.push('hotpath.sizedImageClasses: expected an array of class names');
  if (typeof raw.importBudgetKb === 'number' && Number.isFinite(raw.importBudgetKb) && raw.importBudgetKb >= 0) out.importBudgetKb = raw.importBudgetKb;
  else if (raw.importBudgetKb !== undefined) problems.push('hotpath.importBudgetKb: expected a number of kB');
  if (typeof raw.debounceMs === 'number' && Number.isFinite(raw.debounceMs) && raw.debounceMs >= 0) out.debounceMs = Math.min(raw.debounceMs, maxDebounceMs);
  else if (raw.debounceMs !== undefined) problems.push('hotpath.debounceMs: expected a number of milliseconds, 0 or more');
  // `importCost` arrives as a nested object from workspace/configuration ({ enabled: false }).
  const importCost = raw.importCost;
  if (isRecord(importCost) && typeof importCost.enabled === 'boolean') out.importCostEnabled = importCost.enabled;
  else if (typeof raw['importCost.enabled'] === 'boolean') out.importCostEnabled = raw['importCost.enabled'] as boolean;
  if (typeof raw.maxFileSizeKb === 'number' && Number.isFinite(raw.maxFileSizeKb) && raw.maxFileSizeKb > 0) {
    out.maxFileSizeKb = raw.maxFileSizeKb;
  } else if (raw.maxFileSizeKb !== undefined) {
    problems.push('hotpath.maxFileSizeKb: expected a positive number');
  }
  return out;
}

/** `files.exclude` is a map glob → boolean (or a `when` clause object); only `true` excludes. */
export function filesExcludeGlobs(raw: unknown): string[] {
  if (!isRecord(raw)) return [];
  const exclude = isRecord(raw.exclude) ? raw.exclude : raw;
  return Object.entries(exclude).filter(([, v]) => v === true).map(([k]) => k);
}

/**
 * Editor settings over the rc file. `workspace/configuration` returns defaults for keys the user
 * never set, so a default `maxFileSizeKb` does not override the rc file's value.
 */
export function mergeSettings(editor: HotpathSettings, rc: LoadedConfig['config']): HotpathSettings {
  const maxFileSizeKb =
    editor.maxFileSizeKb !== defaultSettings.maxFileSizeKb || rc.maxFileSizeKb === undefined ? editor.maxFileSizeKb : rc.maxFileSizeKb;
  return {
    rules: { ...(rc.rules ?? {}), ...editor.rules },
    exclude: unique([...(rc.exclude ?? []), ...editor.exclude]),
    maxFileSizeKb,
    ...(editor.sizedImageClasses ? { sizedImageClasses: editor.sizedImageClasses } : {}),
    ...(editor.importBudgetKb !== undefined ? { importBudgetKb: editor.importBudgetKb } : {}),
    ...(editor.importCostEnabled !== undefined ? { importCostEnabled: editor.importCostEnabled } : {}),
    ...(editor.debounceMs !== undefined ? { debounceMs: editor.debounceMs } : {}),
  };
}

export function folderSettings(root: string, editor: HotpathSettings, filesExclude: string[], rc: LoadedConfig): FolderSettings {
  const settings = mergeSettings(editor, rc.config);
  return { root, settings, exclude: unique([...settings.exclude, ...filesExclude]) };
}

/** The folder a file belongs to: the deepest root that contains it. */
export function folderOf<T extends { root: string }>(folders: readonly T[], p: string): T | undefined {
  let best: T | undefined;
  for (const f of folders) {
    const prefix = f.root.endsWith('/') ? f.root : f.root + '/';
    if ((p.startsWith(prefix) || p === f.root) && (!best || f.root.length > best.root.length)) best = f;
  }
  return best;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
