/**
 * n-plus-one through a client whose implementation a factory picks at run time: the client holds a
 * provider typed by an abstract base class whose methods are placeholders (`throw new Error('Not
 * implemented')`), and the subclasses (a local provider writing a jobs table, a BullMQ one adding
 * to a queue) do the work. A call on the base runs one of the overrides, so they are followed.
 * The main table is n-plus-one.test.ts.
 */
import { at, ruleTester } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

const base = `export interface TriggerJobOptions {
  name: string;
  payload: Record<string, unknown>;
}
export abstract class BaseJobProvider {
  public async triggerJob(_options: TriggerJobOptions): Promise<void> {
    throw new Error('Not implemented');
  }
  public describe(): string {
    return 'jobs';
  }
}
`;

const client = `import type { BaseJobProvider as JobProvider, TriggerJobOptions } from './base';
import { LocalJobProvider } from './local';
import { QueueJobProvider } from './queue';
export class JobClient {
  private _provider: JobProvider;
  constructor() {
    this._provider = process.env.JOBS_PROVIDER === 'bullmq' ? QueueJobProvider.getInstance() : LocalJobProvider.getInstance();
  }
  public async triggerJob(options: TriggerJobOptions) {
    return this._provider.triggerJob(options);
  }
  public name() {
    return this._provider.describe();
  }
}
export const jobs = new JobClient();
`;

// Providers that write to the database or a queue, as a job library's adapters do.
const providers = {
  'lib/jobs/base.ts': base,
  'lib/jobs/client.ts': client,
  'lib/jobs/local.ts': `import { PrismaClient } from '@prisma/client';
import { BaseJobProvider, type TriggerJobOptions } from './base';
const prisma = new PrismaClient();
export class LocalJobProvider extends BaseJobProvider {
  private static instance?: LocalJobProvider;
  static getInstance() {
    return (this.instance ??= new LocalJobProvider());
  }
  public async triggerJob(options: TriggerJobOptions): Promise<void> {
    await prisma.backgroundJob.create({ data: { name: options.name, payload: options.payload as object } });
  }
}
`,
  'lib/jobs/queue.ts': `import { Queue } from 'bullmq';
import { BaseJobProvider, type TriggerJobOptions } from './base';
export class QueueJobProvider extends BaseJobProvider {
  private static instance?: QueueJobProvider;
  private queue = new Queue('jobs');
  static getInstance() {
    return (this.instance ??= new QueueJobProvider());
  }
  public async triggerJob(options: TriggerJobOptions): Promise<void> {
    await this.queue.add(options.name, options.payload);
  }
}
`,
};

// The same shape where the providers only keep jobs in memory.
const memoryProviders = {
  'lib/jobs/base.ts': base,
  'lib/jobs/client.ts': `import type { BaseJobProvider, TriggerJobOptions } from './base';
import { MemoryJobProvider } from './memory';
export class JobClient {
  private _provider: BaseJobProvider = new MemoryJobProvider();
  public async triggerJob(options: TriggerJobOptions) {
    return this._provider.triggerJob(options);
  }
}
export const jobs = new JobClient();
`,
  'lib/jobs/memory.ts': `import { BaseJobProvider, type TriggerJobOptions } from './base';
export class MemoryJobProvider extends BaseJobProvider {
  private pending: TriggerJobOptions[] = [];
  public async triggerJob(options: TriggerJobOptions): Promise<void> {
    this.pending.push(options);
  }
}
`,
};

const deleteUser = `import { jobs } from '../jobs/client';
export async function queueSeatSyncs(organisationIds: string[]) {
  for (const organisationId of organisationIds) {
    await jobs.triggerJob({ name: 'internal.sync-organisation-seats', payload: { organisationId } });
  }
}
`;

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'providers that keep jobs in memory: a trigger per organisation is no round trip',
      filename: 'lib/server-only/delete-user.ts',
      code: deleteUser,
      files: memoryProviders,
    },
    {
      name: 'a base method with a body of its own is what runs, not the overrides',
      filename: 'lib/server-only/names.ts',
      code: `import { jobs } from '../jobs/client';
export function labels(ids: string[]) {
  return ids.map((id) => \`\${jobs.name()}:\${id}\`);
}
`,
      files: providers,
    },
  ],
  invalid: [
    {
      name: 'one job triggered per organisation, through a client whose provider a factory picks',
      filename: 'lib/server-only/delete-user.ts',
      code: deleteUser,
      files: providers,
      errors: [at(4, 11, { severity: 'warning', message: /jobs\.triggerJob\(\).*runs for each element of `organisationIds`/ })],
    },
  ],
});
