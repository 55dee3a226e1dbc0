import { Inject, Injectable } from '@nestjs/common';
import type { ContractData, applyAddonInstanceCommand } from '@appmanager/contracts';
import { AddonReplies, type AddonReply } from '../../addons/application/addon-replies.js';
import { type ComponentSpec, type JsonValue, addonComponentTypes } from '../../applications/domain/application.model.js';
import { evaluateFieldPath } from '../../applications/domain/field-template.js';
import { ComponentRenderer } from '../../rendering/application/component.renderer.js';
import { EXECUTION_CONFIG, type ExecutionConfig } from './execution.config.js';
import type { NodeOutcome, NodeRun } from './node-run.js';
import { pause } from './status-backoff.js';

/** AppManager names an add-on `RESOURCE_ADDON|<addonId>@<name>`; the native form `<type>|<name>` with `addon: true`. */
export function addonTypeAndName(component: ComponentSpec): { addonType: string; addonName: string } {
  if (!addonComponentTypes.includes(component.type)) return { addonType: component.type, addonName: component.name };
  const [addonType, addonName] = component.name.split('@') as [string, string | undefined];
  return { addonType, addonName: addonName ?? addonType };
}

/** What an add-on node's dataOutputs read: its outputs, the Secret holding its secret ones, and AppManager's `spec.env`. */
export function addonOutputRoot(
  component: ComponentSpec,
  attributes: Record<string, unknown>,
  reply: Extract<AddonReply, { outcome: 'ready' }>,
) {
  const secret = reply.secret ?? undefined;
  if (!addonComponentTypes.includes(component.type)) return { ...reply.outputs, secret };
  const spec = (attributes['spec'] as Record<string, unknown> | undefined) ?? {};
  const env = (reply.outputs['env'] as Record<string, unknown> | undefined) ?? reply.outputs;
  return { ...reply.outputs, secret, spec: { ...spec, ...reply.outputs, env } };
}

/**
 * An add-on node: asks the add-on service for the instance (addon.cmd.instance.apply.v1, written with the node in
 * one statement through the outbox, once per run of the node) and waits for its answer, which deploy keeps by
 * request id, so a node resumed after a crash reads the answer that came while it was down instead of asking again.
 */
@Injectable()
export class AddonNodeRunner {
  constructor(
    @Inject(AddonReplies) private readonly replies: AddonReplies,
    @Inject(ComponentRenderer) private readonly renderer: ComponentRenderer,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
  ) {}

  async run(run: NodeRun, component: ComponentSpec): Promise<NodeOutcome> {
    const requestId = `${run.scope.deploymentId}/${run.record.step}/${run.node.id}@${run.record.startedAt?.getTime() ?? 0}`;
    const attributes = this.renderer.properties(run.scope, component);
    let reply = await this.replies.find(requestId);
    if (!reply && run.record.version !== requestId) {
      run.record = { ...run.record, state: 'RUNNING', version: requestId };
      await run.persist(run.record, [{ kind: 'addon-request', command: this.command(run, component, requestId, attributes) }]);
    }
    const deadline = Date.now() + this.config.DEPLOY_READY_TIMEOUT_MS;
    while (!reply && !run.signal.aborted && Date.now() < deadline) {
      await pause(500, run.signal);
      reply = await this.replies.find(requestId);
    }
    if (run.signal.aborted) return { state: 'TERMINATED', reason: 'stopped' };
    if (!reply) {
      return {
        state: 'WAIT_FOR_OP',
        reason: `${component.name}: the add-on service did not answer within ${this.config.DEPLOY_READY_TIMEOUT_MS / 1000}s (is it running?)`,
      };
    }
    // the add-on service said no: a failure (a step's retry policy may ask again, with a new request)
    if (reply.outcome === 'failed')
      return { state: 'FAILURE', reason: `${component.id}: the add-on service could not provide it: ${reply.reason}` };
    const root = addonOutputRoot(component, attributes, reply);
    const outputs: Record<string, JsonValue> = {};
    for (const output of component.dataOutputs) {
      const value = evaluateFieldPath(root, output.fieldPath);
      if (value === undefined)
        return {
          state: 'WAIT_FOR_OP',
          reason: `${component.name}: data output "${output.name}": the add-on has nothing at "${output.fieldPath}"`,
        };
      outputs[output.name] = value as JsonValue;
    }
    return { state: 'SUCCESS', outputs };
  }

  private command(
    run: NodeRun,
    component: ComponentSpec,
    requestId: string,
    attributes: Record<string, unknown>,
  ): ContractData<typeof applyAddonInstanceCommand> {
    const { cluster, namespace, stage } = run.scope.target;
    const deletionPolicy = attributes['deletionPolicy'];
    return {
      requestId,
      deploymentId: run.scope.deploymentId,
      appId: run.scope.app.appId,
      component: component.id,
      cluster,
      namespace,
      ...(stage ? { stage } : {}),
      ...addonTypeAndName(component),
      attributes,
      ...(deletionPolicy === 'Delete' || deletionPolicy === 'Orphan' ? { deletionPolicy } : {}),
    };
  }
}
