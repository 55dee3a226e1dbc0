import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { isPluginError } from '@appmanager/plugin-runtime';
import { PluginPackageError } from '../errors.js';
import { packPlugin } from '../pack/pack-plugin.js';
import { unpackPlugin } from '../pack/unpack-plugin.js';
import { aDefinition, aManifest, aPluginDir } from '../testing/package-builders.js';
import { dryRunDefinition } from './dry-run-definition.js';

const SCRIPT = `
exports.render = function (input) {
  return { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: input.component.name }, data: { image: input.properties.image } }] };
};
exports.apply = async function (input, host) {
  for (const r of input.resources) await host.kube.apply(r);
  await host.log.info('applied', { count: input.resources.length });
  return { applied: input.resources.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, name: r.metadata.name })) };
};`;

describe(dryRunDefinition.name, () => {
  let dir = '';
  after(() => rm(dir, { recursive: true, force: true }));

  async function aPackage() {
    dir =
      dir ||
      (await aPluginDir(aManifest({ definitions: [aDefinition({ capabilities: { kube: true, log: true } })] }), {
        'dist/microservice.js': SCRIPT,
      }));
    return unpackPlugin((await packPlugin(dir)).archive);
  }

  it('runs a definition in the sandbox and shows what it would have applied and logged', async () => {
    const plugin = await aPackage();
    const resources = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, data: {} }];
    const result = await dryRunDefinition(plugin, {
      kind: 'Component',
      type: 'microservice',
      fn: 'apply',
      input: { component: { type: 'microservice', name: 'web' }, properties: { image: 'nginx' }, resources },
      context: { target: { cluster: 'c1', namespace: 'team-a' } },
    });
    assert.deepEqual(result.value, { applied: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'web' }] });
    assert.equal(result.cluster[0]?.metadata.namespace, 'team-a');
    assert.deepEqual(
      result.logs.map((l) => [l.message, l.fields]),
      [['applied', { count: 1 }]],
    );
  });

  it('checks properties against the definition schema before calling the plug-in', async () => {
    const plugin = await aPackage();
    await assert.rejects(
      dryRunDefinition(plugin, {
        kind: 'Component',
        type: 'microservice',
        fn: 'render',
        input: { component: { type: 'microservice', name: 'web' }, properties: {} },
      }),
      (error: unknown) => isPluginError(error, 'PLUGIN_BAD_INPUT') && /image/.test((error as Error).message),
    );
  });

  it('names a definition the package does not have', async () => {
    const plugin = await aPackage();
    await assert.rejects(
      dryRunDefinition(plugin, { kind: 'Trait', type: 'scaler', fn: 'apply', input: {} }),
      (error: unknown) => error instanceof PluginPackageError && /has no Trait "scaler"/.test(error.message),
    );
  });
});
