/**
 * Collapsed ("folded") stacks, as written by Brendan Gregg's `stackcollapse-*` scripts and many
 * profilers: one `frame;frame;frame count` line per distinct stack, root first. A frame may end
 * in ` (url:line:column)`, which is read as its location. Values are sample counts, not times;
 * the time-ordered view shows the lines in file order.
 */
import { buildModel, toRawNodes, type RawNode } from './build';
import { ProfileError, type ProfileModel } from './model';

const lineRe = /^(.*\S)\s+(\d+(?:\.\d+)?)\s*$/;
const locationRe = /^(.*?) ?\(([^()]+?):(\d+)(?::(\d+))?\)$/;

export function parseFolded(text: string): ProfileModel {
  const nodes: RawNode[] = [{ id: 0, functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 }];
  const childOf = new Map<string, number>();
  const samples: number[] = [];
  const starts: number[] = [];
  const weights: number[] = [];
  let end = 0;
  let bad = 0;
  let firstBad = 0;
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = lineRe.exec(trimmed);
    if (!m) {
      if (bad++ === 0) firstBad = lineNo;
      continue;
    }
    const weight = Number(m[2]);
    if (weight <= 0) continue;
    let node = 0;
    for (const frame of m[1]!.split(';')) {
      if (frame === '') continue;
      const key = `${node}\0${frame}`;
      let child = childOf.get(key);
      if (child === undefined) {
        child = nodes.length;
        childOf.set(key, child);
        const loc = locationRe.exec(frame);
        nodes.push({
          id: child,
          parent: node,
          functionName: loc ? loc[1]! : frame,
          url: loc ? loc[2]! : '',
          lineNumber: loc ? Number(loc[3]) - 1 : -1,
          columnNumber: loc && loc[4] ? Number(loc[4]) - 1 : -1,
        });
      }
      node = child;
    }
    samples.push(node);
    starts.push(end);
    weights.push(weight);
    end += weight;
  }
  if (samples.length === 0) {
    throw new ProfileError(
      bad > 0
        ? `No line of this file is a folded stack ("frame;frame;frame count"); line ${firstBad} is the first that is not.`
        : 'The file holds no stacks.',
    );
  }
  const warnings = bad > 0 ? [`${bad} line${bad === 1 ? ' is' : 's are'} not "frame;frame count" and ${bad === 1 ? 'was' : 'were'} skipped (first: line ${firstBad}).`] : [];
  return buildModel({ format: 'folded', unit: 'samples', nodes: toRawNodes(nodes), samples, starts, end, weights, warnings });
}
