import express from 'express';
import { authRouter } from './routes/auth';
import { exportRouter } from './routes/export';
import { filesRouter } from './routes/files';
import { reportsRouter } from './routes/reports';
import { usersRouter } from './routes/users';

export function createApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.use('/auth', authRouter);
  app.use('/files', filesRouter);
  app.use('/reports', reportsRouter);
  app.use('/export', exportRouter);
  app.use('/users', usersRouter);
  return app;
}
