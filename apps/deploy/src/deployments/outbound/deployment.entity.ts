import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeploymentKind, DeploymentTarget } from '../domain/deployment.js';

@Entity({ name: 'deployment' })
export class DeploymentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', default: 'deploy' })
  kind!: DeploymentKind;

  @Column({ name: 'source_deployment_id', type: 'uuid', nullable: true })
  sourceDeploymentId!: string | null;

  @Column({ name: 'app_id', type: 'text' })
  appId!: string;

  @Column({ type: 'text' })
  state!: string;

  /** YAML text or an object: jsonb holds either as given. */
  @Column({ type: 'jsonb' })
  configuration!: string | object;

  @Column({ type: 'jsonb' })
  target!: DeploymentTarget;

  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy!: string | null;

  /** The trace of the request or command that launched it (W3C traceparent), continued by the runner. */
  @Column({ type: 'text', nullable: true })
  traceparent!: string | null;

  @Column({ name: 'source_event_id', type: 'text', nullable: true, unique: true })
  sourceEventId!: string | null;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
