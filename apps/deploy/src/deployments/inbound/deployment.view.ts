import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageViewOf } from '@appmanager/service-host';
import { type Deployment, deploymentStates } from '../domain/deployment.js';

/** A deployment as the API shows it. */
export class DeploymentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['deploy', 'undeploy'],
    description: 'undeploy: removes what `sourceDeploymentId` applied (DELETE /v1/applications/{appId}/instances/{stage})',
  })
  kind!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) sourceDeploymentId!: string | null;
  @ApiProperty() appId!: string;
  @ApiProperty({ enum: deploymentStates }) state!: string;
  @ApiProperty({ description: 'ApplicationConfiguration as YAML text or an object', oneOf: [{ type: 'string' }, { type: 'object' }] })
  configuration!: string | Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    description:
      "unit / cluster / namespace / stage: as resolved (from the request, the configuration's annotations or spec) once validated",
    additionalProperties: { type: 'string' },
  })
  target!: Record<string, string>;
  @ApiPropertyOptional({ nullable: true, type: String }) requestedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'CloudEvent id or Idempotency-Key that asked for it' })
  sourceEventId!: string | null;
  @ApiProperty() correlationId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'why it failed, waits for an operator or is suspended' })
  reason?: string | null;
  @ApiPropertyOptional({
    description:
      'component, trait and add-on nodes with their states, one per deploy step that ran it (`step`; null: no step reached it yet); GET /v1/deployments/{id}/graph has the edges',
    type: 'array',
    items: { type: 'object' },
  })
  nodes?: {
    id: string;
    step: string | null;
    kind: string;
    state: string;
    reason: string | null;
    startedAt: Date | null;
    finishedAt: Date | null;
  }[];

  static of(deployment: Deployment): DeploymentView {
    return Object.assign(new DeploymentView(), {
      ...deployment,
      target: { ...deployment.target },
      createdAt: deployment.createdAt.toISOString(),
    });
  }
}

export class DeploymentPageView extends PageViewOf(DeploymentView) {}

export class DeploymentAcceptedView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: deploymentStates }) state!: string;
  @ApiProperty({ description: 'false when the same Idempotency-Key was seen before and this is the earlier deployment' })
  created!: boolean;
}
