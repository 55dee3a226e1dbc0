import { Inject, Injectable, Optional } from '@nestjs/common';
import { SERVICE_CONFIG } from '@appmanager/service-host';
import type { InvocationContext, KubeObject, RenderResult, TraitApplyResult } from '@appmanager/plugin-sdk';
import {
  type ApplicationModel,
  type ComponentSpec,
  type JsonObject,
  type JsonValue,
  type TargetRef,
  type TraitSpec,
} from '../../applications/domain/application.model.js';
import { globalParameters, renderParameters } from '../../applications/domain/field-template.js';
import { applyFieldWrites, planFieldWrites } from '../../applications/domain/field-writes.js';
import { stampOwnership } from '../../environments/domain/resource-naming.js';
import { type KubePort, PluginGateway } from '../../plugin-host/application/plugin.gateway.js';
import { pluginTypeOf } from './component-types.js';
import { templateEnvironment } from './rendering.config.js';

export interface RenderScope {
  app: ApplicationModel;
  target: Required<Pick<TargetRef, 'cluster' | 'namespace'>> & TargetRef;
  deploymentId: string;
  correlationId: string;
  now: Date;
  /** Data outputs produced so far, by name. */
  dataValues: Readonly<Record<string, JsonValue>>;
  kube?: KubePort;
  /** A plan only looks: its plug-in calls record no use of a plug-in version. */
  planning?: boolean;
}

/**
 * Where a component goes: its own scopes where given, the deployment's target key by key otherwise. A component
 * naming its own cluster does not inherit the deployment's unit (the unit follows from the cluster).
 */
export function componentTarget(target: RenderScope['target'], component: Pick<ComponentSpec, 'scopes'>): RenderScope['target'] {
  const own = Object.fromEntries(Object.entries(component.scopes ?? {}).filter(([, v]) => typeof v === 'string' && v !== '')) as TargetRef;
  const inherited: TargetRef = { ...target };
  if (own.cluster && own.cluster !== target.cluster) delete inherited.unit;
  return { ...inherited, ...own } as RenderScope['target'];
}

/** The scope a component renders and runs in: the deployment's, placed on the component's own scopes. */
export function placedScope<S extends RenderScope>(scope: S, component: Pick<ComponentSpec, 'scopes'>): S {
  return { ...scope, target: componentTarget(scope.target, component) };
}

/**
 * What `{{ }}` templates see, as AppManager's render context had it: the target as `Global.APP_ID`,
 * `Global.CLUSTER_ID`, `Global.NAMESPACE_ID`, `Global.STAGE_ID`; the application's parameterValues (by name and as
 * `Global.NAME`, overriding those); the data outputs produced so far (`Global.DB_HOST` of an add-on); and, for a
 * component, its own parameterValues.
 */
export function templateParameters(
  scope: Pick<RenderScope, 'app' | 'target'> & Partial<Pick<RenderScope, 'dataValues'>>,
  component?: Pick<ComponentSpec, 'parameterValues'>,
): Record<string, JsonValue> {
  const values: Record<string, JsonValue> = {
    'Global.APP_ID': scope.app.appId,
    'Global.CLUSTER_ID': scope.target.cluster,
    'Global.NAMESPACE_ID': scope.target.namespace,
    'Global.STAGE_ID': scope.target.stage ?? '',
  };
  const target = { ...values };
  Object.assign(values, globalParameters(scope.app.parameterValues), scope.dataValues ?? {});
  if (component) Object.assign(values, globalParameters(component.parameterValues));
  // SREWorks' launch files declare CLUSTER_ID / NAMESPACE_ID / STAGE_ID as '' for the platform to fill in
  for (const [name, value] of Object.entries(target)) if (values[name] === '') values[name] = value;
  return values;
}

export function invocationContext(scope: RenderScope): InvocationContext {
  const { unit, cluster, namespace, stage } = scope.target;
  return {
    correlationId: scope.correlationId,
    now: scope.now.toISOString(),
    appId: scope.app.appId,
    target: { cluster, namespace, ...(unit ? { unit } : {}), ...(stage ? { stage } : {}) },
  };
}

/**
 * The name a plug-in sees: app-qualified, so its `{stage}-{name}` objects are AppManager's `{stage}-{app}-{component}`;
 * characters a Kubernetes name cannot hold (AppManager's `helm-demo-chart@0.0.1@test`) become `-`.
 */
export const pluginComponentName = (scope: Pick<RenderScope, 'app'>, component: ComponentSpec) =>
  `${scope.app.appId}-${component.name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * Renders one component the way AppManager's CreateComponent node did: parameters into `{{ }}` templates,
 * parameterValues then dataInputs written at their toFieldPaths (properties.* before render, the rest on the
 * workload after), then ownership labels on every object.
 */
@Injectable()
export class ComponentRenderer {
  private readonly environment: Record<string, string>;

  constructor(
    @Inject(PluginGateway) private readonly plugins: PluginGateway,
    @Optional() @Inject(SERVICE_CONFIG) config: Record<string, unknown> | null = null,
  ) {
    this.environment = templateEnvironment(config ?? {});
  }

  /** `{{ }}` parameters of a component: the allowed `env.NAME` variables, then the deployment's and its own. */
  private parameters(scope: RenderScope, component: ComponentSpec): Record<string, JsonValue> {
    return { ...this.environment, ...templateParameters(scope, component) };
  }

  /** The properties the plug-in gets, with parameters and data inputs applied. */
  properties(deployment: RenderScope, component: ComponentSpec): JsonObject {
    const scope = placedScope(deployment, component);
    const writes = planFieldWrites(component.parameterValues, component.dataInputs, scope.dataValues, component.fieldPaths);
    const parameters = this.parameters(scope, component);
    // written values may carry templates too (AppManager rendered after merging them)
    return renderParameters(applyFieldWrites(renderParameters(component.properties, parameters), writes.properties), parameters);
  }

  async render(deployment: RenderScope, component: ComponentSpec): Promise<KubeObject[]> {
    const scope = placedScope(deployment, component);
    const writes = planFieldWrites(component.parameterValues, component.dataInputs, scope.dataValues, component.fieldPaths);
    const { value } = await this.plugins.call<RenderResult>({
      kind: 'Component',
      type: pluginTypeOf(component.type),
      fn: 'render',
      input: {
        component: { type: component.type, name: pluginComponentName(scope, component) },
        properties: this.properties(scope, component),
      },
      context: invocationContext(scope),
    });
    const [workload, ...rest] = value.resources;
    const patched = workload ? [applyFieldWrites(workload, writes.workload), ...rest] : [];
    return this.stamp(scope, component, patched);
  }

  /** The properties a trait's plug-in gets, with parameters and data inputs applied. */
  traitProperties(deployment: RenderScope, component: ComponentSpec, trait: TraitSpec): JsonObject {
    const scope = placedScope(deployment, component);
    const writes = planFieldWrites(trait.parameterValues, trait.dataInputs, scope.dataValues);
    const parameters = this.parameters(scope, component);
    return renderParameters(applyFieldWrites(renderParameters(trait.properties, parameters), writes.properties), parameters);
  }

  /** Runs a trait against the workload: a pre-trait returns the changed workload, any trait extra objects. */
  async applyTrait(
    deployment: RenderScope,
    component: ComponentSpec,
    trait: TraitSpec,
    workload: KubeObject,
  ): Promise<{ workload: KubeObject; resources: KubeObject[] }> {
    const scope = placedScope(deployment, component);
    const writes = planFieldWrites(trait.parameterValues, trait.dataInputs, scope.dataValues);
    const properties = this.traitProperties(deployment, component, trait);
    const { value } = await this.plugins.call<TraitApplyResult>({
      kind: 'Trait',
      type: trait.type,
      fn: 'apply',
      input: {
        trait: { type: trait.type, name: `${component.name}-${trait.type}`, runtime: trait.runtime },
        component: { type: component.type, name: pluginComponentName(scope, component) },
        properties,
        workload,
      },
      context: invocationContext(scope),
      // only a deployment's own calls use a version; a plan merely looks
      ...(scope.kube ? { kube: scope.kube } : {}),
      ...(scope.planning ? {} : { deploymentId: scope.deploymentId }),
    });
    const next = trait.runtime === 'pre' && value.workload ? applyFieldWrites(value.workload, writes.workload) : workload;
    return {
      workload: this.stamp(scope, component, [next])[0] as KubeObject,
      resources: this.stamp(scope, component, value.resources ?? []),
    };
  }

  private stamp(scope: RenderScope, component: ComponentSpec, objects: KubeObject[]): KubeObject[] {
    return stampOwnership(objects, {
      appId: scope.app.appId,
      componentName: component.name,
      deploymentId: scope.deploymentId,
      ...(scope.target.stage ? { stage: scope.target.stage } : {}),
    });
  }
}
