import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageViewOf } from '@appmanager/service-host';
import { type BuildTask, buildTaskKinds, buildTaskStates } from '../domain/build-task.js';

export class BuildTaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: buildTaskKinds }) kind!: string;
  @ApiProperty() appId!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'set for a component-package task' }) componentName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the package version built, once known' }) version!: string | null;
  @ApiProperty({ enum: buildTaskStates }) state!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static of(row: BuildTask): BuildTaskView {
    return Object.assign(new BuildTaskView(), {
      id: row.id,
      kind: row.kind,
      appId: row.appId,
      componentName: row.componentName,
      version: row.version,
      state: row.state,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    });
  }
}

export class BuildTaskPageView extends PageViewOf(BuildTaskView) {}
