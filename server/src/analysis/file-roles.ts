/**
 * Files that never run inside a server's request loop: tests, scripts and CLIs, build configs,
 * migrations and seeds, worker threads. Rules about request-time cost stay silent in them.
 */

const segmentReasons: [RegExp, string][] = [
  [/(^|\/)(__tests__|__mocks__|test|tests|e2e|spec|cypress|playwright)\//, 'test code'],
  [/(^|\/)(scripts|bin|cli)\//, 'script or CLI'],
  [/(^|\/)(migrations?|seeds?|seeders)\//, 'migration or seed'],
  [/(^|\/)workers?\//, 'worker code'],
];

const nameReasons: [RegExp, string][] = [
  [/\.(test|spec|e2e)\.[cm]?[jt]sx?$/, 'test code'],
  [/(^|[./-])(jest|vitest)\.setup\.[cm]?[jt]sx?$|^setup-?tests\.[cm]?[jt]sx?$/i, 'test code'],
  [/\.config\.[cm]?[jt]sx?$|^(gulpfile|gruntfile|jakefile)\.[cm]?[jt]s$/i, 'build configuration'],
  [/(^|[.-])(seed|seeds|migration)\.[cm]?[jt]s$/i, 'migration or seed'],
  [/(^|[.-])worker\.[cm]?[jt]s$/i, 'worker code'],
];

/** Why a file is not server request-time code, or undefined when it may be. */
export function nonServerReason(path: string, text: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  for (const [re, reason] of nameReasons) if (re.test(base)) return reason;
  for (const [re, reason] of segmentReasons) if (re.test(path)) return reason;
  if (text.startsWith('#!')) return 'script or CLI';
  // A worker_threads script or a piscina task runs off the server's event loop.
  if (/\b(parentPort|workerData)\b/.test(text) && /worker_threads/.test(text)) return 'worker code';
  return undefined;
}
