import type { KubeObject, TraitPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface ServiceProperties {
  /** SREWorks' `service.trait.abm.io` writes the same list; its targetPort may be a string (a number or a port name). */
  ports: Array<{
    port: number | string;
    targetPort?: number | string;
    name?: string;
    protocol?: 'TCP' | 'UDP' | 'SCTP';
    nodePort?: number;
  }>;
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** Defaults to the workload's name. */
  name?: string;
}

type Obj = Record<string, unknown>;
/** "7001" is a port number (Kubernetes reads a string targetPort as a port name); "http" stays a name. */
const targetPortOf = (port: { port: number | string; targetPort?: number | string }): number | string =>
  typeof port.targetPort === 'string' && /^[0-9]+$/.test(port.targetPort)
    ? Number(port.targetPort)
    : (port.targetPort ?? Number(port.port));
const at = (value: unknown, key: string): Obj | undefined =>
  value && typeof value === 'object' ? ((value as Obj)[key] as Obj | undefined) : undefined;

/** Exposes the workload with a Service selecting its pods (the workload's own selector labels). */
export const apply: TraitPlugin<ServiceProperties>['apply'] = (input) => {
  const workload = input.workload;
  const selector = at(at(workload, 'spec'), 'selector');
  const matchLabels = (at(selector, 'matchLabels') ?? workload.metadata.labels) as Record<string, string> | undefined;
  if (!matchLabels || Object.keys(matchLabels).length === 0) {
    throw new Error(`${workload.kind}/${workload.metadata.name} has no selector labels a Service could select its pods by`);
  }
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: input.properties.name ?? workload.metadata.name, labels: { ...workload.metadata.labels } },
    spec: {
      type: input.properties.type ?? 'ClusterIP',
      selector: matchLabels,
      ports: input.properties.ports.map((p, i) => ({
        name: p.name ?? `port-${i}`,
        port: Number(p.port),
        targetPort: targetPortOf(p),
        protocol: p.protocol ?? 'TCP',
        ...(p.nodePort ? { nodePort: p.nodePort } : {}),
      })),
    },
  };
  return { resources: [service] };
};
