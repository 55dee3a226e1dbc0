import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Deployment, newDeployment } from '../domain/deployment.js';
import { DeploymentConflictError, DeploymentNotFoundError } from '../domain/deployment.errors.js';
import { type Transaction } from '../../inbox/application/command-inbox.js';
import { DeploymentRepository } from './deployment.repository.js';

export interface UndeployInput {
  appId: string;
  stage: string;
  cluster?: string;
  namespace?: string;
  requestedBy?: string;
  /** CloudEvent id or HTTP Idempotency-Key; null when the caller gave none. */
  sourceEventId: string | null;
  correlationId: string;
}

/** Deployments in these states run nothing now: what they applied may be removed. */
const settled = ['SUCCESS', 'FAILURE', 'WAIT_FOR_OP', 'TERMINATED'];

/**
 * Records an undeploy of an application instance (an app on a stage, optionally one cluster / namespace): a
 * deployment of kind `undeploy` naming the newest deployment on that stage, which the runners carry out like any
 * deployment (durable, leased, with node progress): each component's plug-in `destroy` in reverse dependency order.
 * A second request while one is under way answers that one.
 */
@Injectable()
export class UndeployAppInstanceUseCase {
  constructor(@Inject(DeploymentRepository) private readonly deployments: DeploymentRepository) {}

  async execute(input: UndeployInput, transaction?: Transaction): Promise<{ deployment: Deployment; created: boolean }> {
    const place = {
      stage: input.stage,
      ...(input.cluster ? { cluster: input.cluster } : {}),
      ...(input.namespace ? { namespace: input.namespace } : {}),
    };
    const where = `stage "${input.stage}"${input.cluster ? ` of cluster "${input.cluster}"` : ''}${input.namespace ? ` in namespace "${input.namespace}"` : ''}`;
    const source = await this.deployments.latestOnStage(input.appId, place);
    if (!source) throw new DeploymentNotFoundError(`application "${input.appId}" has no deployment on ${where}`);
    const earlier = await this.deployments.undeploysOf(source.id);
    const underWay = earlier.find((u) => !['SUCCESS', 'FAILURE', 'TERMINATED'].includes(u.state));
    if (underWay) return { deployment: underWay, created: false };
    if (earlier.some((u) => u.state === 'SUCCESS')) {
      throw new DeploymentNotFoundError(
        `application "${input.appId}" has nothing deployed on ${where}: deployment ${source.id} was undeployed`,
      );
    }
    if (!settled.includes(source.state)) {
      throw new DeploymentConflictError(
        `deployment ${source.id} of "${input.appId}" is ${source.state} on ${where}; terminate it (or let it finish) before undeploying`,
      );
    }
    const undeploy = newDeployment(
      randomUUID(),
      {
        appId: input.appId,
        configuration: source.configuration,
        target: source.target,
        ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
      },
      {
        sourceEventId: input.sourceEventId,
        correlationId: input.correlationId,
        now: new Date(),
        kind: 'undeploy',
        sourceDeploymentId: source.id,
      },
    );
    return this.deployments.insertOnce(undeploy, transaction);
  }
}
