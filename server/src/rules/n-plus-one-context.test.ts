/**
 * n-plus-one where the loop's context makes per-item calls harmless or rare: a branch taken for one
 * field of an object (not reported), error paths, lists cut to a few items, install / upgrade / admin
 * code and deliveries to each item's own recipient (reported as `info`, the message saying why).
 */
import { at, ruleTester } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

const prismaLib = `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient();
`;
// A CommonJS app's db module over a driver, as NodeBB-style apps have it.
const redisDb = {
  'src/database.js': "const Redis = require('ioredis');\nmodule.exports = new Redis(process.env.REDIS_URL);\n",
  'src/user/notifications.js':
    "const db = require('../database');\nmodule.exports.pushCount = async function (uid) {\n  const count = await db.zcard(`uid:${uid}:notifications:unread`);\n  require('../socket').in(`uid_${uid}`).emit('event:notifications.updateCount', count);\n};\nmodule.exports.countUnread = async function (uid) {\n  return db.zcard(`uid:${uid}:notifications:unread`);\n};\n",
};

// An ActivityPub module in the NodeBB style: outgoing activities under \`out\`, remote reads beside them.
const activitypub = {
  ...redisDb,
  'src/activitypub/index.js':
    "const db = require('../database');\nconst ActivityPub = module.exports;\nActivityPub.out = require('./out');\nActivityPub.getActor = async function (uri) {\n  const cached = await db.get(`actor:${uri}`);\n  return cached || (await fetch(uri)).json();\n};\n",
  'src/activitypub/out.js':
    "const db = require('../database');\nconst Out = module.exports;\nOut.create = {};\nOut.create.note = async function (uid, pid) {\n  const followers = await db.zrange(`followers:${uid}`, 0, -1);\n  await Promise.all(followers.map((inbox) => fetch(inbox, { method: 'POST', body: JSON.stringify({ type: 'Create', object: pid }) })));\n};\n",
};

// A claim awarding a reward through a helper that loops over the rewards handed to it.
const rewards = (handed: string) => `const db = require('../database');
module.exports.claim = async function (uid, rid) {
  const reward = await db.hgetall(\`reward:\${rid}\`);
  const rewards = await db.smembers(\`uid:\${uid}:pending-rewards\`);
  await giveRewards(uid, ${handed});
};
async function giveRewards(uid, rewards) {
  for (let i = 0; i < rewards.length; i++) {
    await require('../plugins').hooks.fire(\`action:rewards.award:\${rewards[i].id}\`, { uid, reward: rewards[i] });
    await db.zincrby(\`uid:\${uid}:rewards\`, 1, rewards[i].id);
  }
}`;

// A module function resetting every widget area, and a CLI command calling it.
const widgetsReset = `const db = require('../database');
const widgets = module.exports;
widgets.reset = async function () {
  const areas = await db.smembers('widget:areas');
  for (const area of areas) {
    await db.hset(\`widgets:\${area}\`, 'data', '[]');
  }
};`;
const cliReset = "const widgets = require('../widgets');\nexports.resetWidgets = async function () {\n  await widgets.reset();\n};\n";

// An app's email and task base classes, each made per message and scheduled on a Bull queue.
const jobs = {
  'src/queues/index.ts': "import Queue from 'bull';\nexport const taskQueue = new Queue('tasks');\n",
  'src/emails/BaseEmail.ts': "import { taskQueue } from '../queues';\nexport class BaseEmail<T extends { to: string }> {\n  constructor(private readonly props: T) {}\n  async schedule() {\n    await taskQueue.add({ name: this.constructor.name, props: this.props });\n  }\n}\n",
  'src/emails/DocumentUpdatedEmail.ts': "import { BaseEmail } from './BaseEmail';\nexport class DocumentUpdatedEmail extends BaseEmail<{ to: string; documentId: string }> {}\n",
  'src/tasks/ExportTask.ts': "import { taskQueue } from '../queues';\nexport class ExportTask {\n  constructor(private readonly props: { documentId: string }) {}\n  async schedule() {\n    await taskQueue.add({ name: 'export', props: this.props });\n  }\n}\n",
};

// A NestJS app's email-template utilities: a static class that TypeORM migrations call to upsert templates.
const emailTemplateUtils = `import { QueryRunner } from 'typeorm';
export class EmailTemplateUtils {
  public static async migrateEmailTemplates(queryRunner: QueryRunner, folder: string): Promise<void> {
    const templates: { name: string; hbs: string }[] = await queryRunner.query('SELECT name, hbs FROM staged_template WHERE folder = $1', [folder]);
    await EmailTemplateUtils.createOrUpdateTemplates(queryRunner, templates);
  }
  public static async createOrUpdateTemplates(queryRunner: QueryRunner, templates: { name: string; hbs: string }[]) {
    for (const template of templates) {
      await queryRunner.query('INSERT INTO email_template (name, hbs) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET hbs = $2', [template.name, template.hbs]);
    }
  }
}
`;
const migrationCalling = (call: string) => `import { MigrationInterface, QueryRunner } from 'typeorm';
import { EmailTemplateUtils } from '../../email-template/utils';
export class MigrateEmailTemplates1701353754397 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const folder of ['password', 'invite-user', 'welcome-user', 'appointment-confirmation', 'timesheet-submit', 'equipment', 'payment-receipt', 'email-verification', 'time-off-report']) {
      await ${call};
    }
  }
  public async down(): Promise<void> {}
}
`;

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'a loop over the fields of one changeset: the assignee branch runs at most once (Express + Prisma)',
      filename: 'src/flags/update.ts',
      code: `import { prisma } from '../lib/prisma';
export async function updateFlag(flagId: number, changeset: Record<string, string>, uid: number) {
  const data: Record<string, string> = {};
  for (const prop of Object.keys(changeset)) {
    if (prop === 'state') {
      data.state = changeset[prop]!;
    } else if (prop === 'assignee') {
      const assignee = await prisma.user.findUnique({ where: { id: Number(changeset[prop]) } });
      if (!assignee) throw new Error('[[error:no-user]]');
      data.assignee = changeset[prop]!;
    }
  }
  await prisma.flag.update({ where: { id: flagId }, data: { ...data, updatedBy: uid } });
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
    },
    {
      name: 'a profile update: one case of a switch on the field name per call (Mongoose)',
      filename: 'src/users/profile.js',
      code: `const User = require('../models/User');
module.exports.updateProfile = async function (uid, data) {
  const fields = ['username', 'email', 'fullname', 'website'];
  const update = {};
  await Promise.all(fields.map(async (field) => {
    switch (field) {
      case 'username': {
        const taken = await User.exists({ username: data[field] });
        if (taken) throw new Error('[[error:username-taken]]');
        break;
      }
      default:
        update[field] = data[field];
    }
  }));
  return User.updateOne({ _id: uid }, update);
};`,
      files: { 'src/models/User.js': "const mongoose = require('mongoose');\nmodule.exports = mongoose.model('User', new mongoose.Schema({ username: String, email: String }));\n" },
    },
    {
      name: 'a loop over a parameter every caller fills with one item (giveRewards(uid, [reward])): runs once',
      filename: 'src/rewards/index.js',
      code: rewards('[reward]'),
      files: redisDb,
    },
  ],
  invalid: [
    {
      name: 'the same loop when a caller hands it a list it read: a warning',
      filename: 'src/rewards/index.js',
      code: rewards('rewards'),
      files: redisDb,
      errors: [at(10, 11, { severity: 'warning', message: /^1 round trip per reward: `db\.zincrby` \(Redis\) runs for each element of `rewards`/ })],
    },
    {
      name: 'the same loop when the function is also handed over by name (its other callers unseen): a warning',
      filename: 'src/rewards/index.js',
      code: rewards('[reward]') + "\nmodule.exports.giveAll = (uid, lists) => lists.forEach(giveRewards.bind(null, uid));\n",
      files: redisDb,
      errors: [at(10, 11, { severity: 'warning' })],
    },
    {
      name: 'a field branch on something other than the item still runs per item',
      filename: 'src/flags/update.ts',
      code: `import { prisma } from '../lib/prisma';
export async function assign(flags: { id: number; state: string }[], assignee: number) {
  for (const flag of flags) {
    if (flag.state === 'open') {
      await prisma.flag.update({ where: { id: flag.id }, data: { assignee } });
    }
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 13, { severity: 'warning', message: '1 query per flag: `prisma.flag.update` (Prisma) runs for each element of `flags`' })],
    },
    {
      name: 'a switch on a field every item has (activity type): each case runs for many items',
      filename: 'src/controllers/outbox.ts',
      code: `import { prisma } from '../lib/prisma';
export async function outbox(items: { type: 'post' | 'vote'; id: number }[]) {
  return Promise.all(items.map(async ({ type, id }) => {
    switch (type) {
      case 'post':
        return prisma.post.findFirst({ where: { id } });
      default:
        return null;
    }
  }));
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(6, 16, { severity: 'info', message: /^1 query per item: `prisma\.post\.findFirst` \(Prisma\) runs for each element of `items` in its `map` callback, concurrently/ })],
    },
    {
      // Issue 14's class 4: recursion over a tree with queries per node, errors passed on as values (fp-ts).
      name: 'a NestJS export that recurses into each child collection and returns early only on a Left (error)',
      filename: 'src/team-collection/team-collection.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import { PrismaService } from '../prisma/prisma.service';
@Injectable()
export class TeamCollectionService {
  constructor(private readonly prisma: PrismaService) {}
  async exportCollection(teamID: string, collectionID: string): Promise<E.Either<string, unknown>> {
    const children = await this.prisma.teamCollection.findMany({ where: { teamID, parentID: collectionID }, orderBy: { orderIndex: 'asc' } });
    const folders = [];
    for (const coll of children) {
      const result = await this.exportCollection(teamID, coll.id);
      if (E.isLeft(result)) return E.left(result.left);
      folders.push(result.right);
    }
    return E.right({ id: collectionID, folders });
  }
}`,
      files: {
        'src/prisma/prisma.service.ts': "import { Injectable, OnModuleInit } from '@nestjs/common';\nimport { PrismaClient } from '../generated/prisma/client';\n@Injectable()\nexport class PrismaService extends PrismaClient implements OnModuleInit {\n  async onModuleInit() {\n    await this.$connect();\n  }\n}\n",
      },
      errors: [at(11, 28, { severity: 'warning', message: /^1 query per coll: `this\.exportCollection\(\)` \(Prisma\) runs for each element of `children`: it calls `this\.prisma\.teamCollection\.findMany`/ })],
    },
    {
      name: 'a query only in the catch block of each delivery: info, an error path',
      filename: 'src/jobs/deliver.ts',
      code: `import { prisma } from '../lib/prisma';
import { render } from '../render';
export async function renderAll(jobs: { id: number; template: string }[]) {
  for (const job of jobs) {
    try {
      render(job.template);
    } catch (err) {
      await prisma.jobError.create({ data: { jobId: job.id, message: String(err) } });
    }
  }
}`,
      files: { 'src/lib/prisma.ts': prismaLib, 'src/render.ts': 'export function render(t: string) { return t; }\n' },
      errors: [
        at(8, 13, {
          severity: 'info',
          message: '1 query per job: `prisma.jobError.create` (Prisma) runs for each element of `jobs`; it runs only when an error is caught, so it may be fine',
        }),
      ],
    },
    {
      name: 'sessions capped at 20: info, the list is small',
      filename: 'src/controllers/sessions.js',
      code: `const db = require('../database');
module.exports.list = async function (req, res) {
  const sids = await db.zrevrange(\`uid:\${req.uid}:sessions\`, 0, -1);
  const sessions = [];
  for (const sid of sids.slice(0, 20)) {
    sessions.push(await db.hgetall(\`sess:\${sid}\`));
  }
  res.json(sessions);
};`,
      files: redisDb,
      errors: [at(6, 25, { severity: 'info', message: /^1 round trip per sid: `db\.hgetall` \(Redis\) runs for each element of `sids\.slice\(0, 20\)`; the list holds at most 20 items, so it may be fine$/ })],
    },
    {
      name: 'related topics: one range read per tag, the tags cut to a configured maximum',
      filename: 'src/topics/related.js',
      code: `const db = require('../database');
module.exports.related = async function (topic, config) {
  const tags = topic.tags.slice(0, config.maximumRelatedTopics);
  return Promise.all(tags.map((tag) => db.zrevrange(\`tag:\${tag}:topics\`, 0, 5)));
};`,
      files: redisDb,
      errors: [at(4, 40, { severity: 'info', message: /the list holds at most `maximumRelatedTopics` items, so it may be fine$/ })],
    },
    {
      name: 'cut to 500 is still a page of work per item: a warning',
      filename: 'src/jobs/expire.js',
      code: `const db = require('../database');
module.exports.expire = async function (uids) {
  for (const uid of uids.slice(0, 500)) {
    await db.del(\`uid:\${uid}:sessions\`);
  }
};`,
      files: redisDb,
      errors: [at(4, 11, { severity: 'warning' })],
    },
    {
      name: 'a widgets reset called only from the CLI and from start-up: info, its callers are one-off code',
      filename: 'src/widgets/index.js',
      code: widgetsReset,
      files: {
        ...redisDb,
        'src/cli/reset.js': cliReset,
        'src/webserver.js': "const widgets = require('./widgets');\nasync function initializeApp() {\n  await widgets.reset();\n}\nmodule.exports = { initializeApp };\n",
      },
      errors: [at(6, 11, { severity: 'info', message: /; its function is called only from script or CLI \(src\/cli\/reset\.js\), so it may be fine$/ })],
    },
    {
      name: "a utility class's static method called only from TypeORM migrations in other files: info",
      filename: 'src/email-template/utils.ts',
      code: emailTemplateUtils,
      files: { 'src/database/migrations/1701353754397-MigrateEmailTemplates.ts': migrationCalling('EmailTemplateUtils.migrateEmailTemplates(queryRunner, folder)') },
      errors: [at(9, 13, { severity: 'info', message: /; its function is called only from migration or seed \(src\/database\/migrations\/1701353754397-MigrateEmailTemplates\.ts\), so it may be fine$/ })],
    },
    {
      name: 'the same static method also called from a service stays a warning',
      filename: 'src/email-template/utils.ts',
      code: emailTemplateUtils,
      files: {
        'src/database/migrations/1701353754397-MigrateEmailTemplates.ts': migrationCalling('EmailTemplateUtils.migrateEmailTemplates(queryRunner, folder)'),
        'src/email-template/email-template.service.ts': `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EmailTemplateUtils } from './utils';
@Injectable()
export class EmailTemplateService {
  constructor(private readonly dataSource: DataSource) {}
  async reset(folder: string) {
    const queryRunner = this.dataSource.createQueryRunner();
    await EmailTemplateUtils.migrateEmailTemplates(queryRunner, folder);
  }
}
`,
      },
      errors: [at(9, 13, { severity: 'warning' })],
    },
    {
      name: 'the same reset also called from a request handler stays a warning',
      filename: 'src/widgets/index.js',
      code: widgetsReset,
      files: {
        ...redisDb,
        'src/cli/reset.js': cliReset,
        'src/routes/widgets.js': "const widgets = require('../widgets');\nmodule.exports = function (router) {\n  router.post('/api/widgets/reset', async (req, res) => {\n    await widgets.reset();\n    res.sendStatus(200);\n  });\n};\n",
      },
      errors: [at(6, 11, { severity: 'warning' })],
    },
    {
      name: 'a rewards check only tests call (its real callers register it as a hook): stays a warning',
      filename: 'src/rewards/index.js',
      code: `const db = require('../database');
const rewards = module.exports;
rewards.checkConditionAndRewardUser = async function ({ uid, condition }) {
  const ids = await db.smembers(\`condition:\${condition}:rewards\`);
  for (const id of ids) {
    await db.hincrby(\`reward:\${id}:claimed\`, String(uid), 1);
  }
};`,
      files: {
        ...redisDb,
        'test/rewards.js': "const rewards = require('../src/rewards');\ndescribe('rewards', () => {\n  it('rewards', async () => {\n    await rewards.checkConditionAndRewardUser({ uid: 1, condition: 'posts' });\n  });\n});\n",
      },
      errors: [at(6, 11, { severity: 'warning' })],
    },
    {
      name: 'an object method called only by its sibling init() through this: info, start-up work (Objection)',
      filename: 'server/core/sideloader.js',
      code: `const { Model } = require('objection');
class Locale extends Model { static get tableName() { return 'locales'; } }
module.exports = {
  async init() {
    await this.importLocales();
  },
  async importLocales() {
    const locales = require('../locales.json');
    for (const locale of locales) {
      await Locale.query().insert({ code: locale.code, name: locale.name });
    }
  },
};`,
      files: { 'package.json': '{ "name": "wiki", "dependencies": { "objection": "^3.0.0" } }' },
      errors: [at(10, 13, { severity: 'info', message: /; its function is called only at start-up \(`init`\), so it may be fine$/ })],
    },
    {
      name: 'the installer creates the default categories: info, set-up code',
      filename: 'src/install.js',
      code: `const { prisma } = require('./lib/prisma');
const defaults = require('../install/data/categories.json');
async function createCategories() {
  for (const category of defaults) {
    await prisma.category.create({ data: { name: category.name, order: category.order } });
  }
}
module.exports = { createCategories };`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(5, 11, { severity: 'info', message: /; it is install code, run once at set-up or upgrade, so it may be fine$/ })],
    },
    {
      name: 'an admin controller resetting widget areas: info, admin code',
      filename: 'src/controllers/admin/widgets.ts',
      code: `import { prisma } from '../../lib/prisma';
export async function resetAreas(req: { body: { areas: string[] } }, res: { sendStatus(n: number): void }) {
  for (const area of req.body.areas) {
    await prisma.widgetArea.update({ where: { name: area }, data: { widgets: [] } });
  }
  res.sendStatus(200);
}`,
      files: { 'src/lib/prisma.ts': prismaLib },
      errors: [at(4, 11, { severity: 'info', message: /; it is admin code, run on an administrator's action, so it may be fine$/ })],
    },
    {
      name: "one unread-count push per moderator: info, each delivery has its own recipient",
      filename: 'src/posts/queue.js',
      code: `const notifications = require('../user/notifications');
module.exports.notifyModerators = async function (uids) {
  uids.forEach((uid) => notifications.pushCount(uid));
};`,
      files: redisDb,
      errors: [at(3, 25, { severity: 'info', message: /runs for each element of `uids` in its `forEach` callback: it calls `db\.zcard` \(.*\); each call delivers to its own recipient \(`pushCount\(\)`\), so only its reads could be batched$/ })],
    },
    {
      name: 'a helper that sends a request per item to one API is not a delivery: a warning',
      filename: 'src/sync/prices.js',
      code: `const axios = require('axios');
async function sendRequest(id) {
  return axios.get('https://api.example.com/prices/' + id);
}
module.exports.refresh = async function (ids) {
  for (const id of ids) await sendRequest(id);
};`,
      errors: [at(6, 31, { severity: 'warning' })],
    },
    {
      name: 'one email job per subscriber, each to its own address: info',
      filename: 'src/tasks/NotifySubscribersTask.ts',
      code: `import { DocumentUpdatedEmail } from '../emails/DocumentUpdatedEmail';
export async function notify(documentId: string, subscriptions: { email: string }[]) {
  for (const subscription of subscriptions) {
    await new DocumentUpdatedEmail({ to: subscription.email, documentId }).schedule();
  }
}`,
      files: jobs,
      errors: [at(4, 11, { severity: 'info', message: /; each goes to its own recipient \(`subscription\.email`\), so there may be nothing to batch$/ })],
    },
    {
      name: 'one export job per document to the same queue: a warning (addBulk would take them all)',
      filename: 'src/tasks/ExportAllTask.ts',
      code: `import { ExportTask } from './ExportTask';
export async function exportAll(documents: { id: string }[]) {
  for (const doc of documents) {
    await new ExportTask({ documentId: doc.id }).schedule();
  }
}`,
      files: jobs,
      errors: [at(4, 11, { severity: 'warning' })],
    },
    {
      name: "an import copying each attachment from its own URL: info; beside a query per item it is left out of the loop's finding",
      filename: 'src/tasks/UploadAttachmentsTask.ts',
      code: `import { prisma } from '../lib/prisma';
import { storeFromUrl } from '../storage';
export async function upload(items: { attachmentId: string; url: string }[]) {
  for (const item of items) {
    await storeFromUrl(item.url, 'uploads/' + item.attachmentId);
  }
  await Promise.all(items.map(async (item) => {
    const attachment = await prisma.attachment.findFirst({ where: { id: item.attachmentId } });
    await storeFromUrl(item.url, attachment!.key);
  }));
}`,
      files: {
        'src/lib/prisma.ts': prismaLib,
        'src/storage.ts': "export async function storeFromUrl(url: string, key: string) {\n  const res = await fetch(url);\n  return { key, size: Number(res.headers.get('content-length')) };\n}\n",
      },
      errors: [
        at(5, 11, { severity: 'info', message: /^1 request per item: `storeFromUrl\(\)` runs for each element of `items`: it calls `fetch` \(.*\); each goes to its own address \(`item\.url`\), so there may be nothing to batch$/ }),
        at(8, 30, { severity: 'info', message: /^1 query per item: `prisma\.attachment\.findFirst` \(Prisma\) runs for each element of `items` in its `map` callback, concurrently/, related: [] }),
      ],
    },
    {
      name: 'federating each newly published topic (one outgoing Create per topic, to its own followers): info',
      filename: 'src/topics/scheduled.js',
      code: `const activitypub = require('../activitypub');
module.exports.federatePosts = async function (uids, topicData) {
  for (const topic of topicData) {
    await activitypub.out.create.note(topic.uid, topic.mainPid);
  }
};`,
      files: activitypub,
      errors: [at(4, 11, { severity: 'info', message: /^1 round trip per topic: `activitypub\.out\.create\.note\(\)` \(Redis\) runs for each element of `topicData`: it calls `db\.zrange` \(.*\); each is an outgoing federation activity \(`activitypub\.out\.create\.note\(\)`\) sent to that item's own audience, so there may be nothing to batch$/ })],
    },
    {
      name: 'reading a remote actor per item through the same module is not a delivery: a warning',
      filename: 'src/api/actors.js',
      code: `const activitypub = require('../activitypub');
module.exports.actors = async function (uris) {
  const out = [];
  for (const uri of uris) out.push(await activitypub.getActor(uri));
  return out;
};`,
      files: activitypub,
      errors: [at(4, 42, { severity: 'warning' })],
    },
    {
      name: 'the same helper without a delivery in its name stays a warning',
      filename: 'src/posts/queue.js',
      code: `const notifications = require('../user/notifications');
module.exports.counts = async function (uids) {
  const out = [];
  for (const uid of uids) out.push(await notifications.countUnread(uid));
  return out;
};`,
      files: redisDb,
      errors: [at(4, 42, { severity: 'warning' })],
    },
  ],
});
