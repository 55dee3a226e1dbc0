import { Inject, Injectable } from '@nestjs/common';
import { DescribeDeploymentUseCase, type DeploymentGraphView } from '../../execution/application/describe-deployment.use-case.js';
import type { Deployment } from '../domain/deployment.js';
import { DeploymentNotFoundError } from '../domain/deployment.errors.js';
import { DeploymentRepository } from './deployment.repository.js';

/** A deployment as recorded, with its run (node states, reason) once a runner took it up. */
@Injectable()
export class GetDeploymentUseCase {
  constructor(
    @Inject(DeploymentRepository) private readonly deployments: DeploymentRepository,
    @Inject(DescribeDeploymentUseCase) private readonly describe: DescribeDeploymentUseCase,
  ) {}

  async execute(id: string): Promise<{ deployment: Deployment; run: DeploymentGraphView | undefined }> {
    const deployment = await this.deployments.findById(id);
    if (!deployment) throw new DeploymentNotFoundError(`deployment "${id}" not found`);
    // not taken up by a runner yet is an answer; a store that fails is not, so it is no longer swallowed
    return { deployment, run: await this.describe.find(id) };
  }
}
