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

/**
 * The project's document for `p` when `text` is its text on disk (so its tree and memos are
 * shared with the files that import it), else a document of its own for this text (an unsaved
 * editor buffer, an ESLint --fix pass), given to `analyze`. `tree`, when given, is offered for
 * the analysis and withdrawn after it, so a tree no rule asked for is not kept.
 */
export function withLintDocument<T>(project: Project, p: string, text: string, tree: ts.SourceFile | undefined, analyze: (doc: SourceDoc) => T): T {
  const onDisk = project.getDoc(p);
  const doc = onDisk && onDisk.text === text ? onDisk : new SourceDoc(normalizePath(p), text, `lint:${++edited}`);
  if (tree) doc.offerTree(tree);
  try {
    return analyze(doc);
  } finally {
    doc.withdrawTree();
  }
}
