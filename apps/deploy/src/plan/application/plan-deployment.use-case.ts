import { Inject, Injectable } from '@nestjs/common';
import type { KubeObject } from '@appmanager/plugin-sdk';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { type TargetRef, type WorkflowSpec } from '../../applications/domain/application.model.js';
import { criticalPath, parallelLevels } from '../../dag/domain/dag-analysis.js';
import { PluginGateway } from '../../plugin-host/application/plugin.gateway.js';
import { ComponentRenderer, type RenderScope } from '../../rendering/application/component.renderer.js';
import { pluginTypeOf } from '../../rendering/application/component-types.js';
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
  ) {}

  async execute(configuration: unknown, requested: TargetRef = {}): Promise<DeploymentPlan> {
    const { app, target, dag } = await this.validate.execute(configuration, requested);
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
    const nodes: PlannedNode[] = dag.nodes.map((node) => ({ ...node, ...(manifests.get(node.id) ?? { manifests: [] }) }));
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
