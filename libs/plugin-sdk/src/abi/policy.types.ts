import type { PluginHost } from './host-api.types.js';
import type { InvocationContext } from './invocation.types.js';
import type { JsonObject, JsonValue } from './json.types.js';

/** The application as the policy sees it: the internal model's JSON form (components, traits, scopes, ...). */
export interface ApplicationDocument {
  components: JsonObject[];
  [key: string]: JsonValue;
}

export interface PolicyInput<P = JsonObject> {
  context: InvocationContext;
  policy: { type: string; name: string };
  properties: P;
  application: ApplicationDocument;
}

export interface PolicyResult {
  application: ApplicationDocument;
}

/** A Policy plug-in rewrites the application before a deploy step (topology, override, ...). */
export interface PolicyPlugin<P = JsonObject> {
  rewrite(input: PolicyInput<P>, host: PluginHost): PolicyResult | Promise<PolicyResult>;
}
