import type { KubeObject, TraitInput, TraitPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface ParentRef {
  name: string;
  namespace?: string;
  sectionName?: string;
}

/** SREWorks' `gateway.trait.abm.io` spec, plus where the route should attach. */
interface GatewayProperties {
  /** AppManager's Ant-style path: `/sreworks/other/**` routes everything under `/sreworks/other`. */
  path: string;
  /** `<service>` or `<service>.<namespace>`; defaults to the workload's name. */
  serviceName?: string;
  servicePort?: number;
  host?: string;
  /** Recorded as an annotation; enforcing authentication is up to the gateway or ingress controller. */
  authEnabled?: boolean;
  /** Ingress only. */
  className?: string;
  annotations?: Record<string, string>;
  /** Either of these asks for a Gateway API HTTPRoute attached to that Gateway instead of an Ingress. */
  gatewayRef?: ParentRef;
  parentRefs?: ParentRef[];
}

type Input = TraitInput<GatewayProperties>;

/** AppManager routed to port 80 of the service when the trait named none. */
const DEFAULT_PORT = 80;

/** `/a/**` and `/a/*` are prefixes of `/a`; any other path is matched exactly, as AppManager's gateway did. */
function pathMatch(path: string): { prefix: boolean; value: string } {
  if (!path.startsWith('/')) throw new Error(`path "${path}" must start with /`);
  const wildcard = /\/\*\*?$/.exec(path);
  if (!wildcard) return { prefix: false, value: path };
  return { prefix: true, value: path.slice(0, wildcard.index) || '/' };
}

/** `svc.namespace` as SREWorks writes it; a bare name is in the workload's namespace. */
function backend(input: Input): { name: string; namespace?: string; port: number } {
  const [name, namespace] = (input.properties.serviceName ?? input.workload.metadata.name).split('.', 2) as [string, string | undefined];
  if (!name) throw new Error('serviceName must name a Service ("<service>" or "<service>.<namespace>")');
  return { name, port: input.properties.servicePort ?? DEFAULT_PORT, ...(namespace ? { namespace } : {}) };
}

function metadata(input: Input): KubeObject['metadata'] {
  const p = input.properties;
  const annotations: Record<string, string> = { ...p.annotations };
  if (p.authEnabled !== undefined) annotations['appmanager.io/auth-enabled'] = String(p.authEnabled);
  return {
    name: input.workload.metadata.name,
    labels: { ...input.workload.metadata.labels },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

function ingress(input: Input): KubeObject {
  const p = input.properties;
  const target = backend(input);
  const own = input.context.target.namespace;
  if (target.namespace && target.namespace !== own) {
    throw new Error(
      `serviceName "${p.serviceName}" is in namespace "${target.namespace}", but an Ingress in "${own}" can only route to its own namespace; give gatewayRef for an HTTPRoute instead`,
    );
  }
  const match = pathMatch(p.path);
  const rule: Record<string, unknown> = {
    http: {
      paths: [
        {
          path: match.value,
          pathType: match.prefix ? 'Prefix' : 'Exact',
          backend: { service: { name: target.name, port: { number: target.port } } },
        },
      ],
    },
  };
  if (p.host) rule['host'] = p.host;
  const spec: Record<string, unknown> = { rules: [rule] };
  if (p.className) spec['ingressClassName'] = p.className;
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: metadata(input), spec };
}

function httpRoute(input: Input, parentRefs: ParentRef[]): KubeObject {
  const p = input.properties;
  const target = backend(input);
  const match = pathMatch(p.path);
  const backendRef = {
    name: target.name,
    port: target.port,
    ...(target.namespace && target.namespace !== input.context.target.namespace ? { namespace: target.namespace } : {}),
  };
  const spec: Record<string, unknown> = {
    parentRefs,
    rules: [{ matches: [{ path: { type: match.prefix ? 'PathPrefix' : 'Exact', value: match.value } }], backendRefs: [backendRef] }],
  };
  if (p.host) spec['hostnames'] = [p.host];
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: metadata(input), spec };
}

/**
 * Routes a path to the component's Service: a networking.k8s.io/v1 Ingress by default, a Gateway API
 * HTTPRoute when the properties name the Gateway to attach to.
 */
export const apply: TraitPlugin<GatewayProperties>['apply'] = (input) => {
  const p = input.properties;
  const parentRefs = p.parentRefs ?? (p.gatewayRef ? [p.gatewayRef] : undefined);
  return { resources: [parentRefs?.length ? httpRoute(input, parentRefs) : ingress(input)] };
};
