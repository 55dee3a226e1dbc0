import { type NatsConnection } from '@nats-io/transport-node';
import { adminRequest as request } from '@appmanager/testing';

export interface StateChange {
  data: { deploymentId: string; appId: string; from: string; to: string; reason?: string };
}

/** Resolves with the next deployment state change matching `to` (for any deployment of `appId`, or one id). */
export function nextDeploymentState(
  nc: NatsConnection,
  match: { to: string; appId?: string; deploymentId?: string },
  timeoutMs = 30_000,
): Promise<{ body: StateChange }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`no deployment reached ${match.to} within ${timeoutMs} ms (${JSON.stringify(match)})`));
    }, timeoutMs);
    const sub = nc.subscribe('deploy.evt.deployment.state-changed.v1', {
      callback: (error, msg) => {
        if (error) return;
        const body = msg.json<StateChange>();
        const d = body.data;
        if (d.to !== match.to || (match.appId && d.appId !== match.appId) || (match.deploymentId && d.deploymentId !== match.deploymentId))
          return;
        clearTimeout(timer);
        sub.unsubscribe();
        resolve({ body });
      },
    });
  });
}

/** Launches through the public API, as a user would; returns the deployment id. */
export async function launch(serviceUrl: string, appId: string, configuration: unknown, target?: Record<string, string>): Promise<string> {
  const accepted = await request(serviceUrl)
    .post('/v1/deployments')
    .send({ appId, configuration, ...(target ? { target } : {}) });
  if (accepted.status !== 202) throw new Error(`launch of ${appId} answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  return accepted.body.id as string;
}

export interface GraphNode {
  id: string;
  /** The deploy step that ran it; null while no step has reached it. */
  step: string | null;
  state: string;
  reason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  outputs: Record<string, unknown>;
}

export async function graphOf(
  serviceUrl: string,
  id: string,
): Promise<{
  state: string;
  reason: string | null;
  nodes: GraphNode[];
  history: { subject: string; from: string; to: string; reason?: string }[];
  workflow: { steps: { name: string; state: string; child?: { steps: { name: string; state: string }[] } }[] };
}> {
  return (await request(serviceUrl).get(`/v1/deployments/${id}/graph`).expect(200)).body;
}
