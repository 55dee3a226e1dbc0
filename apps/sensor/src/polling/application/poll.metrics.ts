import type { PollOutcome } from '../domain/adaptive-interval.js';

/** Port: what a poller tells the operators' dashboards about its polls and the clusters it owns. */
export abstract class PollMetrics {
  abstract polled(unit: string, outcome: PollOutcome, seconds: number): void;
  /** Whether the cluster answered its last poll (a throttled answer counts as an answer). */
  abstract connection(clusterId: string, unit: string, reachable: boolean): void;
  /** The poller let the cluster go (another poller owns it now): its series go with it. */
  abstract released(clusterId: string, unit: string): void;
}
