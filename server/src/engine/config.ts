/**
 * Project configuration from `.hotpathrc.json`, read by the CLI and merged under the editor's
 * settings by the language server. (Placeholder: being written.)
 */
import type { SeveritySetting } from '../../../shared/protocol';

export interface HotpathConfig {
  rules: Record<string, SeveritySetting>;
  exclude: string[];
  maxFileSizeKb: number;
}

export interface LoadedConfig {
  config: Partial<HotpathConfig>;
  /** The file it came from, if any. */
  path?: string;
  /** Problems found in the file (bad JSON, unknown rule, bad severity): shown, never thrown. */
  problems: string[];
}

/** Find `.hotpathrc.json` in `dir` or its ancestors and read it. */
export function loadRcFile(_dir: string): LoadedConfig {
  return { config: {}, problems: [] };
}
