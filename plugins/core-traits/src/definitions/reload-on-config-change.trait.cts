import type { ComponentStatusResult, KubeHostApi, KubeObject, TraitPlugin } from '@appmanager/plugin-sdk';

// Self-contained on purpose: a bundle is one script in the sandbox, with no imports at run time.

/** stakater Reloader's job: the pods restart when a ConfigMap or Secret they use changes. */
interface ReloadProperties {
  /** When given, exactly these ConfigMaps are watched (restricting or extending what the pods reference). */
  configMaps?: string[];
  /** When given, exactly these Secrets are watched. */
  secrets?: string[];
  /** How the pods are restarted: a pod-template annotation (the only one so far). */
  strategy?: 'annotation';
}

type Obj = Record<string, unknown>;
type SourceKind = 'configmap' | 'secret';
interface Source {
  kind: SourceKind;
  name: string;
}

const HASH_ANNOTATION = 'appmanager.io/config-hash';
/** Only these roll their pods when the template changes; a Job's template is immutable. */
const ROLLED_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const ABSENT = 'absent';

const isObj = (value: unknown): value is Obj => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
const at = (value: unknown, key: string): Obj | undefined => (isObj(value) && isObj(value[key]) ? value[key] : undefined);
const objects = (value: unknown): Obj[] => (Array.isArray(value) ? value.filter(isObj) : []);
const keyOf = (source: Source) => `${source.kind}/${source.name}`;

/** The pod template of a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job (spec.template) or CronJob. */
function podTemplateOf(workload: KubeObject): Obj | undefined {
  const spec = at(workload, 'spec');
  const template = workload.kind === 'CronJob' ? at(at(at(spec, 'jobTemplate'), 'spec'), 'template') : at(spec, 'template');
  return at(template, 'spec') ? template : undefined;
}

/** Every ConfigMap and Secret the pod spec reads: env valueFrom, envFrom, volumes and projected volumes. */
function referencedSources(podSpec: Obj): Source[] {
  const found: Source[] = [];
  const add = (kind: SourceKind, name: unknown) => void (typeof name === 'string' && name !== '' && found.push({ kind, name }));
  const containers = ['initContainers', 'containers', 'ephemeralContainers'].flatMap((field) => objects(podSpec[field]));
  for (const container of containers) {
    for (const env of objects(container['env'])) {
      add('configmap', at(at(env, 'valueFrom'), 'configMapKeyRef')?.['name']);
      add('secret', at(at(env, 'valueFrom'), 'secretKeyRef')?.['name']);
    }
    for (const from of objects(container['envFrom'])) {
      add('configmap', at(from, 'configMapRef')?.['name']);
      add('secret', at(from, 'secretRef')?.['name']);
    }
  }
  for (const volume of objects(podSpec['volumes'])) {
    add('configmap', at(volume, 'configMap')?.['name']);
    add('secret', at(volume, 'secret')?.['secretName']);
    for (const projected of objects(at(volume, 'projected')?.['sources'])) {
      add('configmap', at(projected, 'configMap')?.['name']);
      add('secret', at(projected, 'secret')?.['name']);
    }
  }
  return found;
}

/** What is watched, sorted and without duplicates: a list in the properties replaces the references of its kind. */
function watchedSources(template: Obj, properties: ReloadProperties): Source[] {
  const referenced = referencedSources(at(template, 'spec') ?? {});
  const pick = (kind: SourceKind, listed: string[] | undefined): Source[] =>
    listed ? listed.map((name) => ({ kind, name })) : referenced.filter((s) => s.kind === kind);
  const byKey = new Map([...pick('configmap', properties.configMaps), ...pick('secret', properties.secrets)].map((s) => [keyOf(s), s]));
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as Source);
}

/**
 * The annotation value: `configmap/app=<digest>,secret/db=<digest>` (`absent` for a missing one), each digest the first
 * 16 hex digits of the SHA-256 of the object's data. Only digests, never a value, so a Secret does not leak into the
 * workload; per source, so `watch` can say which one changed.
 */
async function stampOf(kube: KubeHostApi, sources: Source[]): Promise<string> {
  const entries: string[] = [];
  for (const source of sources) {
    const kind = source.kind === 'configmap' ? 'ConfigMap' : 'Secret';
    const object = await kube.get({ apiVersion: 'v1', kind, name: source.name });
    const digest = object
      ? sha256Hex(canonical({ data: object['data'] ?? {}, binaryData: object['binaryData'] ?? {} })).slice(0, 16)
      : ABSENT;
    entries.push(`${keyOf(source)}=${digest}`);
  }
  return entries.join(',');
}

/** The sources whose digest differs between two stamps (a source in only one of them counts as changed). */
function changedSources(before: string | undefined, after: string): string[] {
  const parse = (stamp: string | undefined) => new Map((stamp ?? '').split(',').map((entry) => entry.split('=') as [string, string]));
  const [old, current] = [parse(before), parse(after)];
  const keys = new Set([...old.keys(), ...current.keys()].filter((key) => key !== ''));
  return [...keys].filter((key) => old.get(key) !== current.get(key)).sort();
}

/** Stamps the pod template with the digest of the ConfigMaps and Secrets it uses, so a config change is a new template. */
export const apply: TraitPlugin<ReloadProperties>['apply'] = async (input, host) => {
  const workload = JSON.parse(JSON.stringify(input.workload)) as KubeObject;
  const template = podTemplateOf(workload);
  if (!template) throw new Error(`${workload.kind}/${workload.metadata.name} has no pod template to reload`);
  const sources = watchedSources(template, input.properties);
  // without a cluster (a plan, a dry run) there is nothing to read: the workload goes unstamped and `watch` stamps it
  if (sources.length === 0 || !host.kube) return { workload };
  let stamp: string;
  try {
    stamp = await stampOf(host.kube, sources);
  } catch (error) {
    if (/Kubernetes is not available/.test(error instanceof Error ? error.message : String(error))) return { workload };
    throw error;
  }
  const metadata = (template['metadata'] ??= {}) as Obj;
  metadata['annotations'] = { ...(metadata['annotations'] as Obj | undefined), [HASH_ANNOTATION]: stamp };
  return { workload };
};

/**
 * Called with the live workload on each change the sensor observes: when the ConfigMaps and Secrets now differ from
 * the pod template's stamp, applies the new stamp (only that annotation), which rolls the pods.
 */
export const watch: NonNullable<TraitPlugin<ReloadProperties>['watch']> = async (input, host): Promise<ComponentStatusResult> => {
  const live = input.workload;
  const id = `${live.kind}/${live.metadata.name}`;
  const template = podTemplateOf(live);
  if (!template) return { state: 'RUNNING', message: `${id} has no pod template: nothing to reload` };
  const sources = watchedSources(template, input.properties ?? {});
  if (sources.length === 0) return { state: 'RUNNING', message: 'no ConfigMaps or Secrets to watch' };
  if (!host.kube) return { state: 'UNKNOWN', message: 'cannot read ConfigMaps and Secrets without the kube capability' };
  const stamp = await stampOf(host.kube, sources);
  const stamped = (at(at(template, 'metadata'), 'annotations') ?? {})[HASH_ANNOTATION];
  if (stamped === stamp) return { state: 'RUNNING', message: 'config unchanged' };
  const changed = changedSources(typeof stamped === 'string' ? stamped : undefined, stamp).join(', ');
  if (!ROLLED_KINDS.has(live.kind)) return { state: 'RUNNING', message: `${id} is not rolled on a config change (${changed} changed)` };
  await host.kube.apply({
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: { name: live.metadata.name },
    spec: { template: { metadata: { annotations: { [HASH_ANNOTATION]: stamp } } } },
  });
  return { state: 'RUNNING', message: `reloaded: ${changed} changed` };
};

/** JSON with sorted keys, so the digest does not depend on the order the API server returns fields in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObj(value))
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

// SHA-256 (FIPS 180-4) by hand: the sandbox has neither node:crypto nor WebCrypto.
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const c = char.codePointAt(0) ?? 0;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}

function sha256Hex(text: string): string {
  const bytes = utf8(text);
  const bits = bytes.length * 8;
  bytes.push(0x80);
  while (bytes.length % 64 !== 56) bytes.push(0);
  const [high, low] = [Math.floor(bits / 0x100000000), bits >>> 0];
  for (const word of [high, low]) bytes.push((word >>> 24) & 255, (word >>> 16) & 255, (word >>> 8) & 255, word & 255);
  const h = [...H0];
  const w: number[] = new Array(64).fill(0);
  const word = (i: number) => w[i] as number;
  for (let offset = 0; offset < bytes.length; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const b = (j: number) => bytes[offset + 4 * i + j] as number;
      w[i] = (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
    }
    for (let i = 16; i < 64; i++) {
      const [x, y] = [word(i - 15), word(i - 2)];
      w[i] = (word(i - 16) + (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + word(i - 7) + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10))) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (K[i] as number) + word(i)) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => (h[i] = ((h[i] as number) + v) | 0));
  }
  return h.map((v) => (v >>> 0).toString(16).padStart(8, '0')).join('');
}
