import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  consumers,
  deploymentStartedEvent,
  launchDeploymentCommand,
  newCloudEvent,
  type CloudEvent,
  type ContractData,
} from '@appmanager/contracts';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { nextMessage, startNatsServer, type PrivateNatsServer } from '@appmanager/testing';
import { currentCorrelationId } from '../context/event.context.js';
import { silentLogger } from '../context/logger.port.js';
import { EventPublisher } from '../publish/event.publisher.js';
import { type JetStreamContext } from './jetstream.context.js';
import { JetStreamEventPattern } from './jetstream-event-pattern.decorator.js';
import { JetStreamTransport } from './jetstream.transport.js';
import { MessagingModule } from './messaging.module.js';

type Launch = ContractData<typeof launchDeploymentCommand>;

interface Seen {
  appId: string;
  correlationId: string | undefined;
  durable: string;
  deliveryCount: number;
}

describe(JetStreamTransport.name, () => {
  let nats: PrivateNatsServer;
  let nc: NatsConnection;
  let app: INestMicroservice;
  const seen: Seen[] = [];
  const waiters: ((entry: Seen) => void)[] = [];
  const nextSeen = () => new Promise<Seen>((resolve) => waiters.push(resolve));

  before(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });

    @Controller()
    class LaunchDeploymentHandler {
      constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}

      @JetStreamEventPattern(consumers.deployLaunchDeployment)
      async handle(@Payload() event: CloudEvent<Launch>, @Ctx() ctx: JetStreamContext): Promise<void> {
        const entry = {
          appId: event.data.appId,
          correlationId: currentCorrelationId(),
          durable: ctx.getDurable(),
          deliveryCount: ctx.getDeliveryCount(),
        };
        seen.push(entry);
        waiters.shift()?.(entry);
        if (event.data.appId === 'flaky' && ctx.getDeliveryCount() === 1) throw new Error('first attempt fails');
        await this.publisher.publish(deploymentStartedEvent, {
          deploymentId: `dep-${event.id}`,
          appId: event.data.appId,
          startedAt: new Date().toISOString(),
        });
      }
    }

    @Module({
      imports: [MessagingModule.forRoot({ serviceName: 'deploy', natsUrl: nats.url, logger: silentLogger })],
      controllers: [LaunchDeploymentHandler],
    })
    class DeployTestModule {}

    app = await NestFactory.createMicroservice(DeployTestModule, {
      strategy: new JetStreamTransport({
        servers: nats.url,
        logger: silentLogger,
        consumerDefaults: { backoffMs: [20], pullExpiresMs: 1_000 },
      }),
      logger: false,
    });
    await app.listen();
  });

  after(async () => {
    await app?.close();
    await nc?.close();
    await nats?.stop();
  });

  it('hands a CloudEvent from a plain NATS client to the decorated handler, inside its correlation', async () => {
    const command = newCloudEvent(
      launchDeploymentCommand.subject,
      { appId: 'shop', configuration: 'kind: x' },
      { source: 'ci', correlationId: 'ticket-1234' },
    );
    const handled = nextSeen();
    const followUp = nextMessage<CloudEvent>(nc, deploymentStartedEvent.subject);
    const h = headers();
    h.set('Nats-Msg-Id', command.id);
    nc.publish(command.type, JSON.stringify(command), { headers: h });

    assert.deepEqual(await handled, {
      appId: 'shop',
      correlationId: 'ticket-1234',
      durable: 'deploy_deploy-deployment-launch-v1',
      deliveryCount: 1,
    });
    const published = (await followUp).body;
    assert.equal(published.correlationid, 'ticket-1234');
    assert.equal(published.causationid, command.id);
    assert.equal(published.source, 'deploy');
  });

  it('refuses at listen() a pattern that names no durable consumer in libs/contracts', async () => {
    @Controller()
    class MisnamedHandler {
      @EventPattern<string>('deploy_deployments-v1')
      handle(): void {}
    }

    @Module({ controllers: [MisnamedHandler] })
    class MisnamedModule {}

    const misnamed = await NestFactory.createMicroservice(MisnamedModule, {
      strategy: new JetStreamTransport({ servers: nats.url, logger: silentLogger }),
      logger: false,
    });
    await assert.rejects(misnamed.listen(), /@EventPattern\('deploy_deployments-v1'\) names no durable consumer/);
    await misnamed.close();
  });

  it('redelivers when the Nest handler throws', async () => {
    const command = newCloudEvent(launchDeploymentCommand.subject, { appId: 'flaky', configuration: 'kind: x' }, { source: 'ci' });
    const first = nextSeen();
    const h = headers();
    h.set('Nats-Msg-Id', command.id);
    nc.publish(command.type, JSON.stringify(command), { headers: h });
    assert.equal((await first).deliveryCount, 1);
    const second = await nextSeen();
    assert.deepEqual([second.appId, second.deliveryCount], ['flaky', 2]);
  });
});
