import type { CapabilityName } from '../abi/host-api.types.js';
import type { JsonSchema } from '../abi/json.types.js';

export type DefinitionKind = 'Component' | 'Trait' | 'Policy' | 'WorkflowStep' | 'Addon';

/** Capabilities a definition asks for. Anything not listed is absent from `host` in the sandbox. */
export interface CapabilityRequest {
  kube?: boolean;
  outputs?: boolean;
  log?: boolean;
  /** URL prefixes (`https://api.example.com/v1/`) the plug-in may call; nothing else is reachable. */
  http?: { allow: string[] };
  /** Add-ons only: databases and roles on the add-on service's Postgres server. */
  postgres?: boolean;
  /** Add-ons only: buckets on the add-on service's S3 server. */
  s3?: boolean;
  /** Add-ons only: named values of the add-on service's configuration. */
  config?: boolean;
}

/** An output an add-on declares. Secret ones reach consumers only through a Kubernetes Secret. */
export interface AddonOutputDeclaration {
  name: string;
  description?: string;
  secret: boolean;
  /** `password`: the host generates it once, stores it sealed and passes it as `input.secrets[name]`. */
  generate?: 'password';
}

export interface PluginDefinition {
  kind: DefinitionKind;
  /** The type name applications use, e.g. `microservice.component.appmanager.io/v1`. */
  type: string;
  /**
   * Other names applications may use for this type (AppManager's `K8S_MICROSERVICE`, SREWorks'
   * `service.trait.abm.io`); resolving kind + alias finds this definition as its type would.
   */
  aliases?: string[];
  description?: string;
  /** JSON Schema of `properties`, checked before the plug-in is called. */
  propertiesSchema: JsonSchema;
  /** JSON Schema of the outputs (workflow-step and add-on outputs), checked before the host uses them. */
  outputsSchema?: JsonSchema;
  capabilities: CapabilityRequest;
  /** Add-ons only: the outputs they produce, each secret or not. */
  outputs?: AddonOutputDeclaration[];
  /** Roles allowed to install a package containing this definition (`admin`, `infra-dev`, `sre`, …): the uploader must hold one (an admin installs anything). */
  installRoles: string[];
}

export interface PluginManifest {
  /** DNS-style name, e.g. `microservice.appmanager.io`. */
  name: string;
  /** semver, e.g. `1.3.0`. */
  version: string;
  description: string;
  definitions: PluginDefinition[];
}

export type { CapabilityName };
