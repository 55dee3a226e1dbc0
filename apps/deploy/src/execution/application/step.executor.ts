import { Inject, Injectable } from '@nestjs/common';
import type { WorkflowStepResult } from '@appmanager/plugin-sdk';
import { type ApplicationModel } from '../../applications/domain/application.model.js';
import { PluginGateway } from '../../plugin-host/application/plugin.gateway.js';
import { invocationContext, type RenderScope } from '../../rendering/application/component.renderer.js';
import { type WorkflowEffect, type WorkflowEvent } from '../../workflow/domain/workflow-effects.js';
import { hostStepTypes } from '../../plan/application/validate-application.use-case.js';
import { PolicyApplier, stepPolicyNames } from '../../rendering/application/policy.applier.js';
import { DagExecutor } from './dag.executor.js';
import { KubeGateways } from './kube.gateways.js';
import { type RunRecord } from './run.records.js';

type Execute = Extract<WorkflowEffect, { type: 'execute-step' }>;

/**
 * Runs one workflow step and reports what happened as a workflow event: `deploy` / `apply-components` run the
 * component DAG here (after the step's policies rewrote the application); any other type is a plug-in.
 */
@Injectable()
export class StepExecutor {
  constructor(
    @Inject(PluginGateway) private readonly plugins: PluginGateway,
    @Inject(DagExecutor) private readonly dag: DagExecutor,
    @Inject(KubeGateways) private readonly kube: KubeGateways,
    @Inject(PolicyApplier) private readonly policies: PolicyApplier,
  ) {}

  async execute(run: RunRecord, effect: Execute, signal: AbortSignal): Promise<WorkflowEvent | null> {
    const base = { path: effect.path, attempt: effect.attempt };
    const app = run.application as ApplicationModel;
    const target = run.target as NonNullable<RunRecord['target']>;
    try {
      const kube = await this.kube.forCluster(target.cluster);
      const scope: RenderScope = { app, target, deploymentId: run.deploymentId, correlationId: run.correlationId, now: new Date(), dataValues: {} };
      if (hostStepTypes.includes(effect.step.type)) {
        // policies named by the step rewrite the application before its components are deployed
        const rewritten = await this.policies.apply(scope, stepPolicyNames(effect.properties));
        // every attempt of a deploy step retries the nodes that failed or waited for an operator last time
        const outcome = await this.dag.run(run, rewritten, kube, signal, true);
        if (signal.aborted) return null;
        if (outcome.outcome === 'success') return { type: 'step-succeeded', ...base };
        if (outcome.outcome === 'wait_for_op') return { type: 'step-needs-operator', ...base, reason: outcome.reason };
        if (outcome.outcome === 'failure') return { type: 'step-failed', ...base, reason: outcome.reason };
        return null;
      }
      const { value, outputs } = await this.plugins.call<WorkflowStepResult>({
        kind: 'WorkflowStep',
        type: effect.step.type,
        fn: 'execute',
        input: { step: { type: effect.step.type, name: effect.step.name }, properties: effect.properties, inputs: effect.inputs, workflowContext: effect.context },
        context: invocationContext(scope),
        kube,
        deploymentId: scope.deploymentId,
      });
      if (signal.aborted) return null;
      if (value.outcome === 'succeeded') return { type: 'step-succeeded', ...base, outputs: { ...outputs, ...(value.outputs ?? {}) }, ...(value.workflowContext ? { context: value.workflowContext } : {}) };
      if (value.outcome === 'suspend') return { type: 'step-suspended', ...base, ...(value.reason ? { reason: value.reason } : {}), ...(value.workflowContext ? { context: value.workflowContext } : {}) };
      return { type: 'step-terminated', ...base, reason: value.reason };
    } catch (error) {
      if (signal.aborted) return null;
      return { type: 'step-failed', ...base, reason: (error as Error).message };
    }
  }
}
