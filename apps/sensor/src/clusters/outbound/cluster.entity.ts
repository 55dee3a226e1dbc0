import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'cluster' })
export class ClusterEntity {
  @PrimaryColumn({ name: 'cluster_id', type: 'text' })
  clusterId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'api_server', type: 'text' })
  apiServer!: string;

  @Column({ type: 'text', default: 'poll' })
  sensing!: 'poll' | 'watch';

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'last_event_id', type: 'text' })
  lastEventId!: string;
}
