import { Module } from '@nestjs/common';
import { ClustersModule } from './clusters/clusters.module.js';
import { FleetModule } from './fleet/fleet.module.js';
import { InstancesModule } from './instances/instances.module.js';

@Module({ imports: [ClustersModule, FleetModule, InstancesModule] })
export class SensorModule {}
