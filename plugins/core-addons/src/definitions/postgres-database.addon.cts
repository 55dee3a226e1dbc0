import type { AddonCheckExpiredInput, AddonInput, AddonPlugin, AddonReleaseInput, PluginHost } from '@appmanager/plugin-sdk';

/** `orders-db-3f2a9c1d` → `orders_db_3f2a9c1d`: one name for the database and its role. */
function identifierOf(input: AddonInput): string {
  return input.instance.name.replace(/-/g, '_').slice(0, 63);
}

const postgresDatabase: AddonPlugin = {
  async apply(input: AddonInput, host: PluginHost) {
    const pg = host.postgres;
    if (!pg) throw new Error('the postgres capability is not granted');
    const name = identifierOf(input);
    const password = input.secrets['password'];
    if (!password) throw new Error('the host generated no password');
    await pg.ensureRole({ role: name, password });
    await pg.ensureDatabase({ database: name, owner: name });
    const { host: server, port } = await pg.server();
    return {
      outputs: {
        host: server,
        port,
        database: name,
        username: name,
        password,
        uri: `postgresql://${name}:${encodeURIComponent(password)}@${server}:${port}/${name}`,
      },
      signature: `${name}@${server}:${port}`,
    };
  },
  /** Expired when the database or its role is gone (dropped behind the platform's back): the service applies it again. */
  async checkExpired(input: AddonCheckExpiredInput, host: PluginHost) {
    const pg = host.postgres;
    if (!pg) throw new Error('the postgres capability is not granted');
    const name = identifierOf(input);
    const found = await pg.exists({ database: name, role: name });
    return !found.database || !found.role;
  },
  async release(input: AddonReleaseInput, host: PluginHost) {
    const pg = host.postgres;
    if (!pg) throw new Error('the postgres capability is not granted');
    const name = identifierOf(input);
    await pg.dropDatabase({ database: name });
    await pg.dropRole({ role: name });
    return { released: true };
  },
};

module.exports = postgresDatabase;
