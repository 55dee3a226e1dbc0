import { Inject, Injectable } from '@nestjs/common';
import { RunNotFoundError } from '../../execution/domain/run.errors.js';
import { RunStore } from '../../execution/application/run.store.js';
import { isRunId } from '../../execution/application/run.records.js';
import { DeploymentConflictError } from '../domain/deployment.errors.js';
import { RecordLaunchUseCase } from './record-launch.use-case.js';

/** A new deployment from a run's stored configuration and requested target; an undeploy cannot be replayed. */
@Injectable()
export class ReplayDeploymentUseCase {
  constructor(
    @Inject(RunStore) private readonly runs: RunStore,
    @Inject(RecordLaunchUseCase) private readonly recordLaunch: RecordLaunchUseCase,
  ) {}

  async execute(id: string, correlationId: string): Promise<{ id: string; replayOf: string }> {
    const run = isRunId(id) ? await this.runs.load(id) : undefined;
    if (!run) throw new RunNotFoundError(`deployment "${id}" not found (or not picked up by a runner yet)`);
    if (run.kind === 'undeploy')
      throw new DeploymentConflictError(`deployment ${id} is an undeploy: it cannot be replayed (undeploy the instance again instead)`);
    const { deployment } = await this.recordLaunch.execute({
      request: { appId: run.appId, configuration: run.configuration as string | Record<string, unknown>, target: run.requestedTarget },
      sourceEventId: null,
      correlationId,
    });
    return { id: deployment.id, replayOf: id };
  }
}
