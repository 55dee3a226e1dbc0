import { ServiceClient, ServiceError } from '../../auth/service.client.js';
import type { CliIo } from '../../cli/cli-io.js';
import type { DeploymentGraph, DeploymentPlan } from '../domain/deployment-graph.js';

export interface AcceptedDeployment {
  id: string;
  state: string;
  created: boolean;
}

export interface DeploymentSummary {
  id: string;
  state: string;
  reason: string | null;
  target: Record<string, string>;
  createdAt: string;
  finishedAt: string | null;
}

export type Operation = 'suspend' | 'resume' | 'retry' | 'terminate';

/** The deploy service's deployment routes (apps/deploy/src/{deployments,execution,plan}/inbound). */
export class DeployClient {
  private readonly service: ServiceClient;

  constructor(io: CliIo) {
    this.service = ServiceClient.of('deploy', io);
  }

  launch(appId: string, configuration: unknown): Promise<AcceptedDeployment> {
    return this.service.send('POST', '/v1/deployments', { appId, configuration });
  }

  plan(configuration: unknown): Promise<DeploymentPlan> {
    return this.service.send('POST', '/v1/deployments:plan', { configuration });
  }

  /** The deployment as recorded (state and reason), whether or not a runner took it up yet. */
  get(id: string): Promise<{ id: string; appId: string; state: string; reason?: string | null }> {
    return this.service.json(`/v1/deployments/${encodeURIComponent(id)}`);
  }

  graph(id: string): Promise<DeploymentGraph> {
    return this.service.json(`/v1/deployments/${encodeURIComponent(id)}/graph`);
  }

  /** The graph, or undefined while no runner has taken the deployment up (the route answers 404 until then). */
  async graphOnceRunning(id: string): Promise<DeploymentGraph | undefined> {
    try {
      return await this.graph(id);
    } catch (error) {
      if (error instanceof ServiceError && error.status === 404) return undefined;
      throw error;
    }
  }

  history(appId: string, state?: string): Promise<{ items: DeploymentSummary[]; total: number }> {
    const query = new URLSearchParams({ limit: '500', ...(state ? { state } : {}) });
    return this.service.json(`/v1/applications/${encodeURIComponent(appId)}/deployments?${query}`);
  }

  operate(id: string, operation: Operation, body: Record<string, unknown> = {}): Promise<{ id: string; operation: string; state: string }> {
    return this.service.send('POST', `/v1/deployments/${encodeURIComponent(id)}/${operation}`, body);
  }

  replay(id: string): Promise<{ id: string; replayOf: string }> {
    return this.service.send('POST', `/v1/deployments/${encodeURIComponent(id)}/replay`);
  }

  undeploy(appId: string, stage: string, place: { cluster?: string; namespace?: string }): Promise<AcceptedDeployment> {
    const query = new URLSearchParams(Object.entries(place).filter((e): e is [string, string] => !!e[1]));
    const path = `/v1/applications/${encodeURIComponent(appId)}/instances/${encodeURIComponent(stage)}`;
    return this.service.send('DELETE', `${path}${query.size > 0 ? `?${query}` : ''}`);
  }
}
