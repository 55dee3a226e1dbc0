import { Inject, Injectable } from '@nestjs/common';
import { type Transaction } from '../../inbox/application/command-inbox.js';
import { type JsonObject } from '../../applications/domain/application.model.js';
import { ValidateApplicationUseCase } from '../../plan/application/validate-application.use-case.js';
import { DeploymentRunner } from './deployment.runner.js';
import { RunNotFoundError, RunOperationRefusedError } from '../domain/run.errors.js';
import { finalDeploymentStates, isRunId, type OperationKind } from './run.records.js';
import { RunStore } from './run.store.js';

const allowed: Record<OperationKind, readonly string[]> = {
  suspend: ['RUNNING', 'WAIT_FOR_OP'],
  resume: ['SUSPENDED', 'RUNNING'],
  terminate: ['CREATED', 'PROCESSING', 'RUNNING', 'WAIT_FOR_OP', 'SUSPENDED', 'FAILURE'],
  retry: ['WAIT_FOR_OP', 'FAILURE'],
};

/** suspend / resume / terminate / retry: queued for the replica that drives the deployment. */
@Injectable()
export class OperateDeploymentUseCase {
  constructor(
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(DeploymentRunner) private readonly runner: DeploymentRunner,
    @Inject(ValidateApplicationUseCase) private readonly validate: ValidateApplicationUseCase,
  ) {}

  async execute(
    id: string,
    kind: OperationKind,
    payload: JsonObject = {},
    transaction?: Transaction,
  ): Promise<{ id: string; operation: OperationKind; state: string }> {
    const run = isRunId(id) ? await this.store.load(id) : undefined;
    if (!run) throw new RunNotFoundError(`deployment "${id}" not found`);
    if (!allowed[kind].includes(run.state)) {
      const why = finalDeploymentStates.includes(run.state) ? 'it has finished' : `${kind} applies to ${allowed[kind].join(', ')}`;
      throw new RunOperationRefusedError(`cannot ${kind} deployment "${id}" in state ${run.state}: ${why}`);
    }
    if (kind === 'retry' && !run.workflow) {
      throw new RunOperationRefusedError(
        `cannot retry deployment "${id}": its application never validated (${run.reason ?? 'no reason recorded'}); launch a fixed one`,
      );
    }
    // a fixed application is checked now, so a bad fix is the caller's 422 rather than a silent no-op later
    if (kind === 'retry' && payload['configuration'] !== undefined)
      await this.validate.execute(payload['configuration'], run.requestedTarget);
    await this.store.enqueue(id, kind, payload, transaction);
    if (!transaction) this.runner.nudge();
    return { id, operation: kind, state: run.state };
  }
}
