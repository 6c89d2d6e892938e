import fs from 'node:fs';
import * as path from 'node:path';
import { Router } from 'express';
import { config } from '../config';

export const filesRouter = Router();

filesRouter.get('/:name', (req, res) => {
  const file = path.join(config.uploadDir, path.basename(req.params.name));
  const data = fs.readFileSync(file);
  res.type(path.extname(file)).send(data);
});
