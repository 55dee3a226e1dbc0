import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, adminFetch } from '@appmanager/testing';
import { kubeGet, startAddonTestBed, type AddonTestBed } from './testing/addon-test-bed.js';

type ConfigMap = { metadata: { name: string; labels: Record<string, string> }; data: Record<string, string> };

/**
 * AppManager's internal add-ons as deploy hands them over once it resolved them from the app package: the
 * package's workload, with `options` (option.json), `content` (content.json) and `appId` beside it.
 */
const internalAddon = (type: string, files: { options?: unknown; content?: unknown }) => ({
  revisionName: `INTERNAL_ADDON|${type}|1.1.2`,
  properties: {
    apiVersion: 'apps.abm.io/v1',
    kind: `${type}Config`,
    metadata: { name: type },
    spec: { appId: 'search' },
    appId: 'search',
    ...files,
  },
});

const searchWithInternalAddons = {
  apiVersion: 'core.oam.dev/v1alpha2',
  kind: 'ApplicationConfiguration',
  metadata: { name: 'search', annotations: { appId: 'search', clusterId: 'eu-1', namespaceId: 'shop', stageId: 'dev' } },
  spec: {
    components: [
      internalAddon('appmeta', { options: { logoImg: '/static/icons/search.png', layout: { header: { type: 'brief' } } } }),
      internalAddon('developmentmeta', { options: { repo: 'https://git.example/search.git' } }),
      internalAddon('productopsv2', { content: { nodes: [{ nodeTypePath: 'search|app|T:' }] } }),
    ],
  },
};

describe("AppManager's internal add-ons end to end: deploy, the add-on service and cluster-sim", () => {
  let bed: AddonTestBed;

  before(async () => {
    bed = await startAddonTestBed();
  });

  after(async () => {
    // ADDON_E2E_LOG_DIR=<dir> keeps every process's output for a failure's post-mortem
    const dir = process.env['ADDON_E2E_LOG_DIR'];
    if (dir && bed) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${dir}/internal-deploy.log`, bed.deploy.output());
      bed.addons.forEach((addon, i) => writeFileSync(`${dir}/internal-addon-${i}.log`, addon.output()));
    }
    await bed?.close();
  });

  const configMap = (name: string) => kubeGet<ConfigMap>(bed.sim, `/api/v1/namespaces/shop/configmaps/${name}`);

  it('keeps each one as a ConfigMap labelled for the app in its namespace, and deletes them with the app', async () => {
    const launched = await adminFetch(`${bed.deploy.url}/v1/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId: 'search', configuration: searchWithInternalAddons }),
    });
    assert.equal(launched.status, 202, await launched.clone().text());
    const { id } = (await launched.json()) as { id: string };
    let last = '';
    await eventually(async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const deployment = (await (await adminFetch(`${bed.deploy.url}/v1/deployments/${id}`)).json()) as { state: string; reason?: string };
      if (['FAILURE', 'WAIT_FOR_OP'].includes(deployment.state)) throw new Error(`deployment ${deployment.state}: ${deployment.reason}`);
      last = JSON.stringify(deployment);
      return deployment.state === 'SUCCESS' ? true : undefined;
    }, 90_000).catch((error: Error) => {
      throw new Error(`${error.message}; the deployment: ${last}`);
    });

    const appmeta = await configMap('internal-addon-search-appmeta');
    const present = await kubeGet<{ items: ConfigMap[] }>(bed.sim, '/api/v1/namespaces/shop/configmaps');
    assert.ok(appmeta, `ConfigMaps in shop: ${present?.items.map((c) => c.metadata.name).join(', ')}`);
    assert.deepEqual(
      [appmeta?.metadata.labels['app.kubernetes.io/part-of'], appmeta?.metadata.labels['appmanager.io/internal-addon']],
      ['search', 'appmeta'],
    );
    assert.equal(JSON.parse(appmeta?.data['option.json'] ?? '{}').logoImg, '/static/icons/search.png');
    assert.equal(JSON.parse(appmeta?.data['workload.json'] ?? '{}').kind, 'appmetaConfig');
    const development = await configMap('internal-addon-search-developmentmeta');
    assert.equal(JSON.parse(development?.data['option.json'] ?? '{}').repo, 'https://git.example/search.git');
    const productops = await configMap('internal-addon-search-productopsv2');
    assert.equal(productops?.metadata.labels['appmanager.io/internal-addon'], 'productopsv2');
    assert.deepEqual(JSON.parse(productops?.data['content.json'] ?? '{}'), { nodes: [{ nodeTypePath: 'search|app|T:' }] });

    const removed = await adminFetch(`${bed.deploy.url}/v1/applications/search/instances/dev`, { method: 'DELETE' });
    assert.equal(removed.status, 202);
    await eventually(async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const left = await Promise.all(['appmeta', 'developmentmeta', 'productopsv2'].map((t) => configMap(`internal-addon-search-${t}`)));
      return left.every((c) => c === null) ? true : undefined;
    }, 60_000);
  });
});
