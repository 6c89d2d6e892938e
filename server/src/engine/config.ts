/**
 * Project configuration from `.hotpathrc.json`, read by the CLI and merged under the editor's
 * settings by the language server.
 *
 * A bad file must not stop a scan: every problem is collected as a message and the valid parts
 * are kept. Unknown top-level keys are kept silently, so a file written for a newer Hotpath
 * (with keys this version does not know yet) still works.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeveritySetting } from '../../../shared/protocol';
import { parseDataAccess } from '../analysis/data-access-config';
import type { DataAccessEntry } from '../analysis/data-access';
import { rules as registeredRules } from '../rules/index';
import { checkImportCostKeys } from '../bundle-cost/rc-keys';
import { findJsonSyntaxError } from './json-error';

export interface HotpathConfig {
  rules: Record<string, SeveritySetting>;
  exclude: string[];
  maxFileSizeKb: number;
  /** Extra rows for n-plus-one's data-access catalogue (read by the rule from the file itself). */
  dataAccess: DataAccessEntry[];
}

export interface LoadedConfig {
  config: Partial<HotpathConfig>;
  /** The file it came from, if any. */
  path?: string;
  /** Problems found in the file (bad JSON, unknown rule, bad severity): shown, never thrown. */
  problems: string[];
}

export const rcFileName = '.hotpathrc.json';

const severitySettings: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

/** Find `.hotpathrc.json` in `dir` or its ancestors and read it. */
export function loadRcFile(dir: string, knownRuleIds: readonly string[] = registeredRules.map((r) => r.meta.id)): LoadedConfig {
  const file = findRcFile(dir);
  if (!file) return { config: {}, problems: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { config: {}, path: file, problems: [`cannot read the file: ${(err as Error).message}`] };
  }
  return { ...parseRcText(text, knownRuleIds), path: file };
}

/** The nearest `.hotpathrc.json` from `dir` up to the filesystem root. */
export function findRcFile(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const candidate = path.join(d, rcFileName);
    try {
      if (fs.statSync(candidate).isFile()) return candidate.replace(/\\/g, '/');
    } catch {
      // Not here: look one folder up.
    }
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

/** Parse and validate the text of a `.hotpathrc.json`. */
export function parseRcText(text: string, knownRuleIds: readonly string[]): Omit<LoadedConfig, 'path'> {
  const problems: string[] = [];
  let raw: unknown;
  // A UTF-8 byte order mark is legal in a file but not in JSON.parse.
  text = text.replace(/^\uFEFF/, '');
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { config: {}, problems: [jsonErrorMessage(text, err)] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config: {}, problems: ['the file must hold a JSON object, like {"rules": {}}'] };
  }
  const obj = raw as Record<string, unknown>;
  const config: Partial<HotpathConfig> = {};

  if ('rules' in obj) {
    const rules = readRules(obj.rules, knownRuleIds, problems);
    if (rules) config.rules = rules;
  }
  if ('exclude' in obj) {
    if (Array.isArray(obj.exclude)) {
      config.exclude = obj.exclude.filter((p, i): p is string => {
        if (typeof p === 'string') return true;
        problems.push(`"exclude"[${i}] must be a glob pattern string (ignored)`);
        return false;
      });
    } else {
      problems.push('"exclude" must be an array of glob patterns, like ["**/legacy/**"] (ignored)');
    }
  }
  if ('maxFileSizeKb' in obj) {
    const v = obj.maxFileSizeKb;
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) config.maxFileSizeKb = v;
    else problems.push(`"maxFileSizeKb" must be a positive number of kilobytes, not ${JSON.stringify(v)} (ignored)`);
  }
  if ('dataAccess' in obj) {
    const rows = parseDataAccess(obj.dataAccess, problems);
    if (rows.length > 0) config.dataAccess = rows;
  }
  // image-dimensions reads "sizedImageClasses" itself (through the Project); here it is only checked.
  if ('sizedImageClasses' in obj) {
    const v = obj.sizedImageClasses;
    if (!Array.isArray(v) || v.some((c) => typeof c !== 'string')) problems.push('"sizedImageClasses" must be an array of class names, like ["icon"] (ignored)');
  }
  // heavy-import reads its keys itself (through the Project, per file); here they are only checked.
  checkImportCostKeys(obj, problems);
  return { config, problems };
}

function readRules(value: unknown, knownRuleIds: readonly string[], problems: string[]): Record<string, SeveritySetting> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push('"rules" must be an object mapping rule ids to "off", "info", "warning" or "error" (ignored)');
    return undefined;
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const [id, setting] of Object.entries(value)) {
    if (!knownRuleIds.includes(id)) {
      problems.push(`unknown rule "${id}" in "rules" (ignored)`);
    } else if (typeof setting !== 'string' || !(severitySettings as readonly string[]).includes(setting)) {
      problems.push(`rule "${id}": ${JSON.stringify(setting)} is not one of "off", "info", "warning", "error" (ignored)`);
    } else {
      rules[id] = setting as SeveritySetting;
    }
  }
  return rules;
}

/** "invalid JSON at line 3, column 5: trailing comma before '}'". */
function jsonErrorMessage(text: string, err: unknown): string {
  const located = findJsonSyntaxError(text);
  if (located) return `invalid JSON at line ${located.line}, column ${located.column}: ${located.message}`;
  return `invalid JSON: ${err instanceof Error ? err.message : String(err)}`;
}
