import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually, adminFetch } from '@appmanager/testing';
import { kubeGet, startAddonTestBed, type AddonTestBed } from './testing/addon-test-bed.js';

interface Deployment {
  state: string;
  reason?: string | null;
}
interface Instance {
  attributes: Record<string, unknown>;
  state: string;
  reason?: string;
  outputs: Record<string, unknown>;
}
interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** An application whose backend mounts what a `terraform` add-on's module outputs (the Secret tf-controller writes). */
function appWithTerraform(appId: string, path: string): Record<string, unknown> {
  return {
    apiVersion: 'appmanager.io/v1',
    kind: 'Application',
    metadata: { name: appId },
    spec: {
      target: { cluster: 'eu-1', namespace: 'shop', stage: 'dev' },
      components: [
        {
          name: 'infra',
          type: 'terraform',
          addon: true,
          properties: {
            app: appId,
            path,
            git: { repo: 'https://git.example.com/infra/modules.git', branch: 'main' },
            vars: [
              { name: 'region', value: 'eu-west-1' },
              { name: 'bucket', value: `${appId}-assets` },
            ],
          },
          outputs: [{ name: 'infra.secret', from: '{{ secretName }}' }],
        },
        {
          name: 'backend',
          type: 'microservice',
          properties: { image: 'shop/backend:1.0', secretEnv: { ASSETS_BUCKET: { secret: 'set-by-input', key: 'bucket' } } },
          inputs: [{ from: 'infra.secret', to: ['properties.secretEnv.ASSETS_BUCKET.secret'] }],
        },
      ],
    },
  };
}

describe('the terraform add-on end to end: deploy, the add-on service and cluster-sim playing tf-controller', () => {
  let bed: AddonTestBed;
  const run = randomUUID().slice(0, 6);

  before(async () => {
    // nothing made namespace shop: the add-on's kube capability makes it, as deploy does
    bed = await startAddonTestBed();
  });
  after(async () => {
    await bed?.close();
  });

  const deploy = async (appId: string, configuration: unknown): Promise<Deployment> => {
    const response = await adminFetch(`${bed.deploy.url}/v1/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId, configuration }),
    });
    const launched = (await response.json()) as { id: string };
    assert.equal(response.status, 202, JSON.stringify(launched));
    return eventually(async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const body = (await (await adminFetch(`${bed.deploy.url}/v1/deployments/${launched.id}`)).json()) as Deployment;
      return ['SUCCESS', 'FAILURE', 'WAIT_FOR_OP'].includes(body.state) ? body : undefined;
    }, 90_000);
  };
  const instanceOf = async (appId: string): Promise<Instance | undefined> => {
    const list = (await (await adminFetch(`${bed.addons[0]!.url}/v1/addon-instances?addonType=terraform`)).json()) as { items: Instance[] };
    return list.items.find((i) => i.attributes['app'] === appId);
  };

  it('deploys an application with a terraform add-on: the Terraform CR, its outputs Secret, the backend mounting it', async () => {
    const appId = `tf-ok-${run}`;
    const deployment = await deploy(appId, appWithTerraform(appId, './modules/bucket'));
    assert.equal(deployment.state, 'SUCCESS', deployment.reason ?? '');

    const instance = await instanceOf(appId);
    assert.equal(instance?.state, 'READY');
    const secretName = String(instance?.outputs['secretName']);
    const name = String(instance?.outputs['terraform']);
    const tf = await kubeGet<{ spec: { path: string; vars: unknown }; status: { conditions: Condition[] } }>(
      bed.sim,
      `/apis/infra.contrib.fluxcd.io/v1alpha2/namespaces/shop/terraforms/${name}`,
    );
    assert.equal(tf?.spec.path, './modules/bucket');
    assert.deepEqual(
      tf?.status.conditions.map((c) => [c.type, c.status, c.reason]),
      [['Ready', 'True', 'TerraformOutputsWritten']],
    );
    const secret = await kubeGet<{ data: Record<string, string> }>(bed.sim, `/api/v1/namespaces/shop/secrets/${secretName}`);
    assert.equal(Buffer.from(secret?.data['bucket'] ?? '', 'base64').toString(), `${appId}-assets`);
    assert.deepEqual(Object.keys(secret?.data ?? {}).sort(), ['bucket', 'id', 'region']);

    const backend = await kubeGet<{ spec: { template: { spec: { containers: Array<{ env?: unknown[] }> } } } }>(
      bed.sim,
      `/apis/apps/v1/namespaces/shop/deployments/dev-${appId}-backend`,
    );
    assert.deepEqual(backend?.spec.template.spec.containers[0]?.env, [
      { name: 'ASSETS_BUCKET', valueFrom: { secretKeyRef: { key: 'bucket', name: secretName } } },
    ]);
  });

  it("fails a terraform add-on whose module the controller cannot plan, with the controller's message", async () => {
    const appId = `tf-broken-${run}`;
    const deployment = await deploy(appId, appWithTerraform(appId, './modules/broken-network'));
    assert.notEqual(deployment.state, 'SUCCESS');
    assert.match(deployment.reason ?? '', /PlanFailed: terraform plan failed for \.\/modules\/broken-network/);
    const instance = await instanceOf(appId);
    assert.equal(instance?.state, 'FAILURE');
    assert.match(instance?.reason ?? '', /terraform plan failed/);
  });
});
