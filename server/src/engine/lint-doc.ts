/**
 * A document handed over by another tool that already read it (the ESLint plugin): its text as
 * that tool sees it, and maybe the syntax tree its parser built. Cross-file analyses of other
 * files see the same document whenever the text is what is on disk.
 */
import type ts from 'typescript';
import type { Project } from './project';
import { SourceDoc } from './source';
import { normalizePath } from './paths';

let edited = 0;

/** Per project, the last file whose analysis took the tree it was offered. */
const lastBorrower = new WeakMap<Project, string>();
/** Per project, the last document made for a text that is not on disk: ESLint runs each rule on it in turn. */
const lastOwnDoc = new WeakMap<Project, SourceDoc>();

/**
 * The project's document for `p` when `text` is its text on disk (so its tree and memos are
 * shared with the files that import it), else a document of its own for this text (an unsaved
 * editor buffer, an ESLint --fix pass), given to `analyze`. `tree`, when given, is offered for
 * the analysis. A taken tree is kept while the same file is analysed again (ESLint runs each rule
 * on its own) and forgotten, with the file's memos, once another file's analysis starts:
 * typescript-eslint's tree holds on to much of that parser's own AST (60 corpus files: 153 MB
 * retained against 67 MB for the engine's parse). Another file's analysis that needs the file
 * later reads and parses it again.
 */
export function withLintDocument<T>(project: Project, p: string, text: string, tree: ts.SourceFile | undefined, analyze: (doc: SourceDoc) => T): T {
  const key = normalizePath(p);
  const previous = lastBorrower.get(project);
  if (previous !== undefined && previous !== key) {
    project.forget(previous);
    lastBorrower.delete(project);
  }
  const onDisk = project.getDoc(key);
  let doc: SourceDoc;
  if (onDisk && onDisk.text === text) doc = onDisk;
  else {
    const last = lastOwnDoc.get(project);
    doc = last && last.path === key && last.text === text ? last : new SourceDoc(key, text, `lint:${++edited}`);
    lastOwnDoc.set(project, doc);
  }
  if (tree) doc.offerTree(tree);
  try {
    return analyze(doc);
  } finally {
    if (doc.withdrawTree()) lastBorrower.set(project, key);
  }
}
