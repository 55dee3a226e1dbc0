import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { ApiConflictResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ZodValidationPipe, Permission } from '@appmanager/service-host';
import { type z } from 'zod';
import { EnvironmentRepository } from '../application/environment.repository.js';
import { ManageEnvironmentsUseCase, RegisterClusterUseCase } from '../application/manage-environments.use-case.js';
import { type ClusterView, clusterView, type Namespace, type Stage, type Unit } from '../domain/environment.model.js';
import { EnvironmentErrorsInterceptor } from './environment-errors.interceptor.js';
import {
  byCluster,
  byNamespace,
  clusterBody,
  clusterUpdateBody,
  namespaceBody,
  stageBody,
  unitBody,
  unitUpdateBody,
} from './environment.schemas.js';

/** Units, clusters, namespaces and stages under /v1. Cluster credentials go in and never come out. */
@ApiTags('environments')
@ApiConflictResponse({ description: 'the id exists already, or the entity still has children' })
@ApiUnprocessableEntityResponse({ description: 'names the field and the problem' })
@Controller()
@UseInterceptors(EnvironmentErrorsInterceptor)
export class EnvironmentController {
  constructor(
    @Inject(ManageEnvironmentsUseCase) private readonly manage: ManageEnvironmentsUseCase,
    @Inject(RegisterClusterUseCase) private readonly registerCluster: RegisterClusterUseCase,
    @Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository,
  ) {}

  @Post('units')
  @Permission('environments:write')
  async addUnit(@Body(new ZodValidationPipe(unitBody)) body: z.infer<typeof unitBody>): Promise<Unit> {
    await this.manage.addUnit(body);
    return body;
  }

  @Put('units/:id')
  @Permission('environments:write')
  async updateUnit(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(unitUpdateBody)) body: z.infer<typeof unitUpdateBody>,
  ): Promise<Unit> {
    await this.manage.updateUnit({ id, ...body });
    return { id, ...body };
  }

  @Get('units')
  @Permission('environments:read')
  units(): Promise<Unit[]> {
    return this.environments.units();
  }

  @Post('clusters')
  @Permission('environments:write')
  register(@Body(new ZodValidationPipe(clusterBody)) body: z.infer<typeof clusterBody>): Promise<ClusterView & { version: string }> {
    return this.registerCluster.execute(body);
  }

  @Put('clusters/:id')
  @Permission('environments:write')
  updateCluster(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(clusterUpdateBody)) body: z.infer<typeof clusterUpdateBody>,
  ): Promise<ClusterView & { version: string }> {
    return this.registerCluster.update(id, body);
  }

  @Get('clusters')
  @Permission('environments:read')
  async clusters(): Promise<ClusterView[]> {
    return (await this.environments.clusters()).map(clusterView);
  }

  @Get('clusters/:id')
  @Permission('environments:read')
  async cluster(@Param('id') id: string): Promise<ClusterView> {
    const found = await this.environments.cluster(id);
    if (!found) throw new NotFoundException(`cluster "${id}" not found`);
    return clusterView(found);
  }

  @Post('namespaces')
  @Permission('environments:write')
  async addNamespace(@Body(new ZodValidationPipe(namespaceBody)) body: Namespace): Promise<Namespace> {
    await this.manage.addNamespace(body);
    return body;
  }

  @Get('namespaces')
  @Permission('environments:read')
  namespaces(@Query(new ZodValidationPipe(byCluster)) query: z.infer<typeof byCluster>): Promise<Namespace[]> {
    return this.environments.namespaces(query.clusterId);
  }

  @Post('stages')
  @Permission('environments:write')
  async addStage(@Body(new ZodValidationPipe(stageBody)) body: Stage): Promise<Stage> {
    await this.manage.addStage(body);
    return body;
  }

  @Get('stages')
  @Permission('environments:read')
  stages(@Query(new ZodValidationPipe(byNamespace)) query: z.infer<typeof byNamespace>): Promise<Stage[]> {
    return this.environments.stages(query.namespaceId);
  }

  @Delete(':kind/:id')
  @Permission('environments:write')
  @HttpCode(204)
  async remove(@Param('kind') kind: string, @Param('id') id: string): Promise<void> {
    const kinds = { units: 'unit', clusters: 'cluster', namespaces: 'namespace', stages: 'stage' } as const;
    const singular = kinds[kind as keyof typeof kinds];
    if (!singular) throw new NotFoundException(`no such collection "${kind}"`);
    await this.manage.remove(singular, id);
  }
}
