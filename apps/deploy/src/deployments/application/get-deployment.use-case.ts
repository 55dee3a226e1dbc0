import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Deployment } from '../domain/deployment.js';
import { DeploymentRepository } from './deployment.repository.js';

@Injectable()
export class GetDeploymentUseCase {
  constructor(@Inject(DeploymentRepository) private readonly deployments: DeploymentRepository) {}

  async execute(id: string): Promise<Deployment> {
    const found = await this.deployments.findById(id);
    if (!found) throw new NotFoundException(`deployment "${id}" not found`);
    return found;
  }
}
