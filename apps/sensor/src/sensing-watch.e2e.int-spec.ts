import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventually, adminFetch } from '@appmanager/testing';
import { shopApplication } from './testing/shop-application.js';
import { startSensingTestBed, type SensingTestBed } from './testing/sensing-test-bed.js';

describe('watch mode: a cluster followed by informers instead of polls', () => {
  let bed: SensingTestBed;
  let client: NatsConnection;
  const events: { subject: string; data: Record<string, unknown>; at: number }[] = [];

  before(async () => {
    bed = await startSensingTestBed({ clusters: ['w-1'], unit: 'eu', pollers: ['p1'], watch: ['w-1'] });
    client = await connect({ servers: bed.nats.url });
    client.subscribe('state.evt.>', {
      callback: (_e, msg) =>
        void events.push({ subject: msg.subject, data: msg.json<{ data: Record<string, unknown> }>().data, at: Date.now() }),
    });
  });

  after(async () => {
    await client?.close();
    await bed?.close();
  });

  const api = async <T>(path: string): Promise<T> => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return (await (await adminFetch(`${bed.api.url}${path}`)).json()) as T;
  };

  it('follows the cluster by watch, senses the app RUNNING, and sees a change well inside a poll interval', async () => {
    const launched = await adminFetch(`${bed.deploy.url}/v1/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId: 'shop', configuration: shopApplication('w-1') }),
    });
    assert.equal(launched.status, 202, await launched.text());
    await eventually(async () => {
      const page = await api<{ items: { status: string }[] }>('/v1/app-instances?appId=shop');
      return page.items[0]?.status === 'RUNNING' ? true : undefined;
    }, 60_000);
    const state = await api<{ mode: string; owner: string; watch?: { kinds: string[] } }>('/v1/clusters/w-1/sensing');
    assert.equal(state.mode, 'watch');
    assert.equal(state.owner, 'p1');
    assert.deepEqual(state.watch?.kinds.sort(), ['apps/v1 Deployment', 'v1 ConfigMap']);

    const editedAt = Date.now();
    await bed.kubectl('w-1', ['patch', 'configmap', 'shop-settings', '-n', 'shop', '--type=merge', '-p', '{"data":{"mode":"edited"}}']);
    const drifted = await eventually(
      async () => events.find((e) => e.at >= editedAt && e.data['component'] === 'k8s-objects|settings' && e.data['status'] === 'DRIFTED'),
      10_000,
    );
    // a polled cluster that just changed is looked at every 5 s; an informer hears it at once
    assert.ok(drifted.at - editedAt < 3000, `DRIFTED after ${drifted.at - editedAt} ms`);
    const rolled = async () => {
      const list = JSON.parse(await bed.kubectl('w-1', ['get', 'deployments', '-n', 'shop', '-o', 'json'])) as {
        items: { spec: { template: { metadata?: { annotations?: Record<string, string> } } } }[];
      };
      return list.items[0]?.spec.template.metadata?.annotations?.['appmanager.io/config-hash'];
    };
    const before = await rolled();
    await bed.kubectl('w-1', ['patch', 'configmap', 'shop-settings', '-n', 'shop', '--type=merge', '-p', '{"data":{"mode":"again"}}']);
    await eventually(async () => {
      const now = await rolled();
      return now !== before ? now : undefined;
    }, 10_000);
  });
});
