import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { config } from '../config';

export interface User {
  id: string;
  email: string;
  passwordHash: Buffer;
}

let cache: Promise<User[]> | undefined;

/** Users live in a JSON file beside the uploads, read asynchronously once. */
function loadUsers(): Promise<User[]> {
  cache ??= readFile(path.join(config.uploadDir, 'users.json'), 'utf8').then((text) =>
    (JSON.parse(text) as { id: string; email: string; passwordHash: string }[]).map((u) => ({
      ...u,
      passwordHash: Buffer.from(u.passwordHash, 'hex'),
    })),
  );
  return cache;
}

export async function listUsers(): Promise<User[]> {
  return loadUsers();
}

export async function findUserById(id: string): Promise<User | undefined> {
  return (await loadUsers()).find((u) => u.id === id);
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
  return (await loadUsers()).find((u) => u.email === email.toLowerCase());
}
