import type { ComponentInput, ComponentPlugin, ComponentStatusResult, KubeObject, KubeObjectRef } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

/** Rendered before deployment by `amctl kustomize render` (kubectl kustomize where the sources are). */
interface RenderedProperties {
  objects: KubeObject[];
  kustomization: { path: string; sha256: string };
}

/** AppManager's ABM_KUSTOMIZE workload: a kustomization path, built in the cluster by Flux. */
interface AbmKustomize {
  apiVersion?: string;
  kind?: string;
  spec: {
    path: string;
    repo?: string;
    url?: string;
    branch?: string;
    tag?: string;
    /** Ignored: the objects go to the deployment's own cluster, through the platform's credentials. */
    base64Kubeconfig?: string;
  };
}

type KustomizeProperties = RenderedProperties | AbmKustomize;
type Input = ComponentInput<KustomizeProperties>;

const KUSTOMIZATION = 'kustomize.toolkit.fluxcd.io/v1';
const GIT_REPOSITORY = 'source.toolkit.fluxcd.io/v1';

function isAbm(p: KustomizeProperties): p is AbmKustomize {
  return typeof (p as AbmKustomize).spec === 'object' && (p as AbmKustomize).spec !== null;
}

function objectName(input: Input): string {
  const stage = input.context.target.stage;
  return stage ? `${stage}-${input.component.name}` : input.component.name;
}

function labels(input: Input): Record<string, string> {
  const out: Record<string, string> = {
    'appmanager.io/app': input.context.appId,
    'appmanager.io/component': input.component.name,
    'app.kubernetes.io/managed-by': 'appmanager',
  };
  if (input.context.target.stage) out['appmanager.io/stage'] = input.context.target.stage;
  return out;
}

function refOf(object: KubeObject): KubeObjectRef {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name };
}

/** The pre-rendered objects, labelled and annotated with the rendering they came from. */
function renderedObjects(input: Input, p: RenderedProperties): KubeObject[] {
  return p.objects.map((object) => {
    const copy = JSON.parse(JSON.stringify(object)) as KubeObject;
    copy.metadata.labels = { ...copy.metadata.labels, ...labels(input) };
    copy.metadata.annotations = { ...copy.metadata.annotations, 'appmanager.io/kustomization-sha256': p.kustomization.sha256 };
    return copy;
  });
}

/** A Flux Kustomization building `spec.path` of a GitRepository into the target namespace. */
function fluxObjects(input: Input, p: AbmKustomize): KubeObject[] {
  const url = p.spec.repo ?? p.spec.url;
  if (!p.spec.path) throw new Error('spec.path is required (the kustomization directory, e.g. overlays/staging)');
  if (!url) {
    throw new Error(
      'spec.repo (a git URL) is required: Flux builds the kustomization from a git repository; ' +
        'for sources that are not in git, render them with `amctl kustomize render <dir>` and deploy the result',
    );
  }
  const name = objectName(input);
  const ref = p.spec.tag ? { tag: p.spec.tag } : p.spec.branch ? { branch: p.spec.branch } : undefined;
  const path = p.spec.path.startsWith('./') || p.spec.path.startsWith('/') ? p.spec.path : `./${p.spec.path}`;
  return [
    {
      apiVersion: KUSTOMIZATION,
      kind: 'Kustomization',
      metadata: { name, labels: labels(input) },
      spec: {
        interval: '10m',
        path,
        prune: true,
        targetNamespace: input.context.target.namespace,
        sourceRef: { kind: 'GitRepository', name },
      },
    },
    {
      apiVersion: GIT_REPOSITORY,
      kind: 'GitRepository',
      metadata: { name, labels: labels(input) },
      spec: { interval: '10m', url, ...(ref ? { ref } : {}) },
    },
  ];
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const WAITING_REASONS = ['ArtifactFailed', 'DependencyNotReady', 'Progressing'];

/** Flux's Ready condition, read as kstatus does: stale while the controller has not seen this generation. */
function readyState(kind: string, live: KubeObject | null): ComponentStatusResult {
  if (!live) return { state: 'PENDING', message: `${kind} not found` };
  const status = (live['status'] ?? {}) as { observedGeneration?: number; conditions?: Condition[] };
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  const generation = (live.metadata['generation'] as number | undefined) ?? 0;
  if (!ready) return { state: 'PENDING', message: `the ${kind} has not been reconciled yet (is Flux installed in the cluster?)` };
  if ((status.observedGeneration ?? generation) < generation) return { state: 'PROCESSING', message: `the ${kind} is being reconciled` };
  const message = ready.message ?? ready.reason ?? '';
  if (ready.status === 'True') return { state: 'RUNNING', message };
  // the source not fetched yet, or a dependency not ready: Flux retries by itself, so this is still progress
  if (ready.status === 'False' && WAITING_REASONS.includes(ready.reason ?? ''))
    return { state: 'PROCESSING', message: `${ready.reason}: ${message}` };
  if (ready.status === 'False')
    return { state: /Failed$/.test(ready.reason ?? '') ? 'FAILURE' : 'ERROR', message: `${ready.reason ?? 'NotReady'}: ${message}` };
  return { state: 'PROCESSING', message };
}

export const render: ComponentPlugin<KustomizeProperties>['render'] = (input) => {
  const p = input.properties;
  return { resources: isAbm(p) ? fluxObjects(input, p) : renderedObjects(input, p) };
};

export const apply: ComponentPlugin<KustomizeProperties>['apply'] = async (input, host) => {
  const applied: KubeObjectRef[] = [];
  // the git repository before the Kustomization, so Flux does not first find it without its source
  const sourcesFirst = [...input.resources].sort((a, b) => Number(a.kind === 'Kustomization') - Number(b.kind === 'Kustomization'));
  for (const resource of sourcesFirst) applied.push(refOf(await host.kube!.apply(resource)));
  return { applied };
};

/** Flux form: the Kustomization's Ready condition. Pre-rendered: RUNNING once every object exists. */
export const status: ComponentPlugin<KustomizeProperties>['status'] = async (input, host) => {
  const p = input.properties;
  if (isAbm(p))
    return readyState('Kustomization', await host.kube!.get({ apiVersion: KUSTOMIZATION, kind: 'Kustomization', name: objectName(input) }));
  const missing: string[] = [];
  for (const object of p.objects) if (!(await host.kube!.get(refOf(object)))) missing.push(`${object.kind}/${object.metadata.name}`);
  return missing.length === 0 ? { state: 'RUNNING' } : { state: 'PENDING', message: `not found: ${missing.join(', ')}` };
};

/** Flux form: the Kustomization (Flux prunes what it applied) and its GitRepository. */
export const destroy: ComponentPlugin<KustomizeProperties>['destroy'] = async (input, host) => {
  const p = input.properties;
  const refs: KubeObjectRef[] = isAbm(p)
    ? [
        { apiVersion: KUSTOMIZATION, kind: 'Kustomization', name: objectName(input) },
        { apiVersion: GIT_REPOSITORY, kind: 'GitRepository', name: objectName(input) },
      ]
    : [...p.objects].reverse().map(refOf);
  const deleted: KubeObjectRef[] = [];
  for (const ref of refs) if (await host.kube!.delete(ref)) deleted.push(ref);
  return { deleted };
};
