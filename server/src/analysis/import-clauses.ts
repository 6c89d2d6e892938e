/**
 * Import statements read from text, without parsing: the same for scripts and for the
 * `<script>` blocks of Vue and Svelte files, and for files read for their imports alone. Used
 * where a whole parse would cost more than the answer (which files render a component, which
 * stylesheets a file imports).
 */
import type { SourceDoc } from '../engine/source';

export interface ImportClause {
  specifier: string;
  /** `import Logo from …` */
  defaultName?: string;
  /** `import * as NS from …` */
  namespace?: string;
  /** Local names of `{ a, b as c }` (`a`, `c`), type-only members left out. */
  named: string[];
  /** `import type … from …` */
  typeOnly: boolean;
}

/** `import <clause> from 'x'`, `import 'x'`, `require('x')`. */
const importStatement = /\bimport\s+([^'"]*?)\s*from\s*['"]([^'"\n]+)['"]|\bimport\s*['"]([^'"\n]+)['"]|\brequire\(\s*['"]([^'"\n]+)['"]\s*\)/g;

const cache = new WeakMap<SourceDoc, ImportClause[]>();

/** The file's imports in text order, once per version. A match in a comment or a string counts. */
export function importClauses(doc: SourceDoc): ImportClause[] {
  let list = cache.get(doc);
  if (list) return list;
  list = [];
  for (const m of doc.text.matchAll(importStatement)) {
    if (m[1] === undefined) {
      list.push({ specifier: (m[3] ?? m[4])!, named: [], typeOnly: false });
      continue;
    }
    const typeOnly = /^type\s/.test(m[1]);
    const clause = typeOnly ? m[1].replace(/^type\s+/, '') : m[1];
    const named: string[] = [];
    const braces = /\{([^}]*)\}/.exec(clause)?.[1];
    if (braces) for (const part of braces.split(',')) {
      if (/^\s*type\s/.test(part)) continue;
      const local = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (local) named.push(local);
    }
    list.push({
      specifier: m[2]!,
      defaultName: /^([A-Za-z_$][\w$]*)/.exec(clause)?.[1],
      namespace: /\*\s*as\s+([\w$]+)/.exec(clause)?.[1],
      named,
      typeOnly,
    });
  }
  cache.set(doc, list);
  return list;
}
