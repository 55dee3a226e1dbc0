import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Deployment, type LaunchRequest, newDeployment } from '../domain/deployment.js';
import { type Transaction } from '../../inbox/application/command-inbox.js';
import { DeploymentRepository } from './deployment.repository.js';

export interface RecordLaunchInput {
  request: LaunchRequest;
  /** CloudEvent id or HTTP Idempotency-Key; null when the caller gave none. */
  sourceEventId: string | null;
  correlationId: string;
}

/** Records a launch as a CREATED deployment, once per source event. */
@Injectable()
export class RecordLaunchUseCase {
  constructor(@Inject(DeploymentRepository) private readonly deployments: DeploymentRepository) {}

  execute(input: RecordLaunchInput, transaction?: Transaction): Promise<{ deployment: Deployment; created: boolean }> {
    const deployment = newDeployment(randomUUID(), input.request, {
      sourceEventId: input.sourceEventId,
      correlationId: input.correlationId,
      now: new Date(),
    });
    return this.deployments.insertOnce(deployment, transaction);
  }
}
