import * as vscode from 'vscode';
import { StatusNotification } from '../../shared/protocol';

/**
 * The status bar item: what the server is doing now (starting, analyzing k/N files, idle with
 * totals, failed). Clicking it opens the output channel, where skipped files are listed.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('hotpath.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Hotpath';
    this.item.command = 'hotpath.showOutput';
    this.update({ state: 'starting', message: 'Hotpath is starting' });
    this.item.show();
  }

  update(status: StatusNotification.Params): void {
    this.item.backgroundColor = undefined;
    switch (status.state) {
      case 'starting':
        this.item.text = '$(loading~spin) Hotpath';
        break;
      case 'analyzing': {
        const progress = status.filesTotal ? ` ${status.filesAnalyzed ?? 0}/${status.filesTotal}` : '';
        this.item.text = `$(loading~spin) Hotpath${progress}`;
        break;
      }
      case 'idle':
        this.item.text = status.findings ? `$(flame) Hotpath ${status.findings}` : '$(flame) Hotpath';
        break;
      case 'error':
        this.item.text = '$(error) Hotpath';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    this.item.tooltip = `${status.message}\nClick to show Hotpath's output.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
