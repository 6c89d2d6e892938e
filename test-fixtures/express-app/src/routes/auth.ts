import crypto from 'node:crypto';
import { Router } from 'express';
import { config } from '../config';
import { findUserByEmail } from '../services/users';

export const authRouter = Router();

authRouter.post('/login', async (req, res) => {
  const { email, password } = req.body as { email: string; password: string };
  const user = await findUserByEmail(email);
  const hash = crypto.pbkdf2Sync(password, config.passwordSalt, 310_000, 32, 'sha256');
  if (!user || !crypto.timingSafeEqual(hash, user.passwordHash)) {
    res.status(401).json({ error: 'invalid credentials' });
    return;
  }
  res.json({ id: user.id, email: user.email });
});
