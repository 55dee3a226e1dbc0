import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@appmanager/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, initialiseDataSource, schemaReady } from './index.js';

// no IF NOT EXISTS on purpose: a second run of this migration would fail loudly
class CreateWidget1764000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widget (id text PRIMARY KEY)');
    // widens the race window, so concurrent replicas would overlap without the lock
    await runner.query('SELECT pg_sleep(0.2)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widget');
  }
}

class CreateGadget1764000000001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE gadget (id text PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gadget');
  }
}

describe('createDataSource + initialiseDataSource', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('persistence');
  });
  after(async () => {
    await database?.drop();
  });

  it('runs each migration once when three replicas initialise at the same moment', async () => {
    const replicas = [1, 2, 3].map(() =>
      createDataSource({ url: database.url, schema: 'alpha', entities: [], migrations: [CreateWidget1764000000000] }),
    );
    try {
      await Promise.all(replicas.map((replica) => initialiseDataSource(replica)));
      const rows = (await replicas[0]!.query('SELECT name FROM alpha.migrations')) as { name: string }[];
      assert.deepEqual(
        rows.map((row) => row.name),
        ['CreateWidget1764000000000'],
      );
      for (const replica of replicas) assert.deepEqual(await schemaReady(replica), { ready: true });
    } finally {
      await Promise.all(replicas.map((replica) => replica.destroy()));
    }
  });

  it('keeps two services in schemas that do not see each other', async () => {
    const alpha = createDataSource({ url: database.url, schema: 'alpha', entities: [], migrations: [CreateWidget1764000000000] });
    const beta = createDataSource({ url: database.url, schema: 'beta', entities: [], migrations: [CreateGadget1764000000001] });
    try {
      await Promise.all([initialiseDataSource(alpha), initialiseDataSource(beta)]);
      const [fromBeta] = (await beta.query(`SELECT to_regclass('widget') AS widget, to_regclass('gadget') AS gadget`)) as {
        widget: string | null;
        gadget: string | null;
      }[];
      assert.equal(fromBeta?.widget, null);
      assert.equal(fromBeta?.gadget, 'gadget');
      const betaMigrations = (await beta.query('SELECT name FROM migrations')) as { name: string }[];
      assert.deepEqual(
        betaMigrations.map((row) => row.name),
        ['CreateGadget1764000000001'],
      );
      const [inPublic] = (await beta.query(`SELECT to_regclass('public.widget') AS widget`)) as { widget: string | null }[];
      assert.equal(inPublic?.widget, null);
    } finally {
      await Promise.all([alpha.destroy(), beta.destroy()]);
    }
  });

  it('reports a schema with a pending migration as not ready, naming it', async () => {
    const migrated = createDataSource({ url: database.url, schema: 'gamma', entities: [], migrations: [CreateGadget1764000000001] });
    await initialiseDataSource(migrated);
    await migrated.destroy();
    const newer = createDataSource({
      url: database.url,
      schema: 'gamma',
      entities: [],
      migrations: [CreateGadget1764000000001, CreateWidget1764000000000],
    });
    await newer.initialize();
    try {
      assert.deepEqual(await schemaReady(newer), { ready: false, reason: 'pending migrations in gamma: CreateWidget1764000000000' });
    } finally {
      await newer.destroy();
    }
  });

  it('reports a data source that never connected as not ready', async () => {
    const idle = createDataSource({ url: database.url, schema: 'delta', entities: [], migrations: [] });
    assert.deepEqual(await schemaReady(idle), { ready: false, reason: 'data source is not connected' });
  });

  it('refuses a schema name that could break out of its quotes', () => {
    assert.throws(
      () => createDataSource({ url: database.url, schema: 'x"; DROP', entities: [], migrations: [] }),
      /schema "x"; DROP" must be lower-case/,
    );
  });
});
