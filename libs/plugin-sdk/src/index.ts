export type { JsonValue, JsonObject, JsonSchema } from './abi/json.types.js';
export type {
  KubeObject,
  KubeObjectMeta,
  KubeObjectRef,
  KubeListQuery,
  HttpRequest,
  HttpResponse,
  KubeHostApi,
  OutputsHostApi,
  LogHostApi,
  HttpHostApi,
  PluginHost,
  CapabilityName,
} from './abi/host-api.types.js';
export { CAPABILITY_NAMES } from './abi/host-api.types.js';
export type { InvocationContext, DeploymentTarget } from './abi/invocation.types.js';
export type * from './abi/component.types.js';
export type * from './abi/trait.types.js';
export type * from './abi/policy.types.js';
export type * from './abi/workflow-step.types.js';
export type * from './abi/addon.types.js';
export type {
  AddonOutputDeclaration,
  DefinitionKind,
  CapabilityRequest,
  PluginDefinition,
  PluginManifest,
} from './manifest/plugin-manifest.types.js';
export { DEFINITION_KINDS, KIND_CAPABILITIES, KIND_FUNCTIONS } from './manifest/definition-kinds.js';
export { FakeKube } from './harness/fake-kube.js';
export { PluginHarness, type PluginHarnessOptions, type PluginModule, type HarnessLogLine } from './harness/plugin-harness.js';
export { evaluateBundle } from './harness/evaluate-bundle.js';
export { bundleLoader, type BundleLoader } from './harness/load-bundle.js';
