import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { componentPackageTaskStates } from '@appmanager/contracts';
import { ApiPageQuery, type PageQuery, pageQuerySchema, pageViewOf, ZodValidationPipe, Permission } from '@appmanager/service-host';
import { z } from 'zod';
import { binderSchema } from '../../build-configs/inbound/binder.schema.js';
import { BuildErrorsInterceptor } from '../../packages/inbound/build-errors.interceptor.js';
import { CreateAppPackageTaskUseCase } from '../application/create-app-package-task.use-case.js';
import { PackageTaskOperationsUseCase } from '../application/package-task-operations.use-case.js';
import {
  AppPackageTaskDetailView,
  AppPackageTaskPageView,
  AppPackageTaskView,
  ComponentPackageTaskPageView,
  ComponentPackageTaskView,
} from './package-task.views.js';

const createSchema = z.object({
  version: z.string().min(1).max(128).default('_'),
  tags: z
    .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a tag'))
    .max(32)
    .default([]),
  components: z
    .array(binderSchema.partial({ options: true }))
    .min(1)
    .max(200)
    .optional(),
});
const componentListSchema = pageQuerySchema.extend({
  appId: z.string().min(1).optional(),
  appPackageTaskId: z.uuid().optional(),
  state: z.enum(componentPackageTaskStates).optional(),
});
const logQuerySchema = z.object({ follow: z.enum(['0', '1', 'true', 'false']).optional() });

@ApiTags('package-tasks')
@Controller()
@UseInterceptors(BuildErrorsInterceptor)
export class PackageTaskController {
  constructor(
    @Inject(CreateAppPackageTaskUseCase) private readonly create: CreateAppPackageTaskUseCase,
    @Inject(PackageTaskOperationsUseCase) private readonly operations: PackageTaskOperationsUseCase,
  ) {}

  /** AppManager's POST /apps/{appId}/app-package-tasks: builds every listed component (default: all with a build configuration). */
  @Post('apps/:appId/app-package-tasks')
  @Permission('packages:build')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AppPackageTaskDetailView, description: 'CREATED and queued; follow it at Location' })
  async createTask(
    @Param('appId', new ZodValidationPipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,127}$/, 'expected an app id'))) appId: string,
    @Body(new ZodValidationPipe(createSchema)) body: z.infer<typeof createSchema>,
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<AppPackageTaskDetailView> {
    const { task } = await this.create.execute({
      appId,
      version: body.version,
      tags: body.tags,
      ...(body.components ? { components: body.components } : {}),
    });
    res.setHeader('location', `/v1/app-package-tasks/${task.id}`);
    return this.detail(task.id);
  }

  @Get('apps/:appId/app-package-tasks')
  @Permission('packages:read')
  @ApiPageQuery()
  @ApiOkResponse({ type: AppPackageTaskPageView, description: 'newest first' })
  async listTasks(
    @Param('appId') appId: string,
    @Query(new ZodValidationPipe(pageQuerySchema)) page: PageQuery,
  ): Promise<AppPackageTaskPageView> {
    const result = await this.operations.listAppTasks(appId, page);
    return pageViewOf({ ...result, limit: page.limit, offset: page.offset }, (t) => AppPackageTaskView.of(t));
  }

  @Get('app-package-tasks/:id')
  @Permission('packages:read')
  @ApiOkResponse({ type: AppPackageTaskDetailView, description: 'the task, its progress and its component tasks' })
  async detail(@Param('id') id: string): Promise<AppPackageTaskDetailView> {
    const { task, components, progress } = await this.operations.appTask(id);
    return Object.assign(new AppPackageTaskDetailView(), AppPackageTaskView.of(task), {
      progress,
      componentPackageTasks: components.map((c) => ComponentPackageTaskView.of(c)),
    });
  }

  @Get('component-package-tasks')
  @Permission('packages:read', undefined, { listsApps: true })
  @ApiPageQuery()
  @ApiOkResponse({ type: ComponentPackageTaskPageView })
  async listComponentTasks(
    @Query(new ZodValidationPipe(componentListSchema)) query: z.infer<typeof componentListSchema>,
  ): Promise<ComponentPackageTaskPageView> {
    const { limit, offset, ...filter } = query;
    const result = await this.operations.listComponentTasks(filter, { limit, offset });
    return pageViewOf({ ...result, limit, offset }, (t) => ComponentPackageTaskView.of(t));
  }

  @Get('component-package-tasks/:id')
  @Permission('packages:read')
  @ApiOkResponse({ type: ComponentPackageTaskView })
  async componentTask(@Param('id') id: string): Promise<ComponentPackageTaskView> {
    return ComponentPackageTaskView.of(await this.operations.componentTask(id));
  }

  @Post('component-package-tasks/:id\\:retry')
  @Permission('packages:build')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ComponentPackageTaskView, description: 'FAILURE → RUNNING; 409 for a task in another state' })
  async retry(@Param('id') id: string): Promise<ComponentPackageTaskView> {
    return ComponentPackageTaskView.of(await this.operations.retry(id));
  }

  /** The build log: text so far, or with `?follow=1` a server-sent event per line until the task ends (`event: end`). */
  @Get('component-package-tasks/:id/logs')
  @Permission('packages:read')
  @ApiProduces('text/plain', 'text/event-stream')
  @ApiQuery({ name: 'follow', required: false, description: '1: stream lines as server-sent events while the task runs' })
  async logs(
    @Param('id') id: string,
    @Query(new ZodValidationPipe(logQuerySchema)) query: z.infer<typeof logQuerySchema>,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (query.follow !== '1' && query.follow !== 'true') {
      const text = await this.operations.log(id);
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(text);
      return;
    }
    await this.operations.componentTask(id);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let closed = false;
    res.on('close', () => (closed = true));
    let sent = 0;
    let cursor = 0;
    while (!closed) {
      const { lines, cursor: next, done } = await this.operations.follow(id, sent, cursor);
      for (const line of lines) res.write(`id: ${++sent}\ndata: ${line.replace(/\r?\n/g, ' ')}\n\n`);
      cursor = next;
      if (done) {
        const task = await this.operations.componentTask(id);
        res.write(`event: end\ndata: ${JSON.stringify({ state: task.state, reason: task.reason })}\n\n`);
        break;
      }
      if (lines.length === 0) await sleep(300);
    }
    res.end();
  }
}
