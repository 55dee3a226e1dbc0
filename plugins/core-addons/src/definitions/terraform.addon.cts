import type {
  AddonInput,
  AddonPlugin,
  AddonReleaseInput,
  AddonStatusResult,
  JsonObject,
  KubeHostApi,
  KubeObject,
  PluginHost,
} from '@appmanager/plugin-sdk';

const TERRAFORM = { apiVersion: 'infra.contrib.fluxcd.io/v1alpha2', kind: 'Terraform' };
const GIT_REPOSITORY = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository' };
const LABELS = { 'app.kubernetes.io/managed-by': 'appmanager-addon' };

type Var = { name: string; value: unknown };
type SourceRef = { kind: string; name: string; namespace?: string };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const objectAt = (o: unknown, ...path: string[]): JsonObject =>
  path.reduce<JsonObject>((v, k) => (isObject(v[k]) ? (v[k] as JsonObject) : {}), isObject(o) ? o : {});
const outputsSecretOf = (input: AddonInput) => `${input.instance.name}-outputs`;

/** Vars from AppManager's `spec.environments` ([{name, value}]) or the native `vars` (a list like it, or a map). */
function varsOf(properties: JsonObject): Var[] {
  const raw = objectAt(properties, 'spec').environments ?? properties['vars'] ?? [];
  const list: unknown[] = Array.isArray(raw) ? raw : isObject(raw) ? Object.entries(raw).map(([name, value]) => ({ name, value })) : [];
  return list.map((v, i) => {
    if (!isObject(v) || typeof v.name !== 'string' || !v.name) throw new Error(`vars[${i}] needs a name`);
    return { name: v.name, value: v.value ?? null };
  });
}

/** A repo without a scheme (AppManager's `pe3/terraform-test.git`) is an https URL on `gitHost` (default github.com). */
function gitUrlOf(repo: string, host: unknown): string {
  if (/^(https?|ssh):\/\//.test(repo)) return repo;
  return `https://${typeof host === 'string' && host ? host : 'github.com'}/${repo.replace(/^\/+/, '')}`;
}

/** The GitRepository the add-on makes for AppManager's `spec.configuration.git` (or native `git`), if given. */
function gitRepositoryOf(input: AddonInput): KubeObject | undefined {
  const git = { ...objectAt(input.properties, 'git'), ...objectAt(input.properties, 'spec', 'configuration', 'git') };
  const repo = git.repo ?? git.url;
  if (typeof repo !== 'string' || !repo) return undefined;
  return {
    ...GIT_REPOSITORY,
    metadata: { name: input.instance.name, labels: LABELS },
    spec: {
      interval: '10m',
      url: gitUrlOf(repo, git.host ?? input.properties['gitHost']),
      ref: { branch: typeof git.branch === 'string' ? git.branch : 'main' },
    },
  };
}

function terraformOf(input: AddonInput, source: KubeObject | undefined): KubeObject {
  const native = input.properties['sourceRef'];
  const sourceRef: SourceRef | undefined = source
    ? { kind: 'GitRepository', name: source.metadata.name }
    : isObject(native) && typeof native.name === 'string'
      ? (native as SourceRef)
      : undefined;
  if (!sourceRef)
    throw new Error('terraform needs a module source: spec.configuration.git {repo, branch}, git {repo, branch} or sourceRef');
  const configured = objectAt(input.properties, 'spec', 'configuration').path;
  const path = typeof input.properties['path'] === 'string' ? input.properties['path'] : typeof configured === 'string' ? configured : './';
  return {
    ...TERRAFORM,
    metadata: { name: input.instance.name, labels: { ...LABELS, 'addon.appmanager.io/instance': input.instance.id } },
    spec: {
      interval: '10m',
      approvePlan: 'auto',
      destroyResourcesOnDeletion: true,
      path,
      sourceRef: { kind: sourceRef.kind, name: sourceRef.name, ...(sourceRef.namespace ? { namespace: sourceRef.namespace } : {}) },
      vars: varsOf(input.properties) as unknown as JsonObject[],
      writeOutputsToSecret: { name: outputsSecretOf(input) },
    },
  };
}

/** A short stable digest of a string (FNV-1a), so equal specs give equal signatures. */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function kubeOf(host: PluginHost): KubeHostApi {
  if (!host.kube) throw new Error('the kube capability is not granted');
  return host.kube;
}

/**
 * A Terraform module run by a Terraform controller (Flux's tf-controller) in the instance's namespace: `apply`
 * applies the `Terraform` CR (and a GitRepository for AppManager's `spec.configuration.git`) and returns at once;
 * `status` says ready only once the controller's Ready condition is True and its outputs Secret exists. The module's
 * outputs are not known up front, so they stay in that Secret: the add-on's output is its name (`secretName`),
 * for consumers to mount; they never pass through the add-on service.
 */
const terraform: AddonPlugin = {
  async apply(input: AddonInput, host: PluginHost) {
    const kube = kubeOf(host);
    const source = gitRepositoryOf(input);
    const cr = terraformOf(input, source);
    if (source) await kube.apply(source);
    await kube.apply(cr);
    return {
      outputs: { secretName: outputsSecretOf(input), terraform: cr.metadata.name },
      signature: `${cr.metadata.name}@${digest(JSON.stringify([cr.spec, source?.spec ?? null]))}`,
    };
  },

  /** Ready=True and the Secret written: ready; Ready=False: the controller's message, thrown (a failure, not a wait). */
  async status(input: AddonReleaseInput, host: PluginHost): Promise<AddonStatusResult> {
    const kube = kubeOf(host);
    const name = input.instance.name;
    const live = await kube.get({ ...TERRAFORM, name });
    if (!live) return { ready: false, message: `Terraform ${name} not found` };
    const status = objectAt(live, 'status');
    const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isObject) : [];
    const ready = conditions.find((c) => c.type === 'Ready');
    const current = Number(status.observedGeneration ?? 0) === Number(objectAt(live, 'metadata').generation ?? 1);
    if (!ready || !current || ready.status === 'Unknown')
      return { ready: false, message: `waiting for the Terraform controller on ${name}` };
    if (ready.status !== 'True')
      throw new Error(`Terraform ${name}: ${String(ready.reason ?? 'NotReady')}: ${String(ready.message ?? '')}`);
    const secret = await kube.get({ apiVersion: 'v1', kind: 'Secret', name: outputsSecretOf(input) });
    if (!secret) return { ready: false, message: `Terraform ${name} is Ready but its outputs Secret is not written yet` };
    return {
      ready: true,
      message: `outputs in Secret ${outputsSecretOf(input)}: ${Object.keys(objectAt(secret, 'data')).sort().join(', ')}`,
    };
  },

  async release(input: AddonReleaseInput, host: PluginHost) {
    const kube = kubeOf(host);
    // the controller destroys the module's resources (destroyResourcesOnDeletion); the outputs Secret is owned by the CR
    await kube.delete({ ...TERRAFORM, name: input.instance.name });
    if (gitRepositoryOf(input)) await kube.delete({ ...GIT_REPOSITORY, name: input.instance.name });
    return { released: true };
  },
};

module.exports = terraform;
