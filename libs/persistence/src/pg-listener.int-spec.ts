import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@appmanager/testing';
import type { DataSource } from 'typeorm';
import { createDataSource, initialiseDataSource, PgListener } from './index.js';

/** Resolves on the next notification; the listener's callback is swapped per wait. */
function nextNotification(slot: { onNotify: () => void }, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no notification')), timeoutMs);
    slot.onNotify = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

describe(PgListener.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  before(async () => {
    database = await createTestDatabase('pg_listener');
    dataSource = createDataSource({ url: database.url, schema: 'listener', entities: [], migrations: [] });
    await initialiseDataSource(dataSource);
  });
  after(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('wakes on a NOTIFY, and again after its connection was killed, without a restart', async () => {
    const slot = { onNotify: (): void => undefined };
    const warnings: string[] = [];
    const listener = new PgListener(dataSource, {
      channel: 'Listener_Test',
      onNotify: () => slot.onNotify(),
      logger: { warn: (_fields, message) => warnings.push(message) },
      subject: 'test rows',
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    await listener.start();
    try {
      let woken = nextNotification(slot);
      await dataSource.query(`NOTIFY "Listener_Test"`);
      await woken;

      // the reconnect itself wakes the caller once: rows committed in the gap were not announced
      woken = nextNotification(slot);
      await dataSource.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN "Listener_Test"%' AND pid <> pg_backend_pid()`,
      );
      await woken;
      assert.match(warnings.join('\n'), /LISTEN connection for test rows failed/);

      woken = nextNotification(slot);
      await dataSource.query(`NOTIFY "Listener_Test"`);
      await woken;
    } finally {
      await listener.stop();
    }
  });

  it('keeps trying in the background when the first LISTEN fails, and stops at once when asked', async () => {
    const warnings: string[] = [];
    const broken = { driver: { obtainMasterConnection: () => Promise.reject(new Error('connection refused')) } } as unknown as DataSource;
    const listener = new PgListener(broken, {
      channel: 'nowhere',
      onNotify: () => assert.fail('nothing to hear'),
      logger: { warn: (_fields, message) => warnings.push(message) },
      subject: 'test rows',
      reconnect: { initialDelayMs: 60_000 },
    });
    await listener.start();
    assert.deepEqual(warnings, ['cannot LISTEN for test rows; polling only']);
    const stopped = Date.now();
    await listener.stop();
    assert.ok(Date.now() - stopped < 1_000, 'stop waited for the reconnect delay');
  });
});
