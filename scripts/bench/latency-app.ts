/**
 * The app the language server's edit latency is measured on: a Vite + React + Express storefront
 * whose main module (about 3,000 lines) is both server code (Express routes that render pages,
 * Prisma queries in loops, a helper in another file that reads templates with readFileSync) and
 * the React components those pages render (components with images, a whole-lodash import). Every
 * rule gets past its text prefilter there; heavy-import stops at its file-role check (a module
 * that imports express and calls listen is server code: no bundle pays for its imports). Most of
 * what the rules look at is fine, as in a real module: only every sixth feature has an N+1 loop,
 * a blocking call in a route and an unsized image.
 *
 * Written by code rather than checked in, so the size is a parameter and the corpus stays
 * third-party code; `lodash` comes from the corpus's npm install, so heavy-import measures it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LatencyApp {
  root: string;
  /** The module that is edited, relative to `root`. */
  file: string;
  /** Features with a finding of n-plus-one, sync-in-handler and image-dimensions each. */
  flaggedFeatures: number;
}

const entities = [
  'product', 'order', 'review', 'customer', 'cart', 'coupon', 'category', 'supplier', 'shipment', 'invoice', 'wishlist', 'banner',
  'article', 'store', 'brand', 'refund', 'subscription', 'payment', 'warehouse', 'campaign', 'voucher', 'bundle', 'gift', 'ticket',
];

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function feature(e: string, flagged: boolean): string {
  const E = cap(e);
  const loader = flagged
    ? `  const owners: Owner[] = [];
  for (const row of rows) {
    // One query per ${e}: the loop the n-plus-one rule is about.
    const owner = await prisma.user.findFirst({ where: { id: row.ownerId } });
    if (owner) owners.push(owner);
  }`
    : `  const ownerIds = _.uniq(rows.map((row) => row.ownerId));
  const owners: Owner[] = await prisma.user.findMany({ where: { id: { in: ownerIds } } });`;
  const page = flagged ? `  const layout = renderLayout('${e}s');` : `  const layout = layouts.get('${e}s') ?? '<!doctype html><div id="root">{{body}}</div>';`;
  const image = flagged ? `<img src={row.imageUrl} alt={row.name} className="thumb" />` : `<img src={row.imageUrl} alt={row.name} width={320} height={240} className="thumb" />`;
  return `
// ---------------------------------------------------------------------------------------------
// ${E}s
// ---------------------------------------------------------------------------------------------

export interface ${E}Row {
  id: string;
  name: string;
  slug: string;
  imageUrl: string;
  ownerId: string;
  priceCents: number;
  tags: string[];
  createdAt: Date;
}

export interface ${E}Filter {
  query?: string;
  tag?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  page: number;
}

export function parse${E}Filter(input: Record<string, unknown>): ${E}Filter {
  const page = Number(input.page ?? 0);
  const filter: ${E}Filter = { page: Number.isFinite(page) && page >= 0 ? Math.floor(page) : 0 };
  if (typeof input.q === 'string' && input.q.trim() !== '') filter.query = input.q.trim().slice(0, 100);
  if (typeof input.tag === 'string') filter.tag = input.tag;
  const min = Number(input.min);
  const max = Number(input.max);
  if (Number.isFinite(min)) filter.minPriceCents = Math.round(min * 100);
  if (Number.isFinite(max)) filter.maxPriceCents = Math.round(max * 100);
  return filter;
}

function ${e}Where(filter: ${E}Filter) {
  return {
    ...(filter.query ? { name: { contains: filter.query, mode: 'insensitive' as const } } : {}),
    ...(filter.tag ? { tags: { has: filter.tag } } : {}),
    priceCents: { gte: filter.minPriceCents ?? 0, lte: filter.maxPriceCents ?? Number.MAX_SAFE_INTEGER },
  };
}

export function format${E}Title(row: ${E}Row): string {
  const words = row.name.trim().split(/\\s+/);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(' ');
}

export function summarize${E}s(rows: ${E}Row[]): [string, number][] {
  const byOwner = new Map<string, number>();
  for (const row of rows) {
    byOwner.set(row.ownerId, (byOwner.get(row.ownerId) ?? 0) + 1);
  }
  return _.sortBy([...byOwner.entries()], ([, n]) => -n).slice(0, 10);
}

export async function load${E}Page(filter: ${E}Filter) {
  const rows: ${E}Row[] = await prisma.${e}.findMany({
    where: ${e}Where(filter),
    skip: filter.page * pageSize,
    take: pageSize,
    orderBy: { createdAt: 'desc' },
  });
${loader}
  const total = await prisma.${e}.count({ where: ${e}Where(filter) });
  return { rows, owners, total, pages: Math.ceil(total / pageSize) };
}

app.get('/api/${e}s', async (req, res) => {
  const filter = parse${E}Filter(req.query);
  const data = await load${E}Page(filter);
  res.set('Cache-Control', 'private, max-age=30');
  res.json({ ...data, summary: summarize${E}s(data.rows) });
});

app.get('/api/${e}s/:id', async (req, res, next) => {
  try {
    const row = await prisma.${e}.findUnique({ where: { id: req.params.id } });
    if (!row) return res.status(404).json({ error: '${e} not found' });
    res.json(row);
  } catch (err) {
    next(err);
  }
});

app.get('/${e}s', async (req, res) => {
  const data = await load${E}Page(parse${E}Filter(req.query));
${page}
  const body = renderToString(<${E}List rows={data.rows} total={data.total} />);
  res.type('html').send(layout.replace('{{body}}', body));
});

export function ${E}Card({ row, onSelect }: { row: ${E}Row; onSelect?: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const price = useMemo(() => formatPrice(row.priceCents), [row.priceCents]);
  return (
    <article className="card ${e}-card" onClick={() => onSelect?.(row.id)}>
      ${image}
      <h3>{format${E}Title(row)}</h3>
      <p className="price">{price}</p>
      <button type="button" onClick={() => setOpen(!open)}>
        {open ? 'Hide' : 'Show'} details
      </button>
      {open && (
        <ul className="tags">
          {row.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function ${E}List({ rows, total }: { rows: ${E}Row[]; total: number }) {
  const [selected, setSelected] = useState<string | undefined>();
  const sorted = useMemo(() => _.orderBy(rows, ['createdAt'], ['desc']), [rows]);
  const grouped = useMemo(() => _.groupBy(sorted, (row) => row.tags[0] ?? 'other'), [sorted]);
  return (
    <section className="${e}-list">
      <header>
        <h2>${E}s ({total})</h2>
        {selected && <p>Selected: {selected}</p>}
      </header>
      {Object.entries(grouped).map(([tag, group]) => (
        <div key={tag} className="group">
          <h4>{tag}</h4>
          {group.map((row) => (
            <${E}Card key={row.id} row={row} onSelect={setSelected} />
          ))}
        </div>
      ))}
    </section>
  );
}
`;
}

const header = `/**
 * Storefront: the Express routes that serve the shop's JSON and server-rendered pages, and the
 * React components those pages render (hydrated in the browser by src/client.tsx).
 */
import express from 'express';
import _ from 'lodash';
import { useMemo, useState } from 'react';
import { renderToString } from 'react-dom/server';
import { prisma } from './db';
import { renderLayout } from './templates';

interface Owner {
  id: string;
  name: string;
}

export const app = express();
const pageSize = 24;
const layouts = new Map<string, string>();

function formatPrice(cents: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
}
`;

const footer = `
app.listen(Number(process.env.PORT ?? 3000));
`;

export function writeLatencyApp(dir: string, lodashDir: string, targetLines = 3000): LatencyApp {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'storefront',
        private: true,
        type: 'module',
        scripts: { dev: 'vite', build: 'vite build && tsc -p server' },
        dependencies: { '@prisma/client': '^6.0.0', express: '^4.21.2', lodash: '^4.17.21', react: '^18.3.1', 'react-dom': '^18.3.1' },
        devDependencies: { vite: '^5.4.0' },
      },
      null,
      2,
    ) + '\n',
  );
  fs.symlinkSync(lodashDir, path.join(dir, 'node_modules', 'lodash'), 'dir');
  fs.writeFileSync(path.join(dir, 'src/db.ts'), `import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n`);
  fs.writeFileSync(
    path.join(dir, 'src/templates.ts'),
    `import * as fs from 'node:fs';
import * as path from 'node:path';

const folder = path.join(process.cwd(), 'templates');

/** The page layout for a section, read from disk on every call. */
export function renderLayout(section: string): string {
  const html = fs.readFileSync(path.join(folder, \`\${section}.html\`), 'utf8');
  return html.replace('{{section}}', section);
}
`,
  );
  let text = header;
  let flaggedFeatures = 0;
  for (let i = 0; text.split('\n').length < targetLines - 10; i++) {
    const flagged = i % 6 === 0;
    if (flagged) flaggedFeatures++;
    const e = entities[i % entities.length]! + (i >= entities.length ? String(Math.floor(i / entities.length) + 1) : '');
    text += feature(e, flagged);
  }
  text += footer;
  const file = 'src/storefront.tsx';
  fs.writeFileSync(path.join(dir, file), text);
  // Its own repository, as the corpus is: this repository's .gitignore hides .work/ from Hotpath.
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return { root: dir, file, flaggedFeatures };
}
