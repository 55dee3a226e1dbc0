import { Inject, Injectable } from '@nestjs/common';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { PlanDeploymentUseCase } from '../../plan/application/plan-deployment.use-case.js';
import { type Deployment, type DeploymentTarget, type LaunchRequest } from '../domain/deployment.js';
import { type Transaction } from '../../inbox/application/command-inbox.js';
import { RecordLaunchUseCase, type RecordLaunchInput } from './record-launch.use-case.js';

/** The launch was checked as a plan is and can run; `target` is where it goes, as resolved. */
export type LaunchCheck = { outcome: 'valid'; target: DeploymentTarget } | { outcome: 'unchecked'; reason: string };

/**
 * A launch checks what a plan checks (parse, types, property schemas, DAG, each deploy step's selection and
 * policies, placements, targets) before anything is recorded: an invalid application throws
 * ApplicationInvalidError and leaves no trace. When the check itself cannot run (the registry or the database is
 * away for a moment), the launch is recorded as asked and the runner validates it once it can: nothing is lost.
 */
@Injectable()
export class LaunchDeploymentUseCase {
  constructor(
    @Inject(PlanDeploymentUseCase) private readonly plan: PlanDeploymentUseCase,
    @Inject(RecordLaunchUseCase) private readonly recordLaunch: RecordLaunchUseCase,
  ) {}

  async check(request: LaunchRequest): Promise<LaunchCheck> {
    try {
      const plan = await this.plan.execute(request.configuration, request.target ?? {});
      return { outcome: 'valid', target: withoutEmpty(plan.target) };
    } catch (error) {
      if (error instanceof ApplicationInvalidError) throw error;
      return { outcome: 'unchecked', reason: (error as Error).message };
    }
  }

  /** Records a checked launch, with its resolved target. */
  record(input: RecordLaunchInput, check: LaunchCheck, transaction?: Transaction): Promise<{ deployment: Deployment; created: boolean }> {
    const request = check.outcome === 'valid' ? { ...input.request, target: check.target } : input.request;
    return this.recordLaunch.execute({ ...input, request }, transaction);
  }
}

function withoutEmpty(target: DeploymentTarget): DeploymentTarget {
  return Object.fromEntries(Object.entries(target).filter(([, v]) => typeof v === 'string' && v !== '')) as DeploymentTarget;
}
