/**
 * A document handed over by another tool that already read it (the ESLint plugin): its text as
 * that tool sees it, and maybe the syntax tree its parser built. Cross-file analyses see the same
 * document: it is the project's own when the text is what is on disk, else an overlay of the disk
 * copy (as an editor's unsaved buffer is) while that file's rules run.
 */
import type ts from 'typescript';
import type { Project } from './project';
import { SourceDoc } from './source';
import { normalizePath } from './paths';

let edited = 0;

/** Per project, the last file whose analysis took the tree it was offered. */
const lastBorrower = new WeakMap<Project, string>();
/**
 * Per project, the document overlaid on the disk copy for a text that is not on disk (an unsaved
 * buffer, a --fix pass, RuleTester's code): ESLint runs each rule on it in turn, and analyses that
 * look across the workspace for this file (sync-in-handler's handlers reaching it) must read this
 * text, not the disk's. It is closed once another file's analysis starts.
 */
const overlaid = new WeakMap<Project, SourceDoc>();

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
  const open = overlaid.get(project);
  if (open && (open.path !== key || open.text !== text)) {
    project.closeDocument(open.path);
    overlaid.delete(project);
  }
  let doc = overlaid.get(project);
  if (!doc) {
    const onDisk = project.getDoc(key);
    if (onDisk && onDisk.text === text) doc = onDisk;
    else {
      doc = project.openDocument(key, text, `lint:${++edited}`);
      overlaid.set(project, doc);
    }
  }
  if (tree) doc.offerTree(tree);
  try {
    return analyze(doc);
  } finally {
    if (doc.withdrawTree()) lastBorrower.set(project, key);
  }
}
