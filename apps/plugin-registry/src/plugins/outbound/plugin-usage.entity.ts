import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Something (a deployment) using a package version; while any exists the version is not deleted. */
@Entity({ name: 'plugin_usage' })
export class PluginUsageEntity {
  @PrimaryColumn({ name: 'package_id', type: 'uuid' })
  packageId!: string;

  @PrimaryColumn({ type: 'text' })
  consumer!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
