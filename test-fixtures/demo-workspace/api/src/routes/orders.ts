import { Router } from 'express';
import { prisma } from '../db';

export const ordersRouter = Router();

ordersRouter.get('/', async (req, res) => {
  const orders = await prisma.order.findMany({ where: { userId: String(req.query.user) } });
  for (const order of orders) {
    order.items = await prisma.orderItem.findMany({ where: { orderId: order.id } });
  }
  res.json(orders);
});
