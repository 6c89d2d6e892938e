/**
 * The extension's half of "show both positions in the tooltip": the page sends the hottest
 * user-code positions of a profile; each one inside the workspace is mapped through its file's
 * source map (in the profile worker), and an original inside the workspace comes back with a
 * workspace-relative label. Pure (no `vscode`): the editor passes in where files may be read.
 */
import * as path from 'node:path';
import type { FramePosition, OriginalPosition } from '../../../shared/profile/messages';
import { isInside, resolveFrameUrl } from '../../../shared/profile-sources/source-location';
import type { Position } from '../../../shared/profile-sources/source-maps';

export interface Workspace {
  /** The file a frame's url names, if it is inside the workspace (profiles' urls point anywhere). */
  fileOf(url: string): string | null;
  /** The path to show for a file inside the workspace, or null when it is outside. */
  labelOf(file: string): string | null;
}

/** The page asks for at most this many (media/flame/origins.ts); more are ignored. */
export const maxMappedPositions = 5000;

export async function mapFramePositions(
  positions: unknown,
  workspace: Workspace,
  lookup: (generated: Position[]) => Promise<Array<Position | null>>,
): Promise<Array<OriginalPosition | null>> {
  if (!Array.isArray(positions)) return [];
  const asked = positions.slice(0, maxMappedPositions) as unknown[];
  const generated: Array<{ at: number; position: Position }> = [];
  asked.forEach((p, at) => {
    if (!isFramePosition(p)) return;
    const file = workspace.fileOf(p.url);
    if (file) generated.push({ at, position: { file, line: p.line, column: Math.max(p.column, 0), ...(typeof p.name === 'string' && p.name !== '' ? { name: p.name } : {}) } });
  });
  // Grouped by file, so the worker reads each file's map once while its answers are pending.
  generated.sort((a, b) => (a.position.file < b.position.file ? -1 : a.position.file > b.position.file ? 1 : a.at - b.at));
  const found = await lookup(generated.map((g) => g.position));
  const answer: Array<OriginalPosition | null> = asked.map(() => null);
  generated.forEach((g, i) => {
    const original = found[i];
    // A source map may point anywhere too: only a source inside the workspace is shown.
    const label = original ? workspace.labelOf(original.file) : null;
    if (original && label !== null) answer[g.at] = { label, line: original.line, column: original.column, ...(original.name ? { name: original.name } : {}) };
  });
  return answer;
}

/**
 * What the tooltip's positions may come from: the workspace folders and, when the profile lies
 * outside them, the profile's own folder (a bundle and its maps next to a profile someone sent).
 * Labels there are relative to that folder.
 */
export function mappingScope(folders: readonly string[], profileDir: string | undefined, exists: (file: string) => boolean): Workspace {
  const own = profileDir !== undefined && !folders.some((f) => isInside(profileDir, f)) ? profileDir : undefined;
  const roots = own ? [...folders, own] : folders;
  return {
    // Relocated like annotations and clicks: a profile made elsewhere matches by its paths' tails.
    fileOf: (url) => {
      const target = resolveFrameUrl(url, roots, profileDir, exists);
      return target.kind === 'workspace' ? target.file : null;
    },
    labelOf: (file) => workspaceLabel(file, folders) ?? (own ? workspaceLabel(file, [own]) : null),
  };
}

/** Workspace-relative with forward slashes; with several folders, prefixed by the folder's name. */
export function workspaceLabel(file: string, folders: readonly string[]): string | null {
  for (const folder of folders) {
    const rel = path.relative(folder, file);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) {
      const shown = rel.split(path.sep).join('/');
      return folders.length > 1 ? `${path.basename(folder)}/${shown}` : shown;
    }
  }
  return null;
}

function isFramePosition(p: unknown): p is FramePosition {
  if (!p || typeof p !== 'object') return false;
  const { url, line, column } = p as Record<string, unknown>;
  return typeof url === 'string' && Number.isInteger(line) && (line as number) >= 0 && Number.isInteger(column);
}
