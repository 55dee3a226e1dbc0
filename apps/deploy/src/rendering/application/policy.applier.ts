import { Inject, Injectable } from '@nestjs/common';
import type { PolicyResult } from '@appmanager/plugin-sdk';
import { type ApplicationModel, type JsonObject } from '../../applications/domain/application.model.js';
import { fromPolicyDocument, toPolicyDocument } from '../../applications/domain/policy-document.js';
import { PluginGateway } from '../../plugin-host/application/plugin.gateway.js';
import { invocationContext, type RenderScope } from './component.renderer.js';

/** The policy names a deploy step's `properties.policies` lists (none when absent). */
export function stepPolicyNames(properties: JsonObject): string[] {
  return Array.isArray(properties['policies']) ? (properties['policies'] as string[]) : [];
}

/**
 * Applies the policies a deploy step names, in order, each rewriting the application the previous one returned.
 * Shared by the plan and the step executor, so a plan shows exactly what a deployment would deploy.
 */
@Injectable()
export class PolicyApplier {
  constructor(@Inject(PluginGateway) private readonly plugins: PluginGateway) {}

  async apply(scope: RenderScope, names: readonly string[]): Promise<ApplicationModel> {
    let app = scope.app;
    for (const name of names) {
      const policy = app.policies.find((p) => p.name === name);
      if (!policy) throw new Error(`policy "${name}" is not declared in spec.policies`);
      const { value } = await this.plugins.call<PolicyResult>({
        kind: 'Policy',
        type: policy.type,
        fn: 'rewrite',
        input: {
          policy: { type: policy.type, name: policy.name },
          properties: policy.properties,
          application: toPolicyDocument(app) as unknown as JsonObject,
        },
        context: invocationContext({ ...scope, app }),
        // a plan records no use of the plug-in: it deploys nothing
        ...(scope.planning ? {} : { deploymentId: scope.deploymentId }),
      });
      // a policy's answer is untrusted: it must come back as a well-formed application, or the step fails naming it
      app = fromPolicyDocument(app, value.application, name);
    }
    return app;
  }
}
