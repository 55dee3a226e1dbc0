import { Module } from '@nestjs/common';
import { AppInstancesModule } from './app-instances/app-instances.module.js';
import { ClustersModule } from './clusters/clusters.module.js';
import { FleetModule } from './fleet/fleet.module.js';
import { InstancesModule } from './instances/instances.module.js';
import { PollingModule } from './polling/polling.module.js';
import { sensorConfigSchema } from './sensor.config.js';

// the role decides which capabilities a process runs; read once, when the module is defined
const role = sensorConfigSchema.shape.SENSOR_ROLE.parse(process.env['SENSOR_ROLE']);
const apiSide = role === 'poller' ? [] : [InstancesModule, AppInstancesModule];
const pollerSide = role === 'api' ? [] : [PollingModule];

/** api: inventory, aggregation, history and the API; poller: ownership and polls; all: both (the local demo). */
@Module({ imports: [ClustersModule, FleetModule, ...apiSide, ...pollerSide] })
export class SensorModule {}
