import { ApiProperty } from '@nestjs/swagger';
import type { ComponentInstance } from '../domain/component-instance.js';
import { componentInstanceStatuses } from '../domain/instance-status.js';

export class AppliedObjectView {
  @ApiProperty({ description: 'the DAG node that applied it: the component, or a trait `TYPE|NAME#trait`' }) node!: string;
  @ApiProperty() apiVersion!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'sha256 of the spec deploy applied (metadata and status left out)', pattern: '^[0-9a-f]{64}$' })
  specHash!: string;
}

export class ComponentInstanceView {
  @ApiProperty() appId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when deployed without a stage' }) stage!: string | null;
  @ApiProperty({ type: String, nullable: true }) unit!: string | null;
  @ApiProperty() cluster!: string;
  @ApiProperty() namespace!: string;
  @ApiProperty({ description: '`TYPE|NAME`' }) component!: string;
  @ApiProperty() componentType!: string;
  @ApiProperty({ description: 'the version of the component node last applied' }) version!: string;
  @ApiProperty({ enum: componentInstanceStatuses, description: 'PENDING until a poller has looked at it (polling is not built yet)' })
  status!: string;
  @ApiProperty({ type: [AppliedObjectView] }) objects!: AppliedObjectView[];
  @ApiProperty() deploymentId!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static of(instance: ComponentInstance): ComponentInstanceView {
    return Object.assign(new ComponentInstanceView(), {
      appId: instance.appId,
      stage: instance.stage === '' ? null : instance.stage,
      unit: instance.unit ?? null,
      cluster: instance.cluster,
      namespace: instance.namespace,
      component: instance.component,
      componentType: instance.componentType,
      version: instance.version,
      status: instance.status,
      objects: instance.objects.map((object) => ({ ...object })),
      deploymentId: instance.deploymentId,
      updatedAt: instance.updatedAt.toISOString(),
    });
  }
}

export class ComponentInstancePageView {
  @ApiProperty({ type: [ComponentInstanceView] }) items!: ComponentInstanceView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
