import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionKind } from '@appmanager/plugin-sdk';
import type { DefinitionSource, ResolvedDefinitionDto } from './definition.source.js';
import { PluginCatalog } from './plugin-catalog.js';

/** A registry in memory: versions per type, counting the questions it gets. */
class InMemorySource implements DefinitionSource {
  calls = 0;
  version = '1.0.0';

  async resolve(kind: DefinitionKind, type: string, _range: string): Promise<ResolvedDefinitionDto> {
    this.calls++;
    return {
      name: 'core.appmanager.io',
      version: this.version,
      checksum: `sha256:${'0'.repeat(64)}`,
      script: `exports.render = () => ({ resources: [] }); // ${this.version}`,
      definition: {
        kind,
        type,
        script: 'dist/x.cjs',
        propertiesSchema: { type: 'object' },
        capabilities: {},
        installRoles: ['admin'],
      },
    };
  }
}

describe(PluginCatalog.name, () => {
  it('answers repeated and concurrent questions from one registry call, as a loadable plug-in', async () => {
    const source = new InMemorySource();
    const catalog = new PluginCatalog(source);
    const [a, b] = await Promise.all([
      catalog.resolve('Component', 'microservice', '^1'),
      catalog.resolve('Component', 'microservice', '^1'),
    ]);
    await catalog.resolve('Component', 'microservice', '^1');
    assert.equal(source.calls, 1);
    assert.equal(a, b);
    assert.match(a.plugin.key, /^core\.appmanager\.io@1\.0\.0\/Component\/microservice#[0-9a-f]{16}$/);
  });

  it('does not keep a failed answer', async () => {
    let fail = true;
    const source: DefinitionSource = {
      resolve: async (kind, type, range) => {
        if (fail) throw new Error('registry down');
        return new InMemorySource().resolve(kind, type, range);
      },
    };
    const catalog = new PluginCatalog(source);
    await assert.rejects(catalog.resolve('Trait', 'scaler'), /registry down/);
    fail = false;
    assert.equal((await catalog.resolve('Trait', 'scaler')).version, '1.0.0');
  });
});
