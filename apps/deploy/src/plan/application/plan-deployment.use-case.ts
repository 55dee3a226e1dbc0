import { Inject, Injectable } from '@nestjs/common';
import type { KubeObject } from '@appmanager/plugin-sdk';
import { type ApplicationProblem, ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { type ApplicationModel, deployStepTypes, type TargetRef, type WorkflowSpec, type WorkflowStepSpec } from '../../applications/domain/application.model.js';
import { criticalPath, parallelLevels } from '../../dag/domain/dag-analysis.js';
import { buildDeploymentDag } from '../../dag/domain/deployment-dag.js';
import { EnvironmentRepository } from '../../environments/application/environment.repository.js';
import { resolveTarget } from '../../environments/domain/target-resolution.js';
import { PluginGateway } from '../../plugin-host/application/plugin.gateway.js';
import { ComponentRenderer, componentTarget, type RenderScope } from '../../rendering/application/component.renderer.js';
import { pluginTypeOf } from '../../rendering/application/component-types.js';
import { PolicyApplier, stepPolicyNames } from '../../rendering/application/policy.applier.js';
import { buildWorkflowGraph } from '../../workflow/domain/workflow-graph.js';
import { type DeploymentPlan, type PlannedNode, type PlannedWorkflow } from './deployment-plan.js';
import { ValidateApplicationUseCase } from './validate-application.use-case.js';

/** Validates and renders an application without touching any cluster. */
@Injectable()
export class PlanDeploymentUseCase {
  constructor(
    @Inject(ValidateApplicationUseCase) private readonly validate: ValidateApplicationUseCase,
    @Inject(ComponentRenderer) private readonly renderer: ComponentRenderer,
    @Inject(PluginGateway) private readonly plugins: PluginGateway,
    @Inject(PolicyApplier) private readonly policies: PolicyApplier,
    @Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository,
  ) {}

  async execute(configuration: unknown, requested: TargetRef = {}): Promise<DeploymentPlan> {
    const validated = await this.validate.execute(configuration, requested);
    const { target } = validated;
    // the DAG shown is the one the first deploy step deploys, after the policies it names rewrote the application
    const app = await this.rewritten(validated.app, target);
    const dag = app === validated.app ? validated.dag : buildDeploymentDag(app);
    await this.checkPlacement(app, target);
    const placeholders = Object.fromEntries(app.components.flatMap((c) => [...c.dataOutputs, ...c.traits.flatMap((t) => t.dataOutputs)]).map((o) => [o.name, `<data:${o.name}>`]));
    const scope: RenderScope = { app, target, deploymentId: 'plan', correlationId: 'plan', now: new Date(), dataValues: placeholders };
    const manifests = new Map<string, { manifests: KubeObject[]; provider?: string; note?: string }>();
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
      let workload = resources[0] as KubeObject;
      for (const trait of component.traits) {
        const traitProvider = (await this.plugins.definition('Trait', trait.type)).provider;
        try {
          const result = await this.renderer.applyTrait(scope, component, trait, workload);
          if (trait.runtime === 'pre') workload = result.workload;
          manifests.set(`${component.id}#${trait.type}`, { manifests: result.resources, provider: traitProvider });
        } catch (error) {
          manifests.set(`${component.id}#${trait.type}`, { manifests: [], provider: traitProvider, note: `not renderable before deploy: ${(error as Error).message}` });
        }
      }
      manifests.set(component.id, { manifests: workload ? [workload, ...resources.slice(1)] : resources, provider });
    }
    const placements = new Map(app.components.filter((c) => hasScopes(c.scopes)).map((c) => [c.id, componentTarget(target, c)]));
    const nodes: PlannedNode[] = dag.nodes.map((node) => {
      const placement = placements.get(node.componentId);
      return { ...node, ...(manifests.get(node.id) ?? { manifests: [] }), ...(placement ? { target: placement } : {}) };
    });
    return {
      appId: app.appId,
      name: app.name,
      target,
      nodes,
      edges: dag.edges,
      levels: parallelLevels(dag),
      criticalPath: criticalPath(dag),
      workflow: plannedWorkflow(app.workflow),
    };
  }

  /**
   * Applies, for every deploy step (sub-workflows included), the policies it names, as the step executor will;
   * a policy that fails or answers a malformed application is a 422 naming it. Returns the first step's result.
   */
  private async rewritten(app: ApplicationModel, target: RenderScope['target']): Promise<ApplicationModel> {
    const scope: RenderScope = { app, target, deploymentId: 'plan', correlationId: 'plan', now: new Date(), dataValues: {} };
    let first: ApplicationModel | null = null;
    for (const { step, path } of deploySteps(app.workflow, 'spec.workflow')) {
      let current = app;
      for (const [j, name] of stepPolicyNames(step.properties).entries()) {
        try {
          current = await this.policies.apply({ ...scope, app: current }, [name]);
        } catch (error) {
          const problems: ApplicationProblem[] =
            error instanceof ApplicationInvalidError
              ? error.problems.map((p) => ({ path: `${path}.properties.policies[${j}]`, problem: `policy "${name}": ${p.path} ${p.problem}` }))
              : [{ path: `${path}.properties.policies[${j}]`, problem: `policy "${name}" failed: ${(error as Error).message}` }];
          throw new ApplicationInvalidError(problems);
        }
      }
      first ??= current;
    }
    return first ?? app;
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

const hasScopes = (scopes: TargetRef | undefined) => Object.values(scopes ?? {}).some((v) => typeof v === 'string' && v !== '');

function* deploySteps(spec: WorkflowSpec, path: string): Generator<{ step: WorkflowStepSpec; path: string }> {
  for (const [i, step] of spec.steps.entries()) {
    if (step.subWorkflow) yield* deploySteps(step.subWorkflow, `${path}.steps[${i}].subWorkflow`);
    else if (deployStepTypes.includes(step.type)) yield { step, path: `${path}.steps[${i}]` };
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
