import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { ConnectionReusingKubeConfig } from '../environments/outbound/kube-config.factory.js';

/** What a plan answers that the floor needs: each node's rendered manifests and the edges between nodes. */
export interface PlannedGraph {
  nodes: { id: string; manifests: KubernetesObject[] }[];
  edges: { from: string; to: string }[];
}

export interface FloorRun {
  makespanMs: number;
  /** Each node's manifests applied, start to finish (ms). */
  nodeMs: number[];
}

/**
 * The floor: the same rendered manifests server-side applied straight through @kubernetes/client-node, node by
 * node in the DAG's dependency order with at most `parallel` nodes at once, as the deploy runner bounds them.
 */
export class DirectApply {
  private readonly objects: KubernetesObjectApi;

  /** `reuseConnections`: keep-alive connections as deploy has them (client-node alone opens one per request). */
  constructor(
    kubeconfig: string,
    private readonly namespace: string,
    reuseConnections: boolean,
  ) {
    const config = reuseConnections ? new ConnectionReusingKubeConfig() : new KubeConfig();
    config.loadFromString(kubeconfig);
    this.objects = KubernetesObjectApi.makeApiClient(config);
  }

  async ensureNamespace(): Promise<void> {
    await this.objects.patch(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace } },
      undefined,
      undefined,
      'bench-floor',
      true,
      PatchStrategy.ServerSideApply,
    );
  }

  async run(graph: PlannedGraph, parallel: number): Promise<FloorRun> {
    const waitingOn = new Map(graph.nodes.map((n) => [n.id, 0]));
    const dependents = new Map<string, string[]>();
    for (const edge of graph.edges) {
      waitingOn.set(edge.to, (waitingOn.get(edge.to) ?? 0) + 1);
      dependents.set(edge.from, [...(dependents.get(edge.from) ?? []), edge.to]);
    }
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const ready = graph.nodes.filter((n) => waitingOn.get(n.id) === 0).map((n) => n.id);
    const nodeMs: number[] = [];
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let done = 0;
      const pump = () => {
        if (done === graph.nodes.length) return resolve();
        while (running < parallel && ready.length > 0) {
          const id = ready.shift()!;
          running++;
          const started = performance.now();
          void this.applyAll(byId.get(id)!.manifests).then(() => {
            nodeMs.push(performance.now() - started);
            running--;
            done++;
            for (const next of dependents.get(id) ?? []) {
              const left = waitingOn.get(next)! - 1;
              waitingOn.set(next, left);
              if (left === 0) ready.push(next);
            }
            pump();
          }, reject);
        }
      };
      pump();
    });
    return { makespanMs: performance.now() - t0, nodeMs };
  }

  private async applyAll(manifests: KubernetesObject[]): Promise<void> {
    for (const manifest of manifests) {
      const desired = { ...manifest, metadata: { ...manifest.metadata, namespace: this.namespace } };
      await this.objects.patch(desired, undefined, undefined, 'bench-floor', true, PatchStrategy.ServerSideApply);
    }
  }
}
