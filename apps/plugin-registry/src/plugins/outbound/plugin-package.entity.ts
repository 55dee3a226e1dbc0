import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'plugin_package' })
export class PluginPackageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'archive_key', type: 'text' })
  archiveKey!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
