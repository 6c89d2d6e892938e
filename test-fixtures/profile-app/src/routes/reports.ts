import { Router } from 'express';
import { compressedReport } from '../services/report';

export const reports = Router();

reports.get('/latest.gz', compressedReport);
