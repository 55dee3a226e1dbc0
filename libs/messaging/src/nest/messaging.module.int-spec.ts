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
import { Controller, Inject, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { createTestDatabase, nextMessage, startNatsServer, type PrivateNatsServer, type TestDatabase } from '@appmanager/testing';
import { type DataSource } from 'typeorm';
import { silentLogger } from '../context/logger.port.js';
import { fixtureDataSource, fixtureSchema } from '../fixtures/outbox-service.fixture.js';
import { processOnce } from '../inbox/processed-event.guard.js';
import { Outbox } from '../outbox/outbox.js';
import { type JetStreamContext } from './jetstream.context.js';
import { JetStreamEventPattern } from './jetstream-event-pattern.decorator.js';
import { JetStreamTransport } from './jetstream.transport.js';
import { MessagingModule } from './messaging.module.js';
import { NATS_CONNECTION } from './messaging.tokens.js';

const DATA_SOURCE = Symbol('DATA_SOURCE');
type Launch = ContractData<typeof launchDeploymentCommand>;

describe(MessagingModule.name, () => {
  let nats: PrivateNatsServer;
  let nc: NatsConnection;
  let db: TestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;

  before(async () => {
    [nats, db] = await Promise.all([startNatsServer(), createTestDatabase('module')]);
    nc = await connect({ servers: nats.url });
    dataSource = await fixtureDataSource(db.url).initialize();
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${fixtureSchema}`);
    await dataSource.runMigrations();

    @Module({ providers: [{ provide: DATA_SOURCE, useValue: dataSource }], exports: [DATA_SOURCE] })
    class PersistenceTestModule {}

    @Controller()
    class LaunchDeploymentHandler {
      constructor(
        @Inject(Outbox) private readonly outbox: Outbox,
        @Inject(DATA_SOURCE) private readonly db: DataSource,
      ) {}

      @JetStreamEventPattern(consumers.deployLaunchDeployment)
      async handle(@Payload() event: CloudEvent<Launch>, @Ctx() ctx: JetStreamContext): Promise<void> {
        await processOnce(this.db, ctx.getDurable(), event.id, async (manager) => {
          const deploymentId = `dep-${event.data.appId}`;
          await manager.query(`INSERT INTO ${fixtureSchema}.deployment_state (id, state) VALUES ($1, 'CREATED')`, [deploymentId]);
          await this.outbox.add(manager, deploymentStartedEvent, {
            deploymentId,
            appId: event.data.appId,
            startedAt: new Date().toISOString(),
          });
        });
      }
    }

    @Module({
      imports: [
        PersistenceTestModule,
        MessagingModule.forRoot({
          serviceName: 'deploy',
          natsUrl: nats.url,
          dataSource: DATA_SOURCE,
          imports: [PersistenceTestModule],
          relay: { pollIntervalMs: 600_000 },
          logger: silentLogger,
        }),
      ],
      controllers: [LaunchDeploymentHandler],
    })
    class DeployTestModule {}

    app = await NestFactory.create(DeployTestModule, { logger: false });
    app.connectMicroservice({ strategy: new JetStreamTransport({ connection: app.get(NATS_CONNECTION), logger: silentLogger }) });
    await app.startAllMicroservices();
    await app.init();
  });

  after(async () => {
    await dataSource?.destroy();
    await nc?.close();
    await nats?.stop();
    await db?.drop();
  });

  it('runs a hybrid service end to end: command in, state and outbox in one transaction, event out, clean shutdown', async () => {
    const command = newCloudEvent(
      launchDeploymentCommand.subject,
      { appId: 'shop', configuration: 'kind: x' },
      { source: 'ci', correlationId: 'ticket-9' },
    );
    const announced = nextMessage<CloudEvent<{ deploymentId: string }>>(nc, deploymentStartedEvent.subject);
    const h = headers();
    h.set('Nats-Msg-Id', command.id);
    nc.publish(command.type, JSON.stringify(command), { headers: h });

    const event = (await announced).body;
    assert.equal(event.data.deploymentId, 'dep-shop');
    assert.equal(event.source, 'deploy');
    assert.equal(event.correlationid, 'ticket-9');
    assert.equal(event.causationid, command.id);
    assert.deepEqual(await dataSource.query(`SELECT state FROM ${fixtureSchema}.deployment_state WHERE id = 'dep-shop'`), [
      { state: 'CREATED' },
    ]);

    const serviceConnection = app.get<NatsConnection>(NATS_CONNECTION);
    await app.close();
    assert.equal(serviceConnection.isClosed(), true);
  });
});
