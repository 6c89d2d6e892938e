/**
 * n-plus-one on NestJS apps over Prisma whose client is not injected directly: a generic workspace
 * repository class holds it (`constructor(private _users: PrismaRepository<'user'>)`, where
 * `PrismaRepository<T>` keeps `model: Pick<PrismaService, T>` and `PrismaService extends
 * PrismaClient`), and services reach the queries through injected repositories and other services.
 * The main NestJS table is n-plus-one.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../engine/fix-selection';
import { at, assertParses, ruleFixes, ruleTester, runRule } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

// The data layer the way such apps write it: one generic repository class for every model.
const data = {
  'src/database/prisma.service.ts': `import { Injectable, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit {
  async onModuleInit() {
    await this.$connect();
  }
}
@Injectable()
export class PrismaRepository<T extends keyof PrismaService> {
  public model: Pick<PrismaService, T>;
  constructor(private _prismaService: PrismaService) {
    this.model = this._prismaService;
  }
}
`,
  'src/database/integration.repository.ts': `import { Injectable } from '@nestjs/common';
import { PrismaRepository } from './prisma.service';
@Injectable()
export class IntegrationRepository {
  constructor(private _integration: PrismaRepository<'integration'>) {}
  getIntegrationById(org: string, id: string) {
    return this._integration.model.integration.findFirst({ where: { organizationId: org, id, deletedAt: null } });
  }
  getIntegrationsByIds(org: string, ids: string[]) {
    return this._integration.model.integration.findMany({ where: { organizationId: org, id: { in: ids }, deletedAt: null } });
  }
}
`,
  'src/database/integration.service.ts': `import { Injectable } from '@nestjs/common';
import { IntegrationRepository } from './integration.repository';
@Injectable()
export class IntegrationService {
  constructor(private _integrationRepository: IntegrationRepository) {}
  getIntegrationById(org: string, id: string) {
    return this._integrationRepository.getIntegrationById(org, id);
  }
  getIntegrationsByIds(org: string, ids: string[]) {
    return this._integrationRepository.getIntegrationsByIds(org, ids);
  }
}
`,
};

// A cache class of the same shape that holds a Map, not a client.
const memo = {
  'src/cache/memo.ts': `export class Memo<T> {
  public store: Map<string, T> = new Map();
  constructor(private ttl: number) {}
}
`,
};

const postsService = (body: string) => `import { Injectable } from '@nestjs/common';
import { IntegrationService } from '../database/integration.service';
interface PostDto {
  content: string;
  integration: { id: string };
}
@Injectable()
export class PostsService {
  constructor(private _integrationService: IntegrationService) {}
  async attach(org: string, posts: PostDto[]) {
${body}
  }
}
`;

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'one findMany with in: for all the posts, then a lookup in memory',
      filename: 'src/posts/posts.service.ts',
      code: postsService(`    const integrations = await this._integrationService.getIntegrationsByIds(org, posts.map((p) => p.integration.id));
    const byId = new Map(integrations.map((i) => [i.id, i] as const));
    return posts.map((post) => ({ ...post, integration: byId.get(post.integration.id) }));`),
      files: data,
    },
    {
      name: 'a workspace class whose member holds a Map: get per item is no query',
      filename: 'src/cache/use-memo.ts',
      code: `import { Memo } from './memo';
export class Lookup {
  constructor(private _memo: Memo<string>) {}
  names(ids: string[]) {
    return ids.map((id) => this._memo.store.get(id));
  }
}
`,
      files: memo,
    },
    {
      name: 'the repository queried once outside the loop; the loop only reshapes rows',
      filename: 'src/database/channel.repository.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaRepository } from './prisma.service';
@Injectable()
export class ChannelRepository {
  constructor(private _integration: PrismaRepository<'integration'>) {}
  async names(org: string) {
    const channels = await this._integration.model.integration.findMany({ where: { organizationId: org } });
    for (const channel of channels) channel.name = channel.name.trim();
    return channels;
  }
}
`,
      files: data,
    },
    {
      name: 'pMap over chunks with a concurrency option: one createMany per batch of 500',
      filename: 'src/envelope/copy-recipients.ts',
      code: `import pMap from 'p-map';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function copyRecipients(envelopeId: string, recipients: { email: string; name: string }[]) {
  const chunks: { email: string; name: string }[][] = [];
  for (let i = 0; i < recipients.length; i += 500) chunks.push(recipients.slice(i, i + 500));
  await pMap(chunks, async (chunk) => prisma.recipient.createMany({ data: chunk.map((r) => ({ ...r, envelopeId })) }), { concurrency: 2 });
}
`,
    },
  ],
  invalid: [
    {
      name: 'the wrapper repository updated once per channel',
      filename: 'src/database/channel.repository.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaRepository } from './prisma.service';
@Injectable()
export class ChannelRepository {
  constructor(private _integration: PrismaRepository<'integration'>) {}
  async disableChannels(org: string) {
    const channels = await this._integration.model.integration.findMany({ where: { organizationId: org } });
    for (const channel of channels) {
      await this._integration.model.integration.update({ where: { id: channel.id }, data: { disabled: true } });
    }
  }
}
`,
      files: data,
      errors: [at(9, 13, { severity: 'warning', message: /this\._integration\.model\.integration\.update.*Prisma/ })],
    },
    {
      name: 'an injected service whose repository queries, once per post, one at a time',
      filename: 'src/posts/posts.service.ts',
      code: postsService(`    for (const post of posts) {
      const integration = await this._integrationService.getIntegrationById(org, post.integration.id);
      if (!integration) throw new Error('unknown channel');
    }`),
      files: data,
      errors: [at(12, 33, { severity: 'warning', message: /getIntegrationById.*findFirst/ })],
    },
    {
      name: 'the same in Promise.all(map): concurrent, still one query per post (info)',
      filename: 'src/posts/posts.service.ts',
      code: postsService(`    return Promise.all(
      posts.map(async (post) => ({
        ...post,
        integration: await this._integrationService.getIntegrationById(org, post.integration.id),
      })),
    );`),
      files: data,
      errors: [at(14, 28, { severity: 'info' })],
    },
    {
      name: 'pMap with a concurrency option after the mapper: one create per recipient (info)',
      filename: 'src/envelope/duplicate-envelope.ts',
      code: `import pMap from 'p-map';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function duplicateRecipients(envelopeId: string, recipients: { email: string; name: string }[]) {
  await pMap(
    recipients,
    async (recipient) =>
      prisma.recipient.create({
        data: { envelopeId, email: recipient.email, name: recipient.name },
      }),
    { concurrency: 5 },
  );
}
`,
      errors: [at(8, 7, { severity: 'info', message: /prisma\.recipient\.create.*pMap/ })],
    },
  ],
});

describe('n-plus-one through a wrapper repository: the batch fix', () => {
  it('offers a fix for the per-post lookup through the injected service, and the result parses', () => {
    const code = postsService(`    for (const post of posts) {
      const integration = await this._integrationService.getIntegrationById(org, post.integration.id);
      if (!integration) throw new Error('unknown channel');
    }`);
    const { findings } = runRule(nPlusOne, { code, files: data, filename: 'src/posts/posts.service.ts' });
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    const fixes = ruleFixes(findings[0]!);
    assert.ok(fixes.length > 0, 'no quick fix offered');
    for (const fix of fixes) assertParses(applyEdits(code, fix.edits), 'src/posts/posts.service.ts');
  });
});
