import { Module } from '@nestjs/common';
import { ClustersModule } from './clusters/clusters.module.js';

@Module({ imports: [ClustersModule] })
export class SensorModule {}
