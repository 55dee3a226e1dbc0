import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PluginManifest } from '@appmanager/plugin-sdk';
import { ManifestError, parsePluginManifest } from './parse-manifest.js';

function aManifest(overrides: Partial<PluginManifest> = {}): PluginManifest {
  return {
    name: 'microservice.appmanager.io',
    version: '1.3.0',
    description: 'Deployments with a Service',
    definitions: [{
      kind: 'Component',
      type: 'microservice.component.appmanager.io/v1',
      propertiesSchema: { type: 'object', properties: { image: { type: 'string' } }, required: ['image'] },
      capabilities: { kube: true, outputs: true, log: true },
      installRoles: ['platform-admin'],
    }],
    ...overrides,
  };
}

describe(parsePluginManifest.name, () => {
  it('accepts a well-formed manifest', () => {
    assert.deepEqual(parsePluginManifest(aManifest()), aManifest());
  });

  it('names every problem: version, duplicate definitions, bad schemas, capabilities the kind may not have', () => {
    const policy = { kind: 'Policy' as const, type: 'topology', propertiesSchema: { type: 'nonsense' }, capabilities: { kube: true }, installRoles: ['sre'] };
    assert.throws(
      () => parsePluginManifest(aManifest({ version: 'one', definitions: [policy, policy] })),
      (error: unknown) => {
        assert.ok(error instanceof ManifestError);
        assert.equal(error.problems.length, 6, error.problems.join('\n'));
        assert.match(error.message, /not semver/);
        assert.match(error.message, /defined twice/);
        assert.match(error.message, /not a valid JSON Schema/);
        assert.match(error.message, /"kube", which Policy plug-ins cannot have/);
        return true;
      },
    );
  });

  it('refuses unknown fields and kinds', () => {
    assert.throws(() => parsePluginManifest({ ...aManifest(), scripts: 'x' }), ManifestError);
    assert.throws(() => parsePluginManifest(aManifest({ definitions: [{ ...aManifest().definitions[0]!, kind: 'Groovy' as never }] })), ManifestError);
  });
});
