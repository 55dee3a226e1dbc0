import { Module } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@appmanager/service-host';
import { pollerIdentity, type SensorConfig } from '../sensor.config.js';
import { ClusterCredentialsSource, NatsClusterCredentialsSource } from '@appmanager/messaging';
import { ClusterRepository } from './application/cluster.repository.js';
import { EventInbox } from './application/event-inbox.js';
import { ListClustersUseCase } from './application/list-clusters.use-case.js';
import { RegisterClusterUseCase } from './application/register-cluster.use-case.js';
import { RemoveClusterUseCase } from './application/remove-cluster.use-case.js';
import { ClusterController } from './inbound/cluster.controller.js';
import { ClusterRegisteredHandler } from './inbound/cluster-registered.handler.js';
import { ClusterRemovedHandler } from './inbound/cluster-removed.handler.js';
import { TypeOrmClusterRepository } from './outbound/typeorm-cluster.repository.js';
import { TypeOrmEventInbox } from './outbound/typeorm-event.inbox.js';

@Module({
  controllers: [ClusterController, ClusterRegisteredHandler, ClusterRemovedHandler],
  providers: [
    { provide: ClusterRepository, useClass: TypeOrmClusterRepository },
    { provide: EventInbox, useClass: TypeOrmEventInbox },
    RegisterClusterUseCase,
    RemoveClusterUseCase,
    ListClustersUseCase,
    {
      provide: ClusterCredentialsSource,
      useFactory: (connection: NatsConnection, config: SensorConfig) =>
        new NatsClusterCredentialsSource({
          connection,
          sharedKey: config.INTERNAL_SERVICE_KEY,
          pollerId: pollerIdentity(config),
          timeoutMs: config.CLUSTER_CREDENTIALS_TIMEOUT_MS,
        }),
      inject: [NATS_CONNECTION, SERVICE_CONFIG],
    },
  ],
  exports: [EventInbox, ClusterCredentialsSource],
})
export class ClustersModule {}
