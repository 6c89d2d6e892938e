/**
 * Every node of a syntax tree in one array, in the order a recursive `ts.forEachChild` visit
 * reaches them (parent before children, children in source order), and the same nodes by kind.
 * Built once per tree.
 *
 * Why: on each edit of a large module, several analyses each walked the whole tree through
 * `forEachChild` callbacks (imports, bindings, handlers, loops, names, style); the walks, not
 * the work done at the nodes, were most of an edit's time. A loop over an array costs a small
 * fraction of a walk, so each analysis loops over a list and the tree is walked once.
 *
 * Most analyses look at a few kinds (calls, imports, identifiers, JSX elements): `nodesOfKind`
 * gives them just those. Even a loop over the whole list that only tests `kind` cost about a
 * millisecond per pass on a 3,000-line module (25,000 nodes scattered over the heap: each test is
 * a cache miss), and an edit's analysis made nine such passes.
 * Only for visitors that look at nodes independently; one that skips subtrees still walks.
 */
import ts from 'typescript';

interface TreeIndex {
  nodes: readonly ts.Node[];
  /** Indexes into `nodes` per `SyntaxKind`, ascending. */
  byKind: (number[] | undefined)[];
  /** Answers of `nodesOfKind`, by the kinds asked. */
  selections: Map<string, readonly ts.Node[]>;
}

const indexes = new WeakMap<ts.SourceFile, TreeIndex>();

function indexOf(sf: ts.SourceFile): TreeIndex {
  let index = indexes.get(sf);
  if (!index) {
    const nodes: ts.Node[] = [];
    const byKind: (number[] | undefined)[] = [];
    const visit = (n: ts.Node): void => {
      (byKind[n.kind] ??= []).push(nodes.length);
      nodes.push(n);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    index = { nodes, byKind, selections: new Map() };
    indexes.set(sf, index);
  }
  return index;
}

export function treeNodes(sf: ts.SourceFile): readonly ts.Node[] {
  return indexOf(sf).nodes;
}

/**
 * The nodes of the given kinds, in the order of `treeNodes` (so an analysis that needs, say,
 * variable declarations before the calls that use them still sees them in document order).
 */
export function nodesOfKind(sf: ts.SourceFile, ...kinds: ts.SyntaxKind[]): readonly ts.Node[] {
  const index = indexOf(sf);
  const key = kinds.join(',');
  let selected = index.selections.get(key);
  if (!selected) {
    const positions: number[] = [];
    for (const k of new Set(kinds)) {
      const bucket = index.byKind[k];
      if (bucket) for (const i of bucket) positions.push(i);
    }
    if (kinds.length > 1) positions.sort((a, b) => a - b);
    selected = positions.map((i) => index.nodes[i]!);
    index.selections.set(key, selected);
  }
  return selected;
}
