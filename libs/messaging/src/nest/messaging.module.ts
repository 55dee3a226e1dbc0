import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata, type Provider } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { type DataSource } from 'typeorm';
import { nestLogger, type LoggerPort } from '../context/logger.port.js';
import { Outbox } from '../outbox/outbox.js';
import { OutboxRelay, type OutboxRelayOptions } from '../outbox/outbox.relay.js';
import { EventPublisher } from '../publish/event.publisher.js';
import { MessagingLifecycle } from './messaging.lifecycle.js';
import { MESSAGING_LOGGER, MESSAGING_OPTIONS, NATS_CONNECTION } from './messaging.tokens.js';

export interface MessagingModuleOptions {
  /** The CloudEvent `source` of everything this service publishes, e.g. `deploy`. */
  serviceName: string;
  /** A connection owned by the caller, or servers to connect to (then drained at shutdown). */
  connection?: NatsConnection;
  natsUrl?: string | string[];
  /** The token of the service's TypeORM DataSource; with it the outbox relay runs in this process. */
  dataSource?: InjectionToken;
  /** Modules that export the DataSource token, unless a global module provides it. */
  imports?: ModuleMetadata['imports'];
  relay?: OutboxRelayOptions;
  logger?: LoggerPort;
}

/** Gives a service its NATS connection, EventPublisher, Outbox and (with a DataSource) OutboxRelay. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const logger = options.logger ?? nestLogger('Messaging');
    const providers: Provider[] = [
      { provide: MESSAGING_OPTIONS, useValue: options },
      { provide: MESSAGING_LOGGER, useValue: logger },
      {
        provide: NATS_CONNECTION,
        useFactory: () => options.connection ?? connect({ servers: options.natsUrl ?? 'nats://127.0.0.1:4222', name: options.serviceName }),
      },
      {
        provide: EventPublisher,
        useFactory: (nc: NatsConnection) => new EventPublisher(nc, options.serviceName),
        inject: [NATS_CONNECTION],
      },
      { provide: Outbox, useValue: new Outbox(options.serviceName) },
    ];
    const exported: InjectionToken[] = [NATS_CONNECTION, EventPublisher, Outbox, MESSAGING_LOGGER];
    if (options.dataSource) {
      providers.push({
        provide: OutboxRelay,
        useFactory: (dataSource: DataSource, publisher: EventPublisher) =>
          new OutboxRelay(dataSource, publisher, { logger, ...options.relay }),
        inject: [options.dataSource, EventPublisher],
      });
      exported.push(OutboxRelay);
    }
    providers.push({
      provide: MessagingLifecycle,
      useFactory: (nc: NatsConnection, relay?: OutboxRelay) => new MessagingLifecycle(nc, !options.connection, relay),
      inject: [NATS_CONNECTION, { token: OutboxRelay, optional: true }],
    });
    return { module: MessagingModule, global: true, imports: options.imports ?? [], providers, exports: exported };
  }
}
