/**
 * Every node of a syntax tree in one array, in the order a recursive `ts.forEachChild` visit
 * reaches them (parent before children, children in source order). Built once per tree.
 *
 * Why: on each edit of a large module, several analyses each walked the whole tree through
 * `forEachChild` callbacks (imports, bindings, handlers, loops, names, style); the walks, not
 * the work done at the nodes, were most of an edit's time. A loop over an array costs a small
 * fraction of a walk, so each analysis now loops over this list and the tree is walked once.
 * Only for visitors that look at every node; one that skips subtrees still walks.
 */
import ts from 'typescript';

const lists = new WeakMap<ts.SourceFile, readonly ts.Node[]>();

export function treeNodes(sf: ts.SourceFile): readonly ts.Node[] {
  let nodes = lists.get(sf);
  if (!nodes) {
    const out: ts.Node[] = [];
    const visit = (n: ts.Node): void => {
      out.push(n);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    lists.set(sf, out);
    nodes = out;
  }
  return nodes;
}
