import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newCloudEvent, pluginDisabledEvent, pluginEnabledEvent, pluginInstalledEvent } from '@appmanager/contracts';
import type { DefinitionKind } from '@appmanager/plugin-sdk';
import { startNatsServer, type PrivateNatsServer } from '@appmanager/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { DefinitionSource, ResolvedDefinitionDto } from './definition.source.js';
import { PluginCatalog, type CatalogChange } from './plugin-catalog.js';

/** Stands in for the registry's resolve endpoint (its own tests cover it): answers with `current`. */
class SwitchableSource implements DefinitionSource {
  current = '1.0.0';
  async resolve(kind: DefinitionKind, type: string): Promise<ResolvedDefinitionDto> {
    return {
      name: 'core-traits.appmanager.io',
      version: this.current,
      checksum: `sha256:${'1'.repeat(64)}`,
      script: 'exports.apply = () => ({});',
      definition: { kind, type, script: 'dist/x.cjs', propertiesSchema: { type: 'object' }, capabilities: {}, installRoles: ['sre'] },
    };
  }
}

describe(`${PluginCatalog.name} hot reload over NATS`, () => {
  let nats: PrivateNatsServer;
  let publisher: NatsConnection;
  let listener: NatsConnection;

  before(async () => {
    nats = await startNatsServer();
    [publisher, listener] = await Promise.all([connect({ servers: nats.url }), connect({ servers: nats.url })]);
  });

  after(async () => {
    await Promise.all([publisher?.close(), listener?.close()]);
    await nats?.stop();
  });

  /** Publishes an event as the registry does (structured CloudEvent) and waits for the catalog to react. */
  async function announce(catalog: PluginCatalog, subject: string, data: object): Promise<CatalogChange> {
    const seen = new Promise<CatalogChange>((resolve) => catalog.onChange(resolve));
    publisher.publish(subject, JSON.stringify(newCloudEvent(subject, data, { source: 'plugin-registry' })));
    return seen;
  }

  it('drops cached answers when a version of the type is installed, disabled or enabled', async () => {
    const source = new SwitchableSource();
    const catalog = new PluginCatalog(source, listener);
    catalog.start();
    await listener.flush();
    assert.equal((await catalog.resolve('Trait', 'scaler', '^1')).version, '1.0.0');
    await catalog.resolve('Trait', 'ingress', '^1');

    source.current = '1.1.0';
    const installed = await announce(catalog, pluginInstalledEvent.subject, {
      name: 'core-traits.appmanager.io',
      version: '1.1.0',
      checksum: `sha256:${'2'.repeat(64)}`,
      definitions: [{ kind: 'Trait', type: 'scaler' }],
    });
    assert.deepEqual(installed, { reason: 'installed', name: 'core-traits.appmanager.io', version: '1.1.0' });
    assert.equal((await catalog.resolve('Trait', 'scaler', '^1')).version, '1.1.0');
    assert.equal(catalog.size, 2, 'ingress, which 1.1.0 does not define, stays cached');

    source.current = '1.0.0';
    await announce(catalog, pluginDisabledEvent.subject, { name: 'core-traits.appmanager.io', version: '1.1.0' });
    assert.equal((await catalog.resolve('Trait', 'scaler', '^1')).version, '1.0.0');

    source.current = '1.1.0';
    await announce(catalog, pluginEnabledEvent.subject, { name: 'core-traits.appmanager.io', version: '1.1.0' });
    assert.equal(catalog.size, 0);
    assert.equal((await catalog.resolve('Trait', 'scaler', '^1')).version, '1.1.0');
    await catalog.stop();
  });

  it('drops a cached answer asked for by an alias when a version declaring that alias is installed', async () => {
    const source = new SwitchableSource();
    const catalog = new PluginCatalog(source, listener);
    catalog.start();
    await listener.flush();
    assert.equal((await catalog.resolve('Trait', 'gateway.trait.abm.io')).version, '1.0.0');
    source.current = '1.1.0';
    await announce(catalog, pluginInstalledEvent.subject, {
      name: 'core-traits.appmanager.io',
      version: '1.1.0',
      checksum: `sha256:${'3'.repeat(64)}`,
      definitions: [{ kind: 'Trait', type: 'gateway', aliases: ['gateway.trait.abm.io'] }],
    });
    assert.equal((await catalog.resolve('Trait', 'gateway.trait.abm.io')).version, '1.1.0');
    await catalog.stop();
  });

  it('ignores messages that do not match the contract', async () => {
    const catalog = new PluginCatalog(new SwitchableSource(), listener);
    catalog.start();
    await listener.flush();
    await catalog.resolve('Trait', 'scaler');
    publisher.publish(pluginDisabledEvent.subject, 'not json');
    publisher.publish(pluginDisabledEvent.subject, JSON.stringify({ data: { name: 42 } }));
    await publisher.flush();
    await listener.flush();
    assert.equal(catalog.size, 1);
    await catalog.stop();
  });
});
