import type { DefinitionKind, InvocationContext, JsonObject, JsonSchema, JsonValue } from '@appmanager/plugin-sdk';

export interface DefinitionInfo {
  kind: DefinitionKind;
  type: string;
  /** The package that provides it, `name@version`. */
  provider: string;
  propertiesSchema: JsonSchema;
}

/** Kubernetes for one call, already bound to the deployment's cluster by the caller. */
export interface KubePort {
  get(namespace: string, ref: { apiVersion: string; kind: string; name: string }): Promise<Record<string, unknown> | null>;
  list(namespace: string, query: { apiVersion: string; kind: string; labelSelector?: string }): Promise<Record<string, unknown>[]>;
  /** `unseenVersion`: no object can carry this node version yet, so there is no live copy to compare first. */
  apply(
    namespace: string,
    object: Record<string, unknown>,
    fieldManager: string,
    options?: { unseenVersion?: boolean },
  ): Promise<Record<string, unknown>>;
  delete(namespace: string, ref: { apiVersion: string; kind: string; name: string }): Promise<boolean>;
}

export interface PluginInvocation {
  kind: DefinitionKind;
  type: string;
  fn: string;
  input: Record<string, unknown>;
  context: InvocationContext;
  kube?: KubePort;
  /** The deployment this call works for: the plug-in version is recorded as in use by it first. */
  deploymentId?: string;
}

/** No enabled plug-in defines this kind and type. */
export class UnknownTypeError extends Error {
  override readonly name = 'UnknownTypeError';
  constructor(
    readonly kind: DefinitionKind,
    readonly type: string,
    detail?: string,
  ) {
    super(`unknown ${kind} type "${type}"${detail ? `: ${detail}` : ''}`);
  }
}

/** Port: plug-in definitions (from the registry, or the built-in bundles) and calls into the sandbox. */
export abstract class PluginGateway {
  /** Throws UnknownTypeError when no plug-in defines it. */
  abstract definition(kind: DefinitionKind, type: string): Promise<DefinitionInfo>;
  /** Throws the runtime's PluginError (a stable code and a message) when the call fails. */
  abstract call<T = JsonValue>(invocation: PluginInvocation): Promise<{ value: T; outputs: JsonObject }>;
}
