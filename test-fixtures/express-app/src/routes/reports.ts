import { Router } from 'express';
import { renderReport } from '../services/report-renderer';

export const reportsRouter = Router();

reportsRouter.post('/:id', async (req, res) => {
  // The blocking call is one file away: renderReport runs execSync.
  const pdf = renderReport(req.params.id, req.body?.format ?? 'a4');
  res.type('application/pdf').send(pdf);
});
