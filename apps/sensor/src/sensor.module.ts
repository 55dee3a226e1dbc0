import { Module } from '@nestjs/common';
import { ClustersModule } from './clusters/clusters.module.js';
import { FleetModule } from './fleet/fleet.module.js';

@Module({ imports: [ClustersModule, FleetModule] })
export class SensorModule {}
