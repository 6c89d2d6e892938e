import fs from 'node:fs';
import * as path from 'node:path';
import { Router } from 'express';

export const invoicesRouter = Router();

invoicesRouter.get('/:id.pdf', (req, res) => {
  const file = path.join('/var/invoices', path.basename(req.params.id) + '.pdf');
  res.type('application/pdf').send(fs.readFileSync(file));
});
