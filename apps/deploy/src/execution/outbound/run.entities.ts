import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'deployment_run' })
export class DeploymentRunEntity {
  @PrimaryColumn({ name: 'deployment_id', type: 'uuid' }) deploymentId!: string;
  @Column({ type: 'text' }) state!: string;
  @Column({ type: 'jsonb', nullable: true }) application!: object | null;
  @Column({ type: 'jsonb', nullable: true }) target!: object | null;
  @Column({ type: 'jsonb', nullable: true }) workflow!: object | null;
  @Column({ name: 'wake_at', type: 'timestamptz', nullable: true }) wakeAt!: Date | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'lease_owner', type: 'text', nullable: true }) leaseOwner!: string | null;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt!: Date | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}

@Entity({ name: 'deployment_node' })
export class DeploymentNodeEntity {
  @PrimaryColumn({ name: 'deployment_id', type: 'uuid' }) deploymentId!: string;
  @PrimaryColumn({ type: 'text' }) step!: string;
  @PrimaryColumn({ name: 'node_id', type: 'text' }) nodeId!: string;
  @Column({ type: 'text' }) state!: string;
  @Column({ type: 'text', nullable: true }) version!: string | null;
  @Column({ name: 'applied_version', type: 'text', nullable: true }) appliedVersion!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'jsonb', default: {} }) outputs!: object;
  @Column({ type: 'jsonb', nullable: true }) workload!: object | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}

@Entity({ name: 'deployment_history' })
export class DeploymentHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'deployment_id', type: 'uuid' }) deploymentId!: string;
  @Column({ type: 'text' }) subject!: string;
  @Column({ name: 'from_state', type: 'text' }) fromState!: string;
  @Column({ name: 'to_state', type: 'text' }) toState!: string;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'timestamptz' }) at!: Date;
}

@Entity({ name: 'deployment_operation' })
export class DeploymentOperationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'deployment_id', type: 'uuid' }) deploymentId!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'jsonb' }) payload!: object;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
}

export const runEntities = [DeploymentRunEntity, DeploymentNodeEntity, DeploymentHistoryEntity, DeploymentOperationEntity];
