import { Inject, Injectable } from '@nestjs/common';
import { deploymentRejectedEvent } from '@appmanager/contracts';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { CommandInbox } from '../../inbox/application/command-inbox.js';
import { type LaunchRequest } from '../domain/deployment.js';
import { LaunchDeploymentUseCase } from './launch-deployment.use-case.js';

export interface LaunchCommand {
  request: LaunchRequest;
  eventId: string;
  /** The durable consumer that delivered it: the inbox records the event per consumer. */
  consumer: string;
  correlationId: string;
}

/** What became of a launch command; `applied: false` means an earlier delivery of the same event already counted. */
export type LaunchCommandOutcome =
  | { outcome: 'rejected'; applied: boolean; issues: { path: string; problem: string }[] }
  | { outcome: 'recorded'; applied: false; uncheckedReason?: string }
  | { outcome: 'recorded'; applied: true; deploymentId: string; uncheckedReason?: string };

/**
 * A launch by command, checked as a plan is first. The inbox record and the deployment commit in one transaction, so
 * a redelivered or re-published event records once. A launch that cannot run records nothing and announces
 * `deploy.evt.deployment.rejected.v1` with the issues in the inbox's transaction, so the sender learns why exactly once.
 */
@Injectable()
export class LaunchByCommandUseCase {
  constructor(
    @Inject(LaunchDeploymentUseCase) private readonly launcher: LaunchDeploymentUseCase,
    @Inject(CommandInbox) private readonly inbox: CommandInbox,
  ) {}

  async execute(command: LaunchCommand): Promise<LaunchCommandOutcome> {
    let check;
    try {
      check = await this.launcher.check(command.request);
    } catch (error) {
      if (!(error instanceof ApplicationInvalidError)) throw error;
      const issues = error.problems.map((p) => ({ path: p.path, problem: p.problem }));
      const rejected = await this.inbox.once(command.consumer, command.eventId, (transaction) =>
        this.inbox.announce(transaction, deploymentRejectedEvent, {
          commandId: command.eventId,
          appId: command.request.appId,
          issues,
          rejectedAt: new Date().toISOString(),
        }),
      );
      return { outcome: 'rejected', applied: rejected.applied, issues };
    }
    const unchecked = check.outcome === 'unchecked' ? { uncheckedReason: check.reason } : {};
    const recorded = await this.inbox.once(command.consumer, command.eventId, (transaction) =>
      this.launcher.record(
        { request: command.request, sourceEventId: command.eventId, correlationId: command.correlationId },
        check,
        transaction,
      ),
    );
    return recorded.applied
      ? { outcome: 'recorded', applied: true, deploymentId: recorded.result.deployment.id, ...unchecked }
      : { outcome: 'recorded', applied: false, ...unchecked };
  }
}
