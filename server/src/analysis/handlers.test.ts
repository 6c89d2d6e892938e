import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findHandlers, type HandlerSite } from './handlers';
import { workspace } from './test-helpers';

/** Handlers of one file as `label → inline function text or reference text`, for compact assertions. */
function handlers(code: string, file = 'src/server.ts'): string[] {
  const w = workspace({ [file]: code });
  const doc = w.doc(file);
  return findHandlers(w.project, doc).map((h: HandlerSite) => `${h.label} → ${h.fn ? 'fn@' + (doc.positionAt(h.fn.getStart()).line + 1) : h.ref ? h.ref.getText() : 'factory ' + h.factory!.getText()}`);
}

describe('handlers', () => {
  it('finds Express routes, chains, middleware and references', () => {
    assert.deepEqual(
      handlers(`import express from 'express';
import { auth } from './auth';
import * as users from './users';
const app = express();
const router = express.Router();
app.get('/', (req, res) => res.send('hi'));
router.post('/users', auth, users.create);
app.route('/book').get((req, res) => 1).put(update);
app.use((req, res, next) => next());
app.use(express.json());
router.get('/wrapped', asyncHandler(async (req, res) => 1));
router.delete(ROUTES.user, withAuth(removeUser));
app.param('id', (req, res, next, id) => next());
app.get('/video', getVideo());
router.post('/x', asyncHandler(controller.postX));`),
      [
        'GET / → fn@6',
        'POST /users → auth',
        'POST /users → users.create',
        'PUT /book → update',
        'GET /book → fn@8',
        'middleware app.use → fn@9',
        'middleware app.use → factory express.json()',
        'GET /wrapped → fn@11',
        'DELETE ROUTES.user → removeUser',
        'app.param(id) → fn@13',
        'GET /video → factory getVideo()',
        'POST /x → controller.postX',
      ],
    );
  });

  it('does not take look-alikes for routes', () => {
    assert.deepEqual(
      handlers(`import express from 'express';
import http from 'node:http';
const app = express();
const env = app.get('env');
const cache = new Map();
cache.get('/x');
http.get('/health', (res) => res.resume());
$.get('/api/users', (data) => render(data));
app.listen(3000, () => console.log('up'));
md.use((markdown) => markdown);
plugins.use(helper);`),
      [],
    );
  });

  it('finds passport strategies: the verify function runs for every request that authenticates with it', () => {
    assert.deepEqual(
      handlers(`import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { verifyToken } from './tokens';
passport.use(new LocalStrategy({ usernameField: 'email' }, async (email, password, done) => done(null, false)));
passport.use('jwt', new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: 's' }, verifyToken));
passport.serializeUser((user, done) => done(null, user.id));`),
      ["passport strategy LocalStrategy → fn@5", "passport strategy 'jwt' → verifyToken"],
    );
    // A set-up module handed passport (\`require('./passport')(passport)\`), CommonJS.
    assert.deepEqual(
      handlers(`const LocalStrategy = require('passport-local').Strategy;
module.exports = function (passport) {
  passport.use('local-login', new LocalStrategy(function (username, password, done) { done(null, false); }));
};`),
      ["passport strategy 'local-login' → fn@3"],
    );
    // Not passport: another library's \`use\` of a plugin object, a strategy kept for later.
    assert.deepEqual(handlers(`import MarkdownIt from 'markdown-it';
const md = new MarkdownIt();
md.use(new RenderStrategy((tokens) => tokens));
const strategy = new LocalStrategy(verify);`), []);
  });

  it("finds next-auth providers' sign-in callbacks (authorize, sendVerificationRequest), not their other options", () => {
    assert.deepEqual(
      handlers(`import NextAuth from 'next-auth/next';
import CredentialsProvider from 'next-auth/providers/credentials';
import EmailProvider from 'next-auth/providers/email';
import GitHub from 'next-auth/providers/github';
import { sendMagicLink } from '@/lib/mail';
const providers = [
  CredentialsProvider({ credentials: {}, async authorize(credentials) { return null; } }),
  EmailProvider({ server: process.env.EMAIL_SERVER, sendVerificationRequest: sendMagicLink } as any),
  GitHub({ clientId: 'x', profile: (p) => p }),
];
export default async function auth(req, res) {
  return await NextAuth(req, res, { providers });
}`, 'pages/api/auth/[...nextauth].ts'),
      ['next-auth credentials authorize → fn@7', 'next-auth email sendVerificationRequest → sendMagicLink', 'API route /api/auth/[...nextauth] → fn@11'],
    );
  });

  it('trusts app.use on an unknown receiver only for middleware-shaped functions', () => {
    assert.deepEqual(handlers(`export function install(server) {\n  server.use((req, res, next) => next());\n  server.use((ctx, next) => next());\n  server.use((plugin) => plugin);\n}`), [
      'middleware server.use → fn@2',
      'middleware server.use → fn@3',
    ]);
  });

  it('finds Koa, Fastify and Hapi routes', () => {
    assert.deepEqual(
      handlers(`import Koa from 'koa';
import Router from '@koa/router';
import Fastify from 'fastify';
const app = new Koa();
const router = new Router();
const fastify = Fastify();
app.use(async (ctx) => { ctx.body = 1; });
router.get('/k', (ctx) => 1);
fastify.get('/f', { schema: {} }, async (request, reply) => 1);
fastify.route({ method: 'POST', url: '/r', handler: async () => 1 });
fastify.register(async (instance) => { instance.get('/p', async () => 1); });
fastify.addHook('preHandler', async (request, reply) => {});
server.route([{ method: 'GET', path: '/h', handler: (request, h) => 1 }, { method: 'PUT', path: '/o', options: { handler(request, h) { return 1; } } }]);`),
      ['middleware app.use → fn@7', 'GET /k → fn@8', 'GET /f → fn@9', 'POST /r → fn@10', 'GET /p → fn@11', 'preHandler hook → fn@12', 'GET /h → fn@13', 'PUT /o → fn@13'],
    );
  });

  it("finds Koa's per-request error handler on a known app, and nothing on other objects", () => {
    assert.deepEqual(
      handlers(`import Koa from 'koa';
const app = new Koa();
app.context.onerror = function onerror(err) { this.body = 'failed'; };
app.context.onerror = renderError;
const config = { context: {} };
config.context.onerror = () => 1;
window.onerror = () => 1;`),
      ['app.context.onerror → fn@3', 'app.context.onerror → renderError'],
    );
    // outline's server/onerror.ts: the app arrives as a parameter typed with a type-only import.
    assert.deepEqual(
      handlers(`import type Koa from 'koa';
export default function onerror(app: Koa) {
  app.context.onerror = function (err) { this.body = 'failed'; };
}
export function other(server: Application) {
  server.context.onerror = () => 1;
}
export function headers(ctx: Koa.Context) {
  ctx.context.onerror = () => 1;
}`),
      ['app.context.onerror → fn@3'],
    );
  });

  it('finds NestJS controller methods with their full route', () => {
    assert.deepEqual(
      handlers(`@Controller('users')
export class UsersController {
  @Get(':id')
  findOne() { return 1; }
  @Post()
  create() { return 1; }
  helper() { return 1; }
}
@Injectable()
export class NotAController {
  @Get()
  x() { return 1; }
}`),
      // A decorated method's node starts at its decorator.
      ['GET /users/:id (UsersController.findOne) → fn@3', 'POST /users (UsersController.create) → fn@5'],
    );
  });

  it('finds node http servers and Lambda exports', () => {
    assert.deepEqual(
      handlers(`import http from 'node:http';
import { createSecureServer } from 'node:http2';
http.createServer((req, res) => res.end());
createSecureServer({}, onStream);
server.on('request', (req, res) => res.end());
export const handler = async (event) => event;`),
      ['http.createServer request → fn@3', 'http2.createSecureServer request → onStream', "'request' event → fn@5", 'Lambda handler → fn@6'],
    );
    assert.deepEqual(handlers(`exports.handler = async function (event) { return event; };`), ['Lambda handler → fn@1']);
    assert.deepEqual(handlers(`module.exports.handler = main;`), ['Lambda handler → main']);
  });

  it('finds Next.js API routes, route handlers and server actions, but not build-time exports', () => {
    assert.deepEqual(handlers(`export default function handler(req, res) { res.end(); }`, 'pages/api/users/index.ts'), ['API route /api/users → fn@1']);
    assert.deepEqual(
      handlers(`export async function GET() { return new Response(); }\nexport const POST = async () => new Response();\nexport const revalidate = 60;\nexport function helper() {}`, 'app/api/items/route.ts'),
      ['GET /api/items → fn@1', 'POST /api/items → fn@2'],
    );
    assert.deepEqual(
      handlers(`'use server';\nexport async function save() {}\nexport const remove = async () => {};\nasync function internal() {}`, 'app/actions.ts'),
      ['server action save → fn@2', 'server action remove → fn@3'],
    );
    assert.deepEqual(handlers(`export default function Page() {\n  async function save() {\n    'use server';\n  }\n}`, 'app/page.tsx'), ['server action save → fn@2']);
    assert.deepEqual(handlers(`export async function getStaticProps() { return { props: {} }; }\nexport default function Page() { return null; }`, 'pages/blog.tsx'), []);
  });

  it('finds tRPC procedures by their builder, named by router key or variable, and not client calls', () => {
    assert.deepEqual(
      handlers(`import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import { authenticatedProcedure } from '../trpc';
import { getReport } from './reports';
const t = initTRPC.create();
export const downloadRoute = authenticatedProcedure
  .input(z.object({ id: z.string() }))
  .output(z.string())
  .mutation(async ({ input }) => input.id);
export const appRouter = t.router({
  list: t.procedure.query(() => []),
  byId: publicProcedure.input(z.string()).query(getReport),
  onAdd: t.procedure.subscription(async function* () {}),
});
const fromClient = await trpc.report.byId.query({ id: '1' });
const sql = await db.query('select 1');
const result = await knex.raw('x').query((q) => q);`, 'packages/trpc/server/router.ts'),
      ['tRPC mutation downloadRoute → fn@9', 'tRPC query list → fn@11', 'tRPC query byId → getReport', 'tRPC subscription onAdd → fn@13'],
    );
  });

  it("finds Remix / React Router route modules' loader and action, with the URL their file names", () => {
    assert.deepEqual(handlers(`export const loader = async () => Response.json({ ok: true });`, 'apps/remix/app/routes/api+/health.ts'), ['loader /api/health → fn@1']);
    assert.deepEqual(
      handlers(`export async function loader({ params }) { return params.id; }
export async function action({ request }) { return request.formData(); }
export async function clientLoader() { return null; }
export default function Page() { return null; }`, 'app/routes/_authenticated+/users.$id._index.tsx'),
      ['loader /users/:id → fn@1', 'action /users/:id → fn@2'],
    );
    // The same names outside a routes folder are ordinary exports.
    assert.deepEqual(handlers(`export async function loader() { return 1; }`, 'src/lib/loader.ts'), []);
  });

  it('never throws on code that does not parse', () => {
    assert.doesNotThrow(() => handlers(`app.get('/', (req, res) => {{{{ route({ handler: `));
    assert.doesNotThrow(() => handlers(`@Controller(\nclass {`));
  });
});
