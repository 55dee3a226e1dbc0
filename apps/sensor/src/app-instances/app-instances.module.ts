import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { FleetController } from '../polling/inbound/fleet.controller.js';
import { AggregateAppInstanceUseCase } from './application/aggregate-app-instance.use-case.js';
import { AppInstanceStore } from './application/app-instance.store.js';
import { AppInstanceController } from './inbound/app-instance.controller.js';
import { ComponentInstanceChangedHandler } from './inbound/component-instance-changed.handler.js';
import { PromInstanceMetrics } from './outbound/prom-instance.metrics.js';
import { SqlAppInstanceStore } from './outbound/sql-app-instance.store.js';

/** The api role's read side: app instances (aggregated here), their history, and the fleet as pollers report it. */
@Module({
  imports: [ClustersModule, InstancesModule],
  controllers: [AppInstanceController, ComponentInstanceChangedHandler, FleetController],
  providers: [{ provide: AppInstanceStore, useClass: SqlAppInstanceStore }, AggregateAppInstanceUseCase, PromInstanceMetrics],
})
export class AppInstancesModule {}
