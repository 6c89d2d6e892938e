/**
 * The language server in this test process over in-memory streams, with test rules injected: for
 * what the built server cannot show (rules that throw on purpose, rules that count their runs).
 * One per test file: closing an in-process connection ends the process (vscode-languageserver
 * exits when its input ends), so a second server cannot follow in the same process.
 */
import * as fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { after, before } from 'node:test';
import ts from 'typescript';
import { createConnection } from 'vscode-languageserver/node';
import { defineRule, type Rule } from '../engine/rule';
import { startServer } from '../lsp/language-server';
import { TestClient, type ClientSettings } from '../lsp/test-client';
import { tempWorkspace } from './temp-workspace';

/** A rule that reports every `slow()` call; `onCheck` sees each file it checks. */
export function slowCallsRule(onCheck?: (file: string) => void): Rule {
  return defineRule({
    meta: { id: 'slow-call', description: 'Calls slow()', defaultSeverity: 'warning', fixable: false },
    check(ctx) {
      onCheck?.(ctx.doc.path);
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && n.expression.getText(ctx.doc.sourceFile) === 'slow') ctx.report({ node: n, message: 'slow call' });
        ts.forEachChild(n, visit);
      };
      visit(ctx.doc.sourceFile);
    },
  });
}

/**
 * Registers `before`/`after` hooks that write `files` into a temporary folder, start the server
 * with `rules`, connect a client and wait for the first scan; the returned object holds both.
 */
export function inProcessServer(files: Record<string, string>, rules: Rule[], settings?: ClientSettings): { client: TestClient; root: string } {
  const ctx = {} as { client: TestClient; root: string };
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  before(async () => {
    ctx.root = tempWorkspace('lsp-inproc', files).dir;
    startServer(createConnection(toServer, toClient), { extensionRoot: '/ext', rules });
    ctx.client = await TestClient.connect(toClient, toServer, ctx.root, settings);
    await ctx.client.waitFor('the scan to end', () => ctx.client.statuses.find((s) => s.state === 'idle'));
  });
  after(async () => {
    await ctx.client?.shutdown();
    ctx.client?.connection.dispose();
    toServer.end();
    toClient.end();
    if (ctx.root) fs.rmSync(ctx.root, { recursive: true, force: true });
  });
  return ctx;
}
