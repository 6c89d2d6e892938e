// Placeholder: the language server is being written (issue 2).
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
createConnection(ProposedFeatures.all).listen();
