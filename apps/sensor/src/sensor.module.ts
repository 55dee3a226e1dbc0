import { type DynamicModule, Module } from '@nestjs/common';
import { AppInstancesModule } from './app-instances/app-instances.module.js';
import { ClustersModule } from './clusters/clusters.module.js';
import { FleetModule } from './fleet/fleet.module.js';
import { InstancesModule } from './instances/instances.module.js';
import { PollingModule } from './polling/polling.module.js';
import type { SensorConfig } from './sensor.config.js';

@Module({})
class SensorRoleModule {}

/** Every role: the fleet it knows and its poller membership. The rest depends on the role (forRole). */
@Module({ imports: [ClustersModule, FleetModule] })
export class SensorModule {
  /** api: inventory, aggregation, history and the API; poller: ownership, polls and watches; all: both (the demo). */
  static forRole(role: SensorConfig['SENSOR_ROLE']): DynamicModule {
    const apiSide = role === 'poller' ? [] : [InstancesModule, AppInstancesModule];
    const pollerSide = role === 'api' ? [] : [PollingModule];
    return { module: SensorRoleModule, imports: [...apiSide, ...pollerSide] };
  }
}
