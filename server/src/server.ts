/**
 * Entry point of dist/server.js. Wiring only: the connection works over IPC (the extension)
 * and `--stdio` (tests, other editors), chosen by the command line as vscode-languageserver does.
 */
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/language-server';

// The bundle lives in <extension root>/dist/, and the rule docs in <extension root>/docs/rules/.
const extensionRoot = path.resolve(__dirname, '..');

const connection = createConnection(ProposedFeatures.all);

// Last line of defence: a bug in a timer or promise outside a handler is logged, not fatal.
process.on('uncaughtException', (err) => connection.console.error(`[error] uncaught: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`[error] unhandled rejection: ${String(reason)}`));

startServer(connection, { extensionRoot });
