/**
 * What Hotpath must show in test-fixtures/express-app (see test-fixtures/README.md, which the
 * CLI tests check with the same positions). Ranges are 0-based, as VS Code's API gives them.
 */
export const expectedFindings = [
  { file: 'src/routes/auth.ts', range: '10:15-10:86', message: /`crypto\.pbkdf2Sync` blocks the event loop in the handler for POST \/login/ },
  { file: 'src/routes/export.ts', range: '8:15-8:91', message: /`zlib\.gzipSync` blocks the event loop in the handler for GET \/users\.json\.gz/ },
  { file: 'src/routes/files.ts', range: '9:15-9:36', message: /`fs\.readFileSync` blocks the event loop in the handler for GET \/:name/ },
  { file: 'src/services/report-renderer.ts', range: '8:9-8:108', message: /`child_process\.execSync` in `renderReport` blocks the event loop of the handler for POST \/:id/ },
] as const;

/** Files with look-alikes that are deliberately not findings. */
export const cleanFiles = [
  'src/config.ts',
  'src/main.ts',
  'src/routes/users.ts',
  'src/routes/files.test.ts',
  'src/services/users.ts',
  'src/routes/reports.ts',
  'scripts/seed.ts',
];
