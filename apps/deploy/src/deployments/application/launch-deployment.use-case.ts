import { Inject, Injectable } from '@nestjs/common';
import { ResolveAppPackagesUseCase } from '../../app-packages/application/resolve-app-packages.use-case.js';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { PlanDeploymentUseCase } from '../../plan/application/plan-deployment.use-case.js';
import { type Deployment, type DeploymentTarget, type LaunchRequest } from '../domain/deployment.js';
import { type Transaction } from '../../inbox/application/command-inbox.js';
import { RecordLaunchUseCase, type RecordLaunchInput } from './record-launch.use-case.js';

/**
 * The launch was checked as a plan is and can run; `target` is where it goes, as resolved. `configuration` is the
 * one to store: with what it takes from its app package filled in, so a runner never asks the build service.
 */
export type LaunchCheck = { configuration: LaunchRequest['configuration'] } & (
  { outcome: 'valid'; target: DeploymentTarget } | { outcome: 'unchecked'; reason: string }
);

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
    @Inject(ResolveAppPackagesUseCase) private readonly packages: ResolveAppPackagesUseCase,
  ) {}

  /** A component its app package lacks is invalid; the build service away throws AppPackageUnavailableError. */
  async check(request: LaunchRequest): Promise<LaunchCheck> {
    const configuration = await this.packages.execute(request.configuration, request.appId, request.appPackage);
    try {
      const plan = await this.plan.execute(configuration, request.target ?? {});
      return { configuration, outcome: 'valid', target: withoutEmpty(plan.target) };
    } catch (error) {
      if (error instanceof ApplicationInvalidError) throw error;
      return { configuration, outcome: 'unchecked', reason: (error as Error).message };
    }
  }

  /** Records a checked launch, with its resolved target. */
  record(input: RecordLaunchInput, check: LaunchCheck, transaction?: Transaction): Promise<{ deployment: Deployment; created: boolean }> {
    const resolved = { ...input.request, configuration: check.configuration };
    const request = check.outcome === 'valid' ? { ...resolved, target: check.target } : resolved;
    return this.recordLaunch.execute({ ...input, request }, transaction);
  }
}

function withoutEmpty(target: DeploymentTarget): DeploymentTarget {
  return Object.fromEntries(Object.entries(target).filter(([, v]) => typeof v === 'string' && v !== '')) as DeploymentTarget;
}
