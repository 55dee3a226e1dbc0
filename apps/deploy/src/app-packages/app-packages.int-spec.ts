import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { headers } from '@nats-io/transport-node';
import { eventually, nextMessage } from '@appmanager/testing';
import { adminRequest as request } from '@appmanager/testing';
import { aPackagedMicroservice, appPackageStandIn, type StandInPackage } from '../testing/app-package-stand-in.js';
import { type DeployTestBed, startDeployTestBed } from '../testing/deploy-test-bed.js';
import { ResolveAppPackagesUseCase } from './application/resolve-app-packages.use-case.js';

/** Two packages of `shop`; the second is the newest. */
const packages: StandInPackage[] = ['1.0.0', '2.0.0'].map((version, i) => ({
  id: `shop-${i + 1}`,
  appId: 'shop',
  version,
  components: [aPackagedMicroservice('server', `server-${version}`, `registry.local/server:${version}`)],
}));

/** AppManager's launch file: the microservice's workload comes from the app package, replicas from parameterValues. */
function aConfiguration(annotations: Record<string, string> = {}, revisionName = 'K8S_MICROSERVICE|server|_') {
  return {
    apiVersion: 'core.oam.dev/v1alpha2',
    kind: 'ApplicationConfiguration',
    metadata: { name: 'shop', annotations: { appId: 'shop', clusterId: 'sim-1', namespaceId: 'shop', stageId: 'dev', ...annotations } },
    spec: { components: [{ revisionName, parameterValues: [{ name: 'REPLICAS', value: 2, toFieldPaths: ['spec.replicas'] }] }] },
  };
}

type Manifest = { kind: string; spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } };

function serverOf(plan: { nodes: { id: string; manifests: Manifest[] }[] }): Manifest | undefined {
  return plan.nodes.find((n) => n.id === 'K8S_MICROSERVICE|server')?.manifests.find((m) => m.kind === 'Deployment');
}

describe(ResolveAppPackagesUseCase.name, () => {
  let bed: DeployTestBed;
  const logs: string[] = [];
  let build: ReturnType<typeof appPackageStandIn> | undefined;
  const plan = (body: Record<string, unknown>) => request(bed.service.url).post('/v1/deployments:plan').send(body);

  before(async () => {
    bed = await startDeployTestBed({ label: 'deploy-app-packages', logs });
    build = appPackageStandIn(bed.client, packages);
  });

  after(async () => {
    build?.stop();
    await bed?.close();
  });

  it("takes the workload from the app's newest package by default, applying parameterValues to it", async () => {
    const answer = await plan({ configuration: aConfiguration() }).expect(200);
    const server = serverOf(answer.body);
    assert.equal(server?.spec.template.spec.containers[0]?.image, 'registry.local/server:2.0.0');
    assert.equal(server?.spec.replicas, 2);
    assert.deepEqual(build?.queries.at(-1), {
      appId: 'shop',
      components: [{ type: 'K8S_MICROSERVICE', name: 'server', version: null }],
    });
  });

  it('takes the package the annotation appPackageId names, else the one appPackageVersion names, before the body', async () => {
    const byId = await plan({ configuration: aConfiguration({ appPackageId: 'shop-1' }), appPackage: { version: '2.0.0' } }).expect(200);
    assert.equal(serverOf(byId.body)?.spec.template.spec.containers[0]?.image, 'registry.local/server:1.0.0');
    const byVersion = await plan({ configuration: aConfiguration({ appPackageVersion: '1.0.0' }) }).expect(200);
    assert.equal(serverOf(byVersion.body)?.spec.template.spec.containers[0]?.image, 'registry.local/server:1.0.0');
    const byBody = await plan({ configuration: aConfiguration(), appPackage: { id: 'shop-1' } }).expect(200);
    assert.equal(serverOf(byBody.body)?.spec.template.spec.containers[0]?.image, 'registry.local/server:1.0.0');
  });

  it('refuses a component the package lacks with a 422 naming the component and the app', async () => {
    const answer = await plan({ configuration: aConfiguration({}, 'K8S_MICROSERVICE|tkgone|_') }).expect(422);
    const issue = (answer.body.issues as { path: string; message: string }[])[0];
    assert.equal(issue?.path, 'spec.components[0].revisionName');
    assert.match(issue?.message ?? '', /no app package of "shop" has K8S_MICROSERVICE\|tkgone/);
  });

  it('answers 503 naming the build service when it is away, and never asks it for a configuration that needs no package', async () => {
    build?.stop();
    const away = await plan({ configuration: aConfiguration() }).expect(503);
    assert.match(away.body.message, /build service/);
    const inline = aConfiguration();
    inline.spec.components[0] = { ...inline.spec.components[0], workload: packages[0]?.components[0]?.workload } as never;
    await plan({ configuration: inline }).expect(200);
    build = appPackageStandIn(bed.client, packages);
  });

  it('stores the resolved configuration of a launch, so its runner deploys it without asking again', async () => {
    const launched = await request(bed.service.url)
      .post('/v1/deployments')
      .send({ appId: 'shop', configuration: aConfiguration() })
      .expect(202);
    const asked = build?.queries.length;
    const stored = await request(bed.service.url).get(`/v1/deployments/${launched.body.id}`).expect(200);
    const configuration = stored.body.configuration as ReturnType<typeof aConfiguration>;
    assert.equal((configuration.metadata.annotations as Record<string, string>)['appmanager.io/app-package'], 'shop-2@2.0.0');
    const component = configuration.spec.components[0] as { revisionName: string; workload?: { kind: string } };
    assert.equal(component.revisionName, 'K8S_MICROSERVICE|server|server-2.0.0');
    assert.equal(component.workload?.kind, 'Microservice');
    await eventually(async () => {
      const state = (await request(bed.service.url).get(`/v1/deployments/${launched.body.id}`)).body.state;
      return state === 'SUCCESS' ? state : undefined;
    }, 60_000);
    assert.equal(build?.queries.length, asked, 'the runner did not ask the build service again');
  });

  it('keeps a launch command while the build service is away and records it once the service answers', async () => {
    build?.stop();
    publishLaunch(bed, 'evt-pkg-1', aConfiguration());
    await eventually(async () =>
      logs.some((line) => line.includes('evt-pkg-1') && line.includes('launch command kept for redelivery')) ? true : undefined,
    );
    build = appPackageStandIn(bed.client, packages);
    const recorded = await eventually(async () => {
      const page = (await request(bed.service.url).get('/v1/deployments?appId=shop-by-event')).body as {
        items: { sourceEventId: string }[];
      };
      return page.items.find((d) => d.sourceEventId === 'evt-pkg-1');
    }, 30_000);
    assert.ok(recorded);
  });

  it('rejects a launch command whose package lacks a component with deploy.evt.deployment.rejected.v1', async () => {
    const rejected = nextMessage<{ data: { commandId: string; issues: { problem: string }[] } }>(
      bed.client,
      'deploy.evt.deployment.rejected.v1',
    );
    publishLaunch(bed, 'evt-pkg-2', aConfiguration({}, 'K8S_MICROSERVICE|tkgone|_'));
    const event = (await rejected).body;
    assert.equal(event.data.commandId, 'evt-pkg-2');
    assert.match(event.data.issues[0]?.problem ?? '', /no app package of "shop" has K8S_MICROSERVICE\|tkgone/);
  });
});

function publishLaunch(bed: DeployTestBed, id: string, configuration: unknown): void {
  const h = headers();
  h.set('Nats-Msg-Id', id);
  const data = { appId: 'shop-by-event', configuration };
  const event = {
    specversion: '1.0',
    id,
    source: 'ci.example',
    type: 'deploy.cmd.deployment.launch.v1',
    time: new Date().toISOString(),
    data,
  };
  bed.client.publish('deploy.cmd.deployment.launch.v1', JSON.stringify(event), { headers: h });
}
