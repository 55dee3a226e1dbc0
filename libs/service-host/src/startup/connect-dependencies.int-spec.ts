import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startNatsServer, type PrivateNatsServer } from '@appmanager/testing';
import { StartupError } from '../config/service-config.js';
import { connectNats, natsServerAndCredentials } from './connect-dependencies.js';

describe(connectNats.name, () => {
  let nats: PrivateNatsServer;

  before(async () => {
    nats = await startNatsServer({ users: { echo: { publish: { allow: ['$JS.API.INFO'] }, subscribe: { allow: ['_INBOX.>'] } } } });
  });

  after(async () => {
    await nats?.stop();
  });

  it('connects as the NATS user named in NATS_URL', async () => {
    const nc = await connectNats(nats.urlOf('echo'), 'echo');
    try {
      assert.equal(nc.info?.port, nats.port);
      await nc.request('$JS.API.INFO', undefined, { timeout: 2_000 });
    } finally {
      await nc.close();
    }
  });

  it('fails start-up naming NATS_URL with the password masked when the server refuses the user', async () => {
    const url = `nats://echo:not-the-password@127.0.0.1:${nats.port}`;
    await assert.rejects(connectNats(url, 'echo'), (error: unknown) => {
      assert.ok(error instanceof StartupError);
      assert.equal(error.message, `NATS_URL: cannot connect to nats://echo:***@127.0.0.1:${nats.port}: Authorization Violation`);
      return true;
    });
  });

  it('hands nats.js the server without the credentials, which it would not read from the URL', () => {
    assert.deepEqual(natsServerAndCredentials('nats://plugin-registry:p%40ss@nats:4222'), {
      servers: 'nats://nats:4222',
      user: 'plugin-registry',
      pass: 'p@ss',
    });
    assert.deepEqual(natsServerAndCredentials('nats://127.0.0.1:4222'), { servers: 'nats://127.0.0.1:4222' });
  });
});
