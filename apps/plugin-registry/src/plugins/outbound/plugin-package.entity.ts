import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StoredDefinition } from '../domain/plugin-package.js';

@Entity({ name: 'plugin_package' })
export class PluginPackageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'archive_key', type: 'text' })
  archiveKey!: string;

  @Column({ name: 'size_bytes', type: 'integer', default: 0 })
  sizeBytes!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  definitions!: StoredDefinition[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
