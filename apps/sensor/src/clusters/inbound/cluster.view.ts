import { ApiProperty } from '@nestjs/swagger';
import { PageViewOf } from '@appmanager/service-host';
import type { Cluster } from '../domain/cluster.js';

export class ClusterView {
  @ApiProperty() clusterId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uri' }) apiServer!: string;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;

  static of(cluster: Cluster): ClusterView {
    return Object.assign(new ClusterView(), {
      clusterId: cluster.clusterId,
      unitId: cluster.unitId,
      name: cluster.name,
      apiServer: cluster.apiServer,
      registeredAt: cluster.registeredAt.toISOString(),
    });
  }
}

export class ClusterPageView extends PageViewOf(ClusterView) {}
