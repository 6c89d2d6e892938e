/**
 * n-plus-one on code nobody tuned on (issue 14, "what the false alarms have in common"): a
 * `Promise.all` over `xs?.map(…) || []` is concurrent, a per-item status check that leaves the loop
 * on its answer is an early exit, a helper that only keeps a task for later makes no query per item,
 * shutdown hooks run once per process like start-up ones, and a monorepo package kept in a `bin/`
 * folder is scripts. Each has a case next to it that still is an N+1.
 */
import { at, ruleTester } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

const prismaLib = `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient();
`;

// A Kysely-backed NestJS service, as docmost's importer writes it.
const kyselyDb = {
  'src/db/db.ts': `import { Kysely } from 'kysely';
export interface DB { attachments: { id: string; filePath: string; pageId: string } }
export const db = new Kysely<DB>({} as any);
`,
};

// A social network's provider: each post's media uploaded to the network's API.
const mediaProvider = (body: string) => `import axios from 'axios';
export class MastodonProvider {
  async uploadFile(url: string, path: string, token: string) {
    const { data } = await axios.post(\`\${url}/api/v2/media\`, { file: path }, { headers: { Authorization: \`Bearer \${token}\` } });
    return data.id as string;
  }
  async mediaStatus(url: string, id: string, token: string) {
    const { data } = await axios.get(\`\${url}/api/v1/media/\${id}\`, { headers: { Authorization: \`Bearer \${token}\` } });
    return data.url !== null;
  }
${body}
}`;

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'a status check per media item that returns "pending" on the first one not ready: the loop leaves on the answer',
      filename: 'src/integrations/mastodon.provider.ts',
      code: mediaProvider(`  async checkPost(url: string, token: string, pending: { mediaIds: string[] }) {
    for (const mediaId of pending.mediaIds) {
      if (!(await this.mediaStatus(url, mediaId, token))) return { status: 'pending', pending };
    }
    return { status: 'ready' };
  }`),
    },
    {
      name: 'a Prisma lookup in the test of an if that breaks out of the loop: the first free slug',
      filename: 'src/routes/slugs.ts',
      code: `import { prisma } from '../lib/prisma';
export async function freeSlug(candidates: string[]) {
  let chosen: string | undefined;
  for (const slug of candidates) {
    if ((await prisma.link.count({ where: { slug } })) === 0) {
      chosen = slug;
      break;
    }
  }
  return chosen;
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      name: 'a helper that only queues an upload task per attachment (run later under a limit): no query in the loop',
      filename: 'src/integrations/import/import-attachment.service.ts',
      code: `import { db } from '../../db/db';
export class ImportAttachmentService {
  async processAttachments(html: string, pageId: string, files: string[]) {
    const attachmentTasks: (() => Promise<void>)[] = [];
    const processFile = (relPath: string) => {
      const attachmentId = relPath.replace(/\\W/g, '');
      attachmentTasks.push(async () => {
        await db.insertInto('attachments').values({ id: attachmentId, filePath: relPath, pageId }).execute();
      });
      return { attachmentId, apiFilePath: \`/api/files/\${attachmentId}\` };
    };
    for (const relPath of files) {
      const { apiFilePath } = processFile(relPath);
      html = html.replace(relPath, apiFilePath);
    }
    return { html, attachmentTasks };
  }
}`,
      files: kyselyDb,
    },
    {
      name: "a monorepo's bin/ package of admin scripts: one API call per group, run by hand",
      filename: 'bin/deleteAllGroupSessions.ts',
      code: `import axios from 'axios';
const api = 'http://localhost:9001/api/1.2.15';
(async () => {
  const { data } = await axios.get(\`\${api}/listAllGroups\`);
  for (const group of data.data.groupIDs) {
    await axios.get(\`\${api}/listSessionsOfGroup?groupID=\${group}\`);
  }
})();`,
      files: {
        'package.json': '{ "name": "etherpad", "private": true, "workspaces": ["src", "bin"] }',
        'bin/package.json': '{ "name": "bin", "dependencies": { "axios": "^1.13.2" } }',
      },
    },
    {
      name: 'fallbacks tried in order into a let declared before the loop, returning the first record found',
      filename: 'src/accounting-template/accounting-template.service.ts',
      code: `import { prisma } from '../lib/prisma';
export async function findTemplate(languageCode: string, organizationId: string | null) {
  const fallbacks = [
    { languageCode, organizationId },
    { languageCode, organizationId: null },
    { languageCode: 'en', organizationId },
    { languageCode: 'en', organizationId: null },
  ];
  for (const where of fallbacks) {
    let record: unknown;
    try {
      record = await prisma.accountingTemplate.findFirst({ where });
    } catch {
      continue;
    }
    if (record) return record;
  }
  return null;
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      name: 'the counter loop stepping a batch at a time alone: one query per batch of 500',
      filename: 'src/jobs/purge.ts',
      code: `import { prisma } from '../lib/prisma';
export async function purgeSessions(sessionIds: string[]) {
  for (let i = 0; i < sessionIds.length; i += 500) {
    await prisma.session.deleteMany({ where: { id: { in: sessionIds.slice(i, i + 500) } } });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
  ],
  invalid: [
    {
      name: "Promise.all over `media?.map(…) || []`: concurrent (info), not a sequential warning",
      filename: 'src/integrations/mastodon.provider.ts',
      code: mediaProvider(`  async post(url: string, token: string, firstPost: { media?: { path: string }[] }) {
    const ids = await Promise.all(firstPost?.media?.map((media) => this.uploadFile(url, media.path, token)) || []);
    return ids;
  }`),
      errors: [at(12, 68, { severity: 'info', message: /^1 request per media: `this\.uploadFile\(\)` \(axios\) runs for each element of `firstPost\?\.media` in its `map` callback, concurrently in `Promise\.all`, but still N requests/ })],
    },
    {
      name: 'the same with `?? []`, through a variable',
      filename: 'src/integrations/pinterest.provider.ts',
      code: `import axios from 'axios';
export async function dimensions(items?: { path: string }[]) {
  const loads = items?.map((p) => axios.head(p.path)) ?? [];
  return Promise.all(loads);
}`,
      errors: [at(3, 35, { severity: 'info', message: /concurrently in `Promise\.all`, but still N requests/ })],
    },
    {
      name: 'a lookup in the test of an if that throws still queries every item when all is well',
      filename: 'src/routes/links.ts',
      code: `import { prisma } from '../lib/prisma';
export async function checkAll(ids: string[]) {
  for (const id of ids) {
    if (!(await prisma.link.findFirst({ where: { id } }))) throw new Error(\`no link \${id}\`);
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 17, { severity: 'warning' })],
    },
    {
      name: 'a check per channel that returns false on the first one denied: when all is well, every channel is asked',
      filename: 'src/service/role.service.ts',
      code: `import { prisma } from '../lib/prisma';
export class RoleService {
  async userHasAllPermissions(userId: string, channelIds: string[]) {
    for (const channelId of channelIds) {
      if (!(await prisma.channelRole.findFirst({ where: { userId, channelId } }))) return false;
    }
    return true;
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 19, { severity: 'warning' })],
    },
    {
      name: 'an any-check that returns true on the first note the user owns: when none is owned, every note is asked',
      filename: 'src/permissions/permission.service.ts',
      code: `import { prisma } from '../lib/prisma';
export class PermissionService {
  async isOwner(userId: number, noteId: number) {
    return (await prisma.note.findFirst({ where: { id: noteId, ownerId: userId } })) !== null;
  }
  async canDeleteViaAnyLinkedNote(userId: number, noteIds: number[]) {
    for (const noteId of noteIds) {
      if (await this.isOwner(userId, noteId)) {
        return true;
      }
    }
    return false;
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(8, 17, { severity: 'warning', message: /^1 query per noteId: `this\.isOwner\(\)` \(Prisma\)/ })],
    },
    {
      name: 'the same through a variable',
      filename: 'src/service/role.service.ts',
      code: `import { prisma } from '../lib/prisma';
export async function allowedEverywhere(userId: string, channelIds: string[]) {
  for (const channelId of channelIds) {
    const role = await prisma.channelRole.findFirst({ where: { userId, channelId } });
    if (!role) return false;
  }
  return true;
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 24, { severity: 'warning' })],
    },
    {
      name: 'a lookup in an if test that only skips the item (continue) runs for every item',
      filename: 'src/routes/links.ts',
      code: `import { prisma } from '../lib/prisma';
export async function touchAll(ids: string[]) {
  for (const id of ids) {
    if (!(await prisma.link.findFirst({ where: { id } }))) continue;
    await prisma.link.update({ where: { id }, data: { touchedAt: new Date() } });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 17, { severity: 'warning', message: /^2 queries per id/ })],
    },
    {
      name: 'a helper that runs its insert through a limiter now (not kept for later) queries per item',
      filename: 'src/integrations/import/import-attachment.service.ts',
      code: `import { db } from '../../db/db';
const limit = <T>(fn: () => Promise<T>) => fn();
export class ImportAttachmentService {
  async processAttachments(pageId: string, files: string[]) {
    const processFile = (relPath: string) => limit(() => db.insertInto('attachments').values({ id: relPath, filePath: relPath, pageId }).execute());
    for (const relPath of files) {
      await processFile(relPath);
    }
  }
}`,
      files: kyselyDb,
      errors: [at(7, 13, { severity: 'warning', message: /^1 query per file: `processFile\(\)` \(Kysely\)/ })],
    },
    {
      name: 'a queued mail sent to each email row\'s own recipient, through options built just before: info, nothing to batch',
      filename: 'src/services/EmailService.ts',
      code: `import { createTransport } from 'nodemailer';
const transport = createTransport({ host: 'smtp.example.com' });
const formatNameAndEmail = (email: string, name: string) => (name ? \`\${name} <\${email}>\` : email);
export async function sendQueued(emails: { id: string; recipient_email: string; recipient_name: string; subject: string; body: string }[]) {
  for (const email of emails) {
    const mailOptions = {
      from: 'noreply@example.com',
      to: formatNameAndEmail(email.recipient_email, email.recipient_name),
      subject: email.subject,
      text: email.body,
    };
    await transport.sendMail(mailOptions);
  }
}`,
      errors: [at(12, 11, { severity: 'info', message: /each goes to its own address \(`formatNameAndEmail\(email\.recipient_email, email…`\), so there may be nothing to batch$/ })],
    },
    {
      name: 'the same mail to one fixed address per item stays a warning (one digest would do)',
      filename: 'src/services/EmailService.ts',
      code: `import { createTransport } from 'nodemailer';
const transport = createTransport({ host: 'smtp.example.com' });
export async function reportAll(admin: { email: string }, reports: { subject: string; body: string }[]) {
  for (const report of reports) {
    const mailOptions = { from: 'noreply@example.com', to: admin.email, subject: report.subject, text: report.body };
    await transport.sendMail(mailOptions);
  }
}`,
      errors: [at(6, 11, { severity: 'warning' })],
    },
    {
      name: 'a counter loop stepping a batch at a time inside a loop over users: one batched delete per user',
      filename: 'src/jobs/purge.ts',
      code: `import { prisma } from '../lib/prisma';
export async function purgeSessions(users: { id: string; sessionIds: string[] }[]) {
  for (const user of users) {
    for (let i = 0; i < user.sessionIds.length; i += 500) {
      await prisma.session.deleteMany({ where: { userId: user.id, id: { in: user.sessionIds.slice(i, i + 500) } } });
    }
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 13, { severity: 'warning', message: /^1 query per user: `prisma\.session\.deleteMany` \(Prisma\) runs for each element of `users`$/ })],
    },
    {
      name: "a set-up module's anonymous default export: start-up work, named by its file (info)",
      filename: 'src/utils/setupTaskService.ts',
      code: `import { prisma } from '../lib/prisma';
export default async function (tasks: { id: number; schedule: string }[]) {
  for (const task of tasks) {
    await prisma.taskState.upsert({ where: { taskId: task.id }, create: { taskId: task.id }, update: {} });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 11, { severity: 'info', message: /; it runs at start-up \(`setupTaskService`\), once per process, so it may be fine$/ })],
    },
    {
      name: "the default export of a module named for request work stays a warning",
      filename: 'src/routes/listTasks.ts',
      code: `import { prisma } from '../lib/prisma';
export default async function (tasks: { id: number }[]) {
  for (const task of tasks) {
    await prisma.taskState.findUnique({ where: { taskId: task.id } });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 11, { severity: 'warning' })],
    },
    {
      name: 'one queue add per processor of a registry the code imports: info, the list is the code, not the data',
      filename: 'src/services/worker.ts',
      code: `import Queue from 'bull';
import processors from '../queues/processors';
const processorEventQueue = new Queue('processor');
export async function onEvent(event: { name: string }) {
  for (const name in processors) {
    if (processors[name].applicableEvents.includes(event.name)) {
      await processorEventQueue.add({ event, name });
    }
  }
}`,
      files: {
        'src/queues/processors/index.ts': `export default {
  NotificationsProcessor: { applicableEvents: ['documents.publish'] },
  BacklinksProcessor: { applicableEvents: ['documents.update'] },
} as Record<string, { applicableEvents: string[] }>;`,
      },
      errors: [at(7, 13, { severity: 'info', message: /; the list holds only what the code declares \(`processors`, imported\), so it may be fine$/ })],
    },
    {
      name: 'a list read off an imported module is data: a warning',
      filename: 'src/services/sync.ts',
      code: `import { prisma } from '../lib/prisma';
import { store } from '../state/store';
export async function syncUsers() {
  for (const user of store.users) {
    await prisma.user.update({ where: { id: user.id }, data: { seenAt: user.seenAt } });
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib, 'src/state/store.ts': 'export const store = { users: [] as { id: string; seenAt: Date }[] };\n' },
      errors: [at(5, 11, { severity: 'warning' })],
    },
    {
      name: "a user's flags added one per value of an enum-typed list: at most as many as the enum declares (info)",
      filename: 'src/models/UserFlagModel.ts',
      code: `import { prisma } from '../lib/prisma';
import { UserFlagType } from '../services/database/types';
export default class UserFlagModel {
  public async add(userId: string, type: UserFlagType) {
    await prisma.userFlag.create({ data: { userId, type } });
  }
  public async addMulti(userId: string, flagTypes: UserFlagType[]) {
    for (const flagType of flagTypes) {
      await this.add(userId, flagType);
    }
  }
}`,
      files: {
        'src/lib/prisma.ts': prismaLib,
        'src/services/database/types.ts': 'export enum UserFlagType { FailedPaymentWarning = 1, FailedPaymentFinal = 2, AccountOverLimit = 3, AccountWithoutSubscription = 4 }\n',
      },
      errors: [at(9, 13, { severity: 'info', message: /; the list holds values of the enum `UserFlagType` \(4 declared\), so it may be fine$/ })],
    },
    {
      name: 'a list of rows typed by an interface stays a warning',
      filename: 'src/models/UserFlagModel.ts',
      code: `import { prisma } from '../lib/prisma';
import { UserFlag } from '../services/database/types';
export async function clearAll(flags: UserFlag[]) {
  for (const flag of flags) {
    await prisma.userFlag.delete({ where: { id: flag.id } });
  }
}`,
      files: {
        'src/lib/prisma.ts': prismaLib,
        'src/services/database/types.ts': 'export interface UserFlag { id: string; type: number }\n',
      },
      errors: [at(5, 11, { severity: 'warning' })],
    },
    {
      name: 'the statements of a SQL patch file run one by one: each item is its own statement (info)',
      filename: 'src/database.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function importSQLFile(text: string) {
  const statements = text.split(';').map((s) => s.trim()).filter((s) => s !== '');
  for (const statement of statements) {
    await pool.query(statement);
  }
}`,
      errors: [at(6, 11, { severity: 'info', message: /; each item is a statement of its own \(`statement`\), run in order, so there may be nothing to batch$/ })],
    },
    {
      name: 'the same driver with the item as a parameter of one statement stays a warning',
      filename: 'src/database.ts',
      code: `import { Pool } from 'pg';
const pool = new Pool();
export async function touch(ids: string[]) {
  for (const id of ids) {
    await pool.query('UPDATE monitors SET checked_at = now() WHERE id = $1', [id]);
  }
}`,
      errors: [at(5, 11, { severity: 'warning' })],
    },
    {
      name: "NestJS onModuleDestroy: at shutdown, once per process (info)",
      filename: 'src/scheduler/scheduler.service.ts',
      code: `import { prisma } from '../lib/prisma';
export class SchedulerService {
  private runningTasks: { id: string }[] = [];
  async onModuleDestroy() {
    for (const task of this.runningTasks) {
      await prisma.scheduledTask.update({ where: { taskId: task.id }, data: { lockedAt: null } });
    }
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(6, 13, { severity: 'info', message: /; it runs at shutdown \(`onModuleDestroy`\), once per process, so it may be fine$/ })],
    },
    {
      name: "a strategy's destroy() beside its init(): the lifecycle pair, at shutdown (info)",
      filename: 'src/plugin/scheduler-strategy.ts',
      code: `import { prisma } from '../lib/prisma';
export class DefaultSchedulerStrategy {
  private runningTasks: { id: string }[] = [];
  init() {
    this.runningTasks = [];
  }
  async destroy() {
    for (const task of this.runningTasks) {
      await prisma.scheduledTask.update({ where: { taskId: task.id }, data: { lockedAt: null } });
    }
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(9, 13, { severity: 'info', message: /it runs at shutdown \(`destroy`\)/ })],
    },
    {
      name: "a controller's destroy action (no init beside it) runs per request: a warning",
      filename: 'src/controllers/posts.controller.ts',
      code: `import { prisma } from '../lib/prisma';
export class PostsController {
  async destroy(req: { body: { ids: string[] } }) {
    for (const id of req.body.ids) {
      await prisma.post.delete({ where: { id } });
    }
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 13, { severity: 'warning' })],
    },
    {
      name: "a package named bin elsewhere than in a monorepo's folder of scripts is still app code",
      filename: 'src/routes/groups.ts',
      code: `import axios from 'axios';
export async function sessions(groups: string[]) {
  for (const group of groups) {
    await axios.get(\`/api/listSessionsOfGroup?groupID=\${group}\`);
  }
}`,
      files: {
        'package.json': '{ "name": "bin", "dependencies": { "axios": "^1.13.2" } }',
      },
      errors: [at(4, 11, { severity: 'warning' })],
    },
  ],
});
