import type { KubeObject, TraitPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

interface IngressProperties {
  host: string;
  path?: string;
  pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  servicePort: number;
  /** Defaults to the workload's name (what the microservice component and service trait create). */
  serviceName?: string;
  className?: string;
  tlsSecretName?: string;
  annotations?: Record<string, string>;
}

/** A networking.k8s.io/v1 Ingress routing host + path to the workload's Service. */
export const apply: TraitPlugin<IngressProperties>['apply'] = (input) => {
  const p = input.properties;
  const serviceName = p.serviceName ?? input.workload.metadata.name;
  const spec: Record<string, unknown> = {
    rules: [
      {
        host: p.host,
        http: {
          paths: [
            {
              path: p.path ?? '/',
              pathType: p.pathType ?? 'Prefix',
              backend: { service: { name: serviceName, port: { number: p.servicePort } } },
            },
          ],
        },
      },
    ],
  };
  if (p.className) spec['ingressClassName'] = p.className;
  if (p.tlsSecretName) spec['tls'] = [{ hosts: [p.host], secretName: p.tlsSecretName }];
  const ingress: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: input.workload.metadata.name,
      labels: { ...input.workload.metadata.labels },
      ...(p.annotations ? { annotations: p.annotations } : {}),
    },
    spec,
  };
  return { resources: [ingress] };
};
