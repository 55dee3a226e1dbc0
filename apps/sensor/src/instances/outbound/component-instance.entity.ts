import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AppliedObject, DriftedObject, InstanceSensing } from '../domain/component-instance.js';

@Entity({ name: 'component_instance' })
export class ComponentInstanceEntity {
  @PrimaryColumn({ name: 'app_id', type: 'text' })
  appId!: string;

  @PrimaryColumn({ type: 'text' })
  stage!: string;

  @PrimaryColumn({ type: 'text' })
  cluster!: string;

  @PrimaryColumn({ type: 'text' })
  namespace!: string;

  @PrimaryColumn({ type: 'text' })
  component!: string;

  @Column({ type: 'text', nullable: true })
  unit!: string | null;

  @Column({ name: 'component_type', type: 'text' })
  componentType!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'jsonb' })
  objects!: AppliedObject[];

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'status_message', type: 'text', nullable: true })
  statusMessage!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  drifted!: DriftedObject[];

  @Column({ type: 'jsonb', default: () => `'{"traits":[]}'` })
  sensing!: InstanceSensing;

  @Column({ name: 'observed_at', type: 'timestamptz', nullable: true })
  observedAt!: Date | null;

  @Column({ name: 'nodes_applied_at', type: 'jsonb' })
  nodesAppliedAt!: Record<string, string>;

  @Column({ name: 'deployment_id', type: 'text' })
  deploymentId!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
