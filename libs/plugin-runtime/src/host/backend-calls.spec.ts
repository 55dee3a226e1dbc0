import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aContext } from '../corpus/corpus-fixtures.js';
import { DEFAULT_CALL_LIMITS } from '../limits/sandbox-limits.js';
import type { PostgresCapability } from './capability-ports.js';
import { HostCallDispatcher } from './host-call-dispatcher.js';

class RecordingPostgres implements PostgresCapability {
  readonly seen: unknown[] = [];
  async ensureDatabase(request: { database: string; owner: string }) {
    this.seen.push(request);
    return { created: true };
  }
  async ensureRole(request: { role: string; password: string }) {
    this.seen.push({ role: request.role });
    return { created: true };
  }
  async dropDatabase(request: { database: string }) {
    this.seen.push(request);
    return { dropped: true };
  }
  async dropRole(request: { role: string }) {
    this.seen.push(request);
    return { dropped: true };
  }
  async exists(request: { database: string; role: string }) {
    this.seen.push(request);
    return { database: true, role: true };
  }
  async server() {
    return { host: '127.0.0.1', port: 5432 };
  }
}

const subject = { plugin: 'a@1.0.0', fn: 'apply', context: aContext(), httpAllow: [], fieldManager: 'appmanager-plugin/a' };
const grants: Array<[string, string[]]> = [
  ['postgres', ['ensureDatabase', 'ensureRole']],
  ['config', ['get']],
];

describe('add-on back-end capabilities', () => {
  it('hands the Postgres port only identifiers, so a plug-in names a database but cannot inject SQL', async () => {
    const postgres = new RecordingPostgres();
    const dispatcher = new HostCallDispatcher(grants, { postgres }, subject, DEFAULT_CALL_LIMITS);
    const ok = await dispatcher.handle('postgres', 'ensureDatabase', JSON.stringify([{ database: 'orders_db', owner: 'orders' }]));
    assert.equal(ok.ok, true);
    const refused = await dispatcher.handle(
      'postgres',
      'ensureDatabase',
      JSON.stringify([{ database: 'x"; DROP ROLE postgres; --', owner: 'o' }]),
    );
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.message, /database must be an identifier/);
    assert.deepEqual(postgres.seen, [{ database: 'orders_db', owner: 'orders' }]);
  });

  it('refuses a back-end method the definition was not granted', async () => {
    const dispatcher = new HostCallDispatcher(grants, { postgres: new RecordingPostgres() }, subject, DEFAULT_CALL_LIMITS);
    const refused = await dispatcher.handle('postgres', 'dropDatabase', JSON.stringify([{ database: 'orders_db' }]));
    assert.deepEqual(refused, { ok: false, code: 'DENIED', message: 'capability postgres.dropDatabase is not granted' });
  });

  it('reads named configuration values and fails plainly when none is lent', async () => {
    const config = { get: async (name: string) => (name === 'DB_HOST' ? 'db.internal' : null) };
    const withConfig = new HostCallDispatcher(grants, { config }, subject, DEFAULT_CALL_LIMITS);
    assert.deepEqual(await withConfig.handle('config', 'get', JSON.stringify(['DB_HOST'])), { ok: true, json: '"db.internal"' });
    const without = await new HostCallDispatcher(grants, {}, subject, DEFAULT_CALL_LIMITS).handle('config', 'get', '["DB_HOST"]');
    assert.equal(without.ok, false);
  });
});
