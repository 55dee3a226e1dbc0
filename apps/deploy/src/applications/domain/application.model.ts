/**
 * The internal application model. Both dialects (AppManager's ApplicationConfiguration and the native
 * `Application`) are parsed onto it; everything downstream (DAG, workflow, plan) reads only this.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface TargetRef {
  unit?: string;
  cluster?: string;
  namespace?: string;
  stage?: string;
}

/** `{name, value, toFieldPaths}`: a value written onto the rendered workload (or properties) at each path. */
export interface ParameterValue {
  name: string;
  value: JsonValue;
  toFieldPaths: string[];
}

/** Consumes the data output called `from` and writes it at each of `toFieldPaths`. */
export interface DataInput {
  from: string;
  toFieldPaths: string[];
}

/** Publishes `name`, read at `fieldPath` (a path or a `{{ path }}` template) from the finished workload. */
export interface DataOutput {
  name: string;
  fieldPath: string;
}

export type TraitRuntime = 'pre' | 'post';

export interface TraitSpec {
  type: string;
  runtime: TraitRuntime;
  properties: JsonObject;
  parameterValues: ParameterValue[];
  dataInputs: DataInput[];
  dataOutputs: DataOutput[];
}

/** `component` runs through a Component plug-in; `addon` is requested from the add-on service. */
export type ComponentKind = 'component' | 'addon';

export interface Dependency {
  /** The id (`TYPE|NAME`) of the component depended on. */
  component: string;
  condition?: string;
}

/**
 * What a component's `toFieldPaths` address. `rendered` (the native form, and AppManager files that give our
 * `properties`): `properties.*` paths write the plug-in's properties, any other path the rendered Kubernetes
 * workload. `properties` (AppManager's own form, a `workload` as its component package has it): every path
 * writes the AppManager workload (`spec.replicas`, `spec.env.DB_HOST` of an `apps.abm.io/v1 Microservice`),
 * which is the plug-in's properties, before the plug-in renders it; its dataOutputs read that workload too.
 */
export type FieldPathTarget = 'rendered' | 'properties';

export interface ComponentSpec {
  /** `TYPE|NAME`, unique in the application. */
  id: string;
  /** Absent means `rendered`. */
  fieldPaths?: FieldPathTarget;
  kind: ComponentKind;
  type: string;
  name: string;
  /** null when the revision said `_` (take it from the app package). */
  version: string | null;
  properties: JsonObject;
  scopes: TargetRef;
  parameterValues: ParameterValue[];
  dataInputs: DataInput[];
  dataOutputs: DataOutput[];
  traits: TraitSpec[];
  dependencies: Dependency[];
}

export interface PolicySpec {
  type: string;
  name: string;
  properties: JsonObject;
}

export interface StepInput {
  /** The name of an output of an earlier step. */
  from: string;
  /** Where the value lands in this step's properties (a field path). */
  parameterKey: string;
}

export interface StepOutput {
  name: string;
  /** A field path into the step's result outputs. */
  valueFrom: string;
}

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  factor: number;
}

/**
 * AppManager's step `stage`, which it parsed and never used. Here it orders a step against the deploy steps
 * (`deploy`, `apply-components`) of its own workflow level: `pre-render` and `post-render` steps finish before
 * they start (a deploy step renders and applies in one go, so post-render cannot sit between the two), a
 * `post-deploy` step starts after they all succeeded, i.e. after their components are ready.
 */
export type WorkflowStage = 'pre-render' | 'post-render' | 'post-deploy';

/** Step types that deploy components (the deploy service runs them itself). */
export const deployStepTypes: readonly string[] = ['deploy', 'apply-components'];

export interface WorkflowStepSpec {
  type: string;
  name: string;
  stage?: WorkflowStage;
  properties: JsonObject;
  inputs: StepInput[];
  outputs: StepOutput[];
  /** Skip the step unless this condition holds (see step-condition). */
  if?: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** A child workflow: the step succeeds when its steps do. */
  subWorkflow?: WorkflowSpec;
}

export type WorkflowMode = 'StepByStep' | 'DAG';

export interface WorkflowSpec {
  mode: WorkflowMode;
  steps: WorkflowStepSpec[];
}

export interface ApplicationModel {
  appId: string;
  name: string;
  target: TargetRef;
  parameterValues: ParameterValue[];
  components: ComponentSpec[];
  policies: PolicySpec[];
  workflow: WorkflowSpec;
}

/** AppManager types that are add-ons rather than workloads. */
export const addonComponentTypes: readonly string[] = ['RESOURCE_ADDON', 'INTERNAL_ADDON', 'TRAIT_ADDON', 'CUSTOM_ADDON'];

export function componentId(type: string, name: string): string {
  return `${type}|${name}`;
}

/** With no steps the workflow is one `deploy` step, as in AppManager. */
export const defaultDeployStep: WorkflowStepSpec = { type: 'deploy', name: 'deploy', properties: {}, inputs: [], outputs: [] };
