// Stands in for `pg` when the profile is made (make-profile.mjs aliases it): no database, but
// each query costs what a driver spends decoding rows, and resolves on a later turn.
type Row = Record<string, unknown>;

const orderRows: Row[] = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, total: (i * 37) % 500 }));
const itemRows: Row[] = Array.from({ length: 120 }, (_, i) => ({ sku: `SKU-${i}`, quantity: (i % 5) + 1, note: 'n'.repeat(40) }));

export class Pool {
  constructor(readonly options: { connectionString?: string }) {}

  async query(text: string, params: unknown[] = []): Promise<{ rows: Row[] }> {
    const source = text.includes('order_items') ? itemRows : orderRows;
    const wire = JSON.stringify({ text, params, rows: source });
    const rows = (JSON.parse(wire) as { rows: Row[] }).rows;
    await new Promise((resolve) => setImmediate(resolve));
    return { rows };
  }
}
