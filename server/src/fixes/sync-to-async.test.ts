/**
 * Each case is handler code as people write it, the blocking call to fix (the first call
 * whose text starts with `call`), and the exact text after the fix. Every output must parse
 * and type-check against the real @types/node (framework packages are stubbed below).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { SourceDoc } from '../engine/source';
import { applyEdits } from '../testing/apply-fix';
import { assertParses } from '../testing/rule-tester';
import { typecheck, type TypecheckOptions } from '../testing/typecheck';
import { noFixReason, syncToAsyncFix, type BlockingApi, type SyncCallSite } from './sync-to-async';

/** Which module each blocking function comes from, as the rule resolves it from imports. */
const apiModules: Record<string, string> = {
  readFileSync: 'fs',
  writeFileSync: 'fs',
  appendFileSync: 'fs',
  readdirSync: 'fs',
  statSync: 'fs',
  mkdirSync: 'fs',
  unlinkSync: 'fs',
  existsSync: 'fs',
  openSync: 'fs',
  execSync: 'child_process',
  execFileSync: 'child_process',
  spawnSync: 'child_process',
  pbkdf2Sync: 'crypto',
  scryptSync: 'crypto',
  generateKeyPairSync: 'crypto',
  gzipSync: 'zlib',
  gunzipSync: 'zlib',
  brotliCompressSync: 'zlib',
  hashSync: 'bcrypt',
  compareSync: 'bcrypt',
};

const stubs = {
  express: `declare module 'express' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  function express(): express.Application;
  namespace express {
    interface Request extends IncomingMessage { params: Record<string, string>; query: Record<string, string | undefined>; body: any }
    interface Response extends ServerResponse { send(body: unknown): this; json(body: unknown): this; status(code: number): this; type(t: string): this }
    type Handler = (req: Request, res: Response, next: (err?: unknown) => void) => unknown;
    interface Application { get(path: string, ...h: Handler[]): this; post(path: string, ...h: Handler[]): this; listen(port: number): void }
  }
  export = express;
}
`,
  koa: `declare module 'koa' {
  class Koa { use(mw: (ctx: Koa.Context, next: () => Promise<void>) => unknown): this; listen(port: number): void }
  namespace Koa { interface Context { body: unknown; status: number; path: string; request: { body?: any } } }
  export = Koa;
}
`,
  fastify: `declare module 'fastify' {
  export interface FastifyRequest { params: any; query: any; body: any }
  export interface FastifyReply { send(p: unknown): this; type(t: string): this; header(k: string, v: string): this }
  export interface FastifyInstance {
    get(path: string, h: (request: FastifyRequest, reply: FastifyReply) => unknown): void;
    post(path: string, h: (request: FastifyRequest, reply: FastifyReply) => unknown): void;
  }
  export default function fastify(opts?: object): FastifyInstance;
}
`,
  nest: `declare module '@nestjs/common' {
  export function Controller(prefix?: string): ClassDecorator;
  export function Get(path?: string): MethodDecorator;
  export function Post(path?: string): MethodDecorator;
  export function Param(name?: string): ParameterDecorator;
  export function Body(): ParameterDecorator;
}
`,
  next: `declare module 'next/server' {
  export type NextRequest = Request;
  export const NextResponse: { json(body: unknown, init?: { status?: number }): Response };
}
`,
  bcrypt: `declare module 'bcrypt' {
  export function hashSync(data: string, rounds: number): string;
  export function hash(data: string, rounds: number): Promise<string>;
  export function compareSync(data: string, encrypted: string): boolean;
  export function compare(data: string, encrypted: string): Promise<boolean>;
}
`,
};

interface FixCase {
  name: string;
  /** Relative path; the extension decides TS or JS. Default `src/server.ts`. */
  filename?: string;
  code: string;
  /** The blocking call: the first call whose text starts with this. */
  call: string;
  output: string;
  title: string;
  /** Ambient declarations the fixed code needs (framework stubs). */
  stubs?: string[];
  typecheck?: TypecheckOptions;
}

const cases: FixCase[] = [
  {
    name: 'Express, default import of fs, arrow handler',
    code: `import express from 'express';
import fs from 'fs';

const app = express();

app.get('/config', (req, res) => {
  const text = fs.readFileSync('config.json', 'utf8');
  res.json(JSON.parse(text));
});
`,
    call: 'fs.readFileSync',
    output: `import express from 'express';
import fs from 'fs';
import { readFile } from 'fs/promises';

const app = express();

app.get('/config', async (req, res) => {
  const text = await readFile('config.json', 'utf8');
  res.json(JSON.parse(text));
});
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'Express, namespace import of node:fs, function expression, member access needs parentheses',
    code: `import express from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';

const app = express();

app.get('/readme', function (req, res) {
  const body = fs.readFileSync(path.join(__dirname, 'README.md')).toString('utf8');
  res.type('text/markdown').send(body);
});
`,
    call: 'fs.readFileSync',
    output: `import express from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';

const app = express();

app.get('/readme', async function (req, res) {
  const body = (await readFile(path.join(__dirname, 'README.md'))).toString('utf8');
  res.type('text/markdown').send(body);
});
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'Express in CommonJS JavaScript: const fs = require(...)',
    filename: 'src/app.js',
    code: `'use strict';
const express = require('express');
const fs = require('node:fs');

const app = express();

app.get('/users', function (req, res) {
  const users = JSON.parse(fs.readFileSync('./data/users.json', 'utf8'));
  res.json(users);
});

module.exports = app;
`,
    call: 'fs.readFileSync',
    output: `'use strict';
const express = require('express');
const fs = require('node:fs');
const { readFile } = require('node:fs/promises');

const app = express();

app.get('/users', async function (req, res) {
  const users = JSON.parse(await readFile('./data/users.json', 'utf8'));
  res.json(users);
});

module.exports = app;
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
    typecheck: { module: 'commonjs' },
  },
  {
    name: 'named import from node:fs, bare call',
    code: `import express from 'express';
import { readFileSync } from 'node:fs';

const app = express();

app.get('/terms', (_req, res) => {
  res.type('html').send(readFileSync('static/terms.html', 'utf8'));
});
`,
    call: 'readFileSync',
    output: `import express from 'express';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const app = express();

app.get('/terms', async (_req, res) => {
  res.type('html').send(await readFile('static/terms.html', 'utf8'));
});
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'aliased named import',
    code: `import express from 'express';
import { readFileSync as slurp } from 'fs';

const app = express();

app.get('/license', (_req, res) => {
  const license = slurp('LICENSE', 'utf8');
  res.send(license);
});
`,
    call: 'slurp',
    output: `import express from 'express';
import { readFileSync as slurp } from 'fs';
import { readFile } from 'fs/promises';

const app = express();

app.get('/license', async (_req, res) => {
  const license = await readFile('LICENSE', 'utf8');
  res.send(license);
});
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'destructured require in JavaScript',
    filename: 'src/routes.js',
    code: `const express = require('express');
const { readFileSync } = require('fs');

const router = express();

router.get('/version', (req, res) => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  res.json({ version: pkg.version });
});

module.exports = router;
`,
    call: 'readFileSync',
    output: `const express = require('express');
const { readFileSync } = require('fs');
const { readFile } = require('fs/promises');

const router = express();

router.get('/version', async (req, res) => {
  const pkg = JSON.parse(await readFile('package.json', 'utf8'));
  res.json({ version: pkg.version });
});

module.exports = router;
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
    typecheck: { module: 'commonjs' },
  },
  {
    name: 'adds the name to an existing fs/promises import',
    code: `import express from 'express';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

const app = express();

app.post('/notes', async (req, res) => {
  await writeFile('notes.txt', String(req.body));
  res.send(readFileSync('notes.txt', 'utf8'));
});
`,
    call: 'readFileSync',
    output: `import express from 'express';
import { readFileSync } from 'node:fs';
import { writeFile, readFile } from 'node:fs/promises';

const app = express();

app.post('/notes', async (req, res) => {
  await writeFile('notes.txt', String(req.body));
  res.send(await readFile('notes.txt', 'utf8'));
});
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'reuses an existing readFile binding (aliased)',
    code: `import express from 'express';
import { readFileSync } from 'node:fs';
import { readFile as readFileAsync } from 'node:fs/promises';

const app = express();

app.get('/a', async (_req, res) => {
  res.send(await readFileAsync('a.txt', 'utf8'));
});

app.get('/b', (_req, res) => {
  res.send(readFileSync('b.txt', 'utf8'));
});
`,
    call: 'readFileSync(',
    output: `import express from 'express';
import { readFileSync } from 'node:fs';
import { readFile as readFileAsync } from 'node:fs/promises';

const app = express();

app.get('/a', async (_req, res) => {
  res.send(await readFileAsync('a.txt', 'utf8'));
});

app.get('/b', async (_req, res) => {
  res.send(await readFileAsync('b.txt', 'utf8'));
});
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'reuses fs.promises through import { promises as fsp }',
    code: `import express from 'express';
import { promises as fsp, readFileSync } from 'fs';

const app = express();

app.get('/b', (_req, res) => {
  res.send(readFileSync('b.txt', 'utf8'));
});
void fsp;
`,
    call: 'readFileSync(',
    output: `import express from 'express';
import { promises as fsp, readFileSync } from 'fs';

const app = express();

app.get('/b', async (_req, res) => {
  res.send(await fsp.readFile('b.txt', 'utf8'));
});
void fsp;
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'picks a free name when readFile is taken',
    code: `import express from 'express';
import fs from 'node:fs';

const app = express();

function readFile(name: string): string {
  return name.toUpperCase();
}

app.get('/x', (_req, res) => {
  res.send(readFile('x') + fs.readFileSync('x.txt', 'utf8'));
});
`,
    call: 'fs.readFileSync',
    output: `import express from 'express';
import fs from 'node:fs';
import { readFile as readFileAsync } from 'node:fs/promises';

const app = express();

function readFile(name: string): string {
  return name.toUpperCase();
}

app.get('/x', async (_req, res) => {
  res.send(readFile('x') + await readFileAsync('x.txt', 'utf8'));
});
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'Koa middleware, writeFileSync as a statement',
    code: `import Koa from 'koa';
import { writeFileSync } from 'node:fs';

const app = new Koa();

app.use((ctx) => {
  writeFileSync('last-request.json', JSON.stringify({ path: ctx.path }));
  ctx.status = 204;
});
`,
    call: 'writeFileSync',
    output: `import Koa from 'koa';
import { writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

const app = new Koa();

app.use(async (ctx) => {
  await writeFile('last-request.json', JSON.stringify({ path: ctx.path }));
  ctx.status = 204;
});
`,
    title: 'Use await writeFile from fs/promises',
    stubs: [stubs.koa],
  },
  {
    name: 'Koa, already-async middleware: only the call changes',
    code: `import Koa from 'koa';
import * as fs from 'fs';

const app = new Koa();

app.use(async (ctx, next) => {
  await next();
  fs.appendFileSync('access.log', ctx.path + '\\n');
});
`,
    call: 'fs.appendFileSync',
    output: `import Koa from 'koa';
import * as fs from 'fs';
import { appendFile } from 'fs/promises';

const app = new Koa();

app.use(async (ctx, next) => {
  await next();
  await appendFile('access.log', ctx.path + '\\n');
});
`,
    title: 'Use await appendFile from fs/promises',
    stubs: [stubs.koa],
  },
  {
    name: 'Fastify route, readdirSync in a spread',
    code: `import fastify from 'fastify';
import { readdirSync } from 'node:fs';

const server = fastify();

server.get('/uploads', (request, reply) => {
  const names = [...readdirSync('uploads')].sort();
  return reply.send(names);
});
`,
    call: 'readdirSync',
    output: `import fastify from 'fastify';
import { readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';

const server = fastify();

server.get('/uploads', async (request, reply) => {
  const names = [...await readdir('uploads')].sort();
  return reply.send(names);
});
`,
    title: 'Use await readdir from fs/promises',
    stubs: [stubs.fastify],
  },
  {
    name: 'Fastify, statSync(...).size needs parentheses',
    code: `import fastify from 'fastify';
import fs from 'node:fs';

const server = fastify();

server.get('/size', (request: { query: { file: string } }) => {
  return { bytes: fs.statSync(request.query.file).size };
});
`,
    call: 'fs.statSync',
    output: `import fastify from 'fastify';
import fs from 'node:fs';
import { stat } from 'node:fs/promises';

const server = fastify();

server.get('/size', async (request: { query: { file: string } }) => {
  return { bytes: (await stat(request.query.file)).size };
});
`,
    title: 'Use await stat from fs/promises',
    stubs: [stubs.fastify],
  },
  {
    name: 'Next.js route.ts: exported function with a return type',
    filename: 'app/api/upload/route.ts',
    code: `import { mkdirSync } from 'node:fs';
import { NextResponse } from 'next/server';

export function POST(request: Request): Response {
  mkdirSync('/tmp/uploads', { recursive: true });
  return NextResponse.json({ ok: true, url: request.url });
}
`,
    call: 'mkdirSync',
    output: `import { mkdirSync } from 'node:fs';
import { NextResponse } from 'next/server';
import { mkdir } from 'node:fs/promises';

export async function POST(request: Request): Promise<Response> {
  await mkdir('/tmp/uploads', { recursive: true });
  return NextResponse.json({ ok: true, url: request.url });
}
`,
    title: 'Use await mkdir from fs/promises',
    stubs: [stubs.next],
  },
  {
    name: 'Next.js route.ts: exported const arrow handler',
    filename: 'app/api/posts/route.ts',
    code: `import fs from 'fs';
import type { NextRequest } from 'next/server';

export const GET = (req: NextRequest) => {
  const posts = fs.readdirSync('content/posts').filter((f) => f.endsWith('.md'));
  return Response.json({ posts, from: req.url });
};
`,
    call: 'fs.readdirSync',
    output: `import fs from 'fs';
import type { NextRequest } from 'next/server';
import { readdir } from 'fs/promises';

export const GET = async (req: NextRequest) => {
  const posts = (await readdir('content/posts')).filter((f) => f.endsWith('.md'));
  return Response.json({ posts, from: req.url });
};
`,
    title: 'Use await readdir from fs/promises',
    stubs: [stubs.next],
  },
  {
    name: 'NestJS controller method with decorators and a return type',
    code: `import { Controller, Get, Param } from '@nestjs/common';
import { readFileSync } from 'fs';

@Controller('templates')
export class TemplatesController {
  @Get(':name')
  public findOne(@Param('name') name: string): string {
    return readFileSync(\`templates/\${name}.html\`, 'utf8');
  }
}
`,
    call: 'readFileSync',
    output: `import { Controller, Get, Param } from '@nestjs/common';
import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';

@Controller('templates')
export class TemplatesController {
  @Get(':name')
  public async findOne(@Param('name') name: string): Promise<string> {
    return await readFile(\`templates/\${name}.html\`, 'utf8');
  }
}
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.nest],
    typecheck: { compilerOptions: { experimentalDecorators: true } },
  },
  {
    name: 'http.createServer callback, call as an argument',
    code: `import http from 'node:http';
import fs from 'node:fs';

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end(fs.readFileSync('public/index.html'));
});

server.listen(8080);
`,
    call: 'fs.readFileSync',
    output: `import http from 'node:http';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';

const server = http.createServer(async (req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end(await readFile('public/index.html'));
});

server.listen(8080);
`,
    title: 'Use await readFile from fs/promises',
  },
  {
    name: 'function declaration handler with a void return type, non-null assertion',
    code: `import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';

export default function handler(req: IncomingMessage, res: ServerResponse): void {
  const page = readFileSync('page.html', 'utf8')!.replace('{{url}}', req.url ?? '/');
  res.end(page);
}
`,
    call: 'readFileSync',
    output: `import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export default async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const page = (await readFile('page.html', 'utf8'))!.replace('{{url}}', req.url ?? '/');
  res.end(page);
}
`,
    title: 'Use await readFile from fs/promises',
  },
  {
    name: 'method in an object literal of handlers, unlinkSync',
    code: `import express from 'express';
import { unlinkSync } from 'fs';

export const handlers = {
  remove(req: express.Request, res: express.Response) {
    unlinkSync(\`uploads/\${req.params.id}\`);
    res.status(204).end();
  },
};
`,
    call: 'unlinkSync',
    output: `import express from 'express';
import { unlinkSync } from 'fs';
import { unlink } from 'fs/promises';

export const handlers = {
  async remove(req: express.Request, res: express.Response) {
    await unlink(\`uploads/\${req.params.id}\`);
    res.status(204).end();
  },
};
`,
    title: 'Use await unlink from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'double quotes and no semicolons are kept',
    code: `import express from "express"
import fs from "fs"

const app = express()

app.get("/motd", (req, res) => {
  res.send(fs.readFileSync("motd.txt", "utf8"))
})
`,
    call: 'fs.readFileSync',
    output: `import express from "express"
import fs from "fs"
import { readFile } from "fs/promises"

const app = express()

app.get("/motd", async (req, res) => {
  res.send(await readFile("motd.txt", "utf8"))
})
`,
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'CRLF line endings are kept',
    code: "import express from 'express';\r\nimport fs from 'fs';\r\n\r\nconst app = express();\r\n\r\napp.get('/', (req, res) => {\r\n  res.send(fs.readFileSync('a.txt', 'utf8'));\r\n});\r\n",
    call: 'fs.readFileSync',
    output:
      "import express from 'express';\r\nimport fs from 'fs';\r\nimport { readFile } from 'fs/promises';\r\n\r\nconst app = express();\r\n\r\napp.get('/', async (req, res) => {\r\n  res.send(await readFile('a.txt', 'utf8'));\r\n});\r\n",
    title: 'Use await readFile from fs/promises',
    stubs: [stubs.express],
  },
  {
    name: 'execSync without options, value used: Buffer result kept with encoding buffer',
    code: `import express from 'express';
import { execSync } from 'node:child_process';

const app = express();

app.get('/version', (_req, res) => {
  const sha = execSync('git rev-parse HEAD').toString().trim();
  res.json({ sha });
});
`,
    call: 'execSync',
    output: `import express from 'express';
import { execSync, exec } from 'node:child_process';
import { promisify } from 'node:util';
const execAsync = promisify(exec);

const app = express();

app.get('/version', async (_req, res) => {
  const sha = (await execAsync('git rev-parse HEAD', { encoding: 'buffer' })).stdout.toString().trim();
  res.json({ sha });
});
`,
    title: 'Use await execAsync (promisified exec)',
    stubs: [stubs.express],
  },
  {
    name: 'execSync as a statement: no stdout, no encoding',
    code: `import express from 'express';
import { execSync } from 'child_process';

const app = express();

app.post('/deploy', (_req, res) => {
  execSync('npm run build');
  res.sendStatus(202);
});
`,
    call: 'execSync',
    output: `import express from 'express';
import { execSync, exec } from 'child_process';
import { promisify } from 'util';
const execAsync = promisify(exec);

const app = express();

app.post('/deploy', async (_req, res) => {
  await execAsync('npm run build');
  res.sendStatus(202);
});
`,
    title: 'Use await execAsync (promisified exec)',
    stubs: [stubs.express.replace('status(code: number): this;', 'status(code: number): this; sendStatus(code: number): this;')],
  },
  {
    name: 'execSync with a literal utf8 encoding gives a string',
    code: `import express from 'express';
import * as cp from 'node:child_process';
import util from 'node:util';

const app = express();

app.get('/disk', (_req, res) => {
  const report: string = cp.execSync('df -h', { encoding: 'utf8', timeout: 5000 });
  res.type('text/plain').send(report);
});
`,
    call: 'cp.execSync',
    output: `import express from 'express';
import * as cp from 'node:child_process';
import util from 'node:util';
const execAsync = util.promisify(cp.exec);

const app = express();

app.get('/disk', async (_req, res) => {
  const report: string = (await execAsync('df -h', { encoding: 'utf8', timeout: 5000 })).stdout;
  res.type('text/plain').send(report);
});
`,
    title: 'Use await execAsync (promisified exec)',
    stubs: [stubs.express],
  },
  {
    name: 'execSync with options but no encoding: encoding buffer is added first',
    code: `import express from 'express';
import { execSync } from 'node:child_process';

const app = express();

app.get('/log', (req, res) => {
  const dir = String(req.query.dir);
  const out: Buffer = execSync('git log -1', { cwd: dir });
  res.send(out);
});
`,
    call: 'execSync',
    output: `import express from 'express';
import { execSync, exec } from 'node:child_process';
import { promisify } from 'node:util';
const execAsync = promisify(exec);

const app = express();

app.get('/log', async (req, res) => {
  const dir = String(req.query.dir);
  const out: Buffer = (await execAsync('git log -1', { encoding: 'buffer', cwd: dir })).stdout;
  res.send(out);
});
`,
    title: 'Use await execAsync (promisified exec)',
    stubs: [stubs.express],
  },
  {
    name: 'execSync in CommonJS: destructured requires are extended',
    filename: 'server.js',
    code: `const http = require('http');
const { execSync } = require('child_process');

http.createServer((req, res) => {
  res.end(execSync('uptime', { encoding: 'utf8' }));
}).listen(3000);
`,
    call: 'execSync',
    output: `const http = require('http');
const { execSync, exec } = require('child_process');
const { promisify } = require('util');
const execAsync = promisify(exec);

http.createServer(async (req, res) => {
  res.end((await execAsync('uptime', { encoding: 'utf8' })).stdout);
}).listen(3000);
`,
    title: 'Use await execAsync (promisified exec)',
    typecheck: { module: 'commonjs' },
  },
  {
    name: 'reuses an existing promisified exec',
    code: `import express from 'express';
import { exec, execSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(exec);
const app = express();

app.get('/branch', (_req, res) => {
  res.send(execSync('git branch --show-current', { encoding: 'utf8' }).trim());
});
`,
    call: 'execSync',
    output: `import express from 'express';
import { exec, execSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(exec);
const app = express();

app.get('/branch', async (_req, res) => {
  res.send((await run('git branch --show-current', { encoding: 'utf8' })).stdout.trim());
});
`,
    title: 'Use await run (promisified exec)',
    stubs: [stubs.express],
  },
  {
    name: 'execFileSync with args and a utf8 encoding',
    code: `import express from 'express';
import { execFileSync } from 'node:child_process';

const app = express();

app.get('/convert', (req, res) => {
  const out = execFileSync('convert', ['-version'], { encoding: 'utf8' });
  res.send(out.split('\\n')[0]);
});
`,
    call: 'execFileSync',
    output: `import express from 'express';
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
const execFileAsync = promisify(execFile);

const app = express();

app.get('/convert', async (req, res) => {
  const out = (await execFileAsync('convert', ['-version'], { encoding: 'utf8' })).stdout;
  res.send(out.split('\\n')[0]);
});
`,
    title: 'Use await execFileAsync (promisified execFile)',
    stubs: [stubs.express],
  },
  {
    name: 'execFileSync without options returns a Buffer',
    code: `import express from 'express';
import * as child from 'child_process';

const app = express();

app.get('/status', (req, res) => {
  const out: Buffer = child.execFileSync('git', ['status', '--short']);
  res.send(out);
});
`,
    call: 'child.execFileSync',
    output: `import express from 'express';
import * as child from 'child_process';
import { promisify } from 'util';
const execFileAsync = promisify(child.execFile);

const app = express();

app.get('/status', async (req, res) => {
  const out: Buffer = (await execFileAsync('git', ['status', '--short'], { encoding: 'buffer' })).stdout;
  res.send(out);
});
`,
    title: 'Use await execFileAsync (promisified execFile)',
    stubs: [stubs.express],
  },
  {
    name: 'pbkdf2Sync in a login handler',
    code: `import express from 'express';
import crypto from 'node:crypto';

const app = express();

app.post('/login', (req, res) => {
  const { password, salt } = req.body as { password: string; salt: string };
  const key = crypto.pbkdf2Sync(password, salt, 310000, 32, 'sha256');
  res.json({ key: key.toString('hex') });
});
`,
    call: 'crypto.pbkdf2Sync',
    output: `import express from 'express';
import crypto from 'node:crypto';
import { promisify } from 'node:util';
const pbkdf2Async = promisify(crypto.pbkdf2);

const app = express();

app.post('/login', async (req, res) => {
  const { password, salt } = req.body as { password: string; salt: string };
  const key = await pbkdf2Async(password, salt, 310000, 32, 'sha256');
  res.json({ key: key.toString('hex') });
});
`,
    title: 'Use await pbkdf2Async (promisified pbkdf2)',
    stubs: [stubs.express],
  },
  {
    name: 'scryptSync with three arguments: the promisified const keeps the sync signature',
    code: `import express from 'express';
import { randomBytes, scryptSync } from 'node:crypto';

const app = express();

app.post('/register', (req, res) => {
  const salt = randomBytes(16);
  const hash: Buffer = scryptSync(String(req.body.password), salt, 64);
  res.json({ salt: salt.toString('hex'), hash: hash.toString('hex') });
});
`,
    call: 'scryptSync',
    output: `import express from 'express';
import { randomBytes, scryptSync, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
const scryptAsync = promisify(scrypt) as (...args: Parameters<typeof scryptSync>) => Promise<ReturnType<typeof scryptSync>>;

const app = express();

app.post('/register', async (req, res) => {
  const salt = randomBytes(16);
  const hash: Buffer = await scryptAsync(String(req.body.password), salt, 64);
  res.json({ salt: salt.toString('hex'), hash: hash.toString('hex') });
});
`,
    title: 'Use await scryptAsync (promisified scrypt)',
    stubs: [stubs.express],
  },
  {
    name: 'zlib.gzipSync as an argument',
    code: `import express from 'express';
import zlib from 'node:zlib';

const app = express();

app.get('/report', (_req, res) => {
  res.setHeader('content-encoding', 'gzip');
  res.send(zlib.gzipSync(JSON.stringify({ rows: [] })));
});
`,
    call: 'zlib.gzipSync',
    output: `import express from 'express';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
const gzipAsync = promisify(zlib.gzip);

const app = express();

app.get('/report', async (_req, res) => {
  res.setHeader('content-encoding', 'gzip');
  res.send(await gzipAsync(JSON.stringify({ rows: [] })));
});
`,
    title: 'Use await gzipAsync (promisified gzip)',
    stubs: [stubs.express],
  },
  {
    name: 'brotliCompressSync from a named import, with options',
    code: `import { createServer } from 'node:http';
import { brotliCompressSync, constants } from 'node:zlib';

createServer((req, res) => {
  const body = brotliCompressSync('hello', { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
  res.end(body);
}).listen(0);
`,
    call: 'brotliCompressSync',
    output: `import { createServer } from 'node:http';
import { brotliCompressSync, constants, brotliCompress } from 'node:zlib';
import { promisify } from 'node:util';
const brotliCompressAsync = promisify(brotliCompress);

createServer(async (req, res) => {
  const body = await brotliCompressAsync('hello', { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
  res.end(body);
}).listen(0);
`,
    title: 'Use await brotliCompressAsync (promisified brotliCompress)',
  },
  {
    name: 'gunzipSync(...).toString() in Koa',
    code: `import Koa from 'koa';
import { gunzipSync } from 'zlib';

const app = new Koa();

app.use((ctx) => {
  const raw = ctx.request.body as Buffer;
  ctx.body = gunzipSync(raw).toString('utf8');
});
`,
    call: 'gunzipSync',
    output: `import Koa from 'koa';
import { gunzipSync, gunzip } from 'zlib';
import { promisify } from 'util';
const gunzipAsync = promisify(gunzip);

const app = new Koa();

app.use(async (ctx) => {
  const raw = ctx.request.body as Buffer;
  ctx.body = (await gunzipAsync(raw)).toString('utf8');
});
`,
    title: 'Use await gunzipAsync (promisified gunzip)',
    stubs: [stubs.koa],
  },
  {
    name: 'bcrypt.hashSync through a default import',
    code: `import express from 'express';
import bcrypt from 'bcrypt';

const app = express();

app.post('/signup', (req, res) => {
  const hash = bcrypt.hashSync(String(req.body.password), 12);
  res.status(201).json({ hash });
});
`,
    call: 'bcrypt.hashSync',
    output: `import express from 'express';
import bcrypt from 'bcrypt';

const app = express();

app.post('/signup', async (req, res) => {
  const hash = await bcrypt.hash(String(req.body.password), 12);
  res.status(201).json({ hash });
});
`,
    title: 'Use await bcrypt.hash',
    stubs: [stubs.express, stubs.bcrypt],
  },
  {
    name: 'bcrypt compareSync from a named import, in a condition',
    code: `import express from 'express';
import { compareSync } from 'bcrypt';

const app = express();
const stored = '$2b$12$abcdefghijklmnopqrstuv';

app.post('/login', (req, res) => {
  if (!compareSync(String(req.body.password), stored)) {
    res.status(401).end();
    return;
  }
  res.json({ ok: true });
});
`,
    call: 'compareSync',
    output: `import express from 'express';
import { compareSync, compare } from 'bcrypt';

const app = express();
const stored = '$2b$12$abcdefghijklmnopqrstuv';

app.post('/login', async (req, res) => {
  if (!await compare(String(req.body.password), stored)) {
    res.status(401).end();
    return;
  }
  res.json({ ok: true });
});
`,
    title: 'Use await compare from bcrypt',
    stubs: [stubs.express, stubs.bcrypt],
  },
  {
    name: 'class method with static modifier and type parameters',
    code: `import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

export class StaticFiles {
  static serve<T extends IncomingMessage>(req: T, res: ServerResponse) {
    res.end(readFileSync('public' + (req.url ?? '/index.html')));
  }
}
`,
    call: 'readFileSync',
    output: `import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';

export class StaticFiles {
  static async serve<T extends IncomingMessage>(req: T, res: ServerResponse) {
    res.end(await readFile('public' + (req.url ?? '/index.html')));
  }
}
`,
    title: 'Use await readFile from fs/promises',
  },
  {
    name: 'new expression argument needs no parentheses; ESM .mjs with require-free code',
    filename: 'src/server.mjs',
    code: `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

createServer((req, res) => {
  const url = new URL(readFileSync('base-url.txt', 'utf8').trim());
  res.end(url.href);
}).listen(0);
`,
    call: 'readFileSync',
    output: `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

createServer(async (req, res) => {
  const url = new URL((await readFile('base-url.txt', 'utf8')).trim());
  res.end(url.href);
}).listen(0);
`,
    title: 'Use await readFile from fs/promises',
  },
];

interface NoFixCase {
  name: string;
  filename?: string;
  code: string;
  call: string;
  /** The handler, when it is not the call's nearest function: the first function whose text starts with this. */
  handler?: string;
  reason: RegExp;
}

const noFixCases: NoFixCase[] = [
  {
    name: 'existsSync has no promise twin with the same result',
    code: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/x', (_req, res) => {
  res.send(fs.existsSync('x.txt') ? 'yes' : 'no');
});
`,
    call: 'fs.existsSync',
    reason: /fs\.promises\.access.*try\/catch.*start-up/,
  },
  {
    name: 'spawnSync returns a different shape',
    code: `import { spawnSync } from 'child_process';
export function handler() {
  return spawnSync('ls').stdout;
}
`,
    call: 'spawnSync',
    reason: /spawn/,
  },
  {
    name: 'execSync with stdio',
    code: `import { execSync } from 'child_process';
export function handler() {
  execSync('make', { stdio: 'inherit' });
}
`,
    call: 'execSync',
    reason: /stdio/,
  },
  {
    name: 'execSync with input',
    code: `import { execSync } from 'child_process';
export function handler(body: string) {
  return execSync('wc -c', { input: body }).toString();
}
`,
    call: 'execSync',
    reason: /input/,
  },
  {
    name: 'execSync with options in a variable',
    code: `import { execSync } from 'child_process';
const opts = { cwd: '/tmp' };
export function handler() {
  return execSync('ls', opts);
}
`,
    call: 'execSync',
    reason: /object literal/,
  },
  {
    name: 'execSync with a computed encoding',
    code: `import { execSync } from 'child_process';
export function handler(enc: BufferEncoding) {
  return execSync('ls', { encoding: enc });
}
`,
    call: 'execSync',
    reason: /encoding/,
  },
  {
    name: 'a generator handler',
    code: `import { readFileSync } from 'fs';
export function* handler() {
  yield readFileSync('a.txt');
}
`,
    call: 'readFileSync',
    reason: /generator/,
  },
  {
    name: 'a getter',
    code: `import { readFileSync } from 'fs';
export class Config {
  get text() {
    return readFileSync('a.txt', 'utf8');
  }
}
`,
    call: 'readFileSync',
    reason: /accessor/,
  },
  {
    name: 'a constructor',
    code: `import { readFileSync } from 'fs';
export class Page {
  html: string;
  constructor() {
    this.html = readFileSync('a.html', 'utf8');
  }
}
`,
    call: 'readFileSync',
    reason: /constructor/,
  },
  {
    name: 'a call in a nested callback is the caller\'s job',
    code: `import express from 'express';
import { readFileSync } from 'fs';
const app = express();
app.get('/all', (req, res) => {
  res.json(['a', 'b'].map((f) => readFileSync(f, 'utf8')));
});
`,
    call: 'readFileSync',
    handler: '(req, res)',
    reason: /inner function/,
  },
  {
    name: 'statSync with throwIfNoEntry',
    code: `import { statSync } from 'fs';
export function handler(p: string) {
  return statSync(p, { throwIfNoEntry: false })?.size ?? 0;
}
`,
    call: 'statSync',
    reason: /throwIfNoEntry/,
  },
  {
    name: 'openSync returns a descriptor, fs/promises a FileHandle',
    code: `import { openSync } from 'fs';
export function handler(p: string) {
  return openSync(p, 'r');
}
`,
    call: 'openSync',
    reason: /FileHandle/,
  },
  {
    name: 'generateKeyPairSync',
    code: `import { generateKeyPairSync } from 'crypto';
export function handler() {
  return generateKeyPairSync('ed25519');
}
`,
    call: 'generateKeyPairSync',
    reason: /generateKeyPair/,
  },
  {
    name: 'a call in a parameter default',
    code: `import { readFileSync } from 'fs';
export function handler(text = readFileSync('a.txt', 'utf8')) {
  return text;
}
`,
    call: 'readFileSync',
    reason: /parameter default/,
  },
];

/**
 * The first node whose text starts with `startsWith`; of nested matches the innermost, so
 * 'fs.readFileSync' names the call in `fs.readFileSync(p).toString()`, not the outer call.
 */
function findNode<T extends ts.Node>(sf: ts.SourceFile, test: (n: ts.Node) => n is T, startsWith: string): T {
  const search = (n: ts.Node): T | undefined => {
    const here = test(n) && n.getText(sf).startsWith(startsWith) ? n : undefined;
    const deeper = ts.forEachChild(n, search);
    return deeper ?? here;
  };
  const found = search(sf);
  assert.ok(found, `no node starting with ${startsWith}`);
  return found;
}

function isFunctionWithBody(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return (
    (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) &&
    n.body !== undefined
  );
}

function apiOf(call: ts.CallExpression, sf: ts.SourceFile): BlockingApi {
  const callee = call.expression;
  let name = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText(sf);
  // An aliased import: the test names the original through the import list.
  if (!(name in apiModules)) {
    const spec = findNode(sf, ts.isImportSpecifier, `readFileSync as ${name}`);
    name = spec.propertyName!.getText(sf);
  }
  const module = apiModules[name];
  assert.ok(module, `no module for ${name} in the test's table`);
  return { module, name };
}

function siteFor(filename: string, code: string, callText: string, handlerText?: string): SyncCallSite {
  const doc = new SourceDoc(`/workspace/${filename}`, code, '1');
  const sf = doc.sourceFile;
  const call = findNode(sf, ts.isCallExpression, callText);
  let enclosing: ts.Node | undefined = call.parent;
  while (enclosing && !isFunctionWithBody(enclosing)) enclosing = enclosing.parent;
  if (handlerText) enclosing = findNode(sf, isFunctionWithBody, handlerText);
  assert.ok(enclosing && isFunctionWithBody(enclosing), 'the call is not in a function');
  return { doc, call, api: apiOf(call, sf), enclosingFunction: enclosing };
}

describe('syncToAsyncFix', () => {
  for (const c of cases) {
    it(c.name, () => {
      const filename = c.filename ?? 'src/server.ts';
      const site = siteFor(filename, c.code, c.call);
      const fix = syncToAsyncFix(site);
      assert.ok(fix, `expected a fix; reason given: ${noFixReason(site)}`);
      assert.equal(noFixReason(site), undefined);
      assert.equal(fix.title, c.title);
      assert.equal(fix.preferred, true);
      const output = applyEdits(c.code, fix.edits);
      assert.equal(output, c.output);
      assertParses(output, filename);
      const files: Record<string, string> = { [filename]: output };
      if (c.stubs) files['types/stubs.d.ts'] = c.stubs.join('\n');
      assert.deepEqual(typecheck(files, c.typecheck), [], `fixed code does not type-check:\n${output}`);
    });
  }

  it('the original code of every case type-checks too (the stubs are right)', () => {
    for (const c of cases) {
      const filename = c.filename ?? 'src/server.ts';
      const files: Record<string, string> = { [filename]: c.code };
      if (c.stubs) files['types/stubs.d.ts'] = c.stubs.join('\n');
      assert.deepEqual(typecheck(files, c.typecheck), [], `case "${c.name}": original code does not type-check`);
    }
  });
});

describe('syncToAsyncFix: no fix', () => {
  for (const c of noFixCases) {
    it(c.name, () => {
      const site = siteFor(c.filename ?? 'src/server.ts', c.code, c.call, c.handler);
      assert.equal(syncToAsyncFix(site), undefined);
      const reason = noFixReason(site);
      assert.ok(reason, 'expected a reason');
      assert.match(reason, c.reason);
      assert.match(reason, /^[A-Za-z`].*\.$/, 'the reason is one sentence');
    });
  }
});

describe('syncToAsyncFix: robustness', () => {
  it('does not throw on a file with syntax errors', () => {
    const code = `import { readFileSync } from 'fs';\nexport function handler(req) {\n  return readFileSync('a.txt', ;\n`;
    const doc = new SourceDoc('/workspace/src/broken.ts', code, '1');
    const call = findNode(doc.sourceFile, ts.isCallExpression, 'readFileSync');
    let fn: ts.Node | undefined = call.parent;
    while (fn && !isFunctionWithBody(fn)) fn = fn.parent;
    if (!fn) return; // the parser did not even recover a function: nothing to fix, nothing thrown
    const site: SyncCallSite = { doc, call, api: { module: 'fs', name: 'readFileSync' }, enclosingFunction: fn as ts.FunctionLikeDeclaration };
    const fix = syncToAsyncFix(site);
    if (fix) applyEdits(code, fix.edits);
  });

  it('applies twice in a row: the second fix reuses what the first added', () => {
    const code = `import express from 'express';
import { execSync } from 'node:child_process';
const app = express();
app.get('/a', (_req, res) => {
  res.send(execSync('date', { encoding: 'utf8' }));
});
app.get('/b', (_req, res) => {
  res.send(execSync('uptime', { encoding: 'utf8' }));
});
`;
    const first = syncToAsyncFix(siteFor('src/server.ts', code, "execSync('date'"));
    assert.ok(first);
    const once = applyEdits(code, first.edits);
    const second = syncToAsyncFix(siteFor('src/server.ts', once, "execSync('uptime'"));
    assert.ok(second);
    const twice = applyEdits(once, second.edits);
    assert.equal(twice.match(/promisify\(exec\)/g)?.length, 1);
    assert.equal(twice.match(/import \{ promisify \}/g)?.length, 1);
    assert.match(twice, /app\.get\('\/b', async \(_req, res\) => \{\n {2}res\.send\(\(await execAsync\('uptime'/);
    assert.deepEqual(typecheck({ 'src/server.ts': twice, 'types/stubs.d.ts': stubs.express }), []);
  });
});
