/**
 * n-plus-one through the real protocol against the built server (dist/server.js): a loop that
 * reaches a query two files away is published with related information, its hover shows the
 * call chain, the batch quick fix applied in the editor clears the finding, and editing the
 * helper in another file re-analyses the loop's file.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../testing/apply-fix';
import { tempWorkspace } from '../testing/temp-workspace';
import { editsFor, TestClient } from './test-client';

const rule = 'n-plus-one';

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop-api', private: true, dependencies: { express: '^4.21.0', pg: '^8.0.0' } }),
  'src/lib/db.ts': ["import { Pool } from 'pg';", 'const pool = new Pool();', 'export async function query(text: string, params: unknown[]) {', '  const { rows } = await pool.query(text, params);', '  return rows;', '}', ''].join('\n'),
  'src/repositories/customers.ts': ["import { query } from '../lib/db';", 'export function findCustomer(id: number) {', "  return query('SELECT * FROM customers WHERE id = $1', [id]);", '}', ''].join('\n'),
  'src/routes/orders.ts': [
    "import { Router } from 'express';",
    "import { findCustomer } from '../repositories/customers';",
    'export const router = Router();',
    "router.get('/orders', async (req, res) => {",
    '  const orders: { id: number; customerId: number }[] = req.body.orders;',
    '  for (const order of orders) {',
    '    (order as any).customer = await findCustomer(order.customerId);',
    '  }',
    '  res.json(orders);',
    '});',
    '',
  ].join('\n'),
  'src/routes/invoices.ts': [
    "import { Pool } from 'pg';",
    "import { findCustomer } from '../repositories/customers';",
    'const pool = new Pool();',
    'export async function invoiceLines(invoices: { id: number; customerId: number }[]) {',
    '  for (const invoice of invoices) {',
    '    const customer = await findCustomer(invoice.customerId);',
    "    await pool.query('UPDATE invoices SET email = $2 WHERE id = $1', [invoice.id, customer[0]?.email]);",
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/routes/items.ts': [
    "import { Pool } from 'pg';",
    'const pool = new Pool();',
    'export async function withItems(orders: { id: number }[]) {',
    '  const out = [];',
    '  for (const order of orders) {',
    "    const { rows } = await pool.query('SELECT * FROM items WHERE order_id = $1', [order.id]);",
    '    out.push({ order, items: rows });',
    '  }',
    '  return out;',
    '}',
    '',
  ].join('\n'),
};

const ours = (ds: Diagnostic[]) => ds.filter((d) => d.source === 'hotpath' && d.code === rule);
const hasFinding = (ds: Diagnostic[]) => ours(ds).length > 0;
const noFinding = (ds: Diagnostic[]) => ours(ds).length === 0;

describe('n-plus-one over the language server protocol', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = tempWorkspace('n1', files).dir;
    client = await TestClient.start(root);
  });

  after(async () => {
    await client?.shutdown();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes the loop two files away from the query, with the chain as related information', async () => {
    const uri = await client.open('src/routes/orders.ts');
    const [d] = ours(await client.waitForDiagnostics(uri, hasFinding));
    assert.ok(d);
    assert.equal(d.range.start.line, 6);
    assert.equal(d.message, '1 query per order: `findCustomer()` (pg) runs for each element of `orders`: it calls `pool.query` (src/lib/db.ts:4)');
    assert.deepEqual(
      d.relatedInformation?.map((r) => [path.relative(root, new URL(r.location.uri).pathname), r.location.range.start.line, r.message]),
      [
        ['src/repositories/customers.ts', 2, 'calls `query()`'],
        ['src/lib/db.ts', 3, 'query: `pool.query` (pg)'],
      ],
    );
  });

  it('publishes one diagnostic per loop, the other per-item call as related information with its own message', async () => {
    const uri = await client.open('src/routes/invoices.ts');
    const ds = ours(await client.waitForDiagnostics(uri, hasFinding));
    assert.equal(ds.length, 1, ds.map((d) => d.message).join('\n'));
    assert.equal(ds[0]!.range.start.line, 5);
    assert.equal(ds[0]!.message, '2 queries per invoice: `findCustomer()` and `pool.query` run for each element of `invoices`');
    assert.deepEqual(
      ds[0]!.relatedInformation?.map((r) => [path.relative(root, new URL(r.location.uri).pathname), r.location.range.start.line, r.message]),
      [
        ['src/repositories/customers.ts', 2, 'calls `query()`'],
        ['src/lib/db.ts', 3, 'query: `pool.query` (pg)'],
        ['src/routes/invoices.ts', 6, '1 query per invoice: `pool.query` (pg) runs for each element of `invoices`'],
      ],
    );
  });

  it('hover shows the call chain from the loop to the query', async () => {
    const uri = client.uri('src/routes/orders.ts');
    const [d] = ours(client.diagnostics.get(uri) ?? []);
    assert.ok(d);
    const hover = await client.hover(uri, d.range.start);
    const md = (hover?.contents as { value: string }).value;
    assert.ok(
      md.includes(
        [
          'Call chain:',
          '1. `for … of orders` (src/routes/orders.ts:6)',
          '2. `findCustomer()` (src/routes/orders.ts:7)',
          '3. `query()` (src/repositories/customers.ts:3)',
          '4. `pool.query` (src/lib/db.ts:4)',
        ].join('\n'),
      ),
      md,
    );
  });

  it('editing the helper in another file re-analyses the loop: no query, no finding', async () => {
    const loop = client.uri('src/routes/orders.ts');
    const helper = await client.open('src/repositories/customers.ts');
    await client.replace(helper, ['export function findCustomer(id: number) {', '  return { id };', '}', ''].join('\n'));
    await client.waitForDiagnostics(loop, noFinding);
    await client.replace(helper, files['src/repositories/customers.ts']!);
    await client.waitForDiagnostics(loop, hasFinding);
  });

  it('the preferred quick fix batches the SQL and clears the finding', async () => {
    const uri = await client.open('src/routes/items.ts');
    const [d] = ours(await client.waitForDiagnostics(uri, hasFinding));
    assert.ok(d);
    const actions = await client.codeActions(uri, d.range, [d]);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.title, 'Batch into one query with `= ANY($1)` before the loop and look rows up in a Map');
    const fixed = applyEdits(files['src/routes/items.ts']!, editsFor(fix, uri));
    assert.match(fixed, /WHERE order_id = ANY\(\$1\)', \[orders\.map\(\(order\) => order\.id\)\]/);
    await client.replace(uri, fixed);
    await client.waitForDiagnostics(uri, noFinding);
  });
});
