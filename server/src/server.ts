/**
 * Entry point of dist/server.js. Wiring only: the connection works over IPC (the extension)
 * and `--stdio` (tests, other editors), chosen by the command line as vscode-languageserver does.
 */
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/language-server';

// The bundle lives in <extension root>/dist/, and the rule docs in <extension root>/docs/rules/.
const extensionRoot = path.resolve(__dirname, '..');

startServer(createConnection(ProposedFeatures.all), { extensionRoot });
