import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalizePath } from './paths';

test('normalizePath spells every path as path.resolve does, with or without its fast path', () => {
  const cases = [
    '/', '/srv/app', '/srv/app/', '/srv//app', '/srv/./app', '/srv/../app', '/srv/app/..', '/srv/app/.', '/srv/.env',
    '/srv/..app', '/srv/app..', '/srv/.../app', '//srv', '/..', '/.', 'src/app.ts', './app.ts', '', '/srv\\app.ts', '/srv/app/users.service.ts',
  ];
  for (const c of cases) assert.equal(normalizePath(c), path.resolve(c).replace(/\\/g, '/'), JSON.stringify(c));
});
