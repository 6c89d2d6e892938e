import { Router } from 'express';
import { pool } from '../db';

export const orders = Router();

orders.get('/', listOrders);

async function listOrders(req: { query: { customer?: string } }, res: { json(body: unknown): void }) {
  const { rows } = await pool.query('select id, total from orders where customer_id = $1', [req.query.customer]);
  for (const order of rows) {
    const items = await pool.query('select sku, quantity from order_items where order_id = $1', [order.id]);
    order.items = items.rows;
  }
  res.json(rows);
}
