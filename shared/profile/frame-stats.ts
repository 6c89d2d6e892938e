/**
 * Per-function totals for the table: self time summed over every stack, total time counted once
 * per stack even when the function recurses.
 */
import type { CallTree } from './model';

export interface FrameStats {
  self: Float64Array;
  total: Float64Array;
  samples: Float64Array;
}

export function frameStats(tree: CallTree, frameCount: number): FrameStats {
  const self = new Float64Array(frameCount);
  const total = new Float64Array(frameCount);
  const samples = new Float64Array(frameCount);
  // onStack[f] > 0 while walking below a node of frame f; iterative to survive deep stacks.
  const onStack = new Int32Array(frameCount);
  const stack: number[] = [0];
  const leaving: boolean[] = [false];
  while (stack.length > 0) {
    const v = stack.pop()!;
    const f = tree.frame[v]!;
    if (leaving.pop()) {
      onStack[f] = onStack[f]! - 1;
      continue;
    }
    self[f] = self[f]! + tree.self[v]!;
    if (onStack[f] === 0) {
      total[f] = total[f]! + tree.total[v]!;
      samples[f] = samples[f]! + tree.totalSamples[v]!;
    }
    onStack[f] = onStack[f]! + 1;
    stack.push(v);
    leaving.push(true);
    for (let k = tree.childOffset[v]!; k < tree.childOffset[v + 1]!; k++) {
      stack.push(tree.childIndex[k]!);
      leaving.push(false);
    }
  }
  return { self, total, samples };
}
