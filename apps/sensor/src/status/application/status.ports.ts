import type { ComponentInstance } from '../../instances/domain/component-instance.js';
import type { ObservedState, PluginStatus } from '../domain/component-state.js';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
}

/** A cluster as a plug-in may see it while the sensor observes: reads, and (for an operator trait) applies. */
export interface LiveKube {
  get(namespace: string, ref: ObjectRef): Promise<Record<string, unknown> | null>;
  list(namespace: string, query: { apiVersion: string; kind: string; labelSelector?: string }): Promise<Record<string, unknown>[]>;
  apply(namespace: string, object: Record<string, unknown>, fieldManager: string): Promise<Record<string, unknown>>;
}

/** Port: the component's own plug-in, and its traits' `watch`, run in the sandbox. */
export abstract class StatusPlugins {
  /** The plug-in's status, or why it could not give one. */
  abstract status(instance: ComponentInstance, kube: LiveKube): Promise<PluginStatus | { error: string }>;
  /** Runs a trait's `watch` when its plug-in has one; undefined when it has none. */
  abstract watch(
    instance: ComponentInstance,
    trait: ComponentInstance['sensing']['traits'][number],
    workload: Record<string, unknown>,
    kube: LiveKube,
  ): Promise<{ message?: string } | undefined>;
}

/** Port: where observations land: the instance row, its history, and the change event, together. */
export abstract class SensingStore {
  abstract instancesOn(cluster: string): Promise<ComponentInstance[]>;
  /** Writes a changed status with its history row and `state.evt.component-instance.changed.v1`, in one transaction. */
  abstract recordChange(instance: ComponentInstance, next: ObservedState, observedBy: string, at: Date): Promise<void>;
  /** The cluster's observation digests, to compare a first poll after a takeover with. */
  abstract digestsOf(clusterIds: readonly string[]): Promise<Map<string, string>>;
  abstract saveDigest(clusterId: string, digest: string, at: Date): Promise<void>;
}
