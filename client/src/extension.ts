import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { ProfileHotspotsNotification, StatusNotification } from '../../shared/protocol';
import { createLanguageClient } from './language-client';
import { FlameGraphEditor } from './profile/flame-editor';
import { StatusBar } from './status-bar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Hotpath', { log: true });
  const statusBar = new StatusBar();
  context.subscriptions.push(output, statusBar);
  // The last profile's hot functions, for the server's notes on findings; sent again after a restart.
  let hotspots: ProfileHotspotsNotification.Params | undefined;
  const sendHotspots = (): void => {
    if (hotspots && client?.isRunning()) void client.sendNotification(ProfileHotspotsNotification.method, hotspots);
  };
  context.subscriptions.push(
    FlameGraphEditor.register(context, output, (params) => {
      hotspots = params;
      sendHotspots();
    }),
  );

  client = createLanguageClient(context, output);
  const languageClient = client;
  context.subscriptions.push(
    languageClient.onDidChangeState((e) => {
      if (e.newState === State.Running) sendHotspots();
      if (e.newState === State.Starting) statusBar.update({ state: 'starting', message: 'Hotpath is starting' });
      if (e.newState === State.Stopped) statusBar.update({ state: 'error', message: 'Hotpath\'s language server stopped' });
    }),
    languageClient.onNotification(StatusNotification.method, (params: StatusNotification.Params) => statusBar.update(params)),
    vscode.commands.registerCommand('hotpath.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('hotpath.restartServer', async () => {
      output.info('Restarting the language server on request.');
      await languageClient.restart();
    }),
  );

  try {
    await languageClient.start();
  } catch (err) {
    statusBar.update({ state: 'error', message: `Hotpath could not start: ${String(err)}` });
    void vscode.window.showErrorMessage(`Hotpath could not start its language server: ${String(err)}`, 'Show Output').then((choice) => {
      if (choice) output.show(true);
    });
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
