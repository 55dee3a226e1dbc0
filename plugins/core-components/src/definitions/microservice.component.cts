import type {
  ApplyComponentResult, ComponentInput, ComponentPlugin, ComponentStatusResult, KubeObject, KubeObjectRef,
} from '@appmanager/plugin-sdk';

// A bundle is one self-contained script in the sandbox (no imports at run time), so the few helpers
// each component needs live in its own file.

interface Port {
  containerPort: number;
  name?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  /** Port on the Service; defaults to containerPort. */
  servicePort?: number;
}

interface MicroserviceProperties {
  image: string;
  replicas?: number;
  env?: Record<string, string>;
  ports?: Port[];
  command?: string[];
  args?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Record<string, unknown>;
  readinessProbe?: Record<string, unknown>;
  serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
}

type Input = ComponentInput<MicroserviceProperties>;

/** Stages share a namespace, so the stage is part of every name (ARCHITECTURE: Environments). */
function objectName(input: Input): string {
  const stage = input.context.target.stage;
  return stage ? `${stage}-${input.component.name}` : input.component.name;
}

function selectorLabels(input: Input): Record<string, string> {
  const labels: Record<string, string> = { 'appmanager.io/app': input.context.appId, 'appmanager.io/component': input.component.name };
  if (input.context.target.stage) labels['appmanager.io/stage'] = input.context.target.stage;
  return labels;
}

function labels(input: Input): Record<string, string> {
  return { ...selectorLabels(input), 'app.kubernetes.io/name': input.component.name, 'app.kubernetes.io/managed-by': 'appmanager' };
}

function container(input: Input): Record<string, unknown> {
  const p = input.properties;
  const spec: Record<string, unknown> = { name: input.component.name, image: p.image };
  if (p.command) spec['command'] = p.command;
  if (p.args) spec['args'] = p.args;
  if (p.env) spec['env'] = Object.keys(p.env).sort().map((name) => ({ name, value: String(p.env?.[name]) }));
  if (p.ports?.length) {
    spec['ports'] = p.ports.map((port) => ({ containerPort: port.containerPort, protocol: port.protocol ?? 'TCP', ...(port.name ? { name: port.name } : {}) }));
  }
  if (p.resources) spec['resources'] = p.resources;
  if (p.livenessProbe) spec['livenessProbe'] = p.livenessProbe;
  if (p.readinessProbe) spec['readinessProbe'] = p.readinessProbe;
  return spec;
}

function deployment(input: Input): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: objectName(input), labels: labels(input) },
    spec: {
      replicas: input.properties.replicas ?? 1,
      selector: { matchLabels: selectorLabels(input) },
      template: { metadata: { labels: labels(input) }, spec: { containers: [container(input)] } },
    },
  };
}

function service(input: Input): KubeObject | undefined {
  const ports = input.properties.ports ?? [];
  if (ports.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: objectName(input), labels: labels(input) },
    spec: {
      type: input.properties.serviceType ?? 'ClusterIP',
      selector: selectorLabels(input),
      ports: ports.map((port, i) => ({
        name: port.name ?? `port-${i}`,
        port: port.servicePort ?? port.containerPort,
        targetPort: port.containerPort,
        protocol: port.protocol ?? 'TCP',
      })),
    },
  };
}

function refsOf(input: Input): KubeObjectRef[] {
  const refs = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: objectName(input) }];
  if ((input.properties.ports ?? []).length > 0) refs.push({ apiVersion: 'v1', kind: 'Service', name: objectName(input) });
  return refs;
}

interface DeploymentStatus {
  replicas?: number;
  readyReplicas?: number;
  updatedReplicas?: number;
  observedGeneration?: number;
  conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
}

/** The Deployment's conditions and replica counts, read the way `kubectl rollout status` does. */
function deploymentState(live: KubeObject | null): ComponentStatusResult {
  if (!live) return { state: 'PENDING', message: 'Deployment not found' };
  const wanted = ((live['spec'] as { replicas?: number } | undefined)?.replicas) ?? 1;
  const status = (live['status'] ?? {}) as DeploymentStatus;
  const condition = (type: string) => status.conditions?.find((c) => c.type === type);
  const progressing = condition('Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    return { state: 'FAILURE', message: progressing.message ?? 'the rollout exceeded its progress deadline' };
  }
  const replicaFailure = condition('ReplicaFailure');
  if (replicaFailure?.status === 'True') return { state: 'ERROR', message: replicaFailure.message ?? 'pods cannot be created' };
  const generation = (live.metadata['generation'] as number | undefined) ?? 0;
  const ready = status.readyReplicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const current = (status.observedGeneration ?? 0) >= generation;
  if (current && updated >= wanted && ready >= wanted && (status.replicas ?? 0) <= wanted && condition('Available')?.status === 'True') {
    return { state: 'RUNNING', message: `${ready}/${wanted} replicas ready` };
  }
  return { state: 'PROCESSING', message: `${ready}/${wanted} replicas ready, ${updated} updated` };
}

export const render: ComponentPlugin<MicroserviceProperties>['render'] = (input) => {
  const resources = [deployment(input)];
  const svc = service(input);
  if (svc) resources.push(svc);
  return { resources };
};

export const apply: ComponentPlugin<MicroserviceProperties>['apply'] = async (input, host) => {
  const applied: ApplyComponentResult['applied'] = [];
  for (const resource of input.resources) {
    const live = await host.kube!.apply(resource);
    applied.push({ apiVersion: live.apiVersion, kind: live.kind, name: live.metadata.name });
  }
  await host.outputs?.set('deploymentName', objectName(input));
  if (service(input)) await host.outputs?.set('serviceName', objectName(input));
  return { applied };
};

export const status: ComponentPlugin<MicroserviceProperties>['status'] = async (input, host) =>
  deploymentState(await host.kube!.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: objectName(input) }));

export const destroy: ComponentPlugin<MicroserviceProperties>['destroy'] = async (input, host) => {
  const deleted: KubeObjectRef[] = [];
  for (const ref of refsOf(input)) if (await host.kube!.delete(ref)) deleted.push(ref);
  return { deleted };
};
