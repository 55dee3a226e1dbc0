import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventually, adminFetch } from '@appmanager/testing';
import { ownerOf } from './fleet/domain/rendezvous.js';
import { shopApplication } from './testing/shop-application.js';
import { startSensingTestBed, type SensingTestBed } from './testing/sensing-test-bed.js';

const application = shopApplication('eu-1');

const CLUSTERS = Array.from({ length: 12 }, (_, i) => `eu-${i + 1}`);
const APP = 'shop';

interface StateEvent {
  subject: string;
  data: Record<string, unknown>;
}

describe('state sensing end to end (NATS, Postgres, cluster-sim, deploy, an api and three poller processes)', () => {
  let bed: SensingTestBed;
  let client: NatsConnection;
  const events: StateEvent[] = [];

  before(async () => {
    bed = await startSensingTestBed({ clusters: CLUSTERS, unit: 'eu', pollers: ['p1', 'p2', 'p3'], apis: 2 });
    client = await connect({ servers: bed.nats.url });
    client.subscribe('state.evt.>', {
      callback: (_e, msg) => void events.push({ subject: msg.subject, data: msg.json<{ data: Record<string, unknown> }>().data }),
    });
  });

  after(async () => {
    // SENSING_LOG_DIR=<dir> keeps every process's output for a failure's post-mortem
    const dir = process.env['SENSING_LOG_DIR'];
    if (dir && bed) {
      for (const [name, service] of [['deploy', bed.deploy], ['api', bed.api], ...bed.pollers] as const)
        writeFileSync(join(dir, `${name}.log`), service.output());
    }
    await client?.close();
    await bed?.close();
  });

  const api = async <T>(path: string): Promise<T> => (await (await adminFetch(`${bed.api.url}${path}`)).json()) as T;
  /** Asks the api at most four times a second, so its log stays readable. */
  const paced = async <T>(path: string): Promise<T> => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    return api<T>(path);
  };
  const appStatus = async () => (await paced<{ items: { status: string }[] }>(`/v1/app-instances?appId=${APP}`)).items[0]?.status;
  const webEvents = () => events.filter((e) => e.subject.includes('component-instance') && e.data['component'] === 'microservice|web');
  const fleetOwners = async () => {
    const fleet = await paced<{ units: { pollers: { pollerId: string; ownedClusters: number; livePollers: string[] }[] }[] }>('/v1/fleet');
    return fleet.units[0]?.pollers ?? [];
  };

  it('senses a deployed application RUNNING: the component instance, then its app instance', async () => {
    const launched = await adminFetch(`${bed.deploy.url}/v1/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId: APP, configuration: application }),
    });
    assert.equal(launched.status, 202, await launched.text());
    // AppManager's rule makes the app RUNNING once one component is, so wait for web's own RUNNING too
    const webRunning = () => webEvents().some((e) => e.data['status'] === 'RUNNING');
    await eventually(async () => ((await appStatus()) === 'RUNNING' && webRunning() ? true : undefined), 60_000).catch((error: Error) => {
      throw new Error(
        `${error.message}; state events: ${JSON.stringify(events.map((e) => [e.subject, e.data['component'], e.data['status'], e.data['message']]))}`,
      );
    });
    const running = webEvents().find((e) => e.data['status'] === 'RUNNING');
    assert.ok(running, 'a component-instance event says web is RUNNING');
    const appRunning = events.findIndex((e) => e.subject === 'state.evt.app-instance.changed.v1' && e.data['status'] === 'RUNNING');
    const firstComponentRunning = events.findIndex((e) => e.subject.includes('component-instance') && e.data['status'] === 'RUNNING');
    assert.ok(firstComponentRunning >= 0 && firstComponentRunning < appRunning, 'a component event comes before the app event it caused');
    const detail = await api<{ componentInstances: { component: string; status: string }[]; history: unknown[] }>(
      `/v1/app-instances/${APP}/eu-1/shop?stage=prod`,
    );
    assert.deepEqual(detail.componentInstances.map((c) => [c.component, c.status]).sort(), [
      ['k8s-objects|settings', 'RUNNING'],
      ['microservice|web', 'RUNNING'],
    ]);
    assert.ok(detail.history.length >= 3);
    // two api replicas share the aggregation: each component-instance event is aggregated once, by one of them
    const componentEvents = () =>
      new Set(events.filter((e) => e.subject === 'state.evt.component-instance.changed.v1').map((e) => JSON.stringify(e.data))).size;
    const aggregated = () =>
      bed.apis.map(
        (api) =>
          api
            .output()
            .split('\n')
            .filter((line) => line.includes('app instance aggregated')).length,
      );
    await eventually(async () => (aggregated().reduce((a, b) => a + b, 0) >= componentEvents() ? true : undefined), 10_000);
    assert.equal(
      aggregated().reduce((a, b) => a + b, 0),
      componentEvents(),
      `aggregations per replica: ${aggregated().join(' + ')}`,
    );
  });

  it('sees a broken pod: web leaves RUNNING, then the app does, in that order', async () => {
    const from = events.length;
    const pods = JSON.parse(await bed.kubectl('eu-1', ['get', 'pods', '-n', 'shop', '-o', 'json'])) as {
      items: { metadata: { name: string } }[];
    };
    const pod = pods.items[0]!.metadata.name;
    await bed.kubectl('eu-1', ['annotate', 'pod', pod, '-n', 'shop', 'cluster-sim.appmanager.dev/crash-loop=true']);
    await eventually(async () => ((await appStatus()) !== 'RUNNING' ? true : undefined), 30_000);
    const later = events.slice(from);
    const component = later.findIndex((e) => e.data['component'] === 'microservice|web' && e.data['status'] !== 'RUNNING');
    const app = later.findIndex((e) => e.subject === 'state.evt.app-instance.changed.v1' && e.data['status'] !== 'RUNNING');
    assert.ok(component >= 0 && app > component, `component then app: ${JSON.stringify(later.map((e) => [e.subject, e.data['status']]))}`);
  });

  it('reports DRIFTED with the differing field after kubectl changes what deploy applied', async () => {
    await bed.kubectl('eu-1', [
      'patch',
      'configmap',
      'shop-settings',
      '-n',
      'shop',
      '--type=merge',
      '-p',
      '{"data":{"mode":"hand-edited"}}',
    ]);
    await eventually(async () => {
      const drifted = events.find((e) => e.data['component'] === 'k8s-objects|settings' && e.data['status'] === 'DRIFTED');
      return drifted ? drifted : undefined;
    }, 30_000).then((drifted) =>
      assert.deepEqual(drifted.data['driftedFields'], [{ kind: 'ConfigMap', name: 'shop-settings', fields: ['data.mode'] }]),
    );
  });

  it('the Trait Operator rolls the Deployment after the ConfigMap it reads is edited', async () => {
    const hash = async () => {
      const deployment = JSON.parse(await bed.kubectl('eu-1', ['get', 'deployments', '-n', 'shop', '-o', 'json'])) as {
        items: { spec: { template: { metadata?: { annotations?: Record<string, string> } } } }[];
      };
      return deployment.items[0]?.spec.template.metadata?.annotations?.['appmanager.io/config-hash'];
    };
    // the drift edit above changed the ConfigMap too (the operator acts on every change): let that settle first,
    // unchanged for longer than a poll interval
    let before = await hash();
    for (let stable = 0; stable < 2;) {
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const now = await hash();
      stable = now === before ? stable + 1 : 0;
      before = now;
    }
    // kubectl edit, with an editor that changes the value the way a person would
    await bed.kubectl('eu-1', ['edit', 'configmap', 'shop-settings', '-n', 'shop'], "sed -i 's/mode: hand-edited/mode: edited-again/'");
    const edited = JSON.parse(await bed.kubectl('eu-1', ['get', 'configmap', 'shop-settings', '-n', 'shop', '-o', 'json'])) as {
      data: Record<string, string>;
    };
    assert.equal(edited.data['mode'], 'edited-again', 'kubectl edit changed the ConfigMap');
    await eventually(async () => {
      const now = await hash();
      return now !== undefined && now !== before ? true : undefined;
    }, 30_000);
  });

  it("moves a SIGKILLed poller's clusters to the others within 10 s, and about 1/n to a poller that joins", async () => {
    const owners = (live: string[]) => new Map(CLUSTERS.map((c) => [c, ownerOf(c, live)]));
    await eventually(async () => ((await fleetOwners()).length === 3 ? true : undefined), 10_000);
    const victim = bed.pollers.get('p2')!;
    const orphaned = [...owners(['p1', 'p2', 'p3'])].filter(([, owner]) => owner === 'p2').map(([c]) => c);
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    bed.pollers.delete('p2');
    // every orphan is polled again by a survivor: its sensing state names a new owner with a poll after the kill
    await eventually(async () => {
      for (const cluster of orphaned) {
        const state = await paced<{ owner?: string; lastPollAt?: string }>(`/v1/clusters/${cluster}/sensing`);
        if (!state.owner || state.owner === 'p2' || !state.lastPollAt || Date.parse(state.lastPollAt) < killedAt) return undefined;
      }
      return true;
    }, 20_000);
    const failoverMs = Date.now() - killedAt;
    // the membership TTL (4.5 s) + reconcile (0.5 s) + takeover spread (2 s), plus this check's pacing
    assert.ok(failoverMs <= 10_000, `orphans polled again after ${failoverMs} ms`);
    console.log(`# ${orphaned.length} orphaned clusters polled again by the survivors ${failoverMs} ms after the SIGKILL`);
    await bed.startPoller('p4');
    await eventually(async () => {
      const pollers = await fleetOwners();
      const total = pollers.reduce((sum, p) => sum + p.ownedClusters, 0);
      return pollers.length === 3 && total === CLUSTERS.length && pollers.every((p) => p.livePollers.length === 3) ? true : undefined;
    }, 20_000);
    const before = owners(['p1', 'p3']);
    const after = owners(['p1', 'p3', 'p4']);
    const moved = CLUSTERS.filter((c) => before.get(c) !== after.get(c));
    assert.ok(
      moved.every((c) => after.get(c) === 'p4'),
      'only the newcomer gains clusters',
    );
    const owned = await fleetOwners();
    assert.equal(owned.find((p) => p.pollerId === 'p4')?.ownedClusters, moved.length, 'the newcomer owns what hashing gives it');
  });
});
