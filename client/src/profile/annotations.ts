/**
 * Hot-line annotations in source editors after a profile is opened: per-line self time as
 * subtle after-line text, and a CodeLens on hot functions ("12.3% self · 31.0% total").
 * `hotpath.clearProfileAnnotations` removes them. Only workspace files are annotated.
 */
import * as vscode from 'vscode';
import type { FileAnnotations } from './annotation-index';

export class ProfileAnnotations implements vscode.CodeLensProvider, vscode.Disposable {
  private files = new Map<string, FileAnnotations>();
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.decoration,
      this.changed,
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))),
    ];
  }

  /** Replaces the annotations (one profile at a time: the last one opened). */
  set(files: Map<string, FileAnnotations>): void {
    this.files = files;
    for (const editor of vscode.window.visibleTextEditors) this.decorate(editor);
    this.changed.fire();
  }

  clear(): void {
    this.set(new Map());
  }

  get fileCount(): number {
    return this.files.size;
  }

  private decorate(editor: vscode.TextEditor): void {
    const annotations = editor.document.uri.scheme === 'file' ? this.files.get(editor.document.uri.fsPath) : undefined;
    const options: vscode.DecorationOptions[] = [];
    for (const [line, { label }] of annotations?.lines ?? []) {
      if (line < 0 || line >= editor.document.lineCount) continue;
      const end = editor.document.lineAt(line).range.end;
      options.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: label } } });
    }
    editor.setDecorations(this.decoration, options);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const annotations = this.files.get(document.uri.fsPath);
    if (!annotations) return [];
    return annotations.functions
      .filter((f) => f.line < document.lineCount)
      .map((f) => new vscode.CodeLens(new vscode.Range(f.line, 0, f.line, 0), { title: `$(flame) ${f.label}`, tooltip: `${f.name}: CPU time in the opened profile`, command: '' }));
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
