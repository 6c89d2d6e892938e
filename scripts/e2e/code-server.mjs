// Starts and stops code-server (a real VS Code, from .cache/) for the e2e runner and the demo.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './build-tests.mjs';

/** Installs code-server when missing (idempotent) and returns its executable. */
export function installCodeServer() {
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts/e2e/install-code-server.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`installing code-server failed (exit ${result.status}); see the messages above`);
  return result.stdout.trim().split('\n').pop();
}

/**
 * A fresh profile under `dir`: settings that keep dialogs (workspace trust, welcome page) from
 * covering the editor, and config/data/cache folders that keep code-server out of $HOME (VS Code's
 * server writes a device id under the cache folder).
 */
export function makeProfile(dir, extraSettings = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  const profile = {
    dir,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    env: { XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data'), XDG_CACHE_HOME: path.join(dir, 'cache'), XDG_STATE_HOME: path.join(dir, 'state') },
  };
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    // The fixtures have no node_modules, so TypeScript would underline every import; that
    // clutters the screenshots and competes with Hotpath for the machine's two cores.
    'typescript.validate.enable': false,
    'javascript.validate.enable': false,
    'editor.minimap.enabled': false,
    ...extraSettings,
  };
  fs.writeFileSync(path.join(profile.userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  return profile;
}

/** `code-server --install-extension file.vsix` into the profile's extensions folder. */
export function installExtension(bin, profile, vsix) {
  const args = ['--install-extension', vsix, '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir, '--force'];
  const result = spawnSync(bin, args, { env: { ...process.env, ...profile.env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`code-server --install-extension failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  const list = spawnSync(bin, ['--list-extensions', '--show-versions', '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir], {
    env: { ...process.env, ...profile.env },
    encoding: 'utf8',
  });
  return list.stdout.trim().split('\n').filter(Boolean);
}

/**
 * Starts code-server on a loopback port (by default a free one) with `folder` open. Resolves once it listens;
 * `lines` collects its log, where the extension host's exit code appears.
 */
export function startCodeServer(bin, profile, folder, env = {}, port = 0) {
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    folder,
  ];
  const child = spawn(bin, args, { env: { ...process.env, ...profile.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const log = fs.createWriteStream(path.join(profile.dir, 'code-server.log'));
  const listeners = new Set();
  const onData = (chunk) => {
    log.write(chunk);
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      for (const l of listeners) l(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const server = {
    child,
    lines,
    url: '',
    /** Resolves with the first log line matching `re` (already seen or still to come). */
    waitForLine(re, timeoutMs, what) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
        const onExit = (code) => done(new Error(`code-server exited (${code}) while waiting for ${what}:\n${lines.slice(-20).join('\n')}`));
        const listener = (line) => re.test(line) && done(undefined, line);
        function done(err, line) {
          clearTimeout(timer);
          listeners.delete(listener);
          child.off('exit', onExit);
          if (err) reject(err);
          else resolve(line);
        }
        listeners.add(listener);
        child.once('exit', onExit);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
  return server.waitForLine(/HTTP server listening on http:\/\/127\.0\.0\.1:\d+/, 30_000, 'code-server to listen').then((line) => {
    server.url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)[0];
    return server;
  });
}

/**
 * The workbench URL. With `tests`, VS Code loads the extension from `extensionDevelopmentPath`
 * and runs `extensionTestsPath` (code-server's CLI rejects these flags; the URL payload takes them).
 */
export function workbenchUrl(server, folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://${new URL(server.url).host}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams({ folder });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query}`;
}
