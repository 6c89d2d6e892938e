import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { at, ruleTester } from '../testing/rule-tester';
import { typecheck } from '../testing/typecheck';
import { syncInHandler } from './sync-in-handler';

/** A finding at 1-based line and column, with anything else the case checks. */

/** A fixed file still compiles (handlers' untyped `req, res` aside). */
const typeChecks = (output: string, filename: string) =>
  assert.deepEqual(typecheck({ [path.basename(filename)]: output }, { compilerOptions: { noImplicitAny: false } }), []);

// The files most cross-file cases share.
/**
 * A Next.js query layer as umami writes it: `src/queries/sql/index.ts` re-exports thirty query
 * modules with `export *`, each choosing its database at run time through `runQuery({ [PRISMA]: … })`.
 */
const queryNames = Array.from({ length: 30 }, (_, i) => `getReport${i}`);
const queryBarrel = (modules: string[]) => modules.map((m) => `export * from './${m}';\n`).join('');
const queryLayer = (extra: Record<string, string>): Record<string, string> => ({
  'tsconfig.json': `{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }`,
  'src/lib/db.ts': `export const PRISMA = 'prisma';\nexport const CLICKHOUSE = 'clickhouse';\nexport async function runQuery(queries: Record<string, () => Promise<unknown>>) {\n  return process.env.CLICKHOUSE_URL ? queries[CLICKHOUSE]() : queries[PRISMA]();\n}\n`,
  ...Object.fromEntries(queryNames.map((n) => [`src/queries/sql/reports/${n}.ts`, `import prisma from '@/lib/prisma';\nexport async function ${n}(websiteId: string) {\n  return prisma.report.findMany({ where: { websiteId } });\n}\n`])),
  ...extra,
});

const viewsModule = `import { readFileSync } from 'node:fs';

export function loadTemplate(name: string) {
  return readFileSync(\`views/\${name}.html\`, 'utf8');
}
`;

ruleTester(syncInHandler, {
  valid: [
    // ---- start-up code: module top level, main(), listen callbacks, providers ----
    `import express from 'express';
import fs from 'node:fs';
const cert = fs.readFileSync('tls/cert.pem');
const app = express();
app.get('/cert', (req, res) => res.send(cert));`,
    `import express from 'express';
import fs from 'node:fs';
if (!fs.existsSync('uploads')) fs.mkdirSync('uploads');
const app = express();
app.post('/upload', (req, res) => res.sendStatus(201));`,
    `import express from 'express';
import { readFileSync } from 'node:fs';
function loadConfig() {
  return JSON.parse(readFileSync('config.json', 'utf8'));
}
async function main() {
  const config = loadConfig();
  const app = express();
  app.get('/health', (req, res) => res.json({ ok: true }));
  app.listen(config.port);
}
main();`,
    `import express from 'express';
import { loadConfig } from './config';
const app = express();
app.get('/', (req, res) => res.send('ok'));
app.listen(3000, () => {
  const config = loadConfig();
  console.log('listening', config.env);
});`,
    {
      name: 'config read at the top level of another module',
      code: `import express from 'express';
import { config } from './config';
const app = express();
app.get('/settings', (req, res) => res.json(config.public));`,
      files: { 'src/config.ts': `import fs from 'fs';\nexport const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));\n` },
    },
    `import { Module } from '@nestjs/common';
import { readFileSync } from 'fs';
@Module({
  providers: [{ provide: 'CONFIG', useFactory: () => JSON.parse(readFileSync('config.json', 'utf8')) }],
})
export class AppModule {}`,
    `import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
const fastify = Fastify();
fastify.ready(() => {
  readFileSync('warmup.json');
});
fastify.get('/', async () => ({ hello: 'world' }));`,
    `import http from 'node:http';
import fs from 'node:fs';
const server = http.createServer((req, res) => res.end('ok'));
server.listen(8080, () => fs.writeFileSync('server.pid', String(process.pid)));`,
    // ---- asynchronous APIs are what the rule asks for ----
    `import express from 'express';
import { readFile } from 'node:fs/promises';
const app = express();
app.get('/readme', async (req, res) => res.send(await readFile('README.md', 'utf8')));`,
    `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/readme', async (req, res) => res.send(await fs.promises.readFile('README.md', 'utf8')));`,
    `const express = require('express');
const { readFile } = require('fs').promises;
const app = express();
app.get('/readme', async (req, res) => res.send(await readFile('README.md', 'utf8')));`,
    `import express from 'express';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
const app = express();
app.post('/hash', (req, res) => {
  execFile('git', ['rev-parse', 'HEAD'], (err, out) => res.send(crypto.createHash('sha256').update(out).digest('hex')));
});`,
    {
      name: 'a workspace helper that is already asynchronous',
      code: `import express from 'express';
import { loadTemplate } from './views';
const app = express();
app.get('/', async (req, res) => res.send(await loadTemplate('home')));`,
      files: { 'src/views.ts': `import { readFile } from 'node:fs/promises';\nexport async function loadTemplate(name: string) {\n  return readFile(name, 'utf8');\n}\n` },
    },
    {
      name: 'the asynchronous forms of the same packages',
      code: `import express from 'express';
import { glob } from 'glob';
import { execa } from 'execa';
const app = express();
app.get('/themes', async (req, res) => res.json(await glob('themes/*.css')));
app.post('/deploy', async (req, res) => res.send((await execa('git', ['pull'])).stdout));`,
    },
    {
      name: 'a model is looked up in a folder only when the object is filled from that folder: db.Note of a db that never loads note.js is unknown',
      filename: 'lib/models/note.js',
      code: `const fs = require('fs');\nconst path = require('path');\nmodule.exports = function (sequelize, DataTypes) {\n  const Note = sequelize.define('Note', { alias: DataTypes.STRING, content: DataTypes.TEXT });\n  Note.readDocsFile = function (alias) {\n    return fs.readFileSync(path.join('docs', alias + '.md'), 'utf8');\n  };\n  Note.findByAlias = async function (alias) {\n    const note = await Note.findOne({ where: { alias } });\n    return note || { content: Note.readDocsFile(alias) };\n  };\n  return Note;\n};\n`,
      files: { 'lib/models/index.js': `const Sequelize = require('sequelize');\nconst db = {};\ndb.sequelize = new Sequelize(process.env.DATABASE_URL);\nmodule.exports = db;\n`, 'lib/routes.js': `const express = require('express');\nconst models = require('./models');\nconst router = express.Router();\nrouter.get('/s/:alias', async (req, res) => res.send((await models.Note.findByAlias(req.params.alias)).content));\nmodule.exports = router;\n` },
    },
    {
      name: 'an injected storage is what its caller passes: the blocking one is never handed to the routes',
      filename: 'src/storage.js',
      code: `const fs = require('fs');\nexports.read = (id) => fs.readFileSync('data/' + id);\n`,
      files: { 'src/routes.js': `module.exports = function (app, storage) {\n  app.get('/files/:id', (req, res) => res.send(storage.read(req.params.id)));\n};\n`, 'src/server.js': `const express = require('express');\nconst app = express();\nrequire('./routes')(app, require('./memory-storage'));\napp.listen(3000);\n`, 'src/memory-storage.js': `const files = new Map();\nexports.read = (id) => files.get(id);\n` },
    },
    {
      name: 'a finder that returns plain rows, not instances: a same-named method of the model class is not what runs',
      filename: 'src/models/user.ts',
      code: `import bcrypt from 'bcryptjs';\nexport default class User {\n  password = '';\n  checkPassword(pw: string): boolean {\n    return bcrypt.compareSync(pw, this.password);\n  }\n  static async findRow(where: object): Promise<{ id: number; password: string }> {\n    return { id: 1, password: '' };\n  }\n}\n`,
      files: { 'src/routes.ts': `import express from 'express';\nimport User from './models/user';\nconst app = express();\napp.post('/login', async (req, res) => {\n  const row = await User.findRow({ email: req.body.email });\n  res.json(row.checkPassword?.(req.body.password));\n});\n` },
    },
    {
      name: 'NestJS CQRS: the only @CommandHandler that blocks handles another command than the one the controller executes',
      filename: 'src/invoice/pdf.service.ts',
      code: `import { Injectable } from '@nestjs/common';\nimport * as fs from 'fs';\n\n@Injectable()\nexport class PdfService {\n  render(id: string): Buffer {\n    return fs.readFileSync('/tmp/invoices/' + id + '.pdf');\n  }\n}\n`,
      files: {
        'src/invoice/invoice.controller.ts': `import { Controller, Get, Param } from '@nestjs/common';\nimport { CommandBus } from '@nestjs/cqrs';\nimport { InvoiceGeneratePdfCommand } from './commands/invoice.generate.pdf.command';\n\n@Controller('invoices')\nexport class InvoiceController {\n  constructor(private readonly commandBus: CommandBus) {}\n\n  @Get('download/:id')\n  async download(@Param('id') id: string): Promise<Buffer> {\n    return await this.commandBus.execute(new InvoiceGeneratePdfCommand(id, 'en'));\n  }\n}\n`,
        'src/invoice/commands/invoice.generate.pdf.command.ts': `export class InvoiceGeneratePdfCommand {\n  constructor(public readonly invoiceId: string, public readonly locale: string) {}\n}\nexport class InvoicePrintCommand {\n  constructor(public readonly invoiceId: string) {}\n}\n`,
        'src/invoice/commands/handlers/invoice.print.handler.ts': `import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';\nimport { PdfService } from '../../pdf.service';\nimport { InvoiceGeneratePdfCommand, InvoicePrintCommand } from '../invoice.generate.pdf.command';\n\n@CommandHandler(InvoicePrintCommand)\nexport class InvoicePrintHandler implements ICommandHandler<InvoiceGeneratePdfCommand> {\n  constructor(private readonly pdf: PdfService) {}\n\n  async execute(command: InvoiceGeneratePdfCommand): Promise<Buffer> {\n    return this.pdf.render(command.invoiceId);\n  }\n}\n`,
      },
    },
    // ---- once per process: caches, flags, memoised functions, lazy singletons ----
    `import express from 'express';
import fs from 'fs';
let template: string | undefined;
const app = express();
app.get('/', (req, res) => {
  template ??= fs.readFileSync('views/home.html', 'utf8');
  res.send(template);
});`,
    `import express from 'express';
import { readFileSync } from 'fs';
let cache: Record<string, string> | null = null;
const app = express();
app.get('/i18n', (req, res) => {
  if (!cache) cache = JSON.parse(readFileSync('i18n.json', 'utf8'));
  res.json(cache);
});`,
    {
      name: 'a cache in the callee: if (cached) return cached; cached = readFileSync(…)',
      filename: 'src/config.js',
      code: `const fs = require('fs');\nlet cached = null;\nfunction getConfig() {\n  if (cached) return cached;\n  cached = JSON.parse(fs.readFileSync('config.json', 'utf8'));\n  return cached;\n}\nmodule.exports = { getConfig };\n`,
      files: { 'src/app.js': `const express = require('express');\nconst { getConfig } = require('./config');\nconst app = express();\napp.get('/api/settings', (req, res) => res.json(getConfig().public));\n` },
    },
    {
      name: 'a module-level Map cache per template name',
      filename: 'src/views.ts',
      code: `import fs from 'node:fs';\nconst templates = new Map<string, string>();\nexport function loadTemplate(name: string): string {\n  if (templates.has(name)) return templates.get(name)!;\n  const text = fs.readFileSync(\`views/\${name}.html\`, 'utf8');\n  templates.set(name, text);\n  return text;\n}\n`,
      files: { 'src/server.ts': `import express from 'express';\nimport { loadTemplate } from './views';\nconst app = express();\napp.get('/', (req, res) => res.send(loadTemplate('home')));\n` },
    },
    {
      name: 'a module-level "loaded" flag guarding the reads',
      filename: 'src/plugins.js',
      code: `const fs = require('fs');\nconst path = require('path');\nlet loaded = false;\nconst plugins = [];\nfunction ensurePlugins() {\n  if (loaded) return;\n  loaded = true;\n  for (const f of fs.readdirSync('plugins')) plugins.push(JSON.parse(fs.readFileSync(path.join('plugins', f), 'utf8')));\n}\nexports.list = (req, res) => {\n  ensurePlugins();\n  res.json(plugins);\n};\n`,
      files: { 'src/routes.js': `const router = require('express').Router();\nconst plugins = require('./plugins');\nrouter.get('/api/plugins', plugins.list);\nmodule.exports = router;\n` },
    },
    {
      name: 'an "initialized" flag set inside the guarded block',
      code: `import express from 'express';
import fs from 'node:fs';
let initialized = false;
let languages: string[] = [];
const app = express();
app.get('/api/languages', (req, res) => {
  if (!initialized) {
    languages = fs.readdirSync('locales');
    initialized = true;
  }
  res.json(languages);
});`,
    },
    {
      name: 'a first-run flag tested beside a setting: if (activeTheme && !themeLoaded) { …; themeLoaded = true }',
      filename: 'lib/editor/theme.js',
      code: `const fs = require('fs');\nconst path = require('path');\nlet activeTheme = process.env.THEME;\nlet themeLoaded = false;\nconst page = { css: [] };\nasync function loadTheme() {\n  if (activeTheme && !themeLoaded) {\n    for (const f of fs.readdirSync(path.join('themes', activeTheme))) {\n      if (fs.statSync(path.join('themes', activeTheme, f)).isFile()) page.css.push(f);\n    }\n    themeLoaded = true;\n  }\n}\nmodule.exports = {\n  context: async function () {\n    await loadTheme();\n    return page;\n  },\n};\n`,
      files: { 'lib/editor/ui.js': `const express = require('express');\nconst theme = require('./theme');\nconst app = express();\napp.get('/', async (req, res) => res.json(await theme.context()));\nmodule.exports = app;\n` },
    },
    {
      name: 'helpers declared inside a cached function run only when called, and their results are cached: cached = hasDockerEnv() || hasDockerCGroup()',
      filename: 'lib/api/diagnostics.js',
      code: `const fs = require('fs');\nlet runtime;\nlet isContainerCached;\nlet isWSLCached;\nconst isInContainer = () => {\n  if (isContainerCached === undefined) {\n    isContainerCached = hasDockerEnv() || hasDockerCGroup();\n  }\n  return isContainerCached;\n  function hasDockerEnv() {\n    try {\n      fs.statSync('/.dockerenv');\n      return true;\n    } catch {\n      return false;\n    }\n  }\n  function hasDockerCGroup() {\n    return fs.readFileSync('/proc/self/cgroup', 'utf8').includes('docker');\n  }\n};\nconst isInWsl = () => {\n  if (isWSLCached === undefined) {\n    isWSLCached = getIsInWSL();\n  }\n  return isWSLCached;\n  function getIsInWSL() {\n    return fs.readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft') && !isInContainer();\n  }\n};\nmodule.exports = {\n  init(_runtime) {\n    runtime = _runtime;\n  },\n  get: async function () {\n    return { container: isInContainer(), wsl: isInWsl(), version: runtime.version };\n  },\n};\n`,
      files: { 'lib/api/index.js': `const express = require('express');\nconst diagnostics = require('./diagnostics');\nconst app = express();\napp.get('/diagnostics', async (req, res) => res.json(await diagnostics.get()));\nmodule.exports = app;\n` },
    },
    {
      name: 'a per-key cache read first, the blocking lookup in the else branch: if (iconCache[name]) { return … } else { …; iconCache[name] = p }',
      filename: 'lib/registry.js',
      code: `const fs = require('fs');\nconst path = require('path');\nconst iconPaths = { core: ['icons', 'public/icons'] };\nconst iconCache = {};\nfunction getIconPath(module, icon) {\n  const name = module + '/' + icon;\n  if (iconCache[name]) {\n    return iconCache[name];\n  } else {\n    for (const dir of iconPaths[module] || []) {\n      const p = path.join(dir, icon);\n      try {\n        fs.statSync(p);\n        iconCache[name] = p;\n        return p;\n      } catch (err) {}\n    }\n    return null;\n  }\n}\nmodule.exports = { getIconPath };\n`,
      files: { 'lib/routes.js': `const express = require('express');\nconst registry = require('./registry');\nconst app = express();\napp.get('/icons/:module/:icon', (req, res) => res.sendFile(registry.getIconPath(req.params.module, req.params.icon)));\n` },
    },
    {
      name: 'a cache kept on a long-lived object the helper is given: if (!node.help[lang]) node.help[lang] = readFileSync(…)',
      filename: 'lib/registry.js',
      code: `const fs = require('fs');\nconst nodes = {};\nfunction getNodeHelp(node, lang) {\n  if (!node.help[lang]) {\n    node.help[lang] = fs.readFileSync(node.dir + '/locales/' + lang + '/help.html', 'utf8');\n  }\n  return node.help[lang];\n}\nmodule.exports = {\n  getConfig(id, lang) {\n    return getNodeHelp(nodes[id], lang);\n  },\n};\n`,
      files: { 'lib/routes.js': `const express = require('express');\nconst registry = require('./registry');\nconst app = express();\napp.get('/nodes/:id', (req, res) => res.send(registry.getConfig(req.params.id, req.query.lang || 'en')));\n` },
    },
    {
      name: 'lodash memoize around the reader',
      code: `import express from 'express';
import fs from 'node:fs';
import memoize from 'lodash/memoize';
const readManifest = memoize((name: string) => JSON.parse(fs.readFileSync(\`dist/\${name}.json\`, 'utf8')));
const app = express();
app.get('/', (req, res) => res.json(readManifest('manifest')));`,
    },
    {
      name: 'a memoised service method (@Memoize decorator)',
      filename: 'src/mail/templates.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { readFileSync } from 'fs';
import { Memoize } from 'typescript-memoize';
@Injectable()
export class TemplatesService {
  @Memoize()
  template(name: string): string {
    return readFileSync(\`templates/\${name}.hbs\`, 'utf8');
  }
}`,
      files: {
        'src/mail/mail.controller.ts': `import { Controller, Post } from '@nestjs/common';\nimport { TemplatesService } from './templates.service';\n@Controller('mail')\nexport class MailController {\n  constructor(private readonly templates: TemplatesService) {}\n  @Post('preview')\n  preview() {\n    return this.templates.template('welcome');\n  }\n}\n`,
      },
    },
    {
      name: 'a lazy singleton whose first use reads its key file',
      filename: 'src/lib/signer.ts',
      code: `import fs from 'node:fs';\nimport crypto from 'node:crypto';\nexport class Signer {\n  private static key: crypto.KeyObject | undefined;\n  static sign(data: string): string {\n    if (!Signer.key) {\n      Signer.key = crypto.createPrivateKey(fs.readFileSync('keys/private.pem'));\n    }\n    return crypto.sign(null, Buffer.from(data), Signer.key).toString('base64');\n  }\n}\n`,
      files: { 'src/server.ts': `import express from 'express';\nimport { Signer } from './lib/signer';\nconst app = express();\napp.post('/sign', (req, res) => res.send(Signer.sign(req.body.data)));\n` },
    },
    {
      name: 'a getter caching on this',
      filename: 'src/services/config.service.ts',
      code: `import * as fs from 'fs';\nexport class ConfigService {\n  private _settings?: Record<string, unknown>;\n  get settings() {\n    if (this._settings) return this._settings;\n    this._settings = JSON.parse(fs.readFileSync('settings.json', 'utf8'));\n    return this._settings;\n  }\n  read(key: string) {\n    return this.settings[key];\n  }\n}\nexport const config = new ConfigService();\n`,
      files: { 'src/server.ts': `import express from 'express';\nimport { config } from './services/config.service';\nconst app = express();\napp.get('/api/flags', (req, res) => res.json(config.read('flags')));\n` },
    },
    {
      name: 'a cache check that answers and returns in a block',
      filename: 'src/lib/keys.js',
      code: `const fs = require('fs');\nlet publicKey;\nexports.getPublicKey = function getPublicKey() {\n  if (publicKey) {\n    log('cached');\n    return publicKey;\n  }\n  publicKey = fs.readFileSync('keys/public.pem', 'utf8');\n  return publicKey;\n};\n`,
      files: { 'src/app.js': `const app = require('express')();\nconst { getPublicKey } = require('./lib/keys');\napp.get('/.well-known/key', (req, res) => res.type('pem').send(getPublicKey()));\n` },
    },
    // ---- routes that exist only in development or tests ----
    `import express from 'express';
import fs from 'node:fs';
const isDev = process.env.NODE_ENV === 'development';
const app = express();
if (isDev) {
  app.get('/_e2e/take-snapshot', (req, res) => {
    fs.copyFileSync('data/app.db', 'data/app.db.snapshot');
    res.send('ok');
  });
}`,
    `const express = require('express');
const fs = require('fs');
const router = express.Router();
if (process.env.NODE_ENV !== 'production') {
  router.post('/__test__/reset', (req, res) => {
    fs.rmSync('uploads', { recursive: true, force: true });
    res.sendStatus(204);
  });
}
module.exports = router;`,
    {
      name: 'a read only development does, in a Koa error handler',
      code: `import Koa from 'koa';
import fs from 'node:fs';
import env from './env';
const app = new Koa();
let errorHtmlCache: Buffer | undefined;
function readErrorFile(): Buffer {
  if (env.isDevelopment) {
    return fs.readFileSync('server/error.dev.html');
  }
  return errorHtmlCache ?? (errorHtmlCache = fs.readFileSync('server/error.prod.html'));
}
app.context.onerror = function (err) {
  this.body = readErrorFile();
};`,
    },
    // ---- not servers: tests, scripts, CLIs, build configs, migrations, seeds, workers ----
    { filename: 'src/users.test.ts', code: `import express from 'express';\nimport fs from 'fs';\nconst app = express();\napp.get('/', (req, res) => res.send(fs.readFileSync('fixture.json')));` },
    { filename: 'src/__tests__/app.ts', code: `import express from 'express';\nimport fs from 'fs';\nconst app = express();\napp.get('/', (req, res) => res.send(fs.readFileSync('fixture.json')));` },
    { filename: 'e2e/users.spec.ts', code: `import express from 'express';\nimport fs from 'fs';\nconst app = express();\napp.get('/', (req, res) => res.send(fs.readFileSync('fixture.json')));` },
    { filename: 'test/helpers/server.js', code: `const express = require('express');\nconst fs = require('fs');\nconst app = express();\napp.get('/', (req, res) => res.send(fs.readFileSync('fixture.json')));` },
    { filename: 'scripts/dev-server.ts', code: `import express from 'express';\nimport fs from 'fs';\nconst app = express();\napp.get('/', (req, res) => res.send(fs.readFileSync('index.html')));` },
    { filename: 'bin/serve.js', code: `const http = require('http');\nconst fs = require('fs');\nhttp.createServer((req, res) => res.end(fs.readFileSync('.' + req.url))).listen(8000);` },
    { filename: 'src/preview.ts', code: `#!/usr/bin/env node\nimport http from 'http';\nimport fs from 'fs';\nhttp.createServer((req, res) => res.end(fs.readFileSync('dist' + req.url))).listen(4173);` },
    {
      filename: 'vite.config.ts',
      code: `import { defineConfig } from 'vite';
import fs from 'node:fs';
export default defineConfig({
  plugins: [{ name: 'mock-api', configureServer(server) { server.middlewares.use((req, res, next) => res.end(fs.readFileSync('mock.json'))); } }],
});`,
    },
    { filename: 'next.config.js', code: `const fs = require('fs');\nconst redirects = JSON.parse(fs.readFileSync('redirects.json', 'utf8'));\nmodule.exports = { async redirects() { return redirects; } };` },
    { filename: 'migrations/20240101-add-users.ts', code: `import { readFileSync } from 'fs';\nexport async function handler(db) {\n  await db.exec(readFileSync('sql/users.sql', 'utf8'));\n}` },
    { filename: 'prisma/seed.ts', code: `import { readFileSync } from 'fs';\nexport const handler = async () => JSON.parse(readFileSync('seed.json', 'utf8'));` },
    {
      name: 'worker_threads script',
      filename: 'src/resize.ts',
      code: `import { parentPort } from 'node:worker_threads';
import http from 'node:http';
import fs from 'node:fs';
parentPort!.on('message', (file: string) => parentPort!.postMessage(fs.readFileSync(file)));
http.createServer((req, res) => res.end(fs.readFileSync('status'))).listen(0);`,
    },
    { filename: 'src/workers/thumbnail.js', code: `const fs = require('fs');\nconst zlib = require('zlib');\nexports.handler = ({ file }) => zlib.gzipSync(fs.readFileSync(file));` },
    // ---- *Sync names that are not Node's blocking APIs ----
    `import express from 'express';
import { Effect } from 'effect';
const app = express();
app.get('/answer', (req, res) => res.json(Effect.runSync(Effect.succeed(42))));`,
    `import express from 'express';
const app = express();
app.get('/styles', (req, res) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('body { color: red }');
  res.send('ok');
});`,
    `import express from 'express';
import { store } from './store';
const app = express();
app.get('/flags', (req, res) => res.json(store.getSync('flags')));`,
    `import express from 'express';
const app = express();
function readFileSync(name: string) {
  return cache.get(name);
}
app.get('/file/:name', (req, res) => res.send(readFileSync(req.params.name)));`,
    `import express from 'express';
import fs from 'node:fs';
import { createFsFromVolume, Volume } from 'memfs';
const app = express();
app.get('/virtual', (req, res) => {
  const fs = createFsFromVolume(new Volume());
  res.send(fs.readFileSync('/hello.txt'));
});`,
    // ---- calls that look like routes but are not ----
    `import express from 'express';
import fs from 'node:fs';
const app = express();
if (app.get('env') === 'development') {
  app.locals.banner = fs.readFileSync('banner.txt', 'utf8');
}`,
    `import fs from 'node:fs';
const cache = new Map<string, string>();
export function cachedRead(key: string) {
  return cache.get(key) ?? fs.readFileSync(key, 'utf8');
}`,
    `import MarkdownIt from 'markdown-it';
import fs from 'node:fs';
const md = new MarkdownIt();
md.use((markdown) => {
  markdown.options.abbr = fs.readFileSync('abbr.txt', 'utf8');
});`,
    `import { readFileSync } from 'fs';
export function mockHandler(req, res) {
  res.end(readFileSync('fixture.json'));
}`,
    `import { Command } from 'commander';
import { readFileSync } from 'fs';
const program = new Command();
program.command('print <file>').action((file) => console.log(readFileSync(file, 'utf8')));
program.parse();`,
    // ---- Next.js build-time code is not a handler ----
    {
      filename: 'pages/blog/[slug].tsx',
      code: `import fs from 'fs';
export async function getStaticProps({ params }) {
  return { props: { post: fs.readFileSync(\`posts/\${params.slug}.md\`, 'utf8') } };
}
export async function getStaticPaths() {
  return { paths: fs.readdirSync('posts').map((f) => ({ params: { slug: f } })), fallback: false };
}
export default function Post({ post }) {
  return <article>{post}</article>;
}`,
    },
    {
      filename: 'app/blog/[slug]/page.tsx',
      code: `import { readdirSync, readFileSync } from 'fs';
export function generateStaticParams() {
  return readdirSync('posts').map((slug) => ({ slug }));
}
export async function generateMetadata({ params }) {
  return { title: readFileSync(\`posts/\${params.slug}.md\`, 'utf8').split('\\n')[0] };
}`,
    },
    // ---- handlers that call nothing blocking ----
    {
      name: 'NestJS controller whose service reads at start-up only',
      filename: 'src/users/users.controller.ts',
      code: `import { Controller, Get } from '@nestjs/common';
import { UsersService } from './users.service';
@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}
  @Get()
  findAll() {
    return this.usersService.findAll();
  }
}`,
      files: {
        'src/users/users.service.ts': `import { Injectable, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'fs';
@Injectable()
export class UsersService implements OnModuleInit {
  private users: string[] = [];
  onModuleInit() {
    this.users = JSON.parse(readFileSync('users.json', 'utf8'));
  }
  findAll() {
    return this.users;
  }
}`,
      },
    },
    `import express from 'express';
import { render } from 'some-template-lib';
const app = express();
app.get('/', (req, res) => res.send(render('home')));`,
    `import express from 'express';
const app = express();
function countdown(n: number): number {
  return n <= 0 ? 0 : countdown(n - 1);
}
app.get('/count', (req, res) => res.json(countdown(10)));`,
    {
      name: 'Lambda whose schema is read at cold start',
      filename: 'functions/validate.ts',
      code: `import fs from 'node:fs';
const schema = JSON.parse(fs.readFileSync('schema.json', 'utf8'));
export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(schema) });`,
    },
    `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/', (req, res) => {
  // hotpath-ignore-next-line sync-in-handler
  res.send(fs.readFileSync('index.html'));
});`,
    `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/', (req, res) => {{{{ fs.readFile(`,
    `import fs from 'node:fs';
export default function Page() {
  return <pre>{fs.readFileSync('notes.txt', 'utf8')}</pre>;
}`,
    {
      name: 'a library registry whose registered libraries read asynchronously: only the called member of each candidate counts, not its start-up loader',
      filename: 'lib/library/index.js',
      code: `const libraries = {};
function init() {
  libraries['local'] = require('./local');
  libraries['examples'] = require('./examples');
}
function getEntry(library, type, path) {
  return libraries[library].getEntry(type, path);
}
module.exports = { init, getEntry };
`,
      files: {
        'lib/library/local.js': `const fs = require('fs');\nconst index = JSON.parse(fs.readFileSync('lib/index.json', 'utf8'));\nfunction loadAll() {\n  return fs.readdirSync('lib').map((f) => fs.readFileSync('lib/' + f, 'utf8'));\n}\nfunction getEntry(type, name) {\n  return fs.promises.readFile(\`lib/\${type}/\${name}\`, 'utf8');\n}\nmodule.exports = { loadAll, getEntry, index };\n`,
        'lib/library/examples.js': `function getEntry(type, name) {\n  return Promise.resolve(null);\n}\nmodule.exports = { getEntry };\n`,
        'lib/api.js': `const express = require('express');\nconst library = require('./library');\nconst app = express();\napp.get('/library/:library/:type/*', async (req, res) => res.send(await library.getEntry(req.params.library, req.params.type, req.params[0])));\n`,
      },
    },
    {
      name: 'tRPC: a client calling a procedure by its route (`trpc.report.byId.query({ id })`) registers nothing',
      filename: 'apps/web/src/report-page.ts',
      code: `import { readFileSync } from 'node:fs';
import { trpc } from './trpc-client';
export async function loadReport(id: string) {
  const local = readFileSync('report-template.html', 'utf8');
  return { local, remote: await trpc.report.byId.query({ id }) };
}`,
    },
    {
      name: 'tRPC: a procedure whose helper caches the signer it loads (once per process)',
      filename: 'packages/signing/index.ts',
      code: `import { readFileSync } from 'node:fs';
let signer: Buffer | null = null;
export async function getSigner() {
  if (signer) return signer;
  signer = readFileSync(process.env.SIGNING_KEY_PATH!);
  return signer;
}`,
      files: {
        'packages/trpc/document-router.ts': `import { z } from 'zod';
import { getSigner } from '../signing';
import { authenticatedProcedure, router } from './trpc';
export const documentRouter = router({
  sign: authenticatedProcedure.input(z.object({ id: z.string() })).mutation(async ({ input }) => ({ id: input.id, key: (await getSigner()).length })),
});`,
      },
    },
    {
      name: 'Remix: a route module\'s component code and clientLoader are not server handlers',
      filename: 'app/routes/settings.tsx',
      code: `import { readFileSync } from 'node:fs';
export async function clientLoader() {
  return { theme: localStorage.getItem('theme') };
}
export const handle = { breadcrumb: () => readFileSync('crumb.txt', 'utf8') };
export default function Settings() {
  return null;
}`,
    },
    {
      name: 'NestJS: a storage field from a factory whose every candidate writes asynchronously',
      filename: 'libs/upload/local.storage.ts',
      code: `import { mkdir, writeFile } from 'node:fs/promises';
export class LocalStorage {
  constructor(private readonly dir: string) {}
  async uploadFile(file: { buffer: Buffer; originalname: string }) {
    await mkdir(this.dir, { recursive: true });
    await writeFile(\`\${this.dir}/\${file.originalname}\`, file.buffer);
    return \`/uploads/\${file.originalname}\`;
  }
}`,
      files: {
        'libs/upload/s3.storage.ts': `export class S3Storage {\n  async uploadFile(file: { buffer: Buffer; originalname: string }) {\n    return \`https://bucket/\${file.originalname}\`;\n  }\n}\n`,
        'libs/upload/upload.factory.ts': `import { LocalStorage } from './local.storage';\nimport { S3Storage } from './s3.storage';\nexport class UploadFactory {\n  static createStorage() {\n    return process.env.STORAGE === 's3' ? new S3Storage() : new LocalStorage(process.env.UPLOAD_DIR!);\n  }\n}\n`,
        'apps/api/media.controller.ts': `import { Controller, Post, UploadedFile } from '@nestjs/common';\nimport { UploadFactory } from '../../libs/upload/upload.factory';\n@Controller('media')\nexport class MediaController {\n  private storage = UploadFactory.createStorage();\n  @Post('upload')\n  upload(@UploadedFile() file: { buffer: Buffer; originalname: string }) {\n    return this.storage.uploadFile(file);\n  }\n}\n`,
      },
    },
    {
      name: "an oclif CLI's login command serves its OAuth callback on localhost: a terminal command, not a server's request path",
      filename: 'packages/cli/src/commands/login.ts',
      code: `import { Command } from '@oclif/core';
import express from 'express';
import { writeFileSync } from 'node:fs';
export default class Login extends Command {
  async run() {
    const app = express();
    app.get('/callback', (req, res) => {
      writeFileSync(\`\${this.config.configDir}/token\`, String(req.query.token));
      res.send('Logged in, you can close this tab.');
    });
    app.listen(4567);
  }
}`,
      files: {
        'package.json': '{ "name": "acme", "private": true, "workspaces": ["packages/*"] }',
        'packages/cli/package.json': '{ "name": "acme-cli", "bin": { "acme": "./bin/run.js" }, "oclif": { "commands": "./src/commands" } }',
      },
    },
  ],
  invalid: [
    {
      name: 'Next.js: a route whose URL folder is named migrations (GET /api/backup/migrations) reads every migration file per request',
      filename: 'src/app/api/backup/migrations/route.ts',
      code: `import fs from 'fs';
import path from 'path';
import { NextResponse } from 'next/server';

export async function GET() {
  const folder = path.join(process.cwd(), 'db/migrations');
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta/_journal.json'), 'utf-8')) as { entries: { tag: string }[] };
  const migrations = journal.entries.map((entry) => ({ tag: entry.tag, sql: fs.readFileSync(path.join(folder, \`\${entry.tag}.sql\`), 'utf-8') }));
  return NextResponse.json({ migrations });
}`,
      files: { 'package.json': '{ "name": "dashboard" }' },
      errors: [
        // The per-entry read in the map callback is the same root cause (make GET async): a related location.
        at(7, 30, { message: '`fs.readFileSync` blocks the event loop in the handler for GET /api/backup/migrations; use `await fs.promises.readFile`', related: [{ file: 'src/app/api/backup/migrations/route.ts', line: 5 }, { file: 'src/app/api/backup/migrations/route.ts', line: 8 }] }),
      ],
    },
    {
      name: 'tRPC: procedures in one workspace package reach a PDF renderer in another: one finding, every procedure and route as related locations',
      filename: 'packages/lib/pdf/render-certificate.ts',
      code: `import fs from 'node:fs';
import path from 'node:path';

const renderBranding = () => {
  const logo = fs.readFileSync(path.join(process.cwd(), 'public/logo.png'));
  return { logo };
};

export async function renderCertificate(documentId: string) {
  return { documentId, branding: renderBranding() };
}
`,
      files: {
        'package.json': '{ "name": "acme", "private": true, "workspaces": ["apps/*", "packages/*"] }',
        'packages/lib/package.json': '{ "name": "@acme/lib", "version": "0.0.0" }',
        'packages/trpc/package.json': '{ "name": "@acme/trpc", "version": "0.0.0" }',
        'packages/trpc/server/trpc.ts': `import { initTRPC } from '@trpc/server';\nconst t = initTRPC.create();\nexport const router = t.router;\nexport const authenticatedProcedure = t.procedure;\n`,
        'packages/trpc/server/document-router/download-certificate.ts': `import { z } from 'zod';
import { renderCertificate } from '@acme/lib/pdf/render-certificate';
import { authenticatedProcedure } from '../trpc';

export const downloadCertificateRoute = authenticatedProcedure
  .input(z.object({ documentId: z.string() }))
  .output(z.object({ data: z.string() }))
  .mutation(async ({ input }) => {
    const pdf = await renderCertificate(input.documentId);
    return { data: JSON.stringify(pdf) };
  });
`,
        'packages/trpc/server/document-router/router.ts': `import { router, authenticatedProcedure } from '../trpc';
import { downloadCertificateRoute } from './download-certificate';
export const documentRouter = router({
  downloadCertificate: downloadCertificateRoute,
  list: authenticatedProcedure.query(async () => []),
});
`,
        'apps/web/package.json': '{ "name": "@acme/web", "version": "0.0.0" }',
        'apps/web/server/download.ts': `import { Hono } from 'hono';
import { renderCertificate } from '@acme/lib/pdf/render-certificate';
export const downloadRoute = new Hono().get('/document/:id/certificate', async (c) => c.json(await renderCertificate(c.req.param('id'))));
`,
      },
      errors: [
        at(5, 16, {
          message: '`fs.readFileSync` in `renderBranding` blocks the event loop of 2 request handlers: GET /document/:id/certificate, tRPC mutation downloadCertificateRoute; use `await fs.promises.readFile`',
          related: [
            { file: 'packages/lib/pdf/render-certificate.ts', line: 10 },
            { file: 'apps/web/server/download.ts', line: 3 },
            { file: 'packages/trpc/server/document-router/download-certificate.ts', line: 9 },
          ],
        }),
      ],
    },
    {
      name: 'tRPC: an inline procedure of a router object (`t.procedure.query`) calling a key derivation helper',
      filename: 'src/server/routers/auth.ts',
      code: `import { initTRPC } from '@trpc/server';
import { pbkdf2Sync } from 'node:crypto';
const t = initTRPC.create();
const hash = (password: string, salt: string) => pbkdf2Sync(password, salt, 100_000, 64, 'sha512').toString('hex');
export const authRouter = t.router({
  login: t.procedure.mutation(async ({ input }: { input: { password: string; salt: string } }) => ({ hash: hash(input.password, input.salt) })),
});`,
      errors: [at(4, 50, { message: '`crypto.pbkdf2Sync` in `hash` blocks the event loop of the handler for tRPC mutation login; use `await promisify(crypto.pbkdf2)(…)`' })],
    },
    {
      name: 'Remix: a health loader (flat routes folder `api+/health.ts`) stats the signing certificate per request',
      filename: 'packages/lib/cert-status.ts',
      code: `import * as fs from 'node:fs';
export const getCertificateStatus = () => {
  try {
    fs.accessSync(process.env.CERT_PATH ?? './cert.p12', fs.constants.R_OK);
    return { isAvailable: fs.statSync(process.env.CERT_PATH ?? './cert.p12').size > 0 };
  } catch {
    return { isAvailable: false };
  }
};
`,
      files: {
        'apps/remix/app/routes/api+/health.ts': `import { getCertificateStatus } from '../../../../../packages/lib/cert-status';\nexport const loader = async () => Response.json({ certificate: getCertificateStatus() });\n`,
        'apps/remix/app/routes/documents.$id.tsx': `import { getCertificateStatus } from '../../../../packages/lib/cert-status';\nexport async function action({ params }: { params: { id: string } }) {\n  return Response.json({ id: params.id, cert: getCertificateStatus() });\n}\nexport default function Document() {\n  return null;\n}\n`,
      },
      errors: [
        at(4, 5, {
          severity: 'info',
          message: '`fs.accessSync` and `fs.statSync` in `getCertificateStatus` briefly block the event loop of 2 request handlers: loader /api/health, action /documents/:id; use `await fs.promises.access` (and the asynchronous twin of `fs.statSync`)',
        }),
      ],
    },
    {
      name: 'NestJS: a storage field filled by a factory that picks a class by a setting (`private storage = UploadFactory.createStorage()`): each class it may return is searched',
      filename: 'libs/upload/local.storage.ts',
      code: `import { mkdirSync, writeFileSync } from 'node:fs';
export class LocalStorage {
  constructor(private readonly dir: string) {}
  async uploadFile(file: { buffer: Buffer; originalname: string }) {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(\`\${this.dir}/\${file.originalname}\`, file.buffer);
    return \`/uploads/\${file.originalname}\`;
  }
}
`,
      files: {
        'libs/upload/s3.storage.ts': `export class S3Storage {\n  async uploadFile(file: { buffer: Buffer; originalname: string }) {\n    return \`https://bucket/\${file.originalname}\`;\n  }\n}\n`,
        'libs/upload/upload.factory.ts': `import { LocalStorage } from './local.storage';
import { S3Storage } from './s3.storage';
export class UploadFactory {
  static createStorage() {
    switch (process.env.STORAGE_PROVIDER || 'local') {
      case 'local':
        return new LocalStorage(process.env.UPLOAD_DIRECTORY!);
      case 's3':
        return new S3Storage();
      default:
        throw new Error('Invalid storage type');
    }
  }
}
`,
        'apps/api/media.controller.ts': `import { Controller, Post, UploadedFile } from '@nestjs/common';
import { UploadFactory } from '../../libs/upload/upload.factory';
@Controller('media')
export class MediaController {
  private storage = UploadFactory.createStorage();
  @Post('upload')
  upload(@UploadedFile() file: { buffer: Buffer; originalname: string }) {
    return this.storage.uploadFile(file);
  }
}
`,
        'apps/api/avatar.service.ts': `import { UploadFactory } from '../../libs/upload/upload.factory';
export class AvatarService {
  private readonly storage;
  constructor() {
    this.storage = UploadFactory.createStorage();
  }
  save(file: { buffer: Buffer; originalname: string }) {
    return this.storage.uploadFile(file);
  }
}
`,
        'apps/api/users.controller.ts': `import { Controller, Put, UploadedFile } from '@nestjs/common';
import { AvatarService } from './avatar.service';
@Controller('users')
export class UsersController {
  constructor(private readonly avatars: AvatarService) {}
  @Put('me/avatar')
  avatar(@UploadedFile() file: { buffer: Buffer; originalname: string }) {
    return this.avatars.save(file);
  }
}
`,
      },
      errors: [
        at(6, 5, {
          message: '`fs.mkdirSync` and `fs.writeFileSync` in `LocalStorage.uploadFile` block the event loop of 2 request handlers: POST /media/upload (MediaController.upload), PUT /users/me/avatar (UsersController.avatar) when `this.storage.uploadFile` is the one in libs/upload/local.storage.ts (1 of 2 candidates); use `await fs.promises.writeFile` (and the asynchronous twin of `fs.mkdirSync`)',
          related: [
            { file: 'apps/api/media.controller.ts', line: 8 },
            { file: 'apps/api/users.controller.ts', line: 8 },
            { file: 'libs/upload/local.storage.ts', line: 5 },
          ],
        }),
      ],
    },
    // ---- every import style (Express) ----
    {
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/users', (req, res) => {
  const users = JSON.parse(fs.readFileSync('users.json', 'utf8'));
  res.json(users);
});`,
      errors: [at(5, 28, {
        message: '`fs.readFileSync` blocks the event loop in the handler for GET /users; use `await fs.promises.readFile`',
        severity: 'warning',
        endLine: 5,
        endColumn: 65,
        fixes: ['Use await readFile from fs/promises'],
      })],
      // The rewrite itself is tested with the fix (fixes/sync-to-async); here: the rule hands over the right site.
      output: `import express from 'express';
import fs from 'fs';
import { readFile } from 'fs/promises';
const app = express();
app.get('/users', async (req, res) => {
  const users = JSON.parse(await readFile('users.json', 'utf8'));
  res.json(users);
});`,
    },
    {
      code: `import express from 'express';
import * as fs from 'node:fs';
const app = express();
app.post('/notes', (req, res) => {
  fs.writeFileSync(\`notes/\${req.body.id}.txt\`, req.body.text);
  res.sendStatus(201);
});`,
      errors: [at(5, 3, { message: /^`fs\.writeFileSync` blocks the event loop in the handler for POST \/notes; use `await fs\.promises\.writeFile`$/ })],
    },
    {
      code: `import express from 'express';
import { readFileSync } from 'fs';
const app = express();
app.get('/', (req, res) => res.send(readFileSync('index.html', 'utf8')));`,
      errors: [at(4, 37, { message: /`fs\.readFileSync` blocks .* GET \// })],
    },
    {
      code: `import express from 'express';
import { readFileSync as read } from 'node:fs';
const app = express();
app.get('/terms', (req, res) => res.type('html').send(read('terms.html')));`,
      errors: [at(4, 55, { message: /`fs\.readFileSync`/ })],
    },
    {
      code: `const express = require('express');
const fs = require('fs');
const app = express();
app.get('/logo.png', function (req, res) {
  res.end(fs.readFileSync('logo.png'));
});`,
      errors: [at(5, 11)],
    },
    {
      code: `const express = require('express');
const { execSync: sh } = require('child_process');
const router = express.Router();
router.get('/version', (req, res) => {
  res.send(sh('git rev-parse HEAD').toString());
});
module.exports = router;`,
      errors: [at(5, 12, { message: '`child_process.execSync` blocks the event loop in the handler for GET /version; use `await promisify(exec)(…)`' })],
    },
    {
      code: `const express = require('express');
const app = express();
app.get('/license', (req, res) => res.send(require('fs').readFileSync('LICENSE', 'utf8')));`,
      errors: [at(3, 44)],
    },
    {
      code: `import express from 'express';
import fs from 'node:fs';
const { readFileSync } = fs;
const app = express();
app.get('/', (req, res) => {
  res.send(readFileSync('index.html'));
});`,
      errors: [at(6, 12)],
    },
    {
      code: `import express from 'express';
import fs from 'node:fs';
const readJson = fs.readFileSync;
const app = express();
app.get('/data', (req, res) => res.send(readJson('data.json')));`,
      errors: [at(5, 41)],
    },
    // ---- every blocking API family ----
    {
      code: `import express from 'express';
import crypto from 'node:crypto';
const app = express();
app.post('/login', (req, res) => {
  const key = crypto.pbkdf2Sync(req.body.password, salt, 100000, 64, 'sha512');
  res.json({ ok: key.equals(stored) });
});`,
      errors: [at(5, 15, { message: /`crypto\.pbkdf2Sync` .* POST \/login; use `await promisify\(crypto\.pbkdf2\)/, severity: 'warning' })],
    },
    {
      code: `import express from 'express';
import { scryptSync, randomFillSync } from 'node:crypto';
const app = express();
app.post('/signup', (req, res) => {
  const salt = randomFillSync(Buffer.alloc(16));
  res.json({ hash: scryptSync(req.body.password, salt, 64).toString('hex') });
});`,
      // One handler to make async: one finding, on the key derivation (the heavy call), naming both.
      errors: [at(6, 20, { message: /^`crypto\.randomFillSync` and `crypto\.scryptSync` block the event loop in the handler for POST \/signup; use `await promisify\(crypto\.scrypt\)/ })],
    },
    {
      code: `import express from 'express';
import { generateKeyPairSync } from 'crypto';
const app = express();
app.post('/keys', (req, res) => res.json(generateKeyPairSync('ed25519')));`,
      errors: [at(4, 42)],
    },
    {
      code: `import express from 'express';
import zlib from 'node:zlib';
const app = express();
app.get('/report', (req, res) => {
  res.set('Content-Encoding', 'gzip').send(zlib.gzipSync(JSON.stringify(report)));
});`,
      errors: [at(5, 44, { message: /`zlib\.gzipSync` .* use `await promisify\(zlib\.gzip\)\(…\)`/ })],
    },
    {
      code: `import express from 'express';
import bcrypt from 'bcrypt';
const app = express();
app.post('/register', (req, res) => {
  const hash = bcrypt.hashSync(req.body.password, 12);
  res.json({ hash });
});`,
      errors: [at(5, 16, { message: /`bcrypt\.hashSync` .* use `await bcrypt\.hash`/ })],
    },
    {
      code: `const express = require('express');
const { compareSync } = require('bcryptjs');
const router = express.Router();
router.post('/login', (req, res) => res.json({ ok: compareSync(req.body.password, user.hash) }));`,
      errors: [at(4, 52, { message: /`bcryptjs\.compareSync`/ })],
    },
    {
      code: `import express from 'express';
import { spawnSync, execFileSync } from 'node:child_process';
const app = express();
app.post('/convert', (req, res) => {
  spawnSync('convert', [req.body.in, req.body.out]);
  res.send(execFileSync('identify', [req.body.out]));
});`,
      errors: [at(5, 3, { message: /^`child_process\.spawnSync` and `child_process\.execFileSync` block the event loop in the handler for POST \/convert/ })],
    },
    // ---- Express routers, chains, middleware and wrappers ----
    {
      code: `import { Router } from 'express';
import fs from 'fs';
import { auth } from './auth';
export const router = Router();
router.post('/upload', auth, (req, res) => {
  fs.writeFileSync(\`uploads/\${req.file.name}\`, req.file.buffer);
  res.sendStatus(204);
});`,
      errors: [at(6, 3, { message: /POST \/upload/ })],
    },
    {
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.route('/book')
  .get((req, res) => res.send(fs.readFileSync('book.json')))
  .put((req, res) => {
    fs.writeFileSync('book.json', JSON.stringify(req.body));
    res.sendStatus(204);
  });`,
      errors: [at(5, 31, { message: /GET \/book/ }), at(7, 5, { message: /PUT \/book/ })],
    },
    {
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.use((req, res, next) => {
  fs.appendFileSync('access.log', \`\${req.method} \${req.url}\\n\`);
  next();
});`,
      errors: [at(5, 3, { message: /`fs\.appendFileSync` blocks the event loop in the handler for middleware app\.use/ })],
    },
    {
      code: `import fs from 'fs';
export function installLogger(server) {
  server.use((req, res, next) => {
    fs.appendFileSync('access.log', req.url + '\\n');
    next();
  });
}`,
      errors: [at(4, 5)],
    },
    {
      code: `import express from 'express';
import asyncHandler from 'express-async-handler';
import fs from 'fs';
const router = express.Router();
router.get('/invoices/:id', asyncHandler(async (req, res) => {
  res.type('pdf').send(fs.readFileSync(\`invoices/\${req.params.id}.pdf\`));
}));`,
      errors: [at(6, 24, { message: /GET \/invoices\/:id/ })],
    },
    // ---- Koa ----
    {
      code: `import Koa from 'koa';
import fs from 'fs';
const app = new Koa();
app.use(async (ctx, next) => {
  ctx.body = fs.readFileSync('public/index.html', 'utf8');
  await next();
});
app.listen(3000);`,
      errors: [at(5, 14)],
    },
    {
      code: `import Router from '@koa/router';
import { readFileSync } from 'fs';
const router = new Router();
router.get('/robots.txt', (ctx) => {
  ctx.body = readFileSync('robots.txt', 'utf8');
});`,
      errors: [at(5, 14, { message: /GET \/robots\.txt/ })],
    },
    {
      // Koa calls `app.context.onerror` for every failed request (outline renders its error page so).
      code: `import Koa from 'koa';
import fs from 'fs';
const app = new Koa();
function readErrorFile() {
  return fs.readFileSync('server/error.dev.html', 'utf8');
}
app.context.onerror = function (err) {
  this.type = 'html';
  this.body = readErrorFile().replace('{{message}}', err.message);
};`,
      errors: [at(5, 10, { message: /app\.context\.onerror/, related: [{ file: 'src/server.ts', line: 9 }] })],
    },
    // ---- Fastify ----
    {
      code: `import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
const fastify = Fastify({ logger: true });
fastify.get('/', { schema: { response: { 200: { type: 'string' } } } }, async (request, reply) => {
  return readFileSync('index.html', 'utf8');
});`,
      errors: [at(5, 10)],
    },
    {
      code: `import Fastify from 'fastify';
import zlib from 'node:zlib';
const app = Fastify();
app.route({
  method: 'POST',
  url: '/compress',
  handler: async (request, reply) => reply.send(zlib.brotliCompressSync(request.body)),
});`,
      errors: [at(7, 49, { message: /`zlib\.brotliCompressSync` blocks the event loop in the handler for POST \/compress/ })],
    },
    {
      code: `import fp from 'fastify-plugin';
import fs from 'node:fs';
export default fp(async (fastify) => {
  fastify.register(async (instance) => {
    instance.get('/status', async () => fs.readFileSync('status.json', 'utf8'));
  });
});`,
      errors: [at(5, 41)],
    },
    // ---- Hapi ----
    {
      code: `import Hapi from '@hapi/hapi';
import fs from 'fs';
const server = Hapi.server({ port: 3000 });
server.route({
  method: 'GET',
  path: '/',
  handler: (request, h) => fs.readFileSync('index.html', 'utf8'),
});`,
      errors: [at(7, 28, { message: /GET \// })],
    },
    {
      code: `const Hapi = require('@hapi/hapi');
const fs = require('fs');
const server = Hapi.server();
server.route([
  { method: 'GET', path: '/a', handler: () => 'a' },
  {
    method: 'POST',
    path: '/b',
    options: {
      handler(request, h) {
        fs.writeFileSync('b.json', JSON.stringify(request.payload));
        return h.response().code(201);
      },
    },
  },
]);`,
      errors: [at(11, 9, { message: /POST \/b/ })],
    },
    // ---- Next.js ----
    {
      filename: 'pages/api/users.ts',
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import fs from 'fs';
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json(JSON.parse(fs.readFileSync('data/users.json', 'utf8')));
}`,
      errors: [at(4, 35, { message: /API route \/api\/users/ })],
    },
    {
      name: 'pages/api default export wrapped in a higher-order function',
      filename: 'pages/api/me.ts',
      code: `import { readFileSync } from 'fs';
import { withSession } from '../../lib/session';
function me(req, res) {
  res.json(JSON.parse(readFileSync(\`profiles/\${req.session.user}.json\`, 'utf8')));
}
export default withSession(me);`,
      errors: [at(4, 23, { message: /API route \/api\/me/ })],
    },
    {
      filename: 'app/api/export/route.ts',
      code: `import { execSync } from 'node:child_process';
export async function GET(request: Request) {
  const csv = execSync('python3 export.py').toString();
  return new Response(csv);
}`,
      errors: [at(3, 15, { message: /GET \/api\/export/ })],
    },
    {
      filename: 'app/actions.ts',
      code: `'use server';
import { writeFileSync } from 'node:fs';
export async function createPost(form: FormData) {
  writeFileSync(\`posts/\${form.get('slug')}.md\`, String(form.get('body')));
}`,
      errors: [at(4, 3, { message: /server action createPost/ })],
    },
    {
      filename: 'app/settings/page.tsx',
      code: `import { writeFileSync } from 'node:fs';
export default function Settings() {
  async function save(form: FormData) {
    'use server';
    writeFileSync('settings.json', JSON.stringify(Object.fromEntries(form)));
  }
  return <form action={save}><button>Save</button></form>;
}`,
      errors: [at(5, 5, { message: /server action save/ })],
    },
    // ---- NestJS ----
    {
      filename: 'src/files/files.controller.ts',
      code: `import { Controller, Get, Param } from '@nestjs/common';
import { readFileSync } from 'fs';
@Controller('files')
export class FilesController {
  @Get(':name')
  read(@Param('name') name: string) {
    return readFileSync(\`storage/\${name}\`);
  }
}`,
      errors: [at(7, 12, { message: /GET \/files\/:name \(FilesController\.read\)/ })],
    },
    {
      name: 'NestJS controller calling an injected service that blocks: reported in the service',
      filename: 'src/reports/reports.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { execSync } from 'child_process';
@Injectable()
export class ReportsService {
  render() {
    return execSync('wkhtmltopdf report.html -');
  }
}`,
      files: {
        'src/reports/reports.controller.ts': `import { Controller, Post } from '@nestjs/common';
import { ReportsService } from './reports.service';
@Controller('reports')
export class ReportsController {
  constructor(private readonly reportsService: ReportsService) {}
  @Post()
  create() {
    return this.reportsService.render();
  }
}`,
      },
      errors: [at(6, 12, {
        message: '`child_process.execSync` in `ReportsService.render` blocks the event loop of the handler for POST /reports (ReportsController.create); use `await promisify(exec)(…)`',
        related: [{ file: 'src/reports/reports.controller.ts', line: 8 }],
      })],
    },
    // ---- Node http, Lambda ----
    {
      code: `import http from 'node:http';
import fs from 'node:fs';
http.createServer((req, res) => {
  res.end(fs.readFileSync('public' + req.url));
}).listen(8080);`,
      errors: [at(4, 11, { message: /http\.createServer request/ })],
    },
    {
      code: `import https from 'node:https';
import { readFileSync } from 'node:fs';
const options = { key: readFileSync('key.pem'), cert: readFileSync('cert.pem') };
function onRequest(req, res) {
  res.end(readFileSync('index.html'));
}
https.createServer(options, onRequest).listen(443);`,
      errors: [at(5, 11)],
    },
    {
      code: `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const server = createServer();
server.on('request', (req, res) => res.end(readFileSync('page.html')));
server.listen(3000);`,
      errors: [at(4, 44, { message: /'request' event/ })],
    },
    {
      filename: 'functions/thumbnail.ts',
      code: `import { execFileSync } from 'node:child_process';
export const handler = async (event) => {
  execFileSync('convert', [event.key, '-resize', '200x200', '/tmp/thumb.jpg']);
  return { statusCode: 200 };
};`,
      errors: [at(3, 3, { message: /Lambda handler/ })],
    },
    {
      filename: 'functions/report.js',
      code: `const zlib = require('zlib');
exports.handler = async function (event) {
  return { body: zlib.gzipSync(JSON.stringify(event)).toString('base64'), isBase64Encoded: true };
};`,
      errors: [at(3, 18)],
    },
    {
      filename: 'functions/upload.js',
      code: `const fs = require('fs');
module.exports.handler = async (event) => {
  fs.writeFileSync('/tmp/upload', event.body);
  return { statusCode: 201 };
};`,
      errors: [at(3, 3)],
    },
    {
      filename: 'functions/keys.ts',
      code: `import crypto from 'crypto';
export async function handler() {
  return crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });
}`,
      errors: [at(3, 10)],
    },
    // ---- across functions in the same file: reported at the blocking call ----
    {
      code: `import express from 'express';
import fs from 'fs';
const app = express();
function renderPage(name: string) {
  return fs.readFileSync(\`pages/\${name}.html\`, 'utf8');
}
app.get('/', (req, res) => res.send(renderPage('home')));`,
      errors: [at(5, 10, {
        fixes: [],
        message: '`fs.readFileSync` in `renderPage` blocks the event loop of the handler for GET /; use `await fs.promises.readFile`',
        related: [{ file: 'src/server.ts', line: 7 }],
      })],
    },
    {
      code: `import express from 'express';
import { execSync } from 'child_process';
const app = express();
const gitSha = () => execSync('git rev-parse HEAD').toString().trim();
const views = {
  footer() {
    return \`build \${gitSha()}\`;
  },
};
app.get('/about', (req, res) => res.send(views.footer()));`,
      errors: [at(4, 22, { related: [{ file: 'src/server.ts', line: 7 }, { file: 'src/server.ts', line: 10 }] })],
    },
    {
      name: 'a route that references a handler declared below it',
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/download/:id', download);
function download(req, res) {
  res.send(fs.readFileSync(\`files/\${req.params.id}\`));
}`,
      errors: [at(6, 12, { message: /GET \/download\/:id/ })],
    },
    // ---- across files, 1, 2 and 3 hops: the finding is in the file with the blocking call ----
    {
      name: 'a helper module reached from a route',
      filename: 'src/lib/views.ts',
      code: viewsModule,
      files: { 'src/server.ts': `import express from 'express';\nimport { loadTemplate } from './lib/views';\nconst app = express();\napp.get('/', (req, res) => res.send(loadTemplate('home')));\n` },
      errors: [at(4, 10, {
        fixes: [],
        message: '`fs.readFileSync` in `loadTemplate` blocks the event loop of the handler for GET /; use `await fs.promises.readFile`',
        related: [{ file: 'src/server.ts', line: 4 }],
      })],
    },
    {
      name: 'two hops: route → service → pdf helper',
      filename: 'src/lib/pdf.ts',
      code: `import { execSync } from 'node:child_process';\nexport function renderPdf(html: string) {\n  return execSync('wkhtmltopdf - -', { input: html });\n}\n`,
      files: {
        'src/server.ts': `import express from 'express';\nimport { buildReport } from './services/report';\nconst app = express();\napp.get('/report.pdf', (req, res) => {\n  res.type('pdf').send(buildReport(req.query));\n});\n`,
        'src/services/report.ts': `import { renderPdf } from '../lib/pdf';\nexport function buildReport(query: unknown) {\n  const html = JSON.stringify(query);\n  return renderPdf(html);\n}\n`,
      },
      errors: [at(3, 10, {
        message: /^`child_process\.execSync` in `renderPdf` blocks the event loop of the handler for GET \/report\.pdf/,
        related: [{ file: 'src/services/report.ts', line: 4 }, { file: 'src/server.ts', line: 5 }],
      })],
    },
    {
      name: 'three hops in CommonJS: router → controller → service → util',
      filename: 'src/util/gzip.js',
      code: `const zlib = require('zlib');\nmodule.exports.compress = function compress(text) {\n  return zlib.gzipSync(text);\n};\n`,
      files: {
        'src/routes.js': `const express = require('express');\nconst { handleExport } = require('./controllers/export');\nconst router = express.Router();\nrouter.post('/export', async (req, res) => res.send(await handleExport(req.body)));\n`,
        'src/controllers/export.js': `const { toCsv } = require('../services/csv');\nasync function handleExport(body) {\n  return toCsv(body.rows);\n}\nmodule.exports = { handleExport };\n`,
        'src/services/csv.js': `const { compress } = require('../util/gzip');\nexports.toCsv = (rows) => compress(rows.map((r) => r.join(',')).join('\\n'));\n`,
      },
      errors: [at(3, 10, {
        message: /`zlib\.gzipSync` in `compress` blocks the event loop of the handler for POST \/export/,
        related: [{ file: 'src/controllers/export.js', line: 3 }, { file: 'src/services/csv.js', line: 2 }, { file: 'src/routes.js', line: 4 }],
      })],
    },
    {
      name: 'namespace import of a service module',
      filename: 'src/services/users.ts',
      code: `import fs from 'fs';\nexport function list() {\n  return JSON.parse(fs.readFileSync('users.json', 'utf8'));\n}\n`,
      files: { 'src/server.ts': `import express from 'express';\nimport * as users from './services/users';\nconst app = express();\napp.get('/users', (req, res) => res.json(users.list()));\n` },
      errors: [at(3, 21, { related: [{ file: 'src/server.ts', line: 4 }] })],
    },
    {
      name: 'default export of an object literal with methods',
      filename: 'src/avatar.service.ts',
      code: `import { writeFileSync } from 'fs';\nexport default {\n  save(id: string, data: Buffer) {\n    writeFileSync(\`avatars/\${id}.png\`, data);\n  },\n};\n`,
      files: { 'src/server.ts': `import express from 'express';\nimport avatarService from './avatar.service';\nconst app = express();\napp.put('/me/avatar', (req, res) => {\n  avatarService.save(req.user.id, req.body);\n  res.sendStatus(204);\n});\n` },
      errors: [at(4, 5, { message: /PUT \/me\/avatar/, related: [{ file: 'src/server.ts', line: 5 }] })],
    },
    {
      name: 'handler defined in a controller module, registered in the router: the quick fix is in the controller',
      filename: 'src/controllers/users.ts',
      code: `import fs from 'node:fs';\nexport function listUsers(req, res) {\n  res.json(JSON.parse(fs.readFileSync('users.json', 'utf8')));\n}\n`,
      files: {
        'src/routes.ts': `import { Router } from 'express';\nimport { listUsers } from './controllers/users';\nimport { requireAuth } from './middleware/auth';\nexport const router = Router();\nrouter.get('/users', requireAuth, listUsers);\n`,
        'src/middleware/auth.ts': `export function requireAuth(req, res, next) {\n  next();\n}\n`,
      },
      errors: [at(3, 23, {
        message: '`fs.readFileSync` blocks the event loop in the handler for GET /users; use `await fs.promises.readFile`',
        related: [{ file: 'src/routes.ts', line: 5 }],
        fixes: ['Use await readFile from fs/promises'],
      })],
      output: `import fs from 'node:fs';\nimport { readFile } from 'node:fs/promises';\nexport async function listUsers(req, res) {\n  res.json(JSON.parse(await readFile('users.json', 'utf8')));\n}\n`,
      checkOutput: typeChecks,
    },
    {
      name: 'one controller per CommonJS file (module.exports = the handler, wrapped in asyncWrapper, gathered by an index of requires): the File class they read through blocks',
      filename: 'utils/File.js',
      code: `const fs = require('fs');\n\nclass File {\n  constructor(path) {\n    this.path = path;\n  }\n\n  read() {\n    return fs.readFileSync(this.path, { encoding: 'utf-8' });\n  }\n}\n\nmodule.exports = File;\n`,
      files: {
        'middleware/asyncWrapper.js': `function asyncWrapper(foo) {\n  return function (req, res, next) {\n    return Promise.resolve(foo(req, res, next)).catch(next);\n  };\n}\n\nmodule.exports = asyncWrapper;\n`,
        'controllers/themes/getThemes.js': `const asyncWrapper = require('../../middleware/asyncWrapper');\nconst File = require('../../utils/File');\n\nconst getThemes = asyncWrapper(async (req, res) => {\n  const file = new File('data/themes.json');\n  res.status(200).json({ success: true, data: JSON.parse(file.read()).themes });\n});\n\nmodule.exports = getThemes;\n`,
        'controllers/themes/index.js': `module.exports = {\n  getThemes: require('./getThemes'),\n};\n`,
        'controllers/config/getCSS.js': `const File = require('../../utils/File');\n\nmodule.exports = async function getCSS(req, res) {\n  res.type('css').send(new File('public/flame.css').read());\n};\n`,
        'routes/themes.js': `const express = require('express');\nconst router = express.Router();\nconst { getThemes } = require('../controllers/themes/');\n\nrouter.route('/').get(getThemes);\n\nmodule.exports = router;\n`,
        'routes/config.js': `const express = require('express');\nconst router = express.Router();\nconst getCSS = require('../controllers/config/getCSS');\n\nrouter.get('/0/css', getCSS);\n\nmodule.exports = router;\n`,
      },
      errors: [at(9, 12, {
        message: /^`fs\.readFileSync` in `File\.read` blocks the event loop of 2 request handlers: GET \/0\/css, GET \//,
        related: [{ file: 'controllers/config/getCSS.js', line: 4 }, { file: 'routes/config.js', line: 5 }, { file: 'controllers/themes/getThemes.js', line: 6 }, { file: 'routes/themes.js', line: 5 }],
      })],
    },
    {
      name: 'Fastify server that starts a worker thread per request runs on the event loop itself (it hands workerData over)',
      filename: 'src/server/index.ts',
      code: `import fastify from 'fastify';\nimport { createReadStream, existsSync, readFileSync } from 'fs';\nimport { Worker } from 'worker_threads';\n\nconst server = fastify();\n\nserver.get('/favicon.ico', async (_, reply) => {\n  if (!existsSync('./public/favicon.ico')) return reply.callNotFound();\n  return reply.type('image/x-icon').send(createReadStream('./public/favicon.ico'));\n});\n\nserver.post('/api/thumbnails', async (req, reply) => {\n  const ids = JSON.parse(readFileSync('./thumbs.json', 'utf8'));\n  new Worker('./dist/worker/thumbnail.js', { workerData: { ids } });\n  return reply.send({ ok: true });\n});\n`,
      errors: [
        at(8, 8, { message: /^`fs\.existsSync` briefly blocks the event loop in the handler for GET \/favicon\.ico/, severity: 'info' }),
        at(13, 26, { message: /^`fs\.readFileSync` blocks the event loop in the handler for POST \/api\/thumbnails/ }),
      ],
    },
    {
      name: 'passport local strategy: the login verify function finds the user with a static finder and checks the password on the instance',
      filename: 'src/models/user.ts',
      code: `import bcrypt from 'bcryptjs';\nimport { db } from '../db';\n\nexport default class User {\n  id: number;\n  password: string;\n  constructor(row: { id: number; password: string }) {\n    this.id = row.id;\n    this.password = row.password;\n  }\n\n  checkPassword(pw: string): boolean {\n    return bcrypt.compareSync(pw, this.password);\n  }\n\n  static async findOne(where: object): Promise<User | undefined> {\n    const row = await db.selectMaybeOne('users', where);\n    return row ? new User(row) : undefined;\n  }\n}\n`,
      files: {
        'src/db.ts': `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const db = {\n  async selectMaybeOne(table: string, where: object) {\n    return (await pool.query(\`select * from \${table} limit 1\`, [where])).rows[0];\n  },\n};\n`,
        'src/auth/passport.ts': `import passport from 'passport';\nimport { Strategy as LocalStrategy } from 'passport-local';\nimport User from '../models/user';\n\npassport.use(\n  new LocalStrategy({ usernameField: 'email' }, async (email, password, done) => {\n    const user = await User.findOne({ email });\n    if (!user || !user.checkPassword(password)) return done(null, false);\n    return done(null, { id: user.id });\n  }),\n);\n`,
        'src/auth/routes.ts': `import { Router } from 'express';\nimport passport from 'passport';\nimport './passport';\n\nexport const router = Router();\nrouter.post('/auth/login', passport.authenticate('local', { failureRedirect: '/auth/login' }), (req, res) => res.redirect('/'));\n`,
      },
      errors: [at(13, 12, {
        message: /^`bcryptjs\.compareSync` in `User\.checkPassword` blocks the event loop of the handler for passport strategy LocalStrategy; use `await bcryptjs\.compare`/,
        related: [{ file: 'src/auth/passport.ts', line: 8 }],
      })],
    },
    {
      name: 'a JavaScript finder that returns `new User(row)`: its instances are followed too',
      filename: 'src/models/user.js',
      code: `const bcrypt = require('bcryptjs');\n\nclass User {\n  constructor(row) {\n    Object.assign(this, row);\n  }\n\n  checkPassword(pw) {\n    return bcrypt.compareSync(pw, this.password);\n  }\n\n  static async findByEmail(email) {\n    const row = await knex('users').where({ email }).first();\n    return row ? new User(row) : null;\n  }\n}\n\nmodule.exports = User;\n`,
      files: {
        'src/routes/account.js': `const express = require('express');\nconst User = require('../models/user');\n\nconst router = express.Router();\nrouter.post('/account/password', async (req, res) => {\n  const user = await User.findByEmail(req.user.email);\n  if (!user.checkPassword(req.body.old)) return res.status(403).end();\n  res.sendStatus(204);\n});\nmodule.exports = router;\n`,
      },
      errors: [at(9, 12, { message: /^`bcryptjs\.compareSync` in `User\.checkPassword` blocks the event loop of the handler for POST \/account\/password/ })],
    },
    {
      name: 'NestJS CQRS: the controller executes a command on the CommandBus, the @CommandHandler class for it calls the service that blocks',
      filename: 'src/invoice/pdf.service.ts',
      code: `import { Injectable } from '@nestjs/common';\nimport * as fs from 'fs';\n\n@Injectable()\nexport class PdfService {\n  render(id: string): Buffer {\n    return fs.readFileSync('/tmp/invoices/' + id + '.pdf');\n  }\n}\n`,
      files: {
        'src/invoice/invoice.controller.ts': `import { Controller, Get, Param } from '@nestjs/common';\nimport { CommandBus } from '@nestjs/cqrs';\nimport { InvoiceGeneratePdfCommand } from './commands/invoice.generate.pdf.command';\n\n@Controller('invoices')\nexport class InvoiceController {\n  constructor(private readonly commandBus: CommandBus) {}\n\n  @Get('download/:id')\n  async download(@Param('id') id: string): Promise<Buffer> {\n    return await this.commandBus.execute(new InvoiceGeneratePdfCommand(id, 'en'));\n  }\n}\n`,
        'src/invoice/commands/invoice.generate.pdf.command.ts': `export class InvoiceGeneratePdfCommand {\n  constructor(public readonly invoiceId: string, public readonly locale: string) {}\n}\n`,
        'src/invoice/commands/handlers/invoice.generate.pdf.handler.ts': `import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';\nimport { PdfService } from '../../pdf.service';\nimport { InvoiceGeneratePdfCommand } from '../invoice.generate.pdf.command';\n\n@CommandHandler(InvoiceGeneratePdfCommand)\nexport class InvoiceGeneratePdfHandler implements ICommandHandler<InvoiceGeneratePdfCommand> {\n  constructor(private readonly pdf: PdfService) {}\n\n  async execute(command: InvoiceGeneratePdfCommand): Promise<Buffer> {\n    return this.pdf.render(command.invoiceId);\n  }\n}\n`,
      },
      errors: [at(7, 12, {
        message: /^`fs\.readFileSync` in `PdfService\.render` blocks the event loop of the handler for GET \/invoices\/download\/:id/,
        related: [{ file: 'src/invoice/commands/handlers/invoice.generate.pdf.handler.ts', line: 10 }, { file: 'src/invoice/invoice.controller.ts', line: 11 }],
      })],
    },
    {
      name: 'a storage provider chosen at run time behind an abstract base: getProvider() returns a Provider, and the local implementation of deleteFile blocks',
      filename: 'src/file-storage/providers/local.provider.ts',
      code: `import * as fs from 'fs';\nimport { Provider } from './provider';\n\nexport class LocalProvider extends Provider<LocalProvider> {\n  async getFile(key: string): Promise<Buffer> {\n    return fs.promises.readFile('public/' + key);\n  }\n\n  async deleteFile(key: string): Promise<void> {\n    const filePath = 'public/' + key;\n    if (fs.existsSync(filePath)) {\n      return fs.unlinkSync(filePath);\n    }\n  }\n}\n`,
      files: {
        'src/file-storage/providers/provider.ts': `export abstract class Provider<T> {\n  abstract getFile(key: string): Promise<Buffer>;\n  abstract deleteFile(key: string): Promise<void>;\n}\n`,
        'src/file-storage/providers/s3.provider.ts': `import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';\nimport { Provider } from './provider';\n\nconst s3 = new S3Client({});\nexport class S3Provider extends Provider<S3Provider> {\n  async getFile(key: string): Promise<Buffer> {\n    const out = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: key }));\n    return Buffer.from(await out.Body!.transformToByteArray());\n  }\n\n  async deleteFile(key: string): Promise<void> {\n    await s3.send(new DeleteObjectCommand({ Bucket: 'b', Key: key }));\n  }\n}\n`,
        'src/file-storage/file-storage.ts': `import { Provider } from './providers/provider';\nimport { LocalProvider } from './providers/local.provider';\nimport { S3Provider } from './providers/s3.provider';\n\nexport class FileStorage {\n  private providers: Record<string, Provider<any>> = { local: new LocalProvider(), s3: new S3Provider() };\n  private name = process.env.FILE_PROVIDER ?? 'local';\n\n  getProvider() {\n    return this.getProviderInstance();\n  }\n\n  getProviderInstance(): Provider<any> {\n    return this.providers[this.name];\n  }\n}\n`,
        'src/image-asset/image-asset.controller.ts': `import { Controller, Delete, Param } from '@nestjs/common';\nimport { FileStorage } from '../file-storage/file-storage';\n\n@Controller('image-assets')\nexport class ImageAssetController {\n  @Delete(':key')\n  async delete(@Param('key') key: string): Promise<void> {\n    const provider = new FileStorage().getProvider();\n    await provider.deleteFile(key);\n  }\n}\n`,
      },
      errors: [at(12, 14, {
        message: /^`fs\.existsSync` and `fs\.unlinkSync` in `LocalProvider\.deleteFile` block the event loop of the handler for DELETE \/image-assets\/:key/,
        related: [{ file: 'src/image-asset/image-asset.controller.ts', line: 9 }, { file: 'src/file-storage/providers/local.provider.ts', line: 11 }],
      })],
    },
    {
      name: 'a datasource kept on global and exported `as` its abstract class, its subclasses importing it through the folder index: the local implementation is one of the candidates a route reaches',
      filename: 'src/lib/datasources/local.ts',
      code: `import { createReadStream, existsSync } from 'fs';\nimport { join } from 'path';\nimport { Datasource } from '.';\n\nexport class Local extends Datasource {\n  constructor(public path: string) {\n    super();\n  }\n\n  public get(file: string) {\n    const full = join(this.path, file);\n    if (!existsSync(full)) return null;\n    return createReadStream(full);\n  }\n}\n`,
      files: {
        'src/lib/datasource.ts': `import { Datasource, Local, S3 } from './datasources';\n\ndeclare global {\n  // eslint-disable-next-line no-var\n  var datasource: Datasource;\n}\n\nif (!global.datasource) {\n  global.datasource = process.env.DATASOURCE === 's3' ? new S3() : new Local('./uploads');\n}\n\nexport default global.datasource as Datasource;\n`,
        'src/lib/datasources/index.ts': `export { Datasource } from './datasource';\nexport { Local } from './local';\nexport { S3 } from './s3';\n`,
        'src/lib/datasources/datasource.ts': `export abstract class Datasource {\n  public abstract get(file: string): NodeJS.ReadableStream | null;\n}\n`,
        'src/lib/datasources/s3.ts': `import { Readable } from 'stream';\nimport { Datasource } from '.';\n\nexport class S3 extends Datasource {\n  public get(file: string) {\n    return Readable.from([file]);\n  }\n}\n`,
        'src/server/index.ts': `import fastify from 'fastify';\nimport datasource from '../lib/datasource';\n\nconst server = fastify();\nserver.get('/r/:id', async (req, reply) => {\n  const stream = datasource.get((req.params as { id: string }).id);\n  return stream ? reply.send(stream) : reply.callNotFound();\n});\n`,
      },
      errors: [at(12, 10, { message: /^`fs\.existsSync` in `Local\.get` briefly blocks the event loop of the handler for GET \/r\/:id when `datasource\.get` is the one in lib\/datasources\/local\.ts \(1 of 2 candidates\)/, severity: 'info' })],
    },
    {
      name: 'next-auth: the credentials provider authorize() compares passwords synchronously on every sign-in',
      filename: 'pages/api/v1/auth/[...nextauth].ts',
      code: `import bcrypt from 'bcrypt';\nimport type { NextApiRequest, NextApiResponse } from 'next';\nimport NextAuth from 'next-auth/next';\nimport CredentialsProvider from 'next-auth/providers/credentials';\nimport EmailProvider from 'next-auth/providers/email';\nimport { prisma } from '@/lib/prisma';\nimport sendInvitationRequest from '@/lib/sendInvitationRequest';\n\nconst providers = [\n  CredentialsProvider({\n    credentials: {},\n    async authorize(credentials) {\n      const { username, password } = credentials as { username: string; password: string };\n      const user = await prisma.user.findFirst({ where: { username } });\n      if (user && bcrypt.compareSync(password, user.password)) return { id: String(user.id) };\n      return null;\n    },\n  }),\n  EmailProvider({\n    server: process.env.EMAIL_SERVER,\n    async sendVerificationRequest({ identifier, url }: any) {\n      await sendInvitationRequest({ identifier, url });\n    },\n  } as any),\n];\n\nexport default async function auth(req: NextApiRequest, res: NextApiResponse) {\n  return await NextAuth(req, res, { providers });\n}\n`,
      files: {
        'tsconfig.json': `{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }`,
        'lib/sendInvitationRequest.ts': `import { readFileSync } from 'fs';\nimport path from 'path';\nimport { transporter } from './mail';\n\nexport default async function sendInvitationRequest({ identifier, url }: { identifier: string; url: string }) {\n  const template = readFileSync(path.join(process.cwd(), 'templates/acceptInvitation.html'), 'utf8');\n  await transporter.sendMail({ to: identifier, html: template.replace('{{url}}', url) });\n}\n`,
        'lib/mail.ts': `export const transporter = { async sendMail(m: object) { return m; } };\n`,
      },
      errors: [at(15, 19, { message: '`bcrypt.compareSync` blocks the event loop in the handler for next-auth credentials authorize; use `await bcrypt.compare`' })],
    },
    {
      name: 'next-auth: the email provider sendVerificationRequest reads the invitation template on every sign-in email',
      filename: 'lib/sendInvitationRequest.ts',
      code: `import { readFileSync } from 'fs';\nimport path from 'path';\nimport { transporter } from './mail';\n\nexport default async function sendInvitationRequest({ identifier, url }: { identifier: string; url: string }) {\n  const template = readFileSync(path.join(process.cwd(), 'templates/acceptInvitation.html'), 'utf8');\n  await transporter.sendMail({ to: identifier, html: template.replace('{{url}}', url) });\n}\n`,
      files: {
        'tsconfig.json': `{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }`,
        'pages/api/v1/auth/[...nextauth].ts': `import bcrypt from 'bcrypt';\nimport type { NextApiRequest, NextApiResponse } from 'next';\nimport NextAuth from 'next-auth/next';\nimport CredentialsProvider from 'next-auth/providers/credentials';\nimport EmailProvider from 'next-auth/providers/email';\nimport { prisma } from '@/lib/prisma';\nimport sendInvitationRequest from '@/lib/sendInvitationRequest';\n\nconst providers = [\n  CredentialsProvider({\n    credentials: {},\n    async authorize(credentials) {\n      const { username, password } = credentials as { username: string; password: string };\n      const user = await prisma.user.findFirst({ where: { username } });\n      if (user && bcrypt.compareSync(password, user.password)) return { id: String(user.id) };\n      return null;\n    },\n  }),\n  EmailProvider({\n    server: process.env.EMAIL_SERVER,\n    async sendVerificationRequest({ identifier, url }: any) {\n      await sendInvitationRequest({ identifier, url });\n    },\n  } as any),\n];\n\nexport default async function auth(req: NextApiRequest, res: NextApiResponse) {\n  return await NextAuth(req, res, { providers });\n}\n`,
        'lib/mail.ts': `export const transporter = { async sendMail(m: object) { return m; } };\n`,
      },
      errors: [at(6, 20, { message: /^`fs\.readFileSync` in `sendInvitationRequest` blocks the event loop of the handler for next-auth email sendVerificationRequest/ })],
    },
    {
      name: 'controller method reference through a namespace import: the cheap readdirSync goes with the read after it',
      filename: 'src/controllers/files.ts',
      code: `import { readdirSync, readFileSync } from 'fs';\nexport const list = (req, res) => res.json(readdirSync('files').map((f) => readFileSync('files/' + f, 'utf8')));\n`,
      files: { 'src/routes.ts': `import express from 'express';\nimport * as controller from './controllers/files';\nconst router = express.Router();\nrouter.get('/files', controller.list);\n` },
      errors: [at(2, 76, { message: /^`fs\.readdirSync` and `fs\.readFileSync` block the event loop in the handler for GET \/files/, severity: 'warning' })],
    },
    {
      name: 'Next.js route handler calling a helper through a tsconfig path alias',
      filename: 'src/lib/storage.ts',
      code: `import { writeFileSync } from 'node:fs';\nconst storage = {\n  put(name: string, data: Buffer) {\n    writeFileSync(\`uploads/\${name}\`, data);\n  },\n};\nexport default storage;\n`,
      files: {
        'tsconfig.json': `{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }`,
        'src/app/api/avatar/route.ts': `import storage from '@/lib/storage';\nimport { NextResponse } from 'next/server';\nexport async function POST(request: Request) {\n  storage.put('avatar.png', Buffer.from(await request.arrayBuffer()));\n  return NextResponse.json({ ok: true });\n}\n`,
      },
      errors: [at(4, 5, { message: '`fs.writeFileSync` in `put` blocks the event loop of the handler for POST /api/avatar; use `await fs.promises.writeFile`', related: [{ file: 'src/app/api/avatar/route.ts', line: 4 }] })],
    },
    {
      name: 'Next.js route handler importing a query from a barrel of thirty `export *` modules (the database chosen at run time)',
      filename: 'src/queries/sql/replays/getReplayChunks.ts',
      code: `import { gunzipSync } from 'node:zlib';
import { CLICKHOUSE, PRISMA, runQuery } from '@/lib/db';
import prisma from '@/lib/prisma';

export async function getReplayChunks(websiteId: string, visitId: string) {
  return runQuery({
    [PRISMA]: () => relationalQuery(websiteId, visitId),
    [CLICKHOUSE]: async () => [],
  });
}

async function relationalQuery(websiteId: string, visitId: string) {
  const chunks = await prisma.sessionReplay.findMany({ where: { websiteId, visitId } });
  return chunks.map((chunk) => JSON.parse(gunzipSync(Buffer.from(chunk.events)).toString('utf-8')));
}
`,
      files: queryLayer({
        'src/queries/sql/index.ts': queryBarrel([...queryNames.map((n) => `reports/${n}`), 'replays/getReplayChunks']),
        'src/app/api/websites/[websiteId]/replays/[replayId]/route.ts': `import { NextResponse } from 'next/server';
import { getReplayChunks } from '@/queries/sql';

export async function GET(request: Request, { params }: { params: Promise<{ websiteId: string; replayId: string }> }) {
  const { websiteId, replayId } = await params;
  const chunks = await getReplayChunks(websiteId, replayId);
  return NextResponse.json({ events: chunks.flatMap((c) => c.events) });
}
`,
      }),
      errors: [at(14, 43, { message: /`zlib\.gunzipSync` in `relationalQuery` blocks the event loop of the handler for GET \/api\/websites\/\[websiteId\]\/replays\/\[replayId\]/, related: [{ file: 'src/queries/sql/replays/getReplayChunks.ts', line: 7 }, { file: 'src/app/api/websites/[websiteId]/replays/[replayId]/route.ts', line: 6 }] })],
    },
    {
      name: 'Next.js POST route reaching a gzipSync through a barrel that re-exports a barrel',
      filename: 'src/queries/sql/replays/saveRecording.ts',
      code: `import { gzipSync } from 'node:zlib';
import { PRISMA, runQuery } from '@/lib/db';
import prisma from '@/lib/prisma';

export async function saveRecording({ websiteId, events }: { websiteId: string; events: unknown[] }) {
  return runQuery({ [PRISMA]: () => relationalQuery(websiteId, events) });
}

async function relationalQuery(websiteId: string, events: unknown[]) {
  const compressed = gzipSync(Buffer.from(JSON.stringify(events), 'utf-8'));
  return prisma.sessionReplay.create({ data: { websiteId, events: compressed } });
}
`,
      files: queryLayer({
        'src/queries/sql/reports/index.ts': queryBarrel(queryNames),
        'src/queries/sql/index.ts': queryBarrel(['reports/index', 'replays/saveRecording']),
        'src/app/api/record/route.ts': `import { saveRecording } from '@/queries/sql';

export async function POST(request: Request) {
  const { website, events } = await request.json();
  await saveRecording({ websiteId: website, events });
  return Response.json({ ok: true });
}
`,
      }),
      errors: [at(10, 22, { message: '`zlib.gzipSync` in `relationalQuery` blocks the event loop of the handler for POST /api/record; use `await promisify(zlib.gzip)(…)`' })],
    },
    // ---- one root cause, one finding: a helper reached from many handlers ----
    {
      name: 'one blocking helper called by two handlers and passed as a third is one finding',
      filename: 'src/templates.ts',
      code: `import fs from 'fs';\nexport function renderLayout(name: string) {\n  return fs.readFileSync(name + '.html', 'utf8');\n}\n`,
      files: { 'src/server.ts': `import express from 'express';\nimport { renderLayout } from './templates';\nconst app = express();\napp.get('/a', (req, res) => res.send(renderLayout('a')));\napp.get('/b', (req, res) => res.send(renderLayout('b')));\napp.get('/c', renderLayout);\n` },
      errors: [at(3, 10, {
        message: /^`fs\.readFileSync` in `renderLayout` blocks the event loop of 3 request handlers: GET \/c, GET \/a, GET \/b; use/,
        related: [{ file: 'src/server.ts', line: 6 }, { file: 'src/server.ts', line: 4 }, { file: 'src/server.ts', line: 5 }],
      })],
    },
    {
      name: 'handlers in several router files reaching one helper: one finding naming them all',
      filename: 'src/lib/files.js',
      code: `const fs = require('fs');\nfunction readUpload(id) {\n  return fs.readFileSync('uploads/' + id);\n}\nmodule.exports = { readUpload };\n`,
      files: {
        'src/routes/a.js': `const router = require('express').Router();\nconst { readUpload } = require('../lib/files');\nrouter.get('/api/a/:id', (req, res) => res.send(readUpload(req.params.id)));\nrouter.get('/api/a2/:id', (req, res) => res.send(readUpload(req.params.id)));\nmodule.exports = router;\n`,
        'src/routes/b.js': `const router = require('express').Router();\nconst { readUpload } = require('../lib/files');\nrouter.post('/api/b/:id', (req, res) => res.send(readUpload(req.params.id)));\nrouter.put('/api/b/:id', (req, res) => res.send(readUpload(req.params.id)));\nmodule.exports = router;\n`,
      },
      errors: [at(3, 10, { message: /of 4 request handlers: GET \/api\/a\/:id, GET \/api\/a2\/:id, POST \/api\/b\/:id and 1 more; use/ })],
    },
    {
      name: 'the handler file itself has no finding when its helper blocks in another file',
      code: `import express from 'express';\nimport { renderLayout } from './templates';\nconst app = express();\napp.get('/a', (req, res) => res.send(renderLayout('a')));\n`,
      files: { 'src/templates.ts': `import fs from 'fs';\nexport function renderLayout(name: string) {\n  return fs.readFileSync(name + '.html', 'utf8');\n}\n` },
      errors: [],
    },
    // ---- not once per process: a local "cache" is fresh on every call ----
    {
      name: 'a local variable named cache guards nothing',
      code: `import express from 'express';
import fs from 'node:fs';
const app = express();
function load(name: string) {
  let cache: string | undefined;
  if (!cache) cache = fs.readFileSync(name, 'utf8');
  return cache;
}
app.get('/page/:name', (req, res) => res.send(load(req.params.name)));`,
      errors: [at(6, 23)],
    },
    {
      name: 'a conjunction whose flag the function never sets is no first-run guard',
      code: `import express from 'express';
import fs from 'node:fs';
const app = express();
let enabled = true;
let exported = false;
app.post('/export', (req, res) => {
  if (enabled && !exported) {
    fs.writeFileSync('export.json', JSON.stringify(req.body));
  }
  res.send('ok');
});`,
      errors: [at(8, 5, { message: /POST \/export/ })],
    },
    {
      name: 'a "cache" on the request object is filled again for every request',
      code: `import express from 'express';
import fs from 'node:fs';
function attachTemplate(req) {
  if (!req.session.templates.home) {
    req.session.templates.home = fs.readFileSync('views/home.html', 'utf8');
  }
}
const app = express();
app.get('/', (req, res) => {
  attachTemplate(req);
  res.send(req.session.templates.home);
});`,
      errors: [at(5, 34, { message: /GET \// })],
    },
    {
      name: 'a guard on request data is not a cache',
      code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/report', (req, res) => {
  if (req.query.cached) return res.send('cached');
  res.send(fs.readFileSync('report.csv'));
});`,
      errors: [at(6, 12)],
    },
    {
      name: 'a busy flag reset at the end is a lock, not a cache: every request still blocks',
      code: `import express from 'express';
import { execSync } from 'node:child_process';
const app = express();
let busy = false;
app.post('/admin/backup', (req, res) => {
  if (busy) {
    res.status(409).send('busy');
    return;
  }
  busy = true;
  execSync('pg_dump app > backup.sql');
  busy = false;
  res.send('ok');
});`,
      errors: [at(11, 3, { message: /POST \/admin\/backup/ })],
    },
    {
      name: 'mkdirSync guarded by existsSync runs once; the existsSync itself runs per request (info)',
      code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.post('/export', (req, res) => {
  if (!fs.existsSync('tmp')) {
    fs.mkdirSync('tmp');
  }
  res.send('queued');
});`,
      errors: [at(5, 8, { severity: 'info', message: /^`fs\.existsSync` briefly blocks/ })],
    },
    {
      name: 'a config skeleton copied only when the config file is missing runs once; the read after it runs on every request and holds the finding',
      filename: 'src/utils/config/config.ts',
      code: `import { copyFileSync, existsSync, readFileSync } from 'fs';\nimport { join } from 'path';\nimport yaml from 'js-yaml';\n\nexport default function checkAndCopyConfig(config: string) {\n  const configYaml = join(process.cwd(), 'config', config);\n  if (!existsSync(configYaml)) {\n    try {\n      copyFileSync(join(process.cwd(), 'src', 'skeleton', config), configYaml);\n    } catch (err) {\n      process.exit(1);\n    }\n    return true;\n  }\n  yaml.load(readFileSync(configYaml, 'utf8'));\n  return true;\n}\n`,
      files: { 'src/pages/api/services.ts': `import checkAndCopyConfig from '../../utils/config/config';\nexport default function handler(req, res) {\n  checkAndCopyConfig('services.yaml');\n  res.json([]);\n}\n` },
      errors: [at(15, 13, { message: /^`fs\.existsSync` and `fs\.readFileSync` in `checkAndCopyConfig` block the event loop of the handler for API route \/api\/services/, related: [{ file: 'src/pages/api/services.ts', line: 3 }, { file: 'src/utils/config/config.ts', line: 7 }] })],
    },
    {
      name: 'a route in production next to a development-only one is still reported',
      code: `import express from 'express';
import fs from 'node:fs';
const app = express();
if (process.env.NODE_ENV === 'development') {
  app.get('/debug/config', (req, res) => res.send(fs.readFileSync('config.json')));
}
app.get('/config', (req, res) => res.send(fs.readFileSync('public-config.json')));`,
      errors: [at(7, 43, { message: /GET \/config;/ })],
    },
    {
      name: 'a callback given to a middleware library (express-basic-auth authorizer) runs in the request',
      filename: 'src/password-hash.js',
      code: `const bcrypt = require('bcryptjs');\nexports.verify = function (password, hash) {\n  return bcrypt.compareSync(password, hash);\n};\n`,
      files: {
        'src/auth.js': `const basicAuth = require('express-basic-auth');\nconst passwordHash = require('./password-hash');\nfunction apiAuthorizer(username, password, callback) {\n  findKey(username).then((key) => callback(null, passwordHash.verify(password, key.hash)));\n}\nexports.apiAuth = function (req, res, next) {\n  const middleware = basicAuth({ authorizer: apiAuthorizer, authorizeAsync: true });\n  middleware(req, res, next);\n};\n`,
        'src/server.js': `const express = require('express');\nconst { apiAuth } = require('./auth');\nconst app = express();\napp.get('/metrics', apiAuth, (req, res) => res.send('ok'));\n`,
      },
      errors: [at(3, 10, {
        message: '`bcryptjs.compareSync` in `verify` blocks the event loop of the handler for GET /metrics; use `await bcryptjs.compare`',
        related: [{ file: 'src/auth.js', line: 4 }, { file: 'src/auth.js', line: 7 }, { file: 'src/server.js', line: 4 }],
      })],
    },
    {
      name: 'a listener registered in a handler is not followed as a callback of the request',
      code: `import express from 'express';
import fs from 'node:fs';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
function writeAudit(entry: string) {
  fs.appendFileSync('audit.log', entry);
}
const app = express();
app.post('/subscribe', (req, res) => {
  bus.on('audit', writeAudit);
  res.sendStatus(204);
});`,
      errors: [],
    },
    // ---- npm packages' synchronous variants ----
    {
      name: 'read-chunk sync in an upload handler',
      code: `const express = require('express');
const readChunk = require('read-chunk');
const router = express.Router();
router.post('/uploadimage', (req, res) => {
  const header = readChunk.sync(req.file.path, 0, 12);
  res.json({ bytes: header.length });
});`,
      errors: [at(5, 18, { message: '`read-chunk.sync` blocks the event loop in the handler for POST /uploadimage; use `await readChunk(…)`', fixes: [] })],
    },
    {
      name: 'glob.sync and execa.sync in handlers',
      code: `import express from 'express';
import glob from 'glob';
import { execaSync } from 'execa';
const app = express();
app.get('/themes', (req, res) => res.json(glob.sync('themes/*.css')));
app.post('/deploy', (req, res) => res.send(execaSync('git', ['pull']).stdout));`,
      errors: [at(5, 43, { message: /^`glob\.sync` blocks/ }), at(6, 44, { message: /^`execa\.execaSync` blocks/ })],
    },
    {
      name: 'resolve.sync per render in a template helper (a Koa app), reported once where it is written',
      filename: 'src/templates.js',
      code: `const path = require('path');\nconst resolve = require('resolve');\nconst ejs = require('ejs');\nexports.render = async (name, locals) => {\n  const file = resolve.sync(name, { basedir: path.join(__dirname, 'views'), extensions: ['.ejs'] });\n  return ejs.renderFile(file, locals);\n};\n`,
      files: { 'src/server.js': `const Koa = require('koa');\nconst Router = require('@koa/router');\nconst { render } = require('./templates');\nconst app = new Koa();\nconst router = new Router();\nrouter.get('/', async (ctx) => { ctx.body = await render('index', {}); });\nrouter.get('/p/:pad', async (ctx) => { ctx.body = await render('pad', { pad: ctx.params.pad }); });\napp.use(router.routes());\n` },
      errors: [at(5, 16, { message: /^`resolve\.sync` in `render` blocks the event loop of 2 request handlers: GET \/, GET \/p\/:pad; use `await promisify\(resolve\)/ })],
    },
    {
      name: 'a native bcrypt binding called synchronously on login (@node-rs/bcrypt, Fastify)',
      code: `import Fastify from 'fastify';
import { verifySync } from '@node-rs/bcrypt';
import { users } from './db';
const app = Fastify();
app.post('/login', async (request, reply) => {
  const user = await users.findByEmail(request.body.email);
  if (!user || !verifySync(request.body.password, user.passwordHash)) return reply.code(401).send();
  return { ok: true };
});`,
      errors: [at(7, 17, { message: '`@node-rs/bcrypt.verifySync` blocks the event loop in the handler for POST /login; use `await bcrypt.verify`' })],
    },
    {
      name: 'a Sequelize model loaded by the sequelize-cli models/index.js (db[model.name] = require(…)(sequelize)) and its static method assigned after define',
      filename: 'lib/models/note.js',
      code: `const fs = require('fs');\nconst path = require('path');\nmodule.exports = function (sequelize, DataTypes) {\n  const Note = sequelize.define('Note', { alias: DataTypes.STRING, content: DataTypes.TEXT });\n  Note.readDocsFile = function (alias) {\n    return fs.readFileSync(path.join('docs', alias + '.md'), 'utf8');\n  };\n  Note.findByAlias = async function (alias) {\n    const note = await Note.findOne({ where: { alias } });\n    return note || { content: Note.readDocsFile(alias) };\n  };\n  return Note;\n};\n`,
      files: { 'lib/models/index.js': `'use strict';\nconst fs = require('fs');\nconst path = require('path');\nconst Sequelize = require('sequelize');\nconst sequelize = new Sequelize(process.env.DATABASE_URL);\nconst db = {};\nfs.readdirSync(__dirname)\n  .filter((file) => file.indexOf('.') !== 0 && file !== 'index.js')\n  .forEach((file) => {\n    const model = require(path.join(__dirname, file))(sequelize, Sequelize);\n    db[model.name] = model;\n  });\nObject.keys(db).forEach((name) => {\n  if ('associate' in db[name]) db[name].associate(db);\n});\ndb.sequelize = sequelize;\nmodule.exports = db;\n`, 'lib/routes.js': `const express = require('express');\nconst models = require('./models');\nconst router = express.Router();\nrouter.get('/s/:alias', async (req, res) => {\n  const note = await models.Note.findByAlias(req.params.alias);\n  res.send(note.content);\n});\nmodule.exports = router;\n` },
      errors: [at(6, 12, { message: /^`fs\.readFileSync` in `readDocsFile` blocks the event loop of the handler for GET \/s\/:alias/ })],
    },
    {
      name: 'members assigned onto a module object (const Helpers = {}; Helpers.loadKey = async …)',
      filename: 'src/helpers.js',
      code: `const fs = require('fs');\nconst Helpers = {};\nHelpers.loadKey = async (uid) => fs.readFileSync(\`keys/\${uid}.pem\`, 'utf8');\nmodule.exports = Helpers;\n`,
      files: { 'src/app.js': `const express = require('express');\nconst helpers = require('./helpers');\nconst app = express();\napp.get('/uid/:uid', async (req, res) => res.type('text/plain').send(await helpers.loadKey(req.params.uid)));\n` },
      errors: [at(3, 34, { message: /GET \/uid\/:uid/ })],
    },
    {
      name: "an upload provider chosen by configuration (require('./' + config.imageUploadType)): each provider of the folder may run",
      filename: 'lib/imageRouter/filesystem.js',
      code: `const fs = require('fs');\nconst path = require('path');\nexports.uploadImage = function (imagePath, callback) {\n  const target = path.join('public/uploads', path.basename(imagePath));\n  fs.copyFileSync(imagePath, target);\n  callback(null, '/uploads/' + path.basename(imagePath));\n};\n`,
      files: { 'lib/imageRouter/index.js': `const Router = require('express').Router;\nconst config = require('../config');\nconst imageRouter = module.exports = Router();\nimageRouter.post('/uploadimage', function (req, res) {\n  const uploadProvider = require('./' + config.imageUploadType);\n  uploadProvider.uploadImage(req.file.path, function (err, url) {\n    if (err) return res.status(500).end();\n    res.json({ link: url });\n  });\n});\n`, 'lib/imageRouter/s3.js': `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');\nconst fs = require('fs');\nconst s3 = new S3Client({});\nexports.uploadImage = function (imagePath, callback) {\n  s3.send(new PutObjectCommand({ Bucket: 'img', Key: imagePath, Body: fs.createReadStream(imagePath) })).then(() => callback(null, imagePath), callback);\n};\n`, 'lib/config.js': `module.exports = { imageUploadType: process.env.IMAGE_UPLOAD_TYPE || 'filesystem' };\n` },
      errors: [at(5, 3, { message: /^`fs\.copyFileSync` in `uploadImage` blocks the event loop of the handler for POST \/uploadimage/ })],
    },
    {
      name: 'a helper declared inside the handler and called on every request is still reported, once',
      code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/terms', (req, res) => {
  res.type('html').send(render());
  function render() {
    return fs.readFileSync('views/terms.html', 'utf8');
  }
});`,
      errors: [at(7, 12, { message: /GET \/terms/ })],
    },
    {
      name: 'a runtime API injected through init(settings, runtimeAPI) into module variables, two hand-overs deep, then used by a handler (node-red)',
      filename: 'lib/runtime/storage.js',
      code: `const fs = require('fs');\nconst path = require('path');\nvar api = module.exports = {\n  getEntry: async function (type, name) {\n    return fs.readFileSync(path.join('lib', type, name), 'utf8');\n  },\n};\n`,
      files: { 'lib/runtime/api.js': `var runtime;\nvar api = module.exports = {\n  init: function (_runtime) {\n    runtime = _runtime;\n  },\n  library: {\n    getEntry: async function (opts) {\n      return runtime.storage.getEntry(opts.type, opts.path);\n    },\n  },\n};\n`, 'lib/runtime/index.js': `const api = require('./api');\nconst storage = require('./storage');\nconst runtime = { storage: storage };\napi.init(runtime);\nmodule.exports = { _: api };\n`, 'lib/editor/library.js': `var runtimeAPI;\nmodule.exports = {\n  init: function (_runtimeAPI) {\n    runtimeAPI = _runtimeAPI;\n  },\n  getEntry: function (req, res) {\n    runtimeAPI.library.getEntry({ type: req.params.type, path: req.params[0] }).then((result) => res.send(result));\n  },\n};\n`, 'lib/editor/index.js': `const express = require('express');\nconst library = require('./library');\nmodule.exports = {\n  init: function (settings, runtimeAPI) {\n    const editorApp = express();\n    library.init(runtimeAPI);\n    editorApp.get('/library/:type/*', library.getEntry);\n    return editorApp;\n  },\n};\n`, 'lib/red.js': `const http = require('http');\nconst runtime = require('./runtime');\nconst editor = require('./editor');\nconst app = editor.init({}, runtime._);\nhttp.createServer(app).listen(1880);\n` },
      errors: [at(5, 12, { message: /^`fs\.readFileSync` in `getEntry` blocks the event loop of the handler for GET \/library\/:type\/\*/ })],
    },
    {
      name: "a library registry filled in init (libraries['local'] = require('./local')): each registered library's getEntry is a candidate, and the message names the one that blocks",
      filename: 'lib/library/local.js',
      code: `const fs = require('fs');
const path = require('path');
function getEntry(type, name) {
  return fs.readFileSync(path.join(process.env.NODE_RED_HOME, 'lib', type, name), 'utf8');
}
module.exports = { id: 'local', label: 'Local', getEntry };
`,
      files: {
        'lib/library/examples.js': `const examples = new Map();\nfunction getEntry(type, name) {\n  return Promise.resolve(examples.get(type + '/' + name));\n}\nmodule.exports = { id: 'examples', getEntry };\n`,
        'lib/library/index.js': `const libraries = {};
let runtime;
function init(_runtime) {
  runtime = _runtime;
  libraries['local'] = require('./local');
  libraries['examples'] = require('./examples');
}
function getEntry(library, type, path) {
  if (!libraries.hasOwnProperty(library)) throw new Error('unknown library ' + library);
  return libraries[library].getEntry(type, path);
}
module.exports = { init, getEntry };
`,
        'lib/api.js': `const express = require('express');
const library = require('./library');
const app = express();
app.get('/library/:library/:type/*', (req, res) => {
  Promise.resolve(library.getEntry(req.params.library, req.params.type, req.params[0])).then((entry) => res.send(entry));
});
module.exports = app;
`,
      },
      errors: [
        at(4, 10, {
          message: '`fs.readFileSync` in `getEntry` blocks the event loop of the handler for GET /library/:library/:type/* when `libraries[library].getEntry` is the one in library/local.js (1 of 2 candidates); use `await fs.promises.readFile`',
          related: [{ file: 'lib/library/index.js', line: 10 }, { file: 'lib/api.js', line: 5 }],
        }),
      ],
    },
    {
      name: 'storage chosen at run time by a selector function (storageModule = moduleSelector(settings)): each module it may return is searched',
      filename: 'lib/storage/localfilesystem/index.js',
      code: `const fs = require('fs');
const path = require('path');
let flowsFile;
module.exports = {
  init(settings) {
    flowsFile = path.join(settings.userDir, 'flows.json');
  },
  getFlows() {
    return Promise.resolve(JSON.parse(fs.readFileSync(flowsFile, 'utf8')));
  },
};
`,
      files: {
        'lib/storage/memory.js': `let flows = [];\nmodule.exports = {\n  init() {},\n  getFlows: async () => flows,\n};\n`,
        'lib/storage/index.js': `let storageModule;
function moduleSelector(settings) {
  let toReturn;
  if (settings.storageModule) {
    if (typeof settings.storageModule === 'string') {
      toReturn = require('./' + settings.storageModule);
    } else {
      toReturn = settings.storageModule;
    }
  } else {
    toReturn = require('./localfilesystem');
  }
  return toReturn;
}
module.exports = {
  init(settings) {
    storageModule = moduleSelector(settings);
    return storageModule.init(settings);
  },
  getFlows() {
    return storageModule.getFlows();
  },
};
`,
        'lib/admin.js': `const express = require('express');
const storage = require('./storage');
const router = express.Router();
router.get('/flows', async (req, res) => {
  res.json(await storage.getFlows());
});
module.exports = router;
`,
      },
      errors: [at(9, 39, { message: '`fs.readFileSync` in `getFlows` blocks the event loop of the handler for GET /flows when `storageModule.getFlows` is the one in storage/localfilesystem/index.js (1 of 2 candidates); use `await fs.promises.readFile`' })],
    },
    {
      name: 'a blocking call seven calls below the handler (route, controller, service, repository, store, codec, reader) is still reached',
      filename: 'src/storage/reader.ts',
      code: `import { readFileSync } from 'node:fs';\nexport function readBlob(file: string): Buffer {\n  return readFileSync(file);\n}\n`,
      files: {
        'src/storage/codec.ts': `import { readBlob } from './reader';\nexport function decode(file: string) {\n  return JSON.parse(readBlob(file).toString('utf8'));\n}\n`,
        'src/storage/store.ts': `import { decode } from './codec';\nexport function load(kind: string, id: string) {\n  return decode(\`data/\${kind}/\${id}.json\`);\n}\n`,
        'src/repositories/documents.ts': `import { load } from '../storage/store';\nexport const documents = {\n  findById(id: string) {\n    return load('documents', id);\n  },\n};\n`,
        'src/services/documents.ts': `import { documents } from '../repositories/documents';\nexport async function getDocument(id: string) {\n  const doc = documents.findById(id);\n  if (!doc) throw new Error('not found');\n  return doc;\n}\n`,
        'src/controllers/documents.ts': `import type { Request, Response } from 'express';\nimport { getDocument } from '../services/documents';\nexport async function show(req: Request, res: Response) {\n  res.json(await present(req.params.id));\n}\nasync function present(id: string) {\n  return { data: await getDocument(id) };\n}\n`,
        'src/routes.ts': `import express from 'express';\nimport { show } from './controllers/documents';\nconst router = express.Router();\nrouter.get('/documents/:id', show);\nexport default router;\n`,
      },
      errors: [at(3, 10, { message: /^`fs\.readFileSync` in `readBlob` blocks the event loop of the handler for GET \/documents\/:id; use/ })],
    },
    {
      name: "a routes module given its storage by the caller: require('./routes')(app, require('./storage'))",
      filename: 'src/storage.js',
      code: `const fs = require('fs');\nexports.read = (id) => fs.readFileSync('data/' + id);\n`,
      files: { 'src/routes.js': `module.exports = function (app, storage) {\n  app.get('/files/:id', (req, res) => res.send(storage.read(req.params.id)));\n};\n`, 'src/server.js': `const express = require('express');\nconst app = express();\nrequire('./routes')(app, require('./storage'));\napp.listen(3000);\n` },
      errors: [at(2, 24, { message: /GET \/files\/:id/ })],
    },
    {
      name: "a module variable set later, in the function that registers the routes: var views; … views = require('./views')",
      filename: 'lib/views.js',
      code: `const fs = require('fs');\nexports.render = (name) => fs.readFileSync('views/' + name + '.html', 'utf8');\n`,
      files: { 'lib/index.js': `const express = require('express');\nvar views;\nvar app;\nfunction init() {\n  views = require('./views');\n  app = express();\n  app.get('/page/:name', (req, res) => res.send(views.render(req.params.name)));\n  return app;\n}\nmodule.exports = { init };\n` },
      errors: [at(2, 28, { message: /GET \/page\/:name/ })],
    },
    // ---- handlers registered indirectly: factories, controllers in other files, require(…).handler ----
    {
      name: 'a handler factory: app.get(path, getVideo())',
      filename: 'src/controllers/video.js',
      code: `const fs = require('fs');\nfunction getVideo() {\n  return (req, res) => {\n    const data = fs.readFileSync('videos/' + req.params.id + '.mp4');\n    res.type('mp4').send(data);\n  };\n}\nmodule.exports = { getVideo };\n`,
      files: { 'src/app.js': `const express = require('express');\nconst { getVideo } = require('./controllers/video');\nconst app = express();\napp.get('/video/:id', getVideo());\n` },
      errors: [at(4, 18, { message: /GET \/video\/:id/, related: [{ file: 'src/app.js', line: 4 }] })],
    },
    {
      name: 'middleware factory with options: app.use(serveUploads({ dir }))',
      filename: 'src/middleware/uploads.ts',
      code: `import fs from 'node:fs';\nexport function serveUploads(opts: { dir: string }) {\n  return function uploads(req, res, next) {\n    if (!req.path.startsWith('/uploads/')) return next();\n    res.end(fs.readFileSync(opts.dir + req.path.slice(8)));\n  };\n}\n`,
      files: { 'src/server.ts': `import express from 'express';\nimport { serveUploads } from './middleware/uploads';\nconst app = express();\napp.use(serveUploads({ dir: 'data/' }));\n` },
      errors: [at(5, 13, { message: /middleware app\.use/ })],
    },
    {
      name: "router.get('/', require('./x').handler)",
      filename: 'src/routes/export.js',
      code: `const { execSync } = require('child_process');\nexports.handler = (req, res) => {\n  res.send(execSync('git log -1 --format=%H'));\n};\n`,
      files: { 'src/routes/index.js': `const router = require('express').Router();\nrouter.get('/version', require('./export').handler);\nmodule.exports = router;\n` },
      errors: [at(3, 12, { message: /GET \/version/ })],
    },
    {
      name: 'controller object in one file, registered in another with app.post(path, controller.postX)',
      filename: 'src/controllers/backup.js',
      code: `const zlib = require('zlib');\nconst fs = require('fs');\nmodule.exports = {\n  postBackup(req, res) {\n    const gz = zlib.gzipSync(JSON.stringify(req.body));\n    res.send(gz);\n  },\n};\n`,
      files: { 'src/app.js': `const express = require('express');\nconst controller = require('./controllers/backup');\nconst app = express();\napp.post('/backup', express.json(), controller.postBackup);\n` },
      errors: [at(5, 16, { message: /POST \/backup/ })],
    },
    {
      name: 'Koa router handler in another file',
      filename: 'src/handlers/avatar.ts',
      code: `import { readFileSync } from 'node:fs';\nexport async function avatar(ctx) {\n  ctx.body = readFileSync(\`avatars/\${ctx.params.id}.png\`);\n}\n`,
      files: { 'src/router.ts': `import Router from '@koa/router';\nimport { avatar } from './handlers/avatar';\nconst router = new Router();\nrouter.get('/avatar/:id', avatar);\nexport default router;\n` },
      errors: [at(3, 14, { message: /GET \/avatar\/:id/ })],
    },
    {
      name: 'Fastify route object with a handler from another file',
      filename: 'src/handlers/hash.ts',
      code: `import bcrypt from 'bcrypt';\nexport async function register(request, reply) {\n  const hash = bcrypt.hashSync(request.body.password, 12);\n  return { hash };\n}\n`,
      files: { 'src/server.ts': `import Fastify from 'fastify';\nimport { register } from './handlers/hash';\nconst fastify = Fastify();\nfastify.route({ method: 'POST', url: '/register', handler: register });\n` },
      errors: [at(3, 16, { message: /POST \/register/ })],
    },
    // ---- code outside the request path is not reported, even when it calls the same helper ----
    {
      name: 'a helper called from a CLI script and from no handler',
      filename: 'src/lib/export.ts',
      code: `import fs from 'node:fs';\nexport function writeExport(rows: string[]) {\n  fs.writeFileSync('export.csv', rows.join('\\n'));\n}\n`,
      files: {
        'scripts/export.ts': `import express from 'express';\nimport { writeExport } from '../src/lib/export';\nconst app = express();\napp.post('/dev/export', (req, res) => { writeExport(req.body); res.end(); });\n`,
        'src/server.test.ts': `import express from 'express';\nimport { writeExport } from './lib/export';\nconst app = express();\napp.post('/t', (req, res) => { writeExport(req.body); res.end(); });\n`,
      },
      errors: [],
    },
    // ---- severity by cost: cheap metadata calls are info, unless the expensive call follows ----
    {
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/files/:name', (req, res) => {
  if (!fs.existsSync(\`files/\${req.params.name}\`)) return res.sendStatus(404);
  res.sendFile(req.params.name, { root: 'files' });
});`,
      errors: [at(5, 8, { severity: 'info', message: '`fs.existsSync` briefly blocks the event loop in the handler for GET /files/:name; use `await fs.promises.access`' })],
    },
    {
      code: `import express from 'express';
import { statSync } from 'fs';
const app = express();
app.head('/files/:name', (req, res) => res.set('Content-Length', String(statSync(req.params.name).size)).end());`,
      errors: [at(4, 73, { severity: 'info' })],
    },
    {
      name: 'existsSync then readFileSync of the whole file: one warning, on the read',
      filename: 'src/lib/settings.ts',
      code: `import fs from 'node:fs';\nexport function readSettings(user: string) {\n  const file = \`settings/\${user}.json\`;\n  if (!fs.existsSync(file)) return {};\n  return JSON.parse(fs.readFileSync(file, 'utf8'));\n}\n`,
      files: { 'src/server.ts': `import express from 'express';\nimport { readSettings } from './lib/settings';\nconst app = express();\napp.get('/settings', (req, res) => res.json(readSettings(req.user.id)));\n` },
      errors: [at(5, 21, { severity: 'warning', message: /^`fs\.existsSync` and `fs\.readFileSync` in `readSettings` block/, related: [{ file: 'src/server.ts', line: 4 }, { file: 'src/lib/settings.ts', line: 4 }] })],
    },
    // ---- one function that blocks is one finding, at its heaviest call ----
    {
      name: 'open, fstat, read in a loop and close in one helper (node-red getFileMeta): one finding on the read, the others related',
      filename: 'lib/storage/library.js',
      code: `const fs = require('fs');
const path = require('path');
function getFileMeta(root, file) {
  const fd = fs.openSync(path.join(root, file), 'r');
  const size = fs.fstatSync(fd).size;
  const buffer = Buffer.alloc(10);
  let read = 0;
  while (read < size) {
    read += fs.readSync(fd, buffer, 0, 10);
  }
  fs.closeSync(fd);
  return buffer.toString();
}
module.exports = { getFileMeta };
`,
      files: { 'lib/api.js': `const express = require('express');\nconst { getFileMeta } = require('./storage/library');\nconst router = express.Router();\nrouter.get('/library/:type/*', (req, res) => res.json(getFileMeta('lib', req.params[0])));\nmodule.exports = router;\n` },
      errors: [at(9, 13, {
        severity: 'warning',
        message: '`fs.openSync`, `fs.fstatSync`, `fs.readSync` and `fs.closeSync` in `getFileMeta` block the event loop of the handler for GET /library/:type/*; use `await handle.read(…)` (and the asynchronous twin of `fs.openSync`, `fs.fstatSync`, `fs.closeSync`)',
        related: [{ file: 'lib/api.js', line: 4 }, { file: 'lib/storage/library.js', line: 4 }, { file: 'lib/storage/library.js', line: 5 }, { file: 'lib/storage/library.js', line: 11 }],
      })],
    },
    {
      name: 'Koa: two helpers that block are two findings (one fix each), each helper one',
      filename: 'src/files.ts',
      code: `import fs from 'node:fs';
export function sizeOf(file: string) {
  return fs.statSync(file).size;
}
export function readBody(file: string) {
  if (!fs.existsSync(file)) return '';
  return fs.readFileSync(file, 'utf8');
}
`,
      files: { 'src/server.ts': `import Koa from 'koa';\nimport Router from '@koa/router';\nimport { sizeOf, readBody } from './files';\nconst app = new Koa();\nconst router = new Router();\nrouter.get('/files/:name', (ctx) => {\n  ctx.set('X-Size', String(sizeOf(ctx.params.name)));\n  ctx.body = readBody(ctx.params.name);\n});\napp.use(router.routes());\n` },
      errors: [
        at(3, 10, { severity: 'info', message: /^`fs\.statSync` in `sizeOf` briefly blocks the event loop of the handler for GET \/files\/:name/ }),
        at(7, 10, { severity: 'warning', message: /^`fs\.existsSync` and `fs\.readFileSync` in `readBody` block the event loop of the handler for GET \/files\/:name; use `await fs\.promises\.readFile` \(and the asynchronous twin of `fs\.existsSync`\)$/ }),
      ],
    },
    {
      name: 'NestJS service writing a file then running a converter: one finding on the child process, the write related',
      filename: 'src/reports/reports.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
@Injectable()
export class ReportsService {
  render(id: string, html: string) {
    writeFileSync(\`/tmp/\${id}.html\`, html);
    return execFileSync('wkhtmltopdf', [\`/tmp/\${id}.html\`, '-']);
  }
}
`,
      files: { 'src/reports/reports.controller.ts': `import { Body, Controller, Param, Post } from '@nestjs/common';\nimport { ReportsService } from './reports.service';\n@Controller('reports')\nexport class ReportsController {\n  constructor(private readonly reports: ReportsService) {}\n  @Post(':id/pdf')\n  pdf(@Param('id') id: string, @Body() body: { html: string }) {\n    return this.reports.render(id, body.html);\n  }\n}\n` },
      errors: [at(8, 12, {
        message: /^`fs\.writeFileSync` and `child_process\.execFileSync` in `ReportsService\.render` block the event loop of the handler for POST \/reports\/:id\/pdf \(ReportsController\.pdf\); use `await promisify\(execFile\)\(…\)` \(and the asynchronous twin of `fs\.writeFileSync`\)$/,
        related: [{ file: 'src/reports/reports.controller.ts', line: 8 }, { file: 'src/reports/reports.service.ts', line: 7 }],
      })],
    },
    {
      name: 'Express handler checking then reading: one finding on the read, whose quick fix still applies and type-checks',
      code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/docs/:name', (req, res) => {
  const file = \`docs/\${req.params.name}.md\`;
  if (!fs.existsSync(file)) return res.sendStatus(404);
  res.type('text/markdown').send(fs.readFileSync(file, 'utf8'));
});
`,
      errors: [at(7, 34, { severity: 'warning', message: /^`fs\.existsSync` and `fs\.readFileSync` block the event loop in the handler for GET \/docs\/:name/, related: [{ file: 'src/server.ts', line: 4 }, { file: 'src/server.ts', line: 6 }] })],
      output: `import express from 'express';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
const app = express();
app.get('/docs/:name', async (req, res) => {
  const file = \`docs/\${req.params.name}.md\`;
  if (!fs.existsSync(file)) return res.sendStatus(404);
  res.type('text/markdown').send(await readFile(file, 'utf8'));
});
`,
      checkOutput: typeChecks,
    },
    // ---- rare branches: only when something failed ----
    {
      name: 'Express: a fallback read in the catch of the handler is info, saying why it may be fine',
      code: `import express from 'express';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
const app = express();
app.get('/i18n/:lang', async (req, res) => {
  try {
    res.json(JSON.parse(await readFile(\`locales/\${req.params.lang}.json\`, 'utf8')));
  } catch {
    res.json(JSON.parse(fs.readFileSync('locales/en.json', 'utf8')));
  }
});
`,
      errors: [at(9, 25, { severity: 'info', message: /GET \/i18n\/:lang; use `await fs\.promises\.readFile`; it runs only when something failed/ })],
    },
    {
      name: 'Koa: a helper handed to .catch(…) runs only on failure: info',
      filename: 'src/fallback.ts',
      code: `import { readFileSync } from 'node:fs';\nexport function offlinePage() {\n  return readFileSync('public/offline.html', 'utf8');\n}\n`,
      files: { 'src/server.ts': `import Koa from 'koa';\nimport { offlinePage } from './fallback';\nimport { render } from './render';\nconst app = new Koa();\napp.use(async (ctx) => {\n  ctx.body = await render(ctx.path).catch(offlinePage);\n});\n` },
      errors: [at(3, 10, { severity: 'info', message: /^`fs\.readFileSync` in `offlinePage` blocks the event loop of the handler for middleware app\.use; .*it runs only when something failed/ })],
    },
    {
      name: 'the same helper reached on the error path by one route and always by another stays a warning',
      filename: 'src/fallback.ts',
      code: `import { readFileSync } from 'node:fs';\nexport function offlinePage() {\n  return readFileSync('public/offline.html', 'utf8');\n}\n`,
      files: { 'src/server.ts': `import express from 'express';\nimport { offlinePage } from './fallback';\nconst app = express();\napp.get('/page', async (req, res) => {\n  try { res.send(await fetchPage()); } catch { res.send(offlinePage()); }\n});\napp.get('/offline', (req, res) => res.send(offlinePage()));\n` },
      errors: [at(3, 10, { severity: 'warning', message: /^`fs\.readFileSync` in `offlinePage` blocks the event loop of 2 request handlers: GET \/page, GET \/offline; use `await fs\.promises\.readFile`$/ })],
    },
    // ---- inside callbacks within the handler (no quick fix there) ----
    {
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/bundle', (req, res) => {
  const parts = req.query.files.split(',').map((f) => fs.readFileSync(f, 'utf8'));
  res.send(parts.join('\\n'));
});`,
      errors: [at(5, 55, { message: /GET \/bundle; use `await fs\.promises\.readFile`/, fixes: [] })],
    },
  ],
});

describe('sync-in-handler meta', () => {
  const meta = syncInHandler.meta;
  const docsPath = path.resolve(__dirname, '../../..', meta.docsPath);

  it('has a docs page that states its id, description, severity and fixability', () => {
    assert.ok(fs.existsSync(docsPath), `${meta.docsPath} is missing`);
    const docs = fs.readFileSync(docsPath, 'utf8');
    assert.match(docs, new RegExp(`^# ${meta.id}\\b`, 'm'), 'title is the rule id');
    assert.ok(docs.includes(meta.description), 'docs quote the description');
    assert.ok(docs.includes(`"${meta.defaultSeverity}"`) || docs.includes(`\`${meta.defaultSeverity}\``), 'docs name the default severity');
    assert.equal(/quick fix/i.test(docs), meta.fixable, 'docs mention quick fixes exactly when the rule is fixable');
    assert.ok(docs.includes(`hotpath-ignore-next-line ${meta.id}`), 'docs show suppression');
    assert.ok(docs.includes(`hotpath.rules["${meta.id}"]`), 'docs show the setting');
  });

  it('skips files without a handler hint before parsing them', () => {
    const doc = { isScript: true, path: '/w/src/math.ts', text: 'export const add = (a: number, b: number) => a + b;\n' };
    assert.equal(syncInHandler.mayApply?.(doc as never), false);
    assert.equal(syncInHandler.mayApply?.({ ...doc, text: "app.get('/', h);" } as never), true);
    assert.equal(syncInHandler.mayApply?.({ ...doc, path: '/w/src/math.test.ts', text: "app.get('/', h);" } as never), false);
  });
});
