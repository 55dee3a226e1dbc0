import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { launchDeploymentCommand, newCloudEvent, outsideInboxPrefix } from '@appmanager/contracts';
import { eventually, adminFetch } from '@appmanager/testing';
import { shopApplication } from './testing/shop-application.js';
import { startSensingTestBed, type SensingTestBed } from './testing/sensing-test-bed.js';

const APP = 'shop';

describe('the platform under NATS users (deploy, the sensor api and two pollers, each as its own user)', () => {
  let bed: SensingTestBed;
  let outside: NatsConnection;

  before(async () => {
    bed = await startSensingTestBed({ clusters: ['eu-1', 'eu-2'], unit: 'eu', pollers: ['p1', 'p2'], natsUsers: true });
    outside = await connect({ ...bed.nats.optionsOf('outside'), inboxPrefix: outsideInboxPrefix });
  });

  after(async () => {
    await outside?.close();
    await bed?.close();
  });

  const appStatus = async () => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const page = (await (await adminFetch(`${bed.api.url}/v1/app-instances?appId=${APP}`)).json()) as { items: { status: string }[] };
    return page.items[0]?.status;
  };

  it('senses RUNNING an application an outside system launched over NATS, with no permissions violation', async () => {
    const command = newCloudEvent(
      launchDeploymentCommand.subject,
      { appId: APP, configuration: shopApplication('eu-1') },
      { source: 'ci.example' },
    );
    const ack = await jetstream(outside).publish(command.type, JSON.stringify(command), { msgID: command.id });
    assert.equal(ack.stream, 'DEPLOY');
    await eventually(async () => ((await appStatus()) === 'RUNNING' ? true : undefined), 90_000);
    const fleet = (await (await adminFetch(`${bed.api.url}/v1/fleet`)).json()) as { units: { pollers: { pollerId: string }[] }[] };
    assert.deepEqual(fleet.units[0]?.pollers.map((poller) => poller.pollerId).sort(), ['p1', 'p2']);
    const violations = bed.nats
      .log()
      .split('\n')
      .filter((line) => line.includes('Violation'));
    assert.deepEqual(violations, []);
  });
});
