/**
 * Entry point of dist/server.js. Wiring only: the connection works over IPC (the extension)
 * and `--stdio` (tests, other editors), chosen by the command line as vscode-languageserver does.
 */
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/language-server';

// The bundle lives in <extension root>/dist/, and the rule docs in <extension root>/docs/rules/.
const extensionRoot = path.resolve(__dirname, '..');

// A workspace scan parses every file once and keeps few trees (Project.trimCache), so almost all
// it allocates is garbage. V8's default lets the heap grow to several times what is live (after
// the benchmark's 3,500-file corpus: 740 MB resident for some 130 MB live). Growing it by 40% at
// a time kept it near 380 MB at no measurable cost per edit; 25% kept 340 MB but made each edit
// half again as slow (more collections), 100% kept 640 MB.
v8.setFlagsFromString('--heap-growing-percent=40');

const connection = createConnection(ProposedFeatures.all);

// Last line of defence: a bug in a timer or promise outside a handler is logged, not fatal.
process.on('uncaughtException', (err) => connection.console.error(`[error] uncaught: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`[error] unhandled rejection: ${String(reason)}`));

startServer(connection, { extensionRoot });
