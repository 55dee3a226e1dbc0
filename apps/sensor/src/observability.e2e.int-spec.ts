import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { adminFetch, eventually } from '@appmanager/testing';
import { shopApplication } from './testing/shop-application.js';
import { startSensingTestBed, type SensingTestBed } from './testing/sensing-test-bed.js';

const dashboard = fileURLToPath(new URL('../../../deploy/grafana/appmanager.json', import.meta.url));
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const callerTraceparent = `00-${traceId}-00f067aa0ba902b7-01`;

interface Seen {
  subject: string;
  traceparent: string | undefined;
  body: { traceparent?: string; data: Record<string, unknown> };
}

/** Metric family names a /metrics page exports (a histogram's _bucket/_sum/_count included). */
function exportedNames(page: string): Set<string> {
  const names = new Set<string>();
  for (const line of page.split('\n')) {
    const declared = /^# TYPE (\S+) (\S+)/.exec(line);
    if (!declared) continue;
    const [, name, type] = declared as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

describe('observability: metrics, trace context and the Grafana dashboard (deploy, sensor api and poller processes)', () => {
  let bed: SensingTestBed;
  let client: NatsConnection;
  const seen: Seen[] = [];

  before(async () => {
    bed = await startSensingTestBed({ clusters: ['eu-1'], unit: 'eu', pollers: ['p1'] });
    client = await connect({ servers: bed.nats.url });
    for (const subject of ['deploy.evt.>', 'state.evt.>', 'audit.evt.>'])
      client.subscribe(subject, {
        callback: (_e, msg) =>
          void seen.push({ subject: msg.subject, traceparent: msg.headers?.get('traceparent'), body: msg.json<Seen['body']>() }),
      });
  });
  after(async () => {
    await client?.close();
    await bed?.close();
  });

  const metricsOf = async (url: string) => (await fetch(`${url}/metrics`)).text();

  it("carries a launch's traceparent to the events deploy publishes for it, in the request and from the runner later", async () => {
    const launched = await adminFetch(`${bed.deploy.url}/v1/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: callerTraceparent },
      body: JSON.stringify({ appId: 'shop', configuration: shopApplication('eu-1') }),
    });
    const launchedText = await launched.text();
    assert.equal(launched.status, 202, launchedText);
    const deploymentId = (JSON.parse(launchedText) as { id: string }).id;
    const running = () => seen.some((m) => m.subject === 'state.evt.app-instance.changed.v1' && m.body.data['status'] === 'RUNNING');
    await eventually(async () => (running() ? true : undefined), 60_000);
    // the launch's audit record is published from the request: a child span of the caller's trace
    const audit = seen.find((m) => m.subject === 'audit.evt.mutation.recorded.v1' && m.traceparent?.split('-')[1] === traceId);
    assert.ok(
      audit,
      `deploy's audit event of the launch carries the trace: ${JSON.stringify(seen.map((m) => [m.subject, m.traceparent]))}`,
    );
    assert.notEqual(audit.traceparent, callerTraceparent, 'with a span of its own');
    assert.equal(audit.body.traceparent, audit.traceparent, 'as header and as CloudEvent attribute');
    // the runner that drove it later continues the launch's trace: every event deploy published about it
    const ofDeployment = seen.filter((m) => m.subject.startsWith('deploy.evt.') && m.body.data['deploymentId'] === deploymentId);
    assert.ok(
      ofDeployment.some((m) => m.subject === 'deploy.evt.deployment.succeeded.v1'),
      'the success is among them',
    );
    for (const message of ofDeployment) assert.equal(message.traceparent?.split('-')[1], traceId, `${message.subject} continues the trace`);
    for (const message of seen.filter((m) => !m.subject.startsWith('audit.')))
      assert.match(message.traceparent ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/, `${message.subject} carries a traceparent`);
  });

  it('exports deployment and sensing metrics, and every metric the Grafana dashboard queries', async () => {
    const [deploy = '', api = '', poller = ''] = await Promise.all(
      [bed.deploy.url, bed.api.url, bed.pollers.get('p1')!.url].map(metricsOf),
    );
    assert.match(deploy, /appmanager_deployment_info\{app="shop",deployment="[^"]+",stage="prod",state="SUCCESS"[^}]*\} 1/);
    assert.match(deploy, /appmanager_deployments_total\{outcome="SUCCESS",kind="deploy"[^}]*\} 1/);
    assert.match(deploy, /appmanager_node_duration_seconds_count\{[^}]*kind="component",outcome="SUCCESS"/);
    assert.match(api, /appmanager_app_instance_info\{app="shop",stage="prod",cluster="eu-1",namespace="shop",status="RUNNING"[^}]*\} 1/);
    assert.match(api, /appmanager_component_instance_info\{app="shop",component="[^"]+",stage="prod",cluster="eu-1"/);
    assert.match(poller, /appmanager_cluster_connection_status\{cluster="eu-1",unit="eu"[^}]*\} 1/);
    assert.match(poller, /appmanager_poll_duration_seconds_count\{[^}]*unit="eu",outcome="(unchanged|changed)"/);

    const parsed = JSON.parse(await readFile(dashboard, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const exported = new Set([...exportedNames(deploy), ...exportedNames(api), ...exportedNames(poller)]);
    const queried = new Set(parsed.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/\bappmanager_[a-z_]+/g) ?? [])));
    assert.ok(queried.size >= 8, `the dashboard queries ${[...queried].join(', ')}`);
    for (const name of queried) assert.ok(exported.has(name), `${name} (queried by the dashboard) is exported by a service`);
  });
});
