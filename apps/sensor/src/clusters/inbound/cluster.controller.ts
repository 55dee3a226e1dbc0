import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiPageQuery, pageQuerySchema, pageViewOf, ZodValidationPipe, Permission } from '@appmanager/service-host';
import { z } from 'zod';
import { ListClustersUseCase } from '../application/list-clusters.use-case.js';
import { ClusterPageView, ClusterView } from './cluster.view.js';

const clusterQuerySchema = pageQuerySchema.extend({ unitId: z.string().min(1).max(128).optional() });

@ApiTags('clusters')
@Controller('clusters')
export class ClusterController {
  constructor(@Inject(ListClustersUseCase) private readonly listClusters: ListClustersUseCase) {}

  @Get()
  @Permission('fleet:read')
  @ApiQuery({ name: 'unitId', required: false, description: 'only the clusters of this unit' })
  @ApiPageQuery()
  @ApiOkResponse({ type: ClusterPageView, description: 'the fleet this sensor knows, by unit' })
  async list(@Query(new ZodValidationPipe(clusterQuerySchema)) query: z.infer<typeof clusterQuerySchema>): Promise<ClusterPageView> {
    const { unitId, ...page } = query;
    const result = await this.listClusters.execute(page, unitId);
    return pageViewOf(result, (cluster) => ClusterView.of(cluster));
  }
}
