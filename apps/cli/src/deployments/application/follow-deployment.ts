import { setTimeout as sleep } from 'node:timers/promises';
import { isFinal, type DeploymentGraph } from '../domain/deployment-graph.js';
import type { DeployClient } from '../outbound/deploy.client.js';

/** The deployment was still running when the wait ran out. */
export class FollowTimeoutError extends Error {
  override readonly name = 'FollowTimeoutError';
}

/**
 * Polls the deployment's graph (deploy pushes its changes on NATS, not over HTTP, so a CLI polls) every `intervalMs`
 * until it is final, handing each answer to `onGraph`; answers the final graph.
 */
export async function followDeployment(
  client: DeployClient,
  id: string,
  options: { intervalMs?: number; timeoutMs: number; onGraph(graph: DeploymentGraph): void },
): Promise<DeploymentGraph> {
  const deadline = Date.now() + options.timeoutMs;
  let last: DeploymentGraph | undefined;
  for (;;) {
    const graph = await client.graphOnceRunning(id);
    if (graph) {
      options.onGraph(graph);
      last = graph;
      if (isFinal(graph.state)) return graph;
    }
    if (Date.now() >= deadline) {
      throw new FollowTimeoutError(`deployment ${id} is still ${last?.state ?? 'waiting for a runner'} after ${options.timeoutMs / 1000}s`);
    }
    await sleep(options.intervalMs ?? 500);
  }
}
