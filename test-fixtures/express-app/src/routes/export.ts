import * as zlib from 'node:zlib';
import { Router } from 'express';
import { listUsers } from '../services/users';

export const exportRouter = Router();

exportRouter.get('/users.json.gz', async (_req, res) => {
  const users = await listUsers();
  const body = zlib.gzipSync(JSON.stringify(users.map(({ id, email }) => ({ id, email }))));
  res.set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).send(body);
});
