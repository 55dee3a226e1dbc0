import { createHash } from 'node:crypto';
import { isObject, type JsonObject } from '../domain/json-value.js';
import { typeKey, type ResourceType } from '../domain/resource-types.js';
import { metaOf, nameOf, namespaceOf, type StoreEvent } from '../store/object-store.js';
import { ANNOTATIONS, timestamp, type ControllerContext } from '../controllers/controller-context.js';
import { FLUX_KINDS, type FluxKind } from './flux-crds.js';

const MANAGER = 'flux-controllers';

const typeOf = (k: FluxKind): ResourceType => ({
  group: k.group,
  version: k.versions[0]!,
  resource: k.plural,
  singular: k.kind.toLowerCase(),
  kind: k.kind,
  namespaced: true,
  shortNames: [...k.shortNames],
  hasStatus: true,
});
const TYPES = {
  helmRepository: typeOf(FLUX_KINDS.helmRepository),
  gitRepository: typeOf(FLUX_KINDS.gitRepository),
  helmRelease: typeOf(FLUX_KINDS.helmRelease),
  kustomization: typeOf(FLUX_KINDS.kustomization),
};
const keyOf = (rt: ResourceType): string => typeKey(rt.group, rt.resource);
const BY_KEY = new Map(Object.values(TYPES).map((rt) => [keyOf(rt), rt]));
const SOURCES = new Set([keyOf(TYPES.helmRepository), keyOf(TYPES.gitRepository)]);

interface Outcome {
  ready: boolean;
  reason: string;
  message: string;
  extra: JsonObject;
}

const at = (o: unknown, ...path: string[]): JsonObject =>
  path.reduce<JsonObject>((v, k) => (isObject(v[k]) ? v[k] : {}), isObject(o) ? o : {});
const fakeDigest = (text: string, algorithm: 'sha1' | 'sha256'): string => createHash(algorithm).update(text).digest('hex');

/**
 * Plays Flux's source-, helm- and kustomize-controllers: shortly after a HelmRepository, GitRepository,
 * HelmRelease or Kustomization is created or its spec changes, its Ready condition says how it went.
 * Nothing is pulled, templated or applied. A HelmRelease fails (Ready=False, InstallFailed or UpgradeFailed)
 * when its chart name matches `brokenChart` (default `^broken-`), a Kustomization (BuildFailed) when its
 * path matches `brokenKustomizePath` (default `broken-`), and any of them with the message of its
 * `cluster-sim.appmanager.dev/fail-reconcile` annotation. A missing source is ArtifactFailed until it appears.
 */
export class FluxController {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(e: StoreEvent): void {
    const rt = BY_KEY.get(e.key);
    if (!rt) return;
    const namespace = namespaceOf(e.object);
    if (e.type !== 'DELETED' && !reconciled(e.object)) this.schedule(rt, namespace, nameOf(e.object));
    // a release or kustomization that was waiting for this source is looked at again once it exists
    if (SOURCES.has(e.key) && e.type !== 'DELETED') {
      for (const dependent of [TYPES.helmRelease, TYPES.kustomization]) {
        for (const o of this.ctx.store.list(keyOf(dependent), namespace))
          if (!reconciled(o)) this.schedule(dependent, namespace, nameOf(o));
      }
    }
  }

  private schedule(rt: ResourceType, namespace: string, name: string): void {
    const id = `flux/${rt.resource}/${namespace}/${name}`;
    this.ctx.after(this.ctx.behaviour.fluxReconcileMs, () => this.ctx.enqueue(id, () => this.reconcile(rt, namespace, name)));
  }

  private reconcile(rt: ResourceType, namespace: string, name: string): void {
    const o = this.ctx.get(rt, namespace, name);
    // scheduled twice for one generation (a spec write, then a source appearing): the first answer stands
    if (!o || reconciled(o)) return;
    const annotated = at(metaOf(o), 'annotations')[ANNOTATIONS.failReconcile];
    const failure = typeof annotated === 'string' ? annotated : undefined;
    const outcome =
      rt === TYPES.helmRelease
        ? this.helmRelease(o, failure)
        : rt === TYPES.kustomization
          ? this.kustomization(o, failure)
          : source(rt, o, failure);
    this.write(rt, o, outcome);
  }

  private helmRelease(hr: JsonObject, failure: string | undefined): Outcome {
    const chartSpec = at(hr, 'spec', 'chart', 'spec');
    const chart = String(chartSpec.chart ?? '');
    const version = String(chartSpec.version ?? '*');
    const missing = this.missingSource(hr, chartSpec.sourceRef, 'HelmRepository');
    if (missing) return missing;
    const target = String(at(hr, 'spec').targetNamespace ?? namespaceOf(hr));
    const release = String(at(hr, 'spec').releaseName ?? (at(hr, 'spec').targetNamespace ? `${target}-${nameOf(hr)}` : nameOf(hr)));
    const history = Array.isArray(at(hr, 'status').history) ? (at(hr, 'status').history as JsonObject[]) : [];
    const action = history.length > 0 ? 'upgrade' : 'install';
    const Action = action === 'install' ? 'Install' : 'Upgrade';
    const extra: JsonObject = {
      lastAttemptedRevision: version,
      lastAttemptedGeneration: Number(metaOf(hr).generation ?? 1),
      lastAttemptedReleaseAction: action,
    };
    const broken =
      failure ??
      (this.ctx.behaviour.brokenChart.test(chart)
        ? `chart "${chart}" is broken (cluster-sim fails charts matching ${this.ctx.behaviour.brokenChart})`
        : undefined);
    if (broken) {
      return {
        ready: false,
        reason: `${Action}Failed`,
        message: `Helm ${action} failed for release ${target}/${release} with chart ${chart}@${version}: ${broken}`,
        extra: { ...extra, history },
      };
    }
    const revision = history.length + 1;
    const entry = {
      name: release,
      namespace: target,
      version: revision,
      chartName: chart,
      chartVersion: version,
      status: 'deployed',
      digest: `sha256:${fakeDigest(`${chart}@${version}/${revision}`, 'sha256')}`,
    };
    return {
      ready: true,
      reason: `${Action}Succeeded`,
      message: `Helm ${action} succeeded for release ${target}/${release}.v${revision} with chart ${chart}@${version}`,
      extra: { ...extra, history: [entry, ...history].slice(0, 5) },
    };
  }

  private kustomization(ks: JsonObject, failure: string | undefined): Outcome {
    const spec = at(ks, 'spec');
    const path = String(spec.path ?? './');
    const missing = this.missingSource(ks, spec.sourceRef, 'GitRepository');
    if (missing) return missing;
    const sourceRef = at(spec, 'sourceRef');
    const revision = String(
      at(this.ctx.get(TYPES.gitRepository, String(sourceRef.namespace ?? namespaceOf(ks)), String(sourceRef.name)), 'status', 'artifact')
        .revision ?? `main@sha1:${fakeDigest(path, 'sha1')}`,
    );
    const broken =
      failure ??
      (this.ctx.behaviour.brokenKustomizePath.test(path)
        ? `kustomize build failed for ${path} (cluster-sim fails paths matching ${this.ctx.behaviour.brokenKustomizePath})`
        : undefined);
    const extra: JsonObject = { lastAttemptedRevision: revision };
    if (broken) return { ready: false, reason: 'BuildFailed', message: broken, extra };
    return {
      ready: true,
      reason: 'ReconciliationSucceeded',
      message: `Applied revision: ${revision}`,
      extra: { ...extra, lastAppliedRevision: revision },
    };
  }

  /** ArtifactFailed while the referenced source does not exist (yet). */
  private missingSource(o: JsonObject, ref: unknown, defaultKind: string): Outcome | undefined {
    const sourceRef = isObject(ref) ? ref : {};
    const kind = String(sourceRef.kind ?? defaultKind);
    const rt = kind === 'GitRepository' ? TYPES.gitRepository : kind === 'HelmRepository' ? TYPES.helmRepository : undefined;
    const namespace = String(sourceRef.namespace ?? namespaceOf(o));
    if (rt && this.ctx.get(rt, namespace, String(sourceRef.name ?? ''))) return undefined;
    return {
      ready: false,
      reason: 'ArtifactFailed',
      message: `${kind} '${namespace}/${String(sourceRef.name ?? '')}' not found`,
      extra: {},
    };
  }

  private write(rt: ResourceType, o: JsonObject, outcome: Outcome): void {
    const previous = at(o, 'status');
    const old = (Array.isArray(previous.conditions) ? previous.conditions.filter(isObject) : []).find((c) => c.type === 'Ready');
    const status = outcome.ready ? 'True' : 'False';
    // the transition time moves only when the condition's status does, as in any controller
    const since = old && old.status === status ? String(old.lastTransitionTime) : timestamp();
    const ready = {
      type: 'Ready',
      status,
      reason: outcome.reason,
      message: outcome.message,
      observedGeneration: Number(metaOf(o).generation ?? 1),
      lastTransitionTime: since,
    };
    const conditions: JsonObject[] = [ready];
    if (rt === TYPES.helmRelease && outcome.reason !== 'ArtifactFailed') conditions.push({ ...ready, type: 'Released' });
    this.ctx.setStatus(
      rt,
      o,
      { ...previous, ...outcome.extra, observedGeneration: Number(metaOf(o).generation ?? 1), conditions },
      MANAGER,
    );
  }
}

/** A source always fetches: its artifact's revision is derived from what it points at. */
function source(rt: ResourceType, o: JsonObject, failure: string | undefined): Outcome {
  const spec = at(o, 'spec');
  const url = String(spec.url ?? '');
  if (failure)
    return { ready: false, reason: rt === TYPES.gitRepository ? 'GitOperationFailed' : 'IndexationFailed', message: failure, extra: {} };
  const ref = at(spec, 'ref');
  const revision =
    rt === TYPES.gitRepository
      ? `${String(ref.tag ?? ref.branch ?? 'master')}@sha1:${fakeDigest(`${url}#${JSON.stringify(ref)}`, 'sha1')}`
      : `sha256:${fakeDigest(url, 'sha256')}`;
  const artifact = {
    revision,
    path: `${rt.resource}/${namespaceOf(o)}/${nameOf(o)}/index.yaml`,
    url: `http://source-controller.flux-system.svc.cluster.local./${rt.resource}/${namespaceOf(o)}/${nameOf(o)}`,
    lastUpdateTime: timestamp(),
  };
  return { ready: true, reason: 'Succeeded', message: `stored artifact: revision '${revision}'`, extra: { artifact } };
}

/** Reconciled already: its Ready condition is about the current generation and not waiting for a source. */
function reconciled(o: JsonObject): boolean {
  const status = at(o, 'status');
  const ready = (Array.isArray(status.conditions) ? status.conditions.filter(isObject) : []).find((c) => c.type === 'Ready');
  return (
    ready !== undefined && ready.reason !== 'ArtifactFailed' && Number(status.observedGeneration ?? 0) === Number(metaOf(o).generation ?? 1)
  );
}
