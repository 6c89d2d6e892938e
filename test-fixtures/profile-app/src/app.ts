import crypto from 'node:crypto';
import express from 'express';
import { orders } from './routes/orders';
import { reports } from './routes/reports';

export const app = express();
app.use(express.json());

const salt = 'fixture-salt';

app.post('/login', async (req, res) => {
  const hash = crypto.pbkdf2Sync(String(req.body?.password ?? ''), salt, 40_000, 64, 'sha512');
  res.json({ ok: hash.length === 64 });
});

app.use('/orders', orders);
app.use('/reports', reports);
