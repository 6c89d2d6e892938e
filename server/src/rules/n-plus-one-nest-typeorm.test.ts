/**
 * n-plus-one on NestJS services over TypeORM whose queries sit behind the service's own class
 * hierarchy: a generic CRUD base service (`ProductService extends TenantAwareCrudService<Product>`,
 * which extends `CrudService<T>` holding the repository) whose overrides call `super.save(…)`,
 * and services that call `super.update(…)` themselves. The main NestJS table is n-plus-one.test.ts.
 */
import { ruleTester, type ExpectedFinding } from '../testing/rule-tester';
import { nPlusOne } from './n-plus-one';

const at = (line: number, column: number, more: ExpectedFinding = {}): ExpectedFinding => ({ line, column, ...more });

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

ruleTester(nPlusOne, {
  valid: [
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
