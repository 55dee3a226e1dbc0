import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { createTestDatabase, nextMessage, startNatsServer, type PrivateNatsServer, type TestDatabase } from './index.js';

describe('test harness', () => {
  let nats: PrivateNatsServer;
  let nc: NatsConnection;
  let first: TestDatabase;
  let second: TestDatabase;

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    [first, second] = await Promise.all([createTestDatabase('harness'), createTestDatabase('harness')]);
  });

  after(async () => {
    await nc?.close();
    await nats?.stop();
    await first?.drop();
    await second?.drop();
  });

  it('starts a private nats-server with JetStream on a port of its own', async () => {
    assert.notEqual(nats.port, 4222);
    const info = await nc.request('$JS.API.INFO');
    assert.equal(info.json<{ type: string }>().type, 'io.nats.jetstream.api.v1.account_info_response');
  });

  it('hands the next message on a subject to the test, parsed', async () => {
    const received = nextMessage<{ n: number }>(nc, 'harness.evt.>');
    nc.publish('harness.evt.ping', JSON.stringify({ n: 7 }));
    assert.deepEqual((await received).body, { n: 7 });
  });

  it('gives every suite a database of its own that others cannot see', async () => {
    assert.notEqual(first.database, second.database);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE only_here (id int)');
    await client.end();
    const other = new pg.Client({ connectionString: second.url });
    await other.connect();
    const { rows } = await other.query(`SELECT to_regclass('only_here') AS found`);
    await other.end();
    assert.equal(rows[0].found, null);
  });
});
