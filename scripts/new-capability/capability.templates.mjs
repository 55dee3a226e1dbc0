// The files of one capability folder, as docs/ARCHITECTURE.md lays it out (apps/build/src/build-tasks is
// the shape): pure functions of the names, so a unit test can read them without touching disk.

/** `build-tasks` -> the names every file below is written with. */
export function capabilityNames(name, { singular, schema, app }) {
  const one = singular ?? singularOf(name);
  return {
    app,
    schema,
    name, // build-tasks: folder, route, OpenAPI tag
    one, // build-task: file names
    Plural: pascal(name), // BuildTasks
    One: pascal(one), // BuildTask
    oneWords: one.replaceAll('-', ' '), // build task
    manyWords: name.replaceAll('-', ' '), // build tasks
    table: one.replaceAll('-', '_'), // build_task
  };
}

export function singularOf(name) {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  throw new Error(`"${name}" does not read as a plural: name the capability by what it keeps (build-tasks), or pass --singular`);
}

function pascal(kebab) {
  return kebab
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** Relative path -> content, for a capability `n` (from capabilityNames) and a migration timestamp. */
export function capabilityFiles(n, timestamp) {
  const migration = `Create${n.One}${timestamp}`;
  return {
    [`${n.name}.module.ts`]: `import { Module } from '@nestjs/common';
import { ${n.One}Repository } from './application/${n.one}.repository.js';
import { List${n.Plural}UseCase } from './application/list-${n.name}.use-case.js';
import { ${n.One}Controller } from './inbound/${n.one}.controller.js';
import { TypeOrm${n.One}Repository } from './outbound/typeorm-${n.one}.repository.js';

@Module({
  controllers: [${n.One}Controller],
  providers: [{ provide: ${n.One}Repository, useClass: TypeOrm${n.One}Repository }, List${n.Plural}UseCase],
})
export class ${n.Plural}Module {}
`,
    [`domain/${n.one}.ts`]: `/** One ${n.oneWords} as the ${n.app} service keeps it; its rules (states, what may change) grow here, framework-free. */
export interface ${n.One} {
  id: string;
  name: string;
  createdAt: Date;
}
`,
    [`application/${n.one}.repository.ts`]: `import type { ${n.One} } from '../domain/${n.one}.js';

/** Port: where ${n.manyWords} are kept. */
export abstract class ${n.One}Repository {
  abstract list(page: { limit: number; offset: number }): Promise<{ items: ${n.One}[]; total: number }>;
}
`,
    [`application/list-${n.name}.use-case.ts`]: `import { Inject, Injectable } from '@nestjs/common';
import type { Page, PageQuery } from '@appmanager/service-host';
import type { ${n.One} } from '../domain/${n.one}.js';
import { ${n.One}Repository } from './${n.one}.repository.js';

/** Newest first. */
@Injectable()
export class List${n.Plural}UseCase {
  constructor(@Inject(${n.One}Repository) private readonly repository: ${n.One}Repository) {}

  async execute(page: PageQuery): Promise<Page<${n.One}>> {
    const { items, total } = await this.repository.list(page);
    return { items, total, limit: page.limit, offset: page.offset };
  }
}
`,
    [`application/list-${n.name}.use-case.spec.ts`]: `import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ${n.One} } from '../domain/${n.one}.js';
import { ${n.One}Repository } from './${n.one}.repository.js';
import { List${n.Plural}UseCase } from './list-${n.name}.use-case.js';

class In${n.Plural}Memory extends ${n.One}Repository {
  constructor(private readonly rows: ${n.One}[]) {
    super();
  }

  async list(page: { limit: number; offset: number }): Promise<{ items: ${n.One}[]; total: number }> {
    return { items: this.rows.slice(page.offset, page.offset + page.limit), total: this.rows.length };
  }
}

const a${n.One} = (id: string): ${n.One} => ({ id, name: \`${n.one} \${id}\`, createdAt: new Date('2026-01-01T00:00:00Z') });

describe(List${n.Plural}UseCase.name, () => {
  it('answers the page asked for, with the total of all ${n.manyWords}', async () => {
    const list = new List${n.Plural}UseCase(new In${n.Plural}Memory(['1', '2', '3'].map(a${n.One})));
    const page = await list.execute({ limit: 2, offset: 1 });
    assert.deepEqual(page, { items: [a${n.One}('2'), a${n.One}('3')], total: 3, limit: 2, offset: 1 });
  });
});
`,
    [`inbound/${n.one}.view.ts`]: `import { ApiProperty } from '@nestjs/swagger';
import { PageViewOf } from '@appmanager/service-host';
import type { ${n.One} } from '../domain/${n.one}.js';

/** A ${n.oneWords} as the API shows it. */
export class ${n.One}View {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(row: ${n.One}): ${n.One}View {
    return Object.assign(new ${n.One}View(), { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() });
  }
}

export class ${n.One}PageView extends PageViewOf(${n.One}View) {}
`,
    [`inbound/${n.one}.controller.ts`]: `import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageQuery, type PageQuery, pageQuerySchema, pageViewOf, Permission, ZodValidationPipe } from '@appmanager/service-host';
import { List${n.Plural}UseCase } from '../application/list-${n.name}.use-case.js';
import { ${n.One}PageView, ${n.One}View } from './${n.one}.view.js';

@ApiTags('${n.name}')
@Controller('${n.name}')
export class ${n.One}Controller {
  constructor(@Inject(List${n.Plural}UseCase) private readonly list${n.Plural}: List${n.Plural}UseCase) {}

  // every route declares its permission (who holds it: libs/service-host/src/auth/roles.ts, and the matrix test's
  // permissionGrants in libs/testing); until a role is granted it, only admin may call the route
  @Get()
  @Permission('${n.name}:read')
  @ApiPageQuery()
  @ApiOkResponse({ type: ${n.One}PageView, description: 'newest first' })
  async list(@Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery): Promise<${n.One}PageView> {
    return pageViewOf(await this.list${n.Plural}.execute(page), (row) => ${n.One}View.of(row));
  }
}
`,
    [`outbound/${n.one}.entity.ts`]: `import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: '${n.table}' })
export class ${n.One}Entity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
`,
    [`outbound/typeorm-${n.one}.repository.ts`]: `import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import type { ${n.One}Repository } from '../application/${n.one}.repository.js';
import type { ${n.One} } from '../domain/${n.one}.js';
import { ${n.One}Entity } from './${n.one}.entity.js';

@Injectable()
export class TypeOrm${n.One}Repository implements ${n.One}Repository {
  private readonly rows: Repository<${n.One}Entity>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.rows = dataSource.getRepository(${n.One}Entity);
  }

  async list(page: { limit: number; offset: number }): Promise<{ items: ${n.One}[]; total: number }> {
    const [rows, total] = await this.rows.findAndCount({ order: { createdAt: 'DESC', id: 'ASC' }, take: page.limit, skip: page.offset });
    return { items: rows.map(toDomain), total };
  }
}

function toDomain(row: ${n.One}Entity): ${n.One} {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}
`,
    [`outbound/migrations/${timestamp}-create-${n.one}.migration.ts`]: `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${migration} implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(\`
      CREATE TABLE ${n.schema}.${n.table} (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )\`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE ${n.schema}.${n.table}');
  }
}
`,
    [`${n.name}.int-spec.ts`]: `import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  adminRequest as request,
  createTestDatabase,
  freePort,
  startNatsServer,
  testAuthEnv,
  type PrivateNatsServer,
  type TestDatabase,
} from '@appmanager/testing';
import { startService, type RunningService, type ServiceDefinition } from '@appmanager/service-host';
import { DataSource } from 'typeorm';
import { ${n.Plural}Module } from './${n.name}.module.js';
import { ${n.One}Entity } from './outbound/${n.one}.entity.js';
import { ${migration} } from './outbound/migrations/${timestamp}-create-${n.one}.migration.js';

// this capability alone, hosted the way its service hosts it: real Postgres, NATS and HTTP
const ${n.Plural.charAt(0).toLowerCase() + n.Plural.slice(1)}Only: ServiceDefinition = {
  name: '${n.app}-${n.name}',
  rootModule: ${n.Plural}Module,
  defaultHttpPort: 0,
  persistence: { schema: '${n.schema}', entities: [${n.One}Entity], migrations: [${migration}] },
};

describe('${n.app}: ${n.manyWords}', () => {
  let nats: PrivateNatsServer;
  let database: TestDatabase;
  let service: RunningService;

  before(async () => {
    [nats, database] = await Promise.all([startNatsServer(), createTestDatabase('${n.table}')]);
    service = await startService(${n.Plural.charAt(0).toLowerCase() + n.Plural.slice(1)}Only, {
      env: {
        ...testAuthEnv(),
        NATS_URL: nats.url,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
    });
  });

  after(async () => {
    await service?.close();
    await nats?.stop();
    await database?.drop();
  });

  it('shows the rows of its ${n.table} table, newest first, mapped to the API', async () => {
    await service.app.get(DataSource).query(
      \`INSERT INTO ${n.schema}.${n.table} (id, name, created_at) VALUES ('6f1c1b1e-0000-4000-8000-000000000001', 'older', now() - interval '1 minute'), ('6f1c1b1e-0000-4000-8000-000000000002', 'newer', now())\`,
    );
    const listed = await request(service.url).get('/v1/${n.name}?limit=1').expect(200);
    assert.equal(listed.body.total, 2);
    assert.deepEqual(listed.body.items.map((item: { name: string }) => item.name), ['newer']);
  });

  it('refuses a bad page with 422 naming the parameter', async () => {
    const refused = await request(service.url).get('/v1/${n.name}?offset=-1').expect(422);
    assert.match(refused.body.message, /^offset: /);
  });
});
`,
  };
}
