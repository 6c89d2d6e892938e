/**
 * Every node of a syntax tree in one array, in the order a recursive `ts.forEachChild` visit
 * reaches them (parent before children, children in source order), and the same nodes by kind.
 *
 * Why: on each edit of a large module, several analyses each walked the whole tree through
 * `forEachChild` callbacks (imports, bindings, handlers, loops, names, style); the walks, not
 * the work done at the nodes, were most of an edit's time. Each analysis now loops over a list.
 *
 * Most analyses look at a few kinds (calls, imports, identifiers, JSX elements): `nodesOfKind`
 * gives them just those. Even a loop over the whole list that only tests `kind` cost about a
 * millisecond per pass on a 3,000-line module (25,000 nodes scattered over the heap: each test is
 * a cache miss), and an edit's analysis made nine such passes.
 * Only for visitors that look at nodes independently; one that skips subtrees still walks.
 */
import ts from 'typescript';
import { isEditorTree } from '../engine/source';

/** The nodes of one subtree in walk order, and their positions in that list per `SyntaxKind`. */
interface Part {
  nodes: ts.Node[];
  byKind: (number[] | undefined)[];
  /** `statementFacts` of this subtree, by key. */
  facts?: Map<string, unknown>;
}

interface TreeIndex {
  /** The source file itself, each top-level statement's subtree, the end-of-file token. */
  parts: Part[];
  nodes: readonly ts.Node[] | undefined;
  /** Answers of `nodesOfKind` and `nodesOfKindWhere`, by the kinds (or key) asked. */
  selections: Map<string, readonly ts.Node[]>;
  /** Answers of `statementFacts`, one per part, by key. */
  facts: Map<string, readonly unknown[]>;
}

const indexes = new WeakMap<ts.SourceFile, TreeIndex>();

/**
 * Parts by top-level statement, for the trees of editor documents. An editor's next version of a document is parsed incrementally
 * (engine/source.ts): TypeScript moves every statement the edit did not touch, the same object
 * with the same subtree, into the new tree. Their lists are reused, so an edit walks only the
 * statements it changed (the walk of every node cost some 2 ms per edit of a 3,000-line module).
 */
const statementParts = new WeakMap<ts.Node, Part>();

function walk(root: ts.Node): Part {
  const nodes: ts.Node[] = [];
  const byKind: (number[] | undefined)[] = [];
  const visit = (n: ts.Node): void => {
    (byKind[n.kind] ??= []).push(nodes.length);
    nodes.push(n);
    ts.forEachChild(n, visit);
  };
  visit(root);
  return { nodes, byKind };
}

function statementPart(s: ts.Statement): Part {
  let part = statementParts.get(s);
  if (!part) {
    part = walk(s);
    statementParts.set(s, part);
  }
  return part;
}

function indexOf(sf: ts.SourceFile): TreeIndex {
  let index = indexes.get(sf);
  if (!index) {
    let parts: Part[];
    if (isEditorTree(sf)) {
      // The order of a recursive forEachChild walk: the file, its statements, the end-of-file token.
      const byKind: (number[] | undefined)[] = [];
      byKind[sf.kind] = [0];
      parts = [{ nodes: [sf], byKind }];
      for (const s of sf.statements) parts.push(statementPart(s));
      parts.push(walk(sf.endOfFileToken));
    } else {
      // Files read from disk are not edited here: one part, so the thousands of trees a
      // workspace scan goes through do not each carry a list per statement.
      parts = [walk(sf)];
    }
    index = { parts, nodes: undefined, selections: new Map(), facts: new Map() };
    indexes.set(sf, index);
  }
  return index;
}

export function treeNodes(sf: ts.SourceFile): readonly ts.Node[] {
  const index = indexOf(sf);
  if (!index.nodes && index.parts.length === 1) index.nodes = index.parts[0]!.nodes;
  if (!index.nodes) {
    const nodes: ts.Node[] = [];
    for (const part of index.parts) for (const n of part.nodes) nodes.push(n);
    index.nodes = nodes;
  }
  return index.nodes;
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
    const distinct = [...new Set(kinds)];
    if (index.parts.length === 1) selected = partNodesOfKind(index.parts[0]!, distinct);
    else {
      const out: ts.Node[] = [];
      for (const part of index.parts) for (const n of partNodesOfKind(part, distinct)) out.push(n);
      selected = out;
    }
    index.selections.set(key, selected);
  }
  return selected;
}

/** The nodes of the given kinds in one part, in walk order. */
function partNodesOfKind(part: Part, kinds: readonly ts.SyntaxKind[]): ts.Node[] {
  if (kinds.length === 1) return part.byKind[kinds[0]!]?.map((i) => part.nodes[i]!) ?? [];
  const positions: number[] = [];
  for (const k of kinds) {
    const bucket = part.byKind[k];
    if (bucket) for (const i of bucket) positions.push(i);
  }
  positions.sort((a, b) => a - b);
  return positions.map((i) => part.nodes[i]!);
}

/** A top-level statement's nodes, for `statementFacts`. */
export interface StatementNodes {
  ofKind(...kinds: ts.SyntaxKind[]): readonly ts.Node[];
}

/**
 * A fact of each top-level statement (and of the end-of-file token), in order, computed once per
 * statement object: a statement an edit did not touch is the same object in the new tree (see
 * `statementParts`), so its fact is reused and the edit pays only for the statements it changed.
 * A tree read from disk is one part: its facts come as one, computed over the whole file.
 *
 * The contract that makes this sound: `compute` reads only the statement's own subtree, and
 * parents no higher than the source file; never other statements, the file's text, settings or
 * other files. Node positions may be read when the fact is used, not stored in it (unchanged
 * statements after an edit move). `key` names the computation; one key, one `compute`.
 */
export function statementFacts<T>(sf: ts.SourceFile, key: string, compute: (statement: StatementNodes) => T): readonly T[] {
  const index = indexOf(sf);
  let facts = index.facts.get(key) as T[] | undefined;
  if (!facts) {
    facts = [];
    // An editor tree's first part is the source file node alone: no statement of its own.
    for (const part of index.parts.length > 1 ? index.parts.slice(1) : index.parts) {
      part.facts ??= new Map();
      if (!part.facts.has(key)) part.facts.set(key, compute({ ofKind: (...kinds) => partNodesOfKind(part, [...new Set(kinds)]) }));
      facts.push(part.facts.get(key) as T);
    }
    index.facts.set(key, facts);
  }
  return facts;
}

/**
 * The nodes of the given kinds that `keep` accepts, in walk order: `keep` is a per-statement
 * test under the contract of `statementFacts` (it looks at the node and its subtree or
 * ancestors only), so it runs only on the nodes of statements an edit changed.
 */
export function nodesOfKindWhere(sf: ts.SourceFile, key: string, kinds: readonly ts.SyntaxKind[], keep: (n: ts.Node) => boolean): readonly ts.Node[] {
  const index = indexOf(sf);
  const cacheKey = `where:${key}`;
  let selected = index.selections.get(cacheKey);
  if (!selected) {
    const parts = statementFacts(sf, `where:${key}`, (s) => s.ofKind(...kinds).filter(keep));
    if (parts.length === 1) selected = parts[0]!;
    else {
      const out: ts.Node[] = [];
      for (const part of parts) for (const n of part) out.push(n);
      selected = out;
    }
    index.selections.set(cacheKey, selected);
  }
  return selected;
}

/**
 * The nodes of one kind inside `node` (itself included), in walk order, without walking it:
 * a binary search in the kind's list. It relies on walk order being source order, so `pos`
 * never decreases along `treeNodes` (checked on every file of the benchmark corpus): a node
 * starting strictly inside `node` comes after it in the walk and before anything that follows
 * it, so it is inside. Nodes starting on either edge may be outside (an ancestor, a zero-width
 * node a broken file has there): those are checked through their parents.
 */
export function nodesOfKindWithin(sf: ts.SourceFile, node: ts.Node, kind: ts.SyntaxKind): ts.Node[] {
  const all = nodesOfKind(sf, kind);
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.pos < node.pos) lo = mid + 1;
    else hi = mid;
  }
  const out: ts.Node[] = [];
  for (let i = lo; i < all.length && all[i]!.pos <= node.end; i++) {
    const n = all[i]!;
    if ((n.pos > node.pos && n.pos < node.end) || isWithin(n, node)) out.push(n);
  }
  return out;
}

function isWithin(n: ts.Node, node: ts.Node): boolean {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (p === node) return true;
  return false;
}
