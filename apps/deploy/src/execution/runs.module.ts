import { Module } from '@nestjs/common';
import { DescribeDeploymentUseCase } from './application/describe-deployment.use-case.js';
import { RunStore } from './application/run.store.js';
import { TypeOrmRunStore } from './outbound/typeorm-run.store.js';

/** Deployment runs as stored: shared by the runner and by the deployments API (node states on GET). */
@Module({
  providers: [{ provide: RunStore, useClass: TypeOrmRunStore }, DescribeDeploymentUseCase],
  exports: [RunStore, DescribeDeploymentUseCase],
})
export class RunsModule {}
