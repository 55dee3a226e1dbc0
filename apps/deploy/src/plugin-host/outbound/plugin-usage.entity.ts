import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A plug-in version whose use a deployment recorded at the registry and has not released yet. */
@Entity({ name: 'deployment_plugin_usage' })
export class DeploymentPluginUsageEntity {
  @PrimaryColumn({ name: 'deployment_id', type: 'uuid' }) deploymentId!: string;
  @PrimaryColumn({ name: 'plugin_name', type: 'text' }) pluginName!: string;
  @PrimaryColumn({ name: 'plugin_version', type: 'text' }) pluginVersion!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt!: Date;
}

export const pluginUsageEntities = [DeploymentPluginUsageEntity];
