#!/usr/bin/env node
// `npm run demo`: a real VS Code (code-server) on 127.0.0.1 with the freshly built extension and
// a demo workspace where every rule finds something and a CPU profile waits to be opened.
// Prints the URL to open in a browser; Ctrl+C stops it. Nothing listens beyond loopback.
// Options: --port N (default: a free port), --workspace DIR (default: a copy of
// test-fixtures/demo-workspace in the temp folder, so edits never touch the repository).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './build-tests.mjs';
import { installCodeServer, makeProfile, startCodeServer, workbenchUrl } from './code-server.mjs';
import { copyFixture } from './extension-host-suite.mjs';

function option(name) {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Starts the demo and resolves with its URL and a stop function (used by the e2e check too). */
export async function startDemo({ port, workspace, quiet = false } = {}) {
  const bin = installCodeServer();
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: quiet ? 'ignore' : 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const folder = workspace ? path.resolve(workspace) : copyFixture('demo-workspace');
  if (!fs.existsSync(folder)) throw new Error(`no such folder: ${folder}`);
  // heavy-import measures real packages: the front end finds them in the repository's node_modules.
  const webModules = path.join(folder, 'web/node_modules');
  if (!workspace && !fs.existsSync(webModules)) fs.symlinkSync(path.join(repoRoot, 'node_modules'), webModules, 'dir');
  // makeProfile turns TypeScript's own checks off: the demo workspace has no node_modules, so
  // they would only underline every import.
  const profile = makeProfile(path.join(repoRoot, '.cache/demo-profile'));
  const server = await startCodeServer(bin, profile, folder, {}, port);
  return {
    url: workbenchUrl(server, folder, { extensionDevelopmentPath: repoRoot }),
    folder,
    async stop() {
      await server.stop();
      if (!workspace) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
    },
  };
}

async function main() {
  const port = option('--port');
  if (port !== undefined && !/^\d+$/.test(port)) throw new Error(`--port takes a number, not ${port}`);
  const demo = await startDemo({ port: port && Number(port), workspace: option('--workspace') });
  console.log(`\nHotpath demo: open this URL in a browser (Chromium, Chrome, Firefox, Edge):\n\n  ${demo.url}\n`);
  console.log(`Workspace: ${demo.folder}\nPress Ctrl+C to stop.`);
  const stop = async () => {
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  main().catch((err) => {
    console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
