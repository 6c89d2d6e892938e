/**
 * Where a profile frame's url points, and whether Hotpath may open it. Profiles come from
 * anywhere, so their urls are data: only `file:` urls and plain paths are followed, and only
 * inside a workspace folder without asking. `command:`, `http:`, `vscode:` … are never opened.
 *
 * Profiles are often made on another machine or in another checkout (CI, a colleague, a copy of
 * the repository), so their absolute urls name folders that are not this workspace. Given
 * `exists`, a file outside every folder is looked for inside them by its path's tail
 * (`/ci/build/app/src/db.ts` → `<folder>/src/db.ts`), longest tail first and at least a folder
 * and a file name long, so a lone `index.js` never matches by chance.
 * No `vscode`, so the rules are unit-tested; shared by the extension and `hotpath check --profile`.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export type SourceTarget =
  | { kind: 'workspace'; file: string }
  | { kind: 'outside'; file: string }
  | { kind: 'none'; reason: string };

export function resolveFrameUrl(url: string, workspaceFolders: readonly string[], profileDir?: string, exists?: (file: string) => boolean): SourceTarget {
  if (url === '') return { kind: 'none', reason: 'This frame has no source file (a V8 or Node built-in).' };
  let file: string;
  if (/^file:/i.test(url)) {
    try {
      file = fileURLToPath(url);
    } catch {
      return { kind: 'none', reason: `The frame's url is not a valid file url: ${url}` };
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url)) {
    const scheme = url.slice(0, url.indexOf(':'));
    if (scheme === 'node') return { kind: 'none', reason: `${url} is part of Node itself.` };
    return { kind: 'none', reason: `Hotpath opens only local files; this frame's url uses "${scheme}:".` };
  } else if (path.isAbsolute(url) || /^[a-z]:[\\/]/i.test(url)) {
    file = url;
  } else {
    // A relative path (folded stacks, some tools): relative to the profile, then to each folder.
    const bases = [...(profileDir ? [profileDir] : []), ...workspaceFolders];
    if (bases.length === 0) return { kind: 'none', reason: `The frame's path ${url} is relative and there is no folder to resolve it against.` };
    file = path.resolve(bases[0]!, url);
  }
  file = path.normalize(file);
  if (workspaceFolders.some((folder) => isInside(file, folder))) return { kind: 'workspace', file };
  const relocated = exists ? relocate(file, workspaceFolders, exists) : undefined;
  return relocated ? { kind: 'workspace', file: relocated } : { kind: 'outside', file };
}

const minTailSegments = 2;

function relocate(file: string, workspaceFolders: readonly string[], exists: (file: string) => boolean): string | undefined {
  const segments = file.split(/[\\/]+/).filter(Boolean);
  for (let start = 1; segments.length - start >= minTailSegments; start++) {
    const tail = segments.slice(start);
    for (const folder of workspaceFolders) {
      const candidate = path.join(folder, ...tail);
      if (exists(candidate)) return candidate;
    }
  }
  return undefined;
}

export function isInside(file: string, folder: string): boolean {
  const rel = path.relative(path.normalize(folder), file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
