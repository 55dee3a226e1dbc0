import type { ComponentRef, ComponentStatusResult } from './component.types.js';
import type { KubeObject, PluginHost } from './host-api.types.js';
import type { InvocationContext } from './invocation.types.js';
import type { JsonObject } from './json.types.js';

/** pre: runs before its component and may change the workload; post: runs after, with the applied workload. */
export type TraitRuntime = 'pre' | 'post';

export interface TraitInput<P = JsonObject> {
  context: InvocationContext;
  trait: { type: string; name: string; runtime: TraitRuntime };
  component: ComponentRef;
  properties: P;
  workload: KubeObject;
}

export interface TraitApplyResult {
  /** pre-traits: the changed workload (ignored for post-traits). */
  workload?: KubeObject;
  /** Extra objects the trait wants applied (an Ingress, a PodDisruptionBudget, ...). */
  resources?: KubeObject[];
}

/** The functions a Trait plug-in exports. `watch` is optional. */
export interface TraitPlugin<P = JsonObject> {
  apply(input: TraitInput<P>, host: PluginHost): TraitApplyResult | Promise<TraitApplyResult>;
  watch?(input: TraitInput<P>, host: PluginHost): ComponentStatusResult | Promise<ComponentStatusResult>;
}
