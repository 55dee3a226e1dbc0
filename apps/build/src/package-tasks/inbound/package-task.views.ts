import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { appPackageTaskStates, componentPackageTaskStates } from '@appmanager/contracts';
import { PageViewOf } from '@appmanager/service-host';
import type { AppPackageTask, ComponentPackageTask } from '../domain/package-task.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export class ComponentPackageTaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) appPackageTaskId!: string | null;
  @ApiProperty() appId!: string;
  @ApiProperty() componentType!: string;
  @ApiProperty() componentName!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: componentPackageTaskStates }) state!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'why it failed' }) reason!: string | null;
  @ApiProperty({ description: 'times it was started (a replica that died: started again)' }) attempt!: number;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) componentPackageId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;

  static of(t: ComponentPackageTask): ComponentPackageTaskView {
    return Object.assign(new ComponentPackageTaskView(), {
      id: t.id,
      appPackageTaskId: t.appPackageTaskId,
      appId: t.appId,
      componentType: t.componentType,
      componentName: t.componentName,
      version: t.version,
      state: t.state,
      reason: t.reason,
      attempt: t.attempt,
      componentPackageId: t.componentPackageId,
      createdAt: t.createdAt.toISOString(),
      startedAt: iso(t.startedAt),
      finishedAt: iso(t.finishedAt),
    });
  }
}

export class ProgressView {
  @ApiProperty({ description: 'component tasks done (SUCCESS or SKIP)' }) done!: number;
  @ApiProperty() total!: number;
}

export class AppPackageTaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() appId!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: appPackageTaskStates }) state!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) reason!: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'the app package, once SUCCESS' })
  appPackageId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;

  static of(t: AppPackageTask): AppPackageTaskView {
    return Object.assign(new AppPackageTaskView(), {
      id: t.id,
      appId: t.appId,
      version: t.version,
      state: t.state,
      tags: t.tags,
      reason: t.reason,
      appPackageId: t.appPackageId,
      createdAt: t.createdAt.toISOString(),
      finishedAt: iso(t.finishedAt),
    });
  }
}

export class AppPackageTaskDetailView extends AppPackageTaskView {
  @ApiProperty({ type: ProgressView }) progress!: ProgressView;
  @ApiProperty({ type: [ComponentPackageTaskView] }) componentPackageTasks!: ComponentPackageTaskView[];
}

export class AppPackageTaskPageView extends PageViewOf(AppPackageTaskView) {}
export class ComponentPackageTaskPageView extends PageViewOf(ComponentPackageTaskView) {}
