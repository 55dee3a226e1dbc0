import { ApiProperty } from '@nestjs/swagger';
import { PageViewOf } from '@appmanager/service-host';
import { type AddonInstance, addonInstanceStates } from '../domain/addon-instance.js';

export class AddonInstanceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'e.g. postgres-database' }) addonType!: string;
  @ApiProperty() addonName!: string;
  @ApiProperty() namespace!: string;
  @ApiProperty({ description: 'empty for the namespace itself' }) stage!: string;
  @ApiProperty({ enum: addonInstanceStates }) state!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static of(row: AddonInstance): AddonInstanceView {
    return Object.assign(new AddonInstanceView(), {
      id: row.id,
      addonType: row.addonType,
      addonName: row.addonName,
      namespace: row.namespace,
      stage: row.stage,
      state: row.state,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    });
  }
}

export class AddonInstancePageView extends PageViewOf(AddonInstanceView) {}
