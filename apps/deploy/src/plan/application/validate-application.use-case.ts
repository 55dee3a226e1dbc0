import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type ApplicationProblem, ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { type ApplicationModel, type TargetRef, type WorkflowSpec } from '../../applications/domain/application.model.js';
import { parseApplication } from '../../applications/domain/parse-application.js';
import { buildDeploymentDag, type DeploymentDag } from '../../dag/domain/deployment-dag.js';
import { dataPlaceholders } from '../../dag/domain/node-plan.js';
import { EnvironmentRepository } from '../../environments/application/environment.repository.js';
import { resolveTarget } from '../../environments/domain/target-resolution.js';
import { PluginGateway, UnknownTypeError } from '../../plugin-host/application/plugin.gateway.js';
import { PropertiesValidator } from '../../plugin-host/application/properties.validator.js';
import { ComponentRenderer, type RenderScope } from '../../rendering/application/component.renderer.js';
import { pluginTypeOf } from '../../rendering/application/component-types.js';
import { buildWorkflowGraph } from '../../workflow/domain/workflow-graph.js';
import { type ValidatedApplication } from './deployment-plan.js';

/**
 * Everything that can be known before touching a cluster: the application parses, its graph is acyclic and
 * every data input has a producer, every type resolves to a plug-in, properties match their schema, the
 * target exists. Throws ApplicationInvalidError listing every problem with its path.
 */
@Injectable()
export class ValidateApplicationUseCase {
  constructor(
    @Inject(PluginGateway) private readonly plugins: PluginGateway,
    @Inject(PropertiesValidator) private readonly validator: PropertiesValidator,
    @Inject(EnvironmentRepository) private readonly environments: EnvironmentRepository,
    @Inject(ComponentRenderer) private readonly renderer: ComponentRenderer,
  ) {}

  async execute(configuration: unknown, requested: TargetRef = {}): Promise<ValidatedApplication & { dag: DeploymentDag }> {
    const app = parseApplication(configuration);
    const dag = buildDeploymentDag(app);
    const problems: ApplicationProblem[] = [];
    buildWorkflowGraph(app.workflow, 'spec.workflow', problems);
    const merged: TargetRef = { ...app.target, ...requested };
    const resolved = resolveTarget(merged, await this.environments.catalog(), 'target');
    if (Array.isArray(resolved)) problems.push(...resolved);
    // the unit follows from the cluster: shown with the target, as a deployment's resolved target
    const unit = Array.isArray(resolved) ? merged.unit : (merged.unit ?? resolved.unit.id);
    const target = { ...merged, ...(unit ? { unit } : {}), cluster: merged.cluster ?? '', namespace: merged.namespace ?? '' };
    problems.push(...(await this.typeProblems(app, target)));
    await this.workflowTypeProblems(app.workflow, 'spec.workflow', problems);
    if (problems.length > 0) throw new ApplicationInvalidError(problems);
    return { app, target, dag };
  }

  private async typeProblems(app: ApplicationModel, target: ValidatedApplication['target']): Promise<ApplicationProblem[]> {
    const problems: ApplicationProblem[] = [];
    const scope: RenderScope = {
      app,
      target,
      deploymentId: 'plan',
      // its own per plan: plug-in calls of one plan share warm sandboxes, never with another plan's (ADR 0013)
      correlationId: `plan-${randomUUID()}`,
      now: new Date(),
      dataValues: dataPlaceholders(app),
    };
    for (const [i, component] of app.components.entries()) {
      const path = `spec.components[${i}]`;
      if (component.kind === 'addon') continue;
      const definition = await this.known('Component', pluginTypeOf(component.type), path, problems);
      if (definition)
        problems.push(
          ...this.validator.problems(definition.propertiesSchema, this.renderer.properties(scope, component), `${path}.properties`),
        );
      for (const [j, trait] of component.traits.entries()) {
        const traitDefinition = await this.known('Trait', trait.type, `${path}.traits[${j}]`, problems);
        if (traitDefinition)
          problems.push(...this.validator.problems(traitDefinition.propertiesSchema, trait.properties, `${path}.traits[${j}].properties`));
      }
    }
    for (const [i, policy] of app.policies.entries()) await this.known('Policy', policy.type, `spec.policies[${i}]`, problems);
    return problems;
  }

  private async workflowTypeProblems(workflow: WorkflowSpec, path: string, problems: ApplicationProblem[]): Promise<void> {
    for (const [i, step] of workflow.steps.entries()) {
      if (step.subWorkflow) await this.workflowTypeProblems(step.subWorkflow, `${path}.steps[${i}]`, problems);
      else await this.known('WorkflowStep', step.type, `${path}.steps[${i}]`, problems);
    }
  }

  private async known(kind: Parameters<PluginGateway['definition']>[0], type: string, path: string, problems: ApplicationProblem[]) {
    try {
      return await this.plugins.definition(kind, type);
    } catch (error) {
      if (!(error instanceof UnknownTypeError)) throw error;
      problems.push({ path: `${path}.type`, problem: error.message });
      return undefined;
    }
  }
}
