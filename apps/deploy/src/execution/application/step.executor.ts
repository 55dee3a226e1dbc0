import { Inject, Injectable } from '@nestjs/common';
import { type ApplicationModel } from '../../applications/domain/application.model.js';
import { type DeployRequest } from '../../dag/domain/deploy-selection.js';
import { type RenderScope } from '../../rendering/application/component.renderer.js';
import { DeployStepResolver } from '../../rendering/application/deploy-step.resolver.js';
import { type WorkflowEffect, type WorkflowEvent } from '../../workflow/domain/workflow-effects.js';
import { DagExecutor } from './dag.executor.js';
import { KubeGateways } from './kube.gateways.js';
import { type RunRecord } from './run.records.js';
import { UndeployExecutor, undeployStepType } from './undeploy.executor.js';

type Execute = Extract<WorkflowEffect, { type: 'execute-step' }>;

/**
 * Runs one workflow step through its plug-in and reports what happened as a workflow event. A step whose plug-in
 * answers a `deployRequest` (`deploy`, `apply-components`) succeeds only once the deploy service has deployed what
 * it asked for: the request's policies applied, its components (and what they need) run as the step's own DAG.
 */
@Injectable()
export class StepExecutor {
  constructor(
    @Inject(DeployStepResolver) private readonly steps: DeployStepResolver,
    @Inject(DagExecutor) private readonly dag: DagExecutor,
    @Inject(KubeGateways) private readonly kube: KubeGateways,
    @Inject(UndeployExecutor) private readonly undeploy: UndeployExecutor,
  ) {}

  async execute(run: RunRecord, effect: Execute, signal: AbortSignal): Promise<WorkflowEvent | null> {
    const base = { path: effect.path, attempt: effect.attempt };
    if (run.kind === 'undeploy' && effect.step.type === undeployStepType) {
      return this.undeploy
        .execute(run, effect, signal)
        .catch((error: unknown) => (signal.aborted ? null : { type: 'step-failed', ...base, reason: (error as Error).message }));
    }
    const app = run.application as ApplicationModel;
    const target = run.target as NonNullable<RunRecord['target']>;
    try {
      const kube = await this.kube.forCluster(target.cluster);
      const scope: RenderScope = {
        app,
        target,
        deploymentId: run.deploymentId,
        correlationId: run.correlationId,
        now: new Date(),
        dataValues: {},
        kube,
      };
      const { value, outputs, request } = await this.steps.call(scope, {
        type: effect.step.type,
        name: effect.step.name,
        properties: effect.properties,
        inputs: effect.inputs,
        workflowContext: effect.context,
      });
      if (signal.aborted) return null;
      if (value.outcome === 'succeeded' && request) return await this.deploy(run, effect, scope, request, signal);
      if (value.outcome === 'succeeded')
        return {
          type: 'step-succeeded',
          ...base,
          outputs: { ...outputs, ...(value.outputs ?? {}) },
          ...(value.workflowContext ? { context: value.workflowContext } : {}),
        };
      if (value.outcome === 'suspend')
        return {
          type: 'step-suspended',
          ...base,
          ...(value.reason ? { reason: value.reason } : {}),
          ...(value.workflowContext ? { context: value.workflowContext } : {}),
        };
      return { type: 'step-terminated', ...base, reason: value.reason };
    } catch (error) {
      if (signal.aborted) return null;
      return { type: 'step-failed', ...base, reason: (error as Error).message };
    }
  }

  private async deploy(
    run: RunRecord,
    effect: Execute,
    scope: RenderScope,
    request: DeployRequest,
    signal: AbortSignal,
  ): Promise<WorkflowEvent | null> {
    const base = { path: effect.path, attempt: effect.attempt };
    const app = await this.steps.application(scope, request, `step "${effect.step.name}"`);
    // every attempt of a deploy step retries the nodes that failed or waited for an operator last time
    const outcome = await this.dag.run(run, app, scope.kube as NonNullable<RenderScope['kube']>, signal, {
      retry: true,
      step: effect.path.join('/'),
    });
    if (signal.aborted) return null;
    if (outcome.outcome === 'success') return { type: 'step-succeeded', ...base, outputs: { deployed: app.components.map((c) => c.id) } };
    if (outcome.outcome === 'wait_for_op') return { type: 'step-needs-operator', ...base, reason: outcome.reason };
    if (outcome.outcome === 'failure') return { type: 'step-failed', ...base, reason: outcome.reason };
    return null;
  }
}
