/**
 * Pull the editor's settings for every workspace folder (`workspace/configuration`, scoped to
 * the folder) and merge each over the folder's `.hotpathrc.json`. Clients without pull support,
 * or a failing pull, fall back to the settings pushed with didChangeConfiguration.
 */
import type { HotpathSettings } from '../../../shared/protocol';
import type { LoadedConfig } from '../engine/config';
import { filesExcludeGlobs, folderSettings, readHotpathSettings, type FolderSettings } from './settings';
import { pathToUri } from './uri';

export interface ConfigurationItem {
  section: string;
  scopeUri?: string;
}

export interface SettingsSource {
  /** Undefined when the client cannot answer `workspace/configuration`. */
  pull?: (items: ConfigurationItem[]) => Promise<unknown[]>;
  /** The `hotpath` section last pushed by the client (initializationOptions or didChangeConfiguration). */
  pushed: unknown;
  loadRc: (root: string) => LoadedConfig;
  log: (message: string) => void;
}

export interface LoadedSettings {
  folders: FolderSettings[];
  /** For files outside every folder. */
  fallback: FolderSettings;
}

interface EditorSettings {
  settings: HotpathSettings;
  filesExclude: string[];
}

async function editorSettings(roots: readonly string[], source: SettingsSource, problems: string[]): Promise<EditorSettings[]> {
  const scopes = roots.length > 0 ? roots.map(pathToUri) : [undefined];
  if (source.pull) {
    const items = scopes.flatMap((scopeUri) => [
      { section: 'hotpath', ...(scopeUri ? { scopeUri } : {}) },
      { section: 'files', ...(scopeUri ? { scopeUri } : {}) },
    ]);
    try {
      const values = await source.pull(items);
      return scopes.map((_, i) => ({ settings: readHotpathSettings(values[2 * i], problems), filesExclude: filesExcludeGlobs(values[2 * i + 1]) }));
    } catch (err) {
      source.log(`[settings] workspace/configuration failed, using pushed settings: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const pushed = readHotpathSettings(source.pushed, problems);
  return scopes.map(() => ({ settings: pushed, filesExclude: [] }));
}

export async function loadSettings(roots: readonly string[], source: SettingsSource): Promise<LoadedSettings> {
  const problems: string[] = [];
  const perRoot = await editorSettings(roots, source, problems);
  for (const p of new Set(problems)) source.log(`[settings] ${p}`);
  const first = perRoot[0]!;
  const folders = roots.map((root, i) => {
    const rc = source.loadRc(root);
    for (const problem of rc.problems) source.log(`[.hotpathrc.json] ${rc.path ?? root}: ${problem}`);
    const editor = perRoot[i] ?? first;
    return folderSettings(root, editor.settings, editor.filesExclude, rc);
  });
  return { folders, fallback: { root: '', settings: first.settings, exclude: first.filesExclude } };
}
