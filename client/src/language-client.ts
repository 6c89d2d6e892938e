import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Languages whose files the server analyzes as the user types. */
export const analyzedLanguages = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'html', 'vue', 'svelte'];

/**
 * The language client. The server runs in its own Node process (IPC), so parsing and analysis
 * never touch the extension host's thread; only this small module is loaded on activation.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Import sizes are measured once per package version and kept here across sessions.
    initializationOptions: { storagePath: context.globalStorageUri.fsPath },
    documentSelector: analyzedLanguages.map((language) => ({ scheme: 'file', language })),
    outputChannel: output,
    synchronize: {
      // The server pulls `hotpath` and `files` settings itself; this also notifies it of changes.
      configurationSection: ['hotpath', 'files'],
      // Unopened files change on disk (git checkout, other editors): the whole-workspace
      // diagnostics and cross-file findings must follow.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,html,htm,vue,svelte}'),
        vscode.workspace.createFileSystemWatcher('**/{.hotpathrc.json,.gitignore}'),
      ],
    },
  };
  return new LanguageClient('hotpath', 'Hotpath', serverOptions, clientOptions);
}
