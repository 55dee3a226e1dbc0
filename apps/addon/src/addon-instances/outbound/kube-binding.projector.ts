import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { type ClusterCredentialsSource, kubeConfigOf } from '@appmanager/messaging';
import type { KubeCapability, KubeScope, ScopedKubeRef } from '@appmanager/plugin-runtime';
import type { KubeObject, KubeListQuery } from '@appmanager/plugin-sdk';
import type { BindingProjector } from '../application/addon.ports.js';

const FIELD_MANAGER = 'appmanager-addon';

/** Kubernetes on a consumer's cluster with the credentials deploy hands over (ADR 0011); nothing is kept on disk. */
export class ClusterKube {
  constructor(private readonly credentials: ClusterCredentialsSource) {}

  async objects(cluster: string): Promise<KubernetesObjectApi> {
    const access = (await this.credentials.fetch([cluster])).get(cluster);
    if (!access) throw new Error(`deploy knows no cluster ${cluster}`);
    return KubernetesObjectApi.makeApiClient(kubeConfigOf(access));
  }
}

/** `<instance-name>-binding` in the consumer's namespace, server-side applied; errors never carry the body. */
export class KubeBindingProjector implements BindingProjector {
  constructor(private readonly kube: ClusterKube) {}

  async project(
    target: { cluster: string; namespace: string; name: string; instanceId: string },
    data: Record<string, string>,
  ): Promise<void> {
    const api = await this.kube.objects(target.cluster);
    await ensureNamespace(api, target.namespace);
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: target.name,
        namespace: target.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'appmanager-addon' },
        annotations: { 'addon.appmanager.io/instance': target.instanceId },
      },
      type: `servicebinding.io/${data['type'] ?? 'addon'}`,
      stringData: data,
    };
    await quiet(`apply Secret ${target.namespace}/${target.name}`, () =>
      api.patch(secret as KubernetesObject, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply),
    );
  }

  async remove(target: { cluster: string; namespace: string; name: string }): Promise<void> {
    const api = await this.kube.objects(target.cluster);
    await quiet(`delete Secret ${target.namespace}/${target.name}`, () =>
      api.delete({ apiVersion: 'v1', kind: 'Secret', metadata: { name: target.name, namespace: target.namespace } }),
    ).catch((error: Error) => {
      if (!/\(404\)/.test(error.message)) throw error;
    });
  }
}

/** The plug-in's `kube` capability on the instance's cluster (the runtime has pinned it to the namespace). */
export function kubeCapability(kube: ClusterKube): KubeCapability {
  return {
    get: async (scope: KubeScope, ref: ScopedKubeRef) => {
      const api = await kube.objects(scope.cluster);
      try {
        return (await api.read({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        })) as unknown as KubeObject;
      } catch (error) {
        if ((error as { code?: number }).code === 404) return null;
        throw new Error(`get ${ref.kind} ${ref.name} failed (${(error as { code?: number }).code ?? 'error'})`);
      }
    },
    list: async (scope: KubeScope, query: KubeListQuery & { namespace: string }) => {
      const api = await kube.objects(scope.cluster);
      const list = await quiet(`list ${query.kind}`, () =>
        api.list(query.apiVersion, query.kind, query.namespace, undefined, undefined, undefined, undefined, query.labelSelector),
      );
      return list.items as unknown as KubeObject[];
    },
    apply: async (scope: KubeScope, object: KubeObject, options: { fieldManager: string }) => {
      const api = await kube.objects(scope.cluster);
      await ensureNamespace(api, scope.namespace);
      const applied = await quiet(`apply ${object.kind} ${object.metadata.name}`, () =>
        api.patch(object as KubernetesObject, undefined, undefined, options.fieldManager, true, PatchStrategy.ServerSideApply),
      );
      return applied as unknown as KubeObject;
    },
    delete: async (scope: KubeScope, ref: ScopedKubeRef) => {
      const api = await kube.objects(scope.cluster);
      try {
        await api.delete({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } });
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 404) return false;
        throw new Error(`delete ${ref.kind} ${ref.name} failed (${(error as { code?: number }).code ?? 'error'})`);
      }
    },
  };
}

/** An add-on node may run before anything else of the app: its namespace may not exist yet (deploy makes it the same way). */
async function ensureNamespace(api: KubernetesObjectApi, name: string): Promise<void> {
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  await quiet(`ensure Namespace ${name}`, () =>
    api.patch(namespace as KubernetesObject, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply),
  );
}

/** client-node errors carry the request body (a Secret's data): only the status goes on. */
async function quiet<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(`${what} failed (${(error as { code?: number }).code ?? 'error'})`);
  }
}
