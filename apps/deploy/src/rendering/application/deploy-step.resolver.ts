import { Inject, Injectable } from '@nestjs/common';
import type { WorkflowStepResult } from '@appmanager/plugin-sdk';
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

  /** The application the request deploys: its policies applied in order, then its components selected. */
  async application(scope: RenderScope, request: DeployRequest, path: string): Promise<ApplicationModel> {
    const rewritten = await this.policies.apply(scope, request.policies);
    return selectComponents(rewritten, request.components, path);
  }
}
