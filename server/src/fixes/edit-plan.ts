/**
 * Collects the pieces of one fix (replacements, names added to import lists, new import lines,
 * new top-level declarations) and turns them into non-overlapping LSP edits.
 */
import ts from 'typescript';
import type { TextEdit } from '../engine/finding';
import type { SourceDoc } from '../engine/source';
import { endStatement, moduleLiteral, type FileStyle } from './file-style';
import { existingBinding, freeName, insertionAnchor, type ModuleImport, type TakenNames } from './module-bindings';
import type { Splice } from './make-async';

export class EditPlan {
  private readonly splices: Splice[] = [];
  private readonly importLines: string[] = [];
  private readonly declarationLines: string[] = [];

  constructor(
    readonly doc: SourceDoc,
    readonly style: FileStyle,
    readonly moduleStyle: 'esm' | 'cjs',
    /** Kept up to date as the plan adds bindings, so a second lookup finds the first one. */
    readonly imports: ModuleImport[],
    /** Names in use; grows as the plan introduces names. */
    readonly taken: TakenNames,
  ) {}

  get sf(): ts.SourceFile {
    return this.doc.sourceFile;
  }

  splice(start: number, end: number, text: string): void {
    this.splices.push({ start, end, text });
  }

  declare(line: string): void {
    this.declarationLines.push(line);
  }

  /**
   * An expression for `name` exported by the built-in or package `module`, usable at the top
   * level and inside any function: an existing binding, a name added to an existing import
   * list, or a new import line. `builtin` modules get the file's `node:` habit.
   */
  bind(module: string, name: string, builtin: boolean, aliases: string[] = []): string {
    const found = existingBinding(this.imports, module, name);
    if (found) return found;
    const local = freeName(this.taken, name, ...aliases);
    this.taken.add(local);
    const target = this.imports.find((i) => i.module === module && i.list && i.style === this.moduleStyle) ?? this.imports.find((i) => i.module === module && i.list);
    if (target?.list) {
      this.addToList(target.list, name, local);
      target.named.set(name, local);
      return local;
    }
    const spec = builtin ? moduleLiteral(this.style, module) : `${this.style.quote}${module}${this.style.quote}`;
    const semi = endStatement(this.style);
    if (this.moduleStyle === 'esm') {
      this.importLines.push(`import { ${local === name ? name : `${name} as ${local}`} } from ${spec}${semi}`);
    } else {
      this.importLines.push(`const { ${local === name ? name : `${name}: ${local}`} } = require(${spec})${semi}`);
    }
    // The new line is not a node of the tree; record the binding so later lookups reuse it.
    this.imports.push({ module, style: this.moduleStyle, named: new Map([[name, local]]) });
    return local;
  }

  private addToList(list: ts.NamedImports | ts.ObjectBindingPattern, name: string, local: string): void {
    const isImport = ts.isNamedImports(list);
    const entry = local === name ? name : isImport ? `${name} as ${local}` : `${name}: ${local}`;
    const last = list.elements[list.elements.length - 1];
    if (last) this.splice(last.getEnd(), last.getEnd(), `, ${entry}`);
    else this.splice(list.getStart(this.sf) + 1, list.getEnd() - 1, ` ${entry} `);
  }

  toTextEdits(): TextEdit[] {
    const all = [...this.splices];
    const lines = [...this.importLines, ...this.declarationLines];
    if (lines.length > 0) {
      const anchor = insertionAnchor(this.sf, this.imports, this.moduleStyle);
      const eol = this.style.eol;
      const text = anchor.after ? lines.map((l) => eol + l).join('') : lines.map((l) => l + eol).join('') + eol;
      all.push({ start: anchor.offset, end: anchor.offset, text });
    }
    // Insertions at one offset are applied in the order they were planned.
    const merged: Splice[] = [];
    for (const s of all.sort((a, b) => a.start - b.start || a.end - b.end)) {
      const prev = merged[merged.length - 1];
      if (prev && prev.start === s.start && prev.end === prev.start && s.end === s.start) prev.text += s.text;
      else if (prev && prev.end === s.start && s.start === s.end) prev.text += s.text;
      else if (prev && s.start < prev.end) throw new Error('sync-to-async: overlapping edits');
      else merged.push({ ...s });
    }
    return merged.map((s) => ({ range: this.doc.rangeOf(s.start, s.end), newText: s.text }));
  }
}
