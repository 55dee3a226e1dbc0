import { Inject, Injectable } from '@nestjs/common';
import { RegistryUnavailableError } from '@appmanager/plugin-catalog';
import type { WorkflowStepResult } from '@appmanager/plugin-sdk';
import { ApplicationInvalidError } from '../../applications/domain/application-invalid.error.js';
import { type ApplicationModel, type JsonObject } from '../../applications/domain/application.model.js';
import { type DeployRequest, parseDeployRequest, selectComponents } from '../../dag/domain/deploy-selection.js';
import { PluginGateway } from '../../plugin-host/application/plugin.gateway.js';
import { invocationContext, type RenderScope } from './component.renderer.js';
import { PolicyApplier } from './policy.applier.js';

export interface StepCall {
  type: string;
  name: string;
  properties: JsonObject;
  inputs?: JsonObject;
  workflowContext?: JsonObject;
}

/**
 * What a deploy step deploys. Its plug-in (`deploy`, `apply-components`, or any step answering a `deployRequest`)
 * says which components and policies; the policies rewrite the application in order, then the step keeps the
 * components it named and what they need. Shared by the plan and the step executor, so both deploy the same.
 */
@Injectable()
export class DeployStepResolver {
  constructor(
    @Inject(PluginGateway) private readonly plugins: PluginGateway,
    @Inject(PolicyApplier) private readonly policies: PolicyApplier,
  ) {}

  /** Runs the step's plug-in. A deployment's own call records the plug-in's use; a plan's (`planning`) does not. */
  async call(
    scope: RenderScope,
    step: StepCall,
  ): Promise<{ value: WorkflowStepResult; outputs: JsonObject; request: DeployRequest | null }> {
    const { value, outputs } = await this.plugins.call<WorkflowStepResult>({
      kind: 'WorkflowStep',
      type: step.type,
      fn: 'execute',
      input: {
        step: { type: step.type, name: step.name },
        properties: step.properties,
        inputs: step.inputs ?? {},
        workflowContext: step.workflowContext ?? {},
      },
      context: invocationContext(scope),
      ...(scope.kube ? { kube: scope.kube } : {}),
      ...(scope.planning ? {} : { deploymentId: scope.deploymentId }),
    });
    const answered = value.outcome === 'succeeded' ? (value.outputs?.['deployRequest'] ?? outputs['deployRequest']) : undefined;
    return { value, outputs, request: answered === undefined ? null : parseDeployRequest(answered, step.name) };
  }

  /**
   * What a step asks to deploy, for a plan: its plug-in's `deployRequest`. A plug-in that refuses the properties, or
   * answers no request, is an ApplicationInvalidError at `path` (the step's place in the document).
   */
  async requestOf(scope: RenderScope, step: StepCall, path: string): Promise<DeployRequest> {
    let request: DeployRequest | null;
    try {
      request = (await this.call(scope, step)).request;
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw error;
      throw new ApplicationInvalidError([
        { path: `${path}.properties`, problem: `step "${step.name}" refused its properties: ${(error as Error).message}` },
      ]);
    }
    if (!request) throw new ApplicationInvalidError([{ path, problem: `step "${step.name}" (${step.type}) answered no deployRequest` }]);
    return request;
  }

  /**
   * The application the request deploys: its policies applied in order (a failing or malformed one is an
   * ApplicationInvalidError at `path.properties.policies[j]` naming it), then its components selected.
   */
  async application(scope: RenderScope, request: DeployRequest, path: string): Promise<ApplicationModel> {
    let current = scope.app;
    for (const [j, name] of request.policies.entries()) {
      try {
        current = await this.policies.apply({ ...scope, app: current }, [name]);
      } catch (error) {
        if (error instanceof RegistryUnavailableError) throw error;
        const at = `${path}.properties.policies[${j}]`;
        throw new ApplicationInvalidError(
          error instanceof ApplicationInvalidError
            ? error.problems.map((p) => ({ path: at, problem: `policy "${name}": ${p.path} ${p.problem}` }))
            : [{ path: at, problem: `policy "${name}" failed: ${(error as Error).message}` }],
        );
      }
    }
    return selectComponents(current, request.components, `${path}.properties.components`);
  }
}
