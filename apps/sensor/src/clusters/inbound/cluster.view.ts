import { ApiProperty } from '@nestjs/swagger';
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

export class ClusterPageView {
  @ApiProperty({ type: [ClusterView] }) items!: ClusterView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
