import { Inject, Injectable } from '@nestjs/common';
import { CommandInbox } from '../../inbox/application/command-inbox.js';
import { DeploymentConflictError, DeploymentNotFoundError } from '../domain/deployment.errors.js';
import { type UndeployInput, UndeployAppInstanceUseCase } from './undeploy-app-instance.use-case.js';

/** What became of an undeploy command: recorded (unless an earlier delivery was), or refused with the reason. */
export type UndeployCommandOutcome =
  { outcome: 'recorded'; applied: boolean; deploymentId?: string } | { outcome: 'refused'; reason: string };

/**
 * An undeploy by command, recorded once per event (inbox and record in one transaction). A request that cannot be
 * carried out (nothing on that stage, a deployment still running) is refused with its reason rather than thrown:
 * delivering it again would not change the answer.
 */
@Injectable()
export class UndeployByCommandUseCase {
  constructor(
    @Inject(UndeployAppInstanceUseCase) private readonly undeploy: UndeployAppInstanceUseCase,
    @Inject(CommandInbox) private readonly inbox: CommandInbox,
  ) {}

  async execute(input: UndeployInput & { sourceEventId: string }, consumer: string): Promise<UndeployCommandOutcome> {
    try {
      const outcome = await this.inbox.once(consumer, input.sourceEventId, (transaction) => this.undeploy.execute(input, transaction));
      return outcome.applied
        ? { outcome: 'recorded', applied: true, deploymentId: outcome.result.deployment.id }
        : { outcome: 'recorded', applied: false };
    } catch (error) {
      if (!(error instanceof DeploymentNotFoundError || error instanceof DeploymentConflictError)) throw error;
      return { outcome: 'refused', reason: error.message };
    }
  }
}
