import express from 'express';
import { invoicesRouter } from './routes/invoices';
import { ordersRouter } from './routes/orders';

const app = express();
app.use('/orders', ordersRouter);
app.use('/invoices', invoicesRouter);
app.listen(3000);
