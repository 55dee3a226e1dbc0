import type {
  ApplyComponentResult,
  ComponentInput,
  ComponentPlugin,
  ComponentStatusResult,
  KubeObject,
  KubeObjectRef,
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

interface NativeProperties {
  image: string;
  replicas?: number;
  env?: Record<string, string>;
  /** Variables read from a Secret (an add-on's binding Secret): never a value in the manifest. */
  secretEnv?: Record<string, { secret: string; key: string }>;
  ports?: Port[];
  command?: string[];
  args?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Record<string, unknown>;
  readinessProbe?: Record<string, unknown>;
  serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
}

type Obj = Record<string, unknown>;

/** AppManager's `apps.abm.io/v1 Microservice` workload, as its K8S_MICROSERVICE packages carry it. */
interface AbmMicroservice {
  apiVersion?: string;
  kind?: string;
  spec: {
    kind?: string;
    replicas?: number | string;
    containers: Obj[];
    initContainers?: Obj[];
    /** applies to every container and init container; a container's own variable of the same name wins */
    env?: Record<string, unknown>;
  } & Obj;
}

type MicroserviceProperties = NativeProperties | AbmMicroservice;
type Input = ComponentInput<MicroserviceProperties>;

/** Pod-level fields of an AppManager workload passed through to the pod spec as given. */
const POD_FIELDS = [
  'volumes',
  'serviceAccountName',
  'nodeSelector',
  'tolerations',
  'affinity',
  'imagePullSecrets',
  'hostNetwork',
  'dnsPolicy',
];
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet'];

function isAbm(p: MicroserviceProperties): p is AbmMicroservice {
  return (
    (p as AbmMicroservice).apiVersion === 'apps.abm.io/v1' ||
    (typeof (p as AbmMicroservice).spec === 'object' && (p as AbmMicroservice).spec !== null)
  );
}

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

/** Kubernetes env values are strings: a number or an object from a parameter is JSON-encoded. */
function envValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function envList(env: Record<string, unknown>): Array<{ name: string; value: string }> {
  return Object.keys(env)
    .sort()
    .map((name) => ({ name, value: envValue(env[name]) }));
}

/** The workload kind an AppManager Microservice asks for; one we cannot run is refused by name. */
function workloadKind(p: MicroserviceProperties): string {
  if (!isAbm(p)) return 'Deployment';
  const kind = p.spec.kind ?? 'Deployment';
  if (!WORKLOAD_KINDS.includes(kind)) {
    throw new Error(
      `spec.kind "${kind}" is not supported: an apps.abm.io/v1 Microservice here runs as ${WORKLOAD_KINDS.join(' or ')} (OpenKruise kinds such as CloneSet need Kruise, which this platform does not run)`,
    );
  }
  return kind;
}

function nativeContainer(input: Input, p: NativeProperties): Obj {
  const spec: Obj = { name: input.component.name, image: p.image };
  if (p.command) spec['command'] = p.command;
  if (p.args) spec['args'] = p.args;
  const env: Obj[] = [...(p.env ? envList(p.env) : [])];
  for (const [name, ref] of Object.entries(p.secretEnv ?? {}))
    env.push({ name, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } });
  if (env.length > 0) spec['env'] = env;
  if (p.ports?.length) {
    spec['ports'] = p.ports.map((port) => ({
      containerPort: port.containerPort,
      protocol: port.protocol ?? 'TCP',
      ...(port.name ? { name: port.name } : {}),
    }));
  }
  if (p.resources) spec['resources'] = p.resources;
  if (p.livenessProbe) spec['livenessProbe'] = p.livenessProbe;
  if (p.readinessProbe) spec['readinessProbe'] = p.readinessProbe;
  return spec;
}

/** An AppManager container as given, its env (list or map) merged over the workload's env map. */
function abmContainer(container: Obj, shared: Record<string, unknown>, path: string): Obj {
  if (typeof container['image'] !== 'string' || !container['image']) throw new Error(`${path}.image is required`);
  if (typeof container['name'] !== 'string' || !container['name']) throw new Error(`${path}.name is required`);
  const own = container['env'];
  const merged: Array<{ name: string }> = envList(shared);
  const ownList = Array.isArray(own) ? (own as Array<{ name: string }>) : own && typeof own === 'object' ? envList(own as Obj) : [];
  const names = new Set(ownList.map((e) => e.name));
  const env = [...merged.filter((e) => !names.has(e.name)), ...ownList];
  const out: Obj = { ...container };
  if (env.length > 0) out['env'] = env;
  else delete out['env'];
  return out;
}

function podSpec(input: Input): Obj {
  const p = input.properties;
  if (!isAbm(p)) return { containers: [nativeContainer(input, p)] };
  if (!Array.isArray(p.spec.containers) || p.spec.containers.length === 0)
    throw new Error('spec.containers must list at least one container');
  const shared = p.spec.env ?? {};
  const spec: Obj = { containers: p.spec.containers.map((c, i) => abmContainer(c, shared, `spec.containers[${i}]`)) };
  if (p.spec.initContainers?.length)
    spec['initContainers'] = p.spec.initContainers.map((c, i) => abmContainer(c, shared, `spec.initContainers[${i}]`));
  for (const field of POD_FIELDS) if (p.spec[field] !== undefined) spec[field] = p.spec[field];
  return spec;
}

function replicas(p: MicroserviceProperties): number {
  const wanted = isAbm(p) ? p.spec.replicas : p.replicas;
  if (wanted === undefined || wanted === '') return 1;
  const n = Number(wanted);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${isAbm(p) ? 'spec.replicas' : 'replicas'} must be a whole number, not ${JSON.stringify(wanted)}`);
  return n;
}

function workload(input: Input): KubeObject {
  const kind = workloadKind(input.properties);
  const spec: Obj = {
    replicas: replicas(input.properties),
    selector: { matchLabels: selectorLabels(input) },
    template: { metadata: { labels: labels(input) }, spec: podSpec(input) },
  };
  // a StatefulSet names its governing Service; the service trait (or our Service) takes the same name
  if (kind === 'StatefulSet') spec['serviceName'] = objectName(input);
  return { apiVersion: 'apps/v1', kind, metadata: { name: objectName(input), labels: labels(input) }, spec };
}

/**
 * Only the native form makes a Service: an AppManager Microservice never did, its `service.trait.abm.io`
 * trait does (under the same name, which would collide).
 */
function service(input: Input): KubeObject | undefined {
  const p = input.properties;
  const ports = isAbm(p) ? [] : (p.ports ?? []);
  if (isAbm(p) || ports.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: objectName(input), labels: labels(input) },
    spec: {
      type: p.serviceType ?? 'ClusterIP',
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
  const refs = [{ apiVersion: 'apps/v1', kind: workloadKind(input.properties), name: objectName(input) }];
  if (service(input)) refs.push({ apiVersion: 'v1', kind: 'Service', name: objectName(input) });
  return refs;
}

interface WorkloadStatus {
  replicas?: number;
  readyReplicas?: number;
  updatedReplicas?: number;
  observedGeneration?: number;
  conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
}

/** The workload's conditions and replica counts, read the way `kubectl rollout status` does. */
function workloadState(kind: string, live: KubeObject | null): ComponentStatusResult {
  if (!live) return { state: 'PENDING', message: `${kind} not found` };
  const wanted = (live['spec'] as { replicas?: number } | undefined)?.replicas ?? 1;
  const status = (live['status'] ?? {}) as WorkloadStatus;
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
  // a StatefulSet has no Available condition: ready and updated replicas are the whole story
  const available = kind === 'StatefulSet' || condition('Available')?.status === 'True';
  if (current && updated >= wanted && ready >= wanted && (status.replicas ?? 0) <= wanted && available) {
    return { state: 'RUNNING', message: `${ready}/${wanted} replicas ready` };
  }
  return { state: 'PROCESSING', message: `${ready}/${wanted} replicas ready, ${updated} updated` };
}

export const render: ComponentPlugin<MicroserviceProperties>['render'] = (input) => {
  const resources = [workload(input)];
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
  await host.outputs?.set(workloadKind(input.properties) === 'StatefulSet' ? 'statefulSetName' : 'deploymentName', objectName(input));
  if (service(input)) await host.outputs?.set('serviceName', objectName(input));
  return { applied };
};

export const status: ComponentPlugin<MicroserviceProperties>['status'] = async (input, host) => {
  const kind = workloadKind(input.properties);
  return workloadState(kind, await host.kube!.get({ apiVersion: 'apps/v1', kind, name: objectName(input) }));
};

/** The workload and its Service; the cluster's garbage collector removes the pods they own. */
export const destroy: ComponentPlugin<MicroserviceProperties>['destroy'] = async (input, host) => {
  const deleted: KubeObjectRef[] = [];
  for (const ref of refsOf(input)) if (await host.kube!.delete(ref)) deleted.push(ref);
  return { deleted };
};
