import { createHash } from 'node:crypto';
import { isObject, type JsonObject } from '../domain/json-value.js';
import { BUILTIN_TYPES, typeKey, type ResourceType } from '../domain/resource-types.js';
import { metaOf, nameOf, namespaceOf, type StoreEvent } from '../store/object-store.js';
import { ANNOTATIONS, timestamp, type ControllerContext } from '../controllers/controller-context.js';
import { FLUX_KINDS, TERRAFORM_KIND } from './flux-crds.js';

const MANAGER = 'tf-controller';

const TERRAFORM: ResourceType = {
  group: TERRAFORM_KIND.group,
  version: TERRAFORM_KIND.versions[0],
  resource: TERRAFORM_KIND.plural,
  singular: 'terraform',
  kind: TERRAFORM_KIND.kind,
  namespaced: true,
  shortNames: [...TERRAFORM_KIND.shortNames],
  hasStatus: true,
};
const GIT_REPOSITORY: ResourceType = {
  group: FLUX_KINDS.gitRepository.group,
  version: FLUX_KINDS.gitRepository.versions[0],
  resource: FLUX_KINDS.gitRepository.plural,
  singular: 'gitrepository',
  kind: FLUX_KINDS.gitRepository.kind,
  namespaced: true,
  shortNames: [...FLUX_KINDS.gitRepository.shortNames],
  hasStatus: true,
};
const SECRET = BUILTIN_TYPES.find((rt) => rt.resource === 'secrets')!;
const TERRAFORM_KEY = typeKey(TERRAFORM.group, TERRAFORM.resource);

const at = (o: unknown, ...path: string[]): JsonObject =>
  path.reduce<JsonObject>((v, k) => (isObject(v[k]) ? v[k] : {}), isObject(o) ? o : {});
const sha = (text: string, algorithm: 'sha1' | 'sha256'): string => createHash(algorithm).update(text).digest('hex');
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

interface Outcome {
  ready: boolean;
  reason: string;
  message: string;
  extra: JsonObject;
}

/**
 * Plays Flux's tf-controller for `Terraform` objects: shortly after one is created or its spec changes, it
 * "applies" the module without running Terraform. The outputs are derived from the spec (each `spec.vars[]`
 * name → its value, plus `id`, a hash of the spec) and written to the Secret `spec.writeOutputsToSecret.name`
 * (owned by the Terraform object, so deleting it collects the Secret); then Ready=True, TerraformOutputsWritten.
 * A `spec.path` matching `brokenTerraformPath` (default `broken-`), or the `fail-reconcile` annotation, gives
 * Ready=False, PlanFailed, with a message, and no Secret.
 */
export class TerraformController {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(e: StoreEvent): void {
    if (e.key !== TERRAFORM_KEY || e.type === 'DELETED' || reconciled(e.object)) return;
    const namespace = namespaceOf(e.object);
    const name = nameOf(e.object);
    this.ctx.after(this.ctx.behaviour.terraformReconcileMs, () =>
      this.ctx.enqueue(`tf/${namespace}/${name}`, () => this.reconcile(namespace, name)),
    );
  }

  private reconcile(namespace: string, name: string): void {
    const tf = this.ctx.get(TERRAFORM, namespace, name);
    if (!tf || reconciled(tf)) return;
    const spec = at(tf, 'spec');
    const path = String(spec.path ?? './');
    const revision = this.revisionOf(tf);
    const annotated = at(metaOf(tf), 'annotations')[ANNOTATIONS.failReconcile];
    const broken =
      typeof annotated === 'string'
        ? annotated
        : this.ctx.behaviour.brokenTerraformPath.test(path)
          ? `terraform plan failed for ${path} (cluster-sim fails paths matching ${this.ctx.behaviour.brokenTerraformPath})`
          : undefined;
    if (broken) {
      this.write(tf, { ready: false, reason: 'PlanFailed', message: broken, extra: { lastAttemptedRevision: revision } });
      return;
    }
    const outputs = outputsOf(spec);
    const secretName = String(at(spec, 'writeOutputsToSecret').name ?? '');
    if (secretName) this.writeSecret(tf, secretName, outputs);
    this.write(tf, {
      ready: true,
      reason: secretName ? 'TerraformOutputsWritten' : 'TerraformAppliedSucceed',
      message: secretName ? `Outputs written: ${revision}` : `Applied successfully: ${revision}`,
      extra: {
        lastAttemptedRevision: revision,
        lastPlannedRevision: revision,
        lastAppliedRevision: revision,
        availableOutputs: Object.keys(outputs).sort(),
        plan: { lastApplied: `plan-${revision}` },
      },
    });
  }

  /** The GitRepository's artifact revision when the source exists, else one derived from the module's path. */
  private revisionOf(tf: JsonObject): string {
    const ref = at(tf, 'spec', 'sourceRef');
    const source =
      ref.kind === 'GitRepository' && typeof ref.name === 'string'
        ? this.ctx.get(GIT_REPOSITORY, String(ref.namespace ?? namespaceOf(tf)), ref.name)
        : undefined;
    const fetched = at(source, 'status', 'artifact').revision;
    return typeof fetched === 'string' ? fetched : `main@sha1:${sha(String(at(tf, 'spec').path ?? './'), 'sha1')}`;
  }

  private writeSecret(tf: JsonObject, name: string, outputs: Record<string, string>): void {
    const namespace = namespaceOf(tf);
    const owner = {
      apiVersion: `${TERRAFORM.group}/${TERRAFORM.version}`,
      kind: TERRAFORM.kind,
      name: nameOf(tf),
      uid: String(metaOf(tf).uid),
    };
    const data = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, base64(v)]));
    const existing = this.ctx.get(SECRET, namespace, name);
    const metadata = {
      ...(existing ? metaOf(existing) : {}),
      name,
      namespace,
      labels: { 'infra.contrib.fluxcd.io/terraform': nameOf(tf) },
      ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
    };
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data };
    if (existing) this.ctx.replace(SECRET, secret, MANAGER);
    else this.ctx.create(SECRET, namespace, secret, MANAGER);
  }

  private write(tf: JsonObject, outcome: Outcome): void {
    const previous = at(tf, 'status');
    const old = (Array.isArray(previous.conditions) ? previous.conditions.filter(isObject) : []).find((c) => c.type === 'Ready');
    const status = outcome.ready ? 'True' : 'False';
    const generation = Number(metaOf(tf).generation ?? 1);
    const ready = {
      type: 'Ready',
      status,
      reason: outcome.reason,
      message: outcome.message,
      observedGeneration: generation,
      lastTransitionTime: old && old.status === status ? String(old.lastTransitionTime) : timestamp(),
    };
    this.ctx.setStatus(TERRAFORM, tf, { ...previous, ...outcome.extra, observedGeneration: generation, conditions: [ready] }, MANAGER);
  }
}

/** What the simulated module outputs: its vars (strings as they are, other values as JSON) and `id`, a hash of the spec. */
function outputsOf(spec: JsonObject): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const v of Array.isArray(spec.vars) ? spec.vars.filter(isObject) : []) {
    if (typeof v.name !== 'string') continue;
    outputs[v.name] = typeof v.value === 'string' ? v.value : JSON.stringify(v.value ?? null);
  }
  outputs.id = sha(JSON.stringify(spec), 'sha256').slice(0, 16);
  // writeOutputsToSecret.outputs, when given, names the outputs written (as tf-controller does)
  const wanted = at(spec, 'writeOutputsToSecret').outputs;
  if (!Array.isArray(wanted)) return outputs;
  return Object.fromEntries(Object.entries(outputs).filter(([k]) => wanted.includes(k)));
}

/** Reconciled already: its Ready condition is about the current generation. */
function reconciled(o: JsonObject): boolean {
  const status = at(o, 'status');
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isObject) : [];
  return conditions.some((c) => c.type === 'Ready') && Number(status.observedGeneration ?? 0) === Number(metaOf(o).generation ?? 1);
}
