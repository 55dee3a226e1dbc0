import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageViewOf } from '@appmanager/service-host';
import { type AddonClaim, type AddonInstance, addonInstanceStates } from '../domain/addon-instance.js';

/** An instance as the API shows it: non-secret outputs, and only the NAMES of the secret ones. */
export class AddonInstanceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'DNS-safe; the consumer Secret is <name>-binding' }) name!: string;
  @ApiProperty() cluster!: string;
  @ApiProperty() namespace!: string;
  @ApiProperty({ description: 'empty for the namespace itself' }) stage!: string;
  @ApiProperty({ description: 'e.g. postgres-database' }) addonType!: string;
  @ApiProperty() addonName!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) attributes!: Record<string, unknown>;
  @ApiProperty({ enum: ['Delete', 'Orphan'] }) deletionPolicy!: string;
  @ApiProperty({ enum: ['Create', 'Observe'], description: 'Observe: imported, never released for real' }) management!: string;
  @ApiProperty({ enum: addonInstanceStates }) state!: string;
  @ApiPropertyOptional({ description: 'why it is FAILURE' }) reason?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'non-secret outputs' }) outputs!: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'names of the secret outputs; their values are only in the consumer Secret' })
  secretOutputs!: string[];
  @ApiPropertyOptional({ description: 'plug-in name@version that applied it' }) provider?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static of(row: AddonInstance): AddonInstanceView {
    return Object.assign(new AddonInstanceView(), {
      id: row.id,
      name: row.name,
      cluster: row.cluster,
      namespace: row.namespace,
      stage: row.stage,
      addonType: row.addonType,
      addonName: row.addonName,
      attributes: row.attributes,
      deletionPolicy: row.deletionPolicy,
      management: row.management,
      state: row.state,
      ...(row.reason ? { reason: row.reason } : {}),
      outputs: row.outputs,
      secretOutputs: row.secretNames,
      ...(row.provider ? { provider: row.provider } : {}),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    });
  }
}

export class AddonInstancePageView extends PageViewOf(AddonInstanceView) {}

export class AddonClaimView {
  @ApiProperty() deploymentId!: string;
  @ApiProperty() appId!: string;
  @ApiProperty() component!: string;
  @ApiProperty() cluster!: string;
  @ApiProperty() namespace!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static of(claim: AddonClaim): AddonClaimView {
    const { deploymentId, appId, component, cluster, namespace } = claim;
    return Object.assign(new AddonClaimView(), {
      deploymentId,
      appId,
      component,
      cluster,
      namespace,
      createdAt: claim.createdAt.toISOString(),
    });
  }
}

export class AddonGrantView {
  @ApiProperty() cluster!: string;
  @ApiProperty() namespace!: string;
}

export class AddonInstanceDetailView extends AddonInstanceView {
  @ApiProperty({ type: [AddonClaimView] }) claims!: AddonClaimView[];
  @ApiProperty({ type: [AddonGrantView], description: 'other namespaces allowed to claim it' }) grants!: AddonGrantView[];
}
