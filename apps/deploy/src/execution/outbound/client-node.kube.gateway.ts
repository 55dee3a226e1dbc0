import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { type KubePort } from '../../plugin-host/application/plugin.gateway.js';
import { type Cluster } from '../../environments/domain/environment.model.js';
import { kubeConfigOf } from '../../environments/outbound/kube-config.factory.js';
import { nodeVersionAnnotation } from '../domain/node-version.js';

type Obj = Record<string, unknown> & { metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> } };

/**
 * Kubernetes for one cluster through @kubernetes/client-node: server-side apply with the plug-in's field
 * manager. An object whose live copy already carries the same node-version annotation is not applied again,
 * so a replica resuming after a crash does not re-apply what its predecessor finished.
 */
export class ClientNodeKubeGateway implements KubePort {
  private readonly objects: KubernetesObjectApi;
  private readonly ensuredNamespaces = new Set<string>();

  constructor(
    cluster: Cluster,
    private readonly onApply: (object: Obj, skipped: boolean) => void = () => undefined,
  ) {
    this.objects = KubernetesObjectApi.makeApiClient(kubeConfigOf(cluster));
  }

  async get(namespace: string, ref: { apiVersion: string; kind: string; name: string }): Promise<Obj | null> {
    try {
      return (await this.objects.read({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, namespace },
      })) as unknown as Obj;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return null;
      throw sanitized(error);
    }
  }

  async list(namespace: string, query: { apiVersion: string; kind: string; labelSelector?: string }): Promise<Obj[]> {
    try {
      const list = await this.objects.list(
        query.apiVersion,
        query.kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        query.labelSelector,
      );
      return list.items as unknown as Obj[];
    } catch (error) {
      throw sanitized(error);
    }
  }

  async apply(namespace: string, object: Obj, fieldManager: string, options: { unseenVersion?: boolean } = {}): Promise<Obj> {
    const desired = { ...object, metadata: { ...(object.metadata ?? {}), namespace } } as Obj;
    const version = desired.metadata?.annotations?.[nodeVersionAnnotation];
    if (version && !options.unseenVersion) {
      const live = await this.get(namespace, {
        apiVersion: String(desired['apiVersion']),
        kind: String(desired['kind']),
        name: String(desired.metadata?.name),
      });
      if (live?.metadata?.annotations?.[nodeVersionAnnotation] === version) {
        this.onApply(desired, true);
        return live;
      }
    }
    await this.ensureNamespace(namespace);
    try {
      const applied = (await this.objects.patch(
        desired as KubernetesObject,
        undefined,
        undefined,
        fieldManager,
        true,
        PatchStrategy.ServerSideApply,
      )) as unknown as Obj;
      this.onApply(desired, false);
      return applied;
    } catch (error) {
      throw sanitized(error);
    }
  }

  async delete(namespace: string, ref: { apiVersion: string; kind: string; name: string }): Promise<boolean> {
    try {
      // Background: the API server's garbage collector removes what the object owns (a Job's pods too, which
      // the batch/v1 default would orphan); undeploy then waits until the object itself is gone
      await this.objects.delete(
        { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace } },
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
      );
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return false;
      throw sanitized(error);
    }
  }

  private async ensureNamespace(namespace: string): Promise<void> {
    if (this.ensuredNamespaces.has(namespace)) return;
    try {
      await this.objects.patch(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        undefined,
        undefined,
        'appmanager-deploy',
        true,
        PatchStrategy.ServerSideApply,
      );
    } catch (error) {
      // a namespace the platform may not create (403) can still exist; the apply itself will tell
      if ((error as { code?: number }).code !== 403) throw sanitized(error);
    }
    this.ensuredNamespaces.add(namespace);
  }
}

/** A client-node error carries request headers (the bearer token); keep only what explains the failure. */
function sanitized(error: unknown): Error {
  const e = error as { code?: number; body?: unknown; message?: string; cause?: { code?: string } };
  if (typeof e.code === 'number') {
    let detail = '';
    try {
      const body = typeof e.body === 'string' ? (JSON.parse(e.body) as { message?: string }) : (e.body as { message?: string } | undefined);
      detail = body?.message ? `: ${body.message}` : '';
    } catch {
      detail = '';
    }
    return new Error(`Kubernetes API answered ${e.code}${detail}`);
  }
  return new Error(e.cause?.code ?? (e.message ?? 'Kubernetes API call failed').split('\n')[0]);
}
