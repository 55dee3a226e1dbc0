import type { ComponentInput, ComponentPlugin, ComponentStatusResult, KubeObject, KubeObjectRef } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

/**
 * A sandboxed plug-in cannot run helm, so the chart is handed to Flux's helm-controller in the cluster
 * (KubeVela's approach): a HelmRepository for the chart's repository and a HelmRelease installing it.
 */
interface NativeProperties {
  chart: string;
  version?: string;
  repository: { url: string };
  releaseName?: string;
  targetNamespace?: string;
  values?: Record<string, unknown>;
}

/** AppManager's ABM_HELM / HELM workload. */
interface AbmHelm {
  apiVersion?: string;
  kind?: string;
  spec: {
    chart?: string;
    version?: string;
    repoUrl?: string;
    repo?: string;
    /** the release name */
    name?: string;
    values?: Record<string, unknown>;
    ignoreCreateNamespace?: boolean | string;
    /** Ignored: the release goes to the deployment's own cluster, through the platform's credentials. */
    base64Kubeconfig?: string;
  };
}

type HelmProperties = NativeProperties | AbmHelm;
type Input = ComponentInput<HelmProperties>;

interface Release {
  chart: string;
  version?: string;
  url: string;
  releaseName: string;
  targetNamespace?: string;
  createNamespace: boolean;
  values?: Record<string, unknown>;
}

const HELM_RELEASE = 'helm.toolkit.fluxcd.io/v2';
const HELM_REPOSITORY = 'source.toolkit.fluxcd.io/v1';

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

function isAbm(p: HelmProperties): p is AbmHelm {
  return typeof (p as AbmHelm).spec === 'object' && (p as AbmHelm).spec !== null;
}

/** Both forms, reduced to what Flux needs; a missing field is named as the author wrote it. */
function releaseOf(input: Input): Release {
  const p = input.properties;
  if (isAbm(p)) {
    const url = p.spec.repoUrl ?? p.spec.repo;
    if (!p.spec.chart) throw new Error('spec.chart is required (the chart name in the repository)');
    if (!url) throw new Error('spec.repoUrl (or spec.repo) is required: the chart repository Flux pulls the chart from');
    const ignore = p.spec.ignoreCreateNamespace === true || p.spec.ignoreCreateNamespace === 'true';
    return {
      chart: p.spec.chart,
      url,
      releaseName: p.spec.name || objectName(input),
      createNamespace: !ignore,
      ...(p.spec.version ? { version: String(p.spec.version) } : {}),
      ...(p.spec.values ? { values: p.spec.values } : {}),
    };
  }
  if (!p.chart) throw new Error('chart is required');
  if (!p.repository?.url) throw new Error('repository.url is required');
  return {
    chart: p.chart,
    url: p.repository.url,
    releaseName: p.releaseName ?? objectName(input),
    createNamespace: true,
    ...(p.version ? { version: p.version } : {}),
    ...(p.values ? { values: p.values } : {}),
    ...(p.targetNamespace ? { targetNamespace: p.targetNamespace } : {}),
  };
}

function helmRelease(input: Input, release: Release): KubeObject {
  const spec: Record<string, unknown> = {
    interval: '10m',
    releaseName: release.releaseName,
    chart: {
      spec: {
        chart: release.chart,
        ...(release.version ? { version: release.version } : {}),
        sourceRef: { kind: 'HelmRepository', name: objectName(input) },
      },
    },
  };
  if (release.values) spec['values'] = release.values;
  if (release.targetNamespace) {
    spec['targetNamespace'] = release.targetNamespace;
    spec['install'] = { createNamespace: release.createNamespace };
  }
  return { apiVersion: HELM_RELEASE, kind: 'HelmRelease', metadata: { name: objectName(input), labels: labels(input) }, spec };
}

function helmRepository(input: Input, release: Release): KubeObject {
  const spec: Record<string, unknown> = { interval: '10m', url: release.url };
  if (release.url.startsWith('oci://')) spec['type'] = 'oci';
  return { apiVersion: HELM_REPOSITORY, kind: 'HelmRepository', metadata: { name: objectName(input), labels: labels(input) }, spec };
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

export const render: ComponentPlugin<HelmProperties>['render'] = (input) => {
  const release = releaseOf(input);
  // the HelmRelease first: deploy treats the first resource as the component's workload
  return { resources: [helmRelease(input, release), helmRepository(input, release)] };
};

export const apply: ComponentPlugin<HelmProperties>['apply'] = async (input, host) => {
  const applied: KubeObjectRef[] = [];
  // the repository before the release, so Flux does not first find the release without its source
  const sourcesFirst = [...input.resources].sort((a, b) => Number(a.kind === 'HelmRelease') - Number(b.kind === 'HelmRelease'));
  for (const resource of sourcesFirst) {
    const live = await host.kube!.apply(resource);
    applied.push({ apiVersion: live.apiVersion, kind: live.kind, name: live.metadata.name });
  }
  return { applied };
};

export const status: ComponentPlugin<HelmProperties>['status'] = async (input, host) =>
  readyState('HelmRelease', await host.kube!.get({ apiVersion: HELM_RELEASE, kind: 'HelmRelease', name: objectName(input) }));

/** The HelmRelease (Flux uninstalls the release when it goes), then its repository. */
export const destroy: ComponentPlugin<HelmProperties>['destroy'] = async (input, host) => {
  const deleted: KubeObjectRef[] = [];
  const refs = [
    { apiVersion: HELM_RELEASE, kind: 'HelmRelease', name: objectName(input) },
    { apiVersion: HELM_REPOSITORY, kind: 'HelmRepository', name: objectName(input) },
  ];
  for (const ref of refs) if (await host.kube!.delete(ref)) deleted.push(ref);
  return { deleted };
};
