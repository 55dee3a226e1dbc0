import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'unit' })
export class UnitEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
}

@Entity({ name: 'cluster' })
export class ClusterEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'unit_id', type: 'text' }) unitId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'api_endpoint', type: 'text' }) apiEndpoint!: string;
  @Column({ type: 'text', default: 'poll' }) sensing!: 'poll' | 'watch';
  /** AES-256-GCM sealed (SecretCipher), never plain. */
  @Column({ name: 'ca_sealed', type: 'text' }) caSealed!: string;
  @Column({ name: 'credentials_sealed', type: 'text' }) credentialsSealed!: string;
}

@Entity({ name: 'namespace' })
export class NamespaceEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'cluster_id', type: 'text' }) clusterId!: string;
  @Column({ type: 'text' }) name!: string;
}

@Entity({ name: 'stage' })
export class StageEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'namespace_id', type: 'text' }) namespaceId!: string;
  @Column({ type: 'text' }) name!: string;
}

export const environmentEntities = [UnitEntity, ClusterEntity, NamespaceEntity, StageEntity];
