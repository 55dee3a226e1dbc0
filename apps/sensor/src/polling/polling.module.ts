import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { StatusModule } from '../status/status.module.js';
import { FleetPollerService } from './application/fleet-poller.service.js';
import { PollMetrics } from './application/poll.metrics.js';
import { PollerInventory } from './application/poller.ports.js';
import { PromPollMetrics } from './outbound/prom-poll.metrics.js';
import { PollerResponder } from './inbound/poller.responder.js';
import { SqlPollerInventory } from './outbound/sql-poller.inventory.js';

/** The poller role: ownership, the schedule, the LISTs, and answering the api role about itself. */
@Module({
  imports: [ClustersModule, FleetModule, StatusModule],
  providers: [
    FleetPollerService,
    PollerResponder,
    { provide: PollerInventory, useClass: SqlPollerInventory },
    { provide: PollMetrics, useClass: PromPollMetrics },
  ],
  exports: [FleetPollerService],
})
export class PollingModule {}
