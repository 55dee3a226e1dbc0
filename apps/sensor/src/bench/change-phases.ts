import { componentInstanceChangedEvent } from '@appmanager/contracts';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { FleetProbe } from './fleet-probe.js';
import { sleep } from './fleet-probe.js';
import type { SimClient } from './bench-seed.js';

const HINT_SUBJECT = 'deploy.evt.component.applied.v1';

/** One change made on a cluster and, once it came, the event that said so. */
export interface ChangeRecord {
  cluster: string;
  at: number;
  /** The cluster's poll interval and next due poll just before the change, when asked. */
  intervalMs: number | undefined;
  nextPollAt: number | undefined;
  eventAt?: number;
}

/**
 * Changes Deployments on chosen clusters and times each until the first state.evt.component-instance.changed.v1
 * naming that cluster (a core NATS subscription sees what the outbox publishes to JetStream).
 */
export class ChangeTracker {
  private readonly pending = new Map<string, ChangeRecord>();
  readonly done: ChangeRecord[] = [];
  private readonly subscription: Subscription;

  constructor(
    private readonly nats: NatsConnection,
    private readonly sim: SimClient,
    private readonly probe: FleetProbe,
    private readonly tokenOf: (cluster: string) => string,
  ) {
    this.subscription = nats.subscribe(componentInstanceChangedEvent.subject, {
      callback: (_e, msg) => {
        const at = Date.now();
        const cluster = (JSON.parse(msg.string()) as { data?: { cluster?: string } }).data?.cluster;
        const record = cluster === undefined ? undefined : this.pending.get(cluster);
        if (!record || !cluster) return;
        this.pending.delete(cluster);
        record.eventAt = at;
        this.done.push(record);
      },
    });
  }

  get outstanding(): number {
    return this.pending.size;
  }

  /** Announces a change as deploy does when it applies: the owner polls within a second, then at the fast interval. */
  hint(clusters: readonly string[]): void {
    for (const cluster of clusters) this.nats.publish(HINT_SUBJECT, JSON.stringify({ data: { cluster } }));
  }

  async change(cluster: string, replicas: number, askInterval: boolean): Promise<void> {
    const state = askInterval ? await this.probe.sensing(cluster) : undefined;
    const record: ChangeRecord = {
      cluster,
      at: Date.now(),
      intervalMs: state?.intervalMs,
      nextPollAt: state?.nextPollAt ? Date.parse(state.nextPollAt) : undefined,
    };
    this.pending.set(cluster, record);
    await this.sim.scale(cluster, this.tokenOf(cluster), replicas);
  }

  /** Changes `clusters` spread evenly over `spreadMs`, at most `concurrency` at once; asks intervals of the first `asked`. */
  async changeSpread(clusters: readonly string[], spreadMs: number, asked: number, concurrency = 32): Promise<void> {
    const started = Date.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        if (i >= clusters.length) return;
        const dueAt = started + (i * spreadMs) / clusters.length;
        if (dueAt > Date.now()) await sleep(dueAt - Date.now());
        await this.change(clusters[i]!, 2, i < asked).catch((error: unknown) => {
          this.pending.delete(clusters[i]!);
          throw error;
        });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  /** Waits for outstanding events, at most `timeoutMs`; returns how many never came. */
  async settle(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await sleep(200);
    return this.pending.size;
  }

  /** Forgets what did not arrive, so the next phase starts clean. */
  reset(): { missing: number; records: ChangeRecord[] } {
    const missing = this.pending.size;
    this.pending.clear();
    return { missing, records: this.done.splice(0) };
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

/** Per poller: polls so far and CPU ms so far, to diff over a phase. */
export interface PollerSnapshot {
  at: number;
  polls: Map<string, number>;
  cpuMs: Map<string, number>;
}

export async function snapshot(probe: FleetProbe, cpuOf: (pollerId: string) => number): Promise<PollerSnapshot> {
  const reports = await probe.reports();
  return {
    at: Date.now(),
    polls: new Map(reports.map((r) => [r.pollerId, r.polls])),
    cpuMs: new Map(reports.map((r) => [r.pollerId, cpuOf(r.pollerId)])),
  };
}

export interface PhaseRates {
  pollsPerSecond: number;
  polls: number;
  /** All the pollers' CPU over the phase ÷ polls. */
  cpuMsPerPoll: number;
  /** The same less what idle pollers spend in as long (heartbeats, membership, reconcile). */
  netCpuMsPerPoll: number;
}

/** Polls per second and poller CPU ms per poll between two snapshots (pollers present in both). */
export function rates(before: PollerSnapshot, after: PollerSnapshot, idleCpuMsPerSecond: number): PhaseRates {
  let polls = 0;
  let cpu = 0;
  for (const [id, count] of after.polls) {
    const previous = before.polls.get(id);
    if (previous === undefined) continue;
    polls += count - previous;
    cpu += (after.cpuMs.get(id) ?? 0) - (before.cpuMs.get(id) ?? 0);
  }
  const seconds = Math.max(0.001, (after.at - before.at) / 1000);
  return {
    pollsPerSecond: polls / seconds,
    polls,
    cpuMsPerPoll: cpu / Math.max(1, polls),
    netCpuMsPerPoll: (cpu - idleCpuMsPerSecond * seconds) / Math.max(1, polls),
  };
}

/** The worst scheduling-lag p50/p99 any poller reported, sampled every `everyMs` while `during` runs. */
export async function sampleLag<T>(
  probe: FleetProbe,
  everyMs: number,
  during: Promise<T>,
): Promise<{ result: T; p50: number; p99: number }> {
  let p50 = 0;
  let p99 = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      await sleep(everyMs);
      for (const report of await probe.reports()) {
        p50 = Math.max(p50, report.schedulingLagMs.p50 ?? 0);
        p99 = Math.max(p99, report.schedulingLagMs.p99 ?? 0);
      }
    }
  })();
  try {
    return { result: await during, p50, p99 };
  } finally {
    running = false;
    await sampling;
  }
}
