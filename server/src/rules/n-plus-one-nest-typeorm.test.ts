/**
 * n-plus-one on NestJS services over TypeORM whose repositories are not injected directly:
 * - behind the service's own class hierarchy: a generic CRUD base service (`ProductService extends
 *   TenantAwareCrudService<Product>`, which extends `CrudService<T>` holding the repository) whose
 *   overrides call `super.save(…)`, and services that call `super.update(…)` themselves;
 * - handed out by a workspace wrapper around the DataSource: `this.connection.getRepository(ctx,
 *   Entity).findOne(…)`, where `TransactionalConnection` picks the request's transaction manager.
 * The main NestJS table is n-plus-one.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../engine/fix-selection';
import { at, assertParses, ruleFixes, ruleTester, runRule } from '../testing/rule-tester';
import { typecheck } from '../testing/typecheck';
import { nPlusOne } from './n-plus-one';

// The shape of a NestJS app's CRUD layer: a generic base service over a TypeORM repository, a
// tenant-aware subclass whose overrides add a filter and call `super`, and entity services on top.
const crud = {
  'src/core/crud/crud.service.ts': `import { DeepPartial, FindOneOptions, Repository } from 'typeorm';
export abstract class CrudService<T extends { id: string }> {
  constructor(protected readonly typeOrmRepository: Repository<T>) {}
  async findOneByIdString(id: string, options?: FindOneOptions<T>): Promise<T | null> {
    return this.typeOrmRepository.findOne({ ...options, where: { id } as any });
  }
  async save(entity: DeepPartial<T>): Promise<T> {
    return this.typeOrmRepository.save(entity);
  }
  async update(id: string, partial: any) {
    return this.typeOrmRepository.update(id, partial);
  }
  serialize(entity: T) {
    return { ...entity };
  }
}
`,
  'src/core/crud/tenant-aware-crud.service.ts': `import { DeepPartial, FindOneOptions } from 'typeorm';
import { CrudService } from './crud.service';
import { RequestContext } from '../context';
export abstract class TenantAwareCrudService<T extends { id: string; tenantId?: string }> extends CrudService<T> {
  async findOneByIdString(id: string, options?: FindOneOptions<T>): Promise<T | null> {
    return super.findOneByIdString(id, { ...options, where: { ...(options?.where as object), tenantId: RequestContext.currentTenantId() } as any });
  }
  async save(entity: DeepPartial<T>): Promise<T> {
    return await super.save({ ...entity, tenantId: RequestContext.currentTenantId() } as DeepPartial<T>);
  }
  toDto(entity: T) {
    return super.serialize(entity);
  }
}
`,
  'src/core/crud/index.ts': `export * from './crud.service';\nexport * from './tenant-aware-crud.service';\n`,
  'src/core/context.ts': `export class RequestContext {\n  static currentTenantId(): string {\n    return 'tenant';\n  }\n}\n`,
  'src/product-option/product-option.entity.ts': `export class ProductOption {\n  id!: string;\n  tenantId?: string;\n  name!: string;\n  groupId!: string;\n}\n`,
  'src/product-option/product-option.repository.ts': `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ProductOption } from './product-option.entity';
@Injectable()
export class TypeOrmProductOptionRepository extends Repository<ProductOption> {
  constructor(@InjectRepository(ProductOption) readonly repository: Repository<ProductOption>) {
    super(repository.target, repository.manager, repository.queryRunner);
  }
}
`,
  'src/product-option/product-option.service.ts': `import { Injectable } from '@nestjs/common';
import { TenantAwareCrudService } from './../core/crud';
import { ProductOption } from './product-option.entity';
import { TypeOrmProductOptionRepository } from './product-option.repository';
@Injectable()
export class ProductOptionService extends TenantAwareCrudService<ProductOption> {
  constructor(readonly typeOrmProductOptionRepository: TypeOrmProductOptionRepository) {
    super(typeOrmProductOptionRepository);
  }
  async rename(id: string, name: string) {
    return super.update(id, { name });
  }
}
`,
};

// A NestJS app's wrapper around TypeORM's DataSource: the repository of the request's transaction
// when there is one, else the connection's; services get it injected instead of @InjectRepository.
const connection = {
  'src/connection/transactional-connection.ts': `import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { RequestContext } from '../api/request-context';
@Injectable()
export class TransactionalConnection {
  constructor(private readonly dataSource: DataSource) {}
  get rawConnection(): DataSource {
    return this.dataSource;
  }
  getRepository<Entity extends ObjectLiteral>(ctx: RequestContext | undefined, target: EntityTarget<Entity>): Repository<Entity> {
    const manager: EntityManager | undefined = ctx?.transactionManager;
    if (manager) return manager.getRepository(target);
    return this.rawConnection.getRepository(target);
  }
  async getEntityOrThrow<T extends ObjectLiteral>(ctx: RequestContext, target: EntityTarget<T>, id: string): Promise<T> {
    const entity = await this.getRepository(ctx, target).findOne({ where: { id } as any });
    if (!entity) throw new Error(\`No entity with id \${id}\`);
    return entity;
  }
}
`,
  'src/api/request-context.ts': `import { EntityManager } from 'typeorm';\nexport class RequestContext {\n  transactionManager?: EntityManager;\n}\n`,
  'src/entity/product-variant.entity.ts': `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity()\nexport class ProductVariant {\n  @PrimaryGeneratedColumn('uuid')\n  id!: string;\n  @Column()\n  stockOnHand!: number;\n}\n`,
};

// The same wrapper written with overloads (with or without a request context), as such wrappers
// usually are: the implementation takes `any` and declares no useful return type.
const overloadedConnection = {
  ...connection,
  'src/connection/transactional-connection.ts': `import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { RequestContext } from '../api/request-context';
@Injectable()
export class TransactionalConnection {
  constructor(private readonly dataSource: DataSource) {}
  getRepository<Entity extends ObjectLiteral>(target: EntityTarget<Entity>): Repository<Entity>;
  getRepository<Entity extends ObjectLiteral>(ctx: RequestContext | undefined, target: EntityTarget<Entity>): Repository<Entity>;
  getRepository(ctxOrTarget: any, maybeTarget?: any): any {
    if (ctxOrTarget instanceof RequestContext) {
      return this.getManager(ctxOrTarget).getRepository(maybeTarget);
    }
    return this.getManager(undefined).getRepository(ctxOrTarget ?? maybeTarget);
  }
  private getManager(ctx: RequestContext | undefined): EntityManager {
    return ctx?.transactionManager ?? this.dataSource.manager;
  }
}
`,
};

// A stock service written against that wrapper: one variant per order line.
const stockService = (body: string) => `import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TransactionalConnection } from '../connection/transactional-connection';
import { RequestContext } from '../api/request-context';
import { ProductVariant } from '../entity/product-variant.entity';
@Injectable()
export class StockService {
  constructor(private readonly connection: TransactionalConnection) {}
  async allocate(ctx: RequestContext, lines: { productVariantId: string; quantity: number }[]) {
${body}
  }
}
`;

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'the wrapper hands out the repository once, and one findBy with In(…) loads every variant',
      filename: 'src/service/stock.service.ts',
      code: stockService(`    const variants = await this.connection.getRepository(ctx, ProductVariant).findBy({ id: In(lines.map((l) => l.productVariantId)) });
    const byId = new Map(variants.map((v) => [v.id, v] as const));
    for (const line of lines) {
      const variant = byId.get(line.productVariantId);
      if (variant) variant.stockOnHand -= line.quantity;
    }
    return variants;`),
      files: connection,
    },
    {
      name: 'lines gathered into a batch declared outside the loop, saved once the batch is full',
      filename: 'src/service/stock.service.ts',
      code: stockService(`    const repository = this.connection.getRepository(ctx, ProductVariant);
    let batch: { id: string; stockOnHand: number }[] = [];
    for (const line of lines) {
      batch.push({ id: line.productVariantId, stockOnHand: line.quantity });
      if (batch.length === 500) {
        await repository.save(batch);
        batch = [];
      }
    }
    await repository.save(batch);`),
      files: connection,
    },
    {
      name: 'the function returns right after the first removal: at most one query per call',
      filename: 'src/service/stock.service.ts',
      code: stockService(`    const repository = this.connection.getRepository(ctx, ProductVariant);
    for (const line of lines) {
      if (line.quantity === 0) {
        await repository.delete({ id: line.productVariantId });
        return line;
      }
    }
    return undefined;`),
      files: connection,
    },
    {
      name: "a wrapper method returning rows: the array's find per line is no query",
      filename: 'src/service/stock.service.ts',
      code: stockService(`    const variants = await this.connection.getRepository(ctx, ProductVariant).find();
    return lines.map((line) => this.connection.rawConnection.getRepository(ProductVariant).metadata.columns.find((c) => c.propertyName === line.productVariantId));`),
      files: connection,
    },
    {
      name: 'a base-class helper reached through super that only computes',
      filename: 'src/product-option/product-option.presenter.ts',
      code: `import { Injectable } from '@nestjs/common';
import { ProductOptionService } from './product-option.service';
import { ProductOption } from './product-option.entity';
@Injectable()
export class ProductOptionPresenter {
  constructor(private readonly productOptionService: ProductOptionService) {}
  present(options: ProductOption[]) {
    return options.map((option) => this.productOptionService.toDto(option));
  }
}`,
      files: crud,
    },
    {
      name: 'one saveMany for the whole list, not one save per item',
      filename: 'src/product/commands/product.update.handler.ts',
      code: `import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ProductOptionService } from '../../product-option/product-option.service';
import { ProductOption } from '../../product-option/product-option.entity';
export class ProductUpdateCommand {
  constructor(readonly options: ProductOption[]) {}
}
@CommandHandler(ProductUpdateCommand)
export class ProductUpdateHandler implements ICommandHandler<ProductUpdateCommand> {
  constructor(private readonly productOptionService: ProductOptionService) {}
  async execute({ options }: ProductUpdateCommand) {
    const named = options.map((option) => ({ ...option, name: option.name.trim() }));
    return this.productOptionService.typeOrmProductOptionRepository.save(named);
  }
}`,
      files: crud,
    },
  ],
  invalid: [
    {
      name: "a repository from the wrapper connection, queried per order line",
      filename: 'src/service/stock.service.ts',
      code: stockService(`    for (const line of lines) {
      const variant = await this.connection.getRepository(ctx, ProductVariant).findOne({ where: { id: line.productVariantId } });
      if (variant) variant.stockOnHand -= line.quantity;
    }`),
      files: connection,
      errors: [at(11, 29, { message: '1 query per line: `this.connection.getRepository(…).findOne` (TypeORM) runs for each element of `lines`' })],
    },
    {
      name: 'a query builder made per id and filled by statements, run with getMany',
      filename: 'src/service/stock.service.ts',
      code: stockService(`    const found: ProductVariant[] = [];
    for (const line of lines) {
      const query = this.connection.getRepository(ctx, ProductVariant).createQueryBuilder('variant');
      query.where('variant.id = :id', { id: line.productVariantId });
      query.andWhere('variant.stockOnHand >= :quantity', { quantity: line.quantity });
      found.push(...(await query.getMany()));
    }
    return found;`),
      files: connection,
      errors: [at(15, 28, { message: '1 query per line: `query.getMany` (TypeORM) runs for each element of `lines`' })],
    },
    {
      name: 'a repository from an overloaded wrapper method, queried per order line',
      filename: 'src/service/stock.service.ts',
      code: stockService(`    for (const line of lines) {
      const variant = await this.connection.getRepository(ctx, ProductVariant).findOneBy({ id: line.productVariantId });
      if (variant) variant.stockOnHand -= line.quantity;
    }`),
      files: overloadedConnection,
      errors: [at(11, 29, { message: '1 query per line: `this.connection.getRepository(…).findOneBy` (TypeORM) runs for each element of `lines`' })],
    },
    {
      name: "the wrapper's getEntityOrThrow per line in Promise.all",
      filename: 'src/service/stock.service.ts',
      code: stockService(`    return Promise.all(lines.map((line) => this.connection.getEntityOrThrow(ctx, ProductVariant, line.productVariantId)));`),
      files: connection,
      errors: [at(10, 44, { severity: 'info', message: /^1 query per line: `this\.connection\.getEntityOrThrow\(\)` \(TypeORM\) .* it calls `this\.getRepository\(…\)\.findOne` \(src\/connection\/transactional-connection\.ts:16\)$/ })],
    },
    {
      name: 'an inherited save whose override calls super.save, awaited per option in a CQRS handler',
      filename: 'src/product/commands/product.update.handler.ts',
      code: `import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ProductOptionService } from '../../product-option/product-option.service';
import { ProductOption } from '../../product-option/product-option.entity';
export class ProductUpdateCommand {
  constructor(readonly groupId: string, readonly options: Partial<ProductOption>[]) {}
}
@CommandHandler(ProductUpdateCommand)
export class ProductUpdateHandler implements ICommandHandler<ProductUpdateCommand> {
  constructor(private readonly productOptionService: ProductOptionService) {}
  async execute({ groupId, options }: ProductUpdateCommand) {
    const saved: ProductOption[] = [];
    for await (const optionInput of options) {
      const option = Object.assign(new ProductOption(), { ...optionInput, groupId });
      saved.push(await this.productOptionService.save(option));
    }
    return saved;
  }
}`,
      files: crud,
      errors: [
        at(14, 24, {
          related: [{ file: 'src/core/crud/tenant-aware-crud.service.ts', line: 9 }, { file: 'src/core/crud/crud.service.ts', line: 8 }],
          message: /^1 query per option: `this\.productOptionService\.save\(\)` \(TypeORM\) runs for each element of `options`: it calls `this\.typeOrmRepository\.save` \(src\/core\/crud\/crud\.service\.ts:8\)$/,
        }),
      ],
    },
    {
      name: 'an inherited finder (override calling super) per id in Promise.all',
      filename: 'src/product-option/product-option.controller.ts',
      code: `import { Body, Controller, Post } from '@nestjs/common';
import { ProductOptionService } from './product-option.service';
@Controller('product-options')
export class ProductOptionController {
  constructor(private readonly productOptionService: ProductOptionService) {}
  @Post('lookup')
  async lookup(@Body() ids: string[]) {
    return Promise.all(ids.map((id) => this.productOptionService.findOneByIdString(id)));
  }
}`,
      files: crud,
      errors: [at(8, 40, { severity: 'info', message: /^1 query per id: `this\.productOptionService\.findOneByIdString\(\)` \(TypeORM\) .* it calls `this\.typeOrmRepository\.findOne` \(src\/core\/crud\/crud\.service\.ts:5\)$/ })],
    },
    {
      name: 'super.update called by the service itself, once per member',
      filename: 'src/product-option/product-option-bulk.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { TenantAwareCrudService } from '../core/crud';
import { ProductOption } from './product-option.entity';
import { TypeOrmProductOptionRepository } from './product-option.repository';
@Injectable()
export class ProductOptionBulkService extends TenantAwareCrudService<ProductOption> {
  constructor(readonly typeOrmProductOptionRepository: TypeOrmProductOptionRepository) {
    super(typeOrmProductOptionRepository);
  }
  async renameAll(options: ProductOption[], suffix: string) {
    await Promise.all(
      options.map(async (option) => {
        await super.update(option.id, { name: option.name + suffix });
      }),
    );
  }
}`,
      files: crud,
      errors: [at(13, 15, { severity: 'info', message: /^1 query per option: `super\.update\(\)` \(TypeORM\) .* it calls `this\.typeOrmRepository\.update` \(src\/core\/crud\/crud\.service\.ts:11\)$/ })],
    },
  ],
});

describe('n-plus-one on a wrapper connection: the batch fix', () => {
  it('loads every variant with one find and In(…), and the result type-checks against typeorm', () => {
    const code = stockService(`    for (const line of lines) {
      const variant = await this.connection.getRepository(ctx, ProductVariant).findOne({ where: { id: line.productVariantId } });
      if (variant) variant.stockOnHand -= line.quantity;
    }`);
    const { findings } = runRule(nPlusOne, { code, files: connection, filename: 'src/service/stock.service.ts' });
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    const fixes = ruleFixes(findings[0]!);
    const batch = fixes.find((f) => /batch|one query/i.test(f.title));
    assert.ok(batch, `fixes: ${fixes.map((f) => f.title).join(' | ')}`);
    const output = applyEdits(code, batch.edits);
    assert.match(output, /\.find\(\{ where: \{ id: In\(/);
    assertParses(output, 'src/service/stock.service.ts');
    const project = { 'src/service/stock.service.ts': output, ...connection };
    const options = { module: 'commonjs' as const, compilerOptions: { experimentalDecorators: true, strictPropertyInitialization: false } };
    assert.deepEqual(typecheck(project, options), []);
    assert.deepEqual(typecheck({ ...project, 'src/service/stock.service.ts': code }, options), []);
  });
});

// TypeORM entities with lazy relations (typed `Promise<…>`): each is loaded by a query on first read.
const lazyEntities = {
  'src/users/user.entity.ts': `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity()
export class User {
  @PrimaryGeneratedColumn()
  id: number;
  @Column()
  username: string;
}
`,
  'src/revisions/edit.entity.ts': `import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
@Entity()
export class Edit {
  @PrimaryGeneratedColumn()
  id: number;
  @Column()
  startPos: number;
  @ManyToOne(() => User)
  author: Promise<User>;
  @ManyToOne(() => User, { eager: true })
  reviewer: User;
  ready: Promise<void>;
}
`,
  'src/revisions/revision.entity.ts': `import { Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Edit } from './edit.entity';
@Entity()
export class Revision {
  @PrimaryGeneratedColumn()
  id: number;
  @OneToMany(() => Edit, (edit) => edit.id)
  edits: Promise<Edit[]>;
}
`,
  'src/revisions/edit.service.ts': `import { Injectable } from '@nestjs/common';
import { Edit } from './edit.entity';
@Injectable()
export class EditService {
  async toEditDto(edit: Edit) {
    const author = await edit.author;
    return { username: author.username, startPosition: edit.startPos };
  }
}
`,
};

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'an eager relation is loaded with the row: reading it per edit is no query',
      filename: 'src/revisions/revisions.service.ts',
      code: `import { Edit } from './edit.entity';
export function reviewers(edits: Edit[]) {
  return edits.map((edit) => edit.reviewer.username);
}`,
      files: lazyEntities,
    },
    {
      name: 'an awaited Promise property that is no relation',
      filename: 'src/revisions/revisions.service.ts',
      code: `import { Edit } from './edit.entity';
export async function settle(edits: Edit[]) {
  for (const edit of edits) {
    await edit.ready;
  }
}`,
      files: lazyEntities,
    },
    {
      name: 'the relation of one row, read once',
      filename: 'src/revisions/revisions.service.ts',
      code: `import { Revision } from './revision.entity';
export async function firstEdit(revision: Revision) {
  const edits = await revision.edits;
  return edits[0];
}`,
      files: lazyEntities,
    },
  ],
  invalid: [
    {
      name: 'a lazy ManyToOne awaited per edit in Promise.all',
      filename: 'src/revisions/revisions.service.ts',
      code: `import { Revision } from './revision.entity';
export async function authorsOf(revision: Revision) {
  return Promise.all((await revision.edits).map(async (edit) => await edit.author));
}`,
      files: lazyEntities,
      errors: [at(3, 71, { severity: 'info', message: /^1 query per edit: `edit\.author` \(TypeORM\) runs for each element of `\(await revision\.edits\)` in its `map` callback, concurrently in `Promise\.all`/ })],
    },
    {
      name: 'a lazy relation awaited in a for-of',
      filename: 'src/revisions/revisions.service.ts',
      code: `import { Edit } from './edit.entity';
export async function usernames(edits: Edit[]) {
  const names: string[] = [];
  for (const edit of edits) {
    names.push((await edit.author).username);
  }
  return names;
}`,
      files: lazyEntities,
      errors: [at(5, 23, { message: '1 query per edit: `edit.author` (TypeORM) runs for each element of `edits`' })],
    },
    {
      name: 'a DTO helper that awaits a lazy relation, called per edit',
      filename: 'src/revisions/revisions.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { EditService } from './edit.service';
import { Revision } from './revision.entity';
@Injectable()
export class RevisionsService {
  constructor(private readonly editService: EditService) {}
  async toRevisionDto(revision: Revision) {
    return { id: revision.id, edits: await Promise.all((await revision.edits).map((edit) => this.editService.toEditDto(edit))) };
  }
}`,
      files: lazyEntities,
      errors: [
        at(8, 93, {
          severity: 'info',
          related: [{ file: 'src/revisions/edit.service.ts', line: 6 }],
          message: /^1 query per edit: `this\.editService\.toEditDto\(\)` \(TypeORM\) .* it reads `edit\.author` \(src\/revisions\/edit\.service\.ts:6\)$/,
        }),
      ],
    },
  ],
});

// The same services over MikroORM (ever-gauzy runs on either ORM): a repository injected by
// @InjectRepository from @mikro-orm/nestjs, typed with the library's EntityRepository.
const mikroService = (body: string) => `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@mikro-orm/nestjs';
import { EntityManager, EntityRepository } from '@mikro-orm/core';
import { User } from './user.entity';
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly userRepository: EntityRepository<User>,
    private readonly em: EntityManager,
  ) {}
  async run(users: { id: string; email: string }[], code: string) {
${body}
  }
}
`;

ruleTester(nPlusOne, {
  valid: [
    {
      name: 'MikroORM: persist per user only marks the entities, one flush after the loop writes them',
      filename: 'src/users/users.service.ts',
      code: mikroService(`    for (const user of users) {
      this.em.persist(this.em.create(User, { id: user.id, email: user.email.toLowerCase() }));
    }
    await this.em.flush();`),
    },
    {
      name: 'MikroORM: one nativeUpdate for every user',
      filename: 'src/users/users.service.ts',
      code: mikroService(`    await this.userRepository.nativeUpdate({ id: { $in: users.map((u) => u.id) } }, { code });`),
    },
  ],
  invalid: [
    {
      name: 'MikroORM: nativeUpdate per user of one email',
      filename: 'src/users/users.service.ts',
      code: mikroService(`    for (const user of users) {
      await this.userRepository.nativeUpdate(user.id, { code });
    }`),
      errors: [at(13, 13, { message: '1 query per user: `this.userRepository.nativeUpdate` (MikroORM) runs for each element of `users`' })],
    },
    {
      name: 'MikroORM: persistAndFlush per user in Promise.all',
      filename: 'src/users/users.service.ts',
      code: mikroService(`    await Promise.all(users.map((user) => this.em.persistAndFlush(this.em.create(User, { id: user.id, email: user.email }))));`),
      errors: [at(12, 43, { severity: 'info', message: /^1 query per user: `this\.em\.persistAndFlush` \(MikroORM\) runs for each element of `users` in its `map` callback, concurrently in `Promise\.all`/ })],
    },
  ],
});
