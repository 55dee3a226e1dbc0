import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'addon_instance' })
export class AddonInstanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'addon_type', type: 'text' })
  addonType!: string;

  @Column({ name: 'addon_name', type: 'text' })
  addonName!: string;

  @Column({ type: 'text' })
  namespace!: string;

  @Column({ type: 'text' })
  stage!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
