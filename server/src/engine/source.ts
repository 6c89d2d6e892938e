import * as path from 'node:path';
import ts from 'typescript';
import type { Position, Range } from './finding';

export type LanguageKind = 'ts' | 'tsx' | 'js' | 'jsx' | 'html' | 'vue' | 'svelte' | 'other';

export function languageKindOf(p: string): LanguageKind {
  switch (path.extname(p).toLowerCase()) {
    case '.ts':
    case '.mts':
    case '.cts':
      return 'ts';
    case '.tsx':
      return 'tsx';
    case '.js':
    case '.mjs':
    case '.cjs':
      return 'js';
    case '.jsx':
      return 'jsx';
    case '.html':
    case '.htm':
      return 'html';
    case '.vue':
      return 'vue';
    case '.svelte':
      return 'svelte';
    default:
      return 'other';
  }
}

function scriptKindOf(kind: LanguageKind): ts.ScriptKind {
  switch (kind) {
    case 'ts':
      return ts.ScriptKind.TS;
    case 'tsx':
      return ts.ScriptKind.TSX;
    case 'jsx':
      return ts.ScriptKind.JSX;
    default:
      // Plain .js may hold JSX too (React apps often do); the JSX parser accepts both.
      return ts.ScriptKind.JSX;
  }
}

/**
 * Trees of editor documents (versions `open:N`): each next version is parsed from the previous
 * tree, so per-statement indexes of them pay off (analysis/tree-nodes); trees read from disk are
 * parsed once and indexed whole.
 */
const editorTrees = new WeakSet<ts.SourceFile>();

export function isEditorTree(sf: ts.SourceFile): boolean {
  return editorTrees.has(sf);
}

/**
 * One version of one file. The TypeScript syntax tree is built on first use only, so rules
 * whose cheap text test fails never pay for a parse.
 *
 * An editor's next version of a document starts from the previous version's tree: TypeScript
 * re-parses only around the changed text and reuses the rest (ts.updateSourceFile, as tsserver
 * does per keystroke). The previous version hands its tree over and would parse its own text
 * again if it were ever asked for a tree after that.
 */
export class SourceDoc {
  readonly kind: LanguageKind;
  private tree: ts.SourceFile | undefined;
  /** A tree another parser built from this text, taken if this version is asked for its tree (see `offerTree`). */
  private offered: ts.SourceFile | undefined;
  /** Whether `tree` is one that was offered. */
  private borrowed = false;
  private lineStarts: number[] | undefined;
  /** The version before this one, while it may still hold a tree this one can start from. */
  private previous: SourceDoc | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
    /** Changes whenever the text does: an editor version, or the file's mtime and size. */
    readonly version: string,
    previous?: SourceDoc,
  ) {
    this.kind = languageKindOf(path);
    // Versions nobody parsed (typing faster than the debounce) are skipped, so at most one
    // older text is kept alive.
    const base = previous && !previous.tree ? previous.previous : previous;
    if (base && base.path === path && base.isScript) this.previous = base;
  }

  get isScript(): boolean {
    return this.kind === 'ts' || this.kind === 'tsx' || this.kind === 'js' || this.kind === 'jsx';
  }

  /** Whether the syntax tree has been built (rules that can decide from text never build it). */
  get isParsed(): boolean {
    return this.tree !== undefined;
  }

  /** The TypeScript syntax tree, with parent pointers. Only for script files. */
  get sourceFile(): ts.SourceFile {
    if (!this.tree && this.offered) {
      this.tree = this.offered;
      this.borrowed = true;
      this.offered = undefined;
      this.previous = undefined;
    }
    if (!this.tree) {
      const old = this.previous?.handOverTree();
      this.previous = undefined;
      this.tree = old
        ? ts.updateSourceFile(old, this.text, changeBetween(old.text, this.text))
        : ts.createSourceFile(this.path, this.text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, scriptKindOf(this.kind));
      if (this.version.startsWith('open:')) editorTrees.add(this.tree);
    }
    return this.tree;
  }

  /**
   * Offer a tree another parser already built from this very text (typescript-eslint's, when the
   * ESLint plugin lints a file): if a rule asks for this version's tree while the offer stands, it
   * gets that one instead of a second parse. `withdrawTree` ends the offer. The tree must
   * come from the same TypeScript (node kinds are numbers that change between versions), with
   * parent pointers. Returns whether the offer stands: not when this version already has a tree,
   * or the texts differ.
   */
  offerTree(tree: ts.SourceFile): boolean {
    if (this.tree || !this.isScript || tree.text !== this.text || !builtByThisTypeScript(tree)) return false;
    // A program's tree gets parent pointers only when it is bound (type-checked); rules walk up.
    if (tree.statements.length > 0 && tree.statements[0]!.parent !== tree) return false;
    this.offered = tree;
    return true;
  }

  /** End the offer; returns whether the tree was taken. */
  withdrawTree(): boolean {
    this.offered = undefined;
    return this.borrowed;
  }

  /**
   * Give the tree to the next version, which updates it in place (its unchanged nodes move into
   * the new tree). This version forgets it and parses its own text if asked again.
   */
  private handOverTree(): ts.SourceFile | undefined {
    const tree = this.tree;
    this.tree = undefined;
    return tree;
  }

  /** Syntax errors TypeScript's parser reported (the tree is still usable: it recovers). */
  get parseErrorCount(): number {
    return (this.sourceFile as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
  }

  positionAt(offset: number): Position {
    const starts = this.getLineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo]! };
  }

  offsetAt(pos: Position): number {
    const starts = this.getLineStarts();
    const line = Math.min(Math.max(pos.line, 0), starts.length - 1);
    return Math.min(starts[line]! + pos.character, this.text.length);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The range of a node without its leading trivia. */
  nodeRange(node: ts.Node): Range {
    return this.rangeOf(node.getStart(this.sourceFile), node.getEnd());
  }

  private getLineStarts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      if (!t.includes('\r')) {
        // The usual case, found with the engine's string search rather than a loop over every character.
        for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      } else {
        for (let i = 0; i < t.length; i++) {
          const c = t.charCodeAt(i);
          if (c === 10) starts.push(i + 1);
          else if (c === 13) {
            if (t.charCodeAt(i + 1) === 10) i++;
            starts.push(i + 1);
          }
        }
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

/**
 * Whether this very TypeScript module built `tree`: another copy (a parser's own install) may be
 * another version, whose node kinds are other numbers. Nodes are made by the module's allocator,
 * so the tree's prototype tells; where the allocator is not exposed, the kind numbers must agree.
 */
function builtByThisTypeScript(tree: ts.SourceFile): boolean {
  const allocator = (ts as unknown as { objectAllocator?: { getSourceFileConstructor(): new (...args: never[]) => unknown } }).objectAllocator;
  if (allocator) return tree instanceof allocator.getSourceFileConstructor();
  return tree.kind === ts.SyntaxKind.SourceFile && tree.endOfFileToken?.kind === ts.SyntaxKind.EndOfFileToken;
}

const block = 256;

/** The one span that differs between two texts: common prefix and suffix left out. */
export function changeBetween(before: string, after: string): ts.TextChangeRange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  // Whole blocks first (compared natively), then characters: a 3,000-line module has 100,000 of them.
  while (start + block <= shorter && before.slice(start, start + block) === after.slice(start, start + block)) start += block;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore - block >= start && endAfter - block >= start && before.slice(endBefore - block, endBefore) === after.slice(endAfter - block, endAfter)) {
    endBefore -= block;
    endAfter -= block;
  }
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return ts.createTextChangeRange(ts.createTextSpan(start, endBefore - start), endAfter - start);
}
