import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { KubeObject } from '@appmanager/plugin-sdk';
import { type ApplicationProblem, ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import {
  type ApplicationModel,
  defaultDeployStep,
  deployStepTypes,
  type ComponentSpec,
  type TargetRef,
  type TraitSpec,
  type WorkflowSpec,
  type WorkflowStepSpec,
} from '../../applications/domain/application.model.js';
import { criticalPath, parallelLevels } from '../../dag/domain/dag-analysis.js';
import { type DeployRequest } from '../../dag/domain/deploy-selection.js';
import { buildDeploymentDag, traitNodeId } from '../../dag/domain/deployment-dag.js';
import { dataPlaceholders, handedWorkloadFrom } from '../../dag/domain/node-plan.js';
import { EnvironmentRepository } from '../../environments/application/environment.repository.js';
import { resolveTarget } from '../../environments/domain/target-resolution.js';
import { PluginGateway } from '../../plugin-host/application/plugin.gateway.js';
import { ComponentRenderer, componentTarget, type RenderScope } from '../../rendering/application/component.renderer.js';
import { pluginTypeOf } from '../../rendering/application/component-types.js';
import { DeployStepResolver } from '../../rendering/application/deploy-step.resolver.js';
import { buildWorkflowGraph } from '../../workflow/domain/workflow-graph.js';
import { type DeploymentPlan, type PlannedDag, type PlannedDeployStep, type PlannedNode, type PlannedWorkflow } from './deployment-plan.js';
import { ValidateApplicationUseCase } from './validate-application.use-case.js';

/** Validates and renders an application, every deploy step's own DAG, without touching any cluster. */
@Injectable()
export class PlanDeploymentUseCase {
  constructor(
    @Inject(ValidateApplicationUseCase) private readonly validate: ValidateApplicationUseCase,
    @Inject(ComponentRenderer) private readonly renderer: ComponentRenderer,
    @Inject(PluginGateway) private readonly plugins: PluginGateway,
    @Inject(DeployStepResolver) private readonly steps: DeployStepResolver,
    @Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository,
  ) {}

  async execute(configuration: unknown, requested: TargetRef = {}): Promise<DeploymentPlan> {
    const validated = await this.validate.execute(configuration, requested);
    const { app, target } = validated;
    const deploySteps: PlannedDeployStep[] = [];
    for (const { step, path, label } of deployStepsOf(app.workflow, 'spec.workflow', '')) {
      const { request, app: stepApp } = await this.resolve(app, target, step, path);
      await this.checkPlacement(stepApp, target);
      const dag = await this.planDag(stepApp, target);
      deploySteps.push({
        step: label,
        type: step.type,
        policies: request.policies,
        components: stepApp.components.map((c) => c.id),
        ...dag,
      });
    }
    const first: PlannedDag = deploySteps[0] ?? (await this.planDag(app, target));
    return {
      appId: app.appId,
      name: app.name,
      target,
      nodes: first.nodes,
      edges: first.edges,
      levels: first.levels,
      criticalPath: first.criticalPath,
      deploySteps,
      workflow: plannedWorkflow(app.workflow),
    };
  }

  /**
   * What a deploy step deploys, as the step executor will find it: the step's plug-in answers its request, its
   * policies rewrite the application in order, its components are selected. Any failure is a 422 naming the step.
   */
  private async resolve(
    app: ApplicationModel,
    target: RenderScope['target'],
    step: WorkflowStepSpec,
    path: string,
  ): Promise<{ request: DeployRequest; app: ApplicationModel }> {
    const scope: RenderScope = {
      app,
      target,
      deploymentId: 'plan',
      // its own per plan: plug-in calls of one plan share warm sandboxes, never with another plan's (ADR 0013)
      correlationId: `plan-${randomUUID()}`,
      now: new Date(),
      dataValues: {},
      planning: true,
    };
    const request = await this.steps.requestOf(scope, { type: step.type, name: step.name, properties: step.properties }, path);
    return { request, app: await this.steps.application(scope, request, path) };
  }

  private async planDag(app: ApplicationModel, target: RenderScope['target']): Promise<PlannedDag> {
    const dag = buildDeploymentDag(app);
    const scope: RenderScope = {
      app,
      target,
      deploymentId: 'plan',
      // its own per plan: plug-in calls of one plan share warm sandboxes, never with another plan's (ADR 0013)
      correlationId: `plan-${randomUUID()}`,
      now: new Date(),
      dataValues: dataPlaceholders(app),
      planning: true,
    };
    const manifests = new Map<string, PlannedManifests>();
    for (const [i, component] of app.components.entries()) {
      if (component.kind === 'addon') {
        manifests.set(component.id, { manifests: [], note: 'requested from the add-on service at run time' });
        continue;
      }
      let resources: KubeObject[];
      try {
        resources = await this.renderer.render(scope, component);
      } catch (error) {
        throw new ApplicationInvalidError([{ path: `spec.components[${i}]`, problem: `render failed: ${(error as Error).message}` }]);
      }
      const provider = (await this.plugins.definition('Component', pluginTypeOf(component.type))).provider;
      const workload = await this.renderTraits(scope, component, resources[0], manifests);
      manifests.set(component.id, { manifests: workload ? [workload, ...resources.slice(1)] : resources, provider });
    }
    const placements = new Map(app.components.filter((c) => hasScopes(c.scopes)).map((c) => [c.id, componentTarget(target, c)]));
    const nodes: PlannedNode[] = dag.nodes.map((node) => {
      const placement = placements.get(node.componentId);
      return { ...node, ...(manifests.get(node.id) ?? { manifests: [] }), ...(placement ? { target: placement } : {}) };
    });
    return { nodes, edges: dag.edges, levels: parallelLevels(dag), criticalPath: criticalPath(dag) };
  }

  /**
   * Renders a component's traits into `manifests`, pre-traits handing the workload along the chain as a deployment
   * does (one not renderable before deploy passes it on as given); answers the workload the component applies.
   */
  private async renderTraits(
    scope: RenderScope,
    component: ComponentSpec,
    rendered: KubeObject | undefined,
    manifests: Map<string, PlannedManifests>,
  ): Promise<KubeObject | undefined> {
    const patched = new Map<string, KubeObject | undefined>();
    // the workload a pre-trait (or, given none, the component) starts from
    const handed = (trait?: TraitSpec): KubeObject | undefined => {
      const from = handedWorkloadFrom(component, trait);
      return from === null ? rendered : patched.get(from);
    };
    let latest = rendered; // what a post-trait listed at this point sees
    for (const trait of component.traits) {
      const provider = (await this.plugins.definition('Trait', trait.type)).provider;
      const id = traitNodeId(component.id, trait.type);
      const given = trait.runtime === 'pre' ? handed(trait) : latest;
      try {
        const result = await this.renderer.applyTrait(scope, component, trait, given as KubeObject);
        if (trait.runtime === 'pre') patched.set(id, (latest = result.workload));
        manifests.set(id, { manifests: result.resources, provider });
      } catch (error) {
        if (trait.runtime === 'pre') patched.set(id, given);
        manifests.set(id, { manifests: [], provider, note: `not renderable before deploy: ${(error as Error).message}` });
      }
    }
    return handed();
  }

  /** A component placed on its own scopes must land on a registered cluster, namespace and stage. */
  private async checkPlacement(app: ApplicationModel, target: RenderScope['target']): Promise<void> {
    const placed = app.components.map((c, i) => ({ c, i })).filter(({ c }) => hasScopes(c.scopes));
    if (placed.length === 0) return;
    const catalog = await this.environments.catalog();
    const problems: ApplicationProblem[] = [];
    for (const { c, i } of placed) {
      const resolved = resolveTarget(componentTarget(target, c), catalog, `spec.components[${i}].scopes`);
      if (Array.isArray(resolved)) problems.push(...resolved);
    }
    if (problems.length > 0) throw new ApplicationInvalidError(problems);
  }
}

type PlannedManifests = { manifests: KubeObject[]; provider?: string; note?: string };

const hasScopes = (scopes: TargetRef | undefined) => Object.values(scopes ?? {}).some((v) => typeof v === 'string' && v !== '');

/** Every deploy step in run order (sub-workflows included), with its document path and its history label. */
function* deployStepsOf(
  spec: WorkflowSpec,
  path: string,
  prefix: string,
): Generator<{ step: WorkflowStepSpec; path: string; label: string }> {
  // with no steps the workflow is one `deploy` step, as at run time
  const steps = spec.steps.length > 0 ? spec.steps : [defaultDeployStep];
  for (const [i, step] of steps.entries()) {
    if (step.subWorkflow) yield* deployStepsOf(step.subWorkflow, `${path}.steps[${i}].subWorkflow`, `${prefix}${step.name}/`);
    else if (deployStepTypes.includes(step.type)) yield { step, path: `${path}.steps[${i}]`, label: `${prefix}${step.name}` };
  }
}

function plannedWorkflow(spec: WorkflowSpec): PlannedWorkflow {
  return {
    mode: spec.mode,
    steps: spec.steps.map((s) => ({
      name: s.name,
      type: s.type,
      ...(s.if ? { if: s.if } : {}),
      ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
      ...(s.retry ? { retry: { maxAttempts: s.retry.maxAttempts } } : {}),
      ...(s.subWorkflow ? { steps: plannedWorkflow(s.subWorkflow) } : {}),
    })),
    edges: buildWorkflowGraph(spec, 'spec.workflow').edges,
  };
}
