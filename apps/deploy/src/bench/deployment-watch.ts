import { type NatsConnection, type Subscription } from '@nats-io/transport-node';

const finalStates = ['SUCCESS', 'FAILURE', 'WAIT_FOR_OP', 'TERMINATED'];

/** Final states of deployments as `deploy.evt.deployment.state-changed.v1` announces them, by deployment id. */
export class DeploymentWatch {
  private readonly seen = new Map<string, { state: string; reason?: string; at: number }>();
  private readonly waiters = new Map<string, (final: { state: string; reason?: string; at: number }) => void>();
  private readonly subscription: Subscription;

  constructor(client: NatsConnection) {
    this.subscription = client.subscribe('deploy.evt.deployment.state-changed.v1', {
      callback: (error, msg) => {
        if (error) return;
        const { deploymentId, to, reason } = msg.json<{ data: { deploymentId: string; to: string; reason?: string } }>().data;
        if (!finalStates.includes(to)) return;
        const final = { state: to, ...(reason ? { reason } : {}), at: performance.now() };
        const waiter = this.waiters.get(deploymentId);
        if (waiter) waiter(final);
        else this.seen.set(deploymentId, final);
      },
    });
  }

  /** Resolves with the time (performance.now) the deployment reached SUCCESS; rejects naming any other final state. */
  success(deploymentId: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`deployment ${deploymentId} not final within ${timeoutMs} ms`)), timeoutMs);
      const settle = (final: { state: string; reason?: string; at: number }) => {
        clearTimeout(timer);
        this.waiters.delete(deploymentId);
        if (final.state === 'SUCCESS') resolve(final.at);
        else reject(new Error(`deployment ${deploymentId} ended ${final.state}: ${final.reason ?? ''}`));
      };
      const early = this.seen.get(deploymentId);
      if (early) settle(early);
      else this.waiters.set(deploymentId, settle);
    });
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}
