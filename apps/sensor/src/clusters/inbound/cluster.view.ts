import { ApiProperty } from '@nestjs/swagger';
import { PageViewOf } from '@appmanager/service-host';
import type { Cluster } from '../domain/cluster.js';

export class ClusterView {
  @ApiProperty() clusterId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uri' }) apiServer!: string;
  @ApiProperty({ enum: ['poll', 'watch'], description: 'poll: listed on a schedule; watch: followed by a watch' })
  sensing!: 'poll' | 'watch';
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;

  static of(cluster: Cluster): ClusterView {
    return Object.assign(new ClusterView(), {
      clusterId: cluster.clusterId,
      unitId: cluster.unitId,
      name: cluster.name,
      apiServer: cluster.apiServer,
      sensing: cluster.sensing,
      registeredAt: cluster.registeredAt.toISOString(),
    });
  }
}

export class ClusterPageView extends PageViewOf(ClusterView) {}
