import { Inject, Injectable } from '@nestjs/common';
import type {
  ApplyComponentResult,
  ComponentStatusResult,
  DestroyComponentResult,
  KubeObject,
  KubeObjectRef,
} from '@appmanager/plugin-sdk';
import { type ComponentSpec, type JsonObject, type JsonValue, type TraitSpec } from '../../applications/domain/application.model.js';
import { evaluateFieldPath } from '../../applications/domain/field-template.js';
import { traitNodeId } from '../../dag/domain/deployment-dag.js';
import { handedWorkloadFrom } from '../../dag/domain/node-plan.js';
import { type KubePort, PluginGateway } from '../../plugin-host/application/plugin.gateway.js';
import { ComponentRenderer, invocationContext, placedScope, pluginComponentName } from '../../rendering/application/component.renderer.js';
import { pluginTypeOf } from '../../rendering/application/component-types.js';
import { annotateVersion, nodeVersion } from '../domain/node-version.js';
import { diagnosePods } from '../domain/pod-diagnosis.js';
import { AddonNodeRunner } from './addon-node.js';
import type { NodeOutcome, NodeRun } from './node-run.js';
import { applied, placementOf, sensingOf } from './node-announcements.js';
import { EXECUTION_CONFIG, type ExecutionConfig } from './execution.config.js';
import { KubeGateways } from './kube.gateways.js';
import { pause, statusBackoff } from './status-backoff.js';

export type { NodeOutcome, NodeRun } from './node-run.js';

const readyStates = ['RUNNING', 'SUCCESS', 'COMPLETED'];

/** The cluster for an apply whose node version is new: the gateway skips reading each object's live copy first. */
function unseenVersionApplies(kube: KubePort): KubePort {
  return {
    get: (namespace, ref) => kube.get(namespace, ref),
    list: (namespace, query) => kube.list(namespace, query),
    apply: (namespace, object, fieldManager) => kube.apply(namespace, object, fieldManager, { unseenVersion: true }),
    delete: (namespace, ref) => kube.delete(namespace, ref),
  };
}

/** A destroyed node announces what is gone, once it is. */
function removed(run: NodeRun, component: ComponentSpec, outcome: NodeOutcome, objects: KubeObjectRef[]): NodeOutcome {
  if (outcome.state !== 'SUCCESS') return outcome;
  return {
    ...outcome,
    announcements: [
      {
        kind: 'removed',
        component: component.id,
        placement: placementOf(run.scope.target),
        objects: objects.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name })),
      },
    ],
  };
}

/**
 * Runs one DAG node: a component is rendered, patched by its pre-traits, applied once per version through its
 * plug-in, waited for through its plug-in's status with backoff, and its dataOutputs read; a pre-trait patches
 * the workload handed along its chain; a post-trait sees the applied workload; an add-on fails clearly.
 */
@Injectable()
export class NodeExecutor {
  constructor(
    @Inject(ComponentRenderer) private readonly renderer: ComponentRenderer,
    @Inject(PluginGateway) private readonly plugins: PluginGateway,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
    @Inject(KubeGateways) private readonly kube: KubeGateways,
    @Inject(AddonNodeRunner) private readonly addons: AddonNodeRunner,
  ) {}

  async execute(deployment: NodeRun): Promise<NodeOutcome> {
    const component = deployment.scope.app.components.find((c) => c.id === deployment.node.componentId) as ComponentSpec;
    try {
      const run = await this.placed(deployment, component);
      if (run.node.kind === 'addon') return await this.addons.run(run, component);
      if (run.node.kind === 'trait')
        return await this.trait(
          run,
          component,
          component.traits.find((t) => traitNodeId(component.id, t.type) === run.node.id) as TraitSpec,
        );
      return await this.component(run, component);
    } catch (error) {
      return { state: 'FAILURE', reason: (error as Error).message };
    }
  }

  /**
   * Removes what the node applied (undeploy): a component through its plug-in's `destroy`, a trait's extra objects
   * (rendered again, then deleted); then waits until the cluster no longer has them. An add-on keeps its instance:
   * the add-on service releases the app instance's claims when it hears deploy.evt.app-instance.deleted.v1.
   */
  async destroy(deployment: NodeRun): Promise<NodeOutcome> {
    const component = deployment.scope.app.components.find((c) => c.id === deployment.node.componentId) as ComponentSpec;
    try {
      const run = await this.placed(deployment, component);
      if (run.node.kind === 'addon') return { state: 'SUCCESS', outputs: {} };
      if (run.node.kind === 'trait') {
        const trait = component.traits.find((t) => traitNodeId(component.id, t.type) === run.node.id) as TraitSpec;
        const workload = (await this.renderer.render(run.scope, component))[0] as KubeObject;
        const { resources } = await this.renderer.applyTrait(run.scope, component, trait, workload);
        const deleted: KubeObjectRef[] = [];
        for (const object of resources) {
          const ref = { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name };
          if (await run.scope.kube.delete(run.scope.target.namespace, ref)) deleted.push(ref);
        }
        return removed(run, component, await this.waitGone(run, `${component.name} ${trait.type}`, deleted), deleted);
      }
      const { value } = await this.plugins.call<DestroyComponentResult>({
        kind: 'Component',
        type: pluginTypeOf(component.type),
        fn: 'destroy',
        input: { component: this.ref(run, component), properties: this.renderer.properties(run.scope, component) },
        context: invocationContext(run.scope),
        kube: run.scope.kube,
        deploymentId: run.scope.deploymentId,
      });
      return removed(run, component, await this.waitGone(run, component.name, value.deleted), value.deleted);
    } catch (error) {
      return { state: 'FAILURE', reason: (error as Error).message };
    }
  }

  /** Deletion cascades in the cluster (a Deployment's ReplicaSets and Pods): done when none of `refs` is left. */
  private async waitGone(run: NodeRun, label: string, refs: KubeObjectRef[]): Promise<NodeOutcome> {
    const deadline = Date.now() + this.config.DEPLOY_READY_TIMEOUT_MS;
    let left = refs;
    for (const delay of statusBackoff()) {
      if (run.signal.aborted) return { state: 'TERMINATED', reason: 'stopped' };
      const present = await Promise.all(
        left.map(async (ref) => ((await run.scope.kube.get(run.scope.target.namespace, ref)) ? ref : null)),
      );
      left = present.filter((ref): ref is KubeObjectRef => ref !== null);
      if (left.length === 0) return { state: 'SUCCESS', outputs: {} };
      if (Date.now() + delay > deadline) break;
      await pause(delay, run.signal);
    }
    return {
      state: 'WAIT_FOR_OP',
      reason: `${label}: still present after ${this.config.DEPLOY_READY_TIMEOUT_MS / 1000}s: ${left.map((r) => `${r.kind}/${r.name}`).join(', ')}`,
    };
  }

  /** The node placed on its component's own scopes: target, and the client of its cluster when that differs. */
  private async placed(run: NodeRun, component: ComponentSpec): Promise<NodeRun> {
    const scope = placedScope(run.scope, component);
    if (scope.target.cluster === run.scope.target.cluster) return { ...run, scope };
    let kube: KubePort;
    try {
      kube = await this.kube.forCluster(scope.target.cluster);
    } catch (error) {
      throw new Error(`${component.name}: cannot reach its scope cluster "${scope.target.cluster}": ${(error as Error).message}`, {
        cause: error,
      });
    }
    return { ...run, scope: { ...scope, kube } };
  }

  private async component(run: NodeRun, component: ComponentSpec): Promise<NodeOutcome> {
    const rendered = await this.renderer.render(run.scope, component);
    const handedBy = handedWorkloadFrom(component);
    const patched = handedBy ? (run.records.get(handedBy)?.workload as KubeObject | null) : null;
    const objects = patched ? [patched, ...rendered.slice(1)] : rendered;
    const version = nodeVersion(objects);
    const resources = annotateVersion(objects, version);
    if (run.record.appliedVersion !== version) {
      // a version this node never chose before is not on the cluster (it names the deployment), so no live copy is
      // read first; at worst (a retry back to an older fix) an identical server-side apply repeats
      const unseen = run.record.version !== version;
      await run.persist({ ...run.record, version });
      await this.plugins.call<ApplyComponentResult>({
        kind: 'Component',
        type: pluginTypeOf(component.type),
        fn: 'apply',
        input: { component: this.ref(run, component), properties: this.renderer.properties(run.scope, component), resources },
        context: invocationContext(run.scope),
        kube: unseen ? unseenVersionApplies(run.scope.kube) : run.scope.kube,
        deploymentId: run.scope.deploymentId,
      });
      run.record = { ...run.record, state: 'RUNNING', version, appliedVersion: version };
      await run.persist(run.record, [
        applied(run.scope.target, component, version, resources, sensingOf(this.renderer, run.scope, component)),
      ]);
    }
    const waited = await this.waitReady(run, component, resources[0]);
    if (waited.state !== 'SUCCESS') return waited;
    // AppManager's paths read its own workload (the plug-in's properties) with the live status beside it
    const appManagerWorkload = component.fieldPaths === 'properties' ? this.renderer.properties(run.scope, component) : undefined;
    return { state: 'SUCCESS', outputs: await this.dataOutputs(run, component.dataOutputs, resources[0], appManagerWorkload) };
  }

  private async trait(run: NodeRun, component: ComponentSpec, trait: TraitSpec): Promise<NodeOutcome> {
    let workload: KubeObject;
    if (trait.runtime === 'pre') {
      const handedBy = handedWorkloadFrom(component, trait);
      const handed = handedBy ? (run.records.get(handedBy)?.workload as KubeObject | null) : null;
      workload = handed ?? ((await this.renderer.render(run.scope, component))[0] as KubeObject);
    } else {
      const rendered = (await this.renderer.render(run.scope, component))[0] as KubeObject;
      workload =
        ((await run.scope.kube.get(run.scope.target.namespace, {
          apiVersion: rendered.apiVersion,
          kind: rendered.kind,
          name: rendered.metadata.name,
        })) as KubeObject | null) ?? rendered;
    }
    const result = await this.renderer.applyTrait(run.scope, component, trait, workload);
    if (result.resources.length > 0) {
      const version = nodeVersion(result.resources);
      if (run.record.appliedVersion !== version) {
        const objects = annotateVersion(result.resources, version);
        for (const object of objects) await run.scope.kube.apply(run.scope.target.namespace, object, `appmanager-trait/${trait.type}`);
        run.record = { ...run.record, version, appliedVersion: version };
        await run.persist(run.record, [applied(run.scope.target, component, version, objects)]);
      }
    }
    const outputs = await this.dataOutputs(run, trait.dataOutputs, result.workload);
    return { state: 'SUCCESS', outputs, ...(trait.runtime === 'pre' ? { workload: result.workload as unknown as JsonObject } : {}) };
  }

  /** Status through the plug-in, with backoff; pods stuck for an operator's reason end the wait early. */
  private async waitReady(run: NodeRun, component: ComponentSpec, workload: KubeObject | undefined): Promise<NodeOutcome> {
    const deadline = Date.now() + this.config.DEPLOY_READY_TIMEOUT_MS;
    let last: ComponentStatusResult = { state: 'PENDING' };
    for (const delay of statusBackoff()) {
      if (run.signal.aborted) return { state: 'TERMINATED', reason: 'stopped' };
      const { value } = await this.plugins.call<ComponentStatusResult>({
        kind: 'Component',
        type: pluginTypeOf(component.type),
        fn: 'status',
        input: { component: this.ref(run, component), properties: this.renderer.properties(run.scope, component) },
        context: invocationContext(run.scope),
        kube: run.scope.kube,
        deploymentId: run.scope.deploymentId,
      });
      last = value;
      if (readyStates.includes(value.state)) return { state: 'SUCCESS', outputs: {} };
      if (value.state === 'ERROR' || value.state === 'FAILURE')
        return { state: 'WAIT_FOR_OP', reason: `${component.name}: ${value.message ?? value.state}` };
      const diagnosis = await this.diagnose(run, workload);
      if (diagnosis) return { state: 'WAIT_FOR_OP', reason: `${component.name}: ${diagnosis}` };
      if (Date.now() + delay > deadline) break;
      await pause(delay, run.signal);
    }
    return {
      state: 'WAIT_FOR_OP',
      reason: `${component.name}: not ready after ${this.config.DEPLOY_READY_TIMEOUT_MS / 1000}s (${last.state}${last.message ? `: ${last.message}` : ''})`,
    };
  }

  private async diagnose(run: NodeRun, workload: KubeObject | undefined): Promise<string | null> {
    const matchLabels = (workload?.['spec'] as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
    if (!matchLabels) return null;
    const labelSelector = Object.entries(matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const pods = await run.scope.kube.list(run.scope.target.namespace, { apiVersion: 'v1', kind: 'Pod', labelSelector });
    return diagnosePods(pods);
  }

  private async dataOutputs(
    run: NodeRun,
    outputs: ComponentSpec['dataOutputs'],
    workload: KubeObject | undefined,
    appManagerWorkload?: JsonObject,
  ): Promise<Record<string, JsonValue>> {
    if (outputs.length === 0 || !workload) return {};
    const live =
      (await run.scope.kube.get(run.scope.target.namespace, {
        apiVersion: workload.apiVersion,
        kind: workload.kind,
        name: workload.metadata.name,
      })) ?? workload;
    const root = appManagerWorkload ? { ...appManagerWorkload, status: (live as Record<string, unknown>)['status'] ?? {} } : live;
    const values: Record<string, JsonValue> = {};
    for (const output of outputs) {
      const value = evaluateFieldPath(root, output.fieldPath);
      if (value === undefined)
        throw new Error(
          `data output "${output.name}": nothing at "${output.fieldPath}" on ${appManagerWorkload ? `the AppManager workload of ${workload.kind}` : workload.kind} ${workload.metadata.name}`,
        );
      values[output.name] = value as JsonValue;
    }
    return values;
  }

  private ref(run: NodeRun, component: ComponentSpec) {
    return { type: component.type, name: pluginComponentName(run.scope, component) };
  }
}
