import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { DefinitionNotFoundError } from './definition.source.js';
import { LocalBundleDefinitionSource } from './local-bundle.definition-source.js';

const PLUGINS_DIR = fileURLToPath(new URL('../../../plugins/', import.meta.url));

describe(LocalBundleDefinitionSource.name, () => {
  const source = new LocalBundleDefinitionSource(PLUGINS_DIR);

  it("resolves AppManager's type names through the aliases the built-in manifests declare", async () => {
    const resolved = await source.resolve('Component', 'K8S_MICROSERVICE');
    assert.deepEqual([resolved.name, resolved.definition.type], ['core-components.appmanager.io', 'microservice']);
    assert.match(resolved.script, /exports\.render/);
    assert.equal((await source.resolve('Component', 'ABM_HELM')).definition.type, 'helm');
    assert.equal((await source.resolve('Trait', 'gateway.trait.abm.io')).definition.type, 'gateway');
  });

  it('does not resolve an alias under another kind', async () => {
    await assert.rejects(source.resolve('Trait', 'K8S_MICROSERVICE'), DefinitionNotFoundError);
  });
});
