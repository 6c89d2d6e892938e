/** Search over frame names and urls, and the time the matches account for. */
import { displayName, type CallTree, type FrameTable } from './model';

export interface SearchResult {
  /** 1 for frames that match. */
  frames: Uint8Array;
  /** Matching frames. */
  frameCount: number;
  /** Time in stacks that contain a match, counted once however many matches a stack holds. */
  total: number;
}

export function searchFrames(frames: FrameTable, tree: Pick<CallTree, 'frame' | 'parent' | 'total'>, query: string): SearchResult {
  const q = query.trim().toLowerCase();
  const match = new Uint8Array(frames.name.length);
  let frameCount = 0;
  if (q !== '') {
    for (let f = 0; f < frames.name.length; f++) {
      if (displayName(frames.name[f]!).toLowerCase().includes(q) || frames.url[f]!.toLowerCase().includes(q)) {
        match[f] = 1;
        frameCount++;
      }
    }
  }
  // A node counts when it matches and no ancestor does (parents precede children in the tree).
  let total = 0;
  if (frameCount > 0) {
    const covered = new Uint8Array(tree.frame.length);
    for (let v = 0; v < tree.frame.length; v++) {
      const p = tree.parent[v]!;
      if (p >= 0 && covered[p]) covered[v] = 1;
      else if (match[tree.frame[v]!]) {
        covered[v] = 1;
        total += tree.total[v]!;
      }
    }
  }
  return { frames: match, frameCount, total };
}
