import { Inject, Injectable } from '@nestjs/common';
import {
  type ApplicationModel,
  type JsonValue,
  type WorkflowSpec,
  type WorkflowStepSpec,
} from '../../applications/domain/application.model.js';
import { componentTarget, type RenderScope } from '../../rendering/application/component.renderer.js';
import { DeployStepResolver } from '../../rendering/application/deploy-step.resolver.js';
import { type WorkflowEffect, type WorkflowEvent } from '../../workflow/domain/workflow-effects.js';
import { DagExecutor } from './dag.executor.js';
import { KubeGateways } from './kube.gateways.js';
import { type NodeRecord, type RunRecord } from './run.records.js';
import { RunStore } from './run.store.js';

type Execute = Extract<WorkflowEffect, { type: 'execute-step' }>;

/** The one step of an undeploy: `properties.source` names the deployment, `properties.stage` the instance's stage. */
export const undeployStepType = 'undeploy';

/**
 * Removes what a deployment applied on one stage: for each of its deploy steps, last first, the components that
 * step reached (as its policies placed them) are destroyed through their plug-ins, dependants before what they
 * depend on, each node's progress persisted like a deployment's, under the source step's name.
 */
@Injectable()
export class UndeployExecutor {
  constructor(
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(DeployStepResolver) private readonly steps: DeployStepResolver,
    @Inject(DagExecutor) private readonly dag: DagExecutor,
    @Inject(KubeGateways) private readonly kube: KubeGateways,
  ) {}

  async execute(run: RunRecord, effect: Execute, signal: AbortSignal): Promise<WorkflowEvent | null> {
    const base = { path: effect.path, attempt: effect.attempt };
    const sourceId = String(effect.properties['source']);
    const stage = String(effect.properties['stage']);
    const source = await this.store.load(sourceId);
    if (!source?.application || !source.target)
      return { type: 'step-failed', ...base, reason: `deployment ${sourceId} never resolved its application: nothing it applied is known` };
    const records = await this.store.nodes(sourceId);
    // the data the source produced, so components and traits render (and are found) as they were applied
    const produced: Record<string, JsonValue> = Object.assign({}, ...records.map((r) => r.outputs));
    const kube = await this.kube.forCluster(source.target.cluster);
    const destroyed: string[] = [];
    for (const stepKey of stepsLastFirst(records)) {
      const spec = findStep(source.application.workflow, stepKey.split('/'));
      if (!spec) continue;
      const scope: RenderScope = {
        app: source.application,
        target: source.target,
        deploymentId: run.deploymentId,
        correlationId: run.correlationId,
        now: new Date(),
        dataValues: produced,
        kube,
      };
      const { request } = await this.steps.call(scope, { type: spec.type, name: spec.name, properties: spec.properties });
      if (!request) continue;
      const stepApp = await this.steps.application(scope, request, `step "${spec.name}"`);
      const reached = new Set(records.filter((r) => r.step === stepKey && r.state !== 'CREATED').map((r) => r.nodeId));
      const app: ApplicationModel = {
        ...stepApp,
        components: stepApp.components.filter(
          (c) => reached.has(c.id) && componentTarget(source.target as RenderScope['target'], c).stage === stage,
        ),
      };
      if (app.components.length === 0) continue;
      const outcome = await this.dag.run({ ...run, target: source.target }, app, kube, signal, {
        retry: true,
        step: stepKey,
        mode: 'destroy',
        dataValues: produced,
      });
      if (signal.aborted) return null;
      if (outcome.outcome === 'wait_for_op') return { type: 'step-needs-operator', ...base, reason: outcome.reason };
      if (outcome.outcome !== 'success') return { type: 'step-failed', ...base, reason: outcome.reason };
      destroyed.push(...app.components.map((c) => c.id));
    }
    return { type: 'step-succeeded', ...base, outputs: { destroyed: [...new Set(destroyed)] } };
  }
}

/** The steps that ran nodes, the one that started last first. */
function stepsLastFirst(records: NodeRecord[]): string[] {
  const began = new Map<string, number>();
  for (const r of records)
    began.set(r.step, Math.min(began.get(r.step) ?? Number.MAX_SAFE_INTEGER, r.startedAt?.getTime() ?? Number.MAX_SAFE_INTEGER));
  return [...began].sort((a, b) => b[1] - a[1]).map(([step]) => step);
}

function findStep(spec: WorkflowSpec, path: string[]): WorkflowStepSpec | undefined {
  const [head, ...rest] = path;
  const step = spec.steps.find((s) => s.name === head);
  if (!step || rest.length === 0) return step;
  return step.subWorkflow ? findStep(step.subWorkflow, rest) : undefined;
}
