import type { KubeObject, KubeObjectRef, PluginHost } from './host-api.types.js';
import type { InvocationContext } from './invocation.types.js';
import type { JsonObject } from './json.types.js';

export interface ComponentRef {
  type: string;
  name: string;
}

export interface ComponentInput<P = JsonObject> {
  context: InvocationContext;
  component: ComponentRef;
  properties: P;
}

/** render: properties -> the Kubernetes objects of the component, with no side effects. */
export interface RenderResult {
  resources: KubeObject[];
}

export interface ApplyComponentInput<P = JsonObject> extends ComponentInput<P> {
  /** What `render` produced, after parameterValues / dataInputs and pre-traits were applied. */
  resources: KubeObject[];
}

export interface ApplyComponentResult {
  applied: KubeObjectRef[];
  /** Kept by the host and handed back to `status` and `destroy`. */
  attributes?: JsonObject;
}

export interface ComponentStatusInput<P = JsonObject> extends ComponentInput<P> {
  attributes?: JsonObject;
}

/** AppManager's component-instance states, so its users recognise them. */
export type ComponentState = 'PENDING' | 'PROCESSING' | 'RUNNING' | 'WARNING' | 'ERROR' | 'FAILURE' | 'SUCCESS' | 'COMPLETED' | 'UNKNOWN';

export interface ComponentStatusResult {
  state: ComponentState;
  message?: string;
}

export interface DestroyComponentResult {
  deleted: KubeObjectRef[];
}

export interface BuildComponentResult {
  /** e.g. an image reference `registry/app:tag@sha256:...`. */
  artifacts: JsonObject;
  log?: string;
}

/** The functions a Component plug-in exports. `build` is optional. */
export interface ComponentPlugin<P = JsonObject> {
  render(input: ComponentInput<P>, host: PluginHost): RenderResult | Promise<RenderResult>;
  apply(input: ApplyComponentInput<P>, host: PluginHost): ApplyComponentResult | Promise<ApplyComponentResult>;
  status(input: ComponentStatusInput<P>, host: PluginHost): ComponentStatusResult | Promise<ComponentStatusResult>;
  destroy(input: ComponentStatusInput<P>, host: PluginHost): DestroyComponentResult | Promise<DestroyComponentResult>;
  build?(input: ComponentInput<P>, host: PluginHost): BuildComponentResult | Promise<BuildComponentResult>;
}
