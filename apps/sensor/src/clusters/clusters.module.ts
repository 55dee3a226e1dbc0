import { Module } from '@nestjs/common';
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
  ],
  exports: [EventInbox],
})
export class ClustersModule {}
